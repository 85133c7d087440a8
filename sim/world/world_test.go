package world_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

var update = flag.Bool("update", false, "rewrite the golden traces")

func load(t testing.TB, id string) scenario.Scenario {
	t.Helper()
	src, name, ok := lessons.Scenario(id)
	require.True(t, ok, id)
	sc, err := scenariofile.Parse(name, src)
	require.NoError(t, err)
	return *sc
}

func jsonOf(t testing.TB, tr *trace.Trace) []byte {
	var b bytes.Buffer
	require.NoError(t, tr.WriteJSON(&b))
	return b.Bytes()
}

// parseFaults reads fault specs a test table gives.
func parseFaults(t testing.TB, specs ...string) []fault.Fault {
	t.Helper()
	var out []fault.Fault
	for _, spec := range specs {
		f, err := fault.Parse(spec)
		require.NoError(t, err, spec)
		out = append(out, f)
	}
	return out
}

func outcome(tr *trace.Trace, msg, rcpt string) trace.Outcome {
	for _, o := range tr.Outcomes {
		if o.Msg == msg && strings.EqualFold(o.Rcpt, rcpt) {
			return o
		}
	}
	return trace.Outcome{}
}

// TestGolden runs every example scenario in both models and compares the JSON
// trace with the committed one (go test -update rewrites them after a reviewed change).
func TestGolden(t *testing.T) {
	for _, id := range lessons.ScenarioIDs() {
		for _, model := range []scenario.Model{scenario.EndToEnd, scenario.StoreAndForward} {
			t.Run(id+"/"+string(model), func(t *testing.T) {
				sc := load(t, id)
				sc.Model = model
				got := jsonOf(t, world.Run(sc))
				path := filepath.Join("testdata", "golden", id+"."+string(model)+".jsonl")
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
					require.NoError(t, os.WriteFile(path, got, 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run go test ./sim/world -run TestGolden -update to create it")
				wantLines, gotLines := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
				for i := range min(len(wantLines), len(gotLines)) {
					require.Equal(t, wantLines[i], gotLines[i], "first difference at line %d of %s", i+1, path)
				}
				assert.Equal(t, len(wantLines), len(gotLines), "number of lines")
			})
		}
	}
}

// TestDeterminism: the same scenario, seed and faults give the same bytes.
func TestDeterminism(t *testing.T) {
	for _, id := range lessons.ScenarioIDs() {
		sc := load(t, id)
		a := jsonOf(t, world.Run(sc))
		b := jsonOf(t, world.Run(sc))
		assert.Equal(t, a, b, id)
	}
}

// TestFaultAtStepKeepsThePrefix: a fault that starts at step k leaves steps before k unchanged.
func TestFaultAtStepKeepsThePrefix(t *testing.T) {
	specs := []string{"down:mx.example.net", "greylist:mx.example.net", "unknown-user:bob@example.net", "nxdomain:example.net",
		"drop:mx.example.net,when=after-dot", "reply:mx.example.net,cmd=RCPT,code=451"}
	sc := load(t, "first-mail")
	base := world.Run(sc)
	for _, spec := range specs {
		for _, k := range []int{1, 5, 12, 20, base.Len() / 2} {
			f, err := fault.Parse(spec)
			require.NoError(t, err)
			f.Step = k
			got := world.Run(sc, f)
			require.GreaterOrEqual(t, got.Len(), k, spec)
			assert.Equal(t, base.Events()[:k], got.Events()[:k], "%s at step %d", spec, k)
		}
	}
}

func TestFirstMail(t *testing.T) {
	sc := load(t, "first-mail")
	tr := world.Run(sc)
	o := outcome(tr, "m1", "bob@example.net")
	assert.Equal(t, trace.OutcomeDelivered, o.Outcome)
	assert.Equal(t, "mx.example.net/bob@example.net", o.Mailbox)
	assert.Equal(t, 1, o.Copies)
	// The MUA submits on 587 with AUTH; the MTA relays on 25 after an MX lookup.
	assert.GreaterOrEqual(t, tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindConnect && e.Port == 587 }), 0)
	assert.GreaterOrEqual(t, tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindLine && strings.HasPrefix(e.Line, "AUTH PLAIN") }), 0)
	mx := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindDNSQuery && e.Line == "example.net MX" })
	conn25 := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindConnect && e.Port == 25 })
	require.GreaterOrEqual(t, mx, 0)
	assert.Less(t, mx, conn25, "DNS before the connection")
	// Responsibility moves at each 250 after the dot: first the MSA, then the MX.
	var owners []string
	for _, e := range tr.All() {
		if e.Kind == trace.KindHandoff {
			owners = append(owners, e.Actor)
		}
	}
	assert.Equal(t, []string{"mail.example.org", "mx.example.net"}, owners)
	// The lone dot in the body survived dot-stuffing, and Bob fetched the message.
	box := world.New(sc)
	box.Run()
	msgs := box.Mailbox("mx.example.net", "bob@example.net")
	require.Len(t, msgs, 1)
	assert.Contains(t, string(msgs[0]), "\r\n.\r\n(That lone dot")
	assert.True(t, strings.HasPrefix(string(msgs[0]), "Return-Path: <alice@example.org>\r\nReceived: from mail.example.org"), string(msgs[0][:200]))
	assert.GreaterOrEqual(t, tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindFetch && strings.Contains(e.Text, "1 message") }), 0)
}

