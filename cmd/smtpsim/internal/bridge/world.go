package bridge

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"smtpsim/sim/mail"
	"smtpsim/sim/smtp"
)

// World is the mail domain the bridge plays: one local domain with its users.
type World struct {
	Domain   string            // the local domain, e.g. example.org
	Hostname string            // the server's name in greetings and Received: fields
	Users    map[string]string // user name → password; each user has a mailbox
	Aliases  map[string]string // local part → user (postmaster must exist, RFC 5321 §4.5.1)
}

// DefaultWorld is example.org with mailboxes alice and bob, both with password
// "secret", and postmaster delivered to alice.
func DefaultWorld() World {
	return World{
		Domain:   "example.org",
		Hostname: "mx.example.org",
		Users:    map[string]string{"alice": "secret", "bob": "secret"},
		Aliases:  map[string]string{"postmaster": "alice"},
	}
}

// mailboxFor returns the user whose mailbox receives mail for local part, if any.
func (w *World) mailboxFor(local string) (string, bool) {
	local = strings.ToLower(local)
	if u, ok := w.Aliases[local]; ok {
		return u, true
	}
	_, ok := w.Users[local]
	return local, ok
}

func (w *World) isLocal(p smtp.Path) bool {
	return p.Domain == "" || strings.EqualFold(p.Domain, w.Domain)
}

// outboundFolder holds relayed mail for other domains: this first bridge has no
// network beyond its own domain, so it keeps such mail where a learner can read it.
const outboundFolder = "outbound"

// policy is the bridge's smtp.Policy: local users exist, other domains are relayed
// only for authenticated clients, and the submission port needs AUTH and a sender the
// user owns (RFC 6409 §4.3, §6.1).
type policy struct {
	smtp.Accept
	world      *World
	store      *DirStore
	submission bool
	now        func() time.Time
	ids        *atomic.Uint64
	logf       func(format string, args ...any)
}

func refuse(r smtp.Reply) *smtp.Reply { return &r }

// Authenticate implements smtp.Policy.
func (p *policy) Authenticate(_ *smtp.Session, identity, user, password string) bool {
	if identity != "" && identity != user {
		return false // acting as another user is not allowed here
	}
	want, ok := p.world.Users[strings.ToLower(user)]
	return ok && want == password
}

// Mail implements smtp.Policy.
func (p *policy) Mail(s *smtp.Session, from smtp.Path, _ []smtp.Param) *smtp.Reply {
	if p.submission && !(strings.EqualFold(from.Local, s.User) && strings.EqualFold(from.Domain, p.world.Domain)) {
		return refuse(smtp.ReasonMailSenderRefused.Reply(from.String(), s.User))
	}
	return nil
}

// Rcpt implements smtp.Policy.
func (p *policy) Rcpt(s *smtp.Session, to smtp.Path, _ []smtp.Param) *smtp.Reply {
	if p.world.isLocal(to) {
		if _, ok := p.world.mailboxFor(to.Local); !ok {
			return refuse(smtp.ReasonRcptUnknownUser.Reply(to.String()))
		}
		return nil
	}
	if s.User == "" {
		return refuse(smtp.ReasonRcptRelayDenied.Reply(to.String()))
	}
	return nil
}

// Deliver implements smtp.Policy: local recipients get the message in their mailbox
// with Return-Path: and Received: added; relayed recipients go to the outbound folder.
func (p *policy) Deliver(s *smtp.Session, env smtp.Envelope) *smtp.Reply {
	id := fmt.Sprintf("%08X", p.ids.Add(1))
	ip := s.RemoteAddr
	if i := strings.LastIndexByte(ip, ':'); i >= 0 {
		ip = strings.Trim(ip[:i], "[]")
	}
	received := mail.Received{
		Helo: s.Helo, Host: "localhost", IP: ip, By: p.world.Hostname,
		With: mail.Protocol(s.ESMTP, s.Secure, s.User != ""), ID: id, Date: p.now(),
	}
	if len(env.To) == 1 {
		received.For = env.To[0].String()
	}
	seen := map[string]bool{}
	for _, to := range env.To {
		addr := strings.ToLower(to.String())
		if seen[addr] {
			continue // one copy per mailbox, as an MTA expands duplicates
		}
		seen[addr] = true
		var (
			where string
			err   error
		)
		if p.world.isLocal(to) {
			user, _ := p.world.mailboxFor(to.Local)
			where, err = p.store.Deliver(user, mail.Prepend(env.Data, mail.ReturnPath(env.From.String()), received.String()))
		} else {
			where, err = p.store.Spool(outboundFolder, mail.Prepend(env.Data, mail.ReturnPath(env.From.String()), "X-Original-To: "+to.String(), received.String()))
		}
		if err != nil {
			p.logf("smtp %s: message %s for <%s>: %v", s.RemoteAddr, id, to, err)
			return refuse(smtp.ReasonDataLocalError.Reply())
		}
		p.logf("smtp %s: message %s from <%s> for <%s> stored in %s", s.RemoteAddr, id, env.From, to, where)
	}
	return refuse(smtp.ReasonQueued.Reply(id))
}
