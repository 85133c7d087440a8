// Package lessons holds the course: lesson files and the example scenarios they run,
// embedded in the program so that the web page and the CLI need nothing else.
package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed scenarios/*.yaml course durations.yaml
var files embed.FS

// ScenarioIDs lists the built-in scenarios, sorted: each is a file name without ".yaml".
func ScenarioIDs() []string {
	entries, err := fs.ReadDir(files, "scenarios")
	if err != nil {
		return nil
	}
	var ids []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// Scenario returns a built-in scenario's source and its file name.
func Scenario(id string) (src []byte, name string, ok bool) {
	name = path.Join("scenarios", id+".yaml")
	src, err := files.ReadFile(name)
	if err != nil {
		return nil, "", false
	}
	return src, "lessons/" + name, true
}

// words are the words of durations in one language (durations.yaml).
type words struct {
	And   string              `yaml:"and"`
	Units map[string][]string `yaml:"units"`
}

var allDurationWords = sync.OnceValue(func() map[string]words {
	src, err := files.ReadFile("durations.yaml")
	if err != nil {
		panic(err)
	}
	var m map[string]words
	if err := yaml.Unmarshal(src, &m); err != nil {
		panic("lessons/durations.yaml: " + err.Error())
	}
	for _, lang := range Languages {
		w := m[lang]
		for _, u := range []string{"day", "hour", "minute", "second", "millisecond"} {
			if len(w.Units[u]) != 2 || w.And == "" {
				panic(fmt.Sprintf("lessons/durations.yaml: %s needs \"and\" and both forms of %s", lang, u))
			}
		}
	}
	return m
})

// durationWords returns a language's words for durations, English for a language
// without them.
func durationWords(lang string) words {
	all := allDurationWords()
	if w, ok := all[lang]; ok {
		return w
	}
	return all["en"]
}
