// Command genphrases compiles a phrasebook's files NAME.*.yaml in the current folder
// into NAME_gen.go of package PKG (phrasefile.Source), so that a program saying
// a word parses no YAML; go generate runs it beside the files.
//
//	genphrases NAME PKG
package main

import (
	"fmt"
	"os"

	"smtpsim/sim/render/phrasefile"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: genphrases NAME PKG")
		os.Exit(2)
	}
	name := os.Args[1]
	src, err := phrasefile.Source(os.DirFS("."), name, os.Args[2])
	if err == nil {
		err = os.WriteFile(name+"_gen.go", src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genphrases:", err)
		os.Exit(1)
	}
}
