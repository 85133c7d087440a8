package dmarcreport_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/dmarcreport"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/world"
)

// reportWorld is Alice's organisation (MSA 192.0.2.10, outgoing relay 192.0.2.20)
// sending n messages to Bob's server, which checks senders; dmarc is the TXT record
// of _dmarc.example.org ("" for none); the MSA signs with DKIM when sign is set.
func reportWorld(t *testing.T, model scenario.Model, dmarc string, sign bool, n int) scenario.Scenario {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "name: report\nseed: 3\nmodel: %s\nstart: 2026-03-02T09:00:00Z\nhosts:\n", model)
	b.WriteString("  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org], relay: relay.example.org}\n")
	b.WriteString("  - {name: relay.example.org, ip: 192.0.2.20, roles: [relay], internal: [mail.example.org]}\n")
	b.WriteString("  - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net], sender-auth: record}\n")
	b.WriteString("dns:\n  - example.org MX 10 mail.example.org\n  - mail.example.org A 192.0.2.10\n  - relay.example.org A 192.0.2.20\n")
	b.WriteString("  - example.net MX 10 mx.example.net\n  - mx.example.net A 198.51.100.25\n")
	b.WriteString("  - 'example.org TXT \"v=spf1 ip4:192.0.2.10 -all\"'\n")
	if dmarc != "" {
		fmt.Fprintf(&b, "  - '_dmarc.example.org TXT \"%s\"'\n", dmarc)
	}
	b.WriteString("users:\n  - {address: alice@example.org, password: secret}\n  - {address: bob@example.net, password: secret}\n")
	b.WriteString("messages:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {at: %dm, from: alice@example.org, to: [bob@example.net], subject: Note %d, body: \"Hi Bob\\n\"}\n", i, i)
	}
	if sign {
		b.WriteString("dkim:\n  - {domain: example.org, selector: s2026, algorithm: ed25519-sha256}\n")
	}
	sc, err := scenariofile.Parse("report.yaml", []byte(b.String()))
	require.NoError(t, err, b.String())
	return *sc
}

