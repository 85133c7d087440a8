// Command gencatalog checks the catalog's YAML files and compiles them into
// lessons/catalog/compiled.json; go generate ./lessons/catalog runs it after a change.
package main

import (
	"fmt"
	"os"

	"smtpsim/lessons/catalog/catalogfile"
)

func main() {
	data, err := catalogfile.Compile(os.DirFS("."))
	if err == nil {
		err = os.WriteFile("compiled.json", data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}
