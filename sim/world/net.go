package world

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"smtpsim/sim/fault"
	"smtpsim/sim/session"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// serverEngine is the server side of a connection, as the network drives it: a
// protocol engine (served) or the server the learner plays (manualEngine).
type serverEngine interface {
	greet() []out
	feed(p []byte) []out
	timeout() []out
	done() bool
	// reuse gives back a slice greet, feed or timeout returned, once nothing refers
	// to it any more: the engine may fill it again rather than make another.
	reuse(outs []out)
}

// out is one server response as the trace shows it, with what the server does once it
// is on the wire (file, queue, hand off).
type out struct {
	session.Answer
	then func()
	// sent and pathFault are set when something on the path changed the reply (onPath):
	// its lines as the server sent them, and the fault that changed them.
	sent      []string
	pathFault *activeFault
}

// lineList returns the lines the trace shows for o.
func (o out) lineList() []string {
	if o.Lines != nil {
		return o.Lines
	}
	return splitLines(o.Wire)
}

// conn is one simulated TCP connection between a client actor and a server host.
type conn struct {
	w          *World
	id         int
	client     string // actor name
	clientHost string // the client's reverse-DNS name for Received:, "" if it has none
	server     *host
	port       int
	proto      string
	cli        session.Client
	srv        serverEngine
	clientIP   string // where the client connects from, for the server's policy
	onEnd      func(c *conn)

	ended    bool
	waiting  int     // generation of the client's last write; a reply bumps it
	lastCode int     // the last SMTP reply code the client got (354 means data follows)
	lastVerb string  // the client's last command verb
	msg      string  // the message id whose data is being sent, for the trace and the server
	failure  string  // why the connection could not be made (trace.Failure*), if it could not
	external bool    // the client is outside the world (ExternalConn): its messages are followed from the server's 250
	tls      TLS     // the real TLS the caller of an ExternalConn runs; ImplicitTLS for a simulated port 465
	hop      *hopTLS // set when the trace tells this connection's TLS state (tls.go)
	// wire is room for the octets of several replies sent at once (repliesOut), nil
	// while they are on their way; each batch would otherwise take a buffer of its own.
	wire []byte
	// spareClient says cli is an SMTP engine of the world's spares, and smtpServed is
	// the server's: end gives them back (spares.giveEngines).
	spareClient bool
	smtpServed  *smtpServed
	// spare says the connection goes to the world's spares once it has ended and
	// nothing refers to it: no step or wait on the agenda (refs counts them), no
	// closure (pinned). Only the world's own SMTP deliveries and submissions are so.
	spare  bool
	pinned bool
	refs   int
}

// dial opens a connection from client to server:port and runs the conversation;
// onEnd runs once when it is over, whatever happened. The client connects from
// clientIP; the server's engine is server.serverFor that connection.
func (w *World) dial(client, clientHost string, server *host, port int, proto, msg string, cli session.Client, clientIP string, onEnd func(c *conn)) *conn {
	w.conns++
	c := w.spares.conn()
	*c = conn{w: w, id: w.conns, client: client, clientHost: clientHost, server: server, port: port, proto: proto, cli: cli, clientIP: clientIP, onEnd: onEnd, msg: msg}
	w.emit(&trace.Event{Kind: trace.KindConnect, Actor: client, Peer: server.name, Conn: c.id, Port: port, Proto: proto, Msg: msg})
	lat := w.latency(client, server.name)
	if f := server.downFault(); f != nil {
		c.pinned = true // the closures below hold it
		w.after(session.ConnectTimeout, func() {
			w.faultEvent(f, server.name, server.name+" is down: nothing answers")
			c.fail(trace.FailureTimedOut, session.ConnectTimeout)
		})
		return c
	}
	switch {
	case w.partitioned(client, server.name):
		// The network between them is cut: a router on the way answers that there is
		// no route (ICMP unreachable), so the client learns it after a round trip.
		c.pinned = true
		w.after(2*lat, func() { c.fail(trace.FailureUnreachable, 2*lat) })
		return c
	case !server.listens(port):
		c.pinned = true
		w.after(2*lat, func() { c.fail(trace.FailureRefused, 2*lat) })
		return c
	}
	if f := w.fault(fault.Refuse, server.name, func(f *fault.Fault) bool { return f.Port == 0 || f.Port == port }); f != nil {
		c.pinned = true
		w.after(2*lat, func() {
			w.faultEventWith(f, trace.Event{Actor: server.name, Port: port, Text: fmt.Sprintf("%s refuses connections to port %d", server.name, port)})
			c.fail(trace.FailureRefused, 2*lat)
		})
		return c
	}
	w.schedule(lat, &connStep{kind: stepOpen, c: c, wait: c.expectReply(c.replyTimeout())}) // the greeting's wait
	return c
}

