//go:build !js

package lessons

import "embed"

// compiled holds the course as go generate compiled it (lessonfile.Compile): a lesson
// and a built-in scenario each as JSON (lesson/ID.json, world/ID.json). A test checks
// that it is what parsing gives. The web page's build (js) leaves it out: the page
// fetches the files (files.go).
//
//go:embed compiled
var compiled embed.FS

// embedded reads a compiled file from the program (a variable so that a test can be
// the page, which has none).
var embedded = func(name string) ([]byte, error) { return compiled.ReadFile("compiled/" + name) }
