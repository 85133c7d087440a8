package lessons

import "encoding/json"

// Kinds of a teacher's own files.
const (
	OwnLesson   = "lesson"   // lesson.yaml with en.md and/or de.md
	OwnScenario = "scenario" // one scenario file
)

// Own is a teacher's own files compiled (lessonfile.CompileOwn, which the page runs in
// its authoring module): a lesson or a scenario in the compiled form of the course, or
// the problems found. It travels between the two modules as JSON.
type Own struct {
	Kind     string          `json:"kind"`               // OwnLesson, OwnScenario, or "" when the files are neither
	Name     string          `json:"name"`               // the file the page runs: lesson.yaml, or the scenario file
	Data     json.RawMessage `json:"data,omitempty"`     // Encode of the lesson, EncodeWorld of the scenario
	Problems []string        `json:"problems,omitempty"` // FILE:LINE:COL: what is wrong, in the language asked for
}