// open starts the server's side of a connection that reached it, which greets; the
// client's wait for the greeting is armed unless the greeting comes in time.
func (c *conn) open(wait pendingWait) {
	if c.tls == ImplicitTLS && c.hop != nil {
		c.handshake(trace.TLSHowImplicit)
	}
	c.srv = c.server.serverFor(c, c.clientIP)
	if c.port == 143 {
		c.server.imap = append(c.server.imap, c)
	}
	c.armUnlessAnswered(wait, c.serverSays(c.srv.greet()))
}

// fail ends a connection that never got going: why (trace.Failure*) after waiting.
// No server spoke, so an SMTP connection's event carries only the enhanced status an
// MTA logs for it, 4.4.1 "no answer from host" (RFC 3463 §3.5); POP3 and IMAP have
// no enhanced status codes, and theirs carries none.
func (c *conn) fail(why string, waited time.Duration) {
	kind := trace.KindUnreachable
	if why == trace.FailureRefused {
		kind = trace.KindRefused
	}
	text := connectFailureText(why, c.server.name, c.server.ip, c.port)
	c.failure = why
	c.w.emit(&trace.Event{Kind: kind, Actor: c.client, Peer: c.server.name, Conn: c.id, Port: c.port, Proto: c.proto, Msg: c.msg,
		Failure: why, DurationMS: waited.Milliseconds(), Status: connectStatus(c.proto), Text: text})
	c.cli.Unreachable(text)
	c.end(false)
}

// connectStatus is the enhanced status of a connection over proto that could not be
// made: 4.4.1 for SMTP, as an MTA logs it; none for POP3 and IMAP, which have none.
func connectStatus(proto string) string {
	if proto == "smtp" {
		return "4.4.1"
	}
	return ""
}

// connectFailureText is a failed connection as Postfix logs it: "connect to
// mx.example.net[192.0.2.25]:25: Connection timed out".
func connectFailureText(why, host, ip string, port int) string {
	msg := map[string]string{trace.FailureRefused: "Connection refused", trace.FailureTimedOut: "Connection timed out",
		trace.FailureUnreachable: "No route to host"}[why]
	return fmt.Sprintf("connect to %s[%s]:%d: %s", host, ip, port, msg)
}

// end closes the connection once and tells the owner.
func (c *conn) end(traced bool) {
	if c.ended {
		return
	}
	c.ended = true
	if c.port == 143 {
		c.server.imap = slices.DeleteFunc(c.server.imap, func(o *conn) bool { return o == c })
	}
	if traced {
		c.w.emit(&trace.Event{Kind: trace.KindClose, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto})
	}
	if c.onEnd != nil {
		c.onEnd(c)
	}
	// Nothing on the agenda reads the connection's buffers now: a step still on its
	// way finds it ended, and the reply buffer (wire) is nil while a batch travels.
	c.w.spares.bytes.give(c.wire)
	c.wire = nil
	if e, ok := c.srv.(*served[smtp.Reply]); ok {
		e.giveBack()
	}
	c.w.spares.giveEngines(c)
}

// serverSays sends server output to the client, through the link's latency and any
// slowness fault. It returns when the replies go on the wire (repliesOut), or -1 when
// there is nothing to send.
func (c *conn) serverSays(outs []out) time.Duration {
	if len(outs) == 0 || c.ended {
		return -1
	}
	delay := time.Duration(0)
	if f := c.w.fault(fault.Slow, c.server.name, nil); f != nil {
		delay = f.Delay
		c.w.faultEvent(f, c.server.name, fmt.Sprintf("%s answers %s late", c.server.name, fault.FormatDuration(delay)))
	}
	c.w.schedule(delay, &connStep{kind: stepRepliesOut, c: c, outs: outs})
	return c.w.now + delay
}

