package lessons

import (
	"fmt"

	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
)

// Lesson is one lesson: the world it runs, where its narration is anchored in the
// trace, its checkpoints, and its text in every language. The data (lesson.yaml) is
// shared; a translator edits only the text files (en.md, de.md).
type Lesson struct {
	ID          string
	Dir         string // as shown in messages
	Order       int
	ScenarioID  string // the built-in scenario it runs, "" when inline
	World       *scenario.Scenario
	Models      []scenario.Model
	Steps       []Step
	Checkpoints []Checkpoint
	Try         Try
	Texts       map[string]*Text // by language: "en", "de"
}

// Step anchors a piece of narration at an event.
type Step struct {
	ID  string
	At  Selector
	pos Pos
}

// Checkpoint asks "what happens next?" just before an event; the options state
// claims about that event, and exactly the answer's claim is true in the trace.
type Checkpoint struct {
	ID      string
	Before  Selector
	Answer  string
	Options []Option
	pos     Pos
}

// Option is one choice of a checkpoint.
type Option struct {
	ID    string
	Claim []Cond
	pos   Pos
}

// Try is the "try it yourself" suggestion: a fault, and an event it makes happen.
type Try struct {
	Fault  fault.Fault
	Expect Selector
	pos    Pos
}

// Text is a lesson in one language. Narration is Markdown; HTML is its rendering
// (raw HTML in the source is dropped, so lesson text can never run script).
type Text struct {
	Lang        string
	File        string
	Title       string
	Duration    string
	Summary     string
	Goals       []string
	Try         Section
	Intro       Section
	Steps       map[string]Section
	Checkpoints map[string]CheckpointText
	// Placeholders are the values of the trace the sections quote, in the order of
	// the file; Lesson.Check makes sure each one has a value in every model.
	Placeholders []*Placeholder
}

// Section is a piece of narration in both forms. Its placeholders are filled for a
// run with Fill: Markdown keeps them as written, HTML has a marker for each.
type Section struct {
	Markdown string
	HTML     string

	placeholders []*Placeholder // of the whole file, by marker number
}

// CheckpointText is a checkpoint's question, options and the explanation shown once
// the learner has answered.
type CheckpointText struct {
	Question Section
	Options  map[string]Section
	Explain  Section
}

// Pos is a place in a file.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Error is a problem in a lesson file: "FILE:LINE:COL: what is wrong (what was expected)".
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is every problem found.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := ""
	for i, e := range l {
		if i > 0 {
			s += "\n"
		}
		s += e.Error()
	}
	return s
}

func (l *ErrorList) add(p Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
