package world

import (
	"errors"

	"smtpsim/sim/auth"
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
