package yamlfile

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"smtpsim/sim/problem"
)

// Decode decodes the node into dst, a pointer to a struct, a Map or another type
// the Format reads, and returns the problems found and where each value stood. noun
// names the node in messages ("the scenario"). Decode does not call dst's own
// UnmarshalYAMLFile, so that the method can call Decode.
//
// A struct lists its keys in `yaml:"key"` tags, in the order messages list them;
// fields without one are not in the file. Three more tags word the messages: `noun`
// names the field's values ("step id"; for a list, its items: "a host"), `item` says
// what each item of a list is when that differs from the noun ("an address"), and
// `want` says what a Map should be ("a mapping of option id to claim").
func (n Node) Decode(f *Format, noun string, dst any) (Problems, *Places) {
	d := &decoder{src: n.src, f: f, places: problem.NewPlaces(), root: dst}
	d.value(n.n, reflect.ValueOf(dst).Elem(), at{key: noun, noun: P(noun)})
	return d.problems, d.places
}

// Value is the value being decoded, as a Rule or an Unmarshaler sees it.
type Value struct {
	Node
	d    *decoder
	key  string
	noun Phrase
	ptr  any // the address being decoded into
}

// Key returns the key the value stands under: its field's key, its key in a Map, for
// an item of a list the list's key.
func (v *Value) Key() string { return v.key }

// Noun returns how messages name the value: its field's noun, or its key.
func (v *Value) Noun() Phrase { return v.noun }

// Fail reports a problem with the value, at its place, and marks it broken.
func (v *Value) Fail(format string, args ...any) {
	v.d.fail(v.Pos(), v.ptr, format, args...)
}

// FailAt reports a problem inside a scalar, at the octet off of its text.
func (v *Value) FailAt(off int, format string, args ...any) {
	v.d.fail(v.At(off), v.ptr, format, args...)
}

// Mark records the place of a part of the value being decoded — the target inside a
// fault spec — at the octet off of its text, for Places.Of(ptr).
func (v *Value) Mark(ptr any, off int) {
	v.d.places.Set(ptr, v.At(off), v.ptr, true)
}

// Add adds problems found another way, as by an Unmarshaler's own Decode; with any,
// the value is broken.
func (v *Value) Add(problems Problems) {
	if len(problems) == 0 {
		return
	}
	v.d.problems = append(v.d.problems, problems...)
	v.d.places.MarkBroken(v.ptr)
}

// decoder walks the node tree by hand, so that every value keeps its place.
type decoder struct {
	src      *source
	f        *Format
	problems Problems
	places   *Places
	root     any // broken when the file is too big
	nodes    int // values visited, against Format.MaxValues
}

// at is where a value is decoded into: the names messages give it, and the address
// of the value holding it.
type at struct {
	key   string // the field's key; for an item of a list, the list's key
	noun  Phrase // names the value, or the items of a list
	item  Phrase // what each item of a list is
	want  Phrase // what a Map should be
	named bool   // the noun is the field's own, not its key
	up    any
}

func (d *decoder) report(n *yaml.Node, format string, args ...any) {
	d.problems.Add(d.src.file, d.src.pos(n), format, args...)
}

func (d *decoder) fail(pos Pos, ptr any, format string, args ...any) {
	d.problems.Add(d.src.file, pos, format, args...)
	d.places.MarkBroken(ptr)
}

func (d *decoder) wrong(v *Value, expect Expect, noun, want Phrase) {
	v.Fail("%s", d.f.Words.wrong(Spot{Expect: expect, Noun: noun, Got: describe(v.n), Want: want}))
}

