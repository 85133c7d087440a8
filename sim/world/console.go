package world

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"smtpsim/sim/session"
	"smtpsim/sim/trace"
)

// ConsoleActor is the actor name of the learner at the console, in the trace.
const ConsoleActor = "you"

// consoleIP is the address the console connects from: the learner's own machine,
// beside the MUAs (198.18.1.0 and up).
const consoleIP = "198.18.0.1"

// Console is a learner typing at a server of the world, as with telnet: at At the
// console connects to Host on Port (25 or 587 SMTP, 110 POP3, 143 IMAP), and sends
// line i once the reply to line i-1 has arrived (the greeting first). After a 354
// reply the lines are message text up to a line "."; they go out together, as the
// message, when that line comes. When the lines run out the connection stays open.
//
// The lines are wire lines: the console adds CRLF and nothing else, so a text line
// that starts with a dot must be doubled by the learner (RFC 5321 §4.5.2).
type Console struct {
	At    time.Duration
	Host  string
	Port  int
	Lines []string
}

// ConsoleRun is what became of a console in a run; it fills in as the world runs.
type ConsoleRun struct {
	Conn    int      // the connection's number in the trace; 0 until the console connects
	Sent    int      // how many of the lines were sent (message text once its final "." was)
	Closed  bool     // the connection ended; lines after Sent were never sent
	Waiting bool     // the last line sent has no reply yet
	InData  bool     // after a 354: lines from Sent on are message text, held until a line "."
	Msgs    []string // the ids the world gave the messages sent ("c1", "c2", …)
}

// consoles is the world's console state: a field of World, zero when no console is used.
type consoles struct {
	msgs   int
	manual *manualState
}

// AddConsole adds a console to a world that has not run yet.
func (w *World) AddConsole(c Console) *ConsoleRun {
	run := &ConsoleRun{}
	w.at(c.At, func() { w.startConsole(c, run) })
	return run
}

func (w *World) startConsole(c Console, run *ConsoleRun) {
	proto := map[int]string{25: "smtp", 587: "smtp", 110: "pop3", 143: "imap"}[c.Port]
	if proto == "" {
		proto = "tcp"
	}
	server, ok := w.byName[lower(c.Host)]
	if !ok {
		w.emit(&trace.Event{Kind: trace.KindUnreachable, Actor: ConsoleActor, Peer: c.Host, Port: c.Port, Proto: proto,
			Text: fmt.Sprintf("connect to %s:%d: no such host in this world", c.Host, c.Port)})
		run.Closed = true
		return
	}
	cli := &consoleClient{w: w, run: run, lines: c.Lines, proto: proto}
	cli.conn = w.dial(ConsoleActor, "", server, c.Port, proto, "", cli, consoleIP, func(*conn) {
		run.Closed, run.Waiting = true, false
		cli.undelivered(0, "4.4.2") // the connection ended before a reply to the dot: no code
	})
	run.Conn = cli.conn.id
}

// consoleClient is the console as the network sees it: a client engine (a
// session.Client) that sends the learner's lines one reply at a time.
type consoleClient struct {
	w     *World
	run   *ConsoleRun
	conn  *conn
	lines []string
	proto string
	verb  string   // the verb of the last command sent ("." for the end of a message)
	arg   string   // and its argument
	rcpts []string // recipients the server accepted in the open SMTP transaction
	msg   string   // the message whose final dot awaits its reply
}

// Feed implements session.Client.
func (k *consoleClient) Feed(p []byte) []byte {
	k.run.Waiting = false
	if k.proto == "smtp" {
		k.smtpReply(wireCode(p), wireStatus(p))
	}
	return k.next()
}

// smtpReply follows the transaction, to know which recipients a message goes to
// and when the lines become message text.
func (k *consoleClient) smtpReply(code int, status string) {
	ok := code/100 == 2
	switch k.verb {
	case "MAIL", "RSET", "EHLO", "HELO":
		k.rcpts = nil
	case "RCPT":
		if ok {
			if _, rest, found := strings.Cut(k.arg, "<"); found {
				addr, _, _ := strings.Cut(rest, ">")
				k.rcpts = append(k.rcpts, addr)
			}
		}
	case "DATA":
		k.run.InData = code == 354
	case ".":
		if !ok {
			k.undelivered(code, status)
		}
		k.msg, k.rcpts, k.conn.msg = "", nil, ""
	}
}

