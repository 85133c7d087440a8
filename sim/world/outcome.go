package world

import (
	"strings"

	"smtpsim/sim/trace"
)

// fates follows every recipient of every submitted message to its end, for the
// summary: delivered (how many copies), bounced, double-bounced, rejected or still deferred.
type fates struct {
	w     *World
	order []*fate // every recipient in the order it was expected (outcomes)
	m     map[fateKey]*fate
	slab  []fate               // where the fates live, a chunk at a time: one allocation for many
	dsn   map[string][]fateKey // DSN message id → the recipients it reports
}

// fate is what became of a recipient so far.
type fate struct {
	out trace.Outcome
	// owned says a server answered 250 to the final dot for a copy (handedOff):
	// only a recipient expected before can be owned, as only one can be rejected.
	owned bool
}

type fateKey struct{ msg, rcpt string }

func newFates(w *World) *fates {
	return &fates{w: w, m: map[fateKey]*fate{}, dsn: map[string][]fateKey{}}
}

func key(msg, rcpt string) fateKey { return fateKey{msg, strings.ToLower(rcpt)} }

// reserve makes room for n recipients before the first is expected, rather than
// growing the map and the order one doubling at a time.
func (f *fates) reserve(n int) {
	if len(f.m) == 0 {
		f.m, f.order = make(map[fateKey]*fate, n), make([]*fate, 0, n)
	}
}

// expect registers a recipient of a submitted message.
func (f *fates) expect(msg, rcpt string) {
	k := key(msg, rcpt)
	if _, ok := f.m[k]; ok {
		return
	}
	if len(f.slab) == cap(f.slab) {
		f.slab = make([]fate, 0, 256) // a new chunk: those before keep their place
	}
	f.slab = append(f.slab, fate{out: trace.Outcome{Msg: msg, Rcpt: rcpt}})
	o := &f.slab[len(f.slab)-1]
	f.m[k] = o
	f.order = append(f.order, o) // the fate itself: outcomes need not look each one up
}

func (f *fates) delivered(msg, rcpt, mailbox string) {
	o, ok := f.m[key(msg, rcpt)]
	if !ok {
		return // a DSN reaching its sender: the original recipient stays bounced
	}
	o.out.Outcome = trace.OutcomeDelivered
	o.out.Mailbox = mailbox
	o.out.Copies++
	o.out.Code, o.out.Status = 250, "2.0.0"
	o.out.TimeMS = f.w.now.Milliseconds()
}

func (f *fates) bounced(msg, rcpt string, code int, status, dsn string) {
	k := key(msg, rcpt)
	o, ok := f.m[k]
	if !ok {
		return
	}
	o.out.Outcome, o.out.Code, o.out.Status = trace.OutcomeBounced, code, status
	o.out.TimeMS = f.w.now.Milliseconds()
	f.dsn[dsn] = append(f.dsn[dsn], k)
}

// doubleBounce marks the recipients a failed DSN reported on.
func (f *fates) doubleBounce(dsn string) {
	for _, k := range f.dsn[dsn] {
		f.m[k].out.Outcome = trace.OutcomeDoubleBounce
		f.m[k].out.TimeMS = f.w.now.Milliseconds()
	}
}

// handedOff records that a server took responsibility for msg to rcpts (RFC 5321 §6.1).
func (f *fates) handedOff(msg string, rcpts []string) {
	for _, r := range rcpts {
		if o, ok := f.m[key(msg, r)]; ok {
			o.owned = true
		}
	}
}

// rejected records that the user's mail program gave up on a recipient. Once a server
// owns the message that is only the program's view (its 250 was lost on the way
// back, RFC 1047): the server still delivers or bounces, so the outcome is that.
func (f *fates) rejected(msg, rcpt string, code int, status string) {
	o, ok := f.m[key(msg, rcpt)]
	if !ok || o.owned {
		return
	}
	o.out.Outcome, o.out.Code, o.out.Status = trace.OutcomeRejected, code, status
	o.out.TimeMS = f.w.now.Milliseconds()
}

// outcomes lists every recipient in submission order; one not yet decided is deferred.
func (f *fates) outcomes(w *World) []trace.Outcome {
	out := make([]trace.Outcome, 0, len(f.order))
	for _, fate := range f.order {
		o := fate.out
		if o.Outcome == "" {
			o.Outcome = trace.OutcomeDeferred
			o.TimeMS = w.now.Milliseconds()
		}
		out = append(out, o)
	}
	return out
}
