// Package imap holds I/O-free IMAP4rev2 engines (a subset of RFC 9051), a server
// and a client. They never touch a socket: bytes from the peer go into Feed, responses come
// out, and the caller writes them wherever the connection lives — inside the
// simulation or on a real TCP connection in the bridge.
//
// The server offers INBOX, read from a mailbox.Store, and the user's other
// mailboxes when the store offers them (mailbox.Folders). It speaks
// IMAP4rev1 to clients that do not ENABLE IMAP4rev2 (RFC 9051 Appendix E),
// which is what Python's imaplib expects.
//
// STARTTLS is offered only when the caller can run TLS (Config.StartTLS);
// otherwise it is answered with NO [CANNOT], so that a learner sees that the
// command was understood but is not part of this server.
package imap

import (
	"strings"

	"smtpsim/sim/mailbox"
	"smtpsim/sim/session"
)

// Config holds the server's settings. The zero value is usable.
type Config struct {
	// Hostname is named in the greeting; "localhost" when empty.
	Hostname string
	// MaxLine bounds a command line in octets, not counting CRLF or
	// literal data; DefaultMaxLine when zero.
	MaxLine int
	// MaxLiteral bounds the literal data of one command in octets;
	// DefaultMaxLiteral when zero.
	MaxLiteral int
	// StartTLS offers STARTTLS in the capabilities and accepts it (RFC 9051 §6.2.1):
	// after its OK the caller runs the TLS handshake (the bridge) or only tells of it.
	StartTLS bool
	// Secure says the connection is encrypted from its first octet (implicit TLS, the
	// imaps port of RFC 8314 §3.3): STARTTLS is neither offered nor accepted.
	Secure bool
}

// state is the connection state of RFC 9051 §3.
type state int

const (
	notAuthenticated state = iota
	authenticated
	selected
	loggedOut
)

// capabilities are announced in the greeting, after LOGIN and by
// CAPABILITY. IMAP4rev1 is listed next to IMAP4rev2 so that rev1 clients
// such as Python's imaplib accept the server (RFC 9051 Appendix E); they
// get rev1 behaviour until they ENABLE IMAP4rev2. LITERAL- is part of
// IMAP4rev2 and tells rev1 clients they may use {n+} up to 4096 octets
// (RFC 7888). AUTH=PLAIN is the mechanism every server must offer (RFC 9051
// §6.1.1); SASL-IR, IDLE, UIDPLUS, MOVE, LIST-EXTENDED, LIST-STATUS, SPECIAL-USE and
// BINARY are part of IMAP4rev2 and are named for rev1 clients, such as curl
// and Thunderbird, that look for them.
const capabilities = "IMAP4rev2 IMAP4rev1 AUTH=PLAIN SASL-IR ENABLE IDLE LITERAL- NAMESPACE UNSELECT UIDPLUS MOVE LIST-EXTENDED LIST-STATUS SPECIAL-USE BINARY"

// Server is one IMAP connection's server side. It is not safe for
// concurrent use; a connection drives it from one goroutine.
type Server struct {
	cfg   Config
	store mailbox.Store
	frame framer
	state state

	inbox    mailbox.Mailbox   // the logged-in user's INBOX, which may also offer mailbox.Folders
	box      mailbox.Mailbox   // the selected mailbox
	boxName  string            // its name
	readOnly bool              // selected with EXAMINE (RFC 9051 §6.3.3)
	view     []mailbox.Message // the session's message sequence numbers: view[i] is message i+1
	rev2     bool              // the client sent ENABLE IMAP4rev2
	secure   bool              // TLS is running: from the start, or since STARTTLS
	authTag  string            // the tag of an AUTHENTICATE waiting for the client's response
	idleTag  string            // the tag of the IDLE the client is in, until DONE
}

// Server keeps the contract of package session, and can notify an idling client.
var (
	_ session.Server[Response]   = (*Server)(nil)
	_ session.Notifier[Response] = (*Server)(nil)
)

// NewServer returns a server in the not authenticated state. store checks
// passwords and opens mailboxes.
func NewServer(cfg Config, store mailbox.Store) *Server {
	if cfg.Hostname == "" {
		cfg.Hostname = "localhost"
	}
	if cfg.MaxLine <= 0 {
		cfg.MaxLine = DefaultMaxLine
	}
	if cfg.MaxLiteral <= 0 {
		cfg.MaxLiteral = DefaultMaxLiteral
	}
	return &Server{
		cfg:    cfg,
		store:  store,
		frame:  framer{maxLine: cfg.MaxLine, maxLiteral: cfg.MaxLiteral},
		secure: cfg.Secure,
	}
}

// capabilities is what the server can do now: STARTTLS only while it may still start.
func (s *Server) capabilities() string {
	if s.cfg.StartTLS && !s.secure && s.state == notAuthenticated {
		return capabilities + " STARTTLS"
	}
	return capabilities
}

