package view_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// TestGermanQueueAndNotes: with the MX down, the inspector's queue and the diagram's
// notes speak German.
func TestGermanQueueAndNotes(t *testing.T) {
	l, err := lessons.Find("trouble-that-passes")
	require.NoError(t, err)
	p, problems := view.Open(view.State{Lesson: l.ID, Step: -1, Lang: "de", Demo: true, Faults: []fault.Fault{l.Try.Fault}})
	require.Empty(t, problems)
	p.Seek(p.Trace.Next(-1, trace.KindDefer))
	queue := p.Queue("mail.example.org")
	require.Len(t, queue, 1)
	assert.Contains(t, queue[0], "keine Serverantwort, Status 4.4.1: Verbindung nicht möglich")
	assert.Contains(t, queue[0], "; nächster Versuch ")
	arrows := p.Arrows(0)
	last := arrows[len(arrows)-1]
	assert.Equal(t, trace.KindDefer, last.Kind)
	assert.True(t, strings.HasPrefix(last.Text, "m1 an bob@example.net bleibt in der Warteschlange"), last.Text)

	_, txt, err := p.Export("txt")
	require.NoError(t, err)
	p.End()
	assert.True(t, strings.HasPrefix(string(txt), strings.Join(p.Transcript(), "\n")+"\n"), "the download is the transcript")
}

// TestPageAndRunWordsApart: the page's own words and the words of a rendered run have
// no key in common, so that T finds each in one place.
func TestPageAndRunWordsApart(t *testing.T) {
	require.NoError(t, view.LoadStrings())
	run := render.Phrases().Keys("en")
	for _, k := range view.Keys("en") {
		assert.NotContains(t, run, k)
	}
	assert.Equal(t, "vorübergehender Fehler", view.T("de", "class.retry"), "the page reads the run's words too")
	assert.Equal(t, "↻ vorübergehender Fehler", view.ClassLabel("de", "retry"))
}
