package view_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// firstQuestion is the step at which stepping through the journey stops for "who-first".
func firstQuestion(t *testing.T) int {
	t.Helper()
	p, problems := view.Open(view.State{Lesson: "journey", Step: -1})
	require.Empty(t, problems)
	for p.Forward() {
	}
	require.Equal(t, "who-first", p.Pending())
	return p.Step
}

func TestEndStopsAtTheFirstQuestion(t *testing.T) {
	stop := firstQuestion(t)
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	p.End()
	assert.Equal(t, stop, p.Step)
	assert.Equal(t, "who-first", p.Pending())
	require.NotNil(t, p.Question())
	_, ok := p.Answer("b")
	require.True(t, ok)
	p.End()
	assert.Greater(t, p.Step, stop+1, "once answered, End goes on")
}

func TestSeekStopsAtTheFirstQuestion(t *testing.T) {
	stop := firstQuestion(t)
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	p.Seek(p.Trace.Len() - 2)
	assert.Equal(t, stop, p.Step)
	assert.Equal(t, "who-first", p.Pending())
	p.Seek(stop - 2)
	assert.Equal(t, stop-2, p.Step, "before the question the scrubber is free")
	p.Seek(-1)
	assert.Equal(t, -1, p.Step, "and backwards")
}

func TestNextOfStopsAtTheFirstQuestion(t *testing.T) {
	stop := firstQuestion(t)
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	assert.True(t, p.NextOf(trace.KindDNSAnswer), "moved up to the question")
	assert.Equal(t, stop, p.Step)
	assert.False(t, p.NextOf(trace.KindDNSAnswer), "and no further")
	assert.Equal(t, stop, p.Step)
	assert.Equal(t, "who-first", p.Pending())
}

func TestDeepLinkStopsAtTheFirstQuestion(t *testing.T) {
	stop := firstQuestion(t)
	s, problems := view.ParseFragment("lesson=journey&step=30&lang=en")
	require.Empty(t, problems)
	p, problems := view.Open(s)
	require.Empty(t, problems)
	assert.Equal(t, stop, p.Step)
	assert.Equal(t, "who-first", p.Pending())
	assert.Contains(t, p.State.Fragment(), "step=")
}

func TestDemoSkipsQuestions(t *testing.T) {
	stop := firstQuestion(t)
	s, problems := view.ParseFragment("lesson=journey&step=30&demo=1")
	require.Empty(t, problems)
	require.True(t, s.Demo)
	assert.Contains(t, s.Fragment(), "demo=1")
	p, _ := view.Open(s)
	assert.Equal(t, 30, p.Step, "a demonstration link opens where it says")
	p.Seek(-1)
	p.End()
	assert.Equal(t, p.Trace.Len()-1, p.Step)
	p.Seek(-1)
	assert.True(t, p.NextOf(trace.KindDNSAnswer))
	assert.Greater(t, p.Step, stop)

	s, problems = view.ParseFragment("lesson=journey&demo=maybe")
	assert.False(t, s.Demo)
	require.Len(t, problems, 1)
	assert.Contains(t, problems[0], `demo "maybe"`)
}
