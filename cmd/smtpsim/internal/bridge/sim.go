package bridge

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// Sim is a lesson's or scenario's world that the bridge runs in real time: its
// servers answer on the bridge's sockets, and mail that real clients hand them travels
// through the simulated DNS, MTAs and faults into simulated mailboxes.
type Sim struct {
	Scenario scenario.Scenario
	Faults   []fault.Fault // added to the scenario's own
	// Speed is how many virtual seconds pass in one real second; 0 means 1. At 60 the
	// five-minute retry of a greylisted message comes back after five real seconds.
	Speed float64
	// Domain is the organisation whose servers are exposed; "" chooses: submission to
	// the MSA of the first message's sender, SMTP, POP3 and IMAP to the MX of its first
	// recipient (see Plan).
	Domain string
	// Quiet leaves out the scenario's own messages and fetches: only real clients act.
	Quiet bool
	// OnEvent, when set, sees every trace event once, in order, on the goroutine that
	// runs the world: it must not block.
	OnEvent func(trace.Event)
}

// MaxSpeed is the fastest a world may run: a year of virtual time in half a minute,
// far from overflowing the virtual clock.
const MaxSpeed = 1e6

// MinSpeed is the slowest: a virtual second per 1000 real seconds. Slower speeds
// (1e-300) make the real wait for a timer overflow, and the bridge spin.
const MinSpeed = 0.001

// Exposed is the simulated server behind one of the bridge's services.
type Exposed struct {
	Service string // smtp, submission, pop3, imap; submissions, pop3s, imaps with implicit TLS
	Host    string // the world's host
	Port    int    // its simulated port: 25, 587, 110, 143
	Domain  string // the organisation it serves here
}

// String describes it for the start-up message: "mx.example.net:25 (the MX of example.net)".
func (e Exposed) String() string {
	what := map[string]string{"smtp": "the MX", "submission": "the MSA", "pop3": "the mailboxes", "imap": "the mailboxes",
		"submissions": "the MSA", "pop3s": "the mailboxes", "imaps": "the mailboxes"}[e.Service]
	s := fmt.Sprintf("%s:%d (%s of %s", e.Host, e.Port, what, e.Domain)
	if e.Service == "submission" || e.Service == "submissions" {
		s += "; AUTH required"
	}
	if e.Service != e.plain() {
		s += "; TLS from the start"
	}
	return s + ")"
}

// Plan decides which of the world's servers each service exposes. With domain "" the
// learner plays both ends of the scenario's first message: submission goes to the MSA
// of its sender's domain, and SMTP (the MX port), POP3 and IMAP to the mailbox host of
// its first recipient's domain. A service whose server the world lacks is left out.
func Plan(sc *scenario.Scenario, domain string) ([]Exposed, error) {
	subDomain, mxDomain := domain, domain
	if domain == "" {
		subDomain, mxDomain = defaultDomains(sc)
	} else if !slices.ContainsFunc(sc.Hosts, func(h scenario.Host) bool { return h.Serves(domain) }) {
		return nil, fmt.Errorf("no host of %q serves %s (domains: %s)", sc.Name, domain, strings.Join(domains(sc), ", "))
	}
	var out []Exposed
	if h, ok := sc.HostFor(scenario.RoleMSA, subDomain); ok {
		out = append(out, Exposed{"submission", h.Name, 587, subDomain})
	}
	if h, ok := sc.HostFor(scenario.RoleMX, mxDomain); ok {
		out = append(out, Exposed{"smtp", h.Name, 25, mxDomain}, Exposed{"pop3", h.Name, 110, mxDomain}, Exposed{"imap", h.Name, 143, mxDomain})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q has no MSA for %s and no MX for %s", sc.Name, subDomain, mxDomain)
	}
	return out, nil
}

