// Package catalogfile reads and checks the catalog's YAML files (lessons/catalog:
// reasons, codes and glossary, one file per kind and language) and compiles them for
// package catalog, which the page reads without parsing YAML: every language must
// explain the same keys, and an RFC reference must read the same in every language.
package catalogfile

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"smtpsim/lessons/catalog"
	"smtpsim/sim/yamlfile"
)

// refLang is the language the others are compared with.
const refLang = "en"

// The three kinds of file, by the first part of the file name.
const (
	kindReasons  = "reasons"
	kindCodes    = "codes"
	kindGlossary = "glossary"
)

var kinds = []string{kindCodes, kindGlossary, kindReasons}

// What the YAML files hold. A key a struct lacks is an error, so a misspelt "titel"
// is reported instead of making an entry without a title.
type (
	entryFile struct {
		Title string `yaml:"title"`
		Text  string `yaml:"text"`
		RFC   string `yaml:"rfc"`
	}
	codesFile struct {
		Replies  yamlfile.Map[entryFile] `yaml:"replies" want:"a mapping of reply codes to entries"`
		Statuses yamlfile.Map[entryFile] `yaml:"statuses" want:"a mapping of status codes to entries"`
	}
	termFile struct {
		Term  string `yaml:"term"`
		Short string `yaml:"short"`
		Text  string `yaml:"text"`
	}
)

// format is how the catalog files read; the messages about unknown and repeated keys
// are worded as the translators know them.
var format = yamlfile.Format{
	Words: yamlfile.Words{
		Unknown: func(key string, keys []string) yamlfile.Phrase {
			return yamlfile.P("unknown field %q (expected %s)", key, strings.Join(keys, ", "))
		},
		Twice: func(key string, first yamlfile.Pos) yamlfile.Phrase {
			return yamlfile.P("mapping key %q already defined at line %d", key, first.Line)
		},
	},
	NullIsEmpty: true,
}

