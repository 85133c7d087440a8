// Command genindex writes lessons/index_gen.go, the start page's list of the built-in
// course (lessons.Index), and lessons/guide_gen.go, the teacher's guide rendered;
// go generate ./lessons runs it after a lesson or the guide changes.
package main

import (
	"fmt"
	"os"

	"smtpsim/lessons"
	"smtpsim/lessons/guidehtml"
)

func main() {
	src, err := lessons.IndexSource()
	if err == nil {
		err = os.WriteFile("index_gen.go", src, 0o644)
	}
	if err == nil {
		src, err = lessons.GuideSource(guidehtml.Render)
	}
	if err == nil {
		err = os.WriteFile("guide_gen.go", src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genindex:", err)
		os.Exit(1)
	}
}
