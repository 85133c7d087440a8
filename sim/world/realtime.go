package world

import (
	"bytes"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"smtpsim/sim/fault"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// This file lets a world run in step with something outside it (smtpsim bridge):
// the caller advances the virtual clock, and real clients talk to the world's servers
// through ExternalConn. The world still reads no clock of its own and is still
// single-threaded: the caller must make every call from one goroutine.

// Now returns the virtual time the world has reached.
func (w *World) Now() time.Duration { return w.now }

// Next returns the virtual time of the earliest scheduled event; ok is false when
// nothing is scheduled.
func (w *World) Next() (at time.Duration, ok bool) {
	if w.queue.Len() == 0 {
		return 0, false
	}
	return w.queue.peek(), true
}

// RunUntil processes every event scheduled at or before t, leaves later ones in the
// agenda and moves the clock to t (never backwards). Unlike Run it ignores the
// scenario's horizon: a world that runs alongside real clients has no end.
func (w *World) RunUntil(t time.Duration) {
	for w.queue.Len() > 0 && w.queue.peek() <= t {
		next := w.queue.pop()
		w.now = next.at
		w.do(next)
	}
	if t > w.now {
		w.now = t
	}
}

// Outcomes returns what has become of every recipient so far; a recipient not yet
// delivered, bounced or rejected is deferred.
func (w *World) Outcomes() []trace.Outcome { return w.fates.outcomes(w) }

// ExternalConn is a connection from a real client, outside the world, to one of the
// world's servers. The host's own server engine and policy answer it, so AUTH, relay
// rules, greylisting and injected faults apply as they do to simulated clients, and a
// message the server accepts is filed or queued by the host exactly as simulated mail
// is. Every line in each direction is a trace event. The caller moves the octets:
// Greeting first, then Feed with whatever the client sent, Timeout when the client
// idles too long, Close when the socket is gone.
type ExternalConn struct {
	c       *conn
	pending []byte // client octets after the last complete line

	inData    bool // between 354 and the final dot
	dataLines int
	dataSent  int    // octets of message text so far
	payload   []byte // the message text as sent (dot-stuffed), up to payloadLimit
	messages  int    // messages started on this connection, for their ids
	closed    bool
	startTLS  bool // the server just agreed to start TLS; the caller has not asked yet
}

// TLS is the real TLS that the caller of External runs on a connection. Inside the
// simulation STARTTLS is only told; a caller with real sockets (smtpsim bridge) can run
// the handshake, and then the servers offer it.
type TLS uint8

const (
	NoTLS TLS = iota
	// StartTLS: the servers offer STARTTLS (SMTP, RFC 3207; IMAP, RFC 9051 §6.2.1) and
	// STLS (POP3, RFC 2595); once one agrees (StartsTLS) the caller runs the handshake.
	StartTLS
	// ImplicitTLS: the connection is TLS from its first octet (RFC 8314 §3): the
	// session is secure from the start (Received: says ESMTPS).
	ImplicitTLS
)

// maxPartial bounds the client octets held back while waiting for a line end; a
// client that sends more without one has the engine deal with it (it refuses over-long
// lines without buffering them).
const maxPartial = 64 << 10

// maxPayload bounds the message text kept for the trace's data event; the octet count
// stays exact beyond it.
const maxPayload = 16 << 20

// payloadLimit is how much message text to keep for the trace: no more than the host's
// SIZE limit, since a longer message is refused anyway, and no more than maxPayload.
func (x *ExternalConn) payloadLimit() int {
	size := x.c.server.cfg.MaxSize
	if size <= 0 {
		size = smtp.DefaultMaxSize
	}
	return min(size, maxPayload)
}

// externalPorts maps the ports External serves to the protocol spoken there.
var externalPorts = map[int]string{25: "smtp", 587: "smtp", 110: "pop3", 143: "imap"}

// External connects a real client at remote ("192.0.2.7" or "192.0.2.7:40112") to host's
// server on port 25, 587, 110 or 143. The error says what a real client would see when
// the connection cannot be made: nothing listens there, the host is down, a fault
// refuses connections. The trace shows the client as "client REMOTE".
func (w *World) External(hostName string, port int, remote string) (*ExternalConn, error) {
	return w.ExternalTLS(hostName, port, remote, NoTLS)
}

// ExternalTLS is External for a caller that runs real TLS on the connection.
func (w *World) ExternalTLS(hostName string, port int, remote string, tls TLS) (*ExternalConn, error) {
	h, ok := w.byName[lower(hostName)]
	if !ok {
		return nil, fmt.Errorf("no host %q in this world", hostName)
	}
	proto, ok := externalPorts[port]
	if !ok {
		return nil, fmt.Errorf("port %d: only 25, 587, 110 and 143 are simulated", port)
	}
	ip := remote
	if host, _, err := net.SplitHostPort(remote); err == nil {
		ip = host
	}
	clientHost := "" // Received: says "unknown" for a name that reverse DNS would not give
	if a, err := netip.ParseAddr(ip); err == nil && a.IsLoopback() {
		clientHost = "localhost"
	}
	w.conns++
	c := &conn{w: w, id: w.conns, client: "client " + remote, clientHost: clientHost, server: h, port: port, proto: proto}
	w.emit(&trace.Event{Kind: trace.KindConnect, Actor: c.client, Peer: h.name, Conn: c.id, Port: port, Proto: proto})
	refuse := func(kind trace.Kind, text string) (*ExternalConn, error) {
		failure := trace.FailureTimedOut // a host that is down: nothing answers
		if kind == trace.KindRefused {
			failure = trace.FailureRefused
		}
		w.emit(&trace.Event{Kind: kind, Actor: c.client, Peer: h.name, Conn: c.id, Port: port, Proto: proto, Failure: failure, Status: connectStatus(proto), Text: text})
		return nil, fmt.Errorf("%s", text)
	}
	if f := h.downFault(); f != nil {
		w.faultEvent(f, h.name, h.name+" is down: nothing answers")
		return refuse(trace.KindUnreachable, fmt.Sprintf("connect to %s[%s]:%d: %s is down", h.name, h.ip, port, h.name))
	}
	if !h.listens(port) {
		return refuse(trace.KindRefused, fmt.Sprintf("connect to %s[%s]:%d: Connection refused", h.name, h.ip, port))
	}
	if f := w.fault(fault.Refuse, h.name, func(f *fault.Fault) bool { return f.Port == 0 || f.Port == port }); f != nil {
		w.faultEventWith(f, trace.Event{Actor: h.name, Port: port, Text: fmt.Sprintf("%s refuses connections to port %d", h.name, port)})
		return refuse(trace.KindRefused, fmt.Sprintf("connect to %s[%s]:%d: Connection refused", h.name, h.ip, port))
	}
	c.external, c.tls = true, tls
	c.srv = h.serverFor(c, ip)
	return &ExternalConn{c: c}, nil
}

// Conn returns the connection's number in the trace.
func (x *ExternalConn) Conn() int { return x.c.id }

// Greeting returns the server's opening octets.
func (x *ExternalConn) Greeting() []byte { return x.serverSays(x.c.srv.greet()) }

// Done reports that the server has ended the conversation: close the socket once the
// last octets are written.
func (x *ExternalConn) Done() bool { return x.closed || x.c.srv.done() }

// Feed takes octets from the client, in any chunking, and returns the server's answer.
// Lines are traced and handed to the engine one at a time, so that each message gets
// its own id in the trace and pipelined commands appear in order.
func (x *ExternalConn) Feed(p []byte) []byte {
	if x.Done() {
		return nil
	}
	x.pending = append(x.pending, p...)
	var out []byte
	for !x.Done() {
		i := bytes.IndexByte(x.pending, '\n')
		if i < 0 {
			if len(x.pending) > maxPartial {
				out = append(out, x.overlong()...)
			}
			break
		}
		line := x.pending[:i+1]
		x.pending = x.pending[i+1:]
		out = append(out, x.line(line)...)
	}
	if len(x.pending) == 0 {
		x.pending = nil
	}
	return out
}

// line handles one complete line from the client.
func (x *ExternalConn) line(raw []byte) []byte {
	c := x.c
	if x.inData {
		outs := c.srv.feed(raw)
		if len(outs) == 0 {
			x.dataLines++
			x.dataSent += len(raw)
			if limit := x.payloadLimit(); len(x.payload) < limit {
				x.payload = append(x.payload, raw[:min(len(raw), limit-len(x.payload))]...)
			}
			return nil
		}
		// Only <CRLF>.<CRLF> ends the data, and the engine just said it has ended.
		x.inData = false
		c.w.emit(&trace.Event{Kind: trace.KindData, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
			Dir: trace.DirSend, Line: fmt.Sprintf("(message %s, %d lines, %d octets)", c.msg, x.dataLines, x.dataSent),
			Lines: x.dataLines, Octets: x.dataSent, Msg: c.msg, Payload: x.payload})
		x.clientLine(".")
		x.payload = nil
		return x.serverSays(outs)
	}
	text := strings.TrimSuffix(strings.TrimSuffix(string(raw), "\n"), "\r")
	verb, _, _ := strings.Cut(text, " ")
	mail := c.proto == "smtp" && strings.EqualFold(verb, "MAIL") && c.lastCode != 334 // after 334 the line is a SASL response
	if mail {
		// A message gets its id with its MAIL command: x<connection>, then x<connection>.2 …
		x.messages++
		c.msg = fmt.Sprintf("x%d", c.id)
		if x.messages > 1 {
			c.msg = fmt.Sprintf("x%d.%d", c.id, x.messages)
		}
	}
	x.clientLine(text)
	wire := x.serverSays(c.srv.feed(raw))
	if mail && c.lastCode != 250 {
		x.messages-- // refused: the next MAIL starts the same message again
	}
	return wire
}

// overlong passes a line too long to hold on to the engine, which refuses it.
func (x *ExternalConn) overlong() []byte {
	c := x.c
	p := x.pending
	x.pending = nil
	if x.inData {
		x.dataSent += len(p)
		return x.serverSays(c.srv.feed(p))
	}
	c.w.emit(&trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
		Dir: trace.DirSend, Line: fmt.Sprintf("(%d octets without a line end)", len(p)), Msg: c.msg})
	return x.serverSays(c.srv.feed(p))
}

