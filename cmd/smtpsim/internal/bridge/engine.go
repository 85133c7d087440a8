package bridge

import (
	"smtpsim/sim/imap"
	"smtpsim/sim/pop3"
	"smtpsim/sim/smtp"
)

// engine is what a connection loop needs of a sans-IO server engine: octets in,
// octets out, what to say when the client idles too long, and word that the
// connection is gone.
type engine interface {
	start() []byte
	feed(p []byte) []byte
	timeout() []byte
	done() bool
	close()
}

type smtpEngine struct{ s *smtp.Server }

func (e smtpEngine) start() []byte   { return e.s.Greeting().Wire() }
func (e smtpEngine) timeout() []byte { return e.s.Timeout().Wire() }
func (e smtpEngine) done() bool      { return e.s.Done() }
func (e smtpEngine) close()          {}
func (e smtpEngine) feed(p []byte) []byte {
	var out []byte
	for _, r := range e.s.Feed(p) {
		out = append(out, r.Wire()...)
	}
	return out
}

type pop3Engine struct{ s *pop3.Server }

func (e pop3Engine) start() []byte   { return e.s.Greeting().Wire() }
func (e pop3Engine) timeout() []byte { return wires(e.s.Timeout()) }
func (e pop3Engine) done() bool      { return e.s.Done() }
func (e pop3Engine) close()          {}
func (e pop3Engine) feed(p []byte) []byte {
	return wires(e.s.Feed(p))
}

type imapEngine struct{ s *imap.Server }

func (e imapEngine) start() []byte   { return e.s.Greeting().Wire() }
func (e imapEngine) timeout() []byte { return wires(e.s.Timeout()) }
func (e imapEngine) done() bool      { return e.s.Done() }
func (e imapEngine) close()          {}
func (e imapEngine) feed(p []byte) []byte {
	return wires(e.s.Feed(p))
}

func wires[R interface{ Wire() []byte }](rs []R) []byte {
	var out []byte
	for _, r := range rs {
		out = append(out, r.Wire()...)
	}
	return out
}
