package view_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// TestTopologyMarkup: each machine is a button with its role and, in the page's
// language, whether it is down and what waits in its queue; the current link
// carries the envelope; names are escaped.
func TestTopologyMarkup(t *testing.T) {
	for _, tt := range []struct{ lang, down, queue string }{{"en", "down", "queue 1"}, {"de", "ausgefallen", "Warteschlange 1"}} {
		p, problems := view.Open(view.State{Lesson: "first-mail", Step: -1, Lang: tt.lang})
		require.Empty(t, problems)
		require.NoError(t, p.AddFault("down:mx.example.net,until=2h"))
		p.Seek(p.Trace.Next(-1, trace.KindDefer))
		els := elements(t, p.TopologyMarkup())
		nodes := map[string]rendertest.Element{}
		for _, g := range rendertest.Named(els, "g") {
			nodes[g.Attrs["data-node"]] = g
		}
		envelopes := 0
		for _, r := range rendertest.Named(els, "rect") {
			if r.Attrs["class"] == "envelope" {
				envelopes++
			}
		}
		lanes := p.Lanes()
		require.Len(t, nodes, len(lanes))
		for _, l := range lanes {
			assert.Equal(t, l.Role, nodes[l.ID].Attrs["data-role"])
			assert.Equal(t, "button", nodes[l.ID].Attrs["role"])
		}
		mx, msa := nodes["mx.example.net"], nodes["mail.example.org"]
		assert.Equal(t, "node active down", mx.Attrs["class"], "the current defer names it")
		assert.Equal(t, "mx.example.net, "+mx.Attrs["data-role"]+", "+tt.down, mx.Attrs["aria-label"])
		assert.Contains(t, msa.Attrs["aria-label"], tt.queue)
		assert.Contains(t, texts(els), "msa · "+tt.queue)
		assert.LessOrEqual(t, envelopes, 1)
	}

	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	p.End()
	assert.Contains(t, texts(elements(t, p.TopologyMarkup())), "✉ 1", "one message filed at the end")
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
