package pop3

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSTLSDiscardsPipelinedPlaintext: what a client sends after STLS in the same read
// came in the clear and must not be acted on (RFC 2595 §4, as RFC 3207 §4.2); the
// session goes on, secure, with what comes after the handshake.
func TestSTLSDiscardsPipelinedPlaintext(t *testing.T) {
	s := NewServer(Config{Hostname: testHost, STLS: true}, newFixture(t))
	got := s.Feed([]byte("STLS\r\nUSER alice\r\nPASS secret\r\n"))
	if assert.Len(t, got, 1) {
		assert.Equal(t, reasonSTLS, got[0].Reason)
		assert.True(t, got[0].Answer().StartsTLS)
	}
	got = s.Feed([]byte("CAPA\r\nPASS secret\r\n"))
	if assert.Len(t, got, 2) {
		assert.NotContains(t, string(got[0].Wire()), "STLS", "no STLS once TLS runs")
		assert.Equal(t, reasonNeedUser, got[1].Reason, "the USER before the handshake was discarded")
	}
	got = s.Feed([]byte("STLS\r\n"))
	if assert.Len(t, got, 1) {
		assert.Equal(t, reasonSTLSActive, got[0].Reason)
		assert.False(t, got[0].Answer().StartsTLS)
	}
}
