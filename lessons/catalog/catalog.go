// Package catalog holds the texts that explain what the simulator shows: an entry for
// every reason key the engines emit, for every SMTP reply code and enhanced status code,
// and a glossary. The texts live in YAML files beside this one, one per kind and language
// (reasons.en.yaml, codes.de.yaml, glossary.en.yaml, ...), so that a teacher or
// translator edits text, not Go (DESIGN.md, principle 7). go generate checks them
// (package catalogfile: every language must explain the same keys, and an RFC reference
// must read the same in every language) and compiles them into compiled.json, which a
// native program embeds (catalog_embed.go) and reads without parsing YAML; a test fails
// while it is stale. The web page's module does not carry it (catalog_js.go): go
// generate also writes each language's part alone (compiled.en.json, compiled.de.json),
// and the page fetches the part of its language, under a name with its hash (Hash),
// and hands it in (Provide) before it runs anything that a lookup explains — the other
// part only when the learner switches to that language.
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
	loaded   atomic.Pointer[Catalog] // the embedded catalog, decoded
	loadOnce sync.Once
	loadErr  error
	parts    sync.Map // language → *Catalog: the parts provided in the page (Provide)
)

// ErrNotProvided is Load's error in the web page before the page handed in a part
// of the catalog (Provide).
var ErrNotProvided = errors.New("the catalog was not provided yet")

// Load decodes the compiled catalog, once: the embedded one; in the page it succeeds
// once a part was provided. The accessors call it themselves and find nothing when it
// fails, so a program that wants to fail loudly calls Load at start-up; a test makes
// sure it succeeds for the files as shipped.
func Load() error {
	if loaded.Load() != nil {
		return nil
	}
	if compiled == nil {
		if len(provided()) > 0 {
			return nil
		}
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

// Provide hands in a language's part of the compiled catalog (the content of
// compiled.LANG.json) that the page fetched; the lookups in lang read it from now on.
// A file that does not decode, or is not that part, is an error and is not kept.
func Provide(lang string, data []byte) error {
	c, err := decode(data)
	if err != nil {
		return err
	}
	if len(c.Langs) != 1 || c.Langs[0] != lang {
		return fmt.Errorf("compiled catalog: languages %q, not %q alone", c.Langs, lang)
	}
	parts.Store(lang, c)
	return nil
}

// provided lists the languages whose part was provided, sorted.
func provided() []string {
	var langs []string
	parts.Range(func(lang, _ any) bool {
		langs = append(langs, lang.(string))
		return true
	})
	slices.Sort(langs)
	return langs
}

// of is the catalog that explains in lang: its part provided, or the embedded one;
// nil when there is none.
func of(lang string) *Catalog {
	if c, ok := parts.Load(lang); ok {
		return c.(*Catalog)
	}
	if Load() == nil {
		if c := loaded.Load(); c != nil && slices.Contains(c.Langs, lang) {
			return c
		}
	}
	return nil
}

// Has reports whether the catalog explains in lang now: embedded, or its part provided.
func Has(lang string) bool { return of(lang) != nil }

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

// current is the catalog to look up in lang, nil when there is none or it lacks the
// language: then the lookup finds nothing, and in the page, where only the parts
// fetched are there, says so on the console (missing), as an explanation would go
// silently missing.
func current(lang string) *Catalog {
	c := of(lang)
	if c == nil {
		missing()
	}
	return c
}

// Reason explains a reason key, such as "rcpt.unknown-user", in language lang.
func Reason(lang, key string) (Entry, bool) {
	c := current(lang)
	if c == nil {
		return Entry{}, false
	}
	e, ok := c.Reasons[lang][key]
	return e, ok
}

// Code explains a reply code such as "550" or an enhanced status code such as "5.1.1",
// in language lang.
func Code(lang, code string) (Entry, bool) {
	c := current(lang)
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
	c := current(lang)
	if c == nil {
		return nil
	}
	return slices.Clone(c.Glossary[lang])
}

// Languages lists the languages of the catalog, sorted: "de", "en"; in the page, those
// whose part was provided.
func Languages() []string {
	langs := provided()
	if Load() == nil && loaded.Load() != nil {
		langs = append(langs, loaded.Load().Langs...)
		slices.Sort(langs)
		langs = slices.Compact(langs)
	}
	return langs
}

// Hash is the first 12 hex digits of the SHA-256 of lang's part of the catalog
// (compiled.LANG.json, hash_gen.go), as the built site names the file
// (lessons.SitePath); ok is false for a language the catalog lacks.
func Hash(lang string) (hash string, ok bool) {
	for _, h := range hashes {
		if h.lang == lang {
			return h.hash, true
		}
	}
	return "", false
}

// PartFile is the name of lang's part of the catalog beside this file:
// "compiled.en.json".
func PartFile(lang string) string { return "compiled." + lang + ".json" }

// Catalog is the content of one set of files, as compiled.
type Catalog struct {
	Langs    []string
	Reasons  map[string]map[string]Entry // language → reason key → entry
	Codes    map[string]map[string]Entry // language → reply code or status code → entry
	Glossary map[string][]Term           // language → terms, sorted
}
