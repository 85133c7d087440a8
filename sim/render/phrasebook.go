package render

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
)

//go:generate go run smtpsim/cmd/genphrases words render

// phrases are the words of a rendered run: events, outcomes, reply classes, models,
// the transcript's and the diagram's own lines (words.LANG.yaml, compiled into
// words_gen.go, so that a page saying a word parses no YAML).
var phrases = CompiledPhrasebook(wordsPhrases, nil)

// Phrases is the phrasebook of a rendered run (words.LANG.yaml), for a program that
// adds its own words in front of it.
func Phrases() *Phrasebook { return phrases }

// Say returns the words of a rendered run for key in lang, formatted with args.
//
// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func Say(lang, key string, args ...any) string { return phrases.Say(lang, key, args...) }

// Phrasebook is text templates by language and key, read from one flat YAML file per
// language (NAME.en.yaml, NAME.de.yaml: "key: template"), so that a translator edits
// text, not Go (DESIGN.md, principle 7). A book may stand in front of another: what it
// lacks, the other says.
type Phrasebook struct {
	read     func() (map[string]map[string]string, error) // nil: compiled
	fallback *Phrasebook

	once    sync.Once
	phrases atomic.Pointer[map[string]map[string]string] // language → key → template
	err     error
}

// ReadPhrasebook makes a book of what read returns — templates by language and key —,
// read when first used; fallback (or nil) answers for keys the book does not have.
// Package phrasefile reads the YAML files of a book with it.
func ReadPhrasebook(read func() (map[string]map[string]string, error), fallback *Phrasebook) *Phrasebook {
	return &Phrasebook{read: read, fallback: fallback}
}

// CompiledPhrasebook is a book whose files were read at build time: go generate writes
// them as a Go map with phrasefile.Sources (NAME_gen.go beside the files), so that the
// book parses nothing when used; fallback (or nil) answers for keys it does not have.
func CompiledPhrasebook(phrases map[string]map[string]string, fallback *Phrasebook) *Phrasebook {
	b := &Phrasebook{fallback: fallback}
	b.phrases.Store(&phrases)
	return b
}

// Provide adds the templates of a language to the book, or replaces them: the page
// fetches a language other than English when it is shown in it. A book being read
// meanwhile sees the language whole or not at all; one Provide at a time (the page's
// UI goroutine).
func (b *Phrasebook) Provide(lang string, templates map[string]string) {
	_ = b.Load()
	next := map[string]map[string]string{lang: templates}
	for l, t := range b.book() {
		if l != lang {
			next[l] = t
		}
	}
	b.phrases.Store(&next)
}

// Has reports whether the book itself (not the books behind it) has templates in lang.
func (b *Phrasebook) Has(lang string) bool {
	_ = b.Load()
	return len(b.book()[lang]) > 0
}

// Template is the book's own template for key in lang (not English's, not the books'
// behind it); ok is false when it has none.
func (b *Phrasebook) Template(lang, key string) (template string, ok bool) {
	_ = b.Load()
	template, ok = b.book()[lang][key]
	return template, ok
}

// book is the templates by language and key, nil before a book that reads its files
// has read them.
func (b *Phrasebook) book() map[string]map[string]string {
	if p := b.phrases.Load(); p != nil {
		return *p
	}
	return nil
}

// Load reads the book and the books behind it; a test makes sure it works.
func (b *Phrasebook) Load() error {
	b.once.Do(func() {
		if b.read != nil {
			var phrases map[string]map[string]string
			if phrases, b.err = b.read(); b.err == nil {
				b.phrases.Store(&phrases)
			}
		}
	})
	if b.err == nil && b.fallback != nil {
		return b.fallback.Load()
	}
	return b.err
}

// Say returns the template for key in lang, formatted with args: English when the
// language lacks it, the fallback book's when this book has no such key, and the key
// itself when nobody has it.
func (b *Phrasebook) Say(lang, key string, args ...any) string {
	s, ok := b.template(lang, key)
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func (b *Phrasebook) template(lang, key string) (string, bool) {
	_ = b.Load()
	book := b.book()
	if s, ok := book[lang][key]; ok {
		return s, true
	}
	if s, ok := book["en"][key]; ok {
		return s, true
	}
	if b.fallback != nil {
		return b.fallback.template(lang, key)
	}
	return "", false
}

// Keys lists the keys of a language in this book (not the books behind it), sorted.
func (b *Phrasebook) Keys(lang string) []string {
	_ = b.Load()
	return slices.Sorted(maps.Keys(b.book()[lang]))
}
