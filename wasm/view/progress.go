package view

import (
	"encoding/json"
	"time"

	"smtpsim/lessons"
)

// Progress is what the page remembers of a learner, in this browser only: per lesson,
// the checkpoints answered (the first answer and whether it was right), the furthest
// step reached and whether the lesson was completed. Nothing of it is sent anywhere.
// The page keeps it as JSON under ProgressKey in localStorage.
type Progress struct {
	Version int `json:"version"`
	// Lessons are the built-in lessons, by id.
	Lessons map[string]*LessonProgress `json:"lessons,omitempty"`
	// Own are a teacher's own lessons, by their id, apart from the built-in ones.
	Own map[string]*LessonProgress `json:"own,omitempty"`
}

// LessonProgress is one lesson's record.
type LessonProgress struct {
	// Answers are the first answer to each checkpoint, by checkpoint id.
	Answers map[string]FirstAnswer `json:"answers,omitempty"`
	// Furthest is the furthest event index reached, -1 for the introduction.
	Furthest int `json:"furthest"`
	// Completed is set once the learner reached the lesson's last event; it stays set.
	Completed bool `json:"completed,omitempty"`
	// CompletedOn is the day of the first completion (YYYY-MM-DD, the browser's clock).
	CompletedOn string `json:"completed_on,omitempty"`
}

// FirstAnswer is the option a learner chose first, and whether it was right.
type FirstAnswer struct {
	Choice string `json:"choice"`
	Right  bool   `json:"right"`
}

// ProgressKey is the localStorage key of the record; its version is part of it and of
// the record, so that a later page can tell an old record from its own.
const ProgressKey = "smtpsim.progress.v1"

// ProgressVersion is the version of the record this page writes and reads.
const ProgressVersion = 1

// DecodeProgress reads a stored record. Anything that is not a record of this
// version — nothing stored, damaged JSON, another program's value — gives an empty
// record and false: the page ignores it and writes its own over it.
func DecodeProgress(data string) (*Progress, bool) {
	var p Progress
	if data == "" || json.Unmarshal([]byte(data), &p) != nil || p.Version != ProgressVersion {
		return NewProgress(), false
	}
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	if p.Own == nil {
		p.Own = map[string]*LessonProgress{}
	}
	for _, m := range []map[string]*LessonProgress{p.Lessons, p.Own} {
		for id, l := range m {
			if l == nil {
				delete(m, id) // "lesson": null is no record
			}
		}
	}
	return &p, true
}

// NewProgress is an empty record.
func NewProgress() *Progress {
	return &Progress{Version: ProgressVersion, Lessons: map[string]*LessonProgress{}, Own: map[string]*LessonProgress{}}
}

// Encode is the record as stored.
func (p *Progress) Encode() string {
	b, err := json.Marshal(p)
	if err != nil {
		return "" // cannot happen: plain strings, ints and bools
	}
	return string(b)
}

// Lesson is the record of a built-in lesson, nil if it was never started.
func (p *Progress) Lesson(id string) *LessonProgress { return p.Lessons[id] }

// Of is the record of the lesson a page shows — built-in or own — or nil.
func (p *Progress) Of(pg *Page) *LessonProgress {
	if pg == nil || pg.Lesson == nil {
		return nil
	}
	if pg.Own != "" {
		return p.Own[pg.Lesson.ID]
	}
	return p.Lessons[pg.Lesson.ID]
}

// Observe merges what the page shows into the record: answers given, the step reached,
// the lesson completed (on the day given, from the browser's clock). It tells whether
// the record changed. The sandbox is not tracked; nor is the introduction of a lesson
// opened and left without a step or an answer.
//
// The first answer wins: an answer already in the record is never replaced. Answers a
// link or a saved session restores reach the page as the learner's own do; they count
// as answered where the record has none, but they can never overwrite the answer the
// learner gave first.
func (p *Progress) Observe(pg *Page, day string) bool {
	if pg == nil || pg.Lesson == nil || pg.Demo {
		return false // a demonstration (demo=1) is shown, not worked through: nothing to record
	}
	r := p.Of(pg)
	if r == nil {
		if pg.Step < 0 && len(pg.Answers) == 0 {
			return false
		}
		r = &LessonProgress{Furthest: -1}
		records := p.Lessons
		if pg.Own != "" {
			records = p.Own
		}
		records[pg.Lesson.ID] = r
	}
	before := *r
	changed := false
	for _, c := range pg.Lesson.Checkpoints {
		choice, ok := pg.Answers[c.ID]
		if !ok {
			continue
		}
		if _, first := r.Answers[c.ID]; first {
			continue // first answer wins
		}
		if r.Answers == nil {
			r.Answers = map[string]FirstAnswer{}
		}
		r.Answers[c.ID] = FirstAnswer{Choice: choice, Right: choice == c.Answer}
		changed = true
	}
	r.Furthest = max(r.Furthest, pg.Step)
	if !r.Completed && pg.Step == pg.Trace.Len()-1 {
		r.Completed, r.CompletedOn = true, day
	}
	return changed || !sameScalars(before, *r)
}

// sameScalars compares the fields of two records other than their answers.
func sameScalars(a, b LessonProgress) bool {
	return a.Furthest == b.Furthest && a.Completed == b.Completed && a.CompletedOn == b.CompletedOn
}

// LessonState is a lesson's card on the start page: its state in words and a meter.
type LessonState struct {
	Words string
	// Value and Max are the meter: questions answered (right, once completed) of all.
	Value, Max int
	Started    bool
	Completed  bool
}

// StateOf is how far a learner is in a lesson, in the page's words.
func (p *Progress) StateOf(lang string, l lessons.Entry) LessonState {
	total := len(l.Checkpoints)
	r := p.Lessons[l.ID]
	if r == nil {
		return LessonState{Words: T(lang, "progress.not-started"), Max: total}
	}
	answered, right := 0, 0
	for _, c := range l.Checkpoints {
		if a, ok := r.Answers[c]; ok {
			answered++
			if a.Right {
				right++
			}
		}
	}
	if r.Completed {
		return LessonState{Words: T(lang, "progress.completed", right, total), Value: right, Max: total, Started: true, Completed: true}
	}
	return LessonState{Words: T(lang, "progress.in-progress", answered, total), Value: answered, Max: total, Started: true}
}

// CoreDone counts the lessons of the core path completed, of all on it.
func (p *Progress) CoreDone(course []lessons.Entry) (done, total int) {
	for _, l := range course {
		if !l.Core {
			continue
		}
		total++
		if r := p.Lessons[l.ID]; r != nil && r.Completed {
			done++
		}
	}
	return done, total
}

// Empty tells whether there is nothing to reset.
func (p *Progress) Empty() bool { return len(p.Lessons) == 0 && len(p.Own) == 0 }

// Next is the lesson a learner most likely opens from the start page: the first of the
// course not completed yet ("" when all are). The page fetches its file ahead.
func (p *Progress) Next(course []lessons.Entry) string {
	for _, l := range course {
		if r := p.Lessons[l.ID]; r == nil || !r.Completed {
			return l.ID
		}
	}
	return ""
}

// Day writes the day of a completion (CompletedOn, YYYY-MM-DD) as readers of lang write
// a date: 06.12.2026 in German; English keeps the form that no reader misreads.
// Anything else is left as it is.
func Day(lang, iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil || lang != "de" {
		return iso
	}
	return d.Format("02.01.2006")
}
