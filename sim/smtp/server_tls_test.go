package smtp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestImplicitTLS: on a connection encrypted from the start (RFC 8314) the session is
// secure at once, so STARTTLS is neither offered nor accepted and AUTH that requires
// TLS is offered.
func TestImplicitTLS(t *testing.T) {
	s := NewServer(Config{Hostname: "mx.example.org", StartTLS: true, Auth: true, AuthRequiresTLS: true, Secure: true}, Accept{}, "192.0.2.1")
	s.Greeting()
	out := s.Feed([]byte("EHLO c.example\r\nSTARTTLS\r\n"))
	if assert.Len(t, out, 2) {
		assert.NotContains(t, out[0].String(), "STARTTLS")
		assert.True(t, strings.Contains(out[0].String(), "AUTH PLAIN LOGIN"), out[0].String())
		assert.Equal(t, ReasonTLSAlready, out[1].Reason)
		assert.False(t, out[1].Answer().StartsTLS)
	}
	assert.True(t, s.Session().Secure)

	plain := NewServer(Config{StartTLS: true}, Accept{}, "192.0.2.1")
	plain.Greeting()
	out = plain.Feed([]byte("EHLO c.example\r\nSTARTTLS\r\nMAIL FROM:<a@b.example>\r\n"))
	if assert.Len(t, out, 2) {
		assert.True(t, out[1].Answer().StartsTLS)
	}
}
