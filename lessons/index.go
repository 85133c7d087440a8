package lessons

import (
	"fmt"
	"strings"
	"sync"
)

// Entry is a lesson as the start page lists it: what its card shows and what the
// learner's progress needs, with summary and goals already rendered. The built-in
// course's entries are compiled in (index_gen.go), so that the page lists the course
// without opening a lesson; a lesson is decoded when opened. They hold no map, so the
// compiler lays them out as data and the page runs no code to build them.
type Entry struct {
	ID          string
	Dir         string // the lesson's folder in the course's sources
	Order       int
	Core        bool
	Checkpoints []string    // the ids of its checkpoints, in order
	Texts       []EntryText // one per language the lesson has, in the order of Languages
}

// EntryText is a lesson card in one language. SummaryHTML and GoalsHTML are lesson
// Markdown rendered as narration is, so safe to insert as HTML.
type EntryText struct {
	Lang        string // "en", "de"
	Title       string
	Duration    string
	SummaryHTML string
	GoalsHTML   []string
}

// Text is the card in lang; ok is false when the lesson lacks that language.
func (e Entry) Text(lang string) (t EntryText, ok bool) {
	for _, t := range e.Texts {
		if t.Lang == lang {
			return t, true
		}
	}
	return EntryText{}, false
}

// Title is the lesson's title in lang, or in English when it lacks lang.
func (e Entry) Title(lang string) string {
	if t, ok := e.Text(lang); ok {
		return t.Title
	}
	t, _ := e.Text("en")
	return t.Title
}

// Index lists the built-in lessons in order, from the compiled index.
func Index() []Entry { return index }

// Entry is l's card on the start page.
func (l *Lesson) Entry() Entry {
	e := Entry{ID: l.ID, Dir: strings.TrimPrefix(l.Dir, "lessons/"), Order: l.Order, Core: l.Core}
	for _, c := range l.Checkpoints {
		e.Checkpoints = append(e.Checkpoints, c.ID)
	}
	for _, lang := range Languages {
		t := l.Texts[lang]
		if t == nil {
			continue
		}
		e.Texts = append(e.Texts, EntryText{Lang: lang, Title: t.Title, Duration: t.Duration, SummaryHTML: t.SummaryHTML, GoalsHTML: t.GoalsHTML})
	}
	return e
}

// preloaded holds lessons decoded ahead (Provide), each until Find hands it out once:
// every caller gets a lesson of its own, never one another caller holds.
var preloaded sync.Map // id → *Lesson

// Find returns the built-in lesson with the given id, compiled: a lesson of its own
// for each caller.
func Find(id string) (*Lesson, error) {
	if l, ok := preloaded.LoadAndDelete(id); ok {
		return l.(*Lesson), nil
	}
	return load(id)
}

// load decodes the built-in lesson id.
func load(id string) (*Lesson, error) {
	data, err := compiledFile(LessonFile(id))
	if err != nil {
		return nil, fmt.Errorf("no lesson %q: %w", id, err)
	}
	return Decode(data)
}
