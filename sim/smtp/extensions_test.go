package smtp

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The EHLO keywords are read as they were into a map: upper case, AUTH= merged with
// AUTH, a repeated keyword's parameters joined, a repeat without any clearing them.
func TestParseExtensions(t *testing.T) {
	for _, tt := range []struct {
		lines []string
		want  map[string]string
	}{
		{[]string{"PIPELINING", "SIZE 10240000", "8BITMIME"}, map[string]string{"PIPELINING": "", "SIZE": "10240000", "8BITMIME": ""}},
		{[]string{"AUTH=PLAIN", "AUTH LOGIN CRAM-MD5"}, map[string]string{"AUTH": "PLAIN LOGIN CRAM-MD5"}},
		{[]string{"auth login", "Auth=plain x"}, map[string]string{"AUTH": "login plain x"}},
		{[]string{"SIZE 100", "SIZE"}, map[string]string{"SIZE": ""}},
		{[]string{"starttls", "DSN", "dsn 1"}, map[string]string{"STARTTLS": "", "DSN": "1"}},
		{nil, map[string]string{}},
	} {
		c := &Client{ext: parseExtensions(nil, tt.lines)}
		assert.Equal(t, tt.want, c.Extensions(), "%q", tt.lines)
		for k, v := range tt.want {
			got, ok := c.offers(k)
			assert.True(t, ok, k)
			assert.Equal(t, v, got, k)
		}
		_, ok := c.offers("CHUNKING")
		assert.False(t, ok)
	}
}
