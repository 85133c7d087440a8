// Package bridge puts the servers of a simulated world on real loopback sockets, so that
// real mail programs (Python's smtplib, swaks, Thunderbird) can talk to the simulator's
// protocol engines. The world is a lesson's or scenario's (Sim), or the built-in one
// (World) whose mail is kept in folders (DirStore); either runs in real time, and the
// same world code and policy answer every client (sim/world's ExternalConn).
package bridge

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"time"

	"smtpsim/cmd/smtpsim/internal/listen"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// Config says where to listen and how much a client may use.
type Config struct {
	SMTP       string // port 25 of the world's MX (the built-in world's: AUTH offered, relaying only after AUTH); "" disables
	Submission string // port 587 of the world's MSA: AUTH required (RFC 6409); "" disables
	POP3       string
	IMAP       string
	// TLS, when set, is real TLS (tls.go): smtp, submission, pop3 and imap offer
	// STARTTLS/STLS, and Submissions, POP3S and IMAPS run TLS from the first octet (RFC
	// 8314). nil: no TLS, nothing offered, the implicit-TLS addresses are ignored.
	TLS         *tls.Config
	Submissions string        // implicit TLS in front of the submission server (port 465); "" disables
	POP3S       string        // implicit TLS in front of the POP3 server (port 995); "" disables
	IMAPS       string        // implicit TLS in front of the IMAP server (port 993); "" disables
	Store       string        // the built-in world's folder for mailboxes: STORE/<user>/<uid>.eml
	Public      bool          // allow addresses other than loopback
	World       World         // the built-in world; its zero value means DefaultWorld
	MaxConns    int           // per service; 0 means 20
	SMTPIdle    time.Duration // SMTP and submission: a complete command line within it; 0 means SMTPIdle, 5 minutes (RFC 5321 §4.5.3.2.7)
	MaxSize     int           // the built-in world's message size limit in octets; 0 means smtp.DefaultMaxSize
	Log         io.Writer     // one line per connection event and trace event; nil discards
	// Now is the built-in world's clock; nil means time.Now. With a Sim it only says
	// when the world's virtual clock starts.
	Now func() time.Time
	// Sim, when set, replaces World and Store: the services are the servers of a
	// lesson's or scenario's world that runs in real time (see Sim).
	Sim *Sim
	// POP3Idle and IMAPIdle are the autologout timers of POP3 (0 means POP3Idle, 10
	// minutes, RFC 1939 §3) and IMAP (0 means IMAPIdle, 30 minutes, RFC 9051 §5.4).
	POP3Idle, IMAPIdle time.Duration
	// MaxSession is the longest a connection may last, however busy; 0 means
	// MaxSession, an hour.
	MaxSession time.Duration
}

// The default timers of Config.
const (
	SMTPIdle   = smtp.ServerTimeout // 5 minutes, RFC 5321 §4.5.3.2.7
	POP3Idle   = 10 * time.Minute   // RFC 1939 §3: at least 10 minutes
	IMAPIdle   = 30 * time.Minute   // RFC 9051 §5.4: at least 30 minutes
	MaxSession = time.Hour
)

// idle returns the autologout timer of a service.
func (cfg *Config) idle(service string) time.Duration {
	switch service {
	case "pop3":
		return cfg.POP3Idle
	case "imap":
		return cfg.IMAPIdle
	}
	return cfg.SMTPIdle
}

// Bridge is a running set of services.
type Bridge struct {
	services []*service
	Store    *DirStore // the built-in world's mailboxes; nil with a Sim
	loop     *simLoop  // the world the services belong to
	exposed  []Exposed // with a Sim, the world's servers behind the services
}

// Start runs the world, listens on every configured address and serves in the
// background. Without a Sim the world is the built-in one (Config.World), its mail kept
// in the folder Store.
func Start(cfg Config) (*Bridge, error) {
	if cfg.Sim != nil {
		return startSim(cfg)
	}
	if cfg.Store == "" {
		return nil, errors.New("bridge: no store folder given")
	}
	if cfg.World.Domain == "" {
		cfg.World = DefaultWorld()
	}
	cfg.defaults()
	store, err := NewDirStore(cfg.Store, cfg.World.Users)
	if err != nil {
		return nil, err
	}
	w, err := cfg.World.newWorld(store, cfg.MaxSize, cfg.Now())
	if err != nil {
		return nil, fmt.Errorf("bridge: %w", err)
	}
	b, err := serve(cfg, startLoop(w, 1, cfg.Now, show(cfg.Log, nil)), cfg.World.exposed())
	if err != nil {
		return nil, err
	}
	b.Store = store
	return b, nil
}

