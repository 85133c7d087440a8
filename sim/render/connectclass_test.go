package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/render"
	"smtpsim/sim/trace"
)

// TestConnectFailureClass: a connection the network did not carry is drawn as
// temporary, as an MTA's 4.4.1 ("no answer from host") and the deferral drawn after
// it say, for a mail program's POP3 connection too; only a console's host the world
// does not have is a failure outright.
func TestConnectFailureClass(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    trace.Event
		want string
	}{
		{"timed out", trace.Event{Kind: trace.KindUnreachable, Actor: "mail.example.org", Peer: "mx.example.net", Port: 25, Failure: trace.FailureTimedOut, Status: "4.4.1", DurationMS: 30000}, "retry"},
		{"refused", trace.Event{Kind: trace.KindRefused, Actor: "mail.example.org", Peer: "mx.example.net", Port: 25, Failure: trace.FailureRefused, Status: "4.4.1", DurationMS: 40}, "retry"},
		{"no route", trace.Event{Kind: trace.KindUnreachable, Actor: "mail.example.org", Peer: "mx.example.net", Port: 25, Failure: trace.FailureUnreachable, Status: "4.4.1", DurationMS: 40}, "retry"},
		{"POP3, timed out", trace.Event{Kind: trace.KindUnreachable, Actor: "MUA bob@example.net", Peer: "mx.example.net", Port: 110, Proto: "pop3", Failure: trace.FailureTimedOut, DurationMS: 30000}, "retry"},
		{"no such host", trace.Event{Kind: trace.KindUnreachable, Actor: "console", Peer: "nowhere.example", Port: 25}, "fail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, render.ConnectClass(tc.e))
			tr := &trace.Trace{}
			tr.Append(tc.e)
			arrows := render.Arrows(render.Words{Lang: "de", Trace: tr}, 0)
			if assert.Len(t, arrows, 1) {
				assert.Equal(t, tc.want, arrows[0].Class)
				assert.Equal(t, tc.e.Actor, arrows[0].To, "a note on the client's lane")
			}
		})
	}
}
