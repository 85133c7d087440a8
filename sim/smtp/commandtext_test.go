package smtp

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var commandSink string

// TestCommandText: the text of a batch of command lines is its octets as a string,
// and a batch that is one command without arguments costs no allocation.
func TestCommandText(t *testing.T) {
	for _, tc := range []struct {
		in     string
		allocs float64
	}{
		{"QUIT\r\n", 0},
		{"DATA\r\n", 0},
		{"RSET\r\n", 0},
		{"STARTTLS\r\n", 0},
		{"QUIT\n", 1},
		{"quit\r\n", 1},
		{"EHLO client.example\r\n", 1},
		{"MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n", 1},
	} {
		b := []byte(tc.in)
		assert.Equal(t, tc.in, commandText(b), "%q", tc.in)
		got := testing.AllocsPerRun(10, func() { commandSink = commandText(b) })
		assert.Equal(t, tc.allocs, got, "allocations for %q", tc.in)
	}
}

// TestQuitIsShared: every client ends with the same QUIT octets, which an append
// to them copies rather than writes over.
func TestQuitIsShared(t *testing.T) {
	a := NewClient(ClientConfig{}, Transaction{From: "a@example.org", To: []string{"b@example.org"}})
	b := NewClient(ClientConfig{}, Transaction{From: "a@example.org", To: []string{"b@example.org"}})
	qa, qb := a.quit(), b.quit()
	assert.Equal(t, "QUIT\r\n", string(qa))
	assert.Same(t, &qa[0], &qb[0])
	assert.Equal(t, len(qa), cap(qa))
	more := append(qa, "RSET\r\n"...)
	assert.Equal(t, "QUIT\r\n", string(qb), "untouched by the append")
	assert.Equal(t, "QUIT\r\nRSET\r\n", string(more))
	assert.Equal(t, "quit", a.expect[len(a.expect)-1].stage)
}
