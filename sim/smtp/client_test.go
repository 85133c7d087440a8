package smtp_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/smtp"
)

// pump runs a client against a server engine in memory and returns the client's
// output, one write per element, so tests can see what was pipelined.
func pump(t *testing.T, c *smtp.Client, s *smtp.Server) []string {
	t.Helper()
	writes, _ := pumpBoth(t, c, s)
	return writes
}

// pumpBoth is pump, and also returns what the server sent, greeting first.
func pumpBoth(t *testing.T, c *smtp.Client, s *smtp.Server) (writes, replies []string) {
	t.Helper()
	in := s.Greeting().Wire()
	replies = append(replies, string(in))
	for i := 0; !c.Done(); i++ {
		require.Less(t, i, 10000, "conversation does not end")
		out := c.Feed(in)
		if c.Done() && len(out) == 0 {
			break
		}
		require.NotEmpty(t, out, "client waits for nothing")
		writes = append(writes, string(out))
		in = nil
		for _, r := range s.Feed(out) {
			in = append(in, r.Wire()...)
		}
		replies = append(replies, string(in))
		if s.Done() && len(in) == 0 && !c.Done() {
			c.Lost(true)
		}
	}
	return writes, replies
}

type rcptWant struct {
	outcome smtp.Outcome
	code    string
	stage   string
}

// conversation is a client and a server configured for a test, and what should become of it.
type conversation struct {
	name    string
	scfg    smtp.Config
	policy  func(*testPolicy)
	ccfg    smtp.ClientConfig
	txs     []smtp.Transaction
	want    [][]rcptWant
	batches int   // client writes, when the test cares about pipelining
	bundles []int // recipients of each message the server took, when the test cares
}

