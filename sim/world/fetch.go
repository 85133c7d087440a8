package world

import (
	"fmt"

	"smtpsim/sim/fault"
	"smtpsim/sim/imap"
	"smtpsim/sim/pop3"
	"smtpsim/sim/scenario"
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
	switch f.Protocol {
	case "imap":
		m.fetchIMAP(server, password, f)
	default:
		cli := pop3.NewClient(pop3.ClientConfig{User: m.user.Address, Password: password, Delete: f.Delete})
		var c *conn
		c = w.dial(m.name, "", server, 110, "pop3", "", pop3Client{cli}, func(*conn) serverEngine { return server.pop3ServerFor() }, func() {
			ev := trace.Event{Text: failureText(cli.Err())}
			if f := cli.Err(); f != nil {
				ev.Stage, ev.Line, ev.Reason = f.Stage, f.Line, string(f.Reason)
			}
			m.fetched(server, len(cli.Messages()), connectFailed(c, ev))
		})
	}
}

// fetchIMAP is fetch over IMAP.
func (m *mua) fetchIMAP(server *host, password string, f scenario.Fetch) {
	cli := imap.NewClient(imap.ClientConfig{User: m.user.Address, Password: password, Delete: f.Delete})
	var c *conn
	c = m.w.dial(m.name, "", server, 143, "imap", "", imapClient{cli}, func(*conn) serverEngine { return server.imapServerFor() }, func() {
		var ev trace.Event
		if e := cli.Err(); e != nil {
			ev.Stage, ev.Line, ev.Text = e.Stage, e.Line, fmt.Sprintf("failed at %s: %s", e.Stage, e.Line)
		}
		m.fetched(server, len(cli.Messages()), connectFailed(c, ev))
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

type imapClient struct{ c *imap.Client }

func (a imapClient) feed(p []byte) []byte { return a.c.Feed(p) }
func (a imapClient) done() bool           { return a.c.Done() }
func (a imapClient) lost(bool)            { a.c.Lost() }
func (a imapClient) unreachable(string)   { a.c.Lost() }
func (a imapClient) timeout() []byte      { return a.c.Timeout() }

// fetched records what the user's client got; failed holds why it failed, if it did
// (Stage, Line, Reason, and as Text the failure in words).
func (m *mua) fetched(server *host, n int, failed trace.Event) {
	text := fmt.Sprintf("%s has %d message(s)", m.user.Address, n)
	if failed.Text != "" {
		text += "; " + failed.Text
	}
	m.w.emit(trace.Event{Kind: trace.KindFetch, Actor: m.name, Peer: server.name, Mailbox: m.user.Address, Count: n,
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

type pop3Client struct{ c *pop3.Client }

func (a pop3Client) feed(p []byte) []byte { return a.c.Feed(p) }
func (a pop3Client) done() bool           { return a.c.Done() }
func (a pop3Client) lost(bool)            { a.c.Lost() }
func (a pop3Client) unreachable(string)   { a.c.Lost() }
func (a pop3Client) timeout() []byte      { return a.c.Timeout() }
