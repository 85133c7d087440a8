package world

import "time"

// scheduled is something the world does at a virtual time.
type scheduled struct {
	at    time.Duration
	order uint64
	fn    func() // what to do; nil for a step of a connection or a client's wait for a reply
	step  int    // with fn nil: the step's index in World.steps, or ^index in World.waits
}

// before reports whether s runs before t: earlier, or at the same time and
// scheduled first.
func (s *scheduled) before(t *scheduled) bool {
	if s.at != t.at {
		return s.at < t.at
	}
	return s.order < t.order
}

// schedule puts a step of a connection on the agenda d from now, as after does with a
// closure.
func (w *World) schedule(d time.Duration, s *connStep) {
	if s.c != nil {
		s.c.refs++
	}
	w.order++
	w.queue.pushAfter(max(d, 0), scheduled{at: max(w.now+d, w.now), order: w.order, step: w.steps.put(*s)})
}

// scheduleAt puts a step on the agenda at virtual time t (not before now), as at does
// with a closure.
func (w *World) scheduleAt(t time.Duration, s *connStep) {
	w.order++
	w.queue.pushAt(scheduled{at: max(t, w.now), order: w.order, step: w.steps.put(*s)})
}

// scheduleWait puts a client's wait for a reply on the agenda at the time and in the
// order it was given when the client sent (expectReply), to end the wait then
// (replyTimedOut). Only a wait that the server's answer will not beat is put there
// (armUnlessAnswered): one a command the server does not answer, a reply held up on
// the way, a server the learner plays. It waits in a pool of its own, a fifth of the
// size of a step's, and in the heap: it was due in its order before entries put since.
func (w *World) scheduleWait(c *conn, r pendingWait) {
	c.refs++
	w.queue.push(scheduled{at: r.at, order: r.order, step: ^w.waits.put(replyWait{c: c, gen: r.gen, wait: r.wait})})
}

// replyWait is a client waiting for the reply to what it sent at generation gen.
type replyWait struct {
	c    *conn
	gen  int
	wait time.Duration
}

// pendingWait is a replyWait of the step's connection with its place on the agenda,
// not yet put there.
type pendingWait struct {
	gen   int
	wait  time.Duration
	at    time.Duration
	order uint64
}

// do runs what was scheduled.
func (w *World) do(s scheduled) {
	switch {
	case s.fn != nil:
		s.fn()
	case s.step < 0:
		r := w.waits.take(^s.step)
		r.c.refs--
		r.c.replyTimedOut(r.gen, r.wait)
		w.spares.giveConn(r.c)
	default:
		st := w.steps.take(s.step)
		if st.c != nil {
			st.c.refs--
		}
		st.run()
		if st.c != nil {
			w.spares.giveConn(st.c)
		}
	}
}

// slots keeps values that wait on the agenda, by index, so that the agenda's entries
// stay small; a slot is used again once its value was taken.
type slots[T any] struct {
	all  []T
	free []int // indexes of slots taken, for the next values
}

// put keeps v and returns its index.
func (p *slots[T]) put(v T) int {
	if n := len(p.free); n > 0 {
		i := p.free[n-1]
		p.free = p.free[:n-1]
		p.all[i] = v
		return i
	}
	p.all = append(p.all, v)
	return len(p.all) - 1
}

// take returns the value at i and frees its slot.
func (p *slots[T]) take(i int) T {
	v := p.all[i]
	var zero T
	p.all[i] = zero // let what it holds go
	p.free = append(p.free, i)
	return v
}

// agenda is the event queue: what is scheduled comes out by time, then by
// scheduling order, so that a run is the same each time.
//
// Most of what a world schedules is a step of a connection a fixed delay from now:
// a command or reply a latency away. Entries put the same delay from a clock that
// never goes back are due in the order they were put, so each delay gets a lane, a
// queue in the order of arrival, which costs nothing to keep sorted. What fits no
// lane (retries, closures at a time of their own, the few clients' waits for a
// reply that are put on the agenda once their place is passed, scheduleWait) goes
// into a binary min-heap, which holds the entries themselves, not pointers to them:
// a bulk run schedules millions, and each would otherwise cost an allocation of its
// own.
type agenda struct {
	heap  []scheduled
	lanes []lane
	plan  lane // closures put at a time no earlier than the last one (at): the scenario's messages
	n     int  // entries in all
}

