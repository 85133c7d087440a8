package yamlfile_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/yamlfile"
)

type (
	server struct {
		Name  string   `yaml:"name"`
		Port  int      `yaml:"port"`
		Tags  []string `yaml:"tags" item:"a tag"`
		Limit limit    `yaml:"limit"`
	}
	limit struct {
		Max int `yaml:"max"`
	}
	config struct {
		Title   string               `yaml:"title"`
		Servers []server             `yaml:"servers" noun:"a server"`
		Labels  yamlfile.Map[string] `yaml:"labels" noun:"a label" want:"a mapping of name to label"`
		Extra   *inner               `yaml:"extra"`
		Notes   yamlfile.Map[server] `yaml:"notes"`
		Spec    spec                 `yaml:"spec"`
		Skipped int                  `yaml:"-"`
	}
	// spec is a scalar with parts: "host:port".
	spec struct{ Host, Port string }
	// inner decodes itself with a Format of its own.
	inner struct{ Words []string }
)

var portRule = yamlfile.Scalar[int]{Want: yamlfile.P("a port number"), Parse: func(v *yamlfile.Value, dst *int) {
	n, err := strconv.Atoi(v.Text())
	if err != nil {
		v.Fail("%s is %s (expected a port number)", v.Noun(), v.Describe())
	}
	*dst = n
}}

var specRule = yamlfile.Scalar[spec]{Want: yamlfile.P("host:port"), Parse: func(v *yamlfile.Value, dst *spec) {
	host, port, ok := strings.Cut(v.Text(), ":")
	if !ok {
		v.FailAt(len(v.Text()), "missing :port")
		return
	}
	*dst = spec{host, port}
	v.Mark(&dst.Port, len(host)+1)
}}

func (in *inner) UnmarshalYAMLFile(v *yamlfile.Value) {
	var words []string
	problems, _ := v.Decode(&yamlfile.Format{OneAsList: true}, "extra", &words)
	v.Add(problems)
	in.Words = words
}

var format = yamlfile.Format{Rules: []yamlfile.Rule{portRule, specRule}, NullIsEmpty: true}

func decode(t *testing.T, f *yamlfile.Format, src string) (*config, yamlfile.Problems, *yamlfile.Places) {
	t.Helper()
	docs, err := yamlfile.Read("c.yaml", []byte(src), 1)
	require.Nil(t, err)
	require.Len(t, docs, 1)
	var c config
	problems, places := docs[0].Root.Decode(f, "the config", &c)
	return &c, problems, places
}

