package world_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// TestExternalStartTLS: with a caller that runs real TLS the servers offer STARTTLS,
// the go-ahead is reported once, plaintext pipelined behind the command is discarded,
// and mail submitted after the handshake is received "with ESMTPSA".
func TestExternalStartTLS(t *testing.T) {
	w := quietWorld(t, "greylisting")
	w.RunUntil(time.Second)
	x, err := w.ExternalTLS("mail.example.org", 587, "127.0.0.1:40000", world.StartTLS)
	require.NoError(t, err)
	x.Greeting()
	assert.Contains(t, string(x.Feed([]byte("EHLO client.example\r\n"))), "250-STARTTLS\r\n")
	assert.False(t, x.StartsTLS())
	got := string(x.Feed([]byte("STARTTLS\r\nMAIL FROM:<alice@example.org>\r\n")))
	assert.Equal(t, "220 2.0.0 Ready to start TLS\r\n", got, "the MAIL sent in the clear is discarded")
	assert.True(t, x.StartsTLS())
	assert.False(t, x.StartsTLS(), "reported once")
	x.Secured("TLS 1.3, TLS_AES_128_GCM_SHA256")
	tr := w.Trace()
	last := tr.At(tr.Len() - 1)
	assert.Equal(t, trace.KindTLS, last.Kind)
	assert.Equal(t, "RFC 3207 §4", last.RFC)
	assert.Equal(t, "TLS handshake completed (TLS 1.3, TLS_AES_128_GCM_SHA256)", last.Text)
	got = string(x.Feed([]byte("EHLO client.example\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n" +
		"MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.net>\r\nDATA\r\nSubject: hi\r\n\r\nhi\r\n.\r\nQUIT\r\n")))
	assert.NotContains(t, got, "STARTTLS")
	assert.Contains(t, got, "221 2.0.0 Bye")
	x.Close()
	w.RunUntil(time.Hour)
	boxes := w.Mailbox("mx.example.net", "bob@example.net")
	require.Len(t, boxes, 1)
	assert.Contains(t, string(boxes[0]), "by mail.example.org with ESMTPSA id")

	for _, tc := range []struct {
		port       int
		send, want string
	}{
		{110, "CAPA\r\nSTLS\r\nUSER bob@example.net\r\n", "STLS\r\n.\r\n+OK Begin TLS negotiation\r\n"},
		{143, "a1 STARTTLS\r\na2 LOGOUT\r\n", "a1 OK Begin TLS negotiation now\r\n"},
	} {
		x, err := w.ExternalTLS("mx.example.net", tc.port, "127.0.0.1:40001", world.StartTLS)
		require.NoError(t, err)
		x.Greeting()
		got := string(x.Feed([]byte(tc.send)))
		assert.Contains(t, got, tc.want)
		assert.NotContains(t, got, "BYE", "nothing after the go-ahead is acted on")
		assert.True(t, x.StartsTLS(), "port %d", tc.port)
		x.Close()
	}

	// Implicit TLS: secure from the start, STARTTLS not offered.
	x, err = w.ExternalTLS("mail.example.org", 587, "127.0.0.1:40002", world.ImplicitTLS)
	require.NoError(t, err)
	x.Greeting()
	assert.NotContains(t, string(x.Feed([]byte("EHLO client.example\r\n"))), "STARTTLS")
	x.Close()
}
