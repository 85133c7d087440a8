package world

import "time"

// scheduled is something the world does at a virtual time.
type scheduled struct {
	at    time.Duration
	order uint64
	fn    func() // what to do; nil for a step of a connection
	step  int    // with fn nil: the step's index in World.steps
}

// schedule puts a step of a connection on the agenda d from now, as after does with a
// closure.
func (w *World) schedule(d time.Duration, s connStep) {
	var i int
	if n := len(w.freeSteps); n > 0 {
		i = w.freeSteps[n-1]
		w.freeSteps = w.freeSteps[:n-1]
		w.steps[i] = s
	} else {
		i = len(w.steps)
		w.steps = append(w.steps, s)
	}
	w.order++
	w.queue.push(scheduled{at: max(w.now+d, w.now), order: w.order, step: i})
}

// do runs what was scheduled.
func (w *World) do(s scheduled) {
	if s.fn != nil {
		s.fn()
		return
	}
	step := w.steps[s.step]
	w.steps[s.step] = connStep{} // let what it holds go
	w.freeSteps = append(w.freeSteps, s.step)
	step.run()
}

// agenda is the event queue: a binary min-heap by time, then scheduling order. It
// holds the entries themselves, not pointers to them, and is typed, not
// container/heap: a bulk run schedules millions of them, and each would otherwise
// cost an allocation of its own.
type agenda []scheduled

func (a agenda) Len() int { return len(a) }

func (a agenda) less(i, j int) bool {
	if a[i].at != a[j].at {
		return a[i].at < a[j].at
	}
	return a[i].order < a[j].order
}

// push adds s.
func (a *agenda) push(s scheduled) {
	*a = append(*a, s)
	h := *a
	for i := len(h) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h.less(i, parent) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

// pop removes and returns the earliest entry; the agenda must not be empty.
func (a *agenda) pop() scheduled {
	h := *a
	first := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h[last] = scheduled{} // let the closure go
	h = h[:last]
	for i := 0; ; {
		small, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && h.less(l, small) {
			small = l
		}
		if r < len(h) && h.less(r, small) {
			small = r
		}
		if small == i {
			break
		}
		h[i], h[small] = h[small], h[i]
		i = small
	}
	*a = h
	return first
}