func defaultDomains(sc *scenario.Scenario) (sub, mx string) {
	if len(sc.Messages) > 0 {
		m := sc.Messages[0]
		sub = scenario.Domain(m.From)
		for _, r := range slices.Concat(m.To, m.Cc, m.Bcc) {
			if _, ok := sc.HostFor(scenario.RoleMX, scenario.Domain(r)); ok {
				return sub, scenario.Domain(r)
			}
		}
		return sub, sub
	}
	if len(sc.Users) > 0 {
		sub = scenario.Domain(sc.Users[0].Address)
		for _, u := range sc.Users[1:] {
			if d := scenario.Domain(u.Address); d != sub {
				return sub, d
			}
		}
		return sub, sub
	}
	ds := domains(sc)
	if len(ds) == 0 {
		return "", ""
	}
	return ds[0], ds[len(ds)-1]
}

func domains(sc *scenario.Scenario) []string {
	var out []string
	for _, h := range sc.Hosts {
		for _, d := range h.Domains {
			if !slices.Contains(out, strings.ToLower(d)) {
				out = append(out, strings.ToLower(d))
			}
		}
	}
	return out
}

// simLoop owns the world. It is the only goroutine that touches it: it advances the
// virtual clock with its clock (real time; the built-in world's Config.Now), scaled by
// speed, and runs, one at a time, the work that connection goroutines hand it.
type simLoop struct {
	w       *world.World
	speed   float64
	clock   func() time.Time
	start   time.Time // the clock at virtual zero
	reqs    chan func()
	quit    chan struct{}
	stopped chan struct{}
	logged  int // trace events already shown
	show    func(tr *trace.Trace, e trace.Event)

	// news is closed, and replaced, whenever the world may have changed a mailbox
	// store: mail filed, another session's command. Connections whose server can tell
	// its client at once (IMAP IDLE) wait on it; see wake.
	newsMu sync.Mutex
	news   chan struct{}
	quiet  bool // the work at hand only collects news: it changes no store
}

func startLoop(w *world.World, speed float64, clock func() time.Time, show func(*trace.Trace, trace.Event)) *simLoop {
	l := &simLoop{w: w, speed: speed, clock: clock, start: clock(), reqs: make(chan func()), quit: make(chan struct{}), stopped: make(chan struct{}), show: show,
		news: make(chan struct{})}
	go l.run()
	return l
}

// virtualNow maps the time the clock has run since the start onto the virtual clock.
func (l *simLoop) virtualNow() time.Duration {
	return time.Duration(float64(l.clock().Sub(l.start)) * l.speed)
}

// realWait is how long to wait in real time until virtual time t.
func (l *simLoop) realWait(t time.Duration) time.Duration {
	return max(0, time.Duration(float64(t-l.virtualNow())/l.speed))
}

func (l *simLoop) run() {
	defer close(l.stopped)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		seen := l.w.Trace().Len()
		l.advance()
		wait := 24 * time.Hour
		if next, ok := l.w.Next(); ok {
			wait = l.realWait(next)
		}
		timer.Reset(wait)
		select {
		case <-l.quit:
			return
		case <-timer.C:
			l.advance()
		case f := <-l.reqs:
			l.advance() // what the client says happens now, after everything due before it
			if l.w.Trace().Len() > seen {
				l.announce() // before f, which may be quiet
				seen = l.w.Trace().Len()
			}
			f()
		}
		// Whatever happened may have changed a store; the trace is the world's record
		// of it. Collecting news (quiet) changes nothing, so it wakes no one.
		if l.w.Trace().Len() > seen && !l.quiet {
			l.announce()
		}
		l.quiet = false
	}
}

// announce wakes every connection waiting for news (wake).
func (l *simLoop) announce() {
	l.newsMu.Lock()
	defer l.newsMu.Unlock()
	close(l.news)
	l.news = make(chan struct{})
}

// wake returns a channel that is closed the next time the world may have changed a
// store. Take it before asking for news, so that no change falls in between.
func (l *simLoop) wake() <-chan struct{} {
	l.newsMu.Lock()
	defer l.newsMu.Unlock()
	return l.news
}

