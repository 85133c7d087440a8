package lessons_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/trace"
)

// TestCourse loads every built-in lesson in both languages and checks it against
// the simulator in each of its models.
func TestCourse(t *testing.T) {
	course, err := lessons.Course()
	require.NoError(t, err)
	require.NotEmpty(t, course)
	ids := map[string]bool{}
	for _, l := range course {
		t.Run(l.ID, func(t *testing.T) {
			assert.False(t, ids[l.ID], "id used twice")
			ids[l.ID] = true
			require.NoError(t, lessons.Check(l))
			for _, lang := range lessons.Languages {
				text := l.Texts[lang]
				require.NotNil(t, text, lang)
				assert.NotEmpty(t, text.Title, lang)
				assert.NotEmpty(t, text.Goals, lang)
				assert.GreaterOrEqual(t, len(text.Checkpoints), 2, lang)
			}
			// A translation must differ from the original: the same text means it was forgotten.
			for id, s := range l.Texts["en"].Steps {
				assert.NotEqual(t, s.Markdown, l.Texts["de"].Steps[id].Markdown, "step %s is not translated", id)
			}
		})
	}
}

func TestSelectors(t *testing.T) {
	tr := &trace.Trace{}
	tr.Append(trace.Event{Kind: trace.KindLine, Actor: "MUA bob@example.net", Dir: trace.DirSend, Line: "RCPT TO:<a@x>"})
	tr.Append(trace.Event{Kind: trace.KindLine, Dir: trace.DirRecv, Line: "354 go", Code: 354})
	tr.Append(trace.Event{Kind: trace.KindLine, Dir: trace.DirSend, Line: "RCPT TO:<b@x>"})
	tr.Append(trace.Event{Kind: trace.KindData, Dir: trace.DirSend, Line: "(message m1, 3 lines, 120 octets)", Octets: 120, Msg: "m1"})
	tr.Append(trace.Event{Kind: trace.KindBounce, Rcpt: "b@x", Code: 550, Status: "5.1.1", DSN: "b1", Text: "a DSN (b1) goes back"})
	tests := []struct {
		sel  string
		want int
	}{
		{"first line code=354", 1},
		{"line code=354", 1},
		{"2nd line dir=send line^=rcpt", 2},
		{"last line dir=send", 2},
		{"first line line~=<b@", 2},
		{"any code!=354 line~=a@x", 0},
		{`first line actor="MUA bob@example.net"`, 0},
		{"3rd line dir=send", -1},
		{"first defer", -1},
		{"first data octets=120", 3},
		{"any octets!=120 msg=m1", -1},
		{"first bounce dsn=b1 rcpt=b@x", 4},
		{"first bounce dsn=b2", -1},
	}
	for _, tt := range tests {
		s, err := lessons.ParseSelector(tt.sel)
		require.NoError(t, err, tt.sel)
		assert.Equal(t, tt.want, s.Find(tr), tt.sel)
	}
	bad := []struct {
		sel string
		col int
		msg string
	}{
		{"", 1, "empty selector"},
		{"first", 1, "missing event kind"},
		{"first lnie", 7, `unknown event kind "lnie"`},
		{"line cod=354", 6, `unknown field "cod"`},
		{"line code^=3", 6, "code takes a number"},
		{"data octets~=12", 6, "octets takes a number"},
		{"bounce text~=b1", 8, `unknown field "text"`},
		{"line code", 6, "is not FIELD=VALUE"},
	}
	for _, b := range bad {
		_, err := lessons.ParseSelector(b.sel)
		var se *lessons.SelectorError
		require.ErrorAs(t, err, &se, b.sel)
		assert.Equal(t, b.col, se.Col, b.sel)
		assert.Contains(t, se.Msg, b.msg)
	}
}

