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
	for k := range fixedReplies() {
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

// A batch of replies that arrives at once is read as the same replies as when it
// comes an octet at a time (line by line, the way a reply split over two reads is
// read), and costs one string for all the lines that take values and one slab for
// their lines, not two allocations a reply. A reply not yet complete is kept line
// by line, in a buffer of its own.
func TestReplyReaderReadsABatchAtOnce(t *testing.T) {
	tests := []struct {
		name    string
		wire    string
		replies int
		allocs  float64
	}{
		{"greeting", "220 mx.example.net ESMTP\r\n", 1, 2},
		{"EHLO", "250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n", 1, 2},
		{"pipelined", "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 <nobody@example.net>: Recipient address rejected\r\n354 End data with <CR><LF>.<CR><LF>\r\n", 4, 2},
		{"only replies of the reason table", "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n", 2, 0},
		{"queued and bye", "250 2.0.0 Ok: queued as 4F2A1B3C\r\n221 2.0.0 Bye\r\n", 2, 2},
		{"bare LF and no text", "250-first\n250\n451 4.3.0 later\r\n", 2, 2},
		{"a reply not complete", "250 2.0.0 Ok: queued as 1\r\n250-one\r\n250-two\r\n", 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wire := []byte(tt.wire)
			whole, rr, err := readAll(t, wire)
			require.NoError(t, err)
			require.Len(t, whole, tt.replies)
			var octets [][]byte
			for i := range wire {
				octets = append(octets, wire[i:i+1])
			}
			each, rrEach, err := readAll(t, octets...)
			require.NoError(t, err)
			assert.Equal(t, each, whole)
			assert.Equal(t, string(rrEach.in), string(rr.in), "what is left to read")
			assert.Equal(t, string(rrEach.text), string(rr.text), "the reply begun")
			assert.Equal(t, rrEach.lines, rr.lines, "the reply begun")

			allocs := testing.AllocsPerRun(20, func() {
				var r replyReader
				r.add(wire)
				for {
					if _, ok, _ := r.next(); !ok {
						break
					}
				}
			})
			assert.LessOrEqual(t, allocs, tt.allocs)
		})
	}
}
