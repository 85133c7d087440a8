package world

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// A client's wait for a reply goes on the agenda only when the server's answer will
// not beat it (armUnlessAnswered); with every wait on the agenda, as before, each
// example scenario gives the same trace, byte for byte: with replies held up just
// before, at and just after each of the client's timeouts (RFC 5321 §4.5.3.2), so
// that some waits end the connection and others do not, and with a server the
// learner plays that leaves the client waiting. Without faults the run processes
// fewer events (no wait that comes to nothing), with them no more.
func TestWaitsArmedAsEveryWait(t *testing.T) {
	timeouts := 0
	forEachSlowRun(t, func(label string, i int, lazy, every *World, got, want []byte) {
		require.Equal(t, string(want), string(got), label)
		assert.Equal(t, every.Err(), lazy.Err(), label)
		if i == 0 {
			assert.Less(t, lazy.Used().Events, every.Used().Events, label)
		} else {
			assert.LessOrEqual(t, lazy.Used().Events, every.Used().Events, label)
			timeouts += count(lazy.Trace(), trace.KindTimeout)
		}
	}, func(w *World) { w.everyWait = true })
	assert.Positive(t, timeouts, "some replies came too late")

	src, name, _ := lessons.Scenario("first-mail")
	sc, err := scenariofile.Parse(name, src)
	require.NoError(t, err)
	manual := func(every bool) []byte {
		w := New(*sc)
		w.everyWait = every
		w.SetManualServer(ManualServer{Host: "mx.example.net", Replies: []string{"220 mx.example.net ESMTP", "250 mx.example.net", "250 2.1.0 Ok"}})
		w.Run()
		require.Positive(t, count(w.Trace(), trace.KindTimeout))
		var b bytes.Buffer
		require.NoError(t, w.Trace().WriteJSON(&b))
		return b.Bytes()
	}
	assert.Equal(t, string(manual(true)), string(manual(false)), "a server the learner plays")
}

// The groups of an attempt that ended serve the next attempt (spares.groups), and a
// connection that ended, once nothing refers to it, the next connection
// (spares.giveConn); with every attempt's groups and every connection made anew, as
// before, each example scenario gives the same trace and uses the same budget, with
// the faults of forEachSlowRun.
func TestSparesAsNew(t *testing.T) {
	forEachSlowRun(t, func(label string, _ int, spare, fresh *World, got, want []byte) {
		require.Equal(t, string(want), string(got), label)
		assert.Equal(t, fresh.Used(), spare.Used(), label)
	}, func(w *World) { w.spares.fresh = true })
}

// forEachSlowRun runs every example scenario, plain, with each host's replies held up
// just before, at and just after each of the client's timeouts, and with each host's
// connections dropped before and after the final dot, down or refused once, as it is
// and as plain makes it, and hands check the JSON traces with payloads of both.
func forEachSlowRun(t *testing.T, check func(label string, i int, w, plainW *World, got, want []byte), plain func(*World)) {
	t.Helper()
	lat := 20 * time.Millisecond // the scenarios' latency: a reply is on the wire a latency after the command left
	var delays []time.Duration
	for _, timeout := range []time.Duration{smtp.GreetingTimeout, smtp.MailTimeout, smtp.DataInitiationTimeout, smtp.DataTerminationTimeout} {
		delays = append(delays, timeout-lat-time.Millisecond, timeout-lat, timeout-lat+time.Millisecond)
	}
	for _, id := range lessons.ScenarioIDs() {
		src, name, _ := lessons.Scenario(id)
		sc, err := scenariofile.Parse(name, src)
		require.NoError(t, err)
		require.Equal(t, lat, sc.Latency, id)
		runs := [][]fault.Fault{nil}
		for _, h := range sc.Hosts {
			for _, d := range delays {
				runs = append(runs, []fault.Fault{{Kind: fault.Slow, Target: h.Name, Delay: d, Count: 2}})
			}
			// Connections that break or never start: closures hold them.
			runs = append(runs, []fault.Fault{{Kind: fault.Drop, Target: h.Name, When: "before-dot", Count: 1}},
				[]fault.Fault{{Kind: fault.Drop, Target: h.Name, When: "after-dot", Count: 1}},
				[]fault.Fault{{Kind: fault.Down, Target: h.Name, Count: 1}}, []fault.Fault{{Kind: fault.Refuse, Target: h.Name, Count: 1}})
		}
		for i, faults := range runs {
			run := func(plainly bool) (*World, []byte) {
				w := New(*sc, faults...)
				if plainly {
					plain(w)
				}
				w.Run()
				var b bytes.Buffer
				require.NoError(t, w.Trace().WriteJSONWith(&b, trace.JSONOptions{Payloads: true}))
				return w, b.Bytes()
			}
			w, got := run(false)
			plainW, want := run(true)
			check(fmt.Sprintf("%s %v", id, faults), i, w, plainW, got, want)
		}
	}
}

func count(tr *trace.Trace, k trace.Kind) int {
	n := 0
	for _, e := range tr.Events() {
		if e.Kind == k {
			n++
		}
	}
	return n
}
