// Command genindex compiles the built-in course for the page: lessons/index_gen.go
// (the start page's list, lessons.Index) and lessons/compiled/ (every lesson and
// built-in scenario parsed, as lessons.Find and lessons.World read them, and the
// teacher's guide rendered, as lessons.GuideHTML reads it); go generate ./lessons runs
// it after a lesson, a scenario or the guide changes.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"smtpsim/lessons/guidehtml"
	"smtpsim/lessons/lessonfile"
)

func main() {
	if err := generate(); err != nil {
		fmt.Fprintln(os.Stderr, "genindex:", err)
		os.Exit(1)
	}
}

func generate() error {
	src, err := lessonfile.IndexSource(guidehtml.Render)
	if err != nil {
		return err
	}
	if err := os.WriteFile("index_gen.go", src, 0o644); err != nil {
		return err
	}
	files, err := lessonfile.Compile(guidehtml.Render)
	if err != nil {
		return err
	}
	// A lesson or scenario removed leaves no compiled file behind.
	if err := os.RemoveAll("compiled"); err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join("compiled", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