// lane is a queue of entries that arrive in the order they are to run.
type lane struct {
	delay   time.Duration // the delay from now of every entry (pushAfter's lanes)
	entries []scheduled
	head    int // entries before it have run
}

// maxLanes bounds the lanes by delay; a world with more delays than that schedules
// the rest on the heap. The bulk world uses four: no delay and one to three
// latencies.
const maxLanes = 12

func (a *agenda) Len() int { return a.n }

// pushAfter adds s, which is due delay from now. The clock must not have gone back
// since the last entry of the same delay, which holds for a world: it only moves on.
func (a *agenda) pushAfter(delay time.Duration, s scheduled) {
	for i := range a.lanes {
		if a.lanes[i].delay == delay {
			a.lanes[i].add(s)
			a.n++
			return
		}
	}
	if len(a.lanes) < maxLanes {
		a.lanes = append(a.lanes, lane{delay: delay})
		a.lanes[len(a.lanes)-1].add(s)
		a.n++
		return
	}
	a.push(s)
}

// pushAt adds s, due at a time of its own: to the plan when it is due no earlier than
// the plan's last entry (the scenario's messages, put on the agenda in the order they
// are sent), else to the heap.
func (a *agenda) pushAt(s scheduled) {
	if p := &a.plan; p.head == len(p.entries) || !s.before(&p.entries[len(p.entries)-1]) {
		p.add(s)
		a.n++
		return
	}
	a.push(s)
}

// next returns where the earliest entry is: a lane (its index, len(a.lanes) for the
// plan) or, with -1, the heap. The agenda must not be empty.
func (a *agenda) next() (lane int, first *scheduled) {
	lane = -1
	if len(a.heap) > 0 {
		first = &a.heap[0]
	}
	for i := range a.lanes {
		if l := &a.lanes[i]; l.head < len(l.entries) {
			if s := &l.entries[l.head]; first == nil || s.before(first) {
				lane, first = i, s
			}
		}
	}
	if l := &a.plan; l.head < len(l.entries) {
		if s := &l.entries[l.head]; first == nil || s.before(first) {
			lane, first = len(a.lanes), s
		}
	}
	return lane, first
}

// peek returns the time of the earliest entry; the agenda must not be empty.
func (a *agenda) peek() time.Duration {
	_, first := a.next()
	return first.at
}

// pop removes and returns the earliest entry; the agenda must not be empty.
func (a *agenda) pop() scheduled {
	a.n--
	switch i, _ := a.next(); {
	case i < 0:
		return a.popHeap()
	case i == len(a.lanes):
		return a.plan.take()
	default:
		return a.lanes[i].take()
	}
}

// add appends s at the lane's end.
func (l *lane) add(s scheduled) {
	if l.head == len(l.entries) {
		l.entries, l.head = l.entries[:0], 0 // empty: start over at the front
	} else if l.head >= 1024 && l.head*2 >= len(l.entries) {
		// More than half has run: move the rest to the front rather than grow.
		n := copy(l.entries, l.entries[l.head:])
		clear(l.entries[n:])
		l.entries, l.head = l.entries[:n], 0
	}
	l.entries = append(l.entries, s)
}

// take removes the lane's first entry, which must be there.
func (l *lane) take() scheduled {
	s := l.entries[l.head]
	l.entries[l.head] = scheduled{} // let the closure go
	l.head++
	return s
}

// push adds s to the heap.
func (a *agenda) push(s scheduled) {
	a.n++
	a.heap = append(a.heap, s)
	h := a.heap
	for i := len(h) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h[i].before(&h[parent]) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

// popHeap removes and returns the heap's earliest entry, which must be there.
func (a *agenda) popHeap() scheduled {
	h := a.heap
	first := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h[last] = scheduled{} // let the closure go
	h = h[:last]
	for i := 0; ; {
		small, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && h[l].before(&h[small]) {
			small = l
		}
		if r < len(h) && h[r].before(&h[small]) {
			small = r
		}
		if small == i {
			break
		}
		h[i], h[small] = h[small], h[i]
		i = small
	}
	a.heap = h
	return first
}
