package view_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// openLocks opens testdata/locks.yaml as a teacher's own scenario: STARTTLS on both
// hops, DKIM signing at mail.example.org, SPF checked at mx.example.net.
func openLocks(t *testing.T, lang string, faults ...string) *view.Page {
	t.Helper()
	p, problems := view.LoadOwn(picked(t, "testdata", "locks.yaml"), lang, compileOwn)
	require.Empty(t, problems)
	for _, f := range faults {
		require.NoError(t, p.AddFault(f))
	}
	return p
}

// TestSecurityFaultMenu: the menu offers strip-starttls on a machine that offers
// STARTTLS in the run, dkim-break on one that passes on signed mail, spf-record on the
// DNS for a domain with an SPF record; not in the course's example world without them.
func TestSecurityFaultMenu(t *testing.T) {
	specs := func(p *view.Page, node string) []string {
		var out []string
		for _, it := range p.FaultMenu(node) {
			out = append(out, it.Spec)
		}
		return out
	}
	p := openLocks(t, "en")
	assert.Contains(t, specs(p, "mail.example.org"), "strip-starttls:mail.example.org")
	assert.Contains(t, specs(p, "mx.example.net"), "strip-starttls:mx.example.net")
	assert.Contains(t, specs(p, "mail.example.org"), "dkim-break:mail.example.org")
	assert.NotContains(t, specs(p, "mx.example.net"), "dkim-break:mx.example.net", "it passes nothing on")
	assert.Contains(t, specs(p, "dns"), "spf-record:example.org,value=v=spf1 -all")
	assert.NotContains(t, specs(p, "dns"), "spf-record:example.net,value=v=spf1 -all", "no SPF record")
	for _, it := range p.FaultMenu("mail.example.org") {
		assert.Empty(t, it.Flag, it.Spec)
	}
	require.NoError(t, p.AddFault("strip-starttls:mx.example.net"))
	for _, it := range p.FaultMenu("mx.example.net") {
		if it.Spec == "strip-starttls:mx.example.net" {
			assert.NotEmpty(t, it.Flag, "already set")
		}
	}

	journey, _ := view.Open(view.State{Lesson: "journey", Step: -1})
	for _, node := range []string{"mail.example.org", "mx.example.net", "dns"} {
		for _, spec := range specs(journey, node) {
			f, err := fault.Parse(spec)
			require.NoError(t, err)
			assert.NotContains(t, []fault.Kind{fault.StripSTARTTLS, fault.DKIMBreak, fault.SPFRecord}, f.Kind, spec)
		}
	}
}

// TestFaultFormsSecurity: the help card has a line for each new kind in both languages.
func TestFaultFormsSecurity(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		forms := map[fault.Kind]view.FaultHelp{}
		for _, h := range view.FaultHelpIn(lang) {
			forms[h.Kind] = h
		}
		for _, k := range []fault.Kind{fault.StripSTARTTLS, fault.SPFRecord, fault.DKIMBreak} {
			require.Contains(t, forms, k)
			assert.NotEqual(t, "fault.kind."+string(k), forms[k].Text)
		}
		assert.Equal(t, map[string]string{"en": "spf-record:DOMAIN[,value=TEXT]", "de": "spf-record:DOMAIN[,value=TEXT]"}[lang], forms[fault.SPFRecord].Form)
	}
}

// TestLockPerHop: the padlock of the active link follows the tls events of its
// connection — open before STARTTLS, locked after it, on the submission hop and on the
// relay; open for good when an attacker strips STARTTLS; none where no connection is.
func TestLockPerHop(t *testing.T) {
	type seen struct{ before, after string }
	hop := func(p *view.Page, peer string) seen {
		var s seen
		for i, e := range p.Trace.All() {
			if e.Peer != peer || e.Conn == 0 || e.Kind != trace.KindLine {
				continue
			}
			p.Seek(i)
			_, links := p.Topology()
			active := slices.IndexFunc(links, func(l view.Link) bool { return l.Active })
			require.GreaterOrEqual(t, active, 0, "step %d", i)
			assert.Equal(t, p.Lock(), links[active].Lock)
			if s.before == "" {
				s.before = p.Lock()
			}
			s.after = p.Lock()
		}
		return s
	}
	p := openLocks(t, "en")
	assert.Equal(t, seen{render.LockOpen, render.LockLocked}, hop(p, "mail.example.org"), "submission with STARTTLS")
	assert.Equal(t, seen{render.LockOpen, render.LockLocked}, hop(p, "mx.example.net"), "relay with STARTTLS")
	stripped := openLocks(t, "en", "strip-starttls:mx.example.net")
	assert.Equal(t, seen{render.LockOpen, render.LockOpen}, hop(stripped, "mx.example.net"), "STARTTLS stripped")

	p.Seek(p.Trace.Find(func(e trace.Event) bool { return e.Kind == trace.KindSign }))
	assert.Empty(t, p.Lock(), "signing is no connection")

	for _, lang := range []string{"en", "de"} {
		p := openLocks(t, lang)
		p.Seek(p.Trace.Find(func(e trace.Event) bool {
			return e.Kind == trace.KindLine && e.Peer == "mx.example.net" && strings.HasPrefix(e.Line, "MAIL FROM")
		}))
		markup, _ := p.TopologyMarkup(0, 0)
		words := map[string]string{"en": "Encrypted: this connection runs over TLS.", "de": "Verschlüsselt: diese Verbindung läuft über TLS."}[lang]
		assert.Contains(t, markup, `<g class="lock locked" role="img" aria-label="`+words+`"><title>`+words+`</title>`)
		assert.Contains(t, markup, "🔒 TLS")
	}
}

