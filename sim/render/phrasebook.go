package render

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed words.*.yaml
var wordFiles embed.FS

// phrases are the words of a rendered run: events, outcomes, reply classes, models,
// the transcript's and the diagram's own lines.
var phrases = NewPhrasebook(wordFiles, "words", nil)

// Phrases is the phrasebook of a rendered run (words.LANG.yaml), for a program that
// adds its own words in front of it.
func Phrases() *Phrasebook { return phrases }

// Say returns the words of a rendered run for key in lang, formatted with args.
func Say(lang, key string, args ...any) string { return phrases.Say(lang, key, args...) }

// Phrasebook is text templates by language and key, read from one flat YAML file per
// language (NAME.en.yaml, NAME.de.yaml: "key: template"), so that a translator edits
// text, not Go (DESIGN.md, principle 7). A book may stand in front of another: what it
// lacks, the other says.
type Phrasebook struct {
	files    fs.FS
	name     string
	fallback *Phrasebook

	once    sync.Once
	phrases map[string]map[string]string // language → key → template
	err     error
}

// NewPhrasebook makes a book of the files NAME.*.yaml in files, one per language,
// read when first used; fallback (or nil) answers for keys the book does not have.
func NewPhrasebook(files fs.FS, name string, fallback *Phrasebook) *Phrasebook {
	return &Phrasebook{files: files, name: name, fallback: fallback}
}

// Load reads the book and the books behind it; a test makes sure it works.
func (b *Phrasebook) Load() error {
	b.once.Do(func() {
		b.phrases = map[string]map[string]string{}
		names, err := fs.Glob(b.files, b.name+".*.yaml")
		if err != nil {
			b.err = err
			return
		}
		for _, name := range names {
			src, err := fs.ReadFile(b.files, name)
			if err != nil {
				b.err = err
				return
			}
			m := map[string]string{}
			if err := yaml.Unmarshal(src, &m); err != nil {
				b.err = fmt.Errorf("%s: %w", name, err)
				return
			}
			lang := strings.TrimSuffix(strings.TrimPrefix(name, b.name+"."), ".yaml")
			b.phrases[lang] = m
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
	if s, ok := b.phrases[lang][key]; ok {
		return s, true
	}
	if s, ok := b.phrases["en"][key]; ok {
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
	return slices.Sorted(maps.Keys(b.phrases[lang]))
}
