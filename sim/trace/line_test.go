package trace_test

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/trace"
)

// TestLineIsTheTablesString: Line gives the same string for the same octets however
// often and in whatever order they come, and its own to different ones, also to lines
// of the same length and the same first, middle and last octets, which share a place
// among the lines met lately.
func TestLineIsTheTablesString(t *testing.T) {
	tr := &trace.Trace{}
	texts := []string{"250 2.1.5 Ok", "DATA", "", "QUIT", "354 End data with <CR><LF>.<CR><LF>"}
	for i := range 300 {
		texts = append(texts, fmt.Sprintf("RCPT TO:<user%03d-x@d%02d.example.org>", i, i%50)) // alike but in the middle
	}
	first := map[string]string{}
	for round := range 3 {
		for i := range texts {
			text := texts[(i*7+round)%len(texts)]
			got := tr.Line([]byte(text))
			assert.Equal(t, text, got)
			if s, ok := first[text]; ok {
				assert.Equal(t, unsafe.StringData(s), unsafe.StringData(got), "%q: the table's string", text)
			} else {
				first[text] = got
			}
		}
	}
}
