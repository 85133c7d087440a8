package view_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// TestSinceTellsRetries: in "Trouble that stays" the text about the first wait in the
// queue stays on screen through a hundred retries; from the second on, a note above it
// says which step the text is about, how often the same has happened since and the
// latest as the run tells it — in the page's language.
func TestSinceTellsRetries(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		p, problems := view.Open(view.State{Lesson: "trouble-that-stays", Step: -1, Lang: lang, Demo: true})
		require.Empty(t, problems)
		defers := defersTo(p.Trace, "erin@example.com")
		require.Greater(t, len(defers), 10, "the run retries for days")

		p.Seek(defers[0])
		id, _ := p.Narration()
		require.Equal(t, "unreachable", id)
		assert.Empty(t, p.Since(), "%s: the text is about this very event", lang)
		p.Seek(defers[0] + 1)
		assert.Empty(t, p.Since(), "%s: nothing came again yet", lang)

		for _, tc := range []struct {
			nth  int // index in defers
			key  string
			args func(e trace.Event) []any
		}{
			{1, "narration.since.one", nil},
			{10, "narration.since.many", nil},
		} {
			p.Seek(defers[tc.nth] + 1) // one event past it: the latest is still this defer
			id, _ := p.Narration()
			require.Equal(t, "unreachable", id, "%s: the same text on screen", lang)
			e := p.Trace.At(defers[tc.nth])
			want := view.T(lang, tc.key, defers[0]+1, tc.nth, defers[tc.nth]+1, p.Trace.Clock(e.Time), p.Note(e))
			assert.Equal(t, want, p.Since(), lang)
			assert.Contains(t, p.Since(), fmt.Sprint(defers[tc.nth]+1), "the latest step's number, as the page counts steps")
			assert.Contains(t, p.Since(), p.Note(e), "the latest as the run tells it")
		}
		if lang == "de" {
			assert.Contains(t, p.Since(), "Seitdem ist dasselbe noch 10-mal geschehen")
		} else {
			assert.Contains(t, p.Since(), "The same has happened 10 more times since")
		}

		// Past the last retry, the next step's text is on screen: nothing to add.
		p.Seek(p.Trace.Len() - 1)
		assert.Empty(t, p.Since(), lang)
	}
}

// TestSinceOnlyForRetries: a reply that comes again is the same fact, not a later one:
// the text about the first greylisting reply in "bulk" gets no note at the next ones.
func TestSinceOnlyForRetries(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "bulk", Step: -1, Lang: "en", Demo: true})
	require.Empty(t, problems)
	seen := 0
	for i, e := range p.Trace.All() {
		if e.Kind == trace.KindLine && e.Code == 450 && e.Peer == "mx.example.com" {
			seen++
			if seen == 3 {
				p.Seek(i)
				break
			}
		}
	}
	require.Equal(t, 3, seen)
	id, _ := p.Narration()
	require.Equal(t, "greylisted", id)
	assert.Empty(t, p.Since())
}

// TestSinceCountsTheSameRetry: a message to two recipients waits; the text about the
// first defer (Bob's) gets no note at Carol's defer from the same attempt, and from
// Bob's next defer on counts Bob's alone.
func TestSinceCountsTheSameRetry(t *testing.T) {
	p, problems := view.LoadOwn(picked(t, "testdata/retry-lesson", "lesson.yaml", "en.md"), "en", compileOwn)
	require.Empty(t, problems)
	p.Seek(p.Trace.Len() - 1) // up to the first question
	_, asked := p.Answer("a")
	require.True(t, asked)
	bob, carol := defersTo(p.Trace, "bob@example.net"), defersTo(p.Trace, "carol@example.net")
	require.Greater(t, len(bob), 2)
	require.Greater(t, len(carol), 2)

	p.Seek(carol[0])
	require.Equal(t, carol[0], p.Step)
	id, _ := p.Narration()
	require.Equal(t, "wait", id)
	assert.Empty(t, p.Since(), "Carol's defer of the same attempt is not a retry of Bob's")

	p.Seek(carol[1])
	e := p.Trace.At(bob[1])
	assert.Equal(t, view.T("en", "narration.since.one", bob[0]+1, 1, bob[1]+1, p.Trace.Clock(e.Time), p.Note(e)), p.Since(),
		"Bob's next defer alone, not Carol's")
}

// defersTo is where the run defers its messages to rcpt: the events' indexes.
func defersTo(tr *trace.Trace, rcpt string) []int {
	var out []int
	for i, e := range tr.All() {
		if e.Kind == trace.KindDefer && e.Rcpt == rcpt {
			out = append(out, i)
		}
	}
	return out
}
