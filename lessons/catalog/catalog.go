// Package catalog holds the texts that explain what the simulator shows: an entry for
// every reason key the engines emit, for every SMTP reply code and enhanced status code,
// and a glossary. The texts live in YAML files beside this one, one per kind and language
// (reasons.en.yaml, codes.de.yaml, glossary.en.yaml, ...), so that a teacher or
// translator edits text, not Go (DESIGN.md, principle 7). The files are embedded in the
// program and checked by Load: every language must explain the same keys, and an RFC
// reference must read the same in every language.
package catalog

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed *.yaml
var files embed.FS

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

// refLang is the language the others are compared with.
const refLang = "en"

var (
	loadOnce sync.Once
	loaded   *catalog
	loadErr  error
)

// Load parses and checks the embedded catalog files, once. The accessors call it
// themselves and find nothing when it fails, so a program that wants to fail loudly
// calls Load at start-up; a test makes sure it succeeds for the files as shipped. The
// error lists every problem found, one per line, as FILE:LINE:COL: what is wrong (with
// the expectation in parentheses), or FILE: what is wrong, for a file as a whole.
func Load() error {
	loadOnce.Do(func() { loaded, loadErr = parse(files, "lessons/catalog") })
	return loadErr
}

func current() *catalog {
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
	e, ok := c.reasons[lang][key]
	return e, ok
}

// Code explains a reply code such as "550" or an enhanced status code such as "5.1.1",
// in language lang.
func Code(lang, code string) (Entry, bool) {
	c := current()
	if c == nil {
		return Entry{}, false
	}
	e, ok := c.codes[lang][code]
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
	return slices.Clone(c.glossary[lang])
}

// Languages lists the languages of the catalog, sorted: "de", "en".
func Languages() []string {
	c := current()
	if c == nil {
		return nil
	}
	return slices.Clone(c.langs)
}

// catalog is the parsed content of one set of files.
type catalog struct {
	langs    []string
	reasons  map[string]map[string]Entry // language → reason key → entry
	codes    map[string]map[string]Entry // language → reply code or status code → entry
	glossary map[string][]Term           // language → terms, sorted
}

// The three kinds of file, by the first part of the file name.
const (
	kindReasons  = "reasons"
	kindCodes    = "codes"
	kindGlossary = "glossary"
)

var kinds = []string{kindCodes, kindGlossary, kindReasons}

// What the YAML files hold. KnownFields rejects any other field, so a misspelt "titel"
// is an error instead of an entry without a title.
type (
	entryFile struct {
		Title string `yaml:"title"`
		Text  string `yaml:"text"`
		RFC   string `yaml:"rfc"`
	}
	reasonsFile map[string]entryFile
	codesFile   struct {
		Replies  map[string]entryFile `yaml:"replies"`
		Statuses map[string]entryFile `yaml:"statuses"`
	}
	termFile struct {
		Term  string `yaml:"term"`
		Short string `yaml:"short"`
		Text  string `yaml:"text"`
	}
	glossaryFile map[string]termFile
)

var (
	fileName  = regexp.MustCompile(`^([a-z]+)\.([a-z]{2,3})\.yaml$`)
	reasonKey = regexp.MustCompile(`^[a-z0-9]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$`)
	replyKey  = regexp.MustCompile(`^[2-5][0-9][0-9]$`)
	statusKey = regexp.MustCompile(`^[245]\.[0-9]{1,3}\.[0-9]{1,3}$`)
	termKey   = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
)

// file is one decoded file: its entries by section ("" for a file without sections)
// and key, and the node tree that tells where each key is.
type file struct {
	name    string // as shown in messages, with dir
	root    *yaml.Node
	entries map[string]map[string]entryFile // section → key → entry
	terms   map[string]termFile
}

// problems collects what is wrong, so that a translator sees every mistake at once.
type problems []string

// add records a problem at node n; with n nil it concerns the whole file.
func (p *problems) add(name string, n *yaml.Node, format string, args ...any) {
	if n != nil && n.Line > 0 {
		name = fmt.Sprintf("%s:%d:%d", name, n.Line, n.Column)
	}
	*p = append(*p, name+": "+fmt.Sprintf(format, args...))
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New(strings.Join(p, "\n"))
}