// TestLessonErrors checks that mistakes are reported with file, line and column.
func TestLessonErrors(t *testing.T) {
	good := "id: x\norder: 1\nscenario: first-mail\nsteps:\n  - {id: s1, at: first submit}\ncheckpoints:\n" +
		"  - {id: c1, before: first submit, answer: a, options: {a: kind=submit, b: kind=line}}\n" +
		"  - {id: c2, before: first deliver, answer: b, options: {a: kind=submit, b: kind=deliver}}\n" +
		"try: {fault: \"unknown-user:bob@example.net\", expect: first bounce}\n"
	md := "---\ntitle: T\nduration: 1 min\nsummary: S\ngoals: [G]\ntry: Y\n---\n\n# intro\n\nI\n\n# s1\n\nS1\n\n" +
		"# checkpoint c1\n\nQ?\n\n- a: yes\n- b: no\n\nBecause.\n\n# checkpoint c2\n\nQ2?\n\n- a: one\n- b: two\n"
	tests := []struct {
		name      string
		data, txt string
		want      string
	}{
		{"good", good, md, ""},
		{"unknown key", good + "extra: 1\n", md, "x/lesson.yaml:10:1: unknown key \"extra\""},
		{"bad selector", strings.Replace(good, "at: first submit", "at: first sbumit", 1), md, "x/lesson.yaml:5:24: at: unknown event kind \"sbumit\""},
		{"bad fault", strings.Replace(good, "unknown-user:", "unknwn-user:", 1), md, "x/lesson.yaml:9:15: fault: unknown fault kind"},
		{"answer not an option", strings.Replace(good, "answer: a,", "answer: z,", 1), md, "checkpoint c1: answer \"z\" is not one of its options"},
		{"wrong answer", strings.Replace(good, "answer: b, options: {a: kind=submit, b: kind=deliver}", "answer: a, options: {a: kind=submit, b: kind=deliver}", 1), md, "checkpoint c2 (end-to-end): the answer a is false"},
		{"two true options", strings.Replace(good, "b: kind=line", "b: actor^=MUA", 1), md, "checkpoint c1 (end-to-end): option b is true too"},
		{"missing section", good, strings.Replace(md, "# s1\n\nS1\n\n", "", 1), "x/en.md:1:1: missing section \"# s1\""},
		{"unknown section", good, md + "\n# s2\n\nx\n", "x/en.md:33:3: unknown section \"s2\""},
		{"option not in data", good, strings.Replace(md, "- b: no", "- q: no", 1), "x/en.md:22:3: option \"q\" is not in lesson.yaml"},
		{"no front matter", good, "# intro\n", "x/en.md:1:1: missing front matter"},
		{"try shows nothing new", strings.Replace(good, "expect: first bounce", "expect: first submit", 1), md, "happens without the fault too"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"x/lesson.yaml": {Data: []byte(tt.data)}, "x/en.md": {Data: []byte(tt.txt)}}
			l, err := lessons.Load(fsys, "x", "x")
			if err == nil {
				err = lessons.Check(l)
			}
			if tt.want == "" {
				require.NoError(t, err)
				assert.Equal(t, "<p>Because.</p>", l.Texts["en"].Checkpoints["c1"].Explain.HTML)
				assert.Equal(t, "yes", l.Texts["en"].Checkpoints["c1"].Options["a"].Markdown)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestNarrationIsSafe: raw HTML in lesson text never reaches the page.
func TestNarrationIsSafe(t *testing.T) {
	data := "id: x\nscenario: first-mail\nsteps:\n  - {id: s1, at: first submit}\ncheckpoints:\n" +
		"  - {id: c1, before: first submit, answer: a, options: {a: kind=submit, b: kind=line}}\n" +
		"  - {id: c2, before: first submit, answer: a, options: {a: kind=submit, b: kind=line}}\n" +
		"try: {fault: \"unknown-user:bob@example.net\", expect: first bounce}\n"
	md := "---\ntitle: T\nduration: 1\nsummary: S\ngoals: [G]\ntry: Y\n---\n# intro\n\n<img src=x onerror=alert(1)> and [link](javascript:alert(1))\n\n# s1\n\n<script>alert(1)</script>\n\n" +
		"# checkpoint c1\n\nQ\n\n- a: x\n- b: y\n\n# checkpoint c2\n\nQ\n\n- a: x\n- b: y\n"
	l, err := lessons.Load(fstest.MapFS{"lesson.yaml": {Data: []byte(data)}, "en.md": {Data: []byte(md)}}, ".", "x")
	require.NoError(t, err)
	for _, html := range []string{l.Texts["en"].Intro.HTML, l.Texts["en"].Steps["s1"].HTML} {
		assert.NotContains(t, html, "<img")
		assert.NotContains(t, html, "<script")
		assert.NotContains(t, html, "javascript:")
	}
}
