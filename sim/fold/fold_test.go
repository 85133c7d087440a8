package fold_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/fold"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// builder makes small traces: attempt cycles of a queue item and other events.
type builder struct {
	tr  trace.Trace
	now time.Duration
}

func (b *builder) add(e trace.Event) {
	e.Seq, e.Time = b.tr.Len()+1, b.now
	b.tr.Append(e)
	b.now += time.Second
}

// cycle adds attempt n of msg to rcpt, a timed-out connection and a defer that waits
// wait; status says how it failed.
func (b *builder) cycle(msg, rcpt string, n int, wait time.Duration, status string) {
	b.add(trace.Event{Kind: trace.KindAttempt, Actor: "mta", Msg: msg, Rcpts: []string{rcpt}, Count: n})
	b.add(trace.Event{Kind: trace.KindConnect, Actor: "mta", Peer: "mx"})
	b.add(trace.Event{Kind: trace.KindUnreachable, Actor: "mta", Peer: "mx", Failure: trace.FailureTimedOut})
	next := b.now + wait
	b.add(trace.Event{Kind: trace.KindDefer, Actor: "mta", Msg: msg, Rcpt: rcpt, Status: status, Next: next.Milliseconds()})
	b.now = next
}

func TestFolds(t *testing.T) {
	const s = 4000 * time.Second
	tests := []struct {
		name  string
		build func(b *builder)
		keep  []int
		want  []int // attempts of each fold
		first []int // number of its first attempt
	}{
		{"too few to fold", func(b *builder) {
			for n := 1; n <= 3; n++ {
				b.cycle("m1", "erin", n, s, "4.4.1")
			}
		}, nil, nil, nil},
		{"the first of a run stays, the rest fold", func(b *builder) {
			for n := 1; n <= 6; n++ {
				b.cycle("m1", "erin", n, s, "4.4.1")
			}
		}, nil, []int{5}, []int{2}},
		{"a growing wait is shown, the steady one folds", func(b *builder) {
			b.cycle("m1", "erin", 1, 300*time.Second, "4.4.1")
			b.cycle("m1", "erin", 2, 600*time.Second, "4.4.1")
			for n := 3; n <= 10; n++ {
				b.cycle("m1", "erin", n, s, "4.4.1")
			}
			b.add(trace.Event{Kind: trace.KindAttempt, Actor: "mta", Msg: "m1", Rcpts: []string{"erin"}, Count: 11})
			b.add(trace.Event{Kind: trace.KindExpire, Actor: "mta", Msg: "m1", Rcpt: "erin"})
		}, nil, []int{7}, []int{4}},
		{"a different outcome breaks the run", func(b *builder) {
			for n := 1; n <= 5; n++ {
				b.cycle("m1", "erin", n, s, "4.4.1")
			}
			for n := 6; n <= 10; n++ {
				b.cycle("m1", "erin", n, s, "4.2.2")
			}
		}, nil, []int{4, 4}, []int{2, 7}},
		{"another message's attempts do not join", func(b *builder) {
			for n := 1; n <= 3; n++ {
				b.cycle("m1", "erin", n, s, "4.4.1")
				b.cycle("m2", "erin", n, s, "4.4.1")
			}
		}, nil, nil, nil},
		{"an event in between breaks the run", func(b *builder) {
			for n := 1; n <= 4; n++ {
				b.cycle("m1", "erin", n, s, "4.4.1")
			}
			b.add(trace.Event{Kind: trace.KindSubmit, Actor: "mua", Msg: "m2"})
			for n := 5; n <= 8; n++ {
				b.cycle("m1", "erin", n, s, "4.4.1")
			}
		}, nil, []int{3, 3}, []int{2, 6}},
		{"a narrated event is never folded", func(b *builder) {
			for n := 1; n <= 10; n++ {
				b.cycle("m1", "erin", n, s, "4.4.1")
			}
		}, []int{4*5 + 2}, []int{4, 4}, []int{2, 7}}, // the connect of attempt 6
		{"an attempt that is delivered is no cycle", func(b *builder) {
			for n := 1; n <= 5; n++ {
				b.add(trace.Event{Kind: trace.KindAttempt, Actor: "mta", Msg: "m1", Rcpts: []string{"erin"}, Count: n})
				b.add(trace.Event{Kind: trace.KindHandoff, Actor: "mta", Msg: "m1"})
			}
		}, nil, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b builder
			tc.build(&b)
			keep := func(i int) bool {
				for _, k := range tc.keep {
					if k == i {
						return true
					}
				}
				return false
			}
			folds := fold.Folds(&b.tr, keep)
			var got, first []int
			for _, f := range folds {
				got, first = append(got, f.Attempts), append(first, f.FirstAttempt)
				assert.Equal(t, f.FirstAttempt+f.Attempts-1, f.LastAttempt)
				assert.Equal(t, trace.KindAttempt, b.tr.At(f.From).Kind, "a fold starts at an attempt")
				assert.Equal(t, trace.KindDefer, b.tr.At(f.To).Kind, "and ends with a defer")
				for i := f.From; i <= f.To; i++ {
					assert.False(t, keep(i), "event %d is kept but folded", i)
				}
			}
			assert.Equal(t, tc.want, got, "attempts per fold")
			assert.Equal(t, tc.first, first, "first attempt of each fold")
		})
	}
}

// In lesson 12 the server tries Erin's server 112 times: the waits grow to 4000 s,
// and the steady attempts fold into one, up to the last, which expires. The counts
// are the trace's.
func TestFoldsLessonTroubleThatStays(t *testing.T) {
	l, err := lessons.Find("trouble-that-stays")
	require.NoError(t, err)
	tr := world.Run(l.ScenarioOf(l.Models[0]))
	attempts, last := 0, 0
	for _, e := range tr.All() {
		if e.Kind == trace.KindAttempt && e.Msg == "m2" {
			attempts++
			last = e.Count
		}
	}
	folds := fold.Folds(tr, nil)
	require.Len(t, folds, 1)
	f := folds[0]
	assert.Equal(t, 4000*time.Second, f.Wait)
	assert.Equal(t, last-1, f.LastAttempt, "the last attempt is shown")
	hidden := 0
	for i, e := range tr.All() {
		if fold.Hidden(folds, i) && e.Kind == trace.KindAttempt {
			hidden++
		}
	}
	assert.Equal(t, f.Attempts, hidden, "the fold counts the attempts it hides")
	assert.Greater(t, f.Attempts, 100, "of %d attempts", attempts)
	e := tr.At(f.To + 2)
	assert.Equal(t, last, tr.At(f.To+1).Count)
	assert.NotEqual(t, trace.KindDefer, e.Kind)
}
