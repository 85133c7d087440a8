// Package session is the contract every protocol engine keeps, server and client, SMTP,
// POP3 and IMAP alike, so that one piece of code drives any of them over a connection:
// the simulated network of sim/world, and through it the real sockets of smtpsim
// bridge. The engines stay sans-IO: octets in, responses or octets out. The caller owns
// the connection and the clock, and tells the engine when time ran out or the
// connection is gone.
package session

import (
	"bytes"
	"time"
)

// ConnectTimeout is how long a client waits for a connection to be accepted before it
// gives up (Postfix's smtp_connect_timeout); RFC 5321 sets no value.
const ConnectTimeout = 30 * time.Second

// Server is the server side of a session. R is the engine's own response type
// (smtp.Reply, pop3.Response, imap.Response); every one of them can say what it is as
// an Answer.
type Server[R Response] interface {
	// Greeting is what the server says first, once the connection is made.
	Greeting() R
	// Feed takes what the client sent, in any chunking, and returns the responses to
	// every complete request, in order.
	Feed(p []byte) []R
	// Timeout ends a session whose client stayed silent too long and returns what the
	// server says before it closes: an SMTP 421, an IMAP BYE, nothing from POP3 (RFC
	// 1939 §3). It returns nothing once the session has ended.
	Timeout() []R
	// Done reports that the server has ended the session: write out the last
	// responses, then close the connection.
	Done() bool
}

// Notifier is a Server that can tell its client about changes made elsewhere (new
// mail, changed flags, removed messages) without waiting for a request, as IMAP IDLE
// does (RFC 9051 §6.3.13). The engine does not watch the store: the caller calls
// Changed whenever the store may have changed (after a delivery, after another
// session's command, or on a timer) and writes what it returns at once. Changed returns
// nothing when the client is not waiting for such news.
type Notifier[R Response] interface {
	Changed() []R
}

// Response is what the responses of every server engine offer.
type Response interface {
	Answer() Answer
}

// Answer is a server's response in the form every protocol shares: the octets on the
// wire, the status lines a reader sees one by one, the facts they state, and the block
// of message text that follows them.
type Answer struct {
	Wire []byte
	// Lines are the status lines: the first line of a POP3 or IMAP response; nil for
	// every line of Wire (an SMTP reply, split only when someone reads it).
	Lines []string
	// Code and Status are an SMTP reply's code and enhanced status code.
	Code   int
	Status string
	// Reason is the response's reason key (see package reason).
	Reason string
	// Body counts the octets of the block after the status lines that a reader sees as
	// one piece (a retrieved message, a listing, an IMAP literal); HasBody says there is
	// such a block, even an empty one (a POP3 multi-line response: its "." is on the wire).
	Body    int
	HasBody bool
	// StartsTLS says the server agreed to start TLS (SMTP STARTTLS, RFC 3207; POP3 STLS,
	// RFC 2595; IMAP STARTTLS, RFC 9051 §6.2.1): the next octets on the connection are
	// the TLS handshake, and whatever the client sent after the command is discarded.
	// Inside the simulation the handshake is only told; the bridge runs a real one.
	StartsTLS bool
	// After are the lines that follow the block on the wire: the rest of an IMAP
	// response whose block is its literal (" FLAGS (\Seen))"); nil for none.
	After []string
}

// Headed is the answer of a response whose first line is its status line and whose
// rest, if any, a reader sees as one block: a POP3 or IMAP response.
func Headed(wire []byte, reason string) Answer {
	first, rest, _ := bytes.Cut(wire, []byte("\r\n"))
	return Answer{Wire: wire, Lines: []string{string(first)}, Reason: reason, Body: len(rest), HasBody: len(rest) > 0}
}

// Client is the client side of a session: it reads the server's octets and writes its
// own, and learns from the caller what happened to the connection.
type Client interface {
	// Feed takes what the server sent, in any chunking, and returns what to send next.
	// It keeps nothing of p once it returns: the caller may write over p.
	Feed(p []byte) []byte
	// Done reports that the client has ended the session: close the connection once
	// the last octets are written.
	Done() bool
	// Timeout tells the client the server stayed silent too long; it returns what the
	// client says before it closes (an SMTP QUIT, an IMAP LOGOUT), if anything.
	Timeout() []byte
	// Lost tells the client the connection broke before the session ended. arrived
	// says whether what the client sent last reached the server: for an SMTP client
	// that sent the final dot, the server may then own the message although its reply
	// never came (RFC 1047), so a retry may deliver it twice.
	Lost(arrived bool)
	// Unreachable tells the client no connection could be made; why is the failure as
	// an MTA logs it ("connect to mx.example.net[192.0.2.25]:25: Connection refused").
	Unreachable(why string)
}
