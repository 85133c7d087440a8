// Package lessons holds the course: the lessons and the example scenarios they run,
// compiled at build time (go generate, lessonfile) from the lesson files and scenario
// files beside this one, so that the web page opens a lesson without parsing YAML or
// Markdown. Package lessonfile reads and checks those files, and a teacher's own.
package lessons

import (
	"embed"
	"path"
)

// Sources are the files the course is compiled from: scenarios/ID.yaml and a folder
// per lesson under course/ (lesson.yaml, en.md, de.md). The page never reads them, so
// its module does not hold them.
//
//go:embed scenarios/*.yaml course durations.yaml
var Sources embed.FS

// Languages the course is written in.
var Languages = []string{"en", "de"}

// Scenario returns a built-in scenario's source and its file name.
func Scenario(id string) (src []byte, name string, ok bool) {
	name = path.Join("scenarios", id+".yaml")
	src, err := Sources.ReadFile(name)
	if err != nil {
		return nil, "", false
	}
	return src, "lessons/" + name, true
}
