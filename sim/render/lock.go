package render

import "smtpsim/sim/trace"

// The padlock of a hop, from the TLS state of its connection.
const (
	LockLocked  = "locked"  // the handshake is done: encrypted
	LockOpen    = "open"    // in clear: no STARTTLS offer, or one the client did not use
	LockRefused = "refused" // the client will not send in clear and quits
)

// Lock is the padlock a tls event's state gives its hop, "" for a tls event without one.
func Lock(t *trace.TLS) string {
	if t == nil {
		return ""
	}
	switch t.State {
	case trace.TLSStarted:
		return LockLocked
	case trace.TLSOffered, trace.TLSNone:
		return LockOpen
	case trace.TLSRefused:
		return LockRefused
	}
	return ""
}

// LockSymbol is the sign of a padlock: 🔒 locked, 🔓 open, 🔓✗ refused; words go with it.
func LockSymbol(lock string) string {
	return map[string]string{LockLocked: "🔒", LockOpen: "🔓", LockRefused: "🔓✗"}[lock]
}
