// Package catalog holds the texts that explain what the simulator shows: an entry for
// every reason key the engines emit, for every SMTP reply code and enhanced status code,
// and a glossary. The texts live in YAML files beside this one, one per kind and language
// (reasons.en.yaml, codes.de.yaml, glossary.en.yaml, ...), so that a teacher or
// translator edits text, not Go (DESIGN.md, principle 7). go generate checks them
// (package catalogfile: every language must explain the same keys, and an RFC reference
// must read the same in every language) and compiles them into compiled.json, which the
// program embeds and reads without parsing YAML; a test fails while it is stale.
package catalog

import (
	_ "embed"
	"encoding/json"
	"slices"
	"sync"
)

//go:generate go run ./internal/gencatalog

//go:embed compiled.json
var compiled []byte

// Entry explains one reason key or one code.
type Entry struct {
	Title string // a short name in plain words, for a list or a badge
	Text  string // one to three sentences for a learner
	RFC   string // where the standard says so, e.g. "RFC 5321 §4.1.1.3"; the same in every language
}

// Term is one glossary entry.
type Term struct {
	Key   string // stable id, the same in every language, e.g. "mx" or "dot-stuffing"
	Term  string // the term as displayed, e.g. "MX" or "Umschlag (Envelope)"
	Short string // one line, for a tooltip
	Text  string // two to four sentences
}

var (
	loadOnce sync.Once
	loaded   *Catalog
	loadErr  error
)

// Load decodes the compiled catalog, once. The accessors call it themselves and find
// nothing when it fails, so a program that wants to fail loudly calls Load at start-up;
// a test makes sure it succeeds for the files as shipped.
func Load() error {
	loadOnce.Do(func() {
		loaded = &Catalog{}
		if loadErr = json.Unmarshal(compiled, loaded); loadErr != nil {
			loaded = nil
		}
	})
	return loadErr
}

func current() *Catalog {
	if Load() != nil {
		return nil
	}
	return loaded
}

// Reason explains a reason key, such as "rcpt.unknown-user", in language lang.
func Reason(lang, key string) (Entry, bool) {
	c := current()
	if c == nil {
		return Entry{}, false
	}
	e, ok := c.Reasons[lang][key]
	return e, ok
}

// Code explains a reply code such as "550" or an enhanced status code such as "5.1.1",
// in language lang.
func Code(lang, code string) (Entry, bool) {
	c := current()
	if c == nil {
		return Entry{}, false
	}
	e, ok := c.Codes[lang][code]
	return e, ok
}

// Glossary returns the glossary of language lang, sorted by term as a dictionary would
// (case and German umlauts folded: "Übergabe" sorts with "U"); nil for an unknown
// language. The slice is the caller's own.
func Glossary(lang string) []Term {
	c := current()
	if c == nil {
		return nil
	}
	return slices.Clone(c.Glossary[lang])
}

// Languages lists the languages of the catalog, sorted: "de", "en".
func Languages() []string {
	c := current()
	if c == nil {
		return nil
	}
	return slices.Clone(c.Langs)
}

// Catalog is the content of one set of files, as compiled.
type Catalog struct {
	Langs    []string
	Reasons  map[string]map[string]Entry // language → reason key → entry
	Codes    map[string]map[string]Entry // language → reply code or status code → entry
	Glossary map[string][]Term           // language → terms, sorted
}
