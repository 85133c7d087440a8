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

// TestParseParamsInRoom: parameters that fit in the room given are parsed into its
// array, with no room to grow into what follows; more get an array of their own.
func TestParseParamsInRoom(t *testing.T) {
	var room [2]Param
	tests := []struct {
		text   string
		want   []Param
		inRoom bool
		ok     bool
	}{
		{"", []Param{}, true, true},
		{"SIZE=120", []Param{{Key: "SIZE", Value: "120"}}, true, true},
		{"size=120 body=8BITMIME", []Param{{Key: "SIZE", Value: "120"}, {Key: "BODY", Value: "8BITMIME"}}, true, true},
		{"SIZE=1 BODY=7BIT RET=HDRS", []Param{{Key: "SIZE", Value: "1"}, {Key: "BODY", Value: "7BIT"}, {Key: "RET", Value: "HDRS"}}, false, true},
		{"SIZE=", nil, false, false},
	}
	for _, tc := range tests {
		room = [2]Param{}
		got, _, ok := parseParams(room[:], tc.text)
		assert.Equal(t, tc.ok, ok, tc.text)
		if !tc.ok {
			continue
		}
		assert.Equal(t, tc.want, got, tc.text)
		assert.Equal(t, len(got), cap(got), tc.text)
		if len(got) > 0 {
			assert.Equal(t, tc.inRoom, &got[0] == &room[0], tc.text)
		}
	}
}
