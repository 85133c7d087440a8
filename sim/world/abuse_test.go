package world_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// abuseWorld is Alice's organisation (SPF -all, DMARC p=none), Bob's MX that checks
// nothing, Carol's MX with sender-auth as given, an open relay, a host that accepts
// then bounces, and an outside machine; extra hosts, records and messages follow.
func abuseWorld(t testing.TB, senderAuth string, extra string) scenario.Scenario {
	t.Helper()
	src := `name: abuse
seed: 3
hosts:
  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org]}
  - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net], dnsbl: [bl.example.com]}
  - {name: mx.example.com, ip: 203.0.113.25, roles: [mx], domains: [example.com], sender-auth: ` + senderAuth + `}
  - {name: old.example.info, ip: 198.51.100.80, roles: [mx], domains: [example.info], open-relay: true, accept-then-bounce: true}
  - {name: bot.attacker.example, ip: 203.0.113.66, roles: [outside]}
  - {name: relayed.attacker.example, ip: 203.0.113.67, roles: [outside], relay: old.example.info}
dns:
  - example.org MX 10 mail.example.org
  - mail.example.org A 192.0.2.10
  - example.net MX 10 mx.example.net
  - mx.example.net A 198.51.100.25
  - example.com MX 10 mx.example.com
  - mx.example.com A 203.0.113.25
  - example.info MX 10 old.example.info
  - old.example.info A 198.51.100.80
  - 'example.org TXT "v=spf1 ip4:192.0.2.10 -all"'
  - '_dmarc.example.org TXT "v=DMARC1; p=none"'
  - 'attacker.example TXT "v=spf1 ip4:203.0.113.0/24 -all"'
  - 66.113.0.203.bl.example.com A 127.0.0.2
  - '66.113.0.203.bl.example.com TXT "listed for spam, see https://bl.example.com"'
users:
  - {address: alice@example.org, password: secret}
  - {address: bob@example.net, password: secret}
  - {address: carol@example.com, password: secret}
  - {address: dave@example.info, password: secret}
` + extra
	sc, err := scenariofile.Parse("abuse.yaml", []byte(src))
	require.NoError(t, err, src)
	return *sc
}

// lineOf returns the first reply line that server sent client to a command (its
// reason starts with "mail." or "rcpt."), "" when there is none.
func lineOf(tr *trace.Trace, client, server, command string) string {
	for _, e := range tr.All() {
		if e.Kind == trace.KindLine && e.Actor == client && e.Peer == server && e.Dir == trace.DirRecv && strings.HasPrefix(e.Reason, command) {
			return e.Line
		}
	}
	return ""
}

