package world_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/auth"
	"smtpsim/sim/auth/remote"
	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/world"
)

// useSenderAuth sets e for the test and the library evaluator back after it.
func useSenderAuth(t *testing.T, e auth.Evaluator) {
	world.UseSenderAuth(e)
	t.Cleanup(func() { world.UseSenderAuth(spfdkim.Evaluator{}) })
}

// loopback carries a remote.Client's requests to remote.Serve with the library
// evaluator, through the texts that cross between two programs, and counts them.
func loopback(calls *int) remote.Call {
	return func(req, msg []byte, r dns.Resolver) ([]byte, error) {
		*calls++
		ask := remote.Resolver(func(name, t string) (string, error) { return remote.Answer(r, name, t), nil })
		return remote.Serve(spfdkim.Evaluator{}, req, msg, ask), nil
	}
}

// senderAuthLessons are the built-in lessons whose worlds sign or check senders.
func senderAuthLessons(t *testing.T) []*lessons.Lesson {
	var out []*lessons.Lesson
	for _, e := range lessons.Index() {
		l, err := lessons.Find(e.ID)
		require.NoError(t, err)
		if l.World.NeedsSenderAuth() {
			out = append(out, l)
		}
	}
	require.GreaterOrEqual(t, len(out), 3, "the SPF, DKIM and DMARC lessons")
	return out
}

// TestSenderAuthThroughRemote: every built-in lesson that signs or checks senders,
// in each of its models, with and without its try-it fault, runs to the same trace
// when its evaluator is in another program (remote.Client over remote.Serve) as with
// the libraries in this one.
func TestSenderAuthThroughRemote(t *testing.T) {
	for _, l := range senderAuthLessons(t) {
		for _, model := range l.Models {
			for _, faults := range [][]fault.Fault{nil, {l.Try.Fault}} {
				if len(faults) == 1 && faults[0].Kind == "" {
					continue
				}
				sc := *l.World
				sc.Model = model
				t.Run(l.ID+" "+string(model)+" "+faultsName(faults), func(t *testing.T) {
					want := world.Run(sc, faults...)
					calls := 0
					useSenderAuth(t, remote.Client{Call: loopback(&calls)})
					w := world.New(sc, faults...)
					w.Run()
					require.NoError(t, w.Err())
					assert.Positive(t, calls, "the evaluator was asked")
					assert.Equal(t, want.Events(), w.Trace().Events())
				})
			}
		}
	}
}

func faultsName(faults []fault.Fault) string {
	if len(faults) == 0 {
		return "no fault"
	}
	return faults[0].String()
}

// TestRemoteAnswersExactly: a signature made across has the seed's key and the exact
// virtual time (t=), a key record is the library's, and a request the other side
// cannot do comes back as an error.
func TestRemoteAnswersExactly(t *testing.T) {
	calls := 0
	c := remote.Client{Call: loopback(&calls)}
	s := auth.Signing{Domain: "example.org", Selector: "s1", Algorithm: auth.RSASHA256}
	const seed = 1<<63 + 12345 // past what a float64 holds exactly
	at := time.Date(2026, 11, 25, 9, 0, 0, 123456789, time.FixedZone("CET", 3600))
	msg := []byte("From: alice@example.org\r\nTo: bob@example.net\r\nSubject: Hi\r\n\r\nHello\r\n")
	got, err := c.KeyRecord(s, seed)
	require.NoError(t, err)
	assert.Equal(t, spfdkim.Record(s, seed), got)
	field, err := c.Sign(s, msg, seed, at)
	require.NoError(t, err)
	want, err := spfdkim.Sign(s, msg, seed, at)
	require.NoError(t, err)
	assert.Equal(t, want, field)
	checks, err := c.VerifyDKIM(dns.NewDB(got), append([]byte(field), msg...), at)
	require.NoError(t, err)
	assert.Equal(t, []auth.Check{{Method: auth.MethodDKIM, Result: auth.Pass, Domain: "example.org"}}, checks)

	broken := remote.Client{Call: func([]byte, []byte, dns.Resolver) ([]byte, error) {
		return remote.Serve(failing{}, []byte(`{"op":"spf"}`), nil, dns.NewDB()), nil
	}}
	_, err = broken.SPF(dns.NewDB(), "192.0.2.1", "c.example", "a@example.org")
	assert.ErrorContains(t, err, "the module broke")
	_, err = remote.Client{Call: loopback(&calls)}.Sign(auth.Signing{}, nil, 0, time.Time{})
	assert.Error(t, err, "no domain to sign for")
}

// failing is an evaluator that cannot work.
type failing struct{}

var errBroke = errors.New("the module broke")

func (failing) SPF(dns.Resolver, string, string, string) (auth.Check, error) {
	return auth.Check{}, errBroke
}
func (failing) VerifyDKIM(dns.Resolver, []byte, time.Time) ([]auth.Check, error) {
	return nil, errBroke
}
func (failing) Sign(auth.Signing, []byte, uint64, time.Time) (string, error) { return "", errBroke }
func (failing) KeyRecord(auth.Signing, uint64) (dns.Record, error)           { return dns.Record{}, errBroke }

// TestNoSenderAuthIsAnError: without an evaluator, a world that signs or checks
// senders does not run, and says why, even when driven on; one that does neither
// runs as before.
func TestNoSenderAuthIsAnError(t *testing.T) {
	useSenderAuth(t, nil)
	for _, l := range senderAuthLessons(t) {
		w := world.New(*l.World)
		w.Run()
		require.ErrorIs(t, w.Err(), world.ErrNoSenderAuth, l.ID)
		var sa *world.SenderAuthError
		require.ErrorAs(t, w.Err(), &sa)
		assert.Zero(t, w.Trace().Len(), "%s: nothing happened", l.ID)
		// Driven on in real time (as the bridge and the console do), it checks nothing.
		require.NotPanics(t, func() { w.RunUntil(48 * time.Hour) }, l.ID)
		require.ErrorIs(t, w.Err(), world.ErrNoSenderAuth, l.ID)
		assert.Empty(t, authEvents(w.Trace()), "%s: no check was made up", l.ID)
	}
	l, err := lessons.Find("journey")
	require.NoError(t, err)
	require.False(t, l.World.NeedsSenderAuth())
	w := world.New(*l.World)
	w.Run()
	require.NoError(t, w.Err())
	assert.Positive(t, w.Trace().Len())
}

// TestSenderAuthFailureStopsRun: an evaluator that breaks during a run stops it with
// that error, rather than let a check pass or a message go unsigned unsaid.
func TestSenderAuthFailureStopsRun(t *testing.T) {
	for _, sc := range []scenario.Scenario{
		authWorld(t, "v=spf1 ip4:192.0.2.0/24 -all", "record", "", "", scenario.EndToEnd),
		authWorld(t, "", "", "ed25519-sha256", "relaxed/relaxed", scenario.EndToEnd),
	} {
		useSenderAuth(t, failing{})
		w := world.New(sc)
		w.Run()
		require.ErrorIs(t, w.Err(), errBroke)
		var sa *world.SenderAuthError
		require.ErrorAs(t, w.Err(), &sa)
		assert.Empty(t, authEvents(w.Trace()), "no check was made up")
	}
}
