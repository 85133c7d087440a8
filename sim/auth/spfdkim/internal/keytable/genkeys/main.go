// Command genkeys writes keys_gen.go of package spfdkim, the table of the RSA keys the
// built-in course signs with; go generate ./sim/auth/spfdkim runs it after a world's
// signer or seed changes.
package main

import (
	"fmt"
	"os"

	"smtpsim/sim/auth/spfdkim/internal/keytable"
)

func main() {
	uses, err := keytable.Uses()
	if err == nil {
		var src []byte
		if src, err = keytable.Source(uses); err == nil {
			err = os.WriteFile("keys_gen.go", src, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genkeys:", err)
		os.Exit(1)
	}
}
