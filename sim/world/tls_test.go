package world_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/mail"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// tlsWorld is a world of two organisations with TLS options: alice submits with
// submit (none, starttls, implicit); mail.example.org sends with sender options
// ("tls: true", "check-mta-sts: true"); mx.example.net receives with receiver options;
// policy is an MTA-STS policy of example.net, published in DNS, or "".
func tlsWorld(t *testing.T, submit, sender, receiver, policy string) scenario.Scenario {
	t.Helper()
	src := fmt.Sprintf(`seed: 1
retry: {lifetime: 1d}
hosts:
  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org]%s}
  - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net]%s}
dns:
  - example.net MX 10 mx.example.net
  - mx.example.net A 198.51.100.25
  - mail.example.org A 192.0.2.10
  - '_mta-sts.example.net TXT "v=STSv1; id=20261125T090000"'
users:
  - {address: alice@example.org, password: secret, tls: %s}
  - {address: bob@example.net, password: secret}
messages:
  - {from: alice@example.org, to: [bob@example.net], subject: Hi, body: hello}
`, opts(sender), opts(receiver), submit)
	if policy != "" {
		src += "mta-sts:\n  - " + policy + "\n"
	}
	sc, err := scenariofile.Parse("tls.yaml", []byte(src))
	require.NoError(t, err)
	return *sc
}

func opts(s string) string {
	if s == "" {
		return ""
	}
	return ", " + s
}

// tlsEvents are the tls events of a connection to port on peer: what the trace says
// about that hop's padlock.
func tlsEvents(tr *trace.Trace, peer string, port int) []trace.TLS {
	conn := map[int]bool{}
	var out []trace.TLS
	for _, e := range tr.All() {
		if e.Kind == trace.KindConnect && e.Peer == peer && e.Port == port {
			conn[e.Conn] = true
		}
		if e.Kind == trace.KindTLS && conn[e.Conn] && e.TLS != nil {
			out = append(out, *e.TLS)
		}
	}
	return out
}

func started(how string) trace.TLS {
	return trace.TLS{State: trace.TLSStarted, How: how, Version: "TLSv1.3"}
}

