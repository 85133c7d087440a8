package world_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// randomRun is a random world (randomScenario) with mail picked up by POP3 and IMAP
// now and then, replies held up around the client's timeouts, and perhaps a console
// and a server the learner plays.
type randomRun struct {
	sc        scenario.Scenario
	manual    bool
	console   bool
	mx        string
	consoleAt time.Duration
}

func newRandomRun(seed uint64) randomRun {
	r := rand.New(rand.NewPCG(seed, 4242))
	sc := randomScenario(rand.New(rand.NewPCG(seed, 42)), seed)
	for range r.IntN(4) {
		u := sc.Users[r.IntN(len(sc.Users))]
		sc.Fetches = append(sc.Fetches, scenario.Fetch{At: time.Duration(r.IntN(7200)) * time.Second, User: u.Address,
			Protocol: []string{"pop3", "imap"}[r.IntN(2)], Delete: r.IntN(2) == 0})
	}
	if r.IntN(2) == 0 {
		for _, d := range []time.Duration{5*time.Minute - 20*time.Millisecond, 10*time.Minute - 20*time.Millisecond, 2*time.Minute - 19*time.Millisecond} {
			sc.Faults = append(sc.Faults, fault.Fault{Kind: fault.Slow, Target: sc.Hosts[r.IntN(len(sc.Hosts))].Name, Delay: d, Count: 1 + r.IntN(3)})
		}
	}
	return randomRun{sc: sc, manual: r.IntN(4) == 0, console: r.IntN(4) == 0, mx: sc.Hosts[r.IntN(len(sc.Hosts))].Name,
		consoleAt: time.Duration(r.IntN(600)) * time.Second}
}

// run runs it, in an outline or in full, with set applied to the world first, and
// returns the world and its JSON trace with payloads.
func (rr randomRun) run(t *testing.T, outline bool, set func(*world.World)) (*world.World, []byte) {
	w := world.New(rr.sc)
	if set != nil {
		set(w)
	}
	if outline {
		w.Outline()
	}
	if rr.manual {
		w.SetManualServer(world.ManualServer{Host: rr.mx, Replies: []string{"220 " + rr.mx + " ESMTP", "250 " + rr.mx, "250 2.1.0 Ok", "250 2.1.5 Ok"}})
	}
	if rr.console {
		w.AddConsole(world.Console{At: rr.consoleAt, Host: rr.mx, Port: 25,
			Lines: []string{"EHLO me", "MAIL FROM:<a@b.example>", "RCPT TO:<" + rr.sc.Users[0].Address + ">", "DATA", "hi", ".", "QUIT"}})
	}
	w.Run()
	var b bytes.Buffer
	require.NoError(t, w.Trace().WriteJSONWith(&b, trace.JSONOptions{Payloads: true}))
	return w, b.Bytes()
}

// eachRandomRun calls check for every random world of the test, in full and in an
// outline, with a label that names the run.
func eachRandomRun(t *testing.T, check func(rr randomRun, outline bool, label string)) {
	runs := uint64(500)
	if testing.Short() {
		runs = 100
	}
	for seed := uint64(1); seed <= runs; seed++ {
		rr := newRandomRun(seed)
		for _, outline := range []bool{false, true} {
			check(rr, outline, fmt.Sprintf("seed %d outline %v manual %v console %v", seed, outline, rr.manual, rr.console))
		}
	}
}

// TestRandomWorldsSparesAsNew: with connections and attempts' groups kept for the
// next (spares), random worlds give the same trace and use the same budget as with
// every one made anew: in full and in an outline.
func TestRandomWorldsSparesAsNew(t *testing.T) {
	eachRandomRun(t, func(rr randomRun, outline bool, label string) {
		spare, got := rr.run(t, outline, nil)
		fresh, want := rr.run(t, outline, world.FreshSpares)
		require.Equal(t, string(want), string(got), label)
		require.Equal(t, fresh.Used(), spare.Used(), label)
		require.Equal(t, fresh.Err(), spare.Err(), label)
	})
}

// TestRandomWorldsWaitsAsEveryWait: with a client's wait for a reply armed only when
// the answer will not beat it, random worlds give the same trace, events and summary,
// as with every wait on the agenda, in full and in an outline; only the events budget
// counts fewer.
func TestRandomWorldsWaitsAsEveryWait(t *testing.T) {
	eachRandomRun(t, func(rr randomRun, outline bool, label string) {
		lazy, got := rr.run(t, outline, nil)
		every, want := rr.run(t, outline, world.EveryWait)
		require.Equal(t, every.Trace().Len(), lazy.Trace().Len(), label)
		for i := range every.Trace().Len() {
			require.Equal(t, every.Trace().At(i), lazy.Trace().At(i), "%s: event %d", label, i)
		}
		require.Equal(t, every.Err(), lazy.Err(), label)
		require.Equal(t, string(want), string(got), label)
	})
}
