package view_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/render"
	"smtpsim/sim/render/rendertest"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

func elements(t *testing.T, markup string) []rendertest.Element {
	t.Helper()
	els, err := rendertest.ReadInside(markup)
	require.NoError(t, err, "well-formed markup")
	return els
}

// texts is what a picture says in words.
func texts(els []rendertest.Element) string { return strings.Join(rendertest.Texts(els, "text"), "\n") }

// TestLadderIsTheDiagramUpToTheStep: the page draws every row of the diagram up to
// the current event, with the lanes of the whole run; the current row is marked and
// its place given for scrolling; rows that have something to explain take the focus
// and say their class in the page's language; no times are drawn.
func TestLadderIsTheDiagramUpToTheStep(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "one-message", Step: -1, Lang: "de"})
	require.Empty(t, problems)
	p.Seek(p.Trace.Find(func(e trace.Event) bool { return e.Kind == trace.KindLine && e.Code == 354 }))
	ladder := p.Ladder()
	assert.Equal(t, p.Arrows(0), ladder.Arrows)
	els := elements(t, ladder.Markup())
	// The markup in parts, for a page that replaces only the rows that changed: the
	// lanes, then one piece per row that names its index.
	require.Len(t, ladder.Rows, len(ladder.Arrows))
	for i, r := range ladder.Rows {
		assert.Equal(t, 1, strings.Count(r, "data-arrow="), "row %d is one row", i)
		assert.Contains(t, r, fmt.Sprintf(`data-arrow="%d"`, i))
	}
	assert.NotContains(t, ladder.Head, "data-arrow=")

	var heads, rows []rendertest.Element
	for _, g := range rendertest.Named(els, "g") {
		if strings.HasPrefix(g.Attrs["class"], "head ") {
			heads = append(heads, g)
		} else {
			rows = append(rows, g)
		}
	}
	assert.Len(t, heads, len(p.Lanes()), "every lane of the run")
	require.Len(t, rows, len(ladder.Arrows))
	current := 0
	for i, row := range rows {
		a := ladder.Arrows[i]
		assert.Equal(t, strconv.Itoa(i), row.Attrs["data-arrow"])
		if strings.HasSuffix(row.Attrs["class"], " current") {
			current++
			assert.True(t, a.Current)
		}
		if a.Class != "" {
			assert.Equal(t, "0", row.Attrs["tabindex"])
			assert.Contains(t, row.Attrs["aria-label"], "("+view.T("de", "class."+a.Class)+")")
		}
	}
	assert.Equal(t, 1, current, "one current row")
	assert.Positive(t, ladder.CurrentY)
	assert.Positive(t, ladder.Width)
	assert.Greater(t, ladder.Height, ladder.CurrentY)

	all := texts(els)
	assert.Contains(t, all, "… 354 End data with <CR><LF>.<CR><LF>", "a reply with its icon")
	assert.Contains(t, all, "TCP-Verbindung :587")
	assert.NotContains(t, all, p.Trace.Clock(0), "no times: the transcript has them")

	// The file draws the same rows, with their times.
	var file strings.Builder
	require.NoError(t, render.WriteSVG(&file, p.Run()))
	doc, err := rendertest.Read([]byte(file.String()))
	require.NoError(t, err)
	inFile := msgTexts(doc)
	for _, text := range msgTexts(els) {
		assert.Contains(t, inFile, text)
	}

	p.Seek(-1)
	assert.Empty(t, p.Ladder().Arrows)
	assert.Equal(t, -1, p.Ladder().CurrentY)
}

// msgTexts are the texts of a diagram's rows.
func msgTexts(els []rendertest.Element) []string {
	var out []string
	for _, el := range rendertest.Named(els, "text") {
		if el.Attrs["class"] == "msg" {
			out = append(out, el.Text)
		}
	}
	return out
}