// parse reads every catalog file in the root of fsys; dir prefixes file names in messages.
func parse(fsys fs.FS, dir string) (*catalog, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	var p problems
	byLang := map[string]map[string]*file{} // language → kind → file, nil when unreadable
	for _, name := range names {
		shown := path.Join(dir, name)
		m := fileName.FindStringSubmatch(name)
		if m == nil || !slices.Contains(kinds, m[1]) {
			p.add(shown, nil, "unexpected file name (expected KIND.LANG.yaml with KIND one of %s)", strings.Join(kinds, ", "))
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
		p.add(path.Join(dir, "reasons."+refLang+".yaml"), nil, "missing (the %q files are the reference for the other languages)", refLang)
	}
	for _, lang := range langs {
		for _, kind := range kinds {
			if _, ok := byLang[lang][kind]; !ok {
				p.add(path.Join(dir, kind+"."+lang+".yaml"), nil, "missing (every language needs %s files)", strings.Join(kinds, ", "))
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
		return nil, p.err()
	}

	c := &catalog{
		langs:    langs,
		reasons:  map[string]map[string]Entry{},
		codes:    map[string]map[string]Entry{},
		glossary: map[string][]Term{},
	}
	for _, lang := range langs {
		c.reasons[lang] = entries(byLang[lang][kindReasons].entries[""])
		c.codes[lang] = entries(byLang[lang][kindCodes].entries["replies"])
		for k, e := range entries(byLang[lang][kindCodes].entries["statuses"]) {
			c.codes[lang][k] = e
		}
		var terms []Term
		for k, t := range byLang[lang][kindGlossary].terms {
			terms = append(terms, Term{Key: k, Term: clean(t.Term), Short: clean(t.Short), Text: clean(t.Text)})
		}
		slices.SortFunc(terms, compareTerms)
		c.glossary[lang] = terms
	}
	return c, nil
}

// decode parses one file strictly and checks its keys and fields. It returns nil when
// the file cannot be read as a catalog file at all; a file with empty fields or bad keys
// is returned too, with the problems added to p, so that it can still be compared.
func decode(name, kind string, src []byte, p *problems) *file {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		addYAMLError(p, name, err)
		return nil
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		p.add(name, &root, "expected a mapping of keys to entries")
		return nil
	}
	f := &file{name: name, root: root.Content[0], entries: map[string]map[string]entryFile{}}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var err error
	switch kind {
	case kindReasons:
		var v reasonsFile
		err = dec.Decode(&v)
		f.entries[""] = v
	case kindCodes:
		var v codesFile
		err = dec.Decode(&v)
		f.entries["replies"], f.entries["statuses"] = v.Replies, v.Statuses
	case kindGlossary:
		var v glossaryFile
		err = dec.Decode(&v)
		f.terms = v
	}
	if err == nil {
		var extra yaml.Node
		if dec.Decode(&extra) != io.EOF {
			p.add(name, &extra, "a second YAML document (expected one)")
			return nil
		}
	}
	if err != nil {
		addYAMLError(p, name, err)
		return nil
	}

	check := func(n *yaml.Node, field, value string) {
		if strings.TrimSpace(value) == "" {
			p.add(name, n, "%s is empty (expected text)", field)
		}
	}
	switch kind {
	case kindReasons, kindCodes:
		sections := map[string]*regexp.Regexp{"": reasonKey}
		expect := map[string]string{"": "a reason key such as rcpt.unknown-user"}
		if kind == kindCodes {
			sections = map[string]*regexp.Regexp{"replies": replyKey, "statuses": statusKey}
			expect = map[string]string{"replies": `a reply code such as "550"`, "statuses": `a status code such as "5.1.1"`}
			for _, s := range []string{"replies", "statuses"} {
				if len(f.entries[s]) == 0 {
					p.add(name, f.root, "section %s is missing or empty", s)
				}
			}
		}
		for _, s := range slices.Sorted(maps.Keys(sections)) {
			pattern := sections[s]
			for _, k := range slices.Sorted(maps.Keys(f.entries[s])) {
				e, n := f.entries[s][k], f.node(s, k)
				if !pattern.MatchString(k) {
					p.add(name, n, "bad key %q (expected %s)", k, expect[s])
				}
				check(n, k+": title", e.Title)
				check(n, k+": text", e.Text)
				check(n, k+": rfc", e.RFC)
			}
		}
	case kindGlossary:
		for _, k := range slices.Sorted(maps.Keys(f.terms)) {
			t, n := f.terms[k], f.node("", k)
			if !termKey.MatchString(k) {
				p.add(name, n, "bad key %q (expected lower-case words joined by hyphens, such as dot-stuffing)", k)
			}
			check(n, k+": term", t.Term)
			check(n, k+": short", t.Short)
			check(n, k+": text", t.Text)
		}
	}
	return f
}

// compare reports the keys that a translation lacks or adds, and RFC references that
// differ from the reference language's.
func compare(ref, tr *file, p *problems) {
	for _, s := range slices.Sorted(maps.Keys(ref.entries)) {
		missing, extra := diff(ref.entries[s], tr.entries[s])
		for _, k := range missing {
			p.add(tr.name, tr.section(s), "key %q is missing (%s has it)", k, ref.name)
		}
		for _, k := range extra {
			p.add(tr.name, tr.node(s, k), "key %q is not in %s (remove it, or add it there first)", k, ref.name)
		}
		for _, k := range slices.Sorted(maps.Keys(tr.entries[s])) {
			r, ok := ref.entries[s][k]
			if e := tr.entries[s][k]; ok && clean(r.RFC) != clean(e.RFC) {
				p.add(tr.name, tr.node(s, k), "%s: rfc is %q (expected %q, as in %s)", k, clean(e.RFC), clean(r.RFC), ref.name)
			}
		}
	}
	missing, extra := diff(ref.terms, tr.terms)
	for _, k := range missing {
		p.add(tr.name, tr.root, "key %q is missing (%s has it)", k, ref.name)
	}
	for _, k := range extra {
		p.add(tr.name, tr.node("", k), "key %q is not in %s (remove it, or add it there first)", k, ref.name)
	}
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

// section returns the mapping node of a section, or the top level for "".
func (f *file) section(s string) *yaml.Node {
	if s == "" {
		return f.root
	}
	if n := value(f.root, s); n != nil {
		return n
	}
	return f.root
}

// node returns the key node of key in section s, for its position.
func (f *file) node(s, key string) *yaml.Node {
	m := f.section(s)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return m
}

func value(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// yamlLine matches the line numbers in go.yaml.in/yaml's messages.
var (
	yamlLine    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknown = regexp.MustCompile(`^field (\S+) not found in type \S+\.(\w+)$`)
	// fieldsOf names the fields each YAML type allows, for the message about an unknown one.
	fieldsOf = map[string]string{
		"entryFile": "title, text, rfc",
		"codesFile": "replies, statuses",
		"termFile":  "term, short, text",
	}
)

// addYAMLError turns a parser's error into FILE:LINE:COL lines in plain words.
func addYAMLError(p *problems, name string, err error) {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, msg := range msgs {
		m := yamlLine.FindStringSubmatch(msg)
		if m == nil {
			*p = append(*p, fmt.Sprintf("%s: %s", name, strings.TrimPrefix(msg, "yaml: ")))
			continue
		}
		what := m[2]
		if u := yamlUnknown.FindStringSubmatch(what); u != nil {
			what = fmt.Sprintf("unknown field %q (expected %s)", u[1], cmp.Or(fieldsOf[u[2]], "the fields the other entries have"))
		}
		*p = append(*p, fmt.Sprintf("%s:%s:1: %s", name, m[1], what))
	}
}

func entries(in map[string]entryFile) map[string]Entry {
	out := make(map[string]Entry, len(in))
	for k, e := range in {
		out[k] = Entry{Title: clean(e.Title), Text: clean(e.Text), RFC: clean(e.RFC)}
	}
	return out
}

// clean trims the spaces and line ends a YAML block scalar may leave.
func clean(s string) string { return strings.TrimSpace(s) }

// sortFold maps a term to the key it is sorted by: lower case, German umlauts as their
// base letter and ß as ss (DIN 5007, variant 1), which is how a dictionary orders them.
var sortFold = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")

func compareTerms(a, b Term) int {
	return cmp.Or(
		strings.Compare(sortFold.Replace(strings.ToLower(a.Term)), sortFold.Replace(strings.ToLower(b.Term))),
		strings.Compare(a.Term, b.Term),
		strings.Compare(a.Key, b.Key),
	)
}
