package world_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// TestDMARC: Bob's MX evaluates the DMARC policy of example.org (RFC 7489 §6.6) from
// the SPF and DKIM results, records it with the policy it applied, puts it into
// Authentication-Results and refuses at the end of DATA when the policy is reject.
func TestDMARC(t *testing.T) {
	const (
		e2e, snf = scenario.EndToEnd, scenario.StoreAndForward
		spfOK    = "v=spf1 ip4:192.0.2.0/24 -all"
		spfBad   = "v=spf1 ip4:203.0.113.0/24 -all"
	)
	dmarc := func(tags string) string { return `_dmarc.example.org TXT "v=DMARC1; ` + tags + `"` }
	for _, tc := range []struct {
		name, spf, alg string
		model          scenario.Model
		records        []string
		faults         []string
		result, policy string // the dmarc event's result and policy
		outcome        string
		junk           bool
	}{
		{name: "pass aligned via DKIM", spf: spfBad, alg: "ed25519-sha256", model: e2e, records: []string{dmarc("p=reject")},
			result: "pass", policy: "reject", outcome: trace.OutcomeDelivered},
		{name: "pass via SPF only", spf: spfOK, model: e2e, records: []string{dmarc("p=reject")},
			result: "pass", policy: "reject", outcome: trace.OutcomeDelivered},
		{name: "fail with p=none recorded", spf: spfBad, model: e2e, records: []string{dmarc("p=none")},
			result: "fail", policy: "none", outcome: trace.OutcomeDelivered},
		{name: "p=reject refuses", spf: spfBad, model: e2e, records: []string{dmarc("p=reject")},
			result: "fail", policy: "reject", outcome: trace.OutcomeBounced},
		{name: "dkim broken on the way, p=reject", spf: spfBad, alg: "rsa-sha256", model: snf, records: []string{dmarc("p=reject")},
			faults: []string{"dkim-break:relay.example.org"}, result: "fail", policy: "reject", outcome: trace.OutcomeBounced},
		{name: "p=quarantine files into Junk", spf: spfBad, model: e2e, records: []string{dmarc("p=quarantine")},
			result: "fail", policy: "quarantine", outcome: trace.OutcomeDelivered, junk: true},
		{name: "no record", spf: spfBad, model: e2e, result: "none", outcome: trace.OutcomeDelivered},
		{name: "fault replaces p=none by reject", spf: spfBad, model: e2e, records: []string{dmarc("p=none")},
			faults: []string{"dmarc-policy:example.org,value=reject"}, result: "fail", policy: "reject", outcome: trace.OutcomeBounced},
		{name: "fault relaxes p=reject to none", spf: spfBad, model: e2e, records: []string{dmarc("p=reject")},
			faults: []string{"dmarc-policy:example.org,value=none"}, result: "fail", policy: "none", outcome: trace.OutcomeDelivered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := authWorld(t, tc.spf, "record", tc.alg, "", tc.model, tc.records...)
			extra := parseFaults(t, tc.faults...)
			w := world.New(sc, extra...)
			w.Run()
			tr := w.Trace()
			var got *trace.Event
			for _, e := range tr.All() {
				if e.Kind == trace.KindAuth && e.Auth.Method == "dmarc" {
					got = &e
				}
			}
			require.NotNil(t, got, "a dmarc event")
			assert.Equal(t, "mx.example.net", got.Actor)
			assert.Equal(t, "example.org", got.Auth.Domain)
			assert.Equal(t, tc.result, got.Auth.Result)
			assert.Equal(t, tc.policy, got.Auth.Policy)
			o := outcome(tr, "m1", "bob@example.net")
			require.Equal(t, tc.outcome, o.Outcome)
			box := w.Mailbox("mx.example.net", "bob@example.net")
			if tc.outcome == trace.OutcomeBounced {
				assert.Equal(t, 550, o.Code)
				assert.Equal(t, "5.7.1", o.Status)
				assert.True(t, hasLine(tr, "550 5.7.1 Rejected by DMARC policy for example.org"), "the reply names DMARC")
				assert.Empty(t, box)
				require.NotEmpty(t, w.Mailbox("mail.example.org", "alice@example.org"), "Alice gets the bounce")
				return
			}
			filed := box
			if tc.junk {
				assert.Empty(t, box, "nothing in the INBOX")
				filed = w.Folder("mx.example.net", "bob@example.net", "Junk")
			}
			require.Len(t, filed, 1)
			assert.Contains(t, string(filed[0]), "\tdmarc="+tc.result+" ")
			assert.Contains(t, string(filed[0]), "header.from=example.org")
		})
	}
}

// hasLine reports whether a protocol line of the run reads line.
func hasLine(tr *trace.Trace, line string) bool {
	for _, e := range tr.All() {
		if e.Kind == trace.KindLine && e.Line == line {
			return true
		}
	}
	return false
}

// TestDMARCQuarantineIsNotInTheInbox: a quarantined message is in Bob's Junk folder,
// so a POP3 client, which sees the INBOX only, fetches nothing, while the message is
// there for IMAP; the run is the same bytes twice.
func TestDMARCQuarantineIsNotInTheInbox(t *testing.T) {
	sc := authWorld(t, "v=spf1 ip4:203.0.113.0/24 -all", "record", "", "", scenario.EndToEnd,
		`_dmarc.example.org TXT "v=DMARC1; p=quarantine"`)
	sc.Fetches = append(sc.Fetches, scenario.Fetch{At: 10 * time.Minute, User: "bob@example.net", Protocol: "pop3"})
	w := world.New(sc)
	w.Run()
	tr := w.Trace()
	i := tr.Next(-1, trace.KindFetch)
	require.GreaterOrEqual(t, i, 0)
	assert.Empty(t, tr.At(i).Stage, "the fetch worked")
	assert.Equal(t, 0, tr.At(i).Count, "POP3 sees the INBOX only")
	d := tr.Next(-1, trace.KindDeliver)
	require.GreaterOrEqual(t, d, 0)
	assert.Contains(t, tr.At(d).Text, "Junk folder")
	assert.Equal(t, "RFC 7489 §6.3", tr.At(d).RFC)
	assert.Len(t, w.Folder("mx.example.net", "bob@example.net", "Junk"), 1)
	assert.Equal(t, jsonOf(t, tr), jsonOf(t, world.Run(sc)))
}

// TestDMARCGolden compares the JSON trace of a signed message that a list-like relay
// breaks, from a domain whose SPF does not list the relay and whose DMARC policy is
// reject, with the committed one (go test -update rewrites it after a reviewed
// change): DKIM fails, DMARC fails, the receiver refuses with 550 5.7.1 and the
// bounce goes back.
func TestDMARCGolden(t *testing.T) {
	sc := authWorld(t, "v=spf1 ip4:192.0.2.10 -all", "record", "ed25519-sha256", "", scenario.StoreAndForward,
		`_dmarc.example.org TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.org"`)
	f, err := fault.Parse("dkim-break:relay.example.org")
	require.NoError(t, err)
	w := world.New(sc, f)
	w.Run()
	var b bytes.Buffer
	require.NoError(t, w.Trace().WriteJSONWith(&b, trace.JSONOptions{Payloads: true}))
	path := filepath.Join("testdata", "auth", "dmarc-reject.jsonl")
	if *update {
		require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./sim/world -run TestDMARCGolden -update to create it")
	assert.Equal(t, string(want), b.String())
	assert.Contains(t, b.String(), `"line":"550 5.7.1 Rejected by DMARC policy for example.org"`)
}
