package view_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/wasm/view"
)

// openLocks opens testdata/locks.yaml as a teacher's own scenario: STARTTLS on both
// hops, DKIM signing at mail.example.org, SPF checked at mx.example.net.
func openLocks(t *testing.T, lang string, faults ...string) *view.Page {
	t.Helper()
	p, problems := view.LoadOwn(picked(t, "testdata", "locks.yaml"), lang)
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