func TestOutsideSender(t *testing.T) {
	for _, tc := range []struct {
		name, senderAuth, message string
		faults                    []string
		// mailFrom is the server's reply to MAIL FROM; auth the receiver's checks; spf the
		// first line of Received-SPF in the filed copy ("" for none).
		client, server, mailFrom string
		auth                     []string
		spf                      string
		outcome                  string
		relayed                  bool // the server passes it on: the mailbox is elsewhere
	}{
		{name: "forged envelope and From, no checks: delivered", senderAuth: "''",
			message: "{at: 0s, via: bot.attacker.example, from: alice@example.org, to: [dave@example.info], subject: Pay}",
			client:  "bot.attacker.example", server: "old.example.info", mailFrom: "250 2.1.0 Ok", outcome: trace.OutcomeDelivered},
		{name: "forged envelope, SPF recorded", senderAuth: "record",
			message: "{at: 0s, via: bot.attacker.example, from: alice@example.org, to: [carol@example.com], subject: Pay}",
			client:  "bot.attacker.example", server: "mx.example.com", mailFrom: "250 2.1.0 Ok",
			auth:    []string{"spf=fail example.org", "dkim=none ", "dmarc=fail example.org"},
			spf:     "Received-SPF: fail (mx.example.com: domain of alice@example.org does not designate 203.0.113.66 as permitted sender)",
			outcome: trace.OutcomeDelivered},
		{name: "forged envelope, SPF fail refused", senderAuth: "reject-spf-fail",
			message: "{at: 0s, via: bot.attacker.example, from: alice@example.org, to: [carol@example.com], subject: Pay}",
			client:  "bot.attacker.example", server: "mx.example.com",
			mailFrom: "550 5.7.23 <alice@example.org>: Sender address rejected: SPF fail - 203.0.113.66 is not allowed to send for example.org",
			auth:     []string{"spf=fail example.org"}, outcome: trace.OutcomeRejected},
		{name: "own envelope, forged From: SPF passes for the wrong domain, DMARC fails", senderAuth: "reject-spf-fail",
			message: "{at: 0s, via: bot.attacker.example, from: alice@example.org, envelope-from: bounce@attacker.example, to: [carol@example.com], subject: Pay}",
			client:  "bot.attacker.example", server: "mx.example.com", mailFrom: "250 2.1.0 Ok",
			auth:    []string{"spf=pass attacker.example", "dkim=none ", "dmarc=fail example.org"},
			spf:     "Received-SPF: pass (mx.example.com: domain of bounce@attacker.example designates 203.0.113.66 as permitted sender)",
			outcome: trace.OutcomeDelivered},
		{name: "spoof fault: forged at the fault's time", senderAuth: "record", faults: []string{"spoof:mx.example.com,from=5m"},
			client: "bot.attacker.example", server: "mx.example.com", mailFrom: "250 2.1.0 Ok",
			auth:    []string{"spf=fail example.org", "dkim=none ", "dmarc=fail example.org"},
			spf:     "Received-SPF: fail (mx.example.com: domain of alice@example.org does not designate 203.0.113.66 as permitted sender)",
			outcome: trace.OutcomeDelivered},
		{name: "open relay passes an outsider's mail on", senderAuth: "''",
			message: "{at: 0s, via: relayed.attacker.example, from: alice@example.org, to: [bob@example.net], subject: Pay}",
			client:  "relayed.attacker.example", server: "old.example.info", mailFrom: "250 2.1.0 Ok", outcome: trace.OutcomeDelivered, relayed: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := ""
			if tc.message != "" {
				extra = "messages:\n  - " + tc.message + "\n"
			}
			var fs []fault.Fault
			for _, s := range tc.faults {
				f, err := fault.Parse(s)
				require.NoError(t, err)
				fs = append(fs, f)
			}
			w := world.New(abuseWorld(t, tc.senderAuth, extra), fs...)
			w.Run()
			tr := w.Trace()
			assert.Equal(t, tc.mailFrom, lineOf(tr, tc.client, tc.server, "mail."))
			assert.Equal(t, tc.auth, authEvents(tr))
			require.Len(t, tr.Outcomes, 1)
			assert.Equal(t, tc.outcome, tr.Outcomes[0].Outcome)
			if tc.outcome == trace.OutcomeDelivered && !tc.relayed {
				box := w.Mailbox(tc.server, tr.Outcomes[0].Rcpt)
				require.Len(t, box, 1)
				first, _, _ := strings.Cut(string(box[0]), "\r\n\t")
				_, first, _ = strings.Cut(first, "\r\n") // below Return-Path:
				if tc.spf == "" {
					assert.NotContains(t, string(box[0]), "Received-SPF:")
				} else {
					assert.Equal(t, tc.spf, first)
				}
				assert.Contains(t, string(box[0]), "\r\nFrom: alice@example.org\r\n", "the From: the forger wrote")
			}
		})
	}
}

// TestOutsideSenderGivesUp: an outside machine keeps no queue, so a greylisting 450
// ends its message: it never comes back (RFC 6647 §2.2).
func TestOutsideSenderGivesUp(t *testing.T) {
	sc := abuseWorld(t, "''", "messages:\n  - {at: 0s, via: bot.attacker.example, from: x@attacker.example, to: [carol@example.com]}\n")
	f, err := fault.Parse("greylist:mx.example.com")
	require.NoError(t, err)
	tr := world.Run(sc, f)
	require.Len(t, tr.Outcomes, 1)
	assert.Equal(t, trace.OutcomeRejected, tr.Outcomes[0].Outcome)
	assert.Equal(t, 450, tr.Outcomes[0].Code)
	for _, e := range tr.All() {
		assert.NotEqual(t, trace.KindDefer, e.Kind, "no retry from an outside machine")
		assert.NotEqual(t, trace.KindBounce, e.Kind, "no bounce from an outside machine")
	}
}

// TestBackscatter: a host that accepts every recipient and bounces later sends the
// DSN of a forged message to the innocent owner of the forged MAIL FROM.
func TestBackscatter(t *testing.T) {
	for _, tc := range []struct {
		name, rcpt, rcptReply string
		dsnTo                 string // "" when no bounce goes anywhere
	}{
		{"unknown user accepted, then bounced to the forged sender", "nobody@example.info", "250 2.1.5 Ok", "alice@example.org"},
		{"a known user is simply delivered", "dave@example.info", "250 2.1.5 Ok", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := abuseWorld(t, "''", "messages:\n  - {at: 0s, via: bot.attacker.example, from: alice@example.org, to: ["+tc.rcpt+"]}\n")
			w := world.New(sc)
			w.Run()
			tr := w.Trace()
			assert.Equal(t, tc.rcptReply, lineOf(tr, "bot.attacker.example", "old.example.info", "rcpt."))
			var bounce *trace.Event
			for _, e := range tr.All() {
				if e.Kind == trace.KindBounce {
					bounce = &e
				}
			}
			if tc.dsnTo == "" {
				assert.Nil(t, bounce)
				return
			}
			require.NotNil(t, bounce)
			assert.Equal(t, "old.example.info", bounce.Actor)
			assert.Equal(t, tc.dsnTo, bounce.From)
			assert.Equal(t, "5.1.1", bounce.Status)
			assert.Len(t, w.Mailbox("mail.example.org", "alice@example.org"), 1, "the bystander receives the DSN of a message she never sent")
		})
	}
}