// repliesOut puts the server's replies on the wire: the trace shows them now, the
// client reads them a latency later.
func (c *conn) repliesOut(outs []out) {
	if c.ended {
		return
	}
	var wire []byte
	for i := range outs {
		if len(c.w.faults) > 0 { // only a fault changes a reply on its way
			outs[i] = c.onPath(outs[i])
		}
		o := &outs[i]
		c.traceOut(o)
		switch {
		case len(outs) == 1:
			wire = o.Wire // the client only reads it: no need to copy
		case i == 0:
			n := 0
			for _, o := range outs {
				n += len(o.Wire) // a later reply changed on the path only makes append grow
			}
			if c.wire == nil {
				c.wire = c.w.spares.bytes.take()
			}
			wire = append(slices.Grow(c.wire[:0], n), o.Wire...)
			c.wire = nil // on its way: repliesIn gives it back
		default:
			wire = append(wire, o.Wire...)
		}
		if o.Code != 0 {
			c.lastCode = o.Code
		}
	}
	c.waiting++
	c.w.schedule(c.w.latency(c.client, c.server.name), &connStep{kind: stepRepliesIn, c: c, outs: outs, p: wire, serverDone: c.srv.done()})
}

// repliesIn hands the server's replies to the client, which answers or ends.
func (c *conn) repliesIn(wire []byte, outs []out, serverDone bool) {
	if c.ended {
		return
	}
	next := c.cli.Feed(wire)
	c.repliesArrived(outs)
	c.srv.reuse(outs) // the agenda has let go of its step: the replies were all it held
	if len(outs) > 1 {
		c.wire = wire // the client has read it (Feed keeps what it needs)
	}
	c.clientSays(next)
	if c.cli.Done() || serverDone {
		if !c.cli.Done() {
			c.cli.Lost(true)
		}
		c.end(true)
	}
}

// commandIn hands what the client sent to the server, which answers; the client's
// wait for that answer is armed unless the answer comes in time.
func (c *conn) commandIn(p []byte, wait pendingWait) {
	if c.ended {
		return // the wait would find the connection ended
	}
	c.armUnlessAnswered(wait, c.serverSays(c.srv.feed(p)))
}

func (c *conn) traceOut(o *out) {
	if c.w.outline {
		// An outline records no wire events; only what the server does next.
		if o.then != nil {
			o.then()
		}
		return
	}
	lines := o.Lines
	if lines == nil {
		lines = c.w.wireLines(o.Wire)
	}
	for i, l := range lines {
		if o.sent != nil && o.sent[i] != l {
			c.traceAltered(*o, i, l)
			continue
		}
		c.w.emit(&trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
			Dir: trace.DirRecv, Line: l, Code: o.Code, Status: o.Status, Reason: o.Reason, Msg: c.msg})
	}
	if o.HasBody {
		_, rest, _ := bytes.Cut(o.Wire, []byte("\r\n"))
		if o.After != nil {
			rest = rest[:o.Body] // an IMAP literal: the lines after it are shown as lines
		}
		c.w.emit(&trace.Event{Kind: trace.KindData, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
			Dir: trace.DirRecv, Line: fmt.Sprintf("(message, %d octets)", o.Body), Octets: o.Body, Msg: c.msg, Payload: rest})
		for _, l := range o.After {
			c.w.emit(&trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
				Dir: trace.DirRecv, Line: c.w.line([]byte(l)), Reason: o.Reason, Msg: c.msg})
		}
	}
	if o.then != nil {
		o.then()
	}
}

// clientSays sends client octets to the server.
func (c *conn) clientSays(p []byte) {
	if len(p) == 0 || c.ended {
		return
	}
	lat := c.w.latency(c.client, c.server.name)
	if c.proto == "smtp" && c.lastCode == 354 && !bytes.Equal(p, []byte(".\r\n")) {
		c.sendData(p, lat)
		return
	}
	if c.w.outline {
		// Only the last command matters: it sets how long to wait for the reply.
		last := bytes.TrimSuffix(p, []byte("\r\n"))
		if i := lastCRLF(last); i >= 0 {
			last = last[i+2:]
		}
		verb, _, _ := bytes.Cut(last, []byte(" "))
		c.lastVerb = verbName(verb)
	} else {
		for _, line := range c.w.wireLines(p) {
			c.w.emit(&trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
				Dir: trace.DirSend, Line: redact(c.lastVerb, line), Msg: c.msg})
			verb, _, _ := strings.Cut(line, " ")
			c.lastVerb = strings.ToUpper(verb)
		}
	}
	c.lastCode = 0
	c.w.schedule(lat, &connStep{kind: stepCommandIn, c: c, p: p, wait: c.expectReply(c.replyTimeout())})
}

// lastCRLF is bytes.LastIndex(p, "\r\n") without the search for a longer pattern,
// which costs several times as much as looking for its last octet.
func lastCRLF(p []byte) int {
	for {
		i := bytes.LastIndexByte(p, '\n')
		if i <= 0 {
			return -1
		}
		if p[i-1] == '\r' {
			return i - 1
		}
		p = p[:i]
	}
}