// Greeting returns the first response, sent when the connection opens. It
// carries the capabilities so that clients need not ask (RFC 9051 §7.1.1).
func (s *Server) Greeting() Response {
	return statusResponse("*", "OK", "CAPABILITY "+s.capabilities(), s.cfg.Hostname+" IMAP4rev2 server ready", reasonGreeting)
}

// Feed takes bytes from the client, in any chunking, and returns the
// responses to every command they complete, in order: pipelined commands
// are answered one after the other. A continuation request is returned as
// soon as a synchronizing literal is announced. Input after LOGOUT or BYE
// is ignored.
func (s *Server) Feed(p []byte) []Response {
	var out []Response
	for len(p) > 0 && s.state != loggedOut {
		n, cmd, resp := s.frame.next(p)
		p = p[n:]
		if resp != nil {
			out = append(out, *resp)
		}
		switch {
		case cmd != nil && s.idleTag != "":
			out = append(out, s.endIdle(cmd)...)
		case cmd != nil && s.authTag != "":
			out = append(out, s.continueAuth(cmd)...)
		case cmd != nil:
			rs := s.execute(cmd)
			out = append(out, rs...)
			if len(rs) > 0 && rs[len(rs)-1].Reason == reasonStartTLS {
				// RFC 9051 §6.2.1: what the client sent after STARTTLS came in the clear
				// and is discarded; the TLS handshake comes next.
				s.frame = framer{maxLine: s.cfg.MaxLine, maxLiteral: s.cfg.MaxLiteral}
				return out
			}
		}
	}
	return out
}

// Timeout ends an idle connection with an untagged BYE (RFC 9051 §5.4).
// The caller decides when the client has been idle too long; the engine
// has no clock.
func (s *Server) Timeout() []Response {
	if s.state == loggedOut {
		return nil
	}
	s.state = loggedOut
	return []Response{statusResponse("*", "BYE", "", "Autologout; idle for too long", reasonAutologout)}
}

// Done reports whether the connection is over: the caller writes the last
// responses and closes it.
func (s *Server) Done() bool { return s.state == loggedOut }

// need says in which states a command is valid (RFC 9051 §6).
type need int

const (
	anyState         need = iota
	needNotAuth           // §6.2
	needAuth              // §6.3: authenticated or selected
	needAuthNoSelect      // ENABLE: authenticated, before any SELECT (RFC 5161 §3.1)
	needSelected          // §6.4
)

// command is one entry of the command table.
type command struct {
	need need
	run  func(*call)
	// expungeOK is false for FETCH, STORE and SEARCH: while answering them
	// the server must not send EXPUNGE, as that would renumber the
	// messages the client is reading about (RFC 9051 §7.5.1).
	expungeOK bool
}

// lookup finds a command by its upper-case name; UID commands are named
// "UID FETCH" and so on.
func lookup(name string) (command, bool) {
	switch name {
	case "CAPABILITY":
		return command{anyState, cmdCapability, true}, true
	case "NOOP":
		return command{anyState, cmdNoop, true}, true
	case "LOGOUT":
		return command{anyState, cmdLogout, true}, true
	case "LOGIN":
		return command{needNotAuth, cmdLogin, true}, true
	case "AUTHENTICATE":
		return command{needNotAuth, cmdAuthenticate, true}, true
	case "STARTTLS":
		return command{needNotAuth, cmdStartTLS, true}, true
	case "ENABLE":
		return command{needAuthNoSelect, cmdEnable, true}, true
	case "SELECT":
		return command{needAuth, cmdSelect, true}, true
	case "EXAMINE":
		return command{needAuth, cmdExamine, true}, true
	case "LIST":
		return command{needAuth, cmdList, true}, true
	case "STATUS":
		return command{needAuth, cmdStatus, true}, true
	case "NAMESPACE":
		return command{needAuth, cmdNamespace, true}, true
	case "CREATE":
		return command{needAuth, cmdCreate, true}, true
	case "DELETE":
		return command{needAuth, cmdDelete, true}, true
	case "RENAME":
		return command{needAuth, cmdRename, true}, true
	case "SUBSCRIBE":
		return command{needAuth, cmdSubscribe, true}, true
	case "UNSUBSCRIBE":
		return command{needAuth, cmdUnsubscribe, true}, true
	case "LSUB":
		return command{needAuth, cmdLsub, true}, true
	case "APPEND":
		return command{needAuth, cmdAppend, true}, true
	case "IDLE":
		return command{needAuth, cmdIdle, true}, true
	case "CHECK":
		return command{needSelected, cmdCheck, true}, true
	case "CLOSE":
		return command{needSelected, cmdClose, true}, true
	case "UNSELECT":
		return command{needSelected, cmdUnselect, true}, true
	case "EXPUNGE", "UID EXPUNGE":
		return command{needSelected, cmdExpunge, true}, true
	case "FETCH":
		return command{needSelected, cmdFetch, false}, true
	case "UID FETCH":
		return command{needSelected, cmdFetch, true}, true
	case "STORE":
		return command{needSelected, cmdStore, false}, true
	case "UID STORE":
		return command{needSelected, cmdStore, true}, true
	case "SEARCH":
		return command{needSelected, cmdSearch, false}, true
	case "UID SEARCH":
		return command{needSelected, cmdSearch, true}, true
	case "COPY", "UID COPY":
		return command{needSelected, cmdCopy, true}, true
	case "MOVE":
		return command{needSelected, cmdMove, false}, true
	case "UID MOVE":
		return command{needSelected, cmdMove, true}, true
	}
	return command{}, false
}

