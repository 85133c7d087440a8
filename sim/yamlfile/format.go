package yamlfile

import (
	"reflect"
	"strings"
)

// Format is how one kind of file reads: the wording of problems with its shape, the
// rules for scalars of types other than text, and what an empty value means.
type Format struct {
	Words Words
	Rules []Rule
	// NullIsEmpty makes a key without a value ("cc:") the same as leaving the key out.
	// Without it, an empty value is a value of the wrong kind.
	NullIsEmpty bool
	// OneAsList makes a single text, where a list of text is expected, a list of one:
	// "to: bob@example.net".
	OneAsList bool
	// MaxValues bounds the values one decoding visits once aliases are expanded, so
	// that a small file cannot name a subtree without end ("billion laughs"); 0 means
	// 200000.
	MaxValues int
}

// Expect is the kind of value a place in a file wants.
type Expect int

const (
	Fields  Expect = iota // a mapping with the keys of a struct
	Entries               // a mapping whose keys the file chooses: a Map
	List                  // a list
	Text                  // a scalar
)

// Spot is a value of the wrong kind, for Words.Wrong.
type Spot struct {
	Expect Expect
	Noun   Phrase // names the value: its key, its field's noun, the root's name
	Got    Phrase // what the file holds there, as Node.Describe says
	Want   Phrase // what was expected: "a mapping with keys first, max, lifetime", "a duration such as 2h"
}

// Words phrase the problems the decoder finds itself; a nil field keeps the default.
type Words struct {
	// Wrong words a value of the wrong kind; default "NOUN is GOT (expected WANT)".
	Wrong func(s Spot) Phrase
	// Unknown words a key the struct lacks; default `unknown key "KEY" (expected one of KEYS)`.
	Unknown func(key string, keys []string) Phrase
	// Twice words a key given twice in a mapping; default `key "KEY" given twice (first at line N)`.
	Twice func(key string, first Pos) Phrase
	// TooBig words a file past Format.MaxValues; default "the file is too big: …".
	TooBig func(limit int) Phrase
}

func (w *Words) wrong(s Spot) Phrase {
	if w.Wrong != nil {
		return w.Wrong(s)
	}
	return P("%s is %s (expected %s)", s.Noun, s.Got, s.Want)
}

func (w *Words) unknown(key string, keys []string) Phrase {
	if w.Unknown != nil {
		return w.Unknown(key, keys)
	}
	return P("unknown key %q (expected one of %s)", key, strings.Join(keys, ", "))
}

func (w *Words) twice(key string, first Pos) Phrase {
	if w.Twice != nil {
		return w.Twice(key, first)
	}
	return P("key %q given twice (first at line %d)", key, first.Line)
}

func (w *Words) tooBig(limit int) Phrase {
	if w.TooBig != nil {
		return w.TooBig(limit)
	}
	return P("the file is too big: more than %d values once aliases are expanded (expected a smaller file)", limit)
}

// Rule reads the scalars of one Go type, such as time.Duration; make one with Scalar.
type Rule interface {
	typ() reflect.Type
	want() Phrase
	null() bool
	parse(v *Value, dst reflect.Value)
}

// Scalar is the Rule for values of type T written as one scalar. The decoder checks
// that the value is a scalar, and calls Parse with it.
type Scalar[T any] struct {
	Want  Phrase                 // what a value looks like, for messages: P("a duration such as 300s")
	Null  bool                   // Parse sees empty values too; otherwise Format.NullIsEmpty decides
	Parse func(v *Value, dst *T) // reads v.Text() into dst, and reports with v.Fail
}

func (s Scalar[T]) typ() reflect.Type { return reflect.TypeFor[T]() }
func (s Scalar[T]) want() Phrase      { return s.Want }
func (s Scalar[T]) null() bool        { return s.Null }
func (s Scalar[T]) parse(v *Value, dst reflect.Value) {
	s.Parse(v, dst.Addr().Interface().(*T))
}

// Unmarshaler is a type that decodes itself, with a Format of its own: a scenario
// written inside a lesson. UnmarshalYAMLFile usually calls v.Decode and v.Add.
type Unmarshaler interface {
	UnmarshalYAMLFile(v *Value)
}

// Map is a mapping whose keys the file chooses — the entries of a catalog, the options
// of a checkpoint — in file order. The place of a key is Places.Of(&m[i].Key).
type Map[T any] []Entry[T]

// Entry is one key of a Map and its value.
type Entry[T any] struct {
	Key   string
	Value T
}

func (Map[T]) isMap() {}

var mapType = reflect.TypeFor[interface{ isMap() }]()
