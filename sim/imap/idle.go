package imap

import "strings"

// This file holds IDLE (RFC 9051 §6.3.13). The client says IDLE, the server
// answers "+ idling", and from then on the server may send untagged updates
// (EXISTS, EXPUNGE, FETCH FLAGS) at any time, until the client sends DONE.
//
// The engine has no clock and does not watch the store. Whoever drives it
// (the simulation's host, the bridge) calls Changed when the store may have
// changed: after a delivery, after another session's command, or on a timer.
// Changed returns the updates to write at once while the client idles, and
// nothing otherwise: outside IDLE the updates go out with the next command's
// answer, as before (§5.2).

// cmdIdle starts idling.
func cmdIdle(c *call) {
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	c.s.idleTag = c.tag
	c.out = append(c.out, Response{Tag: "+", Text: "idling", Data: []byte("+ idling\r\n"), Reason: reasonIdling})
}

// endIdle takes the client's line during IDLE: DONE ends it (§6.3.13);
// anything else is a protocol error that ends it too.
func (s *Server) endIdle(line []byte) []Response {
	c := &call{s: s, tag: s.idleTag, name: "IDLE"}
	s.idleTag = ""
	if s.state == selected {
		c.out = append(c.out, s.updates(true)...)
	}
	if !strings.EqualFold(string(line), "DONE") {
		c.bad("", "Expected DONE to end IDLE; IDLE ended", reasonIdleNotDone)
		return c.out
	}
	c.ok("", "IDLE terminated", reasonIdleOK)
	return c.out
}

// Idling reports whether the client is in IDLE, waiting for updates.
func (s *Server) Idling() bool { return s.idleTag != "" && s.state != loggedOut }

// Changed tells the server that the mailbox store may have changed. While the
// client idles with a mailbox selected, it returns the untagged updates to
// send now: new messages, changed flags, removed messages (RFC 9051
// §6.3.13, §7.4.1, §7.5.1); otherwise nothing.
func (s *Server) Changed() []Response {
	if !s.Idling() || s.state != selected {
		return nil
	}
	return s.updates(true)
}
