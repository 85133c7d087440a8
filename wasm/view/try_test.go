package view_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/fault"
	"smtpsim/wasm/view"
)

// Trying a lesson's fault makes the promised event happen, whatever the position was.
func TestTryItMakesThePromisedEventHappen(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	tried := 0
	for _, l := range course {
		if l.Try.Fault.Kind == "" {
			continue
		}
		tried++
		p, problems := view.Open(view.State{Lesson: l.ID, Step: -1, Demo: true})
		require.Empty(t, problems)
		p.End() // at the last event: a fault added here used to change nothing
		require.True(t, p.TryIt(), l.ID)
		assert.True(t, p.Trying(), l.ID)
		require.Len(t, p.Faults, 1)
		i := l.Try.Expect.Find(p.Trace)
		require.GreaterOrEqual(t, i, 0, "%s: %s happens", l.ID, l.Try.Expect)
		assert.Less(t, p.Step, i, "%s: replayed from before the promised event", l.ID)
		assert.Equal(t, "acts from the start of the run", p.FaultNote(0))
	}
	assert.Greater(t, tried, 0)
}

func TestFaultAddedAtTheLastStepActsFromTheStart(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "first-mail", Step: -1, Demo: true})
	require.Empty(t, problems)
	p.End()
	before := p.Trace.Len()
	require.NoError(t, p.AddFault("unknown-user:bob@example.net"))
	assert.Equal(t, 0, p.Faults[0].Step, "not pinned after the last event")
	assert.Equal(t, "acts from the start of the run", p.FaultNote(0))
	assert.NotEqual(t, before, p.Trace.Len(), "the run changed")
	assert.Less(t, p.Step, p.Trace.Len()-1, "replayed from where it changed")

	p.Seek(2)
	require.NoError(t, p.AddFault("greylist:mx.example.net"))
	assert.Equal(t, 3, p.Faults[1].Step)
	assert.Equal(t, "acts from step 4 on", p.FaultNote(1), "the step after the one shown (3 of the page), where the fault was added")
}

func TestFaultPinnedPastTheEndSaysSo(t *testing.T) {
	f, err := fault.Parse("greylist:mx.example.net,step=9999")
	require.NoError(t, err)
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1, Faults: []fault.Fault{f}, Lang: "de"})
	assert.Contains(t, p.FaultNote(0), "ändert nichts")
}
