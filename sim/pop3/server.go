// Package pop3 holds I/O-free POP3 engines (RFC 1939, with CAPA from RFC 2449): a server and a client.
//
// The engine is a state machine: the caller feeds it the octets a client sent and writes
// back the responses it returns. It never touches a socket, a clock or a goroutine, so the
// same engine runs inside the simulation and behind a real listener.
package pop3

import (
	"bytes"

	"smtpsim/sim/mailbox"
	"smtpsim/sim/session"
)

// maxCommandLine is the longest command line accepted, in octets including the line end.
// RFC 2449 §4 sets 255 octets; the engine accepts up to 512, the limit RFC 1939 §3 sets for
// responses, because clients do send longer USER and PASS lines (full addresses, generated
// passwords) and nothing in the engine depends on the smaller limit. Longer lines are still
// refused, so a peer cannot make the engine buffer without bound.
const maxCommandLine = 512

// Config holds the policy of one server. The zero value is usable.
type Config struct {
	// Hostname names the server in the greeting and the sign-off; "" means "localhost".
	Hostname string
	// KeepUnseen leaves message flags alone on RETR. By default a successful RETR sets
	// \Seen, as Dovecot does, so that an IMAP view of the same mailbox shows the message
	// as read; POP3 itself has no flags (RFC 1939 §5), and TOP never sets \Seen because the
	// client did not fetch the whole message.
	KeepUnseen bool
	// MaxAuthFailures ends the session after this many failed PASS commands, which RFC
	// 1939 §4 permits after any negative answer; 0 means no limit.
	MaxAuthFailures int
	// STLS offers STLS in CAPA and accepts it (RFC 2595 §4): after its +OK the caller
	// runs the TLS handshake (the bridge) or only tells of it (the simulation).
	STLS bool
	// Secure says the connection is encrypted from its first octet (implicit TLS, the
	// pop3s port of RFC 8314 §3.3): STLS is neither offered nor accepted.
	Secure bool
}

// state is the POP3 session state of RFC 1939 §3. UPDATE lasts only while QUIT runs, so
// it has no value of its own: the session goes from TRANSACTION straight to closed.
type state int

const (
	stateAuthorization state = iota
	stateTransaction
	stateClosed
)

// message is one entry of the maildrop as snapshotted at login. RFC 1939 §4 has the server
// lock the maildrop for the session, so message numbers and sizes stay fixed until QUIT.
type message struct {
	uid     uint32
	size    int
	deleted bool
}

// Server is one POP3 session: create it when a client connects, send Greeting, then pass
// every received chunk to Feed. A Server is not safe for concurrent use.
type Server struct {
	cfg   Config
	store mailbox.Store
	state state

	user     string // name from USER, waiting for PASS
	haveUser bool
	failures int  // failed PASS commands so far
	secure   bool // TLS is running: from the start, or since STLS

	box  mailbox.Mailbox
	msgs []message

	line     []byte // the command line received so far, without its end
	overflow bool   // the current line grew past maxCommandLine and is being skipped
}

// Server keeps the contract of package session.
var _ session.Server[Response] = (*Server)(nil)

// NewServer returns a session in the AUTHORIZATION state that authenticates against store.
func NewServer(cfg Config, store mailbox.Store) *Server {
	if cfg.Hostname == "" {
		cfg.Hostname = "localhost"
	}
	return &Server{cfg: cfg, store: store, secure: cfg.Secure}
}

// Greeting returns the positive greeting the server sends when the connection opens
// (RFC 1939 §4). It carries no APOP timestamp because APOP is not offered.
func (s *Server) Greeting() Response {
	return reasonGreeting.response(s.cfg.Hostname)
}

// Feed takes octets received from the client, in any chunking, and returns the responses
// to every command line completed by them, in order; a partial line waits for the next
// call. Pipelined commands (RFC 2449 §6.6) are answered one by one. Once Done reports true
// the rest of the input is ignored, as the connection is about to close.
func (s *Server) Feed(p []byte) []Response {
	var out []Response
	for len(p) > 0 && s.state != stateClosed {
		// A bare LF ends a command line as well as CRLF: RFC 1939 §3 asks for CRLF, but
		// hand-typed sessions (nc, some telnet modes) send LF alone, and since a command
		// line holds no data a lone LF cannot be mistaken for content.
		end := bytes.IndexByte(p, '\n')
		if end < 0 {
			s.buffer(p)
			break
		}
		s.buffer(p[:end])
		p = p[end+1:]
		if s.overflow {
			s.overflow = false
			out = append(out, reasonLineTooLong.response())
			continue
		}
		line := string(bytes.TrimSuffix(s.line, []byte("\r")))
		s.line = s.line[:0]
		r := s.execute(line)
		out = append(out, r)
		if r.Reason == reasonSTLS {
			// RFC 2595 §4 (as RFC 3207 §4.2): what the client pipelined after STLS was
			// sent in the clear and is discarded; the TLS handshake comes next.
			break
		}
	}
	return out
}

// buffer appends part of a command line, or drops it once the line is too long, so that
// the memory held per session stays below maxCommandLine whatever the peer sends.
func (s *Server) buffer(part []byte) {
	if s.overflow {
		return
	}
	if len(s.line)+len(part) > maxCommandLine-1 { // -1 leaves room for the LF
		s.overflow = true
		s.line = s.line[:0]
		return
	}
	s.line = append(s.line, part...)
}

// Timeout ends a session whose peer stayed idle too long. RFC 1939 §3 says the autologout
// timer must not enter the UPDATE state and the server sends nothing, so the result is
// empty and messages marked with DELE stay in the mailbox.
func (s *Server) Timeout() []Response {
	s.close()
	return nil
}

// Done reports whether the session is over: the caller writes the last responses it got
// and closes the connection.
func (s *Server) Done() bool {
	return s.state == stateClosed
}

// close ends the session without touching the mailbox.
func (s *Server) close() {
	s.state = stateClosed
	s.box = nil
	s.msgs = nil
	s.line = nil
	s.haveUser = false
	s.user = ""
}
