package world

import (
	"errors"
	"time"

	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
)

// senderAuth makes the checks and signatures of sender authentication for every world
// made after it is set: the library evaluator in a native program (senderauth_native.go);
// a program for the browser sets its own (UseSenderAuth).
var senderAuth auth.Evaluator

// UseSenderAuth sets the evaluator of sender authentication for the worlds made from
// now on. Call it before making worlds, not while one runs.
func UseSenderAuth(e auth.Evaluator) { senderAuth = e }

// ErrNoSenderAuth is why a world whose scenario signs or checks senders does not run
// when no evaluator of sender authentication is set (UseSenderAuth).
var ErrNoSenderAuth = errors.New("sender authentication (SPF, DKIM) is not available")

// SenderAuthError is why a run stopped: the evaluator of sender authentication could
// not do its work. The trace holds what happened until then.
type SenderAuthError struct{ Err error }

func (e *SenderAuthError) Error() string { return "sender authentication: " + e.Err.Error() }

func (e *SenderAuthError) Unwrap() error { return e.Err }

// authFailed stops the run: the evaluator could not check or sign, and a run that
// went on without would tell something that did not happen.
func (w *World) authFailed(err error) {
	w.Stop(&SenderAuthError{Err: err})
}

// unavailable is the evaluator of a world that needs one while none is set: every
// call fails with ErrNoSenderAuth, so that a world driven past its stop (the bridge's
// and the console's real-time steps) stops again rather than panic.
type unavailable struct{}

func (unavailable) SPF(dns.Resolver, string, string, string) (auth.Check, error) {
	return auth.Check{}, ErrNoSenderAuth
}

func (unavailable) VerifyDKIM(dns.Resolver, []byte, time.Time) ([]auth.Check, error) {
	return nil, ErrNoSenderAuth
}

func (unavailable) Sign(auth.Signing, []byte, uint64, time.Time) (string, error) {
	return "", ErrNoSenderAuth
}

func (unavailable) KeyRecord(auth.Signing, uint64) (dns.Record, error) {
	return dns.Record{}, ErrNoSenderAuth
}
