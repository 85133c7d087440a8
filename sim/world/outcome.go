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
	// byMsg holds the recipients of each message. A bulk run follows tens of
	// thousands of recipients; a map of them all, asked four or five times for each,
	// mostly waited for memory. Nearly every question in a row is about one message
	// (its recipients handed off, filed, bounced one after another): last is the
	// message asked about last, and its few recipients are found by a look at each.
	byMsg map[string]*msgFates
	last  *msgFates
	slab  []fate             // where the fates live, a chunk at a time: one allocation for many
	msgs  []msgFates         // where the messages' lists live, likewise
	dsn   map[string][]*fate // DSN message id → the recipients it reports
}

// msgFates is the recipients of one message, in the order they were expected.
type msgFates struct {
	msg    string
	rcpts  []*fate
	byRcpt map[string]*fate // made once the message has more than manyRcpts recipients
	room   [4]*fate         // rcpts' first array: most messages have a few recipients
}

// manyRcpts is where a message's recipients are found through a map of their own
// rather than by a look at each.
const manyRcpts = 8

// fate is what became of a recipient so far.
type fate struct {
	out trace.Outcome
	key string // the recipient in lower case, as recipients are found
	// owned says a server answered 250 to the final dot for a copy (handedOff):
	// only a recipient expected before can be owned, as only one can be rejected.
	owned bool
}

func newFates(w *World) *fates {
	return &fates{w: w, byMsg: map[string]*msgFates{}, dsn: map[string][]*fate{}}
}

// reserve makes room for msgs messages and rcpts recipients before the first is
// expected, rather than growing the map and the order one doubling at a time.
func (f *fates) reserve(msgs, rcpts int) {
	if len(f.byMsg) == 0 {
		f.byMsg, f.order = make(map[string]*msgFates, msgs), make([]*fate, 0, rcpts)
	}
}

// message returns the recipients of msg, nil when none was expected.
func (f *fates) message(msg string) *msgFates {
	if f.last != nil && f.last.msg == msg {
		return f.last
	}
	m := f.byMsg[msg]
	if m != nil {
		f.last = m
	}
	return m
}

// find returns the fate of rcpt of msg, nil when it was not expected.
func (f *fates) find(msg, rcpt string) *fate {
	m := f.message(msg)
	if m == nil {
		return nil
	}
	k := strings.ToLower(rcpt)
	if m.byRcpt != nil {
		return m.byRcpt[k]
	}
	for _, o := range m.rcpts {
		if o.key == k {
			return o
		}
	}
	return nil
}

// expect registers a recipient of a submitted message.
func (f *fates) expect(msg, rcpt string) {
	if f.find(msg, rcpt) != nil {
		return
	}
	m := f.message(msg)
	if m == nil {
		if len(f.msgs) == cap(f.msgs) {
			f.msgs = make([]msgFates, 0, 256) // a new chunk: those before keep their place
		}
		f.msgs = append(f.msgs, msgFates{msg: msg})
		m = &f.msgs[len(f.msgs)-1]
		m.rcpts = m.room[:0]
		f.byMsg[msg], f.last = m, m
	}
	if len(f.slab) == cap(f.slab) {
		f.slab = make([]fate, 0, 256)
	}
	f.slab = append(f.slab, fate{out: trace.Outcome{Msg: msg, Rcpt: rcpt}, key: strings.ToLower(rcpt)})
	o := &f.slab[len(f.slab)-1]
	m.rcpts = append(m.rcpts, o)
	switch {
	case m.byRcpt != nil:
		m.byRcpt[o.key] = o
	case len(m.rcpts) > manyRcpts:
		m.byRcpt = make(map[string]*fate, 2*len(m.rcpts))
		for _, r := range m.rcpts {
			m.byRcpt[r.key] = r
		}
	}
	f.order = append(f.order, o) // the fate itself: outcomes need not look each one up
}

func (f *fates) delivered(msg, rcpt, mailbox string) {
	o := f.find(msg, rcpt)
	if o == nil {
		return // a DSN reaching its sender: the original recipient stays bounced
	}
	o.out.Outcome = trace.OutcomeDelivered
	o.out.Mailbox = mailbox
	o.out.Copies++
	o.out.Code, o.out.Status = 250, "2.0.0"
	o.out.TimeMS = f.w.now.Milliseconds()
}

func (f *fates) bounced(msg, rcpt string, code int, status, dsn string) {
	o := f.find(msg, rcpt)
	if o == nil {
		return
	}
	o.out.Outcome, o.out.Code, o.out.Status = trace.OutcomeBounced, code, status
	o.out.TimeMS = f.w.now.Milliseconds()
	f.dsn[dsn] = append(f.dsn[dsn], o)
}

// doubleBounce marks the recipients a failed DSN reported on.
func (f *fates) doubleBounce(dsn string) {
	for _, o := range f.dsn[dsn] {
		o.out.Outcome = trace.OutcomeDoubleBounce
		o.out.TimeMS = f.w.now.Milliseconds()
	}
}

// handedOff records that a server took responsibility for msg to rcpts (RFC 5321 §6.1).
func (f *fates) handedOff(msg string, rcpts []string) {
	for _, r := range rcpts {
		if o := f.find(msg, r); o != nil {
			o.owned = true
		}
	}
}

// rejected records that the user's mail program gave up on a recipient. Once a server
// owns the message that is only the program's view (its 250 was lost on the way
// back, RFC 1047): the server still delivers or bounces, so the outcome is that.
func (f *fates) rejected(msg, rcpt string, code int, status string) {
	o := f.find(msg, rcpt)
	if o == nil || o.owned {
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