// resolve follows aliases to the node they name and counts it against MaxValues. It
// returns nil once the budget is spent, so that every walk stops.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for range 100 {
		if n == nil || n.Kind != yaml.AliasNode {
			break
		}
		n = n.Alias
	}
	limit := cmp.Or(d.f.MaxValues, 200_000)
	d.nodes++
	if d.nodes == limit {
		pos := Pos{Line: 1 + d.src.offset, Col: 1}
		if n != nil {
			pos = d.src.pos(n)
		}
		d.fail(pos, d.root, "%s", d.f.Words.tooBig(limit))
	}
	if d.nodes >= limit || n == nil || n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func (d *decoder) rule(t reflect.Type) Rule {
	for _, r := range d.f.Rules {
		if r.typ() == t {
			return r
		}
	}
	return nil
}

// value decodes n into dst, recording its place.
func (d *decoder) value(n *yaml.Node, dst reflect.Value, a at) {
	if n = d.resolve(n); n != nil {
		d.decode(n, dst, a)
	}
}

func (d *decoder) decode(n *yaml.Node, dst reflect.Value, a at) {
	ptr := dst.Addr().Interface()
	d.places.Set(ptr, d.src.pos(n), a.up, true)
	if n.Kind == yaml.ScalarNode {
		d.places.SetText(ptr, n.Value)
	}
	v := &Value{Node: Node{n, d.src}, d: d, key: a.key, noun: a.noun, ptr: ptr}
	if u, ok := ptr.(Unmarshaler); ok && a.up != nil {
		u.UnmarshalYAMLFile(v)
		return
	}
	if r := d.rule(dst.Type()); r != nil {
		d.scalar(v, r.want(), r.null(), func() { r.parse(v, dst) })
		return
	}
	switch t := dst.Type(); {
	case t.Implements(mapType):
		d.entries(v, dst, a)
	case t.Kind() == reflect.Pointer:
		if dst.IsNil() {
			dst.Set(reflect.New(t.Elem()))
		}
		a.up = ptr
		d.decode(n, dst.Elem(), a)
	case t.Kind() == reflect.Struct:
		d.structure(v, dst, a)
	case t.Kind() == reflect.Slice:
		d.list(v, dst, a)
	case t.Kind() == reflect.String:
		d.scalar(v, P("text"), false, func() { dst.SetString(n.Value) })
	default:
		panic(fmt.Sprintf("yamlfile: no rule for %s", t))
	}
}

// scalar checks that v is a scalar and calls parse. An empty value is the zero value,
// or wrong, as the Format says, unless null lets parse see it.
func (d *decoder) scalar(v *Value, want Phrase, null bool, parse func()) {
	if isNull(v.n) && !null {
		if !d.f.NullIsEmpty {
			d.wrong(v, Text, v.noun, want)
		}
		return
	}
	if v.n.Kind != yaml.ScalarNode {
		d.wrong(v, Text, v.noun, want)
		return
	}
	parse()
}

// empty handles a value that is null where a mapping or list is expected: nothing, or
// wrong, as the Format says. It reports whether v was null.
func (d *decoder) empty(v *Value, expect Expect, noun, want Phrase) bool {
	if !isNull(v.n) {
		return false
	}
	if !d.f.NullIsEmpty {
		d.wrong(v, expect, noun, want)
	}
	return true
}

// field is a struct field that is a key of the file.
type field struct {
	index                 int
	key, noun, item, want string // noun and item as tagged, "" when not
}

var fieldCache sync.Map // reflect.Type → []field

func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := range t.NumField() {
		sf := t.Field(i)
		key := sf.Tag.Get("yaml")
		if key == "" || key == "-" || !sf.IsExported() {
			continue
		}
		fs = append(fs, field{index: i, key: key, noun: sf.Tag.Get("noun"), item: sf.Tag.Get("item"), want: sf.Tag.Get("want")})
	}
	fieldCache.Store(t, fs)
	return fs
}

// Keys returns the keys of struct T as a file writes them, in the order of its fields.
func Keys[T any]() []string { return keysOf(fieldsOf(reflect.TypeFor[T]())) }

func keysOf(fields []field) []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return keys
}

