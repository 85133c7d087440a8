// Package budget holds the limits every run of the simulator stays within (DESIGN.md,
// principle 8: bounded by design). The world stops a run that goes past one;
// validate refuses a scenario whose values cannot fit in one.
package budget

import (
	"fmt"
	"time"

	"smtpsim/sim/fault"
)

// Budget is what one run may use.
type Budget struct {
	// Events is how many events the run may process: trace events written (wire
	// events count even in an outline) and timer events of the queue. A client's
	// wait for a reply is a timer event only when it is queued: when the reply will
	// not have come before the wait ends (a reply that comes in time, as nearly
	// every one does, leaves it off the queue).
	Events int
	// Octets is how many octets of message data the run may hold at once: composed
	// messages, copies in queues and copies filed in mailboxes.
	Octets int
	// Messages is how many messages a scenario may submit.
	Messages int
}

// Default is the budget of every run unless a caller sets another. The largest
// built-in lesson (trouble-that-stays) uses about 2,000 events, the largest 61 KB of
// message data (mime) and 2 messages: a margin of more than 200 on each. An event of
// the trace takes about 500 octets, so the events budget also keeps a trace in a
// browser tab to a few hundred megabytes at worst. docs/simulation.md has the numbers.
var Default = Budget{
	Events:   500_000,
	Octets:   64 << 20,
	Messages: 1_000,
}

// FileBytes is the largest scenario or lesson file read: a longer one is refused
// before it is parsed. The largest built-in lesson file is under 8 KB.
const FileBytes = 1 << 20

// Exceeded is the error of a run that went past its budget.
type Exceeded struct {
	Budget string // "events", "octets" or "messages"
	Limit  int
	At     time.Duration // the virtual time the run stopped at
}

func (e *Exceeded) Error() string {
	return fmt.Sprintf("the run stopped at virtual time %s: it went past its %s budget of %d %s (a run this big is not a lesson; make the scenario smaller)",
		fault.FormatDuration(e.At), e.Budget, e.Limit, e.Budget)
}