func TestGreylisting(t *testing.T) {
	tr := world.Run(load(t, "greylisting"))
	d := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindDefer && e.Code == 450 })
	require.GreaterOrEqual(t, d, 0, "the first attempt is greylisted")
	assert.Equal(t, "4.2.0", tr.At(d).Status)
	assert.Equal(t, int64(300_000), tr.At(d).Next-tr.At(d).TimeMS, "first retry after 300 s")
	for _, rcpt := range []string{"bob@example.net", "dave@example.net"} {
		o := outcome(tr, "m1", rcpt)
		assert.Equal(t, trace.OutcomeDelivered, o.Outcome, rcpt)
		assert.GreaterOrEqual(t, o.TimeMS, int64(300_000), "delivered on the retry")
	}
}

func TestBounce(t *testing.T) {
	sc := load(t, "bounce")
	w := world.New(sc)
	w.Run()
	tr := w.Trace()
	assert.Equal(t, trace.OutcomeDelivered, outcome(tr, "m1", "bob@example.net").Outcome)
	bobby := outcome(tr, "m1", "bobby@example.net")
	assert.Equal(t, trace.OutcomeBounced, bobby.Outcome)
	assert.Equal(t, "5.1.1", bobby.Status)
	dave := outcome(tr, "m1", "dave@example.net")
	assert.Equal(t, trace.OutcomeBounced, dave.Outcome)
	assert.Equal(t, "5.2.2", dave.Status)
	// Both DSNs reach Alice's mailbox.
	var dsns int
	for _, m := range w.Mailbox("mail.example.org", "alice@example.org") {
		if strings.Contains(string(m), "multipart/report") && strings.HasPrefix(string(m), "Return-Path: <>") {
			dsns++
		}
	}
	assert.Equal(t, 2, dsns)
}

func TestDNSRoutes(t *testing.T) {
	tr := world.Run(load(t, "dns-routes"))
	assert.Equal(t, trace.OutcomeDelivered, outcome(tr, "m1", "bob@example.net").Outcome)
	erin := outcome(tr, "m1", "erin@example.com")
	assert.Equal(t, trace.OutcomeDelivered, erin.Outcome, "implicit MX: the A record")
	frank := outcome(tr, "m1", "frank@example.edu")
	assert.Equal(t, trace.OutcomeBounced, frank.Outcome)
	assert.Equal(t, "5.1.10", frank.Status, "null MX")
	gina := outcome(tr, "m1", "gina@nowhere.example")
	assert.Equal(t, trace.OutcomeBounced, gina.Outcome)
	assert.Equal(t, "5.1.2", gina.Status, "NXDOMAIN")
}

func TestRetriesAndExpiry(t *testing.T) {
	tr := world.Run(load(t, "retries"))
	bob := outcome(tr, "m1", "bob@example.net")
	assert.Equal(t, trace.OutcomeDelivered, bob.Outcome)
	assert.GreaterOrEqual(t, bob.TimeMS, int64(3*3600_000), "after the server came back")
	erin := outcome(tr, "m1", "erin@example.com")
	assert.Equal(t, trace.OutcomeBounced, erin.Outcome)
	// Postfix and RFC 3463 §3.5: an expired recipient keeps the status of the actual
	// problem (the connection timed out: 4.4.1), not X.4.7; no server replied, so no code.
	assert.Equal(t, "4.4.1", erin.Status)
	assert.Zero(t, erin.Code)
	assert.GreaterOrEqual(t, erin.TimeMS, int64(5*24*3600_000), "given up after the queue lifetime")
	// The retry intervals follow the Postfix schedule: 300 s doubling up to 4000 s.
	var gaps []int64
	last := int64(0)
	for _, e := range tr.All() {
		if e.Kind == trace.KindDefer && e.Rcpt == "erin@example.com" {
			gaps = append(gaps, e.Next-e.TimeMS)
			last = e.Next
		}
	}
	require.Greater(t, len(gaps), 5)
	assert.Equal(t, []int64{300_000, 600_000, 1_200_000, 2_400_000, 4_000_000, 4_000_000}, gaps[:6])
	assert.Positive(t, last)
}

func TestModelsDiffer(t *testing.T) {
	sc := load(t, "relay-chain")
	hand := func(m scenario.Model) []string {
		sc.Model = m
		var owners []string
		for _, e := range world.Run(sc).All() {
			if e.Kind == trace.KindHandoff {
				owners = append(owners, e.Actor)
			}
		}
		return owners
	}
	assert.Equal(t, []string{"mail.example.org", "relay.example.org", "mx2.example.net", "mx1.example.net"}, hand(scenario.StoreAndForward),
		"relay, then the backup MX while the primary is down, then the primary")
	e2e := hand(scenario.EndToEnd)
	assert.NotContains(t, e2e, "relay.example.org", "end to end skips the relay")
}