func TestDecode(t *testing.T) {
	src := `title: Demo
servers:
  - &web {name: web, port: 80, tags: [a, b], limit: {max: 3}}
  - {<<: *web, name: mail, tags: [solo]}
labels:
  x: "the x"
  y: why
extra: [one, two]
spec: "example.org:25"
`
	c, problems, at := decode(t, &format, src)
	require.Empty(t, problems)
	assert.Equal(t, "Demo", c.Title)
	assert.Equal(t, []server{
		{Name: "web", Port: 80, Tags: []string{"a", "b"}, Limit: limit{3}},
		{Name: "mail", Port: 80, Tags: []string{"solo"}, Limit: limit{3}},
	}, c.Servers, "a merge key fills what the mapping leaves out")
	assert.Equal(t, yamlfile.Map[string]{{Key: "x", Value: "the x"}, {Key: "y", Value: "why"}}, c.Labels)
	assert.Equal(t, []string{"one", "two"}, c.Extra.Words)
	assert.Equal(t, spec{"example.org", "25"}, c.Spec)

	assert.Equal(t, yamlfile.Pos{Line: 3, Col: 5}, at.Of(&c.Servers[0]))
	assert.Equal(t, yamlfile.Pos{Line: 3, Col: 28}, at.Of(&c.Servers[0].Port))
	assert.Equal(t, yamlfile.Pos{Line: 3, Col: 28}, at.Of(&c.Servers[1].Port), "a merged value stands where it is written")
	assert.Equal(t, yamlfile.Pos{Line: 6, Col: 3}, at.Of(&c.Labels[0].Key))
	assert.Equal(t, yamlfile.Pos{Line: 6, Col: 6}, at.Of(&c.Labels[0].Value))
	assert.Equal(t, yamlfile.Pos{Line: 9, Col: 20}, at.Of(&c.Spec.Port), "a part inside a quoted scalar")
	assert.Equal(t, yamlfile.Pos{Line: 1, Col: 1}, at.Of(&c.Notes), "a missing key stands at its mapping")
	assert.True(t, at.Given(&c.Title))
	assert.False(t, at.Given(&c.Notes))
	assert.Equal(t, yamlfile.Pos{}, at.Of(new(int)), "an address the file never had")
}

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", "titel: x", `c.yaml:1:1: unknown key "titel" (expected one of title, servers, labels, extra, notes, spec)`},
		{"key twice", "title: a\ntitle: b", `c.yaml:2:1: key "title" given twice (first at line 1)`},
		{"key not text", "[a]: b", `c.yaml:1:1: a key is a list (expected one of title, servers, labels, extra, notes, spec)`},
		{"struct is text", "servers: [x]", `c.yaml:1:11: a server is "x" (expected a mapping with keys name, port, tags, limit)`},
		{"list is a mapping", "servers: {a: b}", `c.yaml:1:10: servers is a mapping (expected a list: one "- " line per item, each a server)`},
		{"text is a list", "title: [a]", `c.yaml:1:8: title is a list (expected text)`},
		{"item of text", "servers: [{tags: [[a]]}]", `c.yaml:1:19: tags is a list (expected text)`},
		{"map is a list", "labels: [a]", `c.yaml:1:9: labels is a list (expected a mapping of name to label)`},
		{"map value", "labels: {a: [b]}", `c.yaml:1:13: a label is a list (expected text)`},
		{"map key twice", "labels: {a: b, a: c}", `c.yaml:1:16: key "a" given twice (first at line 1)`},
		{"rule", "servers: [{port: http}]", `c.yaml:1:18: port is "http" (expected a port number)`},
		{"rule wants a scalar", "servers: [{port: [80]}]", `c.yaml:1:18: port is a list (expected a port number)`},
		{"inside a scalar", "spec: example.org", `c.yaml:1:18: missing :port`},
		{"unmarshaler", "extra: [[a]]", `c.yaml:1:9: extra is a list (expected text)`},
		{"merge of text", "servers: [{<<: 5}]", `c.yaml:1:16: << merges "5" (expected an alias of a mapping, such as <<: *defaults)`},
		{"merged unknown key", "servers: [{<<: {nmae: x}}]", `c.yaml:1:17: unknown key "nmae" (expected one of name, port, tags, limit)`},
		{"long value", "title: {a: b}\nservers: [" + strings.Repeat("x", 50) + "]",
			"c.yaml:1:8: title is a mapping (expected text)\nc.yaml:2:11: a server is \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"… (expected a mapping with keys name, port, tags, limit)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems, _ := decode(t, &format, tt.src)
			assert.EqualError(t, problems.Sorted(), tt.want)
		})
	}
}

func TestBroken(t *testing.T) {
	c, problems, at := decode(t, &format, "servers:\n  - {name: a, port: x, tags: [b, [c]]}\n  - 5\n")
	require.Len(t, problems, 3)
	assert.True(t, at.Broken(&c.Servers[0].Port))
	assert.False(t, at.Broken(&c.Servers[0].Name))
	assert.False(t, at.Broken(&c.Servers[0].Tags), "an item of the list is broken, not the list")
	assert.True(t, at.BrokenWithin(&c.Servers[0].Tags))
	assert.False(t, at.BrokenWithin(&c.Title))
	assert.True(t, at.Broken(&c.Servers[1].Name), "inside a broken value")
	var none *yamlfile.Places
	assert.False(t, none.Broken(&c.Title))
	assert.Equal(t, yamlfile.Pos{}, none.Of(&c.Title))
}

func TestEmptyValues(t *testing.T) {
	src := "title:\nservers:\nlabels:\nspec:\n"
	c, problems, _ := decode(t, &format, src)
	assert.Empty(t, problems, "empty is nothing")
	assert.Nil(t, c.Servers)

	strict := format
	strict.NullIsEmpty = false
	_, problems, _ = decode(t, &strict, src)
	assert.EqualError(t, problems, `c.yaml:1:7: title is empty (expected text)
c.yaml:2:9: servers is empty (expected a list: one "- " line per item, each a server)
c.yaml:3:8: labels is empty (expected a mapping of name to label)
c.yaml:4:6: spec is empty (expected host:port)`)

	one := format
	one.OneAsList = true
	c, problems, _ = decode(t, &one, "servers: [{tags: solo}]")
	require.Empty(t, problems)
	assert.Equal(t, []string{"solo"}, c.Servers[0].Tags)
}

func TestWords(t *testing.T) {
	f := format
	f.Words = yamlfile.Words{
		Wrong:   func(s yamlfile.Spot) yamlfile.Phrase { return yamlfile.P("%s must be %s", s.Noun, s.Want) },
		Unknown: func(key string, _ []string) yamlfile.Phrase { return yamlfile.P("no %s", key) },
		Twice:   func(key string, _ yamlfile.Pos) yamlfile.Phrase { return yamlfile.P("again %s", key) },
		TooBig:  func(limit int) yamlfile.Phrase { return yamlfile.P("past %d", limit) },
	}
	f.MaxValues = 10
	_, problems, _ := decode(t, &f, "title: [a]\nx: 1\ntitle: b\nservers: [{}, {}, {}, {}, {}]")
	assert.EqualError(t, problems.Sorted(), `c.yaml:1:8: title must be text
c.yaml:2:1: no x
c.yaml:3:1: again title
c.yaml:4:19: past 10`)
}