// call is one command being answered.
type call struct {
	s    *Server
	tag  string
	name string // upper case, "UID FETCH" for UID commands
	uid  bool   // a UID command: numbers are UIDs (RFC 9051 §6.4.9)
	p    *parser
	out  []Response
}

// execute answers one complete command.
func (s *Server) execute(line []byte) []Response {
	p := &parser{b: line}
	tag, err := p.tag()
	if err != nil || !p.consume(' ') {
		return []Response{statusResponse("*", "BAD", "",
			"Syntax error: a command is a tag, a space and the command name", reasonBadSyntax)}
	}
	c := &call{s: s, tag: tag, p: p}
	name, err := p.atom()
	if err != nil {
		c.bad("", "Syntax error: expected a command name after the tag", reasonBadSyntax)
		return c.out
	}
	c.name = strings.ToUpper(name)
	if c.name == "UID" {
		c.uid = true
		if p.consume(' ') {
			if sub, err := p.atom(); err == nil {
				c.name += " " + strings.ToUpper(sub)
			}
		}
	}
	cmd, ok := lookup(c.name)
	if !ok {
		c.bad("", "Unknown command "+c.name, reasonUnknownCommand)
		return c.out
	}
	if !c.allowed(cmd.need) {
		return c.out
	}
	cmd.run(c)
	if s.state == selected && len(c.out) > 0 {
		// Mail that arrived, flags another session changed and messages it
		// expunged are reported before the tagged response (RFC 9051 §5.2).
		last := c.out[len(c.out)-1]
		c.out = append(c.out[:len(c.out)-1], s.updates(cmd.expungeOK)...)
		c.out = append(c.out, last)
	}
	return c.out
}

// allowed checks the connection state and answers BAD when the command is
// not valid in it: such a command is a protocol error of the client
// (RFC 9051 §3, §7.1.3).
func (c *call) allowed(n need) bool {
	st := c.s.state
	switch {
	case n == needNotAuth && st != notAuthenticated:
		c.bad("", c.name+" is only valid before login; you are already logged in", reasonAlreadyAuthenticated)
	case n >= needAuth && st == notAuthenticated:
		c.bad("", c.name+" is not valid before login; log in first with LOGIN user password", reasonNotAuthenticated)
	case n == needAuthNoSelect && st == selected:
		c.bad("", "ENABLE must be sent before a mailbox is selected", reasonEnableTooLate)
	case n == needSelected && st != selected:
		c.bad("", c.name+" needs a selected mailbox; SELECT or EXAMINE one first", reasonNotSelected)
	default:
		return true
	}
	return false
}

// key is what the helpers that build a response take (these below, statusResponse,
// dataResponse): a Reason constant. An untyped string is none, so that a misspelled key
// does not compile.
type key interface{ reason() Reason }

func (k Reason) reason() Reason { return k }

// data adds an untagged data response; body is what follows "* ".
//
// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func (c *call) data(body []byte, k key) {
	c.out = append(c.out, dataResponse(body, k))
}

// untagged adds an untagged status response.
//
//go:noinline
func (c *call) untagged(status, code, text string, k key) {
	c.out = append(c.out, statusResponse("*", status, code, text, k))
}

// ok, no and bad add the tagged response that completes the command.
//
//go:noinline
func (c *call) ok(code, text string, k key) {
	c.out = append(c.out, statusResponse(c.tag, "OK", code, text, k))
}

//go:noinline
func (c *call) no(code, text string, k key) {
	c.out = append(c.out, statusResponse(c.tag, "NO", code, text, k))
}

//go:noinline
func (c *call) bad(code, text string, k key) {
	c.out = append(c.out, statusResponse(c.tag, "BAD", code, text, k))
}

// syntax answers a command whose arguments do not parse. Errors that
// name a feature the simulator lacks get NO [CANNOT] instead.
func (c *call) syntax(err error) {
	if u, ok := err.(unsupported); ok {
		c.no("CANNOT", string(u), reasonNotSupported)
		return
	}
	c.bad("", "Syntax error in "+c.name+": "+err.Error(), reasonBadSyntax)
}

// unsupported is returned by parsers for valid RFC 9051 syntax that asks
// for something this simulator does not offer.
type unsupported string

func (e unsupported) Error() string { return string(e) }

// isInbox reports whether name is INBOX, the one mailbox, whose name is
// case-insensitive (RFC 9051 §5.1).
func isInbox(name string) bool { return strings.EqualFold(name, "INBOX") }
