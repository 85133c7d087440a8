package world_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/mail"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// These tests check that what the trace states is true of the run: every reply code
// on an event was sent by a server, DSNs say what RFC 3464 asks, and a delivery says
// where the message really went.

func faults(t *testing.T, specs ...string) []fault.Fault {
	t.Helper()
	var out []fault.Fault
	for _, s := range specs {
		f, err := fault.Parse(s)
		require.NoError(t, err, s)
		out = append(out, f)
	}
	return out
}

// filedDSN returns the DSN filed into a mailbox for the given bounce id.
func filedDSN(t *testing.T, tr *trace.Trace, dsnID string) mail.ParsedDSN {
	t.Helper()
	i := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindDeliver && e.Msg == dsnID })
	require.GreaterOrEqual(t, i, 0, "DSN %s was filed", dsnID)
	d, err := mail.ParseDSN(tr.At(i).Payload)
	require.NoError(t, err)
	return d
}

// TestNoCodeWithoutReply: a connection that was refused, timed out or could not be
// routed produced no SMTP reply, so the events it led to carry an enhanced status and
// a failure kind, never a reply code.
func TestNoCodeWithoutReply(t *testing.T) {
	tests := []struct {
		fault   string
		kind    trace.Kind
		failure string
	}{
		{"down:mx.example.net,until=20m", trace.KindUnreachable, trace.FailureTimedOut},
		{"refuse:mx.example.net,port=25,until=20m", trace.KindRefused, trace.FailureRefused},
		{"partition:mail.example.org,peer=mx.example.net,until=20m", trace.KindUnreachable, trace.FailureUnreachable},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			tr := world.Run(load(t, "first-mail"), faults(t, tt.fault)...)
			i := tr.Find(func(e trace.Event) bool { return e.Kind == tt.kind && e.Peer == "mx.example.net" })
			require.GreaterOrEqual(t, i, 0)
			fail := tr.At(i)
			assert.Equal(t, tt.failure, fail.Failure)
			assert.Equal(t, "4.4.1", fail.Status)
			assert.Zero(t, fail.Code)
			assert.Positive(t, fail.DurationMS)
			d := tr.At(tr.Next(i, trace.KindDefer))
			assert.Zero(t, d.Code, "no server replied")
			assert.Empty(t, d.Line)
			assert.Equal(t, "4.4.1", d.Status)
			assert.Equal(t, tt.failure, d.Failure)
			assert.Equal(t, "mx.example.net", d.Peer)
			assert.Equal(t, trace.OutcomeDelivered, outcome(tr, "m1", "bob@example.net").Outcome, "delivered once the fault is over")
		})
	}
}

// TestEveryCodeWasSent: over the built-in scenarios with faults that end in bounces
// and defers, every event with a reply code quotes a line some server sent.
func TestEveryCodeWasSent(t *testing.T) {
	runs := []struct {
		id     string
		faults []string
	}{
		{"retries", nil},
		{"bounce", nil},
		{"dns-routes", nil},
		{"greylisting", nil},
		{"first-mail", []string{"unknown-user:bob@example.net"}},
		{"first-mail", []string{"servfail:example.net,until=30m"}},
		{"first-mail", []string{"drop:mx.example.net,when=after-dot,count=1"}},
	}
	// The mail program's own checks (no submission server for the sender's domain) and
	// a message that cannot be composed decide without any server.
	noMSA := twoUsersOneHost("bob@example.org")
	noMSA.Users = append(noMSA.Users, scenario.User{Address: "erin@example.com", Password: "pw"})
	noMSA.Messages = append(noMSA.Messages, scenario.Message{ID: "m2", From: "erin@example.com", To: []string{"bob@example.org"}, Subject: "x", Body: "y\n"})
	trs := map[string]*trace.Trace{"no MSA": world.Run(noMSA)}
	o := outcome(trs["no MSA"], "m2", "bob@example.org")
	assert.Equal(t, trace.OutcomeRejected, o.Outcome)
	assert.Equal(t, "5.4.4", o.Status)
	for _, r := range runs {
		trs[fmt.Sprint(r.id, r.faults)] = world.Run(load(t, r.id), faults(t, r.faults...)...)
	}
	for name, tr := range trs {
		r := struct {
			id     string
			faults []string
		}{id: name}
		sent := map[string]bool{}
		for _, e := range tr.All() {
			if e.Kind == trace.KindLine && e.Dir == trace.DirRecv && e.Code != 0 {
				sent[e.Line] = true
			}
		}
		for _, e := range tr.All() {
			if e.Code == 0 || e.Kind == trace.KindLine {
				continue
			}
			require.NotEmpty(t, e.Line, "%s %v: event %d (%s) has code %d but quotes no reply", r.id, r.faults, e.Seq, e.Kind, e.Code)
			assert.True(t, sent[e.Line], "%s %v: event %d (%s) quotes %q, which no server sent", r.id, r.faults, e.Seq, e.Kind, e.Line)
		}
		for _, o := range tr.Outcomes {
			if o.Code != 0 {
				found := false
				for l := range sent {
					found = found || strings.HasPrefix(l, strconv.Itoa(o.Code)+" ")
				}
				assert.True(t, found, "%s: outcome of %s has code %d, which no server sent", r.id, o.Rcpt, o.Code)
			}
		}
	}
}

