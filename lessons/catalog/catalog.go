// Package catalog holds the texts that explain what the simulator shows: an entry for
// every reason key the engines emit, for every SMTP reply code and enhanced status code,
// and a glossary. The texts live in YAML files beside this one, one per kind and language
// (reasons.en.yaml, codes.de.yaml, glossary.en.yaml, ...), so that a teacher or
// translator edits text, not Go (DESIGN.md, principle 7). go generate checks them
// (package catalogfile: every language must explain the same keys, and an RFC reference
// must read the same in every language) and compiles them into compiled.json, which a
// native program embeds (catalog_embed.go) and reads without parsing YAML; a test fails
// while it is stale. The web page's module does not carry it (catalog_js.go): the page
// fetches the file, under a name with its hash (Hash), and hands it in (Provide)
// before it runs anything that a lookup explains.
package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

//go:generate go run ./internal/gencatalog

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
	loaded   atomic.Pointer[Catalog] // the catalog decoded, embedded or provided
	loadOnce sync.Once
	loadErr  error
)

// ErrNotProvided is Load's error in the web page before the page handed in the
// catalog's file (Provide).
var ErrNotProvided = errors.New("the catalog was not provided yet")

// Load decodes the compiled catalog, once: the embedded one, or in the page the one
// provided. The accessors call it themselves and find nothing when it fails, so a
// program that wants to fail loudly calls Load at start-up; a test makes sure it
// succeeds for the files as shipped.
func Load() error {
	if loaded.Load() != nil {
		return nil
	}
	if compiled == nil {
		return ErrNotProvided
	}
	loadOnce.Do(func() {
		var c *Catalog
		if c, loadErr = decode(compiled); loadErr == nil {
			loaded.CompareAndSwap(nil, c)
		}
	})
	if loaded.Load() != nil {
		return nil
	}
	return loadErr
}

// Provide hands in the compiled catalog (the content of compiled.json) that the page
// fetched; the lookups read it from now on. A file that does not decode, or is not the
// catalog, is an error and is not kept.
func Provide(data []byte) error {
	c, err := decode(data)
	if err != nil {
		return err
	}
	loaded.Store(c)
	return nil
}

// decode reads a compiled catalog and checks that it is one: some JSON decodes into a
// Catalog without being one (any other object does), so every language it lists must
// explain reasons and codes.
func decode(data []byte) (*Catalog, error) {
	var c Catalog
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("compiled catalog: %w", err)
	}
	if len(c.Langs) == 0 {
		return nil, errors.New("compiled catalog: no language")
	}
	for _, lang := range c.Langs {
		if len(c.Reasons[lang]) == 0 || len(c.Codes[lang]) == 0 {
			return nil, fmt.Errorf("compiled catalog: no reasons or codes in %q", lang)
		}
	}
	return &c, nil
}

// current is the catalog to look up in, nil when there is none: then the lookup finds
// nothing, and in the page says so on the console (missing), as an explanation would
// go silently missing.
func current() *Catalog {
	if Load() != nil {
		missing()
		return nil
	}
	return loaded.Load()
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
