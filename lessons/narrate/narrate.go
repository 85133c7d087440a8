// Package narrate decides how a run is told. A lesson is written for one run: its own
// world, in a model it names, without faults. Where the run on screen is that run, the
// lesson's text tells it; from the first event where a fault, another model or the
// learner's own messages make it differ, a lesson step is told only where its words
// still hold, and elsewhere the run is told from the trace's typed fields: what the
// current event is and where every recipient stands. The page and printed handouts
// read it alike.
package narrate

import (
	"slices"

	"smtpsim/lessons"
	"smtpsim/sim/dns"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// Same reports whether two events state the same facts: every typed field but the
// sequence number, the connection number (which shifts when another connection comes
// first), the text (a rendering of the fields) and the payload (its size is a field).
// A list empty or absent states the same. Field by field, not with reflect.DeepEqual,
// which would bring its code into the page (TestSameComparesEveryFact keeps the list
// whole).
func Same(a, b trace.Event) bool {
	return a.Time == b.Time && a.TimeMS == b.TimeMS && a.Kind == b.Kind && a.Actor == b.Actor &&
		a.Peer == b.Peer && a.Proto == b.Proto && a.Port == b.Port && a.Dir == b.Dir &&
		a.Line == b.Line && a.Code == b.Code && a.Status == b.Status && a.Reason == b.Reason &&
		a.Msg == b.Msg && a.Rcpt == b.Rcpt && a.Next == b.Next && a.RFC == b.RFC &&
		a.Fault == b.Fault && a.Octets == b.Octets && a.Lines == b.Lines && a.DSN == b.DSN &&
		a.Failure == b.Failure && a.DurationMS == b.DurationMS && a.Mailbox == b.Mailbox && a.UID == b.UID &&
		a.QueueID == b.QueueID && a.From == b.From && a.Subject == b.Subject && a.MailFrom == b.MailFrom &&
		a.Count == b.Count && a.Stage == b.Stage && a.Lost == b.Lost && a.Played == b.Played &&
		a.Altered == b.Altered &&
		slices.Equal(a.Rcpts, b.Rcpts) && slices.Equal(a.Headers, b.Headers) &&
		samePointee(a.TLS, b.TLS) && samePointee(a.Auth, b.Auth) && sameAnswer(a.DNS, b.DNS)
}

// samePointee reports whether a and b are both nil or point to equal values.
func samePointee[T comparable](a, b *T) bool {
	return a == b || a != nil && b != nil && *a == *b
}

// sameAnswer reports whether two DNS questions or answers are the same.
func sameAnswer(a, b *dns.Answer) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Name == b.Name && a.Type == b.Type && a.Rcode == b.Rcode && slices.Equal(a.Records, b.Records)
}

// FirstDifference is the index of the first event where the two runs differ (the
// length of the shorter one when it ends first), or -1 when they are the same.
func FirstDifference(a, b *trace.Trace) int {
	return firstDifference(a.Len(), b.Len(), func(i int) bool { return Same(a.At(i), b.At(i)) })
}

// firstDifference is FirstDifference of two sequences of lengths m and n whose
// events at index i are the same when same(i).
func firstDifference(m, n int, same func(i int) bool) int {
	i := 0
	for i < m && i < n && same(i) {
		i++
	}
	if i == m && i == n {
		return -1
	}
	return i
}

// WrittenFor is the model a lesson tells a run in: model when the lesson is written for
// it, else the lesson's first model.
func WrittenFor(l *lessons.Lesson, model scenario.Model) scenario.Model {
	if slices.Contains(l.Models, model) || len(l.Models) == 0 {
		return model
	}
	return l.Models[0]
}

// Reference is the run a lesson is written for: its own world in model (or, if the
// lesson is not written for that model, its first one), without faults.
func Reference(l *lessons.Lesson, model scenario.Model) *trace.Trace {
	return world.Run(l.ScenarioOf(WrittenFor(l, model)))
}

// Comparison is a run set against the run its lesson is written for. It remembers
// what it found, so one goroutine uses it at a time.
type Comparison struct {
	Lesson *lessons.Lesson
	Ref    *trace.Trace   // the lesson's run (Reference)
	Run    *trace.Trace   // the run on screen
	Model  scenario.Model // the run's model
	// From is the index in Run of the first event that differs from Ref; -1 when the
	// run is the lesson's.
	From int

	anchors map[string]int  // step id → the event of Run it is anchored at, -1 when none
	holds   map[string]bool // language and step id → Holds, as the page asks again at every step
}