func TestTooBig(t *testing.T) {
	var b strings.Builder
	b.WriteString("notes:\n  n0: &w {tags: [" + strings.Repeat("a, ", 99) + "a]}\n")
	for i := range 3000 {
		b.WriteString("  n" + strconv.Itoa(i+1) + ": *w\n")
	}
	c, problems, at := decode(t, &format, b.String())
	require.Len(t, problems, 1)
	assert.Contains(t, problems[0].Error(), ": the file is too big: more than 200000 values once aliases are expanded (expected a smaller file)")
	assert.True(t, at.Broken(c), "nothing can be trusted")
}

func TestRead(t *testing.T) {
	docs, err := yamlfile.Read("f.md", []byte("a: 1\n---\nb: [\n"), 2)
	require.Len(t, docs, 1, "the documents before the error")
	assert.Equal(t, &yamlfile.SyntaxError{Line: 4, Msg: "did not find expected node content"}, err, "lines count from firstLine")
	assert.Equal(t, "line 4: did not find expected node content", err.Error())
	assert.Equal(t, yamlfile.Pos{Line: 2, Col: 1}, docs[0].Root.Pos())

	docs, err = yamlfile.Read("f.yaml", []byte("a: 1\n---\n"), 1)
	require.Nil(t, err)
	require.Len(t, docs, 2)
	assert.True(t, docs[1].Root.Empty(), "a trailing --- starts an empty document")
	assert.Equal(t, yamlfile.Pos{Line: 2, Col: 1}, docs[1].Pos)

	docs, err = yamlfile.Read("f.yaml", []byte("# nothing\n"), 1)
	assert.Nil(t, err)
	assert.Empty(t, docs)

	_, err = yamlfile.Read("f.yaml", []byte("a: *nope\n"), 1)
	assert.Equal(t, &yamlfile.SyntaxError{Msg: "unknown anchor 'nope' referenced"}, err)
}

// A part of a scalar is placed exactly where the text stands as written, and at the
// scalar where it does not.
func TestAt(t *testing.T) {
	tests := []struct {
		src  string
		want yamlfile.Pos
	}{
		{"spec: a:b", yamlfile.Pos{Line: 1, Col: 9}},
		{"spec: 'a:b'", yamlfile.Pos{Line: 1, Col: 10}},
		{"spec: \"é:b\"", yamlfile.Pos{Line: 1, Col: 10}},            // columns count characters
		{"spec: \"a\\u003ab\"", yamlfile.Pos{Line: 1, Col: 7}},       // an escape
		{"spec: &x a:b", yamlfile.Pos{Line: 1, Col: 7}},              // an anchor before the text
		{"spec: >\n  a:b", yamlfile.Pos{Line: 1, Col: 7}},            // a block scalar
		{"spec: a\n  :b", yamlfile.Pos{Line: 1, Col: 7}},             // folded over two lines
		{"title: x\nspec: a:b", yamlfile.Pos{Line: 2, Col: 9}},       // a later line
		{"title: x\r\nspec: a:b\r\n", yamlfile.Pos{Line: 2, Col: 9}}, // CRLF
	}
	for _, tt := range tests {
		c, problems, at := decode(t, &format, tt.src)
		require.Empty(t, problems, tt.src)
		assert.Equal(t, tt.want, at.Of(&c.Spec.Port), tt.src)
	}
}

func TestProblems(t *testing.T) {
	assert.Equal(t, "f.yaml:3:7: bad", (&yamlfile.Problem{File: "f.yaml", Line: 3, Col: 7, Msg: "bad"}).Error())
	assert.Equal(t, "f.yaml: bad", (&yamlfile.Problem{File: "f.yaml", Msg: "bad"}).Error())
	assert.Equal(t, "bad", (&yamlfile.Problem{Msg: "bad"}).Error())
	var l yamlfile.Problems
	assert.NoError(t, l.Err())
	l.Add("f", yamlfile.Pos{Line: 2, Col: 1}, "b%d", 2)
	l.Add("f", yamlfile.Pos{Line: 1, Col: 5}, "a")
	l.Add("f", yamlfile.Pos{Line: 2, Col: 1}, "b2")
	assert.EqualError(t, l.Sorted(), "f:1:5: a\nf:2:1: b2", "file order, each once")
	assert.Len(t, l, 3, "Sorted leaves the list as it was")
}
