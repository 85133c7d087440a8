package pop3

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWire(t *testing.T) {
	long := strings.Repeat("x", 600)
	tests := []struct {
		name string
		resp Response
		want string
	}{
		{"positive", Response{OK: true, Text: "2 320"}, "+OK 2 320\r\n"},
		{"negative", Response{Text: "no such message"}, "-ERR no such message\r\n"},
		{"no text", Response{OK: true}, "+OK\r\n"},
		{"line ends in the text cannot start another response", Response{Text: "a\r\n+OK b\nc\r"}, "-ERR a  +OK b c \r\n"},
		{"text cut to 512 octets", Response{OK: true, Text: long}, "+OK " + long[:506] + "\r\n"},
		{"empty body is still multi-line", Response{OK: true, Body: []byte{}}, "+OK\r\n.\r\n"},
		{"body without a final line end", Response{OK: true, Body: []byte("a\r\nb")}, "+OK\r\na\r\nb\r\n.\r\n"},
		{"bare LF becomes CRLF", Response{OK: true, Body: []byte("a\nb\n")}, "+OK\r\na\r\nb\r\n.\r\n"},
		{"empty lines are kept", Response{OK: true, Body: []byte("\r\n\n\r\n")}, "+OK\r\n\r\n\r\n\r\n.\r\n"},
		{"dot-stuffing", Response{OK: true, Body: []byte(".\r\n.foo\r\n..\r\na.b\r\n")}, "+OK\r\n..\r\n..foo\r\n...\r\na.b\r\n.\r\n"},
		{"a lone dot at the end", Response{OK: true, Body: []byte("a\r\n.")}, "+OK\r\na\r\n..\r\n.\r\n"},
		{"a bare CR is data, not a line end", Response{OK: true, Body: []byte("a\rb\r\n")}, "+OK\r\na\rb\r\n.\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(tt.resp.Wire()))
			assert.Equal(t, tt.resp.Body != nil, tt.resp.Multiline())
		})
	}
}

func TestParseDecimal(t *testing.T) {
	const maxInt = int(^uint(0) >> 1)
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true},
		{"1", 1, true},
		{"007", 7, true},
		{"4294967296", 4294967296, true},
		{"9223372036854775807", maxInt, true},
		{"9223372036854775808", maxInt, true},
		{"99999999999999999999999999999999", maxInt, true},
		{"", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"0x10", 0, false},
		{"1e3", 0, false},
		{"١", 0, false},
		{"99999999999999999999x", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseDecimal(tt.in)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
	}
}

func TestTopOf(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		n    int
		want string
	}{
		{"header only", "A: 1\r\nB: 2\r\n\r\nx\r\ny\r\n", 0, "A: 1\r\nB: 2\r\n\r\n"},
		{"some lines", "A: 1\r\n\r\nx\r\ny\r\nz\r\n", 2, "A: 1\r\n\r\nx\r\ny\r\n"},
		{"empty body lines count", "A: 1\r\n\r\n\r\n\r\nz\r\n", 2, "A: 1\r\n\r\n\r\n\r\n"},
		{"more than the body", "A: 1\r\n\r\nx\r\n", 10, "A: 1\r\n\r\nx\r\n"},
		{"no blank line: all header", "A: 1\r\nB: 2\r\n", 0, "A: 1\r\nB: 2\r\n"},
		{"LF endings are normalised", "A: 1\n\nx\ny\n", 1, "A: 1\r\n\r\nx\r\n"},
		{"empty message", "", 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(topOf([]byte(tt.msg), tt.n)))
		})
	}
}