// next returns the next line to send, or the message once its final dot is typed.
func (k *consoleClient) next() []byte {
	r := k.run
	if r.Sent >= len(k.lines) {
		return nil
	}
	if r.InData {
		end := slices.Index(k.lines[r.Sent:], ".")
		if end < 0 {
			return nil // the learner is still typing the message
		}
		var b []byte
		for _, l := range k.lines[r.Sent : r.Sent+end] {
			b = append(append(b, l...), '\r', '\n')
		}
		r.Sent += end + 1
		r.InData = false
		k.w.console.msgs++
		k.msg = fmt.Sprintf("c%d", k.w.console.msgs)
		k.conn.msg = k.msg // the server files and queues the message under this id
		r.Msgs = append(r.Msgs, k.msg)
		for _, rc := range k.rcpts {
			k.w.fates.expect(k.msg, rc)
		}
		k.verb, k.arg = ".", ""
		r.Waiting = true
		return append(b, ".\r\n"...)
	}
	line := k.lines[r.Sent]
	r.Sent++
	verb, arg, _ := strings.Cut(line, " ")
	k.verb, k.arg = strings.ToUpper(verb), arg
	r.Waiting = true
	return []byte(line + "\r\n")
}

// undelivered marks the recipients of a message whose final dot got no 2xx reply
// as refused: the console, unlike an MTA, does not try again.
func (k *consoleClient) undelivered(code int, status string) {
	if k.msg == "" {
		return
	}
	for _, rc := range k.rcpts {
		if o := k.w.fates.find(k.msg, rc); o != nil && o.out.Outcome == "" {
			k.w.fates.rejected(k.msg, rc, code, status)
		}
	}
	k.msg = ""
}

// The console never ends a conversation by itself: the learner types QUIT, or it stays
// open. Nothing the network does makes it say anything either.
func (k *consoleClient) Done() bool         { return false }
func (k *consoleClient) Lost(bool)          { k.run.Waiting = false }
func (k *consoleClient) Unreachable(string) { k.run.Waiting = false }
func (k *consoleClient) Timeout() []byte    { k.run.Waiting = false; return nil }

// wireCode reads the code of the last reply line in p (0 if there is none).
func wireCode(p []byte) int {
	last := wireLastLine(p)
	if len(last) < 3 {
		return 0
	}
	n, err := strconv.Atoi(last[:3])
	if err != nil {
		return 0
	}
	return n
}

// wireStatus reads the enhanced status code of the last reply line in p, if any.
func wireStatus(p []byte) string {
	f := strings.Fields(wireLastLine(p))
	if len(f) > 1 && isEnhancedStatus(f[1]) {
		return f[1]
	}
	return ""
}

func wireLastLine(p []byte) string {
	lines := splitLines(p)
	return lines[len(lines)-1]
}

// isEnhancedStatus reports an enhanced status code such as "4.3.0" (RFC 3463).
func isEnhancedStatus(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || len(parts[0]) != 1 || parts[0] < "2" || parts[0] > "5" {
		return false
	}
	for _, p := range parts[1:] {
		if _, err := strconv.Atoi(p); err != nil || len(p) > 3 {
			return false
		}
	}
	return true
}

// ManualServer lets the learner be the SMTP server of one host on port 25: its
// replies come from Replies instead of the engine. Reply i answers the i-th thing a
// client waits for there — a greeting or a command, counted over all connections in
// the order they reach the host. A line "250-…" continues into the next line, as on
// the wire. Where Replies has no answer yet the server stays silent and the client
// times out; what the client then does follows from its real engine.
type ManualServer struct {
	Host    string
	Replies []string
}

// ManualRun records what the clients asked of the manual server.
type ManualRun struct {
	Requests []ManualRequest
}

// ManualRequest is one greeting or command a client waited on.
type ManualRequest struct {
	Conn     int
	Client   string
	What     string   // the command line, "" for the greeting, "(message, N octets)" after DATA
	Event    int      // index of the last trace event when the request reached the server
	Answered bool     // the script had a reply for it
	Reply    []string // the reply lines sent
}

// Waiting returns the first request without a reply, if there is one.
func (r *ManualRun) Waiting() (ManualRequest, bool) {
	for _, q := range r.Requests {
		if !q.Answered {
			return q, true
		}
	}
	return ManualRequest{}, false
}

type manualState struct {
	host    string
	replies [][]string // Replies grouped into replies
	run     *ManualRun
}

// SetManualServer makes one host's port 25 manual, for a world that has not run yet.
func (w *World) SetManualServer(m ManualServer) *ManualRun {
	st := &manualState{host: m.Host, run: &ManualRun{}}
	var cur []string
	for _, l := range m.Replies {
		cur = append(cur, l)
		if len(l) < 4 || l[3] != '-' {
			st.replies = append(st.replies, cur)
			cur = nil
		}
	}
	w.console.manual = st
	return st.run
}

