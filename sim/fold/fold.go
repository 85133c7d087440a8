// Package fold finds the parts of a trace that repeat themselves, so that a handout
// can tell them in one line: a queue item tried again and again, every attempt going
// the same way. The trace itself stays whole; folds only say which events a reader
// may skip and what they would have read there.
package fold

import (
	"slices"
	"time"

	"smtpsim/sim/trace"
)

// MinAttempts is the fewest attempts worth a fold: fewer are shown as they are.
const MinAttempts = 3

// Fold stands for a run of attempt/defer cycles of one queue item that all went the
// same way and all waited the same time before the next one.
type Fold struct {
	From, To int // the events it stands for: indexes into the trace, both included

	Actor string   // the server whose queue holds the item
	Msg   string   // the message
	Rcpts []string // the recipients every attempt was for

	Attempts     int           // how many attempts it stands for
	FirstAttempt int           // the number of the first (the attempt event's Count)
	LastAttempt  int           // the number of the last
	Wait         time.Duration // from each defer to the next attempt
	Start, End   time.Duration // virtual time of the first and the last folded event
	Defer        trace.Event   // the last defer: what every attempt ended with
}

// Folds finds the folds of a trace. A cycle is an attempt event and the events after
// it up to the defer of its last recipient, with no other attempt between. Cycles of
// the same item that follow each other without a gap, look alike event for event
// (kind, actors, direction, reply code and status) and wait the same time, form a run.
// The first cycle of a run stays visible, so the reader sees one whole attempt at that
// pace; the rest are folded, at least MinAttempts of them at a time, and never over an
// event keep asks for (a narrated step, a question). Whatever ends the run — the next
// attempt that delivers, expires or bounces — is outside every fold.
func Folds(tr *trace.Trace, keep func(event int) bool) []Fold {
	cs := cycles(tr)
	var out []Fold
	for start := 0; start < len(cs); {
		end := start + 1
		for end < len(cs) && cs[end].follows(tr, cs[end-1]) {
			end++
		}
		out = append(out, foldRun(tr, cs[start+1:end], keep)...)
		start = end
	}
	return out
}

// At returns the fold that starts at event i.
func At(folds []Fold, i int) (Fold, bool) {
	for _, f := range folds {
		if f.From == i {
			return f, true
		}
	}
	return Fold{}, false
}

// Hidden reports whether event i is inside a fold.
func Hidden(folds []Fold, i int) bool {
	_, ok := Around(folds, i)
	return ok
}

// Around returns the fold that event i is inside.
func Around(folds []Fold, i int) (Fold, bool) {
	for _, f := range folds {
		if i >= f.From && i <= f.To {
			return f, true
		}
	}
	return Fold{}, false
}

// foldRun folds the cycles of a run after its first, in stretches that keep spares.
func foldRun(tr *trace.Trace, run []cycle, keep func(int) bool) []Fold {
	var out []Fold
	var stretch []cycle
	flush := func() {
		if len(stretch) >= MinAttempts {
			out = append(out, newFold(tr, stretch))
		}
		stretch = nil
	}
	for _, c := range run {
		if c.holds(keep) {
			flush()
			continue
		}
		stretch = append(stretch, c)
	}
	flush()
	return out
}

func newFold(tr *trace.Trace, cs []cycle) Fold {
	first, last := cs[0], cs[len(cs)-1]
	a, d := tr.At(first.from), tr.At(last.to)
	return Fold{
		From: first.from, To: last.to,
		Actor: a.Actor, Msg: a.Msg, Rcpts: a.Rcpts,
		Attempts: len(cs), FirstAttempt: a.Count, LastAttempt: tr.At(last.from).Count,
		Wait: last.wait, Start: a.Time, End: d.Time, Defer: d,
	}
}

// cycle is one attempt that ended with every recipient deferred.
type cycle struct {
	from, to int // the attempt event and the last defer
	wait     time.Duration
}

// cycles finds every attempt of a trace that ends in defers for all its recipients.
func cycles(tr *trace.Trace) []cycle {
	var out []cycle
	for i, a := range tr.All() {
		if a.Kind != trace.KindAttempt || len(a.Rcpts) == 0 {
			continue
		}
		open := slices.Clone(a.Rcpts)
	scan:
		for j := i + 1; j < tr.Len(); j++ {
			e := tr.At(j)
			switch {
			case e.Kind == trace.KindAttempt:
				break scan
			case e.Actor != a.Actor || e.Msg != a.Msg:
				continue
			case e.Kind == trace.KindDefer:
				open = slices.DeleteFunc(open, func(r string) bool { return r == e.Rcpt })
				if len(open) == 0 && e.Next > 0 {
					out = append(out, cycle{from: i, to: j, wait: time.Duration(e.Next)*time.Millisecond - e.Time})
					break scan
				}
			case ends[e.Kind]:
				break scan // delivered, bounced, expired, handed off: not a retry
			}
		}
	}
	return out
}

// ends are the kinds of event that settle a recipient, or hand the message on.
var ends = map[trace.Kind]bool{
	trace.KindHandoff: true, trace.KindDeliver: true, trace.KindBounce: true, trace.KindExpire: true,
	trace.KindDoubleBounce: true, trace.KindReject: true,
}

// follows reports whether c repeats prev: the same item, right after it, alike event
// for event, with the same wait.
func (c cycle) follows(tr *trace.Trace, prev cycle) bool {
	if c.from != prev.to+1 || c.wait != prev.wait || c.to-c.from != prev.to-prev.from {
		return false
	}
	a, b := tr.At(prev.from), tr.At(c.from)
	if a.Actor != b.Actor || a.Msg != b.Msg || !slices.Equal(a.Rcpts, b.Rcpts) {
		return false
	}
	for k := 0; k <= c.to-c.from; k++ {
		if !alike(tr.At(prev.from+k), tr.At(c.from+k)) {
			return false
		}
	}
	return true
}

// alike reports whether two events tell the same thing at different times.
func alike(a, b trace.Event) bool {
	return a.Kind == b.Kind && a.Actor == b.Actor && a.Peer == b.Peer && a.Dir == b.Dir &&
		a.Code == b.Code && a.Status == b.Status && a.Reason == b.Reason && a.Failure == b.Failure &&
		a.Rcpt == b.Rcpt && a.Fault == b.Fault
}

func (c cycle) holds(keep func(int) bool) bool {
	if keep == nil {
		return false
	}
	for i := c.from; i <= c.to; i++ {
		if keep(i) {
			return true
		}
	}
	return false
}
