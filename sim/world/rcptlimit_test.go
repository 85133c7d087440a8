package world_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// TestTooManyRecipients: a server that answers 452 4.5.3 (too many recipients) to a
// RCPT has not refused the recipient, only this transaction's room for it; the client
// sends the message to it in a later transaction (RFC 5321 §4.5.3.1.10). The mail
// program, which has no queue, does so at once on the same connection, so that the
// user sees no error; an MTA keeps the recipient in its queue and sends it in its next
// attempt, as Postfix does. Either way each recipient ends delivered, once.
func TestTooManyRecipients(t *testing.T) {
	const limit = "cmd=RCPT,code=452,status=4.5.3,text=Error: too many recipients"
	everyone := []string{"bob@example.net", "erin@example.com", "dave@example.net", "finn@example.com"}
	delivered := []string{trace.OutcomeDelivered, trace.OutcomeDelivered, trace.OutcomeDelivered, trace.OutcomeDelivered}
	tests := []struct {
		name   string
		faults []string
		client string // the actor whose transactions the faults split
		server string
		mails  int      // MAIL commands the client sends to the server
		rcpts  int      // RCPT commands the client sends to the server
		conns  int      // connections these commands use
		want   []string // outcome of each recipient, in the order of everyone
		defers []string // recipients an MTA kept in its queue
	}{
		{name: "submission: the MSA takes the last recipient in a second transaction",
			faults: []string{"reply:mail.example.org," + limit + ",rcpt=finn@example.com,count=1"},
			client: "MUA alice@example.org", server: "mail.example.org", mails: 2, rcpts: 5, conns: 1, want: delivered},
		{name: "submission: two recipients left for the second transaction",
			faults: []string{"reply:mail.example.org," + limit + ",rcpt=dave@example.net,count=1", "reply:mail.example.org," + limit + ",rcpt=finn@example.com,count=1"},
			client: "MUA alice@example.org", server: "mail.example.org", mails: 2, rcpts: 6, conns: 1, want: delivered},
		{name: "submission: 452 in the second transaction too is a temporary failure the mail program shows",
			faults: []string{"reply:mail.example.org," + limit + ",rcpt=finn@example.com,count=2"},
			client: "MUA alice@example.org", server: "mail.example.org", mails: 2, rcpts: 5, conns: 1,
			want: []string{trace.OutcomeDelivered, trace.OutcomeDelivered, trace.OutcomeDelivered, trace.OutcomeRejected}},
		{name: "relay: the MTA keeps the recipient in its queue and delivers it in the next attempt",
			faults: []string{"reply:mx.example.net," + limit + ",rcpt=dave@example.net,count=1"},
			client: "mail.example.org", server: "mx.example.net", mails: 2, rcpts: 3, conns: 2, want: delivered,
			defers: []string{"dave@example.net"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			faults := parseFaults(t, tt.faults...)
			tr := world.Run(load(t, "team-mail"), faults...)
			for i, rcpt := range everyone {
				o := outcome(tr, "m1", rcpt)
				assert.Equal(t, tt.want[i], o.Outcome, "%s: %d %s", rcpt, o.Code, o.Status)
				if o.Outcome == trace.OutcomeDelivered {
					assert.Equal(t, 1, o.Copies, "%s gets the message once", rcpt)
				}
			}
			mails, rcpts, conns := 0, 0, map[int]bool{}
			var defers []string
			for _, e := range tr.All() {
				sent := e.Kind == trace.KindLine && e.Dir == "send" && e.Actor == tt.client && e.Peer == tt.server
				switch {
				case sent && strings.HasPrefix(e.Line, "MAIL FROM:"):
					mails++
					conns[e.Conn] = true
				case sent && strings.HasPrefix(e.Line, "RCPT TO:"):
					rcpts++
				case e.Kind == trace.KindDefer:
					defers = append(defers, e.Rcpt)
					assert.Equal(t, "452 4.5.3", fmt.Sprint(e.Code, " ", e.Status), "the deferral quotes the server's reply")
				case e.Kind == trace.KindBounce:
					t.Errorf("%s bounced: %s", e.Rcpt, e.Text)
				}
			}
			assert.Equal(t, tt.mails, mails, "MAIL commands from %s to %s", tt.client, tt.server)
			assert.Equal(t, tt.rcpts, rcpts, "RCPT commands from %s to %s", tt.client, tt.server)
			assert.Len(t, conns, tt.conns, "connections from %s to %s", tt.client, tt.server)
			assert.Equal(t, tt.defers, defers)
		})
	}
}