// TestDNSBL: the receiver asks the blocklist under the client's reversed address
// (RFC 5782 §2.1), shows the lookups in the trace, and refuses only a listed client.
func TestDNSBL(t *testing.T) {
	for _, tc := range []struct {
		name, via string
		queries   []string
		refused   bool
	}{
		{"listed client refused", "bot.attacker.example", []string{"66.113.0.203.bl.example.com A", "66.113.0.203.bl.example.com TXT"}, true},
		{"the open relay is not listed", "relayed.attacker.example", []string{"80.100.51.198.bl.example.com A"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := abuseWorld(t, "''", "messages:\n  - {at: 0s, via: "+tc.via+", from: alice@example.org, to: [bob@example.net]}\n")
			tr := world.Run(sc)
			var queries []string
			for _, e := range tr.All() {
				if e.Kind == trace.KindDNSQuery && e.Actor == "mx.example.net" {
					queries = append(queries, e.Line)
				}
			}
			assert.Equal(t, tc.queries, queries)
			require.Len(t, tr.Outcomes, 1)
			if tc.refused {
				assert.Equal(t, trace.OutcomeRejected, tr.Outcomes[0].Outcome)
				assert.Equal(t, "5.7.1", tr.Outcomes[0].Status)
			} else {
				assert.Equal(t, trace.OutcomeDelivered, tr.Outcomes[0].Outcome)
			}
		})
	}
}

// TestSpoofStepKeepsEarlierSteps: a spoof fault at step k leaves the trace before k as
// it was, like every other fault.
func TestSpoofStepKeepsEarlierSteps(t *testing.T) {
	sc := abuseWorld(t, "record", "messages:\n  - {at: 0s, from: alice@example.org, to: [carol@example.com], subject: Hi}\n")
	plain := world.Run(sc)
	f, err := fault.Parse("spoof:mx.example.com,step=20")
	require.NoError(t, err)
	spoofed := world.Run(sc, f)
	require.Greater(t, spoofed.Len(), plain.Len())
	assert.Equal(t, plain.Events()[:20], spoofed.Events()[:20])
	at := spoofed.Find(func(e trace.Event) bool { return e.Kind == trace.KindFault })
	assert.GreaterOrEqual(t, at, 20)
	assert.Equal(t, "bot.attacker.example", spoofed.At(at).Actor)
	assert.Equal(t, "s1", spoofed.At(at).Msg)
}

// TestRelayDeniedByDefault: without open-relay a host refuses to pass an outsider's
// mail on, with the reply Postfix gives.
func TestRelayDeniedByDefault(t *testing.T) {
	sc := abuseWorld(t, "''", "messages:\n  - {at: 0s, via: relayed.attacker.example, from: alice@example.org, to: [bob@example.net]}\n")
	sc.Hosts[3].OpenRelay = false
	tr := world.Run(sc)
	assert.Equal(t, "554 5.7.1 <bob@example.net>: Relay access denied", lineOf(tr, "relayed.attacker.example", "old.example.info", "rcpt."))
}

// TestSpoofIDs: forged messages are s1, s2 …, skipping an id the scenario gave a
// message of its own.
func TestSpoofIDs(t *testing.T) {
	for _, tc := range []struct {
		own  string
		want []string
	}{
		{"m1", []string{"s1", "s2"}},
		{"s1", []string{"s2", "s3"}},
	} {
		t.Run(tc.own, func(t *testing.T) {
			sc := abuseWorld(t, "''", "messages:\n  - {id: "+tc.own+", at: 0s, from: alice@example.org, to: [dave@example.info]}\n")
			var fs []fault.Fault
			for _, s := range []string{"spoof:old.example.info,from=1m", "spoof:mx.example.com,from=2m"} {
				f, err := fault.Parse(s)
				require.NoError(t, err)
				fs = append(fs, f)
			}
			var got []string
			for _, e := range world.Run(sc, fs...).All() {
				if e.Kind == trace.KindSubmit && e.MailFrom != "" {
					got = append(got, e.Msg)
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