func (x *ExternalConn) clientLine(text string) {
	c := x.c
	c.w.emit(&trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
		Dir: trace.DirSend, Line: redact(c.lastVerb, text), Msg: c.msg})
	verb, _, _ := strings.Cut(text, " ")
	c.lastVerb = strings.ToUpper(verb)
}

// serverSays traces the server's responses, runs what the host does once a reply is
// on the wire (file, queue, hand off: the same hooks as for simulated clients) and
// returns the octets for the client.
func (x *ExternalConn) serverSays(outs []out) []byte {
	var wire []byte
	for _, o := range outs {
		x.c.traceOut(&o)
		if o.Code != 0 {
			x.c.lastCode = o.Code
		}
		if o.Code == 354 {
			x.inData, x.dataLines, x.dataSent, x.payload = true, 0, 0, nil
		}
		if o.StartsTLS {
			// What the client sent after the command came in the clear: the engine has
			// discarded its part, and the lines held here go too (RFC 3207 §4.2).
			x.startTLS, x.pending = true, nil
		}
		wire = append(wire, o.Wire...)
	}
	return wire
}

// StartsTLS reports, once, that the server has just agreed to start TLS: the caller
// writes the answer, runs the TLS handshake, and feeds what comes through it.
func (x *ExternalConn) StartsTLS() bool {
	s := x.startTLS
	x.startTLS = false
	return s
}

