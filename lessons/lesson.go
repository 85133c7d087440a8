package lessons

import (
	"path"
	"strings"

	"smtpsim/sim/fault"
	"smtpsim/sim/problem"
	"smtpsim/sim/scenario"
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

	File string // lesson.yaml as shown in messages
}

// Step anchors a piece of narration at an event.
type Step struct {
	ID string   `yaml:"id" noun:"step id"`
	At Selector `yaml:"at"`
	// Place is where At stands in lesson.yaml, for problems; a compiled lesson has none.
	Place problem.Pos `json:"-"`
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
	Place   problem.Pos `json:"-"` // of Before in lesson.yaml
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
	Place problem.Pos `json:"-"` // of the claim in lesson.yaml
}

// Try is the "try it yourself" suggestion: a fault, and an event it makes happen.
type Try struct {
	Fault  fault.Fault `yaml:"fault"`
	Expect Selector    `yaml:"expect"`
	Place  problem.Pos `json:"-"` // of try: in lesson.yaml
}

// Text is a lesson in one language. Narration is Markdown; HTML is its rendering
// (raw HTML in the source is dropped, so lesson text can never run script).
type Text struct {
	Lang     string
	File     string
	Title    string
	Duration string
	Summary  string
	Goals    []string
	// SummaryHTML and GoalsHTML are Summary and Goals rendered as narration is, without
	// the paragraph around each, for a list or a card.
	SummaryHTML string
	GoalsHTML   []string
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

// NewSection is a section of a text whose placeholders (Text.Placeholders) have
// markers in html.
func NewSection(markdown, html string, placeholders []*Placeholder) Section {
	return Section{Markdown: markdown, HTML: html, placeholders: placeholders}
}

// CheckpointText is a checkpoint's question, options and the explanation shown once
// the learner has answered.
type CheckpointText struct {
	Question Section
	Options  map[string]Section
	Explain  Section
}

// ErrorList is every problem found in a lesson, each as FILE:LINE:COL: what is wrong
// (what was expected): the type every file of the simulator reports problems with.
type ErrorList = problem.Problems

// IsLessonFile reports whether a path names a lesson file rather than a scenario.
func IsLessonFile(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	return base == "lesson.yaml" || strings.HasSuffix(base, ".md")
}

// ScenarioOf returns a copy of the lesson's world in the given model ("" keeps it).
func (l *Lesson) ScenarioOf(model scenario.Model) scenario.Scenario {
	sc := *l.World
	if model != "" {
		sc.Model = model
	}
	return sc
}