// TestLockInDiagram: the diagram notes each tls event with its padlock and its words.
func TestLockInDiagram(t *testing.T) {
	p := openLocks(t, "en", "strip-starttls:mx.example.net")
	p.Seek(p.Trace.Len() - 1)
	pic := p.Ladder().Picture
	assert.Contains(t, pic.Markup(), "🔒 STARTTLS done")
	assert.Contains(t, pic.Markup(), "🔓 no STARTTLS offer from mx.example.net")
}

// TestLockRefused: with an MTA-STS policy in mode enforce and STARTTLS stripped, the
// sending MTA will not send in clear: the relay's padlock ends refused.
func TestLockRefused(t *testing.T) {
	src := picked(t, "testdata", "locks.yaml")["locks.yaml"]
	src = []byte(strings.Replace(string(src), "domains: [example.org], tls: true}", "domains: [example.org], tls: true, check-mta-sts: true}", 1))
	src = []byte(strings.Replace(string(src), "messages:", "faults:\n  - strip-starttls:mx.example.net\nmessages:", 1))
	src = append(src, []byte("mta-sts:\n  - {domain: example.net, mode: enforce, mx: [mx.example.net], max-age: 1d}\n")...)
	src = []byte(strings.Replace(string(src), "dns:\n", "dns:\n  - '_mta-sts.example.net TXT \"v=STSv1; id=1\"'\n", 1))
	p, problems := view.LoadOwn(map[string][]byte{"refused.yaml": src}, "en", compileOwn)
	require.Empty(t, problems)
	last := ""
	for i, e := range p.Trace.All() {
		if e.Peer == "mx.example.net" && e.Kind == trace.KindLine {
			p.Seek(i)
			last = p.Lock()
		}
	}
	assert.Equal(t, render.LockRefused, last)
}

// TestDMARCPolicyInFaultMenu: the menu offers dmarc-policy for each From: domain a DMARC
// check was made for in the run — on the DNS and on the machine that checked it, not on
// the others, and nowhere in a world without DMARC checks. Chosen, it takes effect: the
// receiver refuses the failing message with 550 5.7.1.
func TestDMARCPolicyInFaultMenu(t *testing.T) {
	offered := func(p *view.Page, node string) []string {
		var out []string
		for _, it := range p.FaultMenu(node) {
			if strings.HasPrefix(it.Spec, "dmarc-policy:") {
				out = append(out, it.Spec)
				assert.Equal(t, view.T(p.Lang, "fault.kind.dmarc-policy"), it.Text)
			}
		}
		return out
	}
	for _, tt := range []struct {
		world, node string
		want        []string
	}{
		{"dmarc", "dns", []string{"dmarc-policy:example.org,value=reject"}},
		{"dmarc", "mx.example.net", []string{"dmarc-policy:example.org,value=reject"}},
		{"dmarc", "relay.example.org", nil},
		{"dmarc", "mail.example.org", nil},
		{"headers", "dns", []string{"dmarc-policy:example.org,value=reject", "dmarc-policy:example.com,value=reject"}},
		{"first-mail", "dns", nil},
		{"first-mail", "mx.example.net", nil},
	} {
		for _, lang := range []string{"en", "de"} {
			p, problems := view.Open(view.State{Lesson: tt.world, Step: -1, Lang: lang})
			require.Empty(t, problems)
			assert.Equal(t, tt.want, offered(p, tt.node), "%s %s", tt.world, tt.node)
		}
	}

	p, problems := view.Open(view.State{Lesson: "dmarc", Step: -1})
	require.Empty(t, problems)
	require.NoError(t, p.AddFault("dmarc-policy:example.org,value=reject"))
	for _, it := range p.FaultMenu("dns") {
		if it.Spec == "dmarc-policy:example.org,value=reject" {
			assert.NotEmpty(t, it.Flag, "already set")
		}
	}
	refused := p.Trace.Contains(func(e trace.Event) bool {
		return e.Kind == trace.KindLine && e.Msg == "m2" && e.Code == 550 && e.Status == "5.7.1"
	})
	assert.True(t, refused, "the receiver refuses the message that fails DMARC")
}
