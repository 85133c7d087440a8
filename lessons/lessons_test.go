package lessons_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/fault"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// TestCourse loads every built-in lesson in both languages and checks it against
// the simulator in each of its models.
func TestCourse(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	require.NotEmpty(t, course)
	ids := map[string]bool{}
	for _, l := range course {
		t.Run(l.ID, func(t *testing.T) {
			assert.False(t, ids[l.ID], "id used twice")
			ids[l.ID] = true
			require.NoError(t, lessonfile.Check(l))
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
	tr.Append(trace.Event{Kind: trace.KindAuth, Auth: &trace.Auth{Method: "spf", Result: "softfail", Domain: "example.com", Identity: "mailfrom"}})
	tr.Append(trace.Event{Kind: trace.KindAuth, Auth: &trace.Auth{Method: "dmarc", Result: "fail", Domain: "example.org", Policy: "quarantine"}})
	tr.Append(trace.Event{Kind: trace.KindTLS, TLS: &trace.TLS{State: "refused", Policy: "enforce"}})
	tr.Append(trace.Event{Kind: trace.KindLine, Dir: trace.DirRecv, Line: "250-XXXXXXXA", Altered: "received"})
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
		{"first auth auth.method=spf auth.result=softfail", 5},
		{"first auth auth.result=fail", 6},
		{"first auth auth.policy=quarantine auth.domain=example.org", 6},
		{"first auth auth.identity=helo", -1},
		{"any auth.method=spf", 5},
		{"first tls tls.state=refused tls.policy=enforce", 7},
		{"first tls tls.how=starttls", -1},
		{"first line altered=received", 8},
		{"first sign", -1},
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
		{"auth auth.reslt=pass", 6, `unknown field "auth.reslt"`},
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
		{"core not a bool", strings.Replace(good, "order: 1\n", "order: 1\ncore: yes please\n", 1), md, "x/lesson.yaml:3:7: core is \"yes please\" (expected true or false)"},
		{"unknown ask", strings.Replace(good, "answer: a,", "answer: a, ask: how,", 1), md, "x/lesson.yaml:7:52: ask \"how\" (expected next or why)"},
		{"answer not an option", strings.Replace(good, "answer: a,", "answer: z,", 1), md, "checkpoint c1: answer \"z\" is not one of its options"},
		{"wrong answer", strings.Replace(good, "answer: b, options: {a: kind=submit, b: kind=deliver}", "answer: a, options: {a: kind=submit, b: kind=deliver}", 1), md, "checkpoint c2 (end-to-end): the answer a is false"},
		{"two true options", strings.Replace(good, "b: kind=line", "b: actor^=MUA", 1), md, "checkpoint c1 (end-to-end): option b is true too"},
		{"missing section", good, strings.Replace(md, "# s1\n\nS1\n\n", "", 1), "x/en.md:1:1: missing section \"# s1\""},
		{"unknown section", good, md + "\n# s2\n\nx\n", "x/en.md:33:3: unknown section \"s2\""},
		{"option not in data", good, strings.Replace(md, "- b: no", "- q: no", 1), "x/en.md:22:3: option \"q\" is not in lesson.yaml"},
		{"no front matter", good, "# intro\n", "x/en.md:1:1: missing front matter"},
		{"try shows nothing new", strings.Replace(good, "expect: first bounce", "expect: first submit", 1), md, "happens without the fault too"},
		{"bad placeholder", good, strings.Replace(md, "\nI\n", "\nI {{octets of first dta}}\n", 1), "x/en.md:11:21: placeholder {{octets of first dta}}: unknown event kind \"dta\""},
		{"unclosed placeholder", good, strings.Replace(md, "\nI\n", "\nI {{octets of\nfirst data}}\n", 1), "x/en.md:11:3: \"{{\" not closed on its line"},
		{"placeholder without a value", good, strings.Replace(md, "\nI\n", "\nI {{octets of first data msg=m9}}\n", 1), "x/en.md:11:3: placeholder {{octets of first data msg=m9}} (end-to-end): no event \"first data msg=m9\" in the trace"},
		{"placeholder without the field", good, strings.Replace(md, "\nI\n", "\nI {{code of first data}}\n", 1), "x/en.md:11:3: placeholder {{code of first data}} (end-to-end): event \"first data\" has no code"},
		{"placeholder in front matter", good, strings.Replace(md, "try: Y", "try: Y {{code of first line}}", 1), "x/en.md:6:8: placeholder in the front matter"},
		{"placeholder in a link", good, strings.Replace(md, "\nI\n", "\nI [x]({{code of first line}})\n", 1), "x/en.md:11:7: placeholder {{code of first line}} cannot be filled there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"x/lesson.yaml": {Data: []byte(tt.data)}, "x/en.md": {Data: []byte(tt.txt)}}
			l, err := lessonfile.Load(fsys, "x", "x")
			if err == nil {
				err = lessonfile.Check(l)
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
	l, err := lessonfile.Load(fstest.MapFS{"lesson.yaml": {Data: []byte(data)}, "en.md": {Data: []byte(md)}}, ".", "x")
	require.NoError(t, err)
	for _, html := range []string{l.Texts["en"].Intro.HTML, l.Texts["en"].Steps["s1"].HTML} {
		assert.NotContains(t, html, "<img")
		assert.NotContains(t, html, "<script")
		assert.NotContains(t, html, "javascript:")
	}
}

func TestPlaceholders(t *testing.T) {
	tr := &trace.Trace{Start: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
	tr.Append(trace.Event{Kind: trace.KindData, Time: 160 * time.Millisecond, Dir: trace.DirSend, Msg: "m1", Octets: 362})
	tr.Append(trace.Event{Kind: trace.KindLine, Time: 180 * time.Millisecond, Dir: trace.DirRecv, Code: 250, Status: "2.0.0", Line: "250 2.0.0 Ok: queued as 10BE0001"})
	tr.Append(trace.Event{Kind: trace.KindDefer, Time: 500 * time.Millisecond, Rcpt: "bob@example.net", Status: "4.4.1", Next: 300500})
	tr.Append(trace.Event{Kind: trace.KindConnect, Time: 30*time.Minute + 400*time.Millisecond, Port: 110})
	tr.Append(trace.Event{Kind: trace.KindExpire, Time: 5*24*time.Hour + 72*time.Minute + 30*time.Second + 5*time.Millisecond})
	tests := []struct {
		src, lang, want string
	}{
		{"{{octets of first data msg=m1}}", "en", "362"},
		{"{{line of first line status=2.0.0}}", "en", "250 2.0.0 Ok: queued as 10BE0001"},
		{`{{ line of first line line^="250 2.0.0" }}`, "en", "250 2.0.0 Ok: queued as 10BE0001"},
		{"{{code of last line}}", "en", "250"},
		{"{{time of first defer}}", "en", "09:00"},
		{"{{time of first line}}", "en", "09:00"},
		{"{{time of first expire}}", "en", "+5d 10:12:30"},
		{"{{next of first defer rcpt=bob@example.net}}", "en", "09:05"},
		{"{{time from first data to first connect port=110}}", "en", "30 minutes"},
		{"{{time from first data to first connect port=110}}", "de", "30 Minuten"},
		{"{{time from first data to first defer}}", "en", "340 milliseconds"},
		{"{{time from first data to first data}}", "de", "0 Millisekunden"},
	}
	for _, tt := range tests {
		p, err := lessons.ParsePlaceholder(tt.src)
		require.NoError(t, err, tt.src)
		v, err := p.Value(tr, tt.lang)
		require.NoError(t, err, tt.src)
		assert.Equal(t, tt.want, v, tt.src)
	}
	absent := []struct{ src, err string }{
		{"{{octets of first data msg=m2}}", `no event "first data msg=m2"`},
		{"{{code of first data}}", `event "first data" has no code`},
		{"{{next of first data}}", `event "first data" has no next`},
		{"{{time from first connect to first data}}", `event "first data" comes before "first connect"`},
	}
	for _, a := range absent {
		p, err := lessons.ParsePlaceholder(a.src)
		require.NoError(t, err, a.src)
		_, err = p.Value(tr, "en")
		assert.ErrorContains(t, err, a.err, a.src)
	}
	bad := []struct {
		src string
		col int
		msg string
	}{
		{"{{}}", 1, "incomplete placeholder"},
		{"{{octets}}", 1, "incomplete placeholder"},
		{"{{octets in first data}}", 10, `"in" where "of" belongs`},
		{"{{size of first data}}", 3, `unknown field "size"`},
		{"{{text of first data}}", 3, `unknown field "text"`},
		{"{{octets of}}", 10, `missing the selector after "of"`},
		{"{{octets of first dta}}", 19, `unknown event kind "dta"`},
		{"{{octets of data cod=1}}", 18, `unknown field "cod"`},
		{"{{time from first data}}", 23, `missing "to SELECTOR"`},
		{"{{time from to first data}}", 13, `missing the selector after "from"`},
		{"{{time from first data to}}", 24, `missing the selector after "to"`},
		{"{{time from first data to last lnie}}", 32, `unknown event kind "lnie"`},
	}
	for _, b := range bad {
		_, err := lessons.ParsePlaceholder(b.src)
		var pe *lessons.PlaceholderError
		require.ErrorAs(t, err, &pe, b.src)
		assert.Equal(t, b.col, pe.Col, b.src)
		assert.Contains(t, pe.Msg, b.msg, b.src)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		d      time.Duration
		en, de string
	}{
		{1 * time.Millisecond, "1 millisecond", "1 Millisekunde"},
		{time.Second, "1 second", "1 Sekunde"},
		{30 * time.Second, "30 seconds", "30 Sekunden"},
		{300*time.Second + 460*time.Millisecond, "5 minutes", "5 Minuten"},
		{9*time.Minute + 59*time.Second + 760*time.Millisecond, "10 minutes", "10 Minuten"},
		{5*time.Minute + 640*time.Millisecond, "5 minutes", "5 Minuten"},
		{90*time.Second + 300*time.Millisecond, "1 minute and 30 seconds", "1 Minute und 30 Sekunden"},
		{37*time.Minute + 900*time.Millisecond, "37 minutes", "37 Minuten"},
		{67*time.Minute + 20*time.Second, "1 hour and 7 minutes", "1 Stunde und 7 Minuten"},
		{2 * time.Hour, "2 hours", "2 Stunden"},
		{5*24*time.Hour + time.Hour + 3*time.Minute, "5 days and 1 hour", "5 Tage und 1 Stunde"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, lessons.Duration(tt.d, "en"), tt.d)
		assert.Equal(t, tt.de, lessons.Duration(tt.d, "de"), tt.d)
	}
	assert.Equal(t, "1 hour and 7 minutes", lessons.Duration(67*time.Minute, "fr"), "English for a language without words")
}

// TestFill: placeholders are filled from the run, in text and in code spans, escaped in
// HTML; a run without the event shows a neutral mark, never a stale value.
func TestFill(t *testing.T) {
	data := "id: x\norder: 1\nscenario: first-mail\nsteps:\n  - {id: s1, at: first submit}\ncheckpoints:\n" +
		"  - {id: c1, before: first submit, answer: a, options: {a: kind=submit, b: kind=line}}\n" +
		"  - {id: c2, before: first deliver, answer: b, options: {a: kind=submit, b: kind=deliver}}\n" +
		"try: {fault: \"unknown-user:bob@example.net\", expect: first bounce}\n"
	md := "---\ntitle: T\nduration: 1 min\nsummary: S\ngoals: [G]\ntry: Y\n---\n\n# intro\n\n" +
		"The server says `{{line of first line peer=mx.example.net code=354}}` and then *{{line of first line peer=mx.example.net code=354}}*.\n\n" +
		"# s1\n\nIt sent {{octets of first data peer=mx.example.net}} octets, {{time from first submit to first deliver rcpt=bob@example.net}} before delivery.\n\n" +
		"# checkpoint c1\n\nQ {{code of first line code=220}}?\n\n- a: `{{status of first line line^=\"250 2.1.5\"}}`\n- b: no\n\nBecause {{rcpt of first deliver}}.\n\n" +
		"# checkpoint c2\n\nQ2?\n\n- a: one\n- b: two\n"
	l, err := lessonfile.Load(fstest.MapFS{"x/lesson.yaml": {Data: []byte(data)}, "x/en.md": {Data: []byte(md)}}, "x", "x")
	require.NoError(t, err)
	require.NoError(t, lessonfile.Check(l))
	sc := l.ScenarioOf("")
	tr := world.Run(sc)
	text := l.Texts["en"]
	intro := text.Intro.Fill(tr, "en")
	assert.Equal(t, "<p>The server says <code>354 End data with &lt;CR&gt;&lt;LF&gt;.&lt;CR&gt;&lt;LF&gt;</code> and then <em>354 End data with &lt;CR&gt;&lt;LF&gt;.&lt;CR&gt;&lt;LF&gt;</em>.</p>", intro.HTML)
	assert.Equal(t, "The server says `354 End data with <CR><LF>.<CR><LF>` and then *354 End data with <CR><LF>.<CR><LF>*.", intro.Markdown)
	s1 := text.Steps["s1"].Fill(tr, "en")
	assert.Regexp(t, `^<p>It sent \d+ octets, \d+ milliseconds before delivery.</p>$`, s1.HTML)
	assert.Contains(t, text.Steps["s1"].Markdown, "{{octets of first data peer=mx.example.net}}", "the Markdown keeps the placeholder until filled")
	c1 := text.Checkpoints["c1"]
	assert.Equal(t, "<p>Q 220?</p>", c1.Question.Fill(tr, "en").HTML)
	assert.Equal(t, "<code>2.1.5</code>", c1.Options["a"].Fill(tr, "en").HTML)
	assert.Equal(t, "`2.1.5`", c1.Options["a"].Fill(tr, "en").Markdown)
	assert.Equal(t, "<p>Because bob@example.net.</p>", c1.Explain.Fill(tr, "en").HTML)

	// A fault that removes the events: a neutral mark, not a number of another run.
	f, err := fault.Parse("down:mx.example.net")
	require.NoError(t, err)
	broken := world.Run(sc, f)
	assert.Equal(t, "<p>It sent — octets, — before delivery.</p>", text.Steps["s1"].Fill(broken, "en").HTML)
	assert.Equal(t, "<p>Q 220?</p>", c1.Question.Fill(broken, "en").HTML)
}

// TestInlineHTML: a summary or goal is Markdown rendered like narration: code spans
// become <code>, raw HTML never passes.
func TestInlineHTML(t *testing.T) {
	for _, tt := range []struct{ md, want string }{
		{"Read `250 2.0.0` *aloud*", "Read <code>250 2.0.0</code> <em>aloud</em>"},
		{"a <script>alert(1)</script> b", "a <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> b"},
		{"[x](javascript:alert(1))", `<a href="">x</a>`},
		{"one\n\ntwo", "<p>one</p>\n<p>two</p>"},
	} {
		assert.Equal(t, tt.want, lessonfile.InlineHTML(tt.md), tt.md)
	}
	course, err := lessonfile.Course()
	require.NoError(t, err)
	for _, l := range course {
		for lang, text := range l.Texts {
			for _, s := range append([]string{text.Summary}, text.Goals...) {
				assert.NotContains(t, lessonfile.InlineHTML(s), "`", "%s %s: %q", l.ID, lang, s)
			}
		}
	}
}
