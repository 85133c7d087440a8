// Package lessons holds the course: lesson files and the example scenarios they run,
// embedded in the program so that the web page and the CLI need nothing else.
package lessons

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"
)

//go:embed scenarios/*.yaml course
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
