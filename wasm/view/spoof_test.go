package view_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// TestSpoofFaultMenu: a machine with mailboxes offers spoof in its menu; chosen at a
// step, a forged message arrives after that step, and a receiver that checks SPF
// finds it failing — told in both languages.
func TestSpoofFaultMenu(t *testing.T) {
	for _, tc := range []struct {
		node, spec string
		offered    bool
	}{
		{"mx.example.com", "spoof:mx.example.com", true},
		{"mx.example.net", "spoof:mx.example.net", true},
		{"bot.attacker.example", "spoof:bot.attacker.example", false},
		{"dns", "spoof:dns", false},
	} {
		t.Run(tc.node, func(t *testing.T) {
			p, problems := view.Open(view.State{Lesson: "who-sent-this", Step: -1})
			require.Empty(t, problems)
			var specs []string
			for _, it := range p.FaultMenu(tc.node) {
				specs = append(specs, it.Spec)
			}
			assert.Equal(t, tc.offered, slices.Contains(specs, tc.spec), specs)
		})
	}

	p, problems := view.Open(view.State{Lesson: "who-sent-this", Step: 10})
	require.Empty(t, problems)
	before := slices.Clone(p.Trace.Events()[:11])
	require.NoError(t, p.AddFault("spoof:mx.example.com"))
	assert.Equal(t, before, p.Trace.Events()[:11], "the steps before the fault stay as they were")
	at := p.Trace.Find(func(e trace.Event) bool { return e.Kind == trace.KindFault && e.Msg == "s1" })
	require.Greater(t, at, 10)
	fe := p.Trace.At(at)
	assert.Equal(t, "bot.attacker.example", fe.Actor)
	assert.Equal(t, "carol@example.com", fe.Rcpt)
	assert.Equal(t, "alice@example.org", fe.From)
	spf := p.Trace.Find(func(e trace.Event) bool {
		return e.Kind == trace.KindAuth && e.Msg == "s1" && e.Auth.Method == "spf"
	})
	require.Greater(t, spf, at)
	assert.Equal(t, "fail", p.Trace.At(spf).Auth.Result)
	assert.Equal(t, "bot.attacker.example forges a message to mx.example.com — From: alice@example.org, MAIL FROM:<alice@example.org>, for carol@example.com",
		render.Words{Lang: "en", Trace: p.Trace}.Note(fe))
	assert.Equal(t, "bot.attacker.example fälscht eine Nachricht an mx.example.com — From: alice@example.org, MAIL FROM:<alice@example.org>, für carol@example.com",
		render.Words{Lang: "de", Trace: p.Trace}.Note(fe))
}

// TestInspectorShowsForgery: the inspector of Carol's server shows the forgery with
// the attacker's own envelope sender as it was filed: MAIL FROM of attacker.example
// beside From: alice@example.org, and the Received-SPF: that names the real domain.
func TestInspectorShowsForgery(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "who-sent-this", Step: -1})
	require.Empty(t, problems)
	p.Step = p.Trace.Len() - 1
	mails := p.Mailboxes("mx.example.com")
	require.Len(t, mails, 1, "the forgery with a forged MAIL FROM was refused; the other was filed")
	m := mails[0]
	assert.Equal(t, "m4", m.Msg)
	assert.Equal(t, "MAIL FROM:<news@attacker.example>  RCPT TO:<carol@example.com>", m.Envelope)
	assert.Contains(t, m.Source, "\r\nReceived-SPF: pass (mx.example.com: domain of news@attacker.example designates 203.0.113.66 as permitted sender)\r\n")
	assert.Contains(t, m.Source, "\r\n\tdmarc=fail reason=\"no aligned SPF or DKIM pass\" header.from=example.org\r\n")
	assert.Contains(t, m.Source, "\r\nFrom: alice@example.org\r\n")
}

// TestSpoofAddsTheOutsider: in a world without a machine outside, a spoof fault brings
// one into the network picture, drawn as the MTA it acts as.
func TestSpoofAddsTheOutsider(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "first-mail", Step: 5})
	require.Empty(t, problems)
	nodes, _ := p.Topology()
	has := func(nodes []view.Node) bool {
		return slices.ContainsFunc(nodes, func(n view.Node) bool { return n.ID == "bot.attacker.example" })
	}
	assert.False(t, has(nodes))
	require.NoError(t, p.AddFault("spoof:mx.example.net"))
	p.Step = p.Trace.Len() - 1
	nodes, _ = p.Topology()
	assert.True(t, has(nodes))
	assert.Contains(t, p.HostRoles()["bot.attacker.example"], view.RoleMTA)
	assert.Len(t, p.Mailboxes("mx.example.net"), 2, "Bob's real message and the forgery")
}

// TestSpoofToAnyone: a forger may write to an address nobody has, as a spammer does;
// the page takes such a spoof fault, and on a host that accepts then bounces the DSN
// reaches the forged sender.
func TestSpoofToAnyone(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "spam-and-relays", Step: -1})
	require.Empty(t, problems)
	require.NoError(t, p.AddFault("spoof:old.example.info,rcpt=nobody@example.info,envelope=bob@example.net"))
	p.Step = p.Trace.Len() - 1
	assert.Len(t, p.Mailboxes("mx.example.net"), 2, "the relayed spam and the backscatter of the forgery in Bob's name")
}
