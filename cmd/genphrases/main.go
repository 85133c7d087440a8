// Command genphrases compiles a phrasebook's files NAME.*.yaml in the current folder
// into package PKG (phrasefile.Sources): NAME_gen.go with English and NAME_LANG_gen.go
// with each other language, so that a program saying a word parses no YAML; go
// generate runs it beside the files.
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
	if err := generate(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "genphrases:", err)
		os.Exit(1)
	}
}

func generate(name, pkg string) error {
	files, err := phrasefile.Sources(os.DirFS("."), name, pkg)
	if err != nil {
		return err
	}
	for file, src := range files {
		if err := os.WriteFile(file, src, 0o644); err != nil {
			return err
		}
	}
	return nil
}
