package world_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// TestInjectedReplyStatus: an injected reply carries the enhanced status the fault
// gives, else one that claims no more than its code — the class alone, X.0.0 (RFC 3463
// §3.1), or 421's own — as the servers announce ENHANCEDSTATUSCODES; a reply to EHLO
// carries none (RFC 2034 §3).
func TestInjectedReplyStatus(t *testing.T) {
	tests := []struct {
		fault, cmd, want string
	}{
		{"reply:mx.example.net,cmd=MAIL,code=550,count=1", "MAIL", "550 5.0.0 injected reply"},
		{"reply:mx.example.net,cmd=RCPT,rcpt=bob@example.net,code=451,text=Try later,count=1", "RCPT", "451 4.0.0 Try later"},
		{"reply:mx.example.net,cmd=RCPT,rcpt=bob@example.net,code=452,status=4.5.3,text=Error: too many recipients,count=1", "RCPT", "452 4.5.3 Error: too many recipients"},
		{"reply:mx.example.net,cmd=DATA,code=554,count=1", "DATA", "554 5.0.0 injected reply"},
		{"reply:mx.example.net,cmd=DATA,code=421,count=1", "DATA", "421 4.3.2 injected reply"},
		{"reply:mx.example.net,cmd=EHLO,code=502,count=1", "EHLO", "502 injected reply"},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			tr := world.Run(load(t, "team-mail"), parseFaults(t, tt.fault)...)
			// Lines are told from the client's side: what it sent and received. With
			// PIPELINING the replies come in the order of the commands, so the nth final
			// reply line answers the nth command.
			var sent []string
			for _, e := range tr.All() {
				if e.Kind != trace.KindLine || e.Actor != "mail.example.org" || e.Peer != "mx.example.net" {
					continue
				}
				switch {
				case e.Dir == "send":
					sent = append(sent, e.Line)
				case len(e.Line) > 3 && e.Line[3] == '-':
					// a line of a reply that goes on
				case len(sent) > 0 && strings.HasPrefix(sent[0], tt.cmd):
					assert.Equal(t, tt.want, e.Line)
					return
				case len(sent) > 0:
					sent = sent[1:]
				}
			}
			t.Fatalf("mx.example.net never answered %s", tt.cmd)
		})
	}
}
