package lessons

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"smtpsim/sim/scenario"
)

//go:generate go run ./internal/genindex

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
func ScenarioIDs() []string { return slices.Clone(scenarioIDs) }

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
	data, err := compiledFile(WorldFile(id))
	if err != nil {
		return nil, false
	}
	sc, err := DecodeWorld(data)
	return sc, err == nil
}

// DurationUnits are the units of durations, in the order of DurationWords.Units.
var DurationUnits = [...]string{"day", "hour", "minute", "second", "millisecond"}

// The units' places in DurationUnits and DurationWords.Units.
const (
	day = iota
	hour
	minute
	second
	millisecond
)

// DurationWords are the words of durations in one language (durations.yaml): "and",
// and the singular and plural of each of DurationUnits.
type DurationWords struct {
	Lang  string
	And   string
	Units [len(DurationUnits)][2]string
}

// durationWords returns a language's words for durations (index_gen.go), English for
// a language without them.
func durationWords(lang string) DurationWords {
	var en DurationWords
	for _, w := range durations {
		if w.Lang == lang {
			return w
		}
		if w.Lang == "en" {
			en = w
		}
	}
	return en
}