// Compare sets a run in model against the lesson's run ref (Reference).
func Compare(l *lessons.Lesson, model scenario.Model, ref, run *trace.Trace) *Comparison {
	c := &Comparison{Lesson: l, Ref: ref, Run: run, Model: model, From: FirstDifference(ref, run), anchors: map[string]int{}, holds: map[string]bool{}}
	for _, s := range l.Steps {
		c.anchors[s.ID] = s.At.Find(run)
	}
	return c
}

// Anchor is the event of the run that step id is anchored at, -1 when none.
func (c *Comparison) Anchor(id string) int {
	if k, ok := c.anchors[id]; ok {
		return k
	}
	return -1
}

// Step is the lesson step to tell at event i of the run — the latest anchored at or
// before it, "intro" before the first — and whether its text in t holds for the run.
// Before the first difference every text holds; from there on only a step anchored
// there or later whose words still hold (Holds): a step anchored earlier may tell what
// comes next in the lesson's run.
func (c *Comparison) Step(t *lessons.Text, i int) (id string, holds bool) {
	id, at := "intro", -1
	var step lessons.Step
	for _, s := range c.Lesson.Steps {
		if k := c.anchors[s.ID]; k >= 0 && k <= i && k >= at {
			id, at, step = s.ID, k, s
		}
	}
	switch {
	case !c.Differs(i):
		return id, true
	case at < c.From:
		return id, false
	}
	key := t.Lang + " " + id
	h, ok := c.holds[key]
	if !ok {
		h = c.Holds(step, t.Steps[id])
		c.holds[key] = h
	}
	return id, h
}

// Differs reports whether event i of the run is at or after the first difference.
func (c *Comparison) Differs(i int) bool { return c.From >= 0 && i >= c.From }

// Holds reports whether a step's text (its section in one language) tells the run:
// the step's anchor event occurs in both runs with the same facts, and so do the
// events it depends on — the whole connection it belongs to, every event of the
// message it is about, and the events its placeholders quote. Where it does not hold
// the text may tell what did not happen ("Bob fetches the message").
func (c *Comparison) Holds(s lessons.Step, text lessons.Section) bool {
	if c.From < 0 {
		return true
	}
	i, j := s.At.Find(c.Run), s.At.Find(c.Ref)
	if i < 0 || j < 0 {
		return false
	}
	run, ref := c.Run.At(i), c.Ref.At(j)
	if !Same(run, ref) {
		return false
	}
	if run.Conn != 0 && !sameEvents(c.Run, c.Ref, func(e trace.Event) bool { return e.Conn == run.Conn }, func(e trace.Event) bool { return e.Conn == ref.Conn }) {
		return false
	}
	ofMsg := func(e trace.Event) bool { return e.Msg == run.Msg }
	if run.Msg != "" && !sameEvents(c.Run, c.Ref, ofMsg, ofMsg) {
		return false
	}
	for _, p := range text.Placeholders() {
		for _, sel := range []lessons.Selector{p.At, p.From, p.To} {
			if sel.Source != "" && !c.sameAt(sel) {
				return false
			}
		}
	}
	return true
}

// Asks is the event of the run a checkpoint is asked before, or -1 when it is not
// asked: its event is not in the run, or — at or after the first difference — the
// run's event makes another option than the answer true, or the answer false, so the
// truth the page reveals would contradict the lesson's answer.
func (c *Comparison) Asks(cp lessons.Checkpoint) int {
	i := cp.Before.Find(c.Run)
	if i < 0 || !c.Differs(i) {
		return i
	}
	for _, o := range cp.Options {
		if lessons.Holds(o.Claim, c.Run.At(i)) != (o.ID == cp.Answer) {
			return -1
		}
	}
	return i
}

// sameAt reports whether the event a selector names is the same in both runs.
func (c *Comparison) sameAt(sel lessons.Selector) bool {
	i, j := sel.Find(c.Run), sel.Find(c.Ref)
	if i < 0 || j < 0 {
		return i == j
	}
	return Same(c.Run.At(i), c.Ref.At(j))
}

// sameEvents reports whether the events of a that inA picks are the same, in order,
// as the events of b that inB picks.
func sameEvents(a, b *trace.Trace, inA, inB func(trace.Event) bool) bool {
	var x, y []trace.Event
	for _, e := range a.All() {
		if inA(e) {
			x = append(x, e)
		}
	}
	for _, e := range b.All() {
		if inB(e) {
			y = append(y, e)
		}
	}
	return firstDifference(len(x), len(y), func(i int) bool { return Same(x[i], y[i]) }) < 0
}
