package world_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// TestConnectFailureStatus: a connection that could not be made carries the enhanced
// status an MTA logs for it (4.4.1, RFC 3463 §3.5) when it is SMTP, and none when it
// is a mail program's POP3: POP3 and IMAP have no enhanced status codes.
func TestConnectFailureStatus(t *testing.T) {
	tr := world.Run(load(t, "first-mail"), parseFaults(t, "down:mx.example.net,until=20m")...)
	status := map[string][]string{}
	for i := range tr.Len() {
		if e := tr.At(i); e.Kind == trace.KindUnreachable || e.Kind == trace.KindRefused {
			status[e.Proto] = append(status[e.Proto], e.Status)
		}
	}
	if assert.NotEmpty(t, status["smtp"], "the MTA's attempts fail") {
		for _, s := range status["smtp"] {
			assert.Equal(t, "4.4.1", s)
		}
	}
	if assert.NotEmpty(t, status["pop3"], "Bob's mail program cannot fetch either") {
		for _, s := range status["pop3"] {
			assert.Empty(t, s)
		}
	}
}
