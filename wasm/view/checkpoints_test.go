package view_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/scenario"
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

func TestAnsweredOptionsAreMarkedWithLetters(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	p.End()
	q := p.Question()
	require.NotNil(t, q)
	require.Len(t, q.Options, 3)
	for i, o := range q.Options {
		assert.Equal(t, string(rune('a'+i)), o.Letter)
		assert.Empty(t, o.Mark, "nothing marked while open")
	}
	_, ok := p.Answer("a")
	require.True(t, ok)
	q = p.Question()
	assert.Equal(t, "wrong", q.Options[0].Mark, "the chosen wrong option")
	assert.Equal(t, "right", q.Options[1].Mark, "the right one")
	assert.Empty(t, q.Options[2].Mark)
	assert.Equal(t, "b", q.CorrectLetter)
}

// answerAll goes to the end of the lesson, answering every question with choose.
func answerAll(p *view.Page, choose func(q *view.Question) string) {
	for {
		p.End()
		q := p.Question()
		if q == nil || q.Answered != "" {
			return
		}
		p.Answer(choose(q))
	}
}

func TestSummaryAtTheEndOfALesson(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1, Lang: "de"})
	assert.Nil(t, p.Summary(), "not before the end")
	answerAll(p, func(*view.Question) string { return "a" })
	s := p.Summary()
	require.NotNil(t, s)
	assert.Equal(t, p.Trace.Len()-1, p.Step)
	assert.NotEmpty(t, s.GoalsHTML)
	assert.Equal(t, p.Lesson.Texts["de"].GoalsHTML, s.GoalsHTML, "in the page language")
	assert.GreaterOrEqual(t, s.Total, 1)
	assert.Equal(t, s.Total, s.Answered)
	assert.Less(t, s.Right, s.Total, "who-first was answered wrongly")

	p, _ = view.Open(view.State{Lesson: "journey", Step: -1})
	answerAll(p, func(q *view.Question) string {
		for _, c := range p.Lesson.Checkpoints {
			if c.ID == q.ID {
				return c.Answer
			}
		}
		return ""
	})
	s = p.Summary()
	require.NotNil(t, s)
	assert.Equal(t, s.Total, s.Right)
}

// TestQuestionHeadingSaysWhatItAsks: a "why" checkpoint is headed as a why question, an
// ordinary one as "what happens next?", in the page's language.
func TestQuestionHeadingSaysWhatItAsks(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		p, problems := view.Open(view.State{Lesson: "journey", Step: -1, Lang: lang})
		require.Empty(t, problems)
		heading := map[string]string{}
		for {
			for p.Forward() {
			}
			q := p.Question()
			if q == nil {
				break
			}
			heading[q.ID] = q.Heading
			_, ok := p.Answer(q.Options[0].ID)
			require.True(t, ok)
		}
		require.Contains(t, heading, "pull", "journey asks why mail is pulled")
		assert.Equal(t, view.T(lang, "question.heading.why"), heading["pull"])
		assert.Equal(t, view.T(lang, "question.heading"), heading["who-first"])
		assert.NotEqual(t, heading["pull"], heading["who-first"])
	}
}

// TestQuestionOnlyWhereItFits: lesson 1's first question is about Alice's own server
// looking up Bob's domain. In the store-and-forward model her server hands the
// message to the relay, which makes that lookup, so the question is not asked; the
// second, about who fetches the mail, is.
func TestQuestionOnlyWhereItFits(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1, Model: scenario.StoreAndForward})
	p.End()
	assert.Equal(t, "pull", p.Pending(), "the first question asked is the second of the lesson")
	p, _ = view.Open(view.State{Lesson: "journey", Step: -1})
	p.End()
	assert.Equal(t, "who-first", p.Pending())
}
