package world

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
)

// TestDeferredTimeAsEveryWait: a recipient still queued when the run ends is
// "deferred" in the summary at the run's clock (fates.outcomes: w.now). With every
// client's wait on the agenda the clock ended at the last wait that came to nothing
// (here the submission's wait for the reply to its final dot, ten minutes on); with
// waits armed only when needed the run ends its clock there too (World.idleUntil),
// not at the last step that did something (the connect timeout to the MX that is
// down). TestWaitsArmedAsEveryWait's scenarios never end with a recipient deferred
// after such a wait.
func TestDeferredTimeAsEveryWait(t *testing.T) {
	sc := scenario.Scenario{Name: "deferred at the end", Seed: 1, Horizon: 30 * time.Minute,
		Retry: scenario.Retry{First: time.Hour, Max: 4 * time.Hour, Lifetime: 24 * time.Hour},
		Hosts: []scenario.Host{
			{Name: "mx.a.example", IP: "10.0.0.1", Roles: []scenario.Role{scenario.RoleMSA, scenario.RoleMX}, Domains: []string{"a.example"}},
			{Name: "mx.b.example", IP: "10.0.1.1", Roles: []scenario.Role{scenario.RoleMX}, Domains: []string{"b.example"}},
		},
		DNS: []dns.Record{{Name: "a.example", Type: dns.TypeMX, Pref: 10, Value: "mx.a.example"}, {Name: "mx.a.example", Type: dns.TypeA, Value: "10.0.0.1"},
			{Name: "b.example", Type: dns.TypeMX, Pref: 10, Value: "mx.b.example"}, {Name: "mx.b.example", Type: dns.TypeA, Value: "10.0.1.1"}},
		Users: []scenario.User{{Address: "alice@a.example", Password: "pw"}, {Address: "carol@a.example", Password: "pw"},
			{Address: "bob@b.example", Password: "pw"}},
		Messages: []scenario.Message{{ID: "m1", From: "alice@a.example", To: []string{"carol@a.example", "bob@b.example"}, Subject: "hi", Body: "hello\n"}},
		Faults:   []fault.Fault{{Kind: fault.Down, Target: "mx.b.example"}},
	}
	run := func(every bool) *World {
		w := New(sc)
		w.everyWait = every
		w.Run()
		return w
	}
	lazy, every := run(false), run(true)
	require.Equal(t, every.Trace().Len(), lazy.Trace().Len())
	for i := range every.Trace().Len() {
		require.Equal(t, every.Trace().At(i), lazy.Trace().At(i), "event %d", i)
	}
	deferred := func(w *World) trace.Outcome {
		for _, o := range w.Trace().Outcomes {
			if o.Rcpt == "bob@b.example" {
				require.Equal(t, trace.OutcomeDeferred, o.Outcome)
				return o
			}
		}
		t.Fatal("no outcome for bob@b.example")
		return trace.Outcome{}
	}
	assert.Equal(t, deferred(every), deferred(lazy), "bob is deferred as of the same time")
}