// conversations are the client and server engines' cases of TestClientAgainstServer.
func conversations() []conversation {
	msg := []byte("From: alice@example.org\nTo: bob@example.org\nSubject: hi\n\n.leading dot\nbye\n")
	resend := smtp.ClientConfig{ResendOverLimit: true}
	return []conversation{
		{name: "pipelined delivery", txs: []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Accepted, "250 2.0.0", "dot"}}},
			batches: 4}, // EHLO · MAIL+RCPT+RCPT+DATA · message · QUIT
		{name: "one command at a time", ccfg: smtp.ClientConfig{NoPipelining: true}, txs: []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Accepted, "250 2.0.0", "dot"}}},
			batches: 7},
		{name: "per-recipient outcomes", txs: []smtp.Transaction{{From: "alice@example.org", To: []string{"nobody@example.org", "bob@example.org", "carol@far.example"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Failed, "550 5.1.1", "rcpt"}, {smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Failed, "554 5.7.1", "rcpt"}}}},
		{name: "greylisting defers", policy: func(p *testPolicy) { p.greylist = true }, txs: []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Deferred, "450 4.2.0", "rcpt"}}}},
		{name: "all recipients refused, then a second transaction", txs: []smtp.Transaction{
			{From: "alice@example.org", To: []string{"nobody@example.org"}, Data: msg},
			{From: "", To: []string{"bob@example.org"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Failed, "550 5.1.1", "rcpt"}}, {{smtp.Accepted, "250 2.0.0", "dot"}}}},
		{name: "all recipients refused, unpipelined", ccfg: smtp.ClientConfig{NoPipelining: true}, txs: []smtp.Transaction{
			{From: "alice@example.org", To: []string{"nobody@example.org"}, Data: msg},
			{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Failed, "550 5.1.1", "rcpt"}}, {{smtp.Accepted, "250 2.0.0", "dot"}}}},
		{name: "AUTH lets the client relay", scfg: smtp.Config{Auth: true}, ccfg: smtp.ClientConfig{Username: "alice", Password: "secret"},
			txs:  []smtp.Transaction{{From: "alice@example.org", To: []string{"carol@far.example"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}}}},
		{name: "wrong password fails every recipient", scfg: smtp.Config{Auth: true}, ccfg: smtp.ClientConfig{Username: "alice", Password: "nope"},
			txs:  []smtp.Transaction{{From: "alice@example.org", To: []string{"carol@far.example", "bob@example.org"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Failed, "535 5.7.8", "auth"}, {smtp.Failed, "535 5.7.8", "auth"}}}},
		{name: "submission without credentials meets 530", scfg: smtp.Config{Auth: true, RequireAuth: true},
			txs:  []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Failed, "530 5.7.0", "mail"}}}},
		{name: "STARTTLS then AUTH", scfg: smtp.Config{Auth: true, StartTLS: true, AuthRequiresTLS: true}, ccfg: smtp.ClientConfig{StartTLS: true, Username: "bob", Password: "secret"},
			txs:  []smtp.Transaction{{From: "bob@example.org", To: []string{"carol@far.example"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}}}},
		{name: "a verdict after the handshake ends the session", scfg: smtp.Config{StartTLS: true},
			ccfg: smtp.ClientConfig{StartTLS: true, RequireTLS: true, AfterTLS: func() *smtp.Reply {
				r := smtp.Reason("test.cert").Custom(0, "4.7.5", "Server certificate not verified")
				return &r
			}},
			txs:     []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Deferred, "4.7.5", "starttls"}}},
			batches: 3}, // EHLO · STARTTLS · QUIT: no MAIL after the verdict
		{name: "TLS required but not offered", ccfg: smtp.ClientConfig{RequireTLS: true},
			txs:  []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Deferred, "4.7.0", "starttls"}}}},
		{name: "EHLO refused, HELO works", policy: func(p *testPolicy) {
			p.fault = func(c smtp.Command) *smtp.Reply {
				if c.Verb == "EHLO" {
					r := smtp.ReasonCmdNotImplemented.Reply()
					return &r
				}
				return nil
			}
		}, txs: []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}}},
			batches: 7}, // EHLO · HELO · MAIL · RCPT · DATA · message · QUIT: no PIPELINING after HELO
		{name: "421 during RCPT defers everything", policy: func(p *testPolicy) {
			p.fault = func(c smtp.Command) *smtp.Reply {
				if c.Verb == "RCPT" {
					r := smtp.ReasonConnShuttingDown.Reply("mx")
					return &r
				}
				return nil
			}
		}, txs: []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}, {From: "alice@example.org", To: []string{"alice@example.org"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Deferred, "421 4.3.2", "rcpt"}}, {{smtp.Deferred, "421 4.3.2", "rcpt"}}}},
		// RFC 5321 §4.5.3.1.10: the recipients refused with 452 are sent in a later
		// transaction: by an MTA from its queue, by a mail program at once.
		{name: "too many recipients: deferred for the queue", scfg: smtp.Config{Auth: true, MaxRecipients: 100}, ccfg: smtp.ClientConfig{Username: "alice", Password: "secret"},
			txs:     []smtp.Transaction{{From: "alice@example.org", To: manyRcpts(101), Data: msg}},
			want:    [][]rcptWant{append(repeatWant(rcptWant{smtp.Accepted, "250 2.0.0", "dot"}, 100), rcptWant{smtp.Deferred, "452 4.5.3", "rcpt"})},
			bundles: []int{100}},
		{name: "too many recipients: the rest in a second transaction", scfg: smtp.Config{Auth: true, MaxRecipients: 100}, ccfg: smtp.ClientConfig{Username: "alice", Password: "secret", ResendOverLimit: true},
			txs:     []smtp.Transaction{{From: "alice@example.org", To: manyRcpts(101), Data: msg}},
			want:    [][]rcptWant{repeatWant(rcptWant{smtp.Accepted, "250 2.0.0", "dot"}, 101)},
			batches: 7, // EHLO · AUTH · MAIL+101 RCPT+DATA · message · MAIL+RCPT+DATA · message · QUIT
			bundles: []int{100, 1}},
		{name: "too many recipients, one command at a time", scfg: smtp.Config{Auth: true, MaxRecipients: 100}, ccfg: smtp.ClientConfig{Username: "alice", Password: "secret", NoPipelining: true, ResendOverLimit: true},
			txs:     []smtp.Transaction{{From: "alice@example.org", To: manyRcpts(102), Data: msg}},
			want:    [][]rcptWant{repeatWant(rcptWant{smtp.Accepted, "250 2.0.0", "dot"}, 102)},
			bundles: []int{100, 2}},
		{name: "too many recipients, then the next transaction", scfg: smtp.Config{Auth: true, MaxRecipients: 100}, ccfg: smtp.ClientConfig{Username: "alice", Password: "secret", ResendOverLimit: true},
			txs:     []smtp.Transaction{{From: "alice@example.org", To: manyRcpts(101), Data: msg}, {From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}},
			want:    [][]rcptWant{repeatWant(rcptWant{smtp.Accepted, "250 2.0.0", "dot"}, 101), {{smtp.Accepted, "250 2.0.0", "dot"}}},
			bundles: []int{100, 1, 1}},
		{name: "452 once: the recipient goes in a second transaction", ccfg: resend, policy: rcptFault("alice@example.org", smtp.ReasonRcptTooMany.Reply(), 1),
			txs:     []smtp.Transaction{{From: "bob@example.org", To: []string{"alice@example.org", "bob@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Accepted, "250 2.0.0", "dot"}}},
			batches: 6, // EHLO · MAIL+RCPT+RCPT+DATA · message · MAIL+RCPT+DATA · message · QUIT
			bundles: []int{1, 1}},
		{name: "452 in the second transaction too: deferred, no third", ccfg: resend, policy: rcptFault("alice@example.org", smtp.Reason("").Custom(452, "", "Too many recipients"), 0),
			txs:     []smtp.Transaction{{From: "bob@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Deferred, "452", "rcpt"}}},
			batches: 5, // EHLO · MAIL+RCPT+RCPT+DATA · message · MAIL+RCPT+DATA (554: no valid recipients) · QUIT
			bundles: []int{1}},
		{name: "452 to the only recipient is a plain deferral", ccfg: resend, policy: rcptFault("alice@example.org", smtp.ReasonRcptMailboxTmpfull.Reply("alice@example.org"), 0),
			txs:     []smtp.Transaction{{From: "bob@example.org", To: []string{"alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Deferred, "452 4.2.2", "rcpt"}}},
			batches: 3}, // EHLO · MAIL+RCPT+DATA · QUIT
		{name: "452 4.2.2 beside an accepted recipient: deferred, not resent at once", ccfg: resend, policy: rcptFault("alice@example.org", smtp.ReasonRcptMailboxTmpfull.Reply("alice@example.org"), 0),
			txs:     []smtp.Transaction{{From: "bob@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Deferred, "452 4.2.2", "rcpt"}}},
			batches: 4, // EHLO · MAIL+RCPT+RCPT+DATA · message · QUIT
			bundles: []int{1}},
		{name: "552 5.5.3 is too many recipients too (RFC 821's code)", ccfg: resend, policy: rcptFault("alice@example.org", smtp.Reason("").Custom(552, "5.5.3", "Too many recipients"), 1),
			txs:     []smtp.Transaction{{From: "bob@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Accepted, "250 2.0.0", "dot"}}},
			bundles: []int{1, 1}},
		{name: "552 5.5.3 is temporary even when not resent", policy: rcptFault("alice@example.org", smtp.Reason("").Custom(552, "5.5.3", "Too many recipients"), 0),
			txs:     []smtp.Transaction{{From: "bob@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Deferred, "552 5.5.3", "rcpt"}}},
			bundles: []int{1}},
		{name: "552 5.2.2 at RCPT stays a failure", ccfg: resend, policy: rcptFault("alice@example.org", smtp.ReasonRcptMailboxFull.Reply("alice@example.org"), 0),
			txs:     []smtp.Transaction{{From: "bob@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Accepted, "250 2.0.0", "dot"}, {smtp.Failed, "552 5.2.2", "rcpt"}}},
			bundles: []int{1}},
		{name: "452, then the message refused: the rest stays deferred", ccfg: resend, policy: func(p *testPolicy) {
			rcptFault("alice@example.org", smtp.ReasonRcptTooMany.Reply(), 0)(p)
			r := smtp.ReasonDataStorageFull.Reply()
			p.deliver = &r
		}, txs: []smtp.Transaction{{From: "bob@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg}},
			want:    [][]rcptWant{{{smtp.Deferred, "452 4.3.1", "dot"}, {smtp.Deferred, "452 4.5.3", "rcpt"}}},
			batches: 4}, // EHLO · MAIL+RCPT+RCPT+DATA · message · QUIT: no second round after a refused message
		{name: "message too big", scfg: smtp.Config{MaxSize: 100}, policy: nil,
			txs:  []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: []byte(strings.Repeat("x", 200))}},
			want: [][]rcptWant{{{smtp.Failed, "552 5.3.4", "mail"}}}},
		{name: "mailbox full after the dot", policy: func(p *testPolicy) { r := smtp.ReasonDataMailboxFull.Reply(); p.deliver = &r },
			txs:  []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg}},
			want: [][]rcptWant{{{smtp.Failed, "552 5.2.2", "dot"}}}},
	}
}

func TestClientAgainstServer(t *testing.T) {
	for _, tt := range conversations() {
		t.Run(tt.name, func(t *testing.T) {
			pol := newTestPolicy()
			if tt.policy != nil {
				tt.policy(pol)
			}
			tt.scfg.Hostname = "mx.example.org"
			srv := smtp.NewServer(tt.scfg, pol, "192.0.2.7:1")
			cli := smtp.NewClient(tt.ccfg, tt.txs...)
			writes := pump(t, cli, srv)
			got := make([][]rcptWant, len(tt.txs))
			for i, rs := range cli.Results() {
				for _, r := range rs {
					got[i] = append(got[i], rcptWant{r.Outcome, codeStatus(r.Reply), r.Stage})
				}
			}
			assert.Equal(t, tt.want, got)
			if tt.batches > 0 {
				assert.Len(t, writes, tt.batches, "client writes: %q", writes)
			}
			if tt.bundles != nil {
				var bundles []int
				for _, env := range pol.delivered {
					bundles = append(bundles, len(env.To))
				}
				assert.Equal(t, tt.bundles, bundles, "recipients of each message the server took")
			}
			accepted := 0
			for _, rs := range cli.Results() {
				for _, r := range rs {
					if r.Outcome == smtp.Accepted {
						accepted++
					}
				}
			}
			delivered := 0
			for _, env := range pol.delivered {
				delivered += len(env.To)
				assert.Contains(t, string(env.Data), "\r\n.leading dot\r\n", "dot-stuffing survives the round trip")
			}
			assert.Equal(t, accepted, delivered, "accepted recipients are exactly the delivered ones")
		})
	}
}

// rcptFault makes the test server answer r to RCPT for addr, the first times times
// (0: always).
func rcptFault(addr string, r smtp.Reply, times int) func(*testPolicy) {
	return func(p *testPolicy) {
		n := 0
		p.fault = func(c smtp.Command) *smtp.Reply {
			if c.Verb != "RCPT" || !strings.Contains(strings.ToLower(c.Arg), "<"+addr+">") || times > 0 && n >= times {
				return nil
			}
			n++
			return &r
		}
	}
}

func manyRcpts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "user" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "@far" + string(rune('a'+i/26)) + ".example"
	}
	return out
}

func repeatWant(w rcptWant, n int) []rcptWant {
	out := make([]rcptWant, n)
	for i := range out {
		out[i] = w
	}
	return out
}

// TestClientScripted plays canned server replies, including deviations of real servers.
func TestClientScripted(t *testing.T) {
	tx := smtp.Transaction{From: "a@x.example", To: []string{"b@y.example", "c@y.example"}, Data: []byte("hi\r\n")}
	t.Run("lone dot after 354 with no recipient", func(t *testing.T) {
		c := smtp.NewClient(smtp.ClientConfig{Hostname: "c.example"}, tx)
		assert.Equal(t, "EHLO c.example\r\n", string(c.Feed([]byte("220 mx ready\r\n"))))
		assert.Equal(t, "MAIL FROM:<a@x.example> SIZE=4\r\nRCPT TO:<b@y.example>\r\nRCPT TO:<c@y.example>\r\nDATA\r\n",
			string(c.Feed([]byte("250-mx\r\n250-SIZE 1000\r\n250 PIPELINING\r\n"))))
		out := c.Feed([]byte("250 2.1.0 ok\r\n550 5.1.1 no b\r\n550 5.1.1 no c\r\n354 go ahead\r\n"))
		assert.Equal(t, ".\r\n", string(out), "RFC 2920: a lone dot, not the message")
		assert.Equal(t, "QUIT\r\n", string(c.Feed([]byte("554 5.5.1 no valid recipients\r\n"))))
		c.Feed([]byte("221 bye\r\n"))
		assert.True(t, c.Done())
		assert.Equal(t, smtp.Failed, c.Results()[0][0].Outcome)
		assert.Equal(t, "5.1.1", c.Results()[0][1].Reply.Status)
	})
	t.Run("go-smtp answers 502 to a sequence error", func(t *testing.T) {
		c := smtp.NewClient(smtp.ClientConfig{Hostname: "c.example"}, tx, tx)
		c.Feed([]byte("220 mx ESMTP Service Ready\r\n"))
		c.Feed([]byte("250-Hello c.example\r\n250 PIPELINING\r\n"))
		out := c.Feed([]byte("250 2.0.0 Roger, accepting mail from <a@x.example>\r\n550 5.1.1 no\r\n550 5.1.1 no\r\n502 5.5.1 Missing RCPT TO command.\r\n"))
		assert.Equal(t, "RSET\r\n", string(out), "an open transaction is reset, not reused")
		assert.Equal(t, smtp.Failed, c.Results()[0][1].Outcome)
		assert.Equal(t, "MAIL FROM:<a@x.example>\r\nRCPT TO:<b@y.example>\r\nRCPT TO:<c@y.example>\r\nDATA\r\n", string(c.Feed([]byte("250 2.0.0 Session reset\r\n"))))
	})
	t.Run("ResendOverLimit: after 452, the rest in a new transaction on the same connection", func(t *testing.T) {
		three := smtp.Transaction{From: "a@x.example", To: []string{"b@y.example", "c@y.example", "d@y.example"}, Data: []byte("hi\r\n"),
			RcptParams: []string{"NOTIFY=FAILURE"}}
		c := smtp.NewClient(smtp.ClientConfig{Hostname: "c.example", ResendOverLimit: true}, three)
		c.Feed([]byte("220 mx ready\r\n"))
		assert.Equal(t, "MAIL FROM:<a@x.example>\r\nRCPT TO:<b@y.example> NOTIFY=FAILURE\r\nRCPT TO:<c@y.example> NOTIFY=FAILURE\r\nRCPT TO:<d@y.example> NOTIFY=FAILURE\r\nDATA\r\n",
			string(c.Feed([]byte("250-mx\r\n250-PIPELINING\r\n250 DSN\r\n"))))
		assert.Equal(t, "hi\r\n.\r\n", string(c.Feed([]byte("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n452 4.5.3 Error: too many recipients\r\n452 4.5.3 Error: too many recipients\r\n354 go ahead\r\n"))))
		assert.Equal(t, smtp.Deferred, c.Results()[0][1].Outcome, "waiting for the next round")
		assert.Equal(t, "MAIL FROM:<a@x.example>\r\nRCPT TO:<c@y.example> NOTIFY=FAILURE\r\nRCPT TO:<d@y.example> NOTIFY=FAILURE\r\nDATA\r\n",
			string(c.Feed([]byte("250 2.0.0 Ok: queued as 1\r\n"))), "no RSET: the transaction ended with the dot")
		assert.Equal(t, smtp.Accepted, c.Results()[0][0].Outcome)
		assert.Equal(t, "hi\r\n.\r\n", string(c.Feed([]byte("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n"))))
		c.Lost(true)
		for i, want := range []smtp.Outcome{smtp.Accepted, smtp.Deferred, smtp.Deferred} {
			r := c.Results()[0][i]
			assert.Equal(t, want, r.Outcome, r.Rcpt)
			assert.Equal(t, i > 0, r.AfterDot, "%s: only the second message's recipients may be duplicated", r.Rcpt)
		}
	})
	t.Run("AUTH LOGIN when PLAIN is not offered", func(t *testing.T) {
		c := smtp.NewClient(smtp.ClientConfig{Hostname: "c", Username: "alice", Password: "secret"}, tx)
		c.Feed([]byte("220 mx\r\n"))
		assert.Equal(t, "AUTH LOGIN\r\n", string(c.Feed([]byte("250-mx\r\n250 AUTH=LOGIN\r\n"))))
		assert.Equal(t, b64("alice")+"\r\n", string(c.Feed([]byte("334 VXNlcm5hbWU6\r\n"))))
		assert.Equal(t, b64("secret")+"\r\n", string(c.Feed([]byte("334 UGFzc3dvcmQ6\r\n"))))
		assert.Equal(t, "MAIL FROM:<a@x.example>\r\n", string(c.Feed([]byte("235 2.7.0 ok\r\n"))))
	})
	t.Run("lost connection after the dot", func(t *testing.T) {
		c := smtp.NewClient(smtp.ClientConfig{Hostname: "c", NoPipelining: true}, smtp.Transaction{From: "a@x.example", To: []string{"b@y.example"}, Data: []byte("hi")})
		c.Feed([]byte("220 mx\r\n"))
		c.Feed([]byte("250 mx\r\n"))
		c.Feed([]byte("250 ok\r\n"))
		assert.Equal(t, "DATA\r\n", string(c.Feed([]byte("250 ok\r\n"))))
		assert.Equal(t, "hi\r\n.\r\n", string(c.Feed([]byte("354 go\r\n"))))
		c.Lost(true)
		r := c.Results()[0][0]
		assert.Equal(t, smtp.Deferred, r.Outcome)
		assert.True(t, r.AfterDot, "the server may have the message: RFC 1047 duplicate")
		assert.True(t, c.Done())
	})
	t.Run("malformed reply", func(t *testing.T) {
		c := smtp.NewClient(smtp.ClientConfig{}, tx)
		assert.Equal(t, "QUIT\r\n", string(c.Feed([]byte("hello there\r\n"))))
		assert.Equal(t, smtp.Deferred, c.Results()[0][0].Outcome)
		assert.Equal(t, smtp.ReasonClientBadReply, c.Results()[0][0].Reply.Reason)
	})
	t.Run("554 greeting", func(t *testing.T) {
		c := smtp.NewClient(smtp.ClientConfig{}, tx)
		assert.Equal(t, "QUIT\r\n", string(c.Feed([]byte("554 5.7.1 go away\r\n"))))
		assert.Equal(t, smtp.Failed, c.Results()[0][0].Outcome)
		assert.Equal(t, "greeting", c.Results()[0][0].Stage)
	})
	t.Run("timeout", func(t *testing.T) {
		c := smtp.NewClient(smtp.ClientConfig{}, tx)
		assert.Equal(t, "QUIT\r\n", string(c.Timeout()))
		assert.Equal(t, smtp.Deferred, c.Results()[0][1].Outcome)
	})
}

// TestClientDSNParameters: the DSN parameters of MAIL and RCPT go only to a server
// whose EHLO reply offered DSN (RFC 3461 §4). A server without DSN gets plain MAIL and
// RCPT and takes the recipient, where it would have answered 555 to the parameters.
func TestClientDSNParameters(t *testing.T) {
	data := []byte("Subject: hi\r\n\r\nhello\r\n")
	size := smtp.Param{Key: "SIZE", Value: strconv.Itoa(len(smtp.Stuff(data)))}
	tx := smtp.Transaction{From: "alice@example.org", To: []string{"bob@example.org"}, Data: data,
		MailParams: []string{"RET=HDRS", "ENVID=QQ314159"}, RcptParams: []string{"NOTIFY=FAILURE,DELAY", "ORCPT=rfc822;bob@example.org"}}
	ehloRefused := func(p *testPolicy) {
		p.fault = func(c smtp.Command) *smtp.Reply {
			if c.Verb == "EHLO" {
				r := smtp.ReasonCmdUnknown.Reply()
				return &r
			}
			return nil
		}
	}
	tests := []struct {
		name     string
		scfg     smtp.Config
		policy   func(*testPolicy)
		dsn      bool // the server offered DSN
		mail     string
		rcpt     string
		mailPars []smtp.Param
		rcptPars []smtp.Param
	}{
		{name: "server offers DSN", dsn: true,
			mail:     "MAIL FROM:<alice@example.org> SIZE=" + size.Value + " RET=HDRS ENVID=QQ314159",
			rcpt:     "RCPT TO:<bob@example.org> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob@example.org",
			mailPars: []smtp.Param{size, {Key: "RET", Value: "HDRS"}, {Key: "ENVID", Value: "QQ314159"}},
			rcptPars: []smtp.Param{{Key: "NOTIFY", Value: "FAILURE,DELAY"}, {Key: "ORCPT", Value: "rfc822;bob@example.org"}}},
		{name: "server without DSN", scfg: smtp.Config{NoDSN: true},
			mail: "MAIL FROM:<alice@example.org> SIZE=" + size.Value, rcpt: "RCPT TO:<bob@example.org>",
			mailPars: []smtp.Param{size}, rcptPars: []smtp.Param{}},
		{name: "EHLO refused, HELO: no extensions at all", policy: ehloRefused,
			mail: "MAIL FROM:<alice@example.org>", rcpt: "RCPT TO:<bob@example.org>",
			mailPars: []smtp.Param{}, rcptPars: []smtp.Param{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := newTestPolicy()
			if tt.policy != nil {
				tt.policy(pol)
			}
			tt.scfg.Hostname = "mx.example.org"
			cli := smtp.NewClient(smtp.ClientConfig{Hostname: "client.example"}, tx)
			writes := pump(t, cli, smtp.NewServer(tt.scfg, pol, "192.0.2.7:1"))
			_, offered := cli.Extensions()["DSN"]
			assert.Equal(t, tt.dsn, offered, "DSN in the EHLO reply")
			var mail, rcpt []string
			for _, l := range strings.Split(strings.Join(writes, ""), "\r\n") {
				switch {
				case strings.HasPrefix(l, "MAIL "):
					mail = append(mail, l)
				case strings.HasPrefix(l, "RCPT "):
					rcpt = append(rcpt, l)
				}
			}
			assert.Equal(t, []string{tt.mail}, mail)
			assert.Equal(t, []string{tt.rcpt}, rcpt)
			r := cli.Results()[0][0]
			assert.Equal(t, smtp.Accepted, r.Outcome, "%d %s %s", r.Reply.Code, r.Reply.Status, r.Reply.Text())
			require.Len(t, pol.delivered, 1)
			assert.Equal(t, tt.mailPars, pol.delivered[0].MailParams)
			assert.Equal(t, [][]smtp.Param{tt.rcptPars}, pol.delivered[0].RcptParams)
		})
	}
}
