package view_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/wasm/view"
)

// rightAnswer is the right option of a checkpoint of the page's lesson.
func rightAnswer(p *view.Page, id string) string {
	for _, c := range p.Lesson.Checkpoints {
		if c.ID == id {
			return c.Answer
		}
	}
	return ""
}

// wrongAnswer is an option of a checkpoint that is not the right one.
func wrongAnswer(p *view.Page, id string) string {
	for _, c := range p.Lesson.Checkpoints {
		if c.ID == id {
			for _, o := range c.Options {
				if o.ID != c.Answer {
					return o.ID
				}
			}
		}
	}
	return ""
}

func TestDecodeProgress(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		ok         bool
		lessons    int
	}{
		{"nothing stored", "", false, 0},
		{"damaged JSON", `{"version":1,"lessons":{"journey":{"furth`, false, 0},
		{"not JSON", "garbage ✗", false, 0},
		{"another program's value", `["a","b"]`, false, 0},
		{"another version", `{"version":2,"lessons":{"journey":{"furthest":3}}}`, false, 0},
		{"no version", `{"lessons":{"journey":{"furthest":3}}}`, false, 0},
		{"wrong types", `{"version":1,"lessons":{"journey":{"furthest":"far"}}}`, false, 0},
		{"a null lesson", `{"version":1,"lessons":{"journey":null}}`, true, 0},
		{"a record", `{"version":1,"lessons":{"journey":{"furthest":3,"answers":{"who-first":{"choice":"a","right":true}}}}}`, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := view.DecodeProgress(tc.data)
			assert.Equal(t, tc.ok, ok)
			require.NotNil(t, p)
			assert.Len(t, p.Lessons, tc.lessons)
			assert.NotNil(t, p.Own, "a record to write into")
			again, ok := view.DecodeProgress(p.Encode())
			assert.True(t, ok, "what is written is read back")
			assert.Equal(t, p, again)
		})
	}
}

func TestProgressObserve(t *testing.T) {
	for _, tc := range []struct {
		name     string
		state    view.State
		play     func(p *view.Page) // what the learner does
		tracked  bool
		answered int
		complete bool
	}{
		{"opened only", view.State{Lesson: "journey", Step: -1}, func(*view.Page) {}, false, 0, false},
		{"one step", view.State{Lesson: "journey", Step: -1}, func(p *view.Page) { p.Forward() }, true, 0, false},
		{"sandbox", view.State{World: "bounce", Step: -1}, func(p *view.Page) { p.End() }, false, 0, false},
		{"demonstrated to the end", view.State{Lesson: "journey", Step: -1, Demo: true}, func(p *view.Page) { p.End() }, false, 0, false},
		{"to the end", view.State{Lesson: "journey", Step: -1}, func(p *view.Page) {
			answerAll(p, func(q *view.Question) string { return rightAnswer(p, q.ID) })
		}, true, -1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, problems := view.Open(tc.state)
			require.Empty(t, problems)
			tc.play(p)
			prog := view.NewProgress()
			assert.Equal(t, tc.tracked, prog.Observe(p, "2026-12-06"))
			assert.False(t, prog.Observe(p, "2026-12-07"), "nothing new the second time")
			if !tc.tracked {
				assert.True(t, prog.Empty())
				return
			}
			r := prog.Lesson("journey")
			require.NotNil(t, r)
			assert.Equal(t, p.Step, r.Furthest)
			assert.Equal(t, tc.complete, r.Completed)
			if tc.complete {
				assert.Equal(t, "2026-12-06", r.CompletedOn, "the day of the first completion")
				assert.Len(t, r.Answers, len(p.Lesson.Checkpoints))
			} else {
				assert.Len(t, r.Answers, tc.answered)
			}
		})
	}
}

// TestFirstAnswerWins: a later answer — a new attempt, or answers a link or a saved
// session restores — never replaces the answer in the record; it fills in only
// questions the record has no answer to. Completion and the furthest step stay.
func TestFirstAnswerWins(t *testing.T) {
	prog := view.NewProgress()
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	answerAll(p, func(q *view.Question) string { return wrongAnswer(p, q.ID) })
	require.True(t, prog.Observe(p, "2026-12-06"))
	first := prog.Lesson("journey")
	require.True(t, first.Completed)
	wrong := map[string]view.FirstAnswer{}
	for id, a := range first.Answers {
		assert.False(t, a.Right, id)
		wrong[id] = a
	}

	// A link restores right answers to every question, at the start of the lesson.
	right := map[string]string{}
	for _, c := range p.Lesson.Checkpoints {
		right[c.ID] = c.Answer
	}
	linked, problems := view.Open(view.State{Lesson: "journey", Step: 0, Answers: right})
	require.Empty(t, problems)
	assert.False(t, prog.Observe(linked, "2026-12-24"), "nothing to add")
	r := prog.Lesson("journey")
	assert.Equal(t, wrong, r.Answers, "the first answers stay")
	assert.True(t, r.Completed, "completed stays completed")
	assert.Equal(t, "2026-12-06", r.CompletedOn)
	assert.Equal(t, p.Trace.Len()-1, r.Furthest, "the furthest step stays")

	// A record without answers takes the restored ones: they count as answered.
	fresh := view.NewProgress()
	assert.True(t, fresh.Observe(linked, "2026-12-24"))
	assert.Len(t, fresh.Lesson("journey").Answers, len(right))
	assert.False(t, fresh.Lesson("journey").Completed)
}

