package lessons

import (
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/yamlfile"
)

// Lesson is one lesson: the world it runs, where its narration is anchored in the
// trace, its checkpoints, and its text in every language. The data (lesson.yaml) is
// shared; a translator edits only the text files (en.md, de.md).
type Lesson struct {
	ID          string
	Dir         string // as shown in messages
	Order       int
	Core        bool   // on the core path of the course; the others deepen it
	ScenarioID  string // the built-in scenario it runs, "" when inline
	World       *scenario.Scenario
	Models      []scenario.Model
	Steps       []Step
	Checkpoints []Checkpoint
	Try         Try
	Texts       map[string]*Text // by language: "en", "de"

	file string // lesson.yaml as shown in messages
}

// Step anchors a piece of narration at an event.
type Step struct {
	ID  string   `yaml:"id" noun:"step id"`
	At  Selector `yaml:"at"`
	pos yamlfile.Pos
}

// Checkpoint asks "what happens next?" — or "why?" — just before an event; the
// options state claims about that event, and exactly the answer's claim is true in
// the trace.
type Checkpoint struct {
	ID      string
	Before  Selector
	Answer  string
	Ask     Ask
	Options []Option
	pos     yamlfile.Pos
}

// Ask is what a checkpoint asks about its event.
type Ask string

const (
	// AskNext asks what happens next: each option names an event.
	AskNext Ask = "next"
	// AskWhy asks why the next event happens: each option gives a reason, and its
	// claim is the event that reason implies (greylisting ↔ code=450), so the trace
	// still decides which reason is right.
	AskWhy Ask = "why"
)

// Option is one choice of a checkpoint.
type Option struct {
	ID    string
	Claim []Cond
	pos   yamlfile.Pos
}

// Try is the "try it yourself" suggestion: a fault, and an event it makes happen.
type Try struct {
	Fault  fault.Fault `yaml:"fault"`
	Expect Selector    `yaml:"expect"`
	pos    yamlfile.Pos
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

// fileStart is where a problem with a file as a whole is placed.
var fileStart = yamlfile.Pos{Line: 1, Col: 1}

// ErrorList is every problem found in a lesson, each as FILE:LINE:COL: what is wrong
// (what was expected): the type every file of the simulator reports problems with.
type ErrorList = yamlfile.Problems
