package view

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"smtpsim/lessons/narrate"
	"smtpsim/sim/render"
)

// The page's words in a language other than English come in a file of their own:
// its module carries English only (phrasefile.Sources), and fetches another
// language's file when it is shown in that language — at start-up (the loader has it
// on its way beside the module) or when the learner or a link switches to it.

// phrases are the books of the page's words as PhrasesFile holds them: its own words,
// a run's narration and a rendered run's.
type phrases struct {
	UI      map[string]string `json:"ui"`
	Narrate map[string]string `json:"narrate"`
	Words   map[string]string `json:"words"`
}

// PhrasesFile is the name of the file with the page's words in lang
// ("phrases.de.json"), "" for English, which the module carries. The loader
// (web/loader.js) knows where the site serves it.
func PhrasesFile(lang string) string {
	if lang == "en" {
		return ""
	}
	return "phrases." + lang + ".json"
}

// PhrasesLang is the language of the file of the page's words that name names, ok
// false when name names none.
func PhrasesLang(name string) (lang string, ok bool) {
	lang, ok = strings.CutPrefix(name, "phrases.")
	lang, json := strings.CutSuffix(lang, ".json")
	return lang, ok && json
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

// PhrasesJSON is the content of PhrasesFile(lang): each book's words in lang, by the
// book's name. Only a program that compiles lang in can write it (make wasm does).
func PhrasesJSON(lang string) ([]byte, error) {
	if !HavePhrases(lang) {
		return nil, fmt.Errorf("no words in %q", lang)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // the words as they are written: "<" in a template is text
	err := enc.Encode(phrases{UI: ui.Words(lang), Narrate: narrate.Phrases().Words(lang), Words: render.Phrases().Words(lang)})
	return out.Bytes(), err
}

// providePhrases hands in the file of the page's words in lang that the page fetched;
// a file that is not one (not JSON, a book missing or empty) is an error and nothing
// of it is kept.
func providePhrases(lang string, data []byte) error {
	var p phrases
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	if len(p.UI) == 0 || len(p.Narrate) == 0 || len(p.Words) == 0 {
		return errors.New("a book of words is missing")
	}
	ui.Provide(lang, p.UI)
	narrate.Phrases().Provide(lang, p.Narrate)
	render.Phrases().Provide(lang, p.Words)
	return nil
}