var (
	fileName  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([a-z]+)\.([a-z]{2,3})\.yaml$`) })
	reasonKey = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$`)
	})
	replyKey  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[2-5][0-9][0-9]$`) })
	statusKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[245]\.[0-9]{1,3}\.[0-9]{1,3}$`) })
	termKey   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`) })
)

// file is one decoded file: its entries by section ("" for a file without sections),
// and where each key stands.
type file struct {
	name     string // as shown in messages, with dir
	root     yamlfile.Pos
	at       *yamlfile.Places
	sections map[string]*yamlfile.Map[entryFile] // section → entries
	terms    yamlfile.Map[termFile]
}

// Parse reads every catalog file in the root of fsys and checks them; dir prefixes
// file names in messages. The error lists every problem found, one per line, as
// FILE:LINE:COL: what is wrong (with the expectation in parentheses), or FILE: what is
// wrong, for a file as a whole.
func Parse(fsys fs.FS, dir string) (*catalog.Catalog, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	var p yamlfile.Problems                 // every mistake at once, for the translator
	byLang := map[string]map[string]*file{} // language → kind → file, nil when unreadable
	for _, name := range names {
		shown := path.Join(dir, name)
		m := fileName().FindStringSubmatch(name)
		if m == nil || !slices.Contains(kinds, m[1]) {
			p.Add(shown, yamlfile.Pos{}, "unexpected file name (expected KIND.LANG.yaml with KIND one of %s)", strings.Join(kinds, ", "))
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if byLang[m[2]] == nil {
			byLang[m[2]] = map[string]*file{}
		}
		byLang[m[2]][m[1]] = decode(shown, m[1], src, &p)
	}
	langs := make([]string, 0, len(byLang))
	for lang := range byLang {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	if byLang[refLang] == nil {
		p.Add(path.Join(dir, "reasons."+refLang+".yaml"), yamlfile.Pos{}, "missing (the %q files are the reference for the other languages)", refLang)
	}
	for _, lang := range langs {
		for _, kind := range kinds {
			if _, ok := byLang[lang][kind]; !ok {
				p.Add(path.Join(dir, kind+"."+lang+".yaml"), yamlfile.Pos{}, "missing (every language needs %s files)", strings.Join(kinds, ", "))
			}
		}
	}
	// Compare what could be read, so that one mistake does not hide the others.
	for _, lang := range langs {
		if lang == refLang {
			continue
		}
		for _, kind := range kinds {
			if ref, tr := byLang[refLang][kind], byLang[lang][kind]; ref != nil && tr != nil {
				compare(ref, tr, &p)
			}
		}
	}
	if len(p) > 0 {
		return nil, p
	}

	c := &catalog.Catalog{
		Langs:    langs,
		Reasons:  map[string]map[string]catalog.Entry{},
		Codes:    map[string]map[string]catalog.Entry{},
		Glossary: map[string][]catalog.Term{},
	}
	for _, lang := range langs {
		codes := byLang[lang][kindCodes].sections
		c.Reasons[lang] = entries(*byLang[lang][kindReasons].sections[""])
		c.Codes[lang] = entries(*codes["replies"])
		for k, e := range entries(*codes["statuses"]) {
			c.Codes[lang][k] = e
		}
		var terms []catalog.Term
		for _, t := range byLang[lang][kindGlossary].terms {
			terms = append(terms, catalog.Term{Key: t.Key, Term: clean(t.Value.Term), Short: clean(t.Value.Short), Text: clean(t.Value.Text)})
		}
		slices.SortFunc(terms, compareTerms)
		c.Glossary[lang] = terms
	}
	return c, nil
}

// decode parses one file strictly and checks its keys and fields. It returns nil when
// the file cannot be read as a catalog file at all; a file with empty fields or bad keys
// is returned too, with the problems added to p, so that it can still be compared.
func decode(name, kind string, src []byte, p *yamlfile.Problems) *file {
	docs, err := yamlfile.Read(name, src, 1)
	if len(docs) == 0 && err != nil {
		addSyntaxError(p, name, err)
		return nil
	}
	if len(docs) == 0 || !docs[0].Root.IsMapping() {
		var at yamlfile.Pos
		if len(docs) > 0 {
			at = docs[0].Pos
		}
		p.Add(name, at, "expected a mapping of keys to entries")
		return nil
	}
	f := &file{name: name, root: docs[0].Root.Pos(), sections: map[string]*yamlfile.Map[entryFile]{}}
	var found yamlfile.Problems
	switch kind {
	case kindReasons:
		var v yamlfile.Map[entryFile]
		found, f.at = docs[0].Root.Decode(&format, name, &v)
		f.sections[""] = &v
	case kindCodes:
		var v codesFile
		found, f.at = docs[0].Root.Decode(&format, name, &v)
		f.sections["replies"], f.sections["statuses"] = &v.Replies, &v.Statuses
	case kindGlossary:
		found, f.at = docs[0].Root.Decode(&format, name, &f.terms)
	}
	if len(found) > 0 {
		*p = append(*p, found...)
		return nil
	}
	switch {
	case len(docs) > 1:
		p.Add(name, docs[1].Pos, "a second YAML document (expected one)")
		return nil
	case err != nil:
		p.Add(name, yamlfile.Pos{}, "a second YAML document (expected one)")
		return nil
	}

	check := func(at yamlfile.Pos, field, value string) {
		if strings.TrimSpace(value) == "" {
			p.Add(name, at, "%s is empty (expected text)", field)
		}
	}
	switch kind {
	case kindReasons, kindCodes:
		sections := map[string]*regexp.Regexp{"": reasonKey()}
		expect := map[string]string{"": "a reason key such as rcpt.unknown-user"}
		if kind == kindCodes {
			sections = map[string]*regexp.Regexp{"replies": replyKey(), "statuses": statusKey()}
			expect = map[string]string{"replies": `a reply code such as "550"`, "statuses": `a status code such as "5.1.1"`}
			for _, s := range []string{"replies", "statuses"} {
				if len(*f.sections[s]) == 0 {
					p.Add(name, f.root, "section %s is missing or empty", s)
				}
			}
		}
		for _, s := range slices.Sorted(maps.Keys(sections)) {
			pattern := sections[s]
			for _, e := range sortedByKey(*f.sections[s]) {
				at := f.at.Of(&e.Key)
				if !pattern.MatchString(e.Key) {
					p.Add(name, at, "bad key %q (expected %s)", e.Key, expect[s])
				}
				check(at, e.Key+": title", e.Value.Title)
				check(at, e.Key+": text", e.Value.Text)
				check(at, e.Key+": rfc", e.Value.RFC)
			}
		}
	case kindGlossary:
		for _, e := range sortedByKey(f.terms) {
			at := f.at.Of(&e.Key)
			if !termKey().MatchString(e.Key) {
				p.Add(name, at, "bad key %q (expected lower-case words joined by hyphens, such as dot-stuffing)", e.Key)
			}
			check(at, e.Key+": term", e.Value.Term)
			check(at, e.Key+": short", e.Value.Short)
			check(at, e.Key+": text", e.Value.Text)
		}
	}
	return f
}

// sortedByKey returns the entries of m in the order of their keys.
func sortedByKey[T any](m yamlfile.Map[T]) []*yamlfile.Entry[T] {
	out := make([]*yamlfile.Entry[T], len(m))
	for i := range m {
		out[i] = &m[i]
	}
	slices.SortStableFunc(out, func(a, b *yamlfile.Entry[T]) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// compare reports the keys that a translation lacks or adds, and RFC references that
// differ from the reference language's.
func compare(ref, tr *file, p *yamlfile.Problems) {
	for _, s := range slices.Sorted(maps.Keys(ref.sections)) {
		refs, trs := index(*ref.sections[s]), index(*tr.sections[s])
		missing, extra := diff(refs, trs)
		for _, k := range missing {
			p.Add(tr.name, tr.section(s), "key %q is missing (%s has it)", k, ref.name)
		}
		for _, k := range extra {
			p.Add(tr.name, tr.at.Of(&trs[k].Key), "key %q is not in %s (remove it, or add it there first)", k, ref.name)
		}
		for _, k := range slices.Sorted(maps.Keys(trs)) {
			r, ok := refs[k]
			if e := trs[k]; ok && clean(r.Value.RFC) != clean(e.Value.RFC) {
				p.Add(tr.name, tr.at.Of(&e.Key), "%s: rfc is %q (expected %q, as in %s)", k, clean(e.Value.RFC), clean(r.Value.RFC), ref.name)
			}
		}
	}
	refs, trs := index(ref.terms), index(tr.terms)
	missing, extra := diff(refs, trs)
	for _, k := range missing {
		p.Add(tr.name, tr.root, "key %q is missing (%s has it)", k, ref.name)
	}
	for _, k := range extra {
		p.Add(tr.name, tr.at.Of(&trs[k].Key), "key %q is not in %s (remove it, or add it there first)", k, ref.name)
	}
}

// index maps the keys of m to their entries.
func index[T any](m yamlfile.Map[T]) map[string]*yamlfile.Entry[T] {
	out := make(map[string]*yamlfile.Entry[T], len(m))
	for i := range m {
		out[m[i].Key] = &m[i]
	}
	return out
}

// diff returns the keys of ref missing from tr and the keys of tr not in ref, sorted.
func diff[V any](ref, tr map[string]V) (missing, extra []string) {
	for k := range ref {
		if _, ok := tr[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range tr {
		if _, ok := ref[k]; !ok {
			extra = append(extra, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	return missing, extra
}

// section returns the place of a section, or of the file's mapping for "" and for a
// section the file lacks.
func (f *file) section(s string) yamlfile.Pos {
	if s == "" {
		return f.root
	}
	return f.at.Of(f.sections[s])
}

// addSyntaxError words YAML that does not parse as FILE:LINE:1: what is wrong. The
// library gives no column.
func addSyntaxError(p *yamlfile.Problems, name string, err *yamlfile.SyntaxError) {
	at := yamlfile.Pos{}
	if err.Line > 0 {
		at = yamlfile.Pos{Line: err.Line, Col: 1}
	}
	p.Add(name, at, "%s", err.Msg)
}

func entries(in yamlfile.Map[entryFile]) map[string]catalog.Entry {
	out := make(map[string]catalog.Entry, len(in))
	for _, e := range in {
		out[e.Key] = catalog.Entry{Title: clean(e.Value.Title), Text: clean(e.Value.Text), RFC: clean(e.Value.RFC)}
	}
	return out
}

// clean trims the spaces and line ends a YAML block scalar may leave.
func clean(s string) string { return strings.TrimSpace(s) }

// sortFold maps a term to the key it is sorted by: lower case, German umlauts as their
// base letter and ß as ss (DIN 5007, variant 1), which is how a dictionary orders them.
var sortFold = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")

func compareTerms(a, b catalog.Term) int {
	return cmp.Or(
		strings.Compare(sortFold.Replace(strings.ToLower(a.Term)), sortFold.Replace(strings.ToLower(b.Term))),
		strings.Compare(a.Term, b.Term),
		strings.Compare(a.Key, b.Key),
	)
}

// Compile is the source of compiled.json, what package catalog reads: the catalog
// files of fsys, parsed and checked.
func Compile(fsys fs.FS) ([]byte, error) {
	c, err := Parse(fsys, "lessons/catalog")
	if err != nil {
		return nil, err
	}
	return encode(c)
}

// CompileParts is the source of each language's part of the catalog,
// compiled.LANG.json (catalog.PartFile), by language: the catalog in that language
// alone, which the page fetches (catalog.Provide).
func CompileParts(fsys fs.FS) (map[string][]byte, error) {
	c, err := Parse(fsys, "lessons/catalog")
	if err != nil {
		return nil, err
	}
	parts := map[string][]byte{}
	for _, lang := range c.Langs {
		part := &catalog.Catalog{Langs: []string{lang},
			Reasons:  map[string]map[string]catalog.Entry{lang: c.Reasons[lang]},
			Codes:    map[string]map[string]catalog.Entry{lang: c.Codes[lang]},
			Glossary: map[string][]catalog.Term{lang: c.Glossary[lang]}}
		if parts[lang], err = encode(part); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// encode writes a compiled catalog as JSON.
func encode(c *catalog.Catalog) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