// serve puts the world's servers exposed on the configured addresses; on failure it
// stops what runs.
func serve(cfg Config, loop *simLoop, exposed []Exposed) (*Bridge, error) {
	logger := log.New(cfg.Log, "", log.LstdFlags)
	b := &Bridge{loop: loop}
	addrs := map[string]string{"smtp": cfg.SMTP, "submission": cfg.Submission, "pop3": cfg.POP3, "imap": cfg.IMAP,
		"submissions": cfg.Submissions, "pop3s": cfg.POP3S, "imaps": cfg.IMAPS}
	busy := map[string]func(host string) []byte{
		"smtp":       func(h string) []byte { return smtp.ReasonConnTooMany.Reply(h).Wire() },
		"submission": func(h string) []byte { return smtp.ReasonConnTooMany.Reply(h).Wire() },
		"pop3":       func(string) []byte { return []byte("-ERR [SYS/TEMP] too many connections\r\n") },
		"imap":       func(string) []byte { return []byte("* BYE [UNAVAILABLE] too many connections\r\n") },
	}
	for _, ex := range withImplicitTLS(exposed, cfg.TLS != nil) {
		svc := &service{name: ex.Service, tls: cfg.TLS, implicit: ex.Service != ex.plain()}
		if !svc.implicit { // a busy implicit-TLS service closes without a word: the client expects a handshake
			svc.busy = busy[ex.Service](ex.Host)
		}
		plain := ex
		plain.Service = ex.plain()
		mode := svc.tlsMode()
		svc.newEngine = func(remote net.Addr) (engine, error) { return newSimEngine(loop, plain, remote, mode) }
		if cfg.Sim != nil {
			svc.about = ex.String()
		}
		if err := b.listen(addrs[ex.Service], svc, cfg, logger); err != nil {
			return nil, err
		}
		if addrs[ex.Service] != "" && cfg.Sim != nil {
			b.exposed = append(b.exposed, ex)
		}
	}
	if len(b.services) == 0 {
		b.Close()
		return nil, errors.New("bridge: no service to run")
	}
	return b, nil
}

// listen starts svc on addr ("" leaves it off); on failure it closes what runs.
func (b *Bridge) listen(addr string, svc *service, cfg Config, logger *log.Logger) error {
	if addr == "" {
		return nil
	}
	if err := listen.CheckAddr(addr, cfg.Public); err != nil {
		b.Close()
		return fmt.Errorf("bridge %s: %w", svc.name, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		b.Close()
		return fmt.Errorf("bridge %s: %w", svc.name, err)
	}
	svc.ln, svc.maxConns, svc.logf = ln, cfg.MaxConns, logger.Printf
	svc.idle, svc.session = cfg.idle(svc.name), cfg.MaxSession
	svc.conns = map[net.Conn]bool{}
	svc.wg.Add(1)
	go svc.serve()
	b.services = append(b.services, svc)
	return nil
}

// defaults fills in the limits a Config left out.
func (cfg *Config) defaults() {
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 20
	}
	for _, t := range []struct {
		timer *time.Duration
		def   time.Duration
	}{{&cfg.SMTPIdle, SMTPIdle}, {&cfg.POP3Idle, POP3Idle}, {&cfg.IMAPIdle, IMAPIdle}, {&cfg.MaxSession, MaxSession}} {
		if *t.timer <= 0 {
			*t.timer = t.def
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Log = logWriter(cfg.Log)
}

// startSim runs a simulated world and puts its servers on the configured addresses.
func startSim(cfg Config) (*Bridge, error) {
	s := cfg.Sim
	if s.Speed == 0 {
		s.Speed = 1
	}
	if !(s.Speed >= MinSpeed && s.Speed <= MaxSpeed) { // NaN fails every comparison
		return nil, fmt.Errorf("bridge: speed %v: must be from %v to %v", s.Speed, MinSpeed, MaxSpeed)
	}
	cfg.defaults()
	exposed, err := Plan(&s.Scenario, s.Domain)
	if err != nil {
		return nil, fmt.Errorf("bridge: %w", err)
	}
	// The virtual clock starts at Now, so that Date: and Received: fields look right in
	// a mail program, and runs with real time, Speed times as fast.
	return serve(cfg, startLoop(newWorld(s, cfg.Now()), s.Speed, time.Now, show(cfg.Log, s.OnEvent)), exposed)
}

// Addr returns the address a service listens on ("smtp", "submission", "pop3", "imap"),
// or "" if it is not running.
func (b *Bridge) Addr(name string) string {
	for _, s := range b.services {
		if s.name == name {
			return s.ln.Addr().String()
		}
	}
	return ""
}

// Services lists the running services and their addresses, in start order.
func (b *Bridge) Services() [][2]string {
	var out [][2]string
	for _, s := range b.services {
		out = append(out, [2]string{s.name, s.ln.Addr().String()})
	}
	return out
}

// About says what a service is: with a Sim, which of the world's servers answers
// there ("mx.example.net:25 (MX of example.net)"); "" otherwise.
func (b *Bridge) About(name string) string {
	for _, s := range b.services {
		if s.name == name {
			return s.about
		}
	}
	return ""
}

// Exposed lists the world's servers behind the running services; nil without a Sim.
func (b *Bridge) Exposed() []Exposed { return b.exposed }

// Outcomes returns what has become of every recipient of the simulated world so far
// (nil without a Sim).
func (b *Bridge) Outcomes() []trace.Outcome {
	if b.loop == nil || b.Store != nil {
		return nil
	}
	var out []trace.Outcome
	b.loop.do(func() { out = b.loop.w.Outcomes() })
	return out
}

// Close stops every service, waits for open connections to end, then stops the world.
func (b *Bridge) Close() {
	for _, s := range b.services {
		s.close()
	}
	b.services = nil
	if b.loop != nil {
		b.loop.stop()
		b.loop = nil
	}
}

// show prints each trace event to out as "smtpsim run" does, and hands it to onEvent.
func show(out io.Writer, onEvent func(trace.Event)) func(*trace.Trace, trace.Event) {
	text := transcript(out)
	if onEvent == nil {
		return text
	}
	return func(tr *trace.Trace, e trace.Event) { text(tr, e); onEvent(e) }
}

// logWriter makes one writer safe for the loggers and the transcript to share; nil
// discards.
func logWriter(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return &syncWriter{w: w}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
