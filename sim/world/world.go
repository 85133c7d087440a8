// Package world runs a scenario as a deterministic discrete-event simulation: a
// virtual clock, one event queue and one seeded random source drive MUAs, MSAs, MTAs,
// DNS and MDAs that talk to each other with the real protocol engines. The same
// scenario, seed and faults give a byte-identical trace.
package world

import (
	"math/rand/v2"
	"slices"
	"time"

	"smtpsim/sim/auth"
	"smtpsim/sim/budget"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/mailbox"
	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// World is one run of a scenario.
type World struct {
	sc    *scenario.Scenario
	now   time.Duration
	queue agenda
	order uint64 // tie-breaker: events at the same time run in the order they were scheduled
	rnd   *rand.Rand
	tr    *trace.Trace

	steps slots[connStep]  // the connection steps on the agenda (agenda.go)
	waits slots[replyWait] // the clients' waits for replies on the agenda
	// everyWait puts every client's wait for a reply on the agenda, as the world did
	// before armUnlessAnswered: for the test that both give the same trace.
	everyWait bool
	// idleUntil is when the last wait left off the agenda would have ended: the run's
	// clock ends there, as it did when every wait was on the agenda, so that what is
	// still queued at the end is summarised as of the same time.
	idleUntil time.Duration

	hosts     []*host
	byName    map[string]*host
	muas      map[string]*mua // by user address, lower case
	users     userIndex       // sc.Users by login name and address (store.go)
	dnsDB     *dns.DB
	faults    []*activeFault
	conns     int
	fates     *fates
	bounces   int
	spoofs    int               // forged messages sent so far (abuse.go), for their ids s1, s2 …
	spoofsDue []*activeFault    // spoof faults waiting for their step
	submitted map[string][]byte // message id → the octets the MUA composed
	outline   bool              // leave protocol lines out of the trace (see Outline)
	lines     []string          // what wireLines returns, reused
	scratch   []byte            // a line being written, to look up with line
	addrs     map[string]string // the addresses servers were given, each written once (addr)
	addrBuf   []byte            // an address being written, to look up in addrs
	spares    spares            // buffers of ended connections, for the next (host.go)
	console   consoles          // the learner's consoles and manual server (console.go)

	budget  budget.Budget // what Run may use (budget.go)
	bounded bool          // Run is running: the budget applies (a bridge runs without end)
	spent   budget.Budget // what the run used so far; Octets is the peak
	held    int           // octets of message data held now
	stop    error         // set when the run went past its budget or sender authentication failed
	watch   func(trace.Event)

	evaluator auth.Evaluator // sender authentication, for a scenario that needs it (auth.go)
}

type activeFault struct {
	fault.Fault
	used    int
	applied bool // a fault event was written for it
}

// Run simulates the scenario to its end and returns the trace. extra faults are
// added to the scenario's own (the CLI's --fault, the page's fault list).
func Run(sc scenario.Scenario, extra ...fault.Fault) *trace.Trace {
	w := New(sc, extra...)
	w.Run()
	return w.Trace()
}

// New prepares a run without starting it.
func New(sc scenario.Scenario, extra ...fault.Fault) *World {
	sc.Defaults()
	w := &World{
		sc:        &sc,
		rnd:       rand.New(rand.NewPCG(sc.Seed, 0x5eed)),
		tr:        &trace.Trace{Start: sc.Start},
		byName:    map[string]*host{},
		muas:      map[string]*mua{},
		submitted: map[string][]byte{},
		budget:    budget.Default,
	}
	w.fates = newFates(w)
	w.dnsDB = dns.NewDB(sc.DNS...)
	if sc.NeedsSenderAuth() {
		w.evaluator = senderAuth
		if w.evaluator == nil {
			w.evaluator = unavailable{}
			w.stop = &SenderAuthError{Err: ErrNoSenderAuth}
		}
	}
	w.publishKeys()
	for _, f := range append(append([]fault.Fault(nil), sc.Faults...), extra...) {
		w.faults = append(w.faults, &activeFault{Fault: f})
	}
	for i := range sc.Hosts {
		h := newHost(w, &sc.Hosts[i])
		w.hosts = append(w.hosts, h)
		w.byName[lower(h.name)] = h
	}
	w.addOutsider()
	for i, u := range sc.Users {
		m := newMUA(w, sc.Users[i], i)
		w.muas[lower(u.Address)] = m
	}
	// The messages wait on the agenda as closures that name them, not closures that
	// hold a copy each; the world's own copy of the list keeps them as they were given.
	sc.Messages = slices.Clone(sc.Messages)
	for i, m := range sc.Messages {
		w.at(m.At, func() { w.send(i) })
	}
	for _, f := range sc.Fetches {
		w.at(f.At, func() { w.muas[lower(f.User)].fetch(f) })
	}
	w.planSpoofs()
	return w
}

// Run processes events until none are left or the horizon is reached.
func (w *World) Run() {
	// About 110 events per message (ten in an outline; the bulk world of the
	// benchmarks has 110.6): reserve them up front rather than copying a long trace
	// as it grows. One copy of a trace of a million events is half a gigabyte, and a
	// trace that grows by append from a tenth of its size is copied about ten times.
	// The events budget bounds it: no run writes more events than that.
	perMessage := 120
	if w.outline {
		perMessage = 10
	}
	w.bounded = true
	defer func() { w.bounded = false }()
	if n := len(w.sc.Messages); n > w.budget.Messages {
		w.exceeded("messages", w.budget.Messages)
	} else {
		w.spent.Messages = n
		w.tr.Reserve(min(64+perMessage*n, w.budget.Events))
		rcpts := 0
		for _, m := range w.sc.Messages {
			rcpts += len(m.To) + len(m.Cc) + len(m.Bcc)
		}
		w.fates.reserve(n, rcpts)
		if len(w.submitted) == 0 {
			w.submitted = make(map[string][]byte, n) // one a message, made at its size rather than grown
		}
	}
	for w.queue.Len() > 0 && w.stop == nil {
		next := w.queue.pop()
		if next.at > w.sc.Horizon {
			break
		}
		w.now = next.at
		w.count()
		w.do(next)
	}
	if w.stop == nil && w.idleUntil > w.now && w.idleUntil <= w.sc.Horizon {
		w.now = w.idleUntil
	}
	w.tr.Outcomes = w.fates.outcomes(w)
}

// Trace returns the trace so far.
func (w *World) Trace() *trace.Trace { return w.tr }

// Submitted returns the message a user's MUA composed, as it left the MUA.
func (w *World) Submitted(msg string) []byte { return w.submitted[msg] }

// Mailbox returns the messages in user's mailbox on host, oldest first.
func (w *World) Mailbox(hostName, user string) [][]byte {
	h, ok := w.byName[lower(hostName)]
	if !ok {
		return nil
	}
	u, ok := h.mailboxOf(user)
	if !ok {
		return nil
	}
	box, err := h.store.Login(u.LoginName(), u.Password)
	if err != nil {
		return nil
	}
	return contents(box)
}

// contents is every message of a mailbox or folder, oldest first.
func contents(box mailbox.Mailbox) [][]byte {
	var out [][]byte
	for _, m := range box.List() {
		data, _ := box.Read(m.UID)
		out = append(out, data)
	}
	return out
}

// at schedules fn at virtual time t (not before now).
func (w *World) at(t time.Duration, fn func()) {
	if t < w.now {
		t = w.now
	}
	w.order++
	w.queue.pushAt(scheduled{at: t, order: w.order, fn: fn})
}

// send sends the scenario's message number i: its user's program submits it, or the
// machine it names sends it on its own.
func (w *World) send(i int) {
	m := w.sc.Messages[i]
	if m.Via != "" {
		if h, ok := w.byName[lower(m.Via)]; ok {
			h.send(m, "")
		}
		return
	}
	w.muas[lower(m.From)].submit(m)
}

// after schedules fn d from now.
func (w *World) after(d time.Duration, fn func()) { w.at(w.now+d, fn) }

// emit appends an event at the current virtual time.
func (w *World) emit(e *trace.Event) {
	if w.stop != nil {
		return // the run is over: the trace ends where the budget ran out
	}
	w.count()
	if w.outline && isWire(e.Kind) {
		return
	}
	e.Time = w.now
	w.tr.Add(e)
	if len(w.spoofsDue) > 0 {
		w.spoofAt(w.tr.Len())
	}
	if w.watch != nil {
		w.watch(w.tr.At(w.tr.Len() - 1))
	}
}

// Watch has fn called with each event as it is written to the trace, numbered: the
// CLI streams a long run's JSON this way. Call it before Run.
func (w *World) Watch(fn func(trace.Event)) { w.watch = fn }

// isWire reports the events Outline leaves out: what travels on the wire.
func isWire(k trace.Kind) bool {
	switch k {
	case trace.KindLine, trace.KindData, trace.KindConnect, trace.KindClose, trace.KindDNSQuery, trace.KindDNSAnswer:
		return true
	}
	return false
}

// wireOff reports whether the trace leaves out what travels on the wire (Outline).
// When it does, it counts the wire event the caller then need not make, as emit
// would have counted it: an outline spends its events budget as the full run does.
func (w *World) wireOff() bool {
	if !w.outline {
		return false
	}
	if w.stop == nil {
		w.count()
	}
	return true
}

// Outline makes the run record only what happens to messages — submissions,
// queueing, attempts, defers, hand-offs, deliveries, bounces, faults — and not every
// protocol line, connection and DNS packet. Bulk runs of thousands of messages need
// this to stay small; the outcome of every recipient is the same. Call it before Run.
func (w *World) Outline() { w.outline = true }

// addr is p written out, as p.String() is, in the string of the first equal address
// the world's servers were given: MAIL and RCPT of a bulk run name the same few
// hundred addresses over and over, and each would otherwise be written anew.
func (w *World) addr(p smtp.Path) string {
	if p.Domain == "" {
		return p.Local
	}
	w.addrBuf = append(append(append(w.addrBuf[:0], p.Local...), '@'), p.Domain...)
	if s, ok := w.addrs[string(w.addrBuf)]; ok { // a lookup by a []byte key does not allocate
		return s
	}
	if w.addrs == nil {
		w.addrs = map[string]string{}
	}
	s := string(w.addrBuf)
	w.addrs[s] = s
	return s
}

// clock returns the virtual wall-clock time, for Date: and Received: fields.
func (w *World) clock() time.Time { return w.sc.Start.Add(w.now) }

// fault returns the first active fault of kind k whose target matches, counting one
// use of it; nil when none applies. A fault with a count stops after that many uses.
func (w *World) fault(k fault.Kind, target string, match func(f *fault.Fault) bool) *activeFault {
	if len(w.faults) == 0 {
		return nil // most runs have none: asked several times a command, this stays cheap
	}
	for _, f := range w.faults {
		if f.Kind != k || !equalFold(f.Target, target) || !f.ActiveAt(w.now, w.tr.Len()) {
			continue
		}
		if f.Count > 0 && f.used >= f.Count {
			continue
		}
		if match != nil && !match(&f.Fault) {
			continue
		}
		f.used++
		return f
	}
	return nil
}

// faultEvent records that a fault took effect.
func (w *World) faultEvent(f *activeFault, actor, text string) {
	w.faultEventWith(f, trace.Event{Actor: actor, Text: text})
}

// faultEventWith records that a fault took effect, with facts that its spec lacks
// (the port a connection was refused on, the recipient greylisted …).
func (w *World) faultEventWith(f *activeFault, ev trace.Event) {
	ev.Kind, ev.Fault = trace.KindFault, f.String()
	w.emit(&ev)
}

// Unmet lists the faults of the run that nothing in it met, by their place among the
// faults it was given (the scenario's, then the extra ones, as given): no server,
// connection, lookup or message was where the fault waits, so the run went as it would
// have without it. The page says so beside such a fault rather than let it seem to do
// something.
func (w *World) Unmet() []int {
	var out []int
	for i, f := range w.faults {
		if f.used == 0 && !f.applied {
			out = append(out, i)
		}
	}
	return out
}
