package world_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
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

// authWorld is Alice's organisation sending to Bob's, with Bob's MX checking senders.
// spf is the example.org SPF record ("" for none), policy the MX's sender-auth, dkim
// the signer's algorithm and canonicalization ("" for no signer), records more DNS
// records in the scenario's syntax.
func authWorld(t testing.TB, spf, policy, alg, canon string, model scenario.Model, records ...string) scenario.Scenario {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "name: auth\nseed: 7\nmodel: %s\nhosts:\n", model)
	b.WriteString("  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org], relay: relay.example.org}\n")
	b.WriteString("  - {name: relay.example.org, ip: 192.0.2.20, roles: [relay], internal: [mail.example.org]}\n")
	fmt.Fprintf(&b, "  - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net], sender-auth: %s}\n", policy)
	b.WriteString("dns:\n  - example.org MX 10 mail.example.org\n  - mail.example.org A 192.0.2.10\n  - relay.example.org A 192.0.2.20\n")
	b.WriteString("  - example.net MX 10 mx.example.net\n  - mx.example.net A 198.51.100.25\n")
	for i := 1; i <= 11; i++ { // a chain of includes for the lookup limit, ending in l12
		fmt.Fprintf(&b, "  - 'l%d.example.org TXT \"v=spf1 include:l%d.example.org -all\"'\n", i, i+1)
	}
	b.WriteString("  - 'l12.example.org TXT \"v=spf1 ip4:192.0.2.0/24 -all\"'\n")
	if spf != "" {
		fmt.Fprintf(&b, "  - 'example.org TXT \"%s\"'\n", spf)
	}
	for _, r := range records {
		fmt.Fprintf(&b, "  - '%s'\n", r)
	}
	b.WriteString("users:\n  - {address: alice@example.org, password: secret}\n  - {address: bob@example.net, password: secret}\n")
	b.WriteString("messages:\n  - {at: 0s, from: alice@example.org, to: [bob@example.net], subject: Hello, body: \"Hi Bob\\n\"}\n")
	if alg != "" {
		fmt.Fprintf(&b, "dkim:\n  - {domain: example.org, selector: s2026, algorithm: %s, canonicalization: %s}\n", alg, canon)
	}
	sc, err := scenariofile.Parse("auth.yaml", []byte(b.String()))
	require.NoError(t, err, b.String())
	return *sc
}

// authEvents returns the auth events of a run, as "method=result domain".
func authEvents(tr *trace.Trace) []string {
	var out []string
	for _, e := range tr.All() {
		if e.Kind == trace.KindAuth {
			out = append(out, e.Auth.Method+"="+e.Auth.Result+" "+e.Auth.Domain)
		}
	}
	return out
}

