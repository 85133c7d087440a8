package world

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The agenda gives its entries back by time, then by the order they were
// scheduled, wherever it kept them (a lane by delay, the plan, the heap), as a
// world pushes them: delays from a clock that moves on to each entry it pops, and
// times of their own.
func TestAgendaOrder(t *testing.T) {
	tests := []struct {
		name   string
		delays []time.Duration // the delays pushAfter is given
		atMost time.Duration   // pushAt's times: up to this far from now
		atEach int             // one pushAt in this many pushes; 0: none
	}{
		{name: "one lane", delays: []time.Duration{time.Millisecond}},
		{name: "lanes with ties", delays: []time.Duration{0, time.Millisecond, 2 * time.Millisecond, 5 * time.Minute}},
		{name: "lanes and times of their own", delays: []time.Duration{0, 3 * time.Millisecond, 2 * time.Minute, 10 * time.Minute}, atMost: time.Hour, atEach: 3},
		{name: "more delays than lanes", delays: func() (d []time.Duration) {
			for i := range 3 * maxLanes {
				d = append(d, time.Duration(i)*time.Millisecond)
			}
			return d
		}(), atMost: time.Second, atEach: 5},
		{name: "only times of their own", atMost: time.Minute, atEach: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(1, 2))
			var a agenda
			var now time.Duration
			var order uint64
			var want []scheduled // every entry pushed, in the order it should come out
			var got []scheduled
			push := func() {
				order++
				if tt.atEach > 0 && (len(tt.delays) == 0 || rnd.IntN(tt.atEach) == 0) {
					s := scheduled{at: now + time.Duration(rnd.Int64N(int64(tt.atMost)+1)), order: order}
					a.pushAt(s)
					want = append(want, s)
					return
				}
				d := tt.delays[rnd.IntN(len(tt.delays))]
				s := scheduled{at: now + d, order: order}
				a.pushAfter(d, s)
				want = append(want, s)
			}
			for range 50 {
				push()
			}
			for a.Len() > 0 {
				require.Equal(t, a.Len(), len(want)-len(got))
				at := a.peek()
				s := a.pop()
				assert.Equal(t, at, s.at)
				require.GreaterOrEqual(t, s.at, now, "the clock goes back")
				now = s.at
				got = append(got, s)
				for range rnd.IntN(3) + 1 { // what ran schedules more, until the end
					if len(want) < 20_000 {
						push()
					}
				}
			}
			slices.SortFunc(want, func(x, y scheduled) int {
				if x.before(&y) {
					return -1
				}
				return 1
			})
			assert.Equal(t, want, got)
			assert.Empty(t, a.heap, "popped")
		})
	}
}

// Slots give each value back once, by the index put returned, and use a slot again
// only after its value was taken, holding on to nothing taken.
func TestSlots(t *testing.T) {
	tests := []struct {
		name  string
		ops   string // p: put the next number, t: take the oldest not taken
		slots int    // slots made in all
	}{
		{"put and take in turn", "ptptpt", 1},
		{"several waiting", "ppptttppp", 3},
		{"puts after takes use the freed slots", "ppptpttpp", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s slots[*int]
			var waiting []int // indexes in the order they were put
			want := map[int]int{}
			next := 0
			for _, op := range tt.ops {
				if op == 'p' {
					v := next
					i := s.put(&v)
					require.NotContains(t, waiting, i, "a slot in use")
					waiting, want[i] = append(waiting, i), next
					next++
					continue
				}
				i := waiting[0]
				waiting = waiting[1:]
				assert.Equal(t, want[i], *s.take(i))
				assert.Nil(t, s.all[i], "a taken slot lets go")
			}
			assert.Len(t, s.all, tt.slots)
		})
	}
}