// verbName is a command verb in upper case; the verbs a client engine sends are
// found without making a string.
func verbName(verb []byte) string {
	switch string(verb) { // a switch on a conversion does not allocate
	case "EHLO":
		return "EHLO"
	case "MAIL":
		return "MAIL"
	case "RCPT":
		return "RCPT"
	case "DATA":
		return "DATA"
	case "QUIT":
		return "QUIT"
	case "RSET":
		return "RSET"
	case "AUTH":
		return "AUTH"
	}
	return strings.ToUpper(string(verb))
}

// replyTimeout is how long the client waits for the reply to what it sent last: the
// SMTP timeouts of RFC 5321 §4.5.3.2, and for POP3 and IMAP, whose RFCs set none for
// the client, the 5 minutes that SMTP gives MAIL and RCPT.
func (c *conn) replyTimeout() time.Duration {
	if c.proto == "smtp" {
		return smtp.ReplyTimeout(c.lastVerb)
	}
	return smtp.MailTimeout
}

// sendData sends the message text and the final dot, applying drop faults.
func (c *conn) sendData(p []byte, lat time.Duration) {
	c.lastCode = 0
	if !c.w.wireOff() {
		lines := bytes.Count(p, []byte("\r\n")) - 1
		c.w.emit(&trace.Event{Kind: trace.KindData, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
			Dir: trace.DirSend, Line: "(message " + c.msg + ", " + strconv.Itoa(lines) + " lines, " + strconv.Itoa(len(p)-3) + " octets)",
			Lines: lines, Octets: len(p) - 3, Msg: c.msg, Payload: p[:len(p)-3]})
	}
	if f := c.w.fault(fault.Drop, c.server.name, func(f *fault.Fault) bool { return f.When == "before-dot" }); f != nil {
		c.w.faultEventWith(f, trace.Event{Actor: c.server.name, Conn: c.id, Text: "the connection breaks before the final dot arrives"})
		c.pinned = true
		c.w.after(lat, func() {
			if c.ended {
				return
			}
			c.srv.feed(p[:len(p)/2]) // the server gets part of the message, never the end
			c.cli.Lost(false)
			c.end(true)
		})
		return
	}
	if !c.w.wireOff() {
		c.w.emit(&trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
			Dir: trace.DirSend, Line: ".", Msg: c.msg})
	}
	c.lastVerb = "."
	if f := c.w.fault(fault.Drop, c.server.name, func(f *fault.Fault) bool { return f.When == "after-dot" }); f != nil {
		c.pinned = true
		c.w.after(lat, func() {
			if c.ended {
				return
			}
			outs := c.srv.feed(p) // the server accepts and owns the message …
			for _, o := range outs {
				for _, l := range o.lineList() {
					c.w.emit(&trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto,
						Dir: trace.DirRecv, Line: l, Code: o.Code, Status: o.Status, Reason: o.Reason, Msg: c.msg, Lost: true, Text: "lost on the way back"})
				}
				if o.then != nil {
					o.then()
				}
			}
			c.w.faultEventWith(f, trace.Event{Actor: c.server.name, Conn: c.id, Text: "the connection breaks after the final dot: the reply never reaches the client (RFC 1047)"})
			c.cli.Lost(true) // … but the client never hears so, and will send it again
			c.end(true)
		})
		return
	}
	c.w.schedule(lat, &connStep{kind: stepCommandIn, c: c, p: p, wait: c.expectReply(c.replyTimeout())}) // lastVerb is ".": DATA termination
}

// expectReply starts the client's timeout for the reply to what it just sent: its
// place on the agenda (time and order) is fixed now, as if it were scheduled now, but
// it is put there only when the server's answer will not have come by then
// (armUnlessAnswered), which the world knows once the server had what was sent.
func (c *conn) expectReply(wait time.Duration) pendingWait {
	c.w.order++
	return pendingWait{gen: c.waiting, wait: wait, at: c.w.now + max(wait, 0), order: c.w.order}
}

// armUnlessAnswered puts the client's wait on the agenda unless the server's answer
// goes on the wire (repliesOut, at answered; -1 for none) before the wait would end.
// Such a wait would only find that the reply came (repliesOut moves waiting on) or
// that the connection ended first; answered, the server's engine has produced the
// reply already, and only the end of the run could keep repliesOut from running,
// which the wait, due later, would not outlive either.
func (c *conn) armUnlessAnswered(wait pendingWait, answered time.Duration) {
	if answered >= 0 && answered < wait.at && !c.w.everyWait {
		c.w.idleUntil = max(c.w.idleUntil, wait.at)
		return
	}
	c.w.scheduleWait(c, wait)
}

