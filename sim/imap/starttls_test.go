package imap

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startTLSConversation runs STARTTLS on a server that offers it, with a command
// pipelined behind it, then asks again on the secure connection.
func startTLSConversation(t *testing.T) []Response {
	t.Helper()
	s := NewServer(Config{Hostname: "imap.example.org", StartTLS: true}, fixture())
	assert.Contains(t, string(s.Greeting().Wire()), " STARTTLS]")
	out := s.Feed([]byte("a1 CAPABILITY\r\na2 STARTTLS\r\na3 LOGIN bob secret\r\n"))
	require.Len(t, out, 3, "the LOGIN sent in the clear after STARTTLS is discarded (RFC 9051 §6.2.1)")
	assert.Contains(t, string(out[0].Wire()), " STARTTLS\r\n")
	assert.Equal(t, "a2 OK Begin TLS negotiation now\r\n", string(out[2].Wire()))
	assert.True(t, out[2].Answer().StartsTLS)
	more := s.Feed([]byte("b1 CAPABILITY\r\nb2 STARTTLS\r\n"))
	require.Len(t, more, 3)
	assert.NotContains(t, string(more[0].Wire()), "STARTTLS", "not offered once TLS runs")
	assert.Equal(t, "b2 BAD TLS already active\r\n", string(more[2].Wire()))
	assert.False(t, more[2].Answer().StartsTLS)
	return append(out, more...)
}

func TestStartTLS(t *testing.T) {
	startTLSConversation(t)

	plain := NewServer(Config{}, fixture())
	assert.NotContains(t, string(plain.Greeting().Wire()), "STARTTLS")
	out := plain.Feed([]byte("a1 STARTTLS\r\n"))
	require.Len(t, out, 1)
	assert.Equal(t, reasonNotSupported, out[0].Reason, "not offered without Config.StartTLS")

	implicit := NewServer(Config{StartTLS: true, Secure: true}, fixture())
	assert.NotContains(t, string(implicit.Greeting().Wire()), "STARTTLS")
	out = implicit.Feed([]byte("a1 STARTTLS\r\na2 LOGIN bob secret\r\n"))
	require.Len(t, out, 2)
	assert.Equal(t, reasonTLSActive, out[0].Reason)
	assert.True(t, strings.HasPrefix(string(out[1].Wire()), "a2 OK"), "%q", out[1].Wire())
}
