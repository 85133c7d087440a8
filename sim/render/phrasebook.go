package render

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

//go:generate go run smtpsim/cmd/genphrases words render

// phrases are the words of a rendered run: events, outcomes, reply classes, models,
// the transcript's and the diagram's own lines (words.LANG.yaml, compiled into
// words_gen.go, so that a page saying a word parses no YAML).
var phrases = CompiledPhrasebook(wordsEnglish, wordsPhrases, nil)

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
	english  [][2]string                                  // a compiled book's English: key and template, sorted by key
	fallback *Phrasebook

	once sync.Once
	// phrases are the templates by language and key: a compiled book's other
	// languages, or every language of a book read from its files.
	phrases atomic.Pointer[map[string]map[string]string]
	err     error
}

// ReadPhrasebook makes a book of what read returns — templates by language and key —,
// read when first used; fallback (or nil) answers for keys the book does not have.
// Package phrasefile reads the YAML files of a book with it.
func ReadPhrasebook(read func() (map[string]map[string]string, error), fallback *Phrasebook) *Phrasebook {
	return &Phrasebook{read: read, fallback: fallback}
}

// CompiledPhrasebook is a book whose files were read at build time: go generate writes
// them as Go with phrasefile.Sources (NAME_gen.go beside the files), so that the book
// parses nothing when used. English comes as pairs of key and template sorted by key,
// found by a binary search (so they must be in that order): a page that starts builds
// no map of its words. The other languages come by language and key; fallback (or
// nil) answers for keys the book does not have.
func CompiledPhrasebook(english [][2]string, others map[string]map[string]string, fallback *Phrasebook) *Phrasebook {
	b := &Phrasebook{english: english, fallback: fallback}
	b.phrases.Store(&others)
	return b
}

// Provide adds the templates of a language to the book, or replaces them: the page
// fetches a language other than English when it is shown in it (a compiled book's
// English stays as compiled). A book being read meanwhile sees the language whole or
// not at all; one Provide at a time (the page's UI goroutine).
func (b *Phrasebook) Provide(lang string, templates map[string]string) {
	_ = b.Load()
	if lang == "en" && b.english != nil {
		return // what it would add, the compiled English answers first
	}
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
	return lang == "en" && b.english != nil || len(b.book()[lang]) > 0
}

// Template is the book's own template for key in lang (not English's, not the books'
// behind it); ok is false when it has none.
func (b *Phrasebook) Template(lang, key string) (template string, ok bool) {
	_ = b.Load()
	return b.own(lang, key)
}

// own is the book's own template for key in lang, the book loaded.
func (b *Phrasebook) own(lang, key string) (string, bool) {
	if lang == "en" && b.english != nil {
		i, ok := sort.Find(len(b.english), func(i int) int { return strings.Compare(key, b.english[i][0]) })
		if !ok {
			return "", false
		}
		return b.english[i][1], true
	}
	s, ok := b.book()[lang][key]
	return s, ok
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
		return format(s, args)
	}
	return s
}

// format is fmt.Sprintf(template, args...). The page's own words take plain %s and %d
// verbs, and a rendered run's mostly %[n]s and %[n]d, with strings and ints, which it
// fills in itself: the start page then runs no fmt, whose code the browser would
// compile before the lesson list shows, and a step says its words without it.
func format(template string, args []any) string {
	if s, ok := substitute(template, args); ok {
		return s
	}
	return fmt.Sprintf(template, args...)
}

// substitute fills in template as fmt.Sprintf does when its verbs are only %s with a
// string, %d with an int and %%, each with or without an argument index (%[2]s); ok
// is false for anything else (another verb, flags or a width, another type, an index
// out of range, a verb without its argument, an argument left over without an index
// in the template), which fmt then formats.
func substitute(template string, args []any) (string, bool) {
	b := make([]byte, 0, len(template)+16*len(args))
	n := 0             // the next argument
	reordered := false // an index was given: fmt reports no argument left over
	for {
		i := strings.IndexByte(template, '%')
		if i < 0 || i+1 == len(template) {
			break
		}
		b = append(b, template[:i]...)
		template = template[i+1:]
		if template[0] == '%' {
			b = append(b, '%')
			template = template[1:]
			continue
		}
		if template[0] == '[' {
			end := strings.IndexByte(template, ']')
			index, err := strconv.Atoi(template[1:max(end, 1)])
			if end < 0 || err != nil || index < 1 || index > len(args) || template[1] == '+' || template[1] == '-' {
				return "", false
			}
			n, reordered = index-1, true
			template = template[end+1:]
			if template == "" {
				return "", false
			}
		}
		verb := template[0]
		template = template[1:]
		if n == len(args) {
			return "", false
		}
		switch v := args[n].(type) {
		case string:
			if verb != 's' {
				return "", false
			}
			b = append(b, v...)
		case int:
			if verb != 'd' {
				return "", false
			}
			b = strconv.AppendInt(b, int64(v), 10)
		default:
			return "", false
		}
		n++
	}
	if !reordered && n != len(args) || strings.HasSuffix(template, "%") {
		return "", false
	}
	return string(append(b, template...)), true
}

func (b *Phrasebook) template(lang, key string) (string, bool) {
	_ = b.Load()
	if s, ok := b.own(lang, key); ok {
		return s, true
	}
	if lang != "en" {
		if s, ok := b.own("en", key); ok {
			return s, true
		}
	}
	if b.fallback != nil {
		return b.fallback.template(lang, key)
	}
	return "", false
}

// Keys lists the keys of a language in this book (not the books behind it), sorted.
func (b *Phrasebook) Keys(lang string) []string {
	_ = b.Load()
	if lang == "en" && b.english != nil {
		keys := make([]string, len(b.english))
		for i, e := range b.english {
			keys[i] = e[0] // sorted already
		}
		return keys
	}
	return slices.Sorted(maps.Keys(b.book()[lang]))
}
