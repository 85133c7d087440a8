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

// The file holds each book's templates in the file's language (phrasebooks' order),
// in the order of the book's English keys, each ended by a NUL: no keys, as the page
// has the English ones and each language has the same (PhrasesText checks), which
// makes the file a quarter of its size with Brotli smaller (9.4 kB, not 12.3). Not
// JSON: a German page reads the file before its first picture, and encoding/json took
// 70 to 100 ms of it in the browser (BenchmarkColdLoadGerman, its bound mark); taking
// in the templates cut at their NULs takes 14 to 21 (its words mark). No template
// holds a NUL or is empty.

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
	return lang == "en" || !slices.ContainsFunc(phrasebooks(), func(b namedBook) bool { return !b.book.Has(lang) })
}

// PhrasesIn is what the page needs to be shown in lang: the file of its words in lang
// if it lacks them, else nothing (and nothing for no language, "").
func PhrasesIn(lang string) []string {
	if lang == "" || HavePhrases(lang) {
		return nil
	}
	return []string{PhrasesFile(lang)}
}

// PhrasesText is the content of PhrasesFile(lang). Only a program that compiles lang in
// can write it (make wasm does).
func PhrasesText(lang string) ([]byte, error) {
	if !HavePhrases(lang) {
		return nil, fmt.Errorf("no words in %q", lang)
	}
	var out bytes.Buffer
	for _, b := range phrasebooks() {
		if !slices.Equal(b.book.Keys(lang), b.book.Keys("en")) {
			return nil, fmt.Errorf("the book %s has other keys in %q than in English", b.name, lang)
		}
		for _, key := range b.book.Keys("en") {
			template, _ := b.book.Template(lang, key)
			if template == "" || strings.Contains(template, "\x00") {
				return nil, fmt.Errorf("the book %s, key %q: the template %q is empty or holds a NUL", b.name, key, template)
			}
			out.WriteString(template)
			out.WriteByte(0)
		}
	}
	return out.Bytes(), nil
}

// providePhrases hands in the file of the page's words in lang that the page fetched;
// a file that is not one (not UTF-8, not a template for each English key) is an error
// and nothing of it is kept.
func providePhrases(lang string, data []byte) error {
	if !utf8.Valid(data) {
		return errors.New("not UTF-8")
	}
	templates := strings.Split(string(data), "\x00")
	books := phrasebooks()
	keys := make([][]string, len(books))
	n := 0
	for i, b := range books {
		keys[i] = b.book.Keys("en")
		n += len(keys[i])
	}
	if len(templates) != n+1 || templates[n] != "" {
		return fmt.Errorf("%d templates, not %d", len(templates)-1, n)
	}
	for i, b := range books {
		words := make(map[string]string, len(keys[i]))
		for _, key := range keys[i] {
			words[key], templates = templates[0], templates[1:]
		}
		b.book.Provide(lang, words)
	}
	return nil
}