// Secured records in the trace that the caller ran a real TLS handshake on the
// connection (how: "TLS 1.3, TLS_AES_128_GCM_SHA256"): after the server's go-ahead to
// STARTTLS or STLS, or, with implicit TLS, before the greeting.
func (x *ExternalConn) Secured(how string) {
	c := x.c
	rfc := "RFC 8314 §3"
	if c.tls == StartTLS {
		rfc = map[string]string{"smtp": "RFC 3207 §4", "pop3": "RFC 2595 §4", "imap": "RFC 9051 §6.2.1"}[c.proto]
	}
	c.w.emit(&trace.Event{Kind: trace.KindTLS, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
		Text: "TLS handshake completed (" + how + ")", RFC: rfc})
}

// Changed tells the server that the mailbox store may have changed (mail filed,
// another session's EXPUNGE, STORE or APPEND) and returns what it says at once: the
// untagged EXISTS, EXPUNGE and FETCH FLAGS for a client in IMAP IDLE (RFC 9051
// §6.3.13), nothing otherwise. The caller writes it to the client straight away.
func (x *ExternalConn) Changed() []byte {
	if x.Done() {
		return nil
	}
	n, ok := x.c.srv.(interface{ changed() []out })
	if !ok {
		return nil
	}
	return x.serverSays(n.changed())
}

// Timeout returns what the server says to a client that stayed silent too long
// (RFC 5321 §4.5.3.2, RFC 1939 §3, RFC 9051 §5.4) and ends the conversation.
func (x *ExternalConn) Timeout() []byte {
	c := x.c
	if x.Done() {
		return nil
	}
	rfc := map[string]string{"pop3": "RFC 1939 §3", "imap": "RFC 9051 §5.4"}[c.proto]
	if rfc == "" {
		rfc = "RFC 5321 §4.5.3.2.7"
	}
	c.w.emit(&trace.Event{Kind: trace.KindTimeout, Actor: c.server.name, Peer: c.client, Conn: c.id, Proto: c.proto,
		Text: "the client stayed silent too long", RFC: rfc})
	wire := x.serverSays(c.srv.timeout())
	x.closed = true
	return wire
}

// Close records that the connection is gone; a message whose final dot never came is
// not the server's (RFC 5321 §6.1). Calling it again does nothing.
func (x *ExternalConn) Close() {
	if x.c.ended {
		return
	}
	x.closed = true
	x.c.end(true)
}

// Addresses maps every actor of the world to its IPv4 address: the hosts of the
// scenario, each user's mail program, the learner's console, and the resolver (as
// "dns"), so that exports such as a packet capture show the addresses the run used.
func (w *World) Addresses() map[string]string {
	m := map[string]string{"dns": "192.0.2.53", ConsoleActor: consoleIP}
	for _, h := range w.hosts {
		m[h.name] = h.ip
	}
	for _, u := range w.sc.Users {
		if mu, ok := w.muas[lower(u.Address)]; ok {
			m[mu.name] = mu.ip
		}
	}
	return m
}
