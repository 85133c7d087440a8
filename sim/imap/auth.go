package imap

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"

	"smtpsim/sim/mailbox"
)

// This file holds AUTHENTICATE (RFC 9051 §6.2.2) with the one SASL
// mechanism every IMAP4rev2 server must offer, PLAIN (RFC 4616, RFC 9051
// §6.1.1), and the initial response of SASL-IR (RFC 4959), which is part of
// IMAP4rev2 and is how curl logs in. Like LOGIN it works without TLS on
// purpose: the passwords are made up and seeing them travel is part of the
// lesson.

// cmdAuthenticate starts a SASL exchange. With an initial response the
// exchange is over at once; without, the server sends an empty challenge
// "+ " and reads the client's response as the next line.
func cmdAuthenticate(c *call) {
	err := c.p.sp()
	var mech string
	if err == nil {
		mech, err = c.p.atom()
	}
	initial, hasInitial := "", false
	if err == nil && c.p.consume(' ') {
		initial, err = c.p.atom()
		hasInitial = true
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	if !strings.EqualFold(mech, "PLAIN") {
		c.no("", "Authentication mechanism "+mech+" is not offered; this server offers AUTHENTICATE PLAIN", reasonAuthMechanism)
		return
	}
	if !hasInitial {
		c.s.authTag = c.tag
		c.out = append(c.out, authChallenge())
		return
	}
	if initial == "=" {
		// "=" is the empty initial response (RFC 4959 §3).
		initial = ""
	}
	c.plain(initial)
}

// authChallenge is the empty server challenge of PLAIN: "+" and a space
// (RFC 9051 §7.6, RFC 4616 §2).
func authChallenge() Response {
	return Response{Tag: "+", Reason: reasonAuthChallenge, Data: []byte("+ \r\n")}
}

// continueAuth takes the client's line after the challenge.
func (s *Server) continueAuth(line []byte) []Response {
	c := &call{s: s, tag: s.authTag, name: "AUTHENTICATE"}
	s.authTag = ""
	if string(line) == "*" {
		// The client gave up (RFC 9051 §6.2.2).
		c.bad("", "AUTHENTICATE cancelled by the client", reasonAuthCancelled)
		return c.out
	}
	c.plain(string(line))
	return c.out
}

// plain checks a PLAIN response: base64 of authzid NUL authcid NUL password
// (RFC 4616 §2).
func (c *call) plain(resp string) {
	msg, err := base64.StdEncoding.DecodeString(resp)
	if err != nil {
		// Invalid base64 gets BAD (RFC 9051 §6.2.2).
		c.bad("", "AUTHENTICATE response is not valid base64", reasonAuthCancelled)
		return
	}
	fields := bytes.Split(msg, []byte{0})
	if len(fields) != 3 {
		c.bad("", "PLAIN response must be authorization identity, NUL, user name, NUL, password", reasonAuthCancelled)
		return
	}
	authz, user, password := string(fields[0]), string(fields[1]), string(fields[2])
	if authz != "" && authz != user {
		// Acting as another user is not offered (RFC 9051 §7.1 AUTHORIZATIONFAILED).
		c.no("AUTHORIZATIONFAILED", "User "+user+" may not act as "+authz, reasonAuthzFailed)
		return
	}
	c.login(user, password, "AUTHENTICATE completed", reasonAuthenticateOK)
}

// login opens user's mailbox and moves to the authenticated state, for
// LOGIN and AUTHENTICATE alike.
func (c *call) login(user, password, text string, ok Reason) {
	box, err := c.s.store.Login(user, password)
	switch {
	case errors.Is(err, mailbox.ErrBadCredentials):
		// The same answer for an unknown user and a wrong password, so
		// that the reply does not reveal which users exist.
		c.no("AUTHENTICATIONFAILED", "Invalid credentials", reasonAuthFailed)
		return
	case err != nil:
		c.no("UNAVAILABLE", "Mailbox store unavailable, try again later", reasonLoginUnavailable)
		return
	}
	c.s.inbox, c.s.box = box, box
	c.s.state = authenticated
	c.ok("CAPABILITY "+capabilities, text, ok)
}
