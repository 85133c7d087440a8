package view

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"smtpsim/lessons/narrate"
	"smtpsim/sim/render"
)

// The page's words in a language other than English come in a file of their own:
// its module carries English only (phrasefile.Sources), and fetches another
// language's file when it is shown in that language — at start-up (the loader has it
// on its way beside the module) or when the learner or a link switches to it.

// The file holds records of three fields, each field ended by a NUL: a book's name
// (phrasebooks), a key, and the key's template in the file's language. Not JSON: a
// German page reads the file before its first picture, and encoding/json took 70 to
// 100 ms of it in the browser (BenchmarkColdLoadGerman, its bound mark), cutting the
// text at its NULs takes a few. No template or key holds a NUL (PhrasesText checks).

// phrasebooks are the books of the page's words by their names in the file: its own
// words, a run's narration and a rendered run's.
func phrasebooks() []namedBook {
	return []namedBook{{"narrate", narrate.Phrases()}, {"ui", ui}, {"words", render.Phrases()}}
}

// namedBook is a book of the page's words and its name in the file.
type namedBook struct {
	name string
	book *render.Phrasebook
}

// PhrasesFile is the name of the file with the page's words in lang
// ("phrases.de.txt"), "" for English, which the module carries. The loader
// (web/loader.js) knows where the site serves it.
func PhrasesFile(lang string) string {
	if lang == "en" {
		return ""
	}
	return "phrases." + lang + ".txt"
}

// PhrasesLang is the language of the file of the page's words that name names, ok
// false when name names none.
func PhrasesLang(name string) (lang string, ok bool) {
	lang, ok = strings.CutPrefix(name, "phrases.")
	lang, txt := strings.CutSuffix(lang, ".txt")
	return lang, ok && txt
}

// HavePhrases reports whether the page can speak lang now: English always; another
// language once its file came (in the page) or always (in a program that compiles
// every language in).
func HavePhrases(lang string) bool {
	return lang == "en" || ui.Has(lang) && narrate.Phrases().Has(lang) && render.Phrases().Has(lang)
}

// PhrasesIn is what the page needs to be shown in lang: the file of its words in lang
// if it lacks them, else nothing (and nothing for no language, "").
func PhrasesIn(lang string) []string {
	if lang == "" || HavePhrases(lang) {
		return nil
	}
	return []string{PhrasesFile(lang)}
}

// PhrasesText is the content of PhrasesFile(lang): each book's words in lang, book by
// book, key by key, sorted. Only a program that compiles lang in can write it (make
// wasm does).
func PhrasesText(lang string) ([]byte, error) {
	if !HavePhrases(lang) {
		return nil, fmt.Errorf("no words in %q", lang)
	}
	var out bytes.Buffer
	for _, b := range phrasebooks() {
		for _, key := range b.book.Keys(lang) {
			template, _ := b.book.Template(lang, key)
			for _, field := range []string{b.name, key, template} {
				if strings.Contains(field, "\x00") {
					return nil, fmt.Errorf("the book %s, key %q: a NUL in %q", b.name, key, field)
				}
				out.WriteString(field)
				out.WriteByte(0)
			}
		}
	}
	return out.Bytes(), nil
}

// providePhrases hands in the file of the page's words in lang that the page fetched;
// a file that is not one (not UTF-8, not whole records, an unknown book, a book
// missing) is an error and nothing of it is kept.
func providePhrases(lang string, data []byte) error {
	if !utf8.Valid(data) {
		return errors.New("not UTF-8")
	}
	fields := strings.Split(string(data), "\x00")
	if len(fields)%3 != 1 || fields[len(fields)-1] != "" {
		return errors.New("not whole records")
	}
	books := phrasebooks()
	words := make([]map[string]string, len(books))
	for i := 0; i+2 < len(fields); i += 3 {
		b := slices.IndexFunc(books, func(b namedBook) bool { return b.name == fields[i] })
		if b < 0 {
			return fmt.Errorf("no book %q", fields[i])
		}
		if words[b] == nil {
			words[b] = map[string]string{}
		}
		words[b][fields[i+1]] = fields[i+2]
	}
	for i, w := range words {
		if w == nil {
			return fmt.Errorf("no words of the book %s", books[i].name)
		}
	}
	for i, b := range books {
		b.book.Provide(lang, words[i])
	}
	return nil
}
