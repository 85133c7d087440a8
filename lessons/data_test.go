package lessons_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/budget"
)

// TestYAMLPositions pins where problems in lesson.yaml and in front matter are placed:
// front matter counts from the file's line 2, every value where it stands.
func TestYAMLPositions(t *testing.T) {
	data := "id: x\nscenario: first-mail\nsteps:\n  - {id: s1, at: first submit}\ncheckpoints:\n" +
		"  - {id: c1, before: first submit, answer: a, options: {a: kind=submit, b: kind=line}}\n" +
		"  - {id: c2, before: first deliver, answer: b, options: {a: kind=submit, b: kind=deliver}}\n" +
		"try: {fault: \"unknown-user:bob@example.net\", expect: first bounce}\n"
	front := "---\ntitle: T\nduration: 1 min\nsummary: S\ngoals: [G]\ntry: Y\n---\n"
	md := front + "\n# intro\n\nI\n\n# s1\n\nS1\n\n# checkpoint c1\n\nQ?\n\n- a: yes\n- b: no\n\n# checkpoint c2\n\nQ2?\n\n- a: one\n- b: two\n"
	world := "id: x\nworld:\n  hosts:\n    - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net]}\n  dns:\n"
	tests := []struct {
		name, data, md, want string
	}{
		{"front matter: unknown key", data, strings.Replace(md, "try: Y", "try: Y\nextra: x", 1),
			`x/en.md:7:1: unknown key "extra" (expected one of title, duration, summary, goals, try)`},
		{"front matter: key twice", data, strings.Replace(md, "summary: S", "summary: S\ntitle: U", 1),
			`x/en.md:5:1: key "title" given twice`},
		{"front matter: not a mapping", data, "---\n- a\n---\n# intro\n",
			`x/en.md:2:1: expected a mapping with keys title, duration, summary, goals, try`},
		{"front matter: title is a list", data, strings.Replace(md, "title: T", "title: [T]", 1),
			`x/en.md:2:8: title must be text (put it in quotes if it contains ": ")`},
		{"front matter: empty goal", data, strings.Replace(md, "goals: [G]", `goals: [G, ""]`, 1),
			`x/en.md:5:12: a goal must be text (put it in quotes if it contains ": ")`},
		{"option twice", strings.Replace(data, "b: kind=line}", "a: kind=line}", 1), md,
			`x/lesson.yaml:6:73: key "a" given twice`},
		{"selector with an escape", strings.Replace(data, "at: first submit", `at: "first\u0020sbumit"`, 1), md,
			`x/lesson.yaml:4:18: at: unknown event kind "sbumit"`},
		{"selector in quotes", strings.Replace(data, "at: first submit", `at: "first sbumit"`, 1), md,
			`x/lesson.yaml:4:25: at: unknown event kind "sbumit"`},
		{"order is a list", "order: [1]\n" + data, md, `x/lesson.yaml:1:8: order must be text`},
		{"world: inside a record", world + "    - example.net MXX 10 mx.example.net\n", md,
			`x/lesson.yaml:6:19: unknown record type "MXX" (want A, MX or TXT)`},
		{"world: a record after an anchor", world + "    - &r example.net MXX 10 mx.example.net\n", md,
			`x/lesson.yaml:6:7: unknown record type "MXX" (want A, MX or TXT)`},
		{"world: empty", "id: x\nworld:\n", md,
			`x/lesson.yaml:2:7: empty scenario (expected a mapping with keys name, seed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lessonfile.Load(fstest.MapFS{"x/lesson.yaml": {Data: []byte(tt.data)}, "x/en.md": {Data: []byte(tt.md)}}, "x", "x")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// Merge keys work in lesson.yaml as in scenarios.
func TestLessonMergeKeys(t *testing.T) {
	data := "id: x\nscenario: first-mail\nsteps:\n  - &s {id: s1, at: first submit}\ncheckpoints:\n" +
		"  - &c {id: c1, before: first submit, answer: a, options: {a: kind=submit, b: kind=line}}\n" +
		"  - {<<: *c, id: c2}\n" +
		"try: {fault: \"unknown-user:bob@example.net\", expect: first bounce}\n"
	md := "---\ntitle: T\nduration: 1 min\nsummary: S\ngoals: [G]\ntry: Y\n---\n\n# intro\n\nI\n\n# s1\n\nS1\n\n" +
		"# checkpoint c1\n\nQ?\n\n- a: yes\n- b: no\n\n# checkpoint c2\n\nQ2?\n\n- a: one\n- b: two\n"
	l, err := lessonfile.Load(fstest.MapFS{"lesson.yaml": {Data: []byte(data)}, "en.md": {Data: []byte(md)}}, ".", "x")
	require.NoError(t, err)
	require.Len(t, l.Checkpoints, 2)
	assert.Equal(t, "c2", l.Checkpoints[1].ID)
	assert.Equal(t, l.Checkpoints[0].Before, l.Checkpoints[1].Before)
	assert.Len(t, l.Checkpoints[1].Options, 2)
}

// A lesson file past the byte budget is refused before it is parsed.
func TestLoadRefusesLargeFiles(t *testing.T) {
	big := []byte("id: x\n" + strings.Repeat("# padding\n", budget.FileBytes/10+1))
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"lesson.yaml", fstest.MapFS{"x/lesson.yaml": {Data: big}, "x/en.md": {Data: []byte("---\n")}}, "x/lesson.yaml:1:1: the file has more than 1048576 octets"},
		{"en.md", fstest.MapFS{"x/lesson.yaml": {Data: []byte("id: x\nscenario: first-mail\n")}, "x/en.md": {Data: big}}, "x/en.md:1:1: the file has more than 1048576 octets"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lessonfile.Load(tt.fsys, "x", "x")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
