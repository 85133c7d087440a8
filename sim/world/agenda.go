package world

import "time"

// scheduled is something the world does at a virtual time.
type scheduled struct {
	at    time.Duration
	order uint64
	fn    func()
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