// manualServerFor returns the manual server engine when the learner plays this host
// on this port (the hook in serverFor).
func (h *host) manualServerFor(c *conn) (serverEngine, bool) {
	st := h.w.console.manual
	if st == nil || c.port != 25 || !equalFold(st.host, h.name) {
		return nil, false
	}
	return &manualEngine{h: h, c: c, st: st}, true
}

// manualEngine is the server side played by the learner.
type manualEngine struct {
	h      *host
	c      *conn
	st     *manualState
	in     []byte
	data   bool // the learner answered DATA with 354: the message comes next
	closed bool
	rcpts  []string // recipients the learner accepted in the open transaction
}

func (e *manualEngine) greet() []out {
	if o, ok := e.answer("", false); ok {
		return []out{o}
	}
	return nil
}

func (e *manualEngine) done() bool { return e.closed }

func (e *manualEngine) reuse([]out) {}

// timeout: the learner's server says nothing to a client that idles; it only closes.
func (e *manualEngine) timeout() []out {
	e.closed = true
	return nil
}

func (e *manualEngine) feed(p []byte) []out {
	e.in = append(e.in, p...)
	var outs []out
	silent := false
	for !e.closed {
		var what string
		isMsg := e.data
		if e.data {
			end, n := -1, 0
			if bytes.HasPrefix(e.in, []byte(".\r\n")) {
				end, n = 0, 3
			} else if i := bytes.Index(e.in, []byte("\r\n.\r\n")); i >= 0 {
				end, n = i+2, i+5
			}
			if end < 0 {
				break
			}
			what = fmt.Sprintf("(message, %d octets)", end)
			e.in = e.in[n:]
			e.data = false
		} else {
			i := bytes.IndexByte(e.in, '\n')
			if i < 0 {
				break
			}
			what = strings.TrimSuffix(string(e.in[:i]), "\r")
			e.in = e.in[i+1:]
		}
		// Once one request goes unanswered, so do the ones after it: replies keep order.
		if silent {
			e.record(what, nil)
			continue
		}
		o, ok := e.answer(what, isMsg)
		if !ok {
			silent = true
			continue
		}
		outs = append(outs, o)
	}
	return outs
}

func (e *manualEngine) record(what string, reply []string) {
	e.st.run.Requests = append(e.st.run.Requests, ManualRequest{Conn: e.c.id, Client: e.c.client, What: what,
		Event: e.h.w.tr.Len() - 1, Answered: reply != nil, Reply: reply})
}

// answer takes the next reply of the script for a request, if there is one.
func (e *manualEngine) answer(what string, isMsg bool) (out, bool) {
	i := len(e.st.run.Requests)
	if i >= len(e.st.replies) {
		e.record(what, nil)
		return out{}, false
	}
	lines := e.st.replies[i]
	e.record(what, lines)
	var wire []byte
	for _, l := range lines {
		wire = append(append(wire, l...), '\r', '\n')
	}
	o := out{Answer: session.Answer{Wire: wire, Lines: slices.Clone(lines), Code: wireCode(wire), Status: wireStatus(wire)}}
	verb, arg, _ := strings.Cut(what, " ")
	ok := o.Code/100 == 2
	switch strings.ToUpper(verb) {
	case "MAIL", "RSET", "EHLO", "HELO":
		e.rcpts = nil
	case "RCPT":
		if _, rest, found := strings.Cut(arg, "<"); found && ok {
			addr, _, _ := strings.Cut(rest, ">")
			e.rcpts = append(e.rcpts, addr)
		}
	case "DATA":
		e.data = o.Code == 354
	}
	if isMsg && ok {
		o.then = e.handoff(slices.Clone(e.rcpts))
		e.rcpts = nil
	}
	if o.Code == 221 || o.Code == 421 {
		e.closed = true
	}
	return o, true
}

// handoff is what a 2xx to the final dot means: the learner's server owns the message.
// It leaves the simulated world there, as delivered to the learner.
func (e *manualEngine) handoff(rcpts []string) func() {
	w, h, c, msg := e.h.w, e.h, e.c, e.c.msg
	return func() {
		w.emit(&trace.Event{Kind: trace.KindHandoff, Actor: h.name, Peer: c.client, Msg: msg, Conn: c.id, Played: true,
			Text: fmt.Sprintf("%s (played by you) took responsibility for %s", h.name, msg), RFC: "RFC 5321 §6.1"})
		for _, r := range rcpts {
			w.fates.delivered(msg, r, h.name+"/"+ConsoleActor)
		}
	}
}
