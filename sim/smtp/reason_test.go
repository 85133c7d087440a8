package smtp_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/smtp"
)

// TestReasonTable checks every entry: the enhanced code's class matches the reply
// code (RFC 3463 §2), every 2xx/4xx/5xx carries one except the greeting and EHLO/HELO,
// and every entry names its RFC clause.
func TestReasonTable(t *testing.T) {
	noStatus := map[smtp.Reason]bool{smtp.ReasonGreeting: true, smtp.ReasonEhloOK: true, smtp.ReasonHeloOK: true, smtp.ReasonInjected: true}
	for key, info := range smtp.Reasons {
		assert.NotEmpty(t, info.RFC, key)
		assert.Contains(t, key, ".", "keys are area.what: %s", key)
		if key == smtp.ReasonInjected {
			continue
		}
		class := info.Code / 100
		if strings.HasPrefix(string(key), "client.") {
			// The client's own decisions: no server sent a reply, so no code.
			assert.Zero(t, info.Code, key)
			if assert.NotEmpty(t, info.Status, key) {
				assert.Equal(t, byte('4'), info.Status[0], key)
			}
			continue
		}
		assert.Contains(t, []int{2, 3, 4, 5}, class, key)
		switch {
		case class == 3 || noStatus[key]:
			assert.Empty(t, info.Status, key)
		default:
			if assert.NotEmpty(t, info.Status, key) {
				assert.Equal(t, byte('0'+class), info.Status[0], "%s: %d with %s", key, info.Code, info.Status)
			}
		}
	}
}

// TestEveryReplyIsExplained drives sessions through many paths and checks that every
// reply names a reason key of the table.
func TestEveryReplyIsExplained(t *testing.T) {
	pol := newTestPolicy()
	pol.greylist = true
	srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org", Auth: true, StartTLS: true}, pol, "x")
	replies := []smtp.Reply{srv.Greeting()}
	input := strings.Join([]string{"HELP", "VRFY x", "EXPN x", "FOO", "MAIL FROM:<a@b.c>", ehlo[:len(ehlo)-2], "MAIL FROM:<x>",
		"MAIL FROM:<a@b.c> SIZE=x", "MAIL FROM:<a@b.c> X=1", "MAIL FROM:<a@b.c>", "RCPT TO:<nobody@example.org>", "RCPT TO:<bob@example.org>",
		"RCPT TO:<a@far.example>", "RCPT TO:<x>", "DATA", "x", ".", "AUTH FOO", "STARTTLS x", "STARTTLS", "QUIT"}, "\r\n") + "\r\n"
	replies = append(replies, srv.Feed([]byte(input))...)
	for _, r := range replies {
		_, ok := smtp.Reasons[r.Reason]
		assert.True(t, ok, "reply %q has reason %q not in the table", r.String(), r.Reason)
	}
	assert.Greater(t, len(replies), 15)
}

func TestReplyWire(t *testing.T) {
	r := smtp.Reply{Code: 250, Status: "2.0.0", Lines: []string{"first", "second"}}
	assert.Equal(t, "250-2.0.0 first\r\n250 2.0.0 second\r\n", string(r.Wire()))
	assert.Equal(t, "354 End data with <CR><LF>.<CR><LF>\r\n", string(smtp.ReasonDataStart.Reply().Wire()))
	assert.Panics(t, func() { smtp.Reason("no.such-key").Reply() })
}
