package lessons

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"smtpsim/sim/scenario"
)

//go:generate go run ./internal/genindex

// compiled holds the course as go generate compiled it (lessonfile.Compile): a lesson
// and a built-in scenario each as JSON (lesson/ID.json, world/ID.json), and the words
// of durations (durations.json). A test checks that it is what parsing gives.
//
//go:embed compiled
var compiled embed.FS

// Encode is the compiled form of a lesson: JSON, which a teacher's own lesson takes
// too on its way from the module that parses it to the page. Places in its files are
// left out.
func Encode(l *Lesson) ([]byte, error) { return encode(l) }

// encode is v as JSON, with HTML as it is (not \u003c): the page inserts it as HTML.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Decode reads a lesson in its compiled form.
func Decode(data []byte) (*Lesson, error) {
	var l Lesson
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("compiled lesson: %w", err)
	}
	if l.World == nil || len(l.Models) == 0 {
		return nil, fmt.Errorf("compiled lesson %q: no world or no model", l.ID)
	}
	for _, t := range l.Texts {
		t.link()
	}
	return &l, nil
}

// link gives every section of the text the placeholders its markers number; the try
// text is front matter, which has none.
func (t *Text) link() {
	set := func(s *Section) { s.placeholders = t.Placeholders }
	set(&t.Intro)
	for id, s := range t.Steps {
		set(&s)
		t.Steps[id] = s
	}
	for id, c := range t.Checkpoints {
		set(&c.Question)
		set(&c.Explain)
		for o, s := range c.Options {
			set(&s)
			c.Options[o] = s
		}
		t.Checkpoints[id] = c
	}
}

// EncodeWorld is the compiled form of a scenario: JSON.
func EncodeWorld(sc *scenario.Scenario) ([]byte, error) { return encode(sc) }

// DecodeWorld reads a scenario in its compiled form.
func DecodeWorld(data []byte) (*scenario.Scenario, error) {
	var sc scenario.Scenario
	if err := json.Unmarshal(data, &sc); err != nil {
		return nil, fmt.Errorf("compiled scenario: %w", err)
	}
	return &sc, nil
}

// ScenarioIDs lists the built-in scenarios, sorted: each is a file name without ".yaml".
func ScenarioIDs() []string { return FileIDs(compiled, "compiled/world", ".json") }

// FileIDs lists the names of the files in dir of fsys that end in ext, without it, sorted.
func FileIDs(fsys fs.FS, dir, ext string) []string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var ids []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ext); ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// World returns a built-in scenario, compiled: a copy of its own for each caller.
func World(id string) (*scenario.Scenario, bool) {
	data, err := compiled.ReadFile(path.Join("compiled/world", id+".json"))
	if err != nil {
		return nil, false
	}
	sc, err := DecodeWorld(data)
	return sc, err == nil
}

// DurationWords are the words of durations in one language (durations.yaml): "and",
// and the singular and plural of day, hour, minute, second and millisecond.
type DurationWords struct {
	And   string              `yaml:"and"`
	Units map[string][]string `yaml:"units"`
}

var allDurationWords = sync.OnceValue(func() map[string]DurationWords {
	data, err := compiled.ReadFile("compiled/durations.json")
	if err != nil {
		panic(err)
	}
	var m map[string]DurationWords
	if err := json.Unmarshal(data, &m); err != nil {
		panic("lessons/compiled/durations.json: " + err.Error())
	}
	return m
})

// durationWords returns a language's words for durations, English for a language
// without them.
func durationWords(lang string) DurationWords {
	all := allDurationWords()
	if w, ok := all[lang]; ok {
		return w
	}
	return all["en"]
}