// TestTLSOnTheWay runs submission and relay with each TLS option and checks the
// padlock of each hop, the Received: fields and the outcome.
func TestTLSOnTheWay(t *testing.T) {
	const enforce = "{domain: example.net, mode: enforce, mx: [mx.example.net], max-age: 1d}"
	const testing_ = "{domain: example.net, mode: testing, mx: ['*.example.net']}"
	strip := "strip-starttls:mx.example.net"
	tests := []struct {
		name                     string
		submit, sender, receiver string
		policy                   string
		faults                   []string
		submission, relay        []trace.TLS
		outcome                  string
		status                   string
		received                 []string // the with of each Received: field in bob's copy, newest first
	}{
		{name: "no TLS anywhere: no tls events", submit: "none",
			outcome: "delivered", received: []string{"ESMTP", "ESMTPA"}},
		{name: "587 STARTTLS", submit: "starttls", sender: "tls: true",
			submission: []trace.TLS{started(trace.TLSHowSTARTTLS)}, relay: []trace.TLS{{State: trace.TLSNone}},
			outcome: "delivered", received: []string{"ESMTP", "ESMTPSA"}},
		{name: "465 implicit", submit: "implicit", sender: "tls: true",
			submission: []trace.TLS{started(trace.TLSHowImplicit)}, relay: []trace.TLS{{State: trace.TLSNone}},
			outcome: "delivered", received: []string{"ESMTP", "ESMTPSA"}},
		{name: "opportunistic between MTAs", submit: "none", sender: "tls: true", receiver: "tls: true",
			relay: []trace.TLS{started(trace.TLSHowSTARTTLS)}, outcome: "delivered", received: []string{"ESMTPS", "ESMTPA"}},
		{name: "offered, not used", submit: "none", receiver: "tls: true",
			relay: []trace.TLS{{State: trace.TLSOffered}}, outcome: "delivered", received: []string{"ESMTP", "ESMTPA"}},
		{name: "stripped, no MTA-STS: delivered in clear", submit: "none", sender: "tls: true", receiver: "tls: true", faults: []string{strip},
			relay: []trace.TLS{{State: trace.TLSNone}}, outcome: "delivered", received: []string{"ESMTP", "ESMTPA"}},
		{name: "MTA-STS enforce, nothing stripped", submit: "none", sender: "check-mta-sts: true", receiver: "tls: true", policy: enforce,
			relay:   []trace.TLS{{State: trace.TLSStarted, How: trace.TLSHowSTARTTLS, Version: "TLSv1.3", Policy: "enforce"}},
			outcome: "delivered", received: []string{"ESMTPS", "ESMTPA"}},
		{name: "MTA-STS testing, stripped: delivered and reported", submit: "none", sender: "check-mta-sts: true", receiver: "tls: true",
			policy: testing_, faults: []string{strip}, relay: []trace.TLS{{State: trace.TLSNone, Policy: "testing"}},
			outcome: "delivered", received: []string{"ESMTP", "ESMTPA"}},
		{name: "MTA-STS enforce, stripped for good: deferred, then bounced", submit: "none", sender: "check-mta-sts: true", receiver: "tls: true",
			policy: enforce, faults: []string{strip}, outcome: "bounced", status: "4.7.4"},
		{name: "MTA-STS enforce, stripped once: deferred, delivered on the retry", submit: "none", sender: "check-mta-sts: true", receiver: "tls: true",
			policy: enforce, faults: []string{strip + ",count=1"},
			relay:   []trace.TLS{{State: trace.TLSRefused, Policy: "enforce"}, {State: trace.TLSStarted, How: trace.TLSHowSTARTTLS, Version: "TLSv1.3", Policy: "enforce"}},
			outcome: "delivered", received: []string{"ESMTPS", "ESMTPA"}},
		{name: "MTA-STS enforce, MX not in the policy: deferred after the handshake, then bounced", submit: "none", sender: "check-mta-sts: true", receiver: "tls: true",
			policy:  "{domain: example.net, mode: enforce, mx: [mail.example.net]}",
			relay:   []trace.TLS{{State: trace.TLSStarted, How: trace.TLSHowSTARTTLS, Version: "TLSv1.3", Policy: "enforce"}, {State: trace.TLSRefused, Policy: "enforce"}},
			outcome: "bounced", status: "4.7.5"},
		{name: "MTA-STS testing, MX not in the policy: delivered", submit: "none", sender: "check-mta-sts: true", receiver: "tls: true",
			policy: "{domain: example.net, mode: testing, mx: [mail.example.net]}", relay: []trace.TLS{{State: trace.TLSStarted, How: trace.TLSHowSTARTTLS, Version: "TLSv1.3", Policy: "testing"}},
			outcome: "delivered", received: []string{"ESMTPS", "ESMTPA"}},
		{name: "STARTTLS required, the sender set up without TLS: the trace says why the 530 comes, then the bounce", submit: "none",
			faults: []string{"tls-required:mx.example.net"}, relay: []trace.TLS{{State: trace.TLSOffered}}, outcome: "bounced", status: "5.7.0"},
		{name: "STARTTLS required, the sender with TLS: delivered encrypted", submit: "none", sender: "tls: true",
			faults: []string{"tls-required:mx.example.net"}, relay: []trace.TLS{started(trace.TLSHowSTARTTLS)}, outcome: "delivered", received: []string{"ESMTPS", "ESMTPA"}},
		{name: "submission with STARTTLS stripped: the mail program refuses", submit: "starttls", sender: "tls: true",
			faults: []string{"strip-starttls:mail.example.org"}, submission: []trace.TLS{{State: trace.TLSRefused}}, outcome: "rejected", status: "4.7.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := tlsWorld(t, tt.submit, tt.sender, tt.receiver, tt.policy)
			fs := parseFaults(t, tt.faults...)
			w := world.New(sc, fs...)
			w.Run()
			tr := w.Trace()
			port := 587
			if tt.submit == "implicit" {
				port = 465
			}
			assert.Equal(t, tt.submission, tlsEvents(tr, "mail.example.org", port), "submission")
			if tt.relay != nil {
				got := tlsEvents(tr, "mx.example.net", 25)
				if tt.outcome == "bounced" {
					// Every attempt until the bounce goes the same way: compare the first.
					require.GreaterOrEqual(t, len(got), len(tt.relay))
					got = got[:len(tt.relay)]
				}
				assert.Equal(t, tt.relay, got, "relay")
			}
			o := outcome(tr, "m1", "bob@example.net")
			assert.Equal(t, tt.outcome, o.Outcome)
			if tt.status != "" {
				assert.Equal(t, tt.status, o.Status)
			}
			if tt.received != nil {
				box := w.Mailbox("mx.example.net", "bob@example.net")
				require.Len(t, box, 1)
				assert.Equal(t, tt.received, receivedWith(box[0]))
			}
		})
	}
}