func (f field) at(up any) at {
	noun := Verbatim(f.key)
	if f.noun != "" {
		noun = P(f.noun)
	}
	item := noun
	if f.item != "" {
		item = P(f.item)
	}
	want := P("a mapping")
	if f.want != "" {
		want = P(f.want)
	}
	return at{key: f.key, noun: noun, item: item, want: want, named: f.noun != "", up: up}
}

// structure decodes a mapping into a struct, key by key. A missing or empty value
// (null) counts as an empty mapping where the Format says so, so "retry:" alone means
// all defaults. Merge keys ("<<: *defaults") are honoured, because teachers share
// settings between hosts with them.
func (d *decoder) structure(v *Value, dst reflect.Value, a at) {
	fields := fieldsOf(dst.Type())
	keys := keysOf(fields)
	d.absent(dst, v.Pos(), v.ptr)
	want := P("a mapping with keys %s", strings.Join(keys, ", "))
	if d.empty(v, Fields, a.noun, want) {
		return
	}
	if v.n.Kind != yaml.MappingNode {
		d.wrong(v, Fields, a.noun, want)
		return
	}
	for _, p := range d.pairs(v.n, keys, v.ptr) {
		if p.problem.Format != "" {
			d.report(p.key, "%s", p.problem)
			continue
		}
		f := fields[slices.Index(keys, p.key.Value)]
		d.value(p.value, dst.Field(f.index), f.at(v.ptr))
	}
}

// absent gives every field of a struct the place of its mapping, until the file gives
// the field a value: "host without an ip" points at the host.
func (d *decoder) absent(dst reflect.Value, pos Pos, up any) {
	for _, f := range fieldsOf(dst.Type()) {
		fv := dst.Field(f.index)
		ptr := fv.Addr().Interface()
		d.places.Set(ptr, pos, up, false)
		if _, self := ptr.(Unmarshaler); fv.Kind() == reflect.Struct && !self && d.rule(fv.Type()) == nil {
			d.absent(fv, pos, ptr)
		}
	}
}

// list decodes a sequence into a slice, allocated at its final length. Empty (null) is
// an empty list where the Format says so.
func (d *decoder) list(v *Value, dst reflect.Value, a at) {
	elem := dst.Type().Elem()
	if d.f.OneAsList && v.n.Kind == yaml.ScalarNode && !isNull(v.n) && elem.Kind() == reflect.String && d.rule(elem) == nil {
		s := reflect.MakeSlice(dst.Type(), 1, 1)
		dst.Set(s)
		d.decode(v.n, s.Index(0), at{key: a.key, noun: a.noun, up: v.ptr})
		return
	}
	want := P(`a list: one "- " line per item, each %s`, a.item)
	if d.empty(v, List, Verbatim(a.key), want) {
		return
	}
	if v.n.Kind != yaml.SequenceNode {
		d.wrong(v, List, Verbatim(a.key), want)
		return
	}
	if len(v.n.Content) == 0 {
		return // nil, as for a list left out
	}
	s := reflect.MakeSlice(dst.Type(), len(v.n.Content), len(v.n.Content))
	dst.Set(s)
	for i, item := range v.n.Content {
		d.value(item, s.Index(i), at{key: a.key, noun: a.noun, up: v.ptr})
	}
}