// advance runs the world up to the present and shows what happened. Once shown, an
// event lets go of its payload (a message's octets): the bridge exports nothing, and a
// world that runs for days must not keep every message it saw.
func (l *simLoop) advance() {
	l.w.RunUntil(l.virtualNow())
	tr := l.w.Trace()
	for ; l.logged < tr.Len(); l.logged++ {
		l.show(tr, tr.At(l.logged))
		tr.DropPayload(l.logged)
	}
}

// do runs f on the loop and waits for it; false if the loop has stopped.
func (l *simLoop) do(f func()) bool {
	done := make(chan struct{})
	select {
	case l.reqs <- func() { defer close(done); f() }:
	case <-l.quit:
		return false
	}
	<-done
	return true
}

func (l *simLoop) stop() {
	close(l.quit)
	<-l.stopped
}

// simEngine is a connection to one of the world's servers, driven from a connection
// goroutine through the loop.
type simEngine struct {
	loop     *simLoop
	x        *world.ExternalConn
	finished bool // read only by the connection goroutine, written inside do
}

var errStopped = errors.New("the simulation has stopped")

func newSimEngine(l *simLoop, ex Exposed, remote net.Addr, mode world.TLS) (engine, error) {
	e := &simEngine{loop: l}
	var err error
	if !l.do(func() { e.x, err = l.w.ExternalTLS(ex.Host, ex.Port, remote.String(), mode) }) {
		return nil, errStopped
	}
	if err != nil {
		return nil, err
	}
	if ex.Service == "imap" {
		return imapEngine{e}, nil
	}
	return e, nil
}

func (e *simEngine) call(f func() []byte) []byte {
	var out []byte
	if !e.loop.do(func() {
		out = f()
		// What the world does at once after a reply — hand a relayed message to the
		// built-in world's outbound folder — is done before the reply goes out, so that
		// a 250 is never answered for mail that only the world's memory holds.
		e.loop.w.RunUntil(e.loop.w.Now())
		e.finished = e.x.Done()
	}) {
		e.finished = true
	}
	return out
}

func (e *simEngine) start() []byte        { return e.call(e.x.Greeting) }
func (e *simEngine) feed(p []byte) []byte { return e.call(func() []byte { return e.x.Feed(p) }) }

// imapEngine is a connection to an IMAP server: a notifier (listen.go), whose client
// may hear of changes to the store between its commands (IDLE).
type imapEngine struct{ *simEngine }

func (e imapEngine) wake() <-chan struct{} { return e.loop.wake() }

// news asks the server what its client should hear now that the store may have
// changed.
func (e imapEngine) news() []byte {
	var out []byte
	if !e.loop.do(func() {
		e.loop.quiet = true
		out = e.x.Changed()
		e.finished = e.x.Done()
	}) {
		e.finished = true
	}
	return out
}
func (e *simEngine) timeout() []byte    { return e.call(e.x.Timeout) }
func (e *simEngine) done() bool         { return e.finished }
func (e *simEngine) secured(how string) { e.loop.do(func() { e.x.Secured(how) }) }
func (e *simEngine) startsTLS() bool {
	var starts bool
	e.loop.do(func() { starts = e.x.StartsTLS() })
	return starts
}
func (e *simEngine) close() { e.loop.do(e.x.Close) }

// newWorld prepares the world of a Sim: its clock starts at start.
func newWorld(s *Sim, start time.Time) *world.World {
	sc := s.Scenario
	sc.Start = start.Truncate(time.Second)
	if s.Quiet {
		sc.Messages, sc.Fetches = nil, nil
	}
	return world.New(sc, s.Faults...)
}

// transcript shows each event as "smtpsim run" does.
func transcript(out io.Writer) func(*trace.Trace, trace.Event) {
	return func(tr *trace.Trace, e trace.Event) {
		fmt.Fprintf(out, "%s %s\n", tr.Clock(e.Time), tr.Describe(e))
	}
}
