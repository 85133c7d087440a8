// Command genindex writes lessons/index_gen.go, the start page's list of the built-in
// course (lessons.Index); go generate ./lessons runs it after a lesson changes.
package main

import (
	"fmt"
	"os"

	"smtpsim/lessons"
)

func main() {
	src, err := lessons.IndexSource()
	if err == nil {
		err = os.WriteFile("index_gen.go", src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genindex:", err)
		os.Exit(1)
	}
}
