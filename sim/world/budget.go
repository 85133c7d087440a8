package world

import (
	"smtpsim/sim/budget"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
)

// SetBudget replaces the default budget of Run. Call it before Run.
func (w *World) SetBudget(b budget.Budget) { w.budget = b }

// Err says why Run stopped early: a *budget.Exceeded naming the budget and the virtual
// time, or nil when the run ended on its own. The trace holds what happened until then.
func (w *World) Err() error { return w.stop }

// Used is what the run used of its budget: events processed, the most octets of
// message data held at once, messages submitted.
func (w *World) Used() budget.Budget { return w.spent }

// RunChecked runs the scenario as Run does and also returns Err.
func RunChecked(sc scenario.Scenario, b budget.Budget, extra ...fault.Fault) (*trace.Trace, error) {
	w := New(sc, extra...)
	w.SetBudget(b)
	w.Run()
	return w.Trace(), w.Err()
}

// Stop ends Run after the current event, with err as Err: the CLI stops a run whose
// output can no longer be written.
func (w *World) Stop(err error) {
	if w.stop == nil {
		w.stop = err
	}
}

// count spends one event: a step of the event queue or an event written to the trace.
func (w *World) count() {
	w.spent.Events++
	if w.bounded && w.spent.Events > w.budget.Events {
		w.exceeded("events", w.budget.Events)
	}
}

// hold counts n more octets of message data held; it reports false, and stops the
// run, when they do not fit in the budget. Check before allocating: a scenario may
// ask for an attachment of a terabyte.
func (w *World) hold(n int) bool {
	if w.bounded && n > w.budget.Octets-w.held {
		w.exceeded("octets", w.budget.Octets)
		return false
	}
	w.held += n
	w.spent.Octets = max(w.spent.Octets, w.held)
	return true
}

// release counts n octets no longer held (a queue entry done with).
func (w *World) release(n int) { w.held -= n }

// exceeded stops the run: no more events are processed or written.
func (w *World) exceeded(name string, limit int) {
	if w.stop == nil {
		w.stop = &budget.Exceeded{Budget: name, Limit: limit, At: w.now}
	}
}
