package view_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/budget"
	"smtpsim/wasm/author/ownfile"
	"smtpsim/wasm/view"
)

// compileOwn answers as the authoring module does (ownfile.Compile), the request and
// the answer passed as JSON, as between the page and the module.
func compileOwn(req view.OwnRequest) view.Compiled {
	in, err := json.Marshal(req)
	if err != nil {
		panic(err)
	}
	var r ownfile.Request
	if err := json.Unmarshal(in, &r); err != nil {
		panic(err)
	}
	out, err := json.Marshal(ownfile.Compile(r))
	if err != nil {
		panic(err)
	}
	var c view.Compiled
	if err := json.Unmarshal(out, &c); err != nil {
		panic(err)
	}
	return c
}

// picked reads files as a teacher would pick them in the browser: by name, no folder.
func picked(t *testing.T, dir string, names ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		out[name] = data
	}
	return out
}

// TestLoadOwnLesson: a lesson picked as lesson.yaml with its texts opens, in the
// languages picked; a broken one says where it is broken.
func TestLoadOwnLesson(t *testing.T) {
	dir := filepath.Join("..", "..", "lessons", "course", "02-hello")
	p, problems := view.LoadOwn(picked(t, dir, "lesson.yaml", "en.md", "de.md"), "de", compileOwn)
	require.Empty(t, problems)
	require.NotNil(t, p.Lesson)
	assert.Equal(t, "hello", p.Lesson.ID)
	assert.Equal(t, "de", p.Lang)
	assert.Positive(t, p.Trace.Len())
	assert.Len(t, p.Lesson.Texts, 2)

	p, problems = view.LoadOwn(picked(t, dir, "lesson.yaml", "en.md"), "en", compileOwn)
	require.Empty(t, problems)
	assert.Len(t, p.Lesson.Texts, 1, "only the language picked")

	files := picked(t, dir, "lesson.yaml", "en.md")
	files["lesson.yaml"] = append([]byte("models: [sideways]\n"), files["lesson.yaml"]...)
	p, problems = view.LoadOwn(files, "en", compileOwn)
	assert.Nil(t, p)
	require.NotEmpty(t, problems)
	assert.Regexp(t, `^lesson\.yaml:\d+:\d+: `, problems[0], "FILE:LINE:COL, as smtpsim validate")
}

// TestLoadOwnScenario: a scenario file opens as a sandbox.
func TestLoadOwnScenario(t *testing.T) {
	p, problems := view.LoadOwn(picked(t, filepath.Join("..", "..", "lessons", "scenarios"), "bounce.yaml"), "en", compileOwn)
	require.Empty(t, problems)
	assert.Nil(t, p.Lesson)
	assert.Positive(t, p.Trace.Len())

	_, problems = view.LoadOwn(map[string][]byte{"notes.txt": []byte("hello")}, "en", compileOwn)
	assert.Equal(t, []string{"choose lesson.yaml with en.md or de.md, or a scenario .yaml file"}, problems)
}

// A picked file past the byte budget is refused, in the form of smtpsim validate,
// before it is parsed.
func TestLoadOwnRefusesLargeFiles(t *testing.T) {
	big := make([]byte, budget.FileBytes+1)
	p, problems := view.LoadOwn(map[string][]byte{"huge.yaml": big}, "en", compileOwn)
	assert.Nil(t, p)
	assert.Equal(t, []string{"huge.yaml:1:1: the file has more than 1048576 octets (expected at most 1048576: a scenario or lesson a learner can follow is far smaller)"}, problems)
	assert.True(t, view.FileTooLarge(5_000_000))
	assert.False(t, view.FileTooLarge(budget.FileBytes))
	assert.Equal(t, "big.md:1:1: the file has 5000000 octets (expected at most 1048576: a scenario or lesson a learner can follow is far smaller)", view.TooLarge("big.md", 5_000_000))
}

// A scenario that validate accepts but that goes past the events budget opens with a
// message saying so; the trace up to there can be stepped through, and the tab keeps
// working: the next scenario opens whole.
func TestStoppedRunShowsAMessage(t *testing.T) {
	src, err := os.ReadFile("../../lessons/scenarios/retries.yaml")
	require.NoError(t, err)
	bomb := strings.Replace(string(src), "retry: {first: 300s, max: 4000s, lifetime: 5d}", "retry: {first: 1s, max: 1s, lifetime: 5d}", 1)
	bomb = strings.Replace(bomb, "  - down:mx.example.com", "  - refuse:mx.example.com", 1)
	require.NotEqual(t, string(src), bomb)
	p, problems := view.LoadOwn(map[string][]byte{"bomb.yaml": []byte(bomb)}, "en", compileOwn)
	require.Empty(t, problems)
	require.NotNil(t, p)
	msg := p.Stopped("en")
	assert.Regexp(t, `^The simulation stopped at \S+: it went past its budget of 500000 events\. `, msg)
	assert.Contains(t, p.Stopped("de"), "Die Simulation hielt um ")
	assert.Contains(t, p.Stopped("de"), "500000 Ereignissen")
	require.Positive(t, p.Trace.Len())
	p.Step = p.Trace.Len() - 1
	assert.NotEmpty(t, p.Transcript())
	assert.NotEmpty(t, p.Ladder())
	_, data, err := p.Export("json")
	require.NoError(t, err)
	assert.NotEmpty(t, data)

	p, problems = view.LoadOwn(picked(t, "../../lessons/scenarios", "retries.yaml"), "en", compileOwn)
	require.Empty(t, problems)
	assert.Empty(t, p.Stopped("en"), "a run within the budget says nothing")
}

// A compiled lesson or world that cannot be decoded is said in the page's language, as
// an answer of the authoring module the page cannot read, without the decoder's words,
// and nothing opens.
func TestLoadOwnUndecodable(t *testing.T) {
	for _, tt := range []struct {
		kind string
		name string
	}{{lessons.OwnLesson, "lesson.yaml"}, {lessons.OwnScenario, "w.yaml"}} {
		broken := func(view.OwnRequest) view.Compiled {
			return view.Compiled{Own: lessons.Own{Kind: tt.kind, Name: tt.name, Data: []byte("{not json")}}
		}
		files := map[string][]byte{tt.name: []byte("x")}
		if tt.kind == lessons.OwnLesson {
			files["de.md"] = []byte("x")
		}
		p, problems := view.LoadOwn(files, "de", broken)
		assert.Nil(t, p)
		require.Len(t, problems, 1)
		assert.Equal(t, view.T("de", "own.author.unreadable"), problems[0])
		assert.NotContains(t, problems[0], "invalid", "the decoder's English words stay out of the page")
	}
}

// Own files opened before the authoring module is there are said as that, in the
// page's language, and nothing opens.
func TestLoadOwnWithoutModule(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		p, problems := view.LoadOwn(picked(t, "../../lessons/scenarios", "retries.yaml"), lang, nil)
		assert.Nil(t, p)
		assert.Equal(t, []string{view.T(lang, "own.author.missing")}, problems)
	}
}