// replyTimedOut ends a connection whose server has not answered, within wait, what
// the client sent at generation gen.
func (c *conn) replyTimedOut(gen int, wait time.Duration) {
	if c.ended || c.waiting != gen {
		return
	}
	c.w.emit(&trace.Event{Kind: trace.KindTimeout, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto, DurationMS: wait.Milliseconds(),
		Text: fmt.Sprintf("no reply from %s for %s", c.server.name, fault.FormatDuration(wait)), RFC: "RFC 5321 §4.5.3.2"})
	if quit := c.cli.Timeout(); len(quit) > 0 {
		for _, line := range splitLines(quit) {
			c.w.emit(&trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto, Dir: trace.DirSend, Line: line})
		}
	}
	c.end(true)
}

// stepKind names a step of a connection (connStep).
type stepKind uint8

const (
	stepOpen        stepKind = iota + 1 // open: c
	stepRepliesOut                      // repliesOut: c, outs
	stepRepliesIn                       // repliesIn: c, p (the wire), outs, serverDone
	stepCommandIn                       // commandIn: c, p
	stepDNSQuestion                     // host.dnsAsked: host, msg, lookup
	stepDNSAnswer                       // host.dnsAnswered: host, msg, lookup
	stepAttempt                         // host.attempt: host, e
	stepRoute                           // host.routeFound: host, e, g
)

// connStep is a step of a connection on the agenda: a reply or a command on its way;
// or a DNS question or answer of a host on the way to a connection, or a step of a
// message on its way to one (an attempt, its route found). They are most of what a world
// schedules, and the agenda keeps them in a pool (World.steps) instead of a closure
// each.
type connStep struct {
	kind       stepKind
	c          *conn
	outs       []out
	p          []byte
	serverDone bool
	host       *host
	msg        string
	lookup     *lookup
	wait       pendingWait // open and commandIn: the client's wait for the answer
	e          *entry
	g          *group
}

func (s *connStep) run() {
	switch s.kind {
	case stepOpen:
		s.c.open(s.wait)
	case stepRepliesOut:
		s.c.repliesOut(s.outs)
	case stepRepliesIn:
		s.c.repliesIn(s.p, s.outs, s.serverDone)
	case stepCommandIn:
		s.c.commandIn(s.p, s.wait)
	case stepDNSQuestion:
		s.host.dnsAsked(s.msg, s.lookup)
	case stepDNSAnswer:
		s.host.dnsAnswered(s.msg, s.lookup)
	case stepAttempt:
		s.host.attempt(s.e)
	case stepRoute:
		s.host.routeFound(s.e, s.g)
	}
}

// redact hides nothing: passwords are part of what the learner should see travel in
// clear text without TLS. The hook exists so the page could mask them later.
func redact(_ string, line string) string { return line }

// wireLines splits protocol octets into lines for the trace, as splitLines does, and
// gives every line the string of the first equal line seen: a bulk run says
// "250 2.1.5 Ok" and "QUIT" hundreds of thousands of times, and its trace keeps one
// copy of each. The slice is the world's, reused by the next call: keep the lines,
// not the slice.
func (w *World) wireLines(p []byte) []string {
	p = bytes.TrimSuffix(p, []byte("\r\n"))
	out := w.lines[:0]
	for {
		line, rest, more := bytes.Cut(p, []byte("\r\n"))
		out = append(out, w.line(line))
		if !more {
			w.lines = out
			return out
		}
		p = rest
	}
}

// line is the trace's string for a line of text: the one of the first equal line seen.
func (w *World) line(text []byte) string { return w.tr.Line(text) }

func splitLines(p []byte) []string {
	s := strings.TrimSuffix(string(p), "\r\n")
	if s == "" {
		return []string{""}
	}
	return strings.Split(s, "\r\n")
}

// latency is the one-way delay between two actors.
func (w *World) latency(a, b string) time.Duration { return w.sc.Latency }

// partitioned reports an active partition between two actors.
func (w *World) partitioned(a, b string) bool {
	for _, f := range w.faults {
		if f.Kind != fault.Partition || !f.ActiveAt(w.now, w.tr.Len()) {
			continue
		}
		if equalFold(f.Target, a) && equalFold(f.Peer, b) || equalFold(f.Target, b) && equalFold(f.Peer, a) {
			if !f.applied {
				f.applied = true
				w.faultEvent(f, a, fmt.Sprintf("no packets between %s and %s", f.Target, f.Peer))
			}
			return true
		}
	}
	return false
}
