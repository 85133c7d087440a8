package world

import (
	"fmt"

	"smtpsim/sim/fault"
	"smtpsim/sim/imap"
	"smtpsim/sim/pop3"
	"smtpsim/sim/scenario"
	"smtpsim/sim/session"
	"smtpsim/sim/trace"
)

// fetch picks up the user's mail from the mailbox host with POP3 (port 110) or
// IMAP (port 143), logging in with the user's name and password.
func (m *mua) fetch(f scenario.Fetch) {
	w := m.w
	mx, ok := w.sc.HostFor(scenario.RoleMX, scenario.Domain(m.user.Address))
	if !ok {
		return
	}
	server := w.byName[lower(mx.Name)]
	password := f.Password
	if password == "" {
		password = m.user.Password
	}
	if flt := w.fault(fault.WrongPassword, m.user.Address, nil); flt != nil {
		password = "not-" + password
		w.faultEvent(flt, m.name, m.user.Address+" types a wrong password")
	}
	// What each client reports at the end: how many messages it got, and why it
	// failed, if it did (Stage, Line, Reason, and as Text the failure in words).
	var (
		cli    session.Client
		port   int
		proto  string
		result func() (int, trace.Event)
	)
	switch f.Protocol {
	case "imap":
		c := imap.NewClient(imap.ClientConfig{User: m.user.LoginName(), Password: password, Delete: f.Delete})
		cli, port, proto = c, 143, "imap"
		result = func() (int, trace.Event) {
			var ev trace.Event
			if e := c.Err(); e != nil {
				ev.Stage, ev.Line, ev.Text = e.Stage, e.Line, fmt.Sprintf("failed at %s: %s", e.Stage, e.Line)
			}
			return len(c.Messages()), ev
		}
	default:
		c := pop3.NewClient(pop3.ClientConfig{User: m.user.LoginName(), Password: password, Delete: f.Delete})
		cli, port, proto = c, 110, "pop3"
		result = func() (int, trace.Event) {
			ev := trace.Event{Text: failureText(c.Err())}
			if e := c.Err(); e != nil {
				ev.Stage, ev.Line, ev.Reason = e.Stage, e.Line, string(e.Reason)
			}
			return len(c.Messages()), ev
		}
	}
	w.dial(m.name, "", server, port, proto, "", cli, m.ip, func(c *conn) {
		n, failed := result()
		m.fetched(server, n, connectFailed(c, failed))
	})
}

// connectFailed replaces what a retrieval client reports with the plain fact when the
// connection was never made: the client only knows it lost a session it never had.
func connectFailed(c *conn, ev trace.Event) trace.Event {
	if c.failure == "" {
		return ev
	}
	return trace.Event{Stage: "connection", Failure: c.failure,
		Text: "failed to connect: " + connectFailureText(c.failure, c.server.name, c.server.ip, c.port)}
}

// fetched records what the user's client got; failed holds why it failed, if it did
// (Stage, Line, Reason, and as Text the failure in words).
func (m *mua) fetched(server *host, n int, failed trace.Event) {
	text := fmt.Sprintf("%s has %d message(s)", m.user.Address, n)
	if failed.Text != "" {
		text += "; " + failed.Text
	}
	m.w.emit(&trace.Event{Kind: trace.KindFetch, Actor: m.name, Peer: server.name, Mailbox: m.user.Address, Count: n,
		Stage: failed.Stage, Line: failed.Line, Reason: failed.Reason, Failure: failed.Failure, Text: text})
}

func failureText(f *pop3.Failure) string {
	if f == nil {
		return ""
	}
	if f.Line == "" {
		return fmt.Sprintf("failed at %s: %s", f.Stage, pop3.FailureReasons[f.Reason].Text)
	}
	return fmt.Sprintf("failed at %s: %s", f.Stage, f.Line)
}