func TestSenderAuthentication(t *testing.T) {
	const e2e, snf = scenario.EndToEnd, scenario.StoreAndForward
	for _, tc := range []struct {
		name, spf, policy, alg, canon string
		model                         scenario.Model
		faults                        []string
		want                          []string
		outcome, status               string
	}{
		{name: "spf pass", spf: "v=spf1 ip4:192.0.2.0/24 -all", policy: "record", model: e2e,
			want: []string{"spf=pass example.org", "dkim=none ", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "spf pass by mx", spf: "v=spf1 mx -all", policy: "record", model: e2e,
			want: []string{"spf=pass example.org", "dkim=none ", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "spf fail recorded", spf: "v=spf1 ip4:203.0.113.0/24 -all", policy: "record", model: e2e,
			want: []string{"spf=fail example.org", "dkim=none ", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "spf fail rejected", spf: "v=spf1 ip4:203.0.113.0/24 -all", policy: "reject-spf-fail", model: e2e,
			want: []string{"spf=fail example.org"}, outcome: trace.OutcomeBounced, status: "5.7.23"},
		{name: "spf softfail not rejected", spf: "v=spf1 ip4:203.0.113.0/24 ~all", policy: "reject-spf-fail", model: e2e,
			want: []string{"spf=softfail example.org", "dkim=none ", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "spf none", policy: "reject-spf-fail", model: e2e,
			want: []string{"spf=none example.org", "dkim=none ", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "spf permerror after 11 lookups", spf: "v=spf1 include:l1.example.org -all", policy: "reject-spf-fail", model: e2e,
			want: []string{"spf=permerror example.org", "dkim=none ", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "spf-record fault", spf: "v=spf1 ip4:192.0.2.0/24 -all", policy: "reject-spf-fail", model: e2e,
			faults: []string{"spf-record:example.org,value=v=spf1 ip4:203.0.113.9 -all"},
			want:   []string{"spf=fail example.org"}, outcome: trace.OutcomeBounced, status: "5.7.23"},
		{name: "relay's address passes", spf: "v=spf1 ip4:192.0.2.20 -all", policy: "record", model: snf,
			want: []string{"spf=pass example.org", "dkim=none ", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "dkim rsa", spf: "v=spf1 ip4:192.0.2.0/24 -all", policy: "record", alg: "rsa-sha256", model: e2e,
			want: []string{"spf=pass example.org", "dkim=pass example.org", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "dkim ed25519 simple", spf: "v=spf1 ip4:192.0.2.0/24 -all", policy: "record", alg: "ed25519-sha256", canon: "simple/simple", model: snf,
			want: []string{"spf=pass example.org", "dkim=pass example.org", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "dkim-break", spf: "v=spf1 ip4:192.0.2.0/24 -all", policy: "record", alg: "ed25519-sha256", model: snf,
			faults: []string{"dkim-break:relay.example.org"},
			want:   []string{"spf=pass example.org", "dkim=fail example.org", "dmarc=none example.org"}, outcome: trace.OutcomeDelivered},
		{name: "no checks without sender-auth", spf: "v=spf1 -all", alg: "rsa-sha256", model: e2e, outcome: trace.OutcomeDelivered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := authWorld(t, tc.spf, tc.policy, tc.alg, tc.canon, tc.model)
			extra := parseFaults(t, tc.faults...)
			w := world.New(sc, extra...)
			w.Run()
			tr := w.Trace()
			assert.Equal(t, tc.want, authEvents(tr))
			o := outcome(tr, "m1", "bob@example.net")
			assert.Equal(t, tc.outcome, o.Outcome)
			if tc.status != "" {
				assert.Equal(t, tc.status, o.Status)
				assert.Equal(t, 550, o.Code)
			}
			box := w.Mailbox("mx.example.net", "bob@example.net")
			if tc.outcome != trace.OutcomeDelivered {
				return
			}
			require.Len(t, box, 1)
			filed := string(box[0])
			assert.Equal(t, tc.alg != "", strings.Contains(filed, "\r\nDKIM-Signature: "), "signed when a signer is declared")
			if tc.policy == "" {
				assert.NotContains(t, filed, "Authentication-Results:")
				return
			}
			ar := strings.Index(filed, "Authentication-Results: mx.example.net;")
			require.GreaterOrEqual(t, ar, 0, filed)
			for _, r := range tc.want {
				method, rest, _ := strings.Cut(r, "=")
				result, _, _ := strings.Cut(rest, " ")
				assert.Contains(t, filed[ar:], "\t"+method+"="+result, "Authentication-Results states %s", r)
			}
		})
	}
}

// TestSignEvent: the MSA's sign event states domain, selector and algorithm; the
// signature's t= is the virtual time.
func TestSignEvent(t *testing.T) {
	sc := authWorld(t, "v=spf1 ip4:192.0.2.0/24 -all", "record", "ed25519-sha256", "", scenario.EndToEnd)
	w := world.New(sc)
	w.Run()
	tr := w.Trace()
	i := tr.Next(-1, trace.KindSign)
	require.GreaterOrEqual(t, i, 0)
	e := tr.At(i)
	assert.Equal(t, "mail.example.org", e.Actor)
	assert.Equal(t, &trace.Auth{Method: "dkim", Domain: "example.org", Selector: "s2026", Algorithm: "ed25519-sha256"}, e.Auth)
	filed := string(w.Mailbox("mx.example.net", "bob@example.net")[0])
	assert.Contains(t, filed, fmt.Sprintf("t=%d", sc.Start.Add(e.Time).Unix()))
}

// TestSenderAuthDeterminism: the same signed and checked world gives the same bytes.
func TestSenderAuthDeterminism(t *testing.T) {
	for _, alg := range []string{"rsa-sha256", "ed25519-sha256"} {
		sc := authWorld(t, "v=spf1 ip4:192.0.2.0/24 -all", "record", alg, "", scenario.StoreAndForward)
		f, err := fault.Parse("dkim-break:relay.example.org")
		require.NoError(t, err)
		a, b := world.Run(sc, f), world.Run(sc, f)
		require.NotEmpty(t, authEvents(a))
		assert.Equal(t, jsonOf(t, a), jsonOf(t, b), alg)
	}
}

// TestSenderAuthGolden compares the JSON trace of a signed message that a list-like
// relay breaks and the receiver checks with the committed one (go test -update
// rewrites it after a reviewed change): the signature, the checks and their words stay
// byte for byte what they were.
func TestSenderAuthGolden(t *testing.T) {
	for _, alg := range []string{"rsa-sha256", "ed25519-sha256"} {
		t.Run(alg, func(t *testing.T) {
			sc := authWorld(t, "v=spf1 ip4:192.0.2.0/24 -all", "record", alg, "", scenario.StoreAndForward)
			f, err := fault.Parse("dkim-break:relay.example.org")
			require.NoError(t, err)
			w := world.New(sc, f)
			w.Run()
			var b bytes.Buffer
			require.NoError(t, w.Trace().WriteJSONWith(&b, trace.JSONOptions{Payloads: true}))
			path := filepath.Join("testdata", "auth", "dkim-break."+alg+".jsonl")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./sim/world -run TestSenderAuthGolden -update to create it")
			assert.Equal(t, string(want), b.String())
		})
	}
}

// TestSPFOfABounce: a bounce has the null sender, so the receiver checks the HELO name
// of the server that sends it (RFC 7208 §2.4).
func TestSPFOfABounce(t *testing.T) {
	src := `name: bounce checked
seed: 3
hosts:
  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org], sender-auth: record}
  - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net]}
dns:
  - example.org MX 10 mail.example.org
  - mail.example.org A 192.0.2.10
  - example.net MX 10 mx.example.net
  - mx.example.net A 198.51.100.25
  - 'mx.example.net TXT "v=spf1 a -all"'
users:
  - {address: alice@example.org, password: secret}
  - {address: bob@example.net, password: secret, quota: 10}
messages:
  - {at: 0s, from: alice@example.org, to: [bob@example.net], subject: Too big for Bob, body: "Hi Bob\n"}
`
	sc, err := scenariofile.Parse("bounce.yaml", []byte(src))
	require.NoError(t, err)
	w := world.New(*sc)
	w.Run()
	tr := w.Trace()
	assert.Equal(t, trace.OutcomeBounced, outcome(tr, "m1", "bob@example.net").Outcome)
	i := tr.Next(-1, trace.KindAuth)
	require.GreaterOrEqual(t, i, 0)
	e := tr.At(i)
	assert.Equal(t, "mail.example.org", e.Actor)
	assert.Equal(t, "mx.example.net", e.Peer)
	assert.Equal(t, &trace.Auth{Method: "spf", Result: "pass", Domain: "mx.example.net", Identity: "helo", Detail: "matched a"}, e.Auth)
	box := w.Mailbox("mail.example.org", "alice@example.org")
	require.Len(t, box, 1, "the DSN")
	assert.Contains(t, string(box[0]), "\tspf=pass smtp.helo=mx.example.net;")
}
