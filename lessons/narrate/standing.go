package narrate

import "smtpsim/sim/trace"

// Queued is the state of a recipient whose message is on its way: accepted by a
// server, not yet delivered, deferred or failed.
const Queued = "queued"

// Standing is where one recipient of one message is at an event of a run.
type Standing struct {
	Msg, Rcpt string
	// State is Queued, or one of trace.OutcomeDelivered, OutcomeDeferred (waiting for
	// the next attempt), OutcomeBounced, OutcomeDoubleBounce, OutcomeRejected.
	State   string
	Host    string // who holds the message (queued, deferred) or filed it (delivered)
	Mailbox string // delivered: whose mailbox on Host; "" when it was only logged
	Code    int    // a reply code a server sent, 0 when none did
	Status  string // the enhanced status that decided a defer, bounce or reject
	Next    int64  // deferred: virtual time of the next attempt, in ms
	From    string // bounced: where the bounce goes
}

// StandingAt is where every recipient of every message stands once event i has
// happened, in the order they first appear; read from the events' fields alone.
func StandingAt(tr *trace.Trace, i int) []Standing {
	var out []Standing
	at := map[[2]string]int{}
	set := func(msg, rcpt string, s Standing) {
		s.Msg, s.Rcpt = msg, rcpt
		k := [2]string{msg, rcpt}
		if n, ok := at[k]; ok {
			out[n] = s
			return
		}
		at[k] = len(out)
		out = append(out, s)
	}
	for _, e := range tr.Range(0, i+1) {
		switch e.Kind {
		case trace.KindSubmit, trace.KindEnqueue: // an MTA that takes a message over enqueues it
			for _, r := range e.Rcpts {
				set(e.Msg, r, Standing{State: Queued, Host: e.Actor})
			}
		case trace.KindDefer:
			set(e.Msg, e.Rcpt, Standing{State: trace.OutcomeDeferred, Host: e.Actor, Code: e.Code, Status: e.Status, Next: e.Next})
		case trace.KindDeliver:
			set(e.Msg, e.Rcpt, Standing{State: trace.OutcomeDelivered, Host: e.Actor, Mailbox: e.Mailbox})
		case trace.KindBounce:
			set(e.Msg, e.Rcpt, Standing{State: trace.OutcomeBounced, Host: e.Actor, Code: e.Code, Status: e.Status, From: e.From})
		case trace.KindDoubleBounce:
			set(e.Msg, e.Rcpt, Standing{State: trace.OutcomeDoubleBounce, Host: e.Actor, Code: e.Code, Status: e.Status})
		case trace.KindReject:
			set(e.Msg, e.Rcpt, Standing{State: trace.OutcomeRejected, Host: e.Actor, Code: e.Code, Status: e.Status})
		}
	}
	return out
}
