package imap

import (
	"strings"
)

// This file holds the commands about the connection itself: CAPABILITY,
// NOOP, LOGOUT, LOGIN, ENABLE, NAMESPACE, and the answer to commands the
// simulator does not offer.

// cmdCapability lists what the server supports (RFC 9051 §6.1.1).
func cmdCapability(c *call) {
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	c.data([]byte("CAPABILITY "+c.s.capabilities()), reasonCapability)
	c.ok("", "CAPABILITY completed", reasonCapabilityOK)
}

// cmdNoop does nothing; the server uses it to report mailbox updates, which
// execute adds before the tagged OK (RFC 9051 §6.1.2).
func cmdNoop(c *call) {
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	c.ok("", "NOOP completed", reasonNoop)
}

// cmdLogout ends the session: untagged BYE, then the tagged OK
// (RFC 9051 §6.1.3). Messages marked \Deleted stay, as only EXPUNGE and
// CLOSE remove them.
func cmdLogout(c *call) {
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	c.untagged("BYE", "", c.s.cfg.Hostname+" IMAP4rev2 server logging out", reasonLogout)
	c.ok("", "LOGOUT completed", reasonLogoutOK)
	c.s.state = loggedOut
	c.s.inbox, c.s.box, c.s.view = nil, nil, nil
}

// cmdLogin checks a user name and password (RFC 9051 §6.2.3). RFC 9051
// forbids LOGIN on a connection without TLS; this simulator allows it on
// purpose, because it teaches the protocol on loopback and in the browser,
// where there is no TLS and the passwords are made up.
func cmdLogin(c *call) {
	err := c.p.sp()
	var user string
	if err == nil {
		user, err = c.p.astring()
	}
	if err == nil {
		err = c.p.sp()
	}
	var password string
	if err == nil {
		password, err = c.p.astring()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	c.login(user, password, "LOGIN completed", reasonLoginOK)
}

// cmdEnable turns on IMAP4rev2 behaviour and ignores other extensions it
// does not know; ENABLED lists only what was newly enabled (RFC 9051
// §6.3.1, RFC 5161 §3.1).
func cmdEnable(c *call) {
	var names []string
	for {
		if err := c.p.sp(); err != nil {
			c.syntax(err)
			return
		}
		name, err := c.p.atom()
		if err != nil {
			c.syntax(err)
			return
		}
		names = append(names, name)
		if c.p.atEnd() {
			break
		}
	}
	body := []byte("ENABLED")
	for _, name := range names {
		if strings.EqualFold(name, "IMAP4rev2") && !c.s.rev2 {
			c.s.rev2 = true
			body = append(body, " IMAP4rev2"...)
		}
	}
	c.data(body, reasonEnabled)
	c.ok("", "ENABLE completed", reasonEnableOK)
}

// cmdNamespace names the one personal namespace, with "/" as the
// hierarchy delimiter (RFC 9051 §6.3.10).
func cmdNamespace(c *call) {
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	c.data([]byte(`NAMESPACE (("" "/")) NIL NIL`), reasonNamespace)
	c.ok("", "NAMESPACE completed", reasonNamespaceOK)
}

// cmdCheck is IMAP4rev1's checkpoint, a no-op here since every change is
// stored at once (RFC 3501 §6.4.1; IMAP4rev2 dropped it).
func cmdCheck(c *call) {
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	c.ok("", "CHECK completed", reasonCheckOK)
}

// cmdNotSupported answers RFC 9051 commands that the simulator does not
// implement: the command is valid, so NO rather than BAD (RFC 9051 §7.1
// CANNOT).
// cmdStartTLS agrees to start TLS (RFC 9051 §6.2.1) when the caller can run it.
func cmdStartTLS(c *call) {
	switch {
	case !c.s.cfg.StartTLS && !c.s.cfg.Secure:
		cmdNotSupported(c)
		return
	case c.p.end() != nil:
		c.bad("", "STARTTLS takes no arguments", reasonBadSyntax)
		return
	case c.s.secure:
		c.bad("", "TLS already active", reasonTLSActive)
		return
	}
	c.s.secure = true
	c.ok("", "Begin TLS negotiation now", reasonStartTLS)
}

func cmdNotSupported(c *call) {
	c.no("CANNOT", c.name+" is not part of this simulator", reasonNotSupported)
}