// TestLadderKeepsEveryRow: at the last step of a long run the page draws every row up
// to the current event, the greeting first; every row's text fits the picture's width
// or is whole in its tooltip.
func TestLadderKeepsEveryRow(t *testing.T) {
	for _, lesson := range []string{"bulk", "trouble-that-stays"} {
		p, problems := view.Open(view.State{Lesson: lesson, Step: -1, Demo: true})
		require.Empty(t, problems, lesson)
		p.End()
		require.Equal(t, p.Trace.Len()-1, p.Step, "%s: the last event", lesson)
		ladder := p.Ladder()
		require.Equal(t, p.Arrows(0), ladder.Arrows, lesson)
		require.NotEmpty(t, ladder.Arrows, lesson)
		var greeting bool
		for _, a := range ladder.Arrows {
			if a.Code == 220 {
				greeting = true
				break
			}
		}
		assert.True(t, greeting, "%s: the 220 greeting is drawn", lesson)

		// Elements come in document order: a row's group, then what it holds.
		els := elements(t, ladder.Markup())
		row, msg, title := -1, "", ""
		check := func() {
			if row < 0 {
				return
			}
			a := ladder.Arrows[row]
			if !strings.Contains(msg, a.Text) {
				assert.Contains(t, title, a.Text, "%s row %d: a cut text is whole in its title", lesson, row)
			}
		}
		for _, el := range els {
			switch {
			case el.Name.Local == "g":
				check()
				row, msg, title = -1, "", ""
				if v, ok := el.Attrs["data-arrow"]; ok {
					i, err := strconv.Atoi(v)
					require.NoError(t, err)
					row = i
				}
			case el.Name.Local == "title":
				title = el.Text
			case el.Name.Local == "text" && el.Attrs["class"] == "msg":
				msg = el.Text
				x, err := strconv.Atoi(el.Attrs["x"])
				require.NoError(t, err)
				assert.LessOrEqual(t, x+int(float64(len([]rune(msg)))*7.3), ladder.Width, "%s row %d fits", lesson, row)
			}
		}
		check()
		assert.Positive(t, row, "%s: rows were read", lesson)
	}
}

// TestTopologyMarkup: each machine is a button with its roles and, in the page's
// language, whether it is down and what waits in its queue; the message rests on the
// chip of the role that holds it; names are escaped.
func TestTopologyMarkup(t *testing.T) {
	for _, tt := range []struct{ lang, down, queue string }{{"en", "down", "queue 1"}, {"de", "ausgefallen", "Warteschlange 1"}} {
		p, problems := view.Open(view.State{Lesson: "first-mail", Step: -1, Lang: tt.lang})
		require.Empty(t, problems)
		require.NoError(t, p.AddFault("down:mx.example.net,until=2h"))
		p.Seek(p.Trace.Next(-1, trace.KindDefer))
		markup, viewBox := p.TopologyMarkup(0, 0)
		els := elements(t, markup)
		assert.Regexp(t, `^0 0 \d+ \d+$`, viewBox)
		nodes := map[string]rendertest.Element{}
		for _, g := range rendertest.Named(els, "g") {
			if id, ok := g.Attrs["data-node"]; ok {
				nodes[id] = g
			}
		}
		resting := 0
		for _, g := range rendertest.Named(els, "g") {
			if g.Attrs["class"] == "envelope resting" {
				resting++
			}
		}
		lanes := p.Lanes()
		require.Len(t, nodes, len(lanes))
		roles := p.HostRoles()
		for _, l := range lanes {
			assert.Equal(t, strings.Join(roles[l.ID], " "), nodes[l.ID].Attrs["data-roles"])
			assert.Equal(t, "button", nodes[l.ID].Attrs["role"])
		}
		mx := nodes["mx.example.net"]
		assert.Equal(t, "node active down", mx.Attrs["class"], "the current defer names it")
		assert.NotContains(t, mx.Attrs, "aria-label", "a machine's name is its visible text")
		assert.Equal(t, "mta mda pop3", mx.Attrs["data-roles"])
		assert.Equal(t, "msa mta", nodes["mail.example.org"].Attrs["data-roles"])
		assert.Contains(t, texts(els), "mx.example.net")
		assert.Contains(t, texts(els), tt.down)
		assert.Contains(t, texts(els), tt.queue)
		assert.Equal(t, 1, resting, "the deferred message rests in one queue")
	}

	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	p.End()
	markup, _ := p.TopologyMarkup(0, 0)
	assert.Contains(t, texts(elements(t, markup)), "✉ 1", "one message filed at the end")
}