// TestExpiredDSN: a recipient that never became reachable is given up after the
// queue lifetime. The DSN keeps the actual problem's status (4.4.1, as RFC 3463 §3.5
// recommends and Postfix does) with Action: failed, quotes no reply (none was sent),
// and dates the arrival of the message, not the expiry.
func TestExpiredDSN(t *testing.T) {
	sc := load(t, "retries")
	tr := world.Run(sc)
	i := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindBounce && e.Rcpt == "erin@example.com" })
	require.GreaterOrEqual(t, i, 0)
	b := tr.At(i)
	assert.Equal(t, "queue.expired", b.Reason)
	assert.Equal(t, "4.4.1", b.Status)
	assert.Zero(t, b.Code)
	exp := tr.At(tr.Prev(i, trace.KindExpire))
	assert.Equal(t, "erin@example.com", exp.Rcpt)
	assert.GreaterOrEqual(t, exp.DurationMS, (5 * 24 * time.Hour).Milliseconds())

	d := filedDSN(t, tr, b.DSN)
	require.Len(t, d.Recipients, 1)
	r := d.Recipients[0]
	assert.Equal(t, "failed", r.Action)
	assert.Equal(t, "4.4.1", r.Status)
	assert.Empty(t, r.Diagnostic, "no server replied, so there is no smtp diagnostic")
	handoff := tr.At(tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindHandoff && e.Msg == "m1" }))
	assert.Equal(t, sc.Start.Add(handoff.Time).Truncate(time.Second), d.ArrivalDate.UTC().Truncate(time.Second), "Arrival-Date is when the MSA took the message")
}

// TestBounceDSNQuotesTheReply: a 5xx from a server is quoted as an smtp diagnostic,
// with the server as Remote-MTA.
func TestBounceDSNQuotesTheReply(t *testing.T) {
	tr := world.Run(load(t, "first-mail"), faults(t, "unknown-user:bob@example.net")...)
	i := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindBounce })
	require.GreaterOrEqual(t, i, 0)
	b := tr.At(i)
	assert.Equal(t, 550, b.Code)
	assert.Equal(t, "5.1.1", b.Status)
	d := filedDSN(t, tr, b.DSN)
	require.Len(t, d.Recipients, 1)
	assert.Equal(t, "smtp; "+b.Line, d.Recipients[0].Diagnostic)
	assert.Equal(t, "dns;mx.example.net", d.Recipients[0].RemoteMTA)
}

// twoUsersOneHost is a world where one host is both MSA and MX for example.org.
func twoUsersOneHost(to ...string) scenario.Scenario {
	return scenario.Scenario{Name: "one host", Seed: 1,
		Hosts:    []scenario.Host{{Name: "mail.example.org", IP: "192.0.2.10", Roles: []scenario.Role{scenario.RoleMSA, scenario.RoleMX}, Domains: []string{"example.org"}}},
		Users:    []scenario.User{{Address: "alice@example.org", Password: "pw"}, {Address: "bob@example.org", Password: "pw"}},
		Messages: []scenario.Message{{ID: "m1", From: "alice@example.org", To: to, Subject: "hi", Body: "hello\n"}},
	}
}

