package smtp

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readAll runs a reply reader over chunks of octets as the client engine feeds it
// (add, then next until it needs more octets or reports an error, then keep). It
// fails the test if the reader returns neither a reply nor an error nor a request
// for more: it would hang.
func readAll(t *testing.T, chunks ...[]byte) ([]Reply, *replyReader, error) {
	t.Helper()
	rr := &replyReader{}
	var replies []Reply
	for _, c := range chunks {
		rr.add(c)
		buffered := len(rr.in)
		for calls := 0; ; calls++ {
			// Every reply takes at least one line, so a reader making progress needs at
			// most one call per octet, plus the one that asks for more.
			require.LessOrEqual(t, calls, buffered+1, "the reader makes no progress")
			r, ok, err := rr.next()
			if err != nil {
				return replies, rr, err
			}
			if !ok {
				break
			}
			replies = append(replies, r)
		}
		rr.keep() // as the client engine does: c may be reused
	}
	return replies, rr, nil
}

// FuzzReplyReader reads server octets as the client engine does. In the page, a
// learner who plays the server types them, so anything may arrive. The reader must
// never panic or hang; each reply it returns has a code from 200 to 599 and writes out
// (Reply.Wire) to text that reads back as the same reply; fed in two pieces it reads
// what it reads in one; and a client engine fed the same octets ends the
// conversation properly, deciding every recipient.
func FuzzReplyReader(f *testing.F) {
	f.Fuzz(func(t *testing.T, in []byte, cut uint16) {
		replies, rr, err := readAll(t, in)
		if err != nil {
			require.ErrorIs(t, err, ErrBadReply)
		} else {
			assert.NotContains(t, string(rr.in), "\n", "every complete line was read")
		}
		assert.LessOrEqual(t, len(replies), bytes.Count(in, []byte{'\n'}), "no more replies than lines")

		for _, r := range replies {
			require.GreaterOrEqual(t, r.Code, 200, "%q", r.Wire())
			require.LessOrEqual(t, r.Code, 599, "%q", r.Wire())
			require.NotEmpty(t, r.Lines)
			require.LessOrEqual(t, len(r.Lines), MaxReplyLines)
			wire := r.Wire()
			again, left, err := readAll(t, wire)
			require.NoError(t, err, "%q", wire)
			require.Len(t, again, 1, "%q", wire)
			assert.Empty(t, left.in, "%q", wire)
			assert.Zero(t, left.lines, "%q", wire)
			assert.Equal(t, r, again[0], "%q", wire)
			assert.Equal(t, wire, again[0].Wire())
		}

		// In two pieces, as two reads from a socket would deliver them. A line longer
		// than the reader's bound is refused while it is incomplete, so the pieces can
		// differ only when a line is that long.
		at := int(cut) % (len(in) + 1)
		split, _, splitErr := readAll(t, in[:at], in[at:])
		if longestLine(in) <= MaxTextLine*4 {
			assert.Equal(t, replies, split, "cut at %d", at)
			assert.Equal(t, err, splitErr, "cut at %d", at)
		}

		// The client engine on the same octets, with a message for two recipients.
		c := NewClient(ClientConfig{Hostname: "client.example", Username: "alice@example.org", Password: "secret", StartTLS: true},
			Transaction{From: "alice@example.org", To: []string{"bob@example.net", "carol@example.net"}, Data: []byte("Subject: hi\r\n\r\nHello.\r\n")})
		for _, piece := range [][]byte{in[:at], in[at:]} {
			out := c.Feed(piece)
			if len(out) > 0 {
				assert.True(t, bytes.HasSuffix(out, []byte("\r\n")), "the client sends whole lines: %q", out)
				assert.Equal(t, bytes.Count(out, []byte("\n")), bytes.Count(out, []byte("\r\n")), "the client sends no bare LF: %q", out)
			}
		}
		if splitErr != nil {
			assert.True(t, c.Done(), "a malformed reply ends the conversation")
		}
		c.Lost(true)
		require.True(t, c.Done())
		assert.Nil(t, c.Feed([]byte("250 ok\r\n")), "nothing is sent after the end")
		for _, tx := range c.Results() {
			for _, res := range tx {
				assert.NotEqual(t, Pending, res.Outcome, "%s is decided", res.Rcpt)
				if res.Reply.FromServer() {
					assert.GreaterOrEqual(t, res.Reply.Code, 200)
					assert.LessOrEqual(t, res.Reply.Code, 599)
				}
			}
		}
	})
}

// longestLine is the length of the longest line of in, its line end left out, or of
// the text after the last line end.
func longestLine(in []byte) int {
	longest := 0
	for line := range bytes.SplitSeq(in, []byte{'\n'}) {
		longest = max(longest, len(line))
	}
	return longest
}