func TestProgressOwnLessonsApart(t *testing.T) {
	dir := filepath.Join("..", "..", "lessons", "course", "02-hello")
	p, problems := view.LoadOwn(picked(t, dir, "lesson.yaml", "en.md"), "en", compileOwn)
	require.NotNil(t, p, problems)
	answerAll(p, func(q *view.Question) string { return rightAnswer(p, q.ID) })
	prog := view.NewProgress()
	require.True(t, prog.Observe(p, "2026-12-06"))
	assert.Empty(t, prog.Lessons, "not a built-in lesson")
	require.Contains(t, prog.Own, p.Lesson.ID, "kept under its id, as own")
	assert.Same(t, prog.Own[p.Lesson.ID], prog.Of(p))
	assert.True(t, prog.Of(p).Completed)
}

func TestLessonStateWords(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	journey, err := lessons.Find("journey")
	require.NoError(t, err)
	total := len(journey.Checkpoints)
	require.GreaterOrEqual(t, total, 2)
	ids := make([]string, 0, total)
	for _, c := range journey.Checkpoints {
		ids = append(ids, c.ID)
	}
	for _, tc := range []struct {
		name   string
		record *view.LessonProgress
		lang   string
		words  string
		value  int
	}{
		{"none", nil, "en", "not started", 0},
		{"none de", nil, "de", "noch nicht begonnen", 0},
		{"in progress", &view.LessonProgress{Furthest: 4, Answers: map[string]view.FirstAnswer{ids[0]: {Choice: "x", Right: false}}}, "en", view.T("en", "progress.in-progress", 1, total), 1},
		{"completed", &view.LessonProgress{Furthest: 40, Completed: true, Answers: map[string]view.FirstAnswer{ids[0]: {Right: true}, ids[1]: {Right: false}}}, "en", view.T("en", "progress.completed", 1, total), 1},
		{"completed de", &view.LessonProgress{Completed: true}, "de", view.T("de", "progress.completed", 0, total), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prog := view.NewProgress()
			if tc.record != nil {
				prog.Lessons["journey"] = tc.record
			}
			s := prog.StateOf(tc.lang, journey.Entry())
			assert.Equal(t, tc.words, s.Words)
			assert.Equal(t, tc.value, s.Value)
			assert.Equal(t, total, s.Max)
			assert.Equal(t, tc.record != nil, s.Started)
		})
	}
	assert.Equal(t, "in progress: 3 of 7 questions", view.T("en", "progress.in-progress", 3, 7))
	assert.Equal(t, "completed — 5 of 7 right first time", view.T("en", "progress.completed", 5, 7))

	prog := view.NewProgress()
	done, total := prog.CoreDone(lessons.Index())
	assert.Zero(t, done)
	require.Positive(t, total)
	var coreIDs, other []string
	for _, l := range course {
		if l.Core {
			coreIDs = append(coreIDs, l.ID)
		} else {
			other = append(other, l.ID)
		}
	}
	require.NotEmpty(t, other)
	prog.Lessons[coreIDs[0]] = &view.LessonProgress{Completed: true}
	prog.Lessons[coreIDs[1]] = &view.LessonProgress{Furthest: 3}
	prog.Lessons[other[0]] = &view.LessonProgress{Completed: true}
	done, total = prog.CoreDone(lessons.Index())
	assert.Equal(t, 1, done, "only completed lessons of the core path count")
	assert.Equal(t, len(coreIDs), total)
}

func TestSummaryForTheTeacher(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "journey", Step: -1, Lang: "de"})
	first := true
	answerAll(p, func(q *view.Question) string {
		defer func() { first = false }()
		if first {
			return wrongAnswer(p, q.ID)
		}
		return rightAnswer(p, q.ID)
	})
	s := p.Summary()
	require.NotNil(t, s)
	assert.Equal(t, p.Lesson.Texts["de"].Title, s.Title)
	require.Len(t, s.Questions, s.Total)
	assert.Equal(t, "wrong", s.Questions[0].Mark)
	for _, q := range s.Questions[1:] {
		assert.Equal(t, "right", q.Mark)
		assert.NotEmpty(t, q.HTML)
	}
	assert.Equal(t, s.Total-1, s.Right)
}

// TestProgressNext: the lesson a learner most likely opens next is the first of the
// course not completed — a lesson only started counts as not completed — and none
// once all are.
func TestProgressNext(t *testing.T) {
	course := lessons.Index()
	p := view.NewProgress()
	assert.Equal(t, course[0].ID, p.Next(course))
	p.Lessons[course[0].ID] = &view.LessonProgress{Completed: true}
	p.Lessons[course[1].ID] = &view.LessonProgress{}
	assert.Equal(t, course[1].ID, p.Next(course))
	p.Lessons[course[1].ID].Completed = true
	p.Lessons[course[3].ID] = &view.LessonProgress{Completed: true}
	assert.Equal(t, course[2].ID, p.Next(course))
	for _, l := range course {
		p.Lessons[l.ID] = &view.LessonProgress{Completed: true}
	}
	assert.Equal(t, "", p.Next(course))
}

// TestDay: the day a lesson was completed, as a German reader writes a date; English
// and anything that is not a day are left as they are.
func TestDay(t *testing.T) {
	for _, tc := range []struct{ lang, in, want string }{
		{"de", "2026-12-08", "08.12.2026"},
		{"de", "2027-01-31", "31.01.2027"},
		{"en", "2026-12-08", "2026-12-08"},
		{"de", "", ""},
		{"de", "8.12.2026", "8.12.2026"},
		{"de", "2026-13-01", "2026-13-01"},
	} {
		assert.Equal(t, tc.want, view.Day(tc.lang, tc.in), "%s %q", tc.lang, tc.in)
	}
}
