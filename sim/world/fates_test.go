package world

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
)

// plainFates is what fates did with one map of every recipient, keyed by message and
// recipient in lower case: the reference for TestFatesAsOneMap.
type plainFates struct {
	order []*fate
	m     map[[2]string]*fate
	dsn   map[string][][2]string
}

func (p *plainFates) key(msg, rcpt string) [2]string { return [2]string{msg, strings.ToLower(rcpt)} }

func (p *plainFates) expect(msg, rcpt string) {
	if _, ok := p.m[p.key(msg, rcpt)]; ok {
		return
	}
	o := &fate{out: trace.Outcome{Msg: msg, Rcpt: rcpt}}
	p.m[p.key(msg, rcpt)] = o
	p.order = append(p.order, o)
}

// A world's fates, found through the message asked about last and a look at each of a
// few recipients (or a map of many), answer as one map of every recipient: a random
// run of every kind of question, about messages of 1 to 30 recipients in mixed case,
// some never expected, asked in and out of turn.
func TestFatesAsOneMap(t *testing.T) {
	for seed := range uint64(20) {
		rnd := rand.New(rand.NewPCG(seed, 7))
		w := &World{}
		f := newFates(w)
		p := &plainFates{m: map[[2]string]*fate{}, dsn: map[string][][2]string{}}
		msgs := make([][]string, 40)
		for i := range msgs {
			for j := range 1 + rnd.IntN(30) {
				msgs[i] = append(msgs[i], fmt.Sprintf("u%d@d%d.example", j, rnd.IntN(3)))
			}
		}
		pick := func() (string, string) {
			i := rnd.IntN(len(msgs) + 2) // some messages were never expected
			msg := fmt.Sprintf("m%d", i)
			if i >= len(msgs) {
				return msg, "x@y.example"
			}
			r := msgs[i][rnd.IntN(len(msgs[i]))]
			if rnd.IntN(4) == 0 {
				r = strings.ToUpper(r)
			}
			if rnd.IntN(10) == 0 {
				r = "stranger@d1.example"
			}
			return msg, r
		}
		for step := range 3000 {
			w.now = time.Duration(step) * time.Second
			msg, rcpt := pick()
			switch op := rnd.IntN(7); op {
			case 0, 1:
				f.expect(msg, rcpt)
				p.expect(msg, rcpt)
			case 2:
				f.delivered(msg, rcpt, "box")
				if o := p.m[p.key(msg, rcpt)]; o != nil {
					o.out.Outcome, o.out.Mailbox, o.out.Code, o.out.Status, o.out.TimeMS = trace.OutcomeDelivered, "box", 250, "2.0.0", w.now.Milliseconds()
					o.out.Copies++
				}
			case 3:
				dsn := fmt.Sprintf("b%d", rnd.IntN(5))
				f.bounced(msg, rcpt, 550, "5.1.1", dsn)
				if o := p.m[p.key(msg, rcpt)]; o != nil {
					o.out.Outcome, o.out.Code, o.out.Status, o.out.TimeMS = trace.OutcomeBounced, 550, "5.1.1", w.now.Milliseconds()
					p.dsn[dsn] = append(p.dsn[dsn], p.key(msg, rcpt))
				}
			case 4:
				dsn := fmt.Sprintf("b%d", rnd.IntN(5))
				f.doubleBounce(dsn)
				for _, k := range p.dsn[dsn] {
					p.m[k].out.Outcome, p.m[k].out.TimeMS = trace.OutcomeDoubleBounce, w.now.Milliseconds()
				}
			case 5:
				f.handedOff(msg, []string{rcpt})
				if o := p.m[p.key(msg, rcpt)]; o != nil {
					o.owned = true
				}
			case 6:
				f.rejected(msg, rcpt, 554, "5.7.1")
				if o := p.m[p.key(msg, rcpt)]; o != nil && !o.owned {
					o.out.Outcome, o.out.Code, o.out.Status, o.out.TimeMS = trace.OutcomeRejected, 554, "5.7.1", w.now.Milliseconds()
				}
			}
			require.Equal(t, p.m[p.key(msg, rcpt)] != nil, f.find(msg, rcpt) != nil, "seed %d step %d: %s %s", seed, step, msg, rcpt)
		}
		want := make([]trace.Outcome, 0, len(p.order))
		for _, o := range p.order {
			out := o.out
			if out.Outcome == "" {
				out.Outcome, out.TimeMS = trace.OutcomeDeferred, w.now.Milliseconds()
			}
			want = append(want, out)
		}
		require.Equal(t, want, f.outcomes(w), "seed %d", seed)
	}
}
