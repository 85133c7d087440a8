package smtp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The reader hands out the replies of the reason table from a shared table; each is
// the reply it reads from the same line when no table helps (ParseReplyLines), and
// a multi-line reply is read line by line as before.
func TestReplyReaderReadsWhatItParses(t *testing.T) {
	var wires []string
	for k := range staticLines {
		if k.Reply().Code == 0 {
			continue // the client's own verdicts, never on the wire
		}
		wires = append(wires, string(k.Reply().Wire()))
	}
	wires = append(wires, "250-mx.example greets client.example\r\n250-PIPELINING\r\n250 DSN\r\n",
		"250 2.0.0 Ok: queued as 1234\r\n", "550 5.1.1 <x@example.net>: no such user\r\n", "220 mx.example ESMTP\r\n",
		"451-4.3.0 try\r\n451 4.3.0 again\r\n", "250 2.1.5\r\n", "250\r\n")
	for _, wire := range wires {
		var want []Reply
		var lines []string
		for line := range strings.SplitSeq(strings.TrimSuffix(wire, "\r\n"), "\r\n") {
			code, last, text, err := splitReplyLine([]byte(line))
			require.NoError(t, err, "%q", line)
			lines = append(lines, string(text))
			if last {
				want = append(want, ParseReplyLines(code, lines))
				lines = nil
			}
		}
		got, rr, err := readAll(t, []byte(wire))
		require.NoError(t, err, "%q", wire)
		assert.Equal(t, want, got, "%q", wire)
		assert.Empty(t, rr.in)
	}
}
