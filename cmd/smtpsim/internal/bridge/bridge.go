// Package bridge runs the simulator's protocol engines on real loopback sockets, so
// that real mail programs (Python's smtplib, swaks, Thunderbird) can talk to them.
package bridge

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync/atomic"
	"time"

	"smtpsim/sim/imap"
	"smtpsim/sim/pop3"
	"smtpsim/sim/smtp"
)

// Config says where to listen and how much a client may use.
type Config struct {
	SMTP       string // MX-like SMTP: AUTH offered, relaying only after AUTH; "" disables
	Submission string // submission: AUTH required (RFC 6409); "" disables
	POP3       string
	IMAP       string
	Store      string // folder for mailboxes: STORE/<user>/<uid>.eml
	Public     bool   // allow addresses other than loopback
	World      World
	MaxConns   int           // per service; 0 means 20
	Idle       time.Duration // 0 means 5 minutes (RFC 5321 §4.5.3.2)
	MaxSize    int           // message size limit in octets; 0 means 10 MiB
	Log        io.Writer     // one line per connection event; nil discards
	Now        func() time.Time
}

// Bridge is a running set of services.
type Bridge struct {
	services []*service
	Store    *DirStore
}

// Start listens on every configured address and serves in the background.
func Start(cfg Config) (*Bridge, error) {
	if cfg.Store == "" {
		return nil, errors.New("bridge: no store folder given")
	}
	if cfg.World.Domain == "" {
		cfg.World = DefaultWorld()
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 20
	}
	if cfg.Idle <= 0 {
		cfg.Idle = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	out := cfg.Log
	if out == nil {
		out = io.Discard
	}
	logger := log.New(out, "", log.LstdFlags)
	store, err := NewDirStore(cfg.Store, cfg.World.Users)
	if err != nil {
		return nil, err
	}
	b := &Bridge{Store: store}
	ids := new(atomic.Uint64)
	smtpService := func(name string, submission bool) *service {
		scfg := smtp.Config{Hostname: cfg.World.Hostname, MaxSize: cfg.MaxSize, Auth: true, RequireAuth: submission}
		pol := &policy{world: &cfg.World, store: store, submission: submission, now: cfg.Now, ids: ids, logf: logger.Printf}
		return &service{name: name, newEngine: func(remote net.Addr) engine {
			return smtpEngine{smtp.NewServer(scfg, pol, remote.String())}
		}, busy: smtp.ReplyFor("conn.too-many", cfg.World.Hostname).Wire()}
	}
	type plan struct {
		addr string
		svc  *service
	}
	plans := []plan{
		{cfg.SMTP, smtpService("smtp", false)},
		{cfg.Submission, smtpService("submission", true)},
		{cfg.POP3, &service{name: "pop3", newEngine: func(net.Addr) engine {
			return pop3Engine{pop3.NewServer(pop3.Config{Hostname: cfg.World.Hostname}, store)}
		}, busy: []byte("-ERR [SYS/TEMP] too many connections\r\n")}},
		{cfg.IMAP, &service{name: "imap", newEngine: func(net.Addr) engine {
			return imapEngine{imap.NewServer(imap.Config{Hostname: cfg.World.Hostname}, store)}
		}, busy: []byte("* BYE [UNAVAILABLE] too many connections\r\n")}},
	}
	for _, p := range plans {
		if p.addr == "" {
			continue
		}
		if err := checkAddr(p.addr, cfg.Public); err != nil {
			b.Close()
			return nil, fmt.Errorf("bridge %s: %w", p.svc.name, err)
		}
		ln, err := net.Listen("tcp", p.addr)
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("bridge %s: %w", p.svc.name, err)
		}
		p.svc.ln, p.svc.maxConns, p.svc.idle, p.svc.logf = ln, cfg.MaxConns, cfg.Idle, logger.Printf
		p.svc.conns = map[net.Conn]bool{}
		p.svc.wg.Add(1)
		go p.svc.serve()
		b.services = append(b.services, p.svc)
	}
	if len(b.services) == 0 {
		return nil, errors.New("bridge: no service to run")
	}
	return b, nil
}

// checkAddr refuses addresses that would expose the bridge beyond this machine unless
// the user asked for it: it accepts anyone's mail and knows fixed passwords.
func checkAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("bad address %q: %w", addr, err)
	}
	if public || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%q is not a loopback address; add --public to listen there", addr)
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

// Close stops every service and waits for open connections to end.
func (b *Bridge) Close() {
	for _, s := range b.services {
		s.close()
	}
}