func TestBuild(t *testing.T) {
	const e2e, snf = scenario.EndToEnd, scenario.StoreAndForward
	const rua = "v=DMARC1; p=reject; rua=mailto:dmarc@example.org"
	for _, tc := range []struct {
		name   string
		model  scenario.Model
		dmarc  string
		sign   bool
		n      int
		faults []string
		want   []dmarcreport.Row // of the one report; nil: no report at all
		policy string            // its published p=
	}{
		{name: "aligned SPF and DKIM pass, counted once per message", model: e2e, dmarc: rua, sign: true, n: 3,
			want: []dmarcreport.Row{{SourceIP: "192.0.2.10", Count: 3, Disposition: "none", DKIM: "pass", SPF: "pass",
				HeaderFrom: "example.org", DKIMResults: []dmarcreport.Result{{Domain: "example.org", Result: "pass"}},
				SPFResult: dmarcreport.Result{Domain: "example.org", Scope: "mfrom", Result: "pass"}}},
			policy: "reject"},
		{name: "through a relay the SPF record does not list: DKIM alone passes", model: snf, dmarc: rua, sign: true, n: 2,
			want: []dmarcreport.Row{{SourceIP: "192.0.2.20", Count: 2, Disposition: "none", DKIM: "pass", SPF: "fail",
				HeaderFrom: "example.org", DKIMResults: []dmarcreport.Result{{Domain: "example.org", Result: "pass"}},
				SPFResult: dmarcreport.Result{Domain: "example.org", Scope: "mfrom", Result: "fail"}}},
			policy: "reject"},
		{name: "a list footer breaks DKIM: rejected", model: snf, dmarc: rua, sign: true, n: 1,
			faults: []string{"dkim-break:relay.example.org"},
			want: []dmarcreport.Row{{SourceIP: "192.0.2.20", Count: 1, Disposition: "reject", DKIM: "fail", SPF: "fail",
				HeaderFrom: "example.org", DKIMResults: []dmarcreport.Result{{Domain: "example.org", Result: "fail"}},
				SPFResult: dmarcreport.Result{Domain: "example.org", Scope: "mfrom", Result: "fail"}}},
			policy: "reject"},
		{name: "quarantine by a dmarc-policy fault is the policy reported", model: snf, dmarc: rua, n: 1,
			faults: []string{"dmarc-policy:example.org,value=quarantine"},
			want: []dmarcreport.Row{{SourceIP: "192.0.2.20", Count: 1, Disposition: "quarantine", DKIM: "fail", SPF: "fail",
				HeaderFrom: "example.org", SPFResult: dmarcreport.Result{Domain: "example.org", Scope: "mfrom", Result: "fail"}}},
			policy: "quarantine"},
		{name: "mixed outcomes make two rows", model: e2e, dmarc: "v=DMARC1; p=none; rua=mailto:dmarc@example.org", n: 2,
			faults: []string{"spf-record:example.org,value=v=spf1 -all,from=1m"},
			want: []dmarcreport.Row{
				{SourceIP: "192.0.2.10", Count: 1, Disposition: "none", DKIM: "fail", SPF: "pass", HeaderFrom: "example.org",
					SPFResult: dmarcreport.Result{Domain: "example.org", Scope: "mfrom", Result: "pass"}},
				{SourceIP: "192.0.2.10", Count: 1, Disposition: "none", DKIM: "fail", SPF: "fail", HeaderFrom: "example.org",
					SPFResult: dmarcreport.Result{Domain: "example.org", Scope: "mfrom", Result: "fail"}}},
			policy: "none"},
		{name: "no rua: no report", model: e2e, dmarc: "v=DMARC1; p=reject", sign: true, n: 1},
		{name: "no DMARC record: no report", model: e2e, sign: true, n: 1},
		{name: "a fault's policy without a record: no report", model: e2e, n: 1,
			faults: []string{"dmarc-policy:example.org,value=reject"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := reportWorld(t, tc.model, tc.dmarc, tc.sign, tc.n)
			var fs []fault.Fault
			for _, spec := range tc.faults {
				f, err := fault.Parse(spec)
				require.NoError(t, err)
				fs = append(fs, f)
			}
			w := world.New(sc, fs...)
			w.Run()
			reports := dmarcreport.Build(w.Trace().All(), sc.DNS, w.Addresses(), sc.Start)
			if tc.want == nil {
				assert.Empty(t, reports)
				return
			}
			require.Len(t, reports, 1)
			r := reports[0]
			assert.Equal(t, tc.want, r.Rows)
			assert.Equal(t, "mx.example.net", r.Reporter)
			assert.Equal(t, "postmaster@mx.example.net", r.Email)
			assert.Equal(t, []string{"mailto:dmarc@example.org"}, r.RUA)
			assert.Equal(t, dmarcreport.Published{Domain: "example.org", ADKIM: "r", ASPF: "r", P: tc.policy, SP: tc.policy, Pct: 100}, r.Policy)
			assert.Equal(t, sc.Start, r.Begin)
			assert.True(t, r.End.After(r.Begin) && r.End.Before(r.Begin.Add(time.Hour)), "end %v", r.End)
			assert.Equal(t, fmt.Sprintf("mx.example.net.example.org.%d.%d", r.Begin.Unix(), r.End.Unix()), r.ID)
		})
	}
}

// TestBuildPublishedTags: strict alignment, sp= and pct= are reported as published;
// a signature by the From: domain itself is aligned even in strict mode.
func TestBuildPublishedTags(t *testing.T) {
	sc := reportWorld(t, scenario.EndToEnd, "v=DMARC1; p=quarantine; sp=reject; pct=50; adkim=s; aspf=s; rua=mailto:d@example.org", true, 1)
	w := world.New(sc)
	w.Run()
	reports := dmarcreport.Build(w.Trace().All(), sc.DNS, w.Addresses(), sc.Start)
	require.Len(t, reports, 1)
	assert.Equal(t, dmarcreport.Published{Domain: "example.org", ADKIM: "s", ASPF: "s", P: "quarantine", SP: "reject", Pct: 50}, reports[0].Policy)
	require.Len(t, reports[0].Rows, 1)
	assert.Equal(t, "pass", reports[0].Rows[0].DKIM)
	assert.Equal(t, "none", reports[0].Rows[0].Disposition)
}