// receivedWith lists the protocol ("with ESMTPS") of each Received: field, newest first.
func receivedWith(msg []byte) []string {
	var out []string
	h, _ := mail.HeaderOf(msg)
	for _, f := range h["Received"] {
		_, rest, _ := strings.Cut(f, " with ")
		with, _, _ := strings.Cut(rest, " ")
		out = append(out, with)
	}
	return out
}

// TestStripSTARTTLSShowsBothLines: the EHLO reply line the server sent and the one the
// client received are both in the trace, marked, with the fault between them; the
// client then sends MAIL in clear.
func TestStripSTARTTLSShowsBothLines(t *testing.T) {
	sc := tlsWorld(t, "none", "tls: true", "tls: true", "")
	f, err := fault.Parse("strip-starttls:mx.example.net")
	require.NoError(t, err)
	tr := world.Run(sc, f)
	var lines []trace.Event
	for _, e := range tr.All() {
		if e.Altered != "" || e.Kind == trace.KindFault && e.Fault == "strip-starttls:mx.example.net" {
			lines = append(lines, e)
		}
	}
	require.Len(t, lines, 3)
	assert.Equal(t, "250-STARTTLS", lines[0].Line)
	assert.Equal(t, trace.AlteredSent, lines[0].Altered)
	assert.Equal(t, trace.KindFault, lines[1].Kind)
	assert.Equal(t, "strip-starttls:mx.example.net", lines[1].Fault)
	assert.Equal(t, "250-XXXXXXXA", lines[2].Line)
	assert.Equal(t, trace.AlteredReceived, lines[2].Altered)
	assert.Equal(t, "strip-starttls:mx.example.net", lines[2].Fault)
	for _, e := range tr.All() {
		if e.Kind == trace.KindLine && e.Dir == trace.DirSend && e.Peer == "mx.example.net" {
			assert.NotEqual(t, "STARTTLS", e.Line, "the client never saw the offer")
		}
	}
}

// TestMTASTSDeferThenBounce: with the attacker there for good, the enforce policy
// keeps the message from going out in clear: every attempt ends with the client's own
// verdict 4.7.4 (no reply code: no server said it), and the bounce at expiry keeps it.
func TestMTASTSDeferThenBounce(t *testing.T) {
	sc := tlsWorld(t, "none", "check-mta-sts: true", "tls: true", "{domain: example.net, mode: enforce, mx: [mx.example.net]}")
	f, err := fault.Parse("strip-starttls:mx.example.net")
	require.NoError(t, err)
	tr := world.Run(sc, f)
	var defers, mails int
	for _, e := range tr.All() {
		switch {
		case e.Kind == trace.KindDefer:
			defers++
			assert.Equal(t, 0, e.Code)
			assert.Equal(t, "4.7.4", e.Status)
			assert.Equal(t, "mta-sts.tls-not-offered", e.Reason)
			assert.Contains(t, e.Text, "MTA-STS policy of example.net")
		case e.Kind == trace.KindLine && e.Dir == trace.DirSend && strings.HasPrefix(e.Line, "MAIL FROM") && e.Peer == "mx.example.net":
			mails++
		case e.Kind == trace.KindDNSQuery && e.DNS != nil:
			if e.DNS.Name == "_mta-sts.example.net" {
				assert.Equal(t, "TXT", string(e.DNS.Type))
			}
		}
	}
	assert.Positive(t, defers)
	assert.Zero(t, mails, "nothing was sent in clear")
	o := outcome(tr, "m1", "bob@example.net")
	assert.Equal(t, "bounced", o.Outcome)
	assert.Equal(t, "4.7.4", o.Status)
	assert.Zero(t, o.Code)
}

// TestTLSRunsAreDeterministic: a world with every TLS option and the attacker gives
// the same trace, byte for byte, each time it runs.
func TestTLSRunsAreDeterministic(t *testing.T) {
	sc := tlsWorld(t, "implicit", "tls: true, check-mta-sts: true", "tls: true", "{domain: example.net, mode: enforce, mx: [mx.example.net]}")
	f, err := fault.Parse("strip-starttls:mx.example.net,until=20m")
	require.NoError(t, err)
	first := jsonOf(t, world.Run(sc, f))
	assert.Equal(t, string(first), string(jsonOf(t, world.Run(sc, f))))
	assert.Contains(t, string(first), `"tls":{"state":"refused","policy":"enforce"}`)
	assert.Contains(t, string(first), `"altered":"received"`)
}