// TestAttemptsPlot: a row per recipient and a dot per attempt, with its icon and time;
// nothing for a machine whose queue tried nothing.
func TestAttemptsPlot(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "greylisting", Step: -1, Lang: "de"})
	p.End()
	plot := p.AttemptsPlot("mail.example.org")
	els, err := rendertest.Read([]byte(plot))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(plot, `<svg class="plot" `), plot)
	assert.Contains(t, plot, `aria-label="`+view.T("de", "inspect.attempts")+`"`)
	var classes []string
	for _, c := range rendertest.Named(els, "circle") {
		classes = append(classes, c.Attrs["class"])
	}
	titles := rendertest.Texts(els, "title")
	series := p.Attempts("mail.example.org")
	points := 0
	for _, s := range series {
		points += len(s.Points)
		assert.Contains(t, texts(els), s.Label)
	}
	require.Len(t, classes, points)
	assert.Equal(t, "retry", classes[0], "greylisted first")
	for _, c := range classes {
		assert.Contains(t, []string{"retry", "ok", "fail"}, c)
	}
	first := series[0].Points[0]
	assert.Equal(t, "↻ "+p.Trace.Clock(time.Duration(first.TimeMS)*time.Millisecond), titles[0])
	assert.Empty(t, p.AttemptsPlot("dns"))
}

// TestConsoleLineShown: who speaks, the icon of a reply or an outcome, the text.
func TestConsoleLineShown(t *testing.T) {
	for _, tt := range []struct {
		line view.ConsoleLine
		want string
	}{
		{view.ConsoleLine{Kind: "client", Text: "EHLO x"}, "C: EHLO x"},
		{view.ConsoleLine{Kind: "server", Text: "250 2.1.0 Ok", Class: "ok"}, "S: ✓ 250 2.1.0 Ok"},
		{view.ConsoleLine{Kind: "server", Text: "451 4.3.0 Try again later", Class: "retry"}, "S: ↻ 451 4.3.0 Try again later"},
		{view.ConsoleLine{Kind: "note", Text: "connection closed"}, "· connection closed"},
		{view.ConsoleLine{Kind: "unsent", Text: "QUIT", Class: "fail"}, "C✗ QUIT"},
	} {
		assert.Equal(t, tt.want, tt.line.Shown())
	}
}

// TestStepsDrawAsAFreshPage: the diagram and the transcript a page keeps from step to
// step (only new rows and lines are written) are, after steps forward and back, jumps,
// a change of language and a replayed run, exactly those of the same step opened
// afresh.
func TestStepsDrawAsAFreshPage(t *testing.T) {
	for _, lesson := range []string{"one-message", "trouble-that-stays"} {
		t.Run(lesson, func(t *testing.T) {
			p, problems := view.Open(view.State{Lesson: lesson, Step: 0, Demo: true})
			require.Empty(t, problems)
			check := func(what string) {
				t.Helper()
				fresh, _ := view.Open(view.State{Lesson: lesson, Step: p.Step, Demo: true, Lang: p.Lang, Faults: p.Faults})
				require.Equal(t, fresh.Step, p.Step)
				want, got := fresh.Ladder(), p.Ladder()
				require.Equal(t, want.Picture, got.Picture, "%s: the diagram at step %d", what, p.Step)
				require.Equal(t, want.Arrows, got.Arrows, "%s: its rows at step %d", what, p.Step)
				require.Equal(t, fresh.Transcript(), p.Transcript(), "%s: the transcript at step %d", what, p.Step)
			}
			last := p.Trace.Len() - 1
			for _, step := range []int{0, 1, 2, 3, 2, 1, last / 2, last/2 + 1, last / 3, last, last - 1, 5} {
				p.Seek(step)
				check("stepping")
			}
			p.Lang = "de"
			check("in German")
			p.Seek(p.Step + 7)
			check("in German, on")
			// The rows and lines of the whole run made, then back, so that a replay must
			// not show those of the events after the fault's step.
			p.End()
			check("in German, at the end")
			p.Seek(p.Step / 2)
			require.NoError(t, p.AddFault("greylist:"+p.Scenario.Hosts[len(p.Scenario.Hosts)-1].Name))
			check("a replayed run")
			p.Seek(max(p.Step-3, 0))
			check("a replayed run, back")
			// Past the fault's step the replayed run differs: nothing from before it may show.
			p.End()
			check("a replayed run, at its end")
		})
	}
}