// TestLocalRecipientsAtSubmission: a host that is both MSA and MX knows its users at
// RCPT, so an unknown local user is refused there with 550 5.1.1 (as Postfix's local
// recipient check does), never accepted and bounced as a full mailbox.
func TestLocalRecipientsAtSubmission(t *testing.T) {
	tr := world.Run(twoUsersOneHost("nobody@example.org", "bob@example.org"))
	i := tr.Find(func(e trace.Event) bool {
		return e.Kind == trace.KindLine && e.Dir == trace.DirRecv && e.Code == 550 && e.Status == "5.1.1"
	})
	require.GreaterOrEqual(t, i, 0, "550 5.1.1 at RCPT")
	assert.Equal(t, trace.OutcomeRejected, outcome(tr, "m1", "nobody@example.org").Outcome)
	assert.Equal(t, "5.1.1", outcome(tr, "m1", "nobody@example.org").Status)
	assert.Equal(t, trace.OutcomeDelivered, outcome(tr, "m1", "bob@example.org").Outcome)
	assert.Equal(t, -1, tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindBounce }), "nothing bounces")

	// The unknown-user and mailbox-full faults apply to local recipients too.
	for _, tt := range []struct{ fault, status string }{{"unknown-user:bob@example.org", "5.1.1"}, {"mailbox-full:bob@example.org", "5.2.2"}} {
		tr := world.Run(twoUsersOneHost("bob@example.org"), faults(t, tt.fault)...)
		o := outcome(tr, "m1", "bob@example.org")
		assert.Equal(t, trace.OutcomeRejected, o.Outcome, tt.fault)
		assert.Equal(t, tt.status, o.Status, tt.fault)
	}
}

// TestLocalDSNFaults: a DSN filed into a local sender's mailbox meets the sender's
// faults too; a DSN that cannot be filed is a double bounce, never bounced again.
func TestLocalDSNFaults(t *testing.T) {
	tr := world.Run(load(t, "first-mail"), faults(t, "unknown-user:bob@example.net", "mailbox-full:alice@example.org")...)
	i := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindDoubleBounce })
	require.GreaterOrEqual(t, i, 0)
	db := tr.At(i)
	assert.Equal(t, "5.2.2", db.Status)
	assert.Zero(t, db.Code, "the delivery agent decided; no server replied")
	assert.Equal(t, trace.OutcomeDoubleBounce, outcome(tr, "m1", "bob@example.net").Outcome)
}

// TestPostmasterMailbox: mail to postmaster is filed into the mailbox that really
// takes it (the host's first user), and the deliver event says so.
func TestPostmasterMailbox(t *testing.T) {
	tr := world.Run(twoUsersOneHost("postmaster@example.org"))
	i := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindDeliver })
	require.GreaterOrEqual(t, i, 0)
	d := tr.At(i)
	assert.Equal(t, "postmaster@example.org", d.Rcpt)
	assert.Equal(t, "alice@example.org", d.Mailbox)
	assert.Equal(t, uint32(1), d.UID)
	assert.Equal(t, 1, d.Count)
	assert.Contains(t, string(d.Payload), "Return-Path: <alice@example.org>\r\n")
}

// TestDNSEventsCarryTheAnswer: the question and answer are fields, not text.
func TestDNSEventsCarryTheAnswer(t *testing.T) {
	tr := world.Run(load(t, "dns-routes"))
	q := tr.At(tr.Next(-1, trace.KindDNSQuery))
	require.NotNil(t, q.DNS)
	assert.Equal(t, "example.net", q.DNS.Name)
	a := tr.At(tr.Find(func(e trace.Event) bool {
		return e.Kind == trace.KindDNSAnswer && e.DNS != nil && e.DNS.Name == "example.net" && e.DNS.Type == "MX"
	}))
	require.Len(t, a.DNS.Records, 2)
	assert.Equal(t, uint16(10), a.DNS.Records[0].Pref)
	assert.Equal(t, "mx1.example.net", a.DNS.Records[0].Value)
	nx := tr.At(tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindDNSAnswer && e.DNS.Name == "nowhere.example" }))
	assert.Equal(t, "NXDOMAIN", string(nx.DNS.Rcode))
}

// TestFetchThatNeverConnected: a refused POP3 connection is reported as refused, not
// as a session that broke.
func TestFetchThatNeverConnected(t *testing.T) {
	tr := world.Run(load(t, "pickup"), faults(t, "refuse:mx.example.net,port=110")...)
	i := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindFetch && e.Mailbox == "bob@example.net" })
	require.GreaterOrEqual(t, i, 0)
	f := tr.At(i)
	assert.Equal(t, trace.FailureRefused, f.Failure)
	assert.Equal(t, "connection", f.Stage)
	assert.Empty(t, f.Reason, "no lost session to explain")
}