// entries decodes a mapping into a Map.
func (d *decoder) entries(v *Value, dst reflect.Value, a at) {
	want := a.want
	if want.Format == "" {
		want = P("a mapping")
	}
	if d.empty(v, Entries, Verbatim(a.key), want) {
		return
	}
	if v.n.Kind != yaml.MappingNode {
		d.wrong(v, Entries, Verbatim(a.key), want)
		return
	}
	pairs := d.pairs(v.n, nil, v.ptr)
	n := 0
	for _, p := range pairs {
		if p.problem.Format == "" {
			n++
		}
	}
	s := reflect.MakeSlice(dst.Type(), n, n)
	if n > 0 {
		dst.Set(s)
	}
	i := 0
	for _, p := range pairs {
		if p.problem.Format != "" {
			d.report(p.key, "%s", p.problem)
			continue
		}
		e := s.Index(i)
		i++
		e.Field(0).SetString(p.key.Value)
		d.places.Set(e.Field(0).Addr().Interface(), d.src.pos(p.key), v.ptr, true)
		noun := Verbatim(p.key.Value)
		if a.named {
			noun = a.noun
		}
		d.value(p.value, e.Field(1), at{key: p.key.Value, noun: noun, up: v.ptr})
	}
}

// pair is one key of a mapping and its value, or a problem with the key.
type pair struct {
	key, value *yaml.Node
	problem    Phrase
}

// pairs lists the keys of a mapping to decode, in file order and then the merged
// ones, with a problem for each key that is not text, is given twice, or is not among
// keys (nil: any key will do). The keys are resolved first, as they count against
// the budget before the values do.
func (d *decoder) pairs(n *yaml.Node, keys []string, up any) []pair {
	var resolved []*yaml.Node
	complete := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := d.resolve(n.Content[i])
		if k == nil {
			complete = false
			break
		}
		resolved = append(resolved, k)
	}
	expected := P("text")
	if keys != nil {
		expected = P("one of %s", strings.Join(keys, ", "))
	}
	seen := map[string]*yaml.Node{}
	var out []pair
	for i, k := range resolved {
		switch {
		case isMerge(k):
		case k.Kind != yaml.ScalarNode:
			out = append(out, pair{key: k, problem: P("a key is %s (expected %s)", describe(k), expected)})
		case seen[k.Value] != nil:
			out = append(out, pair{key: k, problem: d.f.Words.twice(k.Value, d.src.pos(seen[k.Value]))})
		default:
			seen[k.Value] = k
			switch {
			case keys != nil && !slices.Contains(keys, k.Value):
				out = append(out, pair{key: k, problem: d.f.Words.unknown(k.Value, keys)})
			case complete:
				out = append(out, pair{key: k, value: n.Content[2*i+1]})
			}
		}
	}
	if !complete {
		return out
	}
	// Merged keys come after the mapping's own, which win (YAML merge key spec).
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMerge(n.Content[i]) {
			out = d.merge(n.Content[i+1], keys, up, seen, out, 0)
		}
	}
	return out
}

func isMerge(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" }

// merge adds the pairs of a merged mapping (or list of mappings) whose keys are not
// set yet. depth stops a mapping that merges itself.
func (d *decoder) merge(v *yaml.Node, keys []string, up any, seen map[string]*yaml.Node, out []pair, depth int) []pair {
	if v = d.resolve(v); v == nil {
		return out
	}
	if depth > 10 {
		d.fail(d.src.pos(v), up, "merge keys nest too deep (expected at most 10 levels of <<)")
		return out
	}
	switch v.Kind {
	case yaml.SequenceNode:
		for _, m := range v.Content {
			out = d.merge(m, keys, up, seen, out, depth+1)
		}
		return out
	case yaml.MappingNode:
	default:
		d.fail(d.src.pos(v), up, "<< merges %s (expected an alias of a mapping, such as <<: *defaults)", describe(v))
		return out
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := d.resolve(v.Content[i])
		if k == nil {
			return out
		}
		if isMerge(k) {
			out = d.merge(v.Content[i+1], keys, up, seen, out, depth+1)
			continue
		}
		if k.Kind != yaml.ScalarNode || seen[k.Value] != nil {
			continue
		}
		if keys != nil && !slices.Contains(keys, k.Value) {
			d.report(k, "%s", d.f.Words.unknown(k.Value, keys))
			continue
		}
		seen[k.Value] = k
		out = append(out, pair{key: k, value: v.Content[i+1]})
	}
	return out
}
