package smtp_test

import (
	"slices"
	"strings"

	"smtpsim/sim/smtp"
)

// testPolicy is a small world for engine tests: example.org with users alice and bob
// (password "secret"), relaying only for authenticated clients, optional greylisting.
type testPolicy struct {
	smtp.Accept
	greylist  bool
	seen      map[string]bool
	connect   *smtp.Reply
	fault     func(smtp.Command) *smtp.Reply
	deliver   *smtp.Reply
	delivered []smtp.Envelope
}

func newTestPolicy() *testPolicy { return &testPolicy{seen: map[string]bool{}} }

func (p *testPolicy) Connect(*smtp.Session) *smtp.Reply { return p.connect }

func (p *testPolicy) Command(_ *smtp.Session, c smtp.Command) *smtp.Reply {
	if p.fault != nil {
		return p.fault(c)
	}
	return nil
}

func (p *testPolicy) Authenticate(_ *smtp.Session, _, user, password string) bool {
	return (user == "alice" || user == "bob") && password == "secret"
}

func (p *testPolicy) Rcpt(s *smtp.Session, to smtp.Path, _ []smtp.Param) *smtp.Reply {
	reply := func(key smtp.Reason, args ...any) *smtp.Reply { r := key.Reply(args...); return &r }
	if to.IsPostmaster() && to.Domain == "" {
		return nil
	}
	if !strings.EqualFold(to.Domain, "example.org") {
		if s.User == "" {
			return reply("rcpt.relay-denied", to.String())
		}
		return nil
	}
	switch strings.ToLower(to.Local) {
	case "alice", "bob", "postmaster":
	default:
		return reply("rcpt.unknown-user", to.String())
	}
	if p.greylist {
		key := s.RemoteAddr + "|" + s.From.String() + "|" + to.String()
		if !p.seen[key] {
			p.seen[key] = true
			return reply("rcpt.greylisted", to.String())
		}
	}
	return nil
}

func (p *testPolicy) Deliver(_ *smtp.Session, env smtp.Envelope) *smtp.Reply {
	if p.deliver != nil {
		return p.deliver
	}
	env.Data = slices.Clone(env.Data) // the engine reuses its buffer for the next message
	p.delivered = append(p.delivered, env)
	return nil
}
