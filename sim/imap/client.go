package imap

import (
	"bytes"
	"cmp"
	"strconv"
	"strings"

	"smtpsim/internal/onesort"
	"smtpsim/sim/session"
)

// This file holds the client engine: it logs in, fetches the messages of
// INBOX and, if asked, deletes them, the IMAP counterpart of the POP3
// client that a mail user agent runs in the simulation. Like the server it
// never touches a socket: the server's octets go into Feed and the
// commands to send come out.

// Limits on what the client holds of one server response. RFC 9051 sets
// none, but a client that buffers whatever a server sends can be made to
// run out of memory.
const (
	// clientMaxLine bounds one line of a response, not counting CRLF or
	// literal data.
	clientMaxLine = 64 << 10
	// clientMaxLiteral bounds one literal, and so one fetched message: well
	// above what real mail systems accept.
	clientMaxLiteral = 64 << 20
)

// clientMaxFailureLine is the most of a server line that Failure.Line keeps.
const clientMaxFailureLine = 512

// Stages of the client's script, named for the command whose completion is
// awaited, as Failure.Stage reports them.
const (
	stageGreeting   = "greeting"
	stageLogin      = "login"
	stageSelect     = "select"
	stageFetch      = "fetch"
	stageStore      = "store"
	stageExpunge    = "expunge"
	stageLogout     = "logout"
	stageConnection = "connection"
)

// ClientConfig says whose INBOX to fetch and what to do with it.
type ClientConfig struct {
	// User and Password are sent with LOGIN (RFC 9051 §6.2.3). They travel
	// in clear text, which is part of what the lessons show.
	User, Password string
	// Delete marks the fetched messages \Deleted with STORE and removes
	// them with EXPUNGE before logging out; without EXPUNGE the flag alone
	// removes nothing (RFC 9051 §6.4.3).
	Delete bool
	// Max fetches at most this many messages, the first ones; 0 or less
	// means all.
	Max int
}

// Failure says why a session did not end as planned.
type Failure struct {
	// Stage names the command whose completion went wrong: greeting,
	// login, select, fetch, store, expunge or logout; or connection when
	// the connection broke or the server stayed silent.
	Stage string
	// Line is the server's line that ended the script, without CRLF and
	// cut to 512 octets: the tagged NO or BAD, an untagged BYE, a response
	// the client could not accept, or the line announcing a literal over
	// the limit. It is empty when nothing the server sent is to blame.
	Line string
}

// Client is an IMAP4rev2 client engine with no I/O: feed it the server's
// octets and send what it returns. It waits for the greeting, logs in,
// selects INBOX, fetches the messages with FETCH (BODY[]), optionally
// deletes them with STORE and EXPUNGE, and logs out. It sends one command
// at a time and waits for its tagged completion, so a learner can read the
// conversation as a dialogue (RFC 9051 §5.5 would allow more). A Client is
// not safe for concurrent use.
type Client struct {
	cfg    ClientConfig
	reader responseReader
	stage  string   // the stage whose tagged completion is awaited
	tag    string   // the tag of the command in progress; "" before the first
	tags   int      // commands sent so far, which numbers the next tag
	parts  [][]byte // the rest of the command in progress, each part sent after a continuation request
	done   bool
	err    *Failure

	exists     uint32 // the last EXISTS count (RFC 9051 §7.4.1)
	seenExists bool   // an EXISTS arrived since SELECT was sent
	fetchLast  uint32 // FETCH asked for messages 1 to fetchLast
	bodies     map[uint32][]byte
}

// Client keeps the contract of package session.
var _ session.Client = (*Client)(nil)

// NewClient returns an engine waiting for the server's greeting.
func NewClient(cfg ClientConfig) *Client {
	return &Client{
		cfg:    cfg,
		stage:  stageGreeting,
		reader: responseReader{maxLine: clientMaxLine, maxLiteral: clientMaxLiteral},
	}
}

// Done reports that the session is over and the connection may be closed.
func (c *Client) Done() bool { return c.done }

// Err returns why the session failed, or nil when every command up to
// LOGOUT succeeded.
func (c *Client) Err() *Failure { return c.err }

// Messages returns the messages fetched completely, in message sequence
// order: the BODY[] contents byte for byte. A message whose FETCH response
// was cut short is never included; messages fetched before a failure are.
// The caller must not modify them.
func (c *Client) Messages() [][]byte {
	seqs := c.fetched()
	out := make([][]byte, len(seqs))
	for i, n := range seqs {
		out[i] = c.bodies[n]
	}
	return out
}

// Feed takes octets from the server, in any chunking, and returns the
// octets to send next; nil means wait for more. Once Done reports true the
// rest is ignored.
func (c *Client) Feed(p []byte) []byte {
	var out []byte
	for len(p) > 0 && !c.done {
		n, resp, complete, tooBig := c.reader.next(p)
		p = p[n:]
		switch {
		case tooBig != nil:
			// The rest of the line or literal would have to be skipped to
			// find the next response; a server that sends that much is not
			// worth the wait, so the client leaves at once.
			out = append(out, c.violation(c.stage, *tooBig)...)
		case complete:
			out = append(out, c.handle(resp)...)
		}
	}
	return out
}

// Lost records that the connection broke. Once LOGOUT is sent nothing is
// at stake any more: the server closes the connection after its BYE (RFC
// 9051 §6.1.3), and the session has done its work. Before that the session
// failed, and a message whose FETCH response was cut short is dropped.
// Whether the client's last command arrived changes none of that.
func (c *Client) Lost(arrived bool) {
	if c.done {
		return
	}
	if c.stage != stageLogout {
		c.fail(stageConnection, "")
	}
	c.finish()
}

// Unreachable records that no connection could be made: the session failed as if it
// had been lost before the greeting.
func (c *Client) Unreachable(why string) { c.Lost(false) }

// Timeout records that the server stayed silent too long and returns the
// LOGOUT to send before closing (RFC 9051 §6.1.3). When LOGOUT was sent
// already it returns nil and the session counts as finished, as with Lost.
// The engine has no clock: the caller decides what too long is.
func (c *Client) Timeout() []byte {
	if c.done {
		return nil
	}
	if c.stage == stageLogout {
		c.finish()
		return nil
	}
	c.fail(stageConnection, "")
	c.finish()
	return c.logoutLine()
}

// handle acts on one complete response: its lines and literals, without
// the final CRLF.
func (c *Client) handle(resp []byte) []byte {
	if len(resp) == 0 {
		return nil // an empty line carries nothing; be lenient
	}
	line := firstLine(resp)
	p := &parser{b: resp}
	switch {
	case p.consume('*'):
		return c.untagged(p, line)
	case p.consume('+'):
		return c.continuation(line)
	}
	tag, err := p.tag()
	if err != nil {
		return c.violation(c.stage, line)
	}
	return c.tagged(tag, p, line)
}

// untagged handles a "*" response. The client must accept any of them at
// any time, requested or not (RFC 9051 §2.2.2), and uses only the
// greeting, EXISTS, FETCH and BYE.
func (c *Client) untagged(p *parser, line string) []byte {
	if !p.consume(' ') {
		return c.ignoreOrFail(line)
	}
	if isDigit(p.peek()) {
		n, err := p.number()
		if err != nil || !p.consume(' ') {
			return c.ignoreOrFail(line)
		}
		kw, _ := p.atom()
		switch strings.ToUpper(kw) {
		case "EXISTS":
			c.exists, c.seenExists = n, true
		case "FETCH":
			if c.stage == stageFetch && p.consume(' ') {
				c.fetchResponse(n, p, line)
			}
		}
		return c.ignoreOrFail(line)
	}
	kw, _ := p.atom()
	status := strings.ToUpper(kw)
	if c.stage == stageGreeting {
		switch status {
		case "OK":
			// The greeting (RFC 9051 §7.1.1); it may list capabilities, but
			// LOGIN and the commands used here work with every server.
			return c.login()
		case "BYE":
			// The server refuses the connection and closes it (§7.1.5).
			c.fail(stageGreeting, line)
			c.finish()
			return nil
		}
		// PREAUTH (§7.1.4) would skip LOGIN, but the script logs in as
		// the configured user; anything else is no greeting at all.
		return c.violation(stageGreeting, line)
	}
	if status == "BYE" && c.stage != stageLogout {
		// The server is closing the connection (RFC 9051 §7.1.5), so the
		// command in progress will not complete and no LOGOUT is needed.
		c.fail(c.stage, line)
		c.finish()
	}
	return nil
}

// ignoreOrFail ignores an untagged response the client does not use,
// except in place of the greeting, which must come first.
func (c *Client) ignoreOrFail(line string) []byte {
	if c.stage == stageGreeting {
		return c.violation(stageGreeting, line)
	}
	return nil
}

// fetchResponse takes the message out of one FETCH response. Responses
// for messages outside the range asked for, or without BODY[], are flag
// updates and the like, which the server may send at any time (RFC 9051
// §7.5.2). A malformed one is recorded as a failure, but the FETCH is
// still read to its end, so that commands and responses stay in step and
// the client can log out cleanly without deleting anything.
func (c *Client) fetchResponse(n uint32, p *parser, line string) {
	if n == 0 || n > c.fetchLast {
		return
	}
	body, found, err := p.msgAttBody()
	if err != nil {
		c.fail(stageFetch, line)
		return
	}
	if _, dup := c.bodies[n]; found && !dup {
		c.bodies[n] = body
	}
}

// continuation answers a "+" request: the server is ready for the
// literal the client announced (RFC 9051 §7.6).
func (c *Client) continuation(line string) []byte {
	if len(c.parts) == 0 {
		return c.violation(c.stage, line)
	}
	part := c.parts[0]
	c.parts = c.parts[1:]
	return part
}

// tagged handles the response that completes the command in progress.
func (c *Client) tagged(tag string, p *parser, line string) []byte {
	if c.tag == "" || tag != c.tag || !p.consume(' ') {
		// A completion of a command the client never sent: the two sides
		// no longer agree on what is going on.
		return c.violation(c.stage, line)
	}
	status, _ := p.atom()
	// A NO or BAD in place of a continuation request ends the command: the
	// rest of it must not be sent (RFC 9051 §7.6).
	c.parts = nil
	switch strings.ToUpper(status) {
	case "OK":
		return c.advance(line)
	case "NO", "BAD":
		c.fail(c.stage, line)
		if c.stage == stageLogout {
			c.finish()
			return nil
		}
		return c.logout()
	}
	return c.violation(c.stage, line)
}

// advance sends the command that follows a tagged OK.
func (c *Client) advance(line string) []byte {
	switch c.stage {
	case stageLogin:
		c.exists, c.seenExists = 0, false
		return c.send(stageSelect, "SELECT INBOX")
	case stageSelect:
		if !c.seenExists {
			// EXISTS is a required part of the SELECT answer (RFC 9051
			// §6.3.2); without it the client cannot know what to fetch.
			c.fail(stageSelect, line)
			return c.logout()
		}
		n := c.exists
		if c.cfg.Max > 0 && uint64(c.cfg.Max) < uint64(n) {
			n = uint32(c.cfg.Max)
		}
		if n == 0 {
			return c.logout()
		}
		c.fetchLast, c.bodies = n, make(map[uint32][]byte)
		// BODY[] rather than BODY.PEEK[]: the message is read, so the
		// server sets \Seen as a mail client's would (RFC 9051 §6.4.5).
		return c.send(stageFetch, "FETCH "+firstN(n)+" (BODY[])")
	case stageFetch:
		seqs := c.fetched()
		if c.err != nil || !c.cfg.Delete || len(seqs) == 0 {
			return c.logout()
		}
		// Only the messages actually received are marked, so that one
		// the server left out is never deleted unread. SILENT spares the
		// FETCH response for each (RFC 9051 §6.4.6).
		return c.send(stageStore, "STORE "+formatSeqSet(seqs)+` +FLAGS.SILENT (\Deleted)`)
	case stageStore:
		// EXPUNGE removes every \Deleted message, including any another
		// client marked; UID EXPUNGE (§6.4.9) would limit it to ours, but
		// the plain command is what the lessons show.
		return c.send(stageExpunge, "EXPUNGE")
	case stageExpunge:
		return c.logout()
	case stageLogout:
		c.finish()
	}
	return nil
}

// login sends LOGIN with the user name and password as strings (RFC 9051
// §4.3): quoted when that is possible, as literals when they hold a line
// break or 8-bit octets, which a quoted string cannot carry in IMAP4rev1.
// A NUL fits in neither, so such a command is not sent at all.
func (c *Client) login() []byte {
	parts := [][]byte{[]byte("LOGIN")}
	for _, arg := range []string{c.cfg.User, c.cfg.Password} {
		last := append(parts[len(parts)-1], ' ')
		switch {
		case strings.IndexByte(arg, 0) >= 0:
			c.fail(stageLogin, "")
			return c.logout()
		case needsLiteral(arg):
			// A synchronizing literal works with every server; the data
			// goes out after the server's "+" (RFC 9051 §7.6).
			last = append(last, '{')
			last = strconv.AppendInt(last, int64(len(arg)), 10)
			last = append(last, "}\r\n"...)
			parts[len(parts)-1] = last
			parts = append(parts, []byte(arg))
		default:
			parts[len(parts)-1] = appendQuoted(last, arg)
		}
	}
	parts[len(parts)-1] = append(parts[len(parts)-1], "\r\n"...)
	c.startCommand(stageLogin)
	c.parts = parts[1:]
	return append([]byte(c.tag+" "), parts[0]...)
}

// needsLiteral reports whether s cannot be a quoted string: QUOTED-CHAR
// excludes CR and LF, and 8-bit octets are allowed there only by
// IMAP4rev2 (RFC 9051 §9), which a rev1 server would reject.
func needsLiteral(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\r' || c == '\n' || c >= 0x80 {
			return true
		}
	}
	return false
}

// appendQuoted appends s as a quoted string, escaping the quoted-specials
// DQUOTE and backslash (RFC 9051 §9).
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// firstN is the sequence set of messages 1 to n.
func firstN(n uint32) string {
	if n == 1 {
		return "1"
	}
	return "1:" + strconv.FormatUint(uint64(n), 10)
}

// fetched returns the sequence numbers of the messages received, in order.
func (c *Client) fetched() []uint32 {
	seqs := make([]uint32, 0, len(c.bodies))
	for n := range c.bodies {
		seqs = append(seqs, n)
	}
	onesort.Func(seqs, cmp.Compare[uint32]) // one copy of the sort's code (onesort)
	return seqs
}

// startCommand numbers the next command and awaits its completion.
func (c *Client) startCommand(stage string) {
	c.tags++
	c.tag = "a" + strconv.Itoa(c.tags)
	c.stage = stage
	c.parts = nil
}

// send returns one command line and awaits its tagged completion.
//
// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func (c *Client) send(stage, command string) []byte {
	c.startCommand(stage)
	return []byte(c.tag + " " + command + "\r\n")
}

// logout sends LOGOUT and awaits the server's BYE and tagged OK (RFC 9051
// §6.1.3).
func (c *Client) logout() []byte { return c.send(stageLogout, "LOGOUT") }

// logoutLine returns a LOGOUT that is sent without waiting for its answer.
func (c *Client) logoutLine() []byte {
	c.tags++
	return []byte("a" + strconv.Itoa(c.tags) + " LOGOUT\r\n")
}

// violation ends the session at once when the server breaks the protocol
// or a limit: what it sends next cannot be trusted to be the answer to
// LOGOUT, so LOGOUT is sent as a courtesy and not awaited.
func (c *Client) violation(stage, line string) []byte {
	logoutSent := c.stage == stageLogout
	c.fail(stage, line)
	c.finish()
	if logoutSent {
		return nil
	}
	return c.logoutLine()
}

// fail records the first failure; later ones are consequences of it.
func (c *Client) fail(stage, line string) {
	if c.err != nil {
		return
	}
	if len(line) > clientMaxFailureLine {
		line = line[:clientMaxFailureLine]
	}
	c.err = &Failure{Stage: stage, Line: line}
}

// finish ends the session and drops any response read in part, so that
// Messages holds whole messages only and a finished client holds no large
// buffer.
func (c *Client) finish() {
	c.done = true
	c.parts = nil
	c.reader.reset()
}

// firstLine returns a response's first line, cut to what a Failure keeps.
func firstLine(resp []byte) string {
	if i := bytes.IndexByte(resp, '\r'); i >= 0 {
		resp = resp[:i]
	}
	return string(resp[:min(len(resp), clientMaxFailureLine)])
}

// responseReader cuts the server's octets into whole responses. A response
// is one line, or several joined by literals: a line ending in {n} is
// followed by n octets of literal data and then the rest of the response
// (RFC 9051 §4.3, §7.5.2). Every line and literal is bounded, and so is
// the whole response, so a server cannot make the client buffer without
// bound. Its decisions do not depend on how the input is chunked.
type responseReader struct {
	maxLine, maxLiteral int

	buf       []byte // the response so far; a literal's announcement ends in CRLF, as the parser expects
	segStart  int    // where the line being read starts in buf
	remaining int    // literal octets still to come
}

// next consumes a prefix of p. It returns how many octets it used and
// either a complete response (without its final CRLF), or the line that
// broke a limit, or neither when more input is needed. It always uses at
// least one octet or returns something, so the caller's loop advances.
func (r *responseReader) next(p []byte) (n int, resp []byte, complete bool, tooBig *string) {
	if r.remaining > 0 {
		k := min(r.remaining, len(p))
		r.buf = append(r.buf, p[:k]...)
		r.remaining -= k
		if r.remaining == 0 {
			r.segStart = len(r.buf)
		}
		return k, nil, false, nil
	}
	i := bytes.IndexByte(p, '\n')
	chunk := p
	if i >= 0 {
		chunk = p[:i]
	}
	// The line limit leaves out CRLF: a line is too long as soon as more
	// than maxLine+1 octets (the one being a CR) precede its LF, which is
	// decided the same way however the input is chunked.
	if len(r.buf)-r.segStart+len(chunk) > r.maxLine+1 || len(r.buf)+len(chunk) > r.maxResponse() {
		// At this point at least this much of the line has arrived,
		// however the input was chunked: the Failure shows no more of it.
		seen := min(r.maxLine+2, r.maxResponse()+1-r.segStart)
		return 0, nil, false, r.overLimit(chunk, seen)
	}
	r.buf = append(r.buf, chunk...)
	if i < 0 {
		return len(p), nil, false, nil
	}
	if len(r.buf) > r.segStart && r.buf[len(r.buf)-1] == '\r' {
		// Only this line's CR: the octet before segStart may be literal
		// data. A bare LF is accepted as a line end too.
		r.buf = r.buf[:len(r.buf)-1]
	}
	seg := r.buf[r.segStart:]
	if len(seg) > r.maxLine {
		return 0, nil, false, r.overLimit(nil, len(seg))
	}
	size, _, isLiteral := literalAnnouncement(seg)
	if !isLiteral {
		resp := r.buf
		r.reset()
		return i + 1, resp, true, nil
	}
	if size > uint64(r.maxLiteral) || uint64(len(r.buf))+2+size > uint64(r.maxResponse()) {
		return 0, nil, false, r.overLimit(nil, len(seg))
	}
	r.buf = append(r.buf, '\r', '\n')
	r.segStart = len(r.buf)
	r.remaining = int(size)
	return i + 1, nil, false, nil
}

// maxResponse bounds a whole response: one literal of the largest size
// and lines around it, and no more however many small literals it has.
func (r *responseReader) maxResponse() int { return r.maxLiteral + r.maxLine }

// overLimit returns the first n octets of the offending line (at most
// what a Failure keeps) and forgets the response.
func (r *responseReader) overLimit(chunk []byte, n int) *string {
	n = min(n, clientMaxFailureLine)
	line := make([]byte, 0, n)
	seg := r.buf[r.segStart:]
	line = append(line, seg[:min(len(seg), n)]...)
	line = append(line, chunk[:min(len(chunk), n-len(line))]...)
	s := string(bytes.TrimSuffix(line, []byte("\r")))
	r.reset()
	return &s
}

func (r *responseReader) reset() {
	r.buf = nil
	r.segStart, r.remaining = 0, 0
}

// msgAttBody reads the parenthesized list of a FETCH response (RFC 9051
// §7.5.2, §9 msg-att) and returns the value of BODY[], wherever it is in
// the list. Every other item is skipped whatever its value: flags,
// numbers, strings, literals, nested lists.
func (p *parser) msgAttBody() (body []byte, found bool, err error) {
	if !p.consume('(') {
		return nil, false, p.fail(`expected "(" after FETCH`)
	}
	if p.consume(')') {
		return nil, false, p.end()
	}
	for {
		name := p.msgAttName()
		if name == "" {
			return nil, false, p.fail("expected a fetch item name")
		}
		if !p.consume(' ') {
			return nil, false, p.fail("expected a space after the fetch item name")
		}
		if strings.EqualFold(name, "BODY[]") && !found {
			b, present, err := p.nstringBytes()
			if err != nil {
				return nil, false, err
			}
			// NIL is no message: leave it out, so that it is not deleted.
			body, found = b, present
		} else if err := p.skipValue(); err != nil {
			return nil, false, err
		}
		if p.consume(')') {
			return body, found, p.end()
		}
		if !p.consume(' ') {
			return nil, false, p.fail(`expected a space or ")" between fetch items`)
		}
	}
}

// msgAttName reads a fetch item name such as FLAGS, BODY[] or
// BODY[HEADER.FIELDS (FROM TO)]<0>: an atom with an optional section in
// brackets, which may hold spaces, and an optional origin in angle
// brackets.
func (p *parser) msgAttName() string {
	start := p.pos
	for !p.atEnd() {
		switch c := p.b[p.pos]; c {
		case '[', '<':
			closing := byte(']')
			if c == '<' {
				closing = '>'
			}
			j := bytes.IndexByte(p.b[p.pos:], closing)
			if j < 0 {
				return ""
			}
			p.pos += j + 1
			continue
		}
		if !isAtomChar(p.b[p.pos]) {
			break
		}
		p.pos++
	}
	return string(p.b[start:p.pos])
}

// nstringBytes reads a string or NIL (RFC 9051 §4.5); present is false
// for NIL.
func (p *parser) nstringBytes() (b []byte, present bool, err error) {
	switch p.peek() {
	case '"':
		s, err := p.quoted()
		return []byte(s), true, err
	}
	if p.atLiteral() {
		b, err := p.responseLiteral()
		return b, err == nil, err
	}
	if a, err := p.atom(); err == nil && strings.EqualFold(a, "NIL") {
		return nil, false, nil
	}
	return nil, false, p.fail("expected a string or NIL")
}

// atLiteral reports whether a literal or literal8 starts here.
func (p *parser) atLiteral() bool {
	rest := p.b[p.pos:]
	return bytes.HasPrefix(rest, []byte("{")) || bytes.HasPrefix(rest, []byte("~{"))
}

// responseLiteral reads a literal and copies its data, so that the
// message does not keep the rest of the response alive. The "~" of a
// literal8 (RFC 9051 §4.3.1) is accepted. The reader has checked the
// length and stored the announcement with exactly CRLF after it.
func (p *parser) responseLiteral() ([]byte, error) {
	p.consume('~')
	if !p.consume('{') {
		return nil, p.fail("expected a literal")
	}
	start := p.pos
	for !p.atEnd() && isDigit(p.b[p.pos]) {
		p.pos++
	}
	n, err := strconv.Atoi(string(p.b[start:p.pos]))
	if err != nil {
		return nil, p.fail("expected the length of a literal")
	}
	p.consume('+')
	if !p.consume('}') || !p.consume('\r') || !p.consume('\n') {
		return nil, p.fail("expected } and CRLF after the literal length")
	}
	if len(p.b)-p.pos < n {
		return nil, syntaxError("literal shorter than announced")
	}
	data := bytes.Clone(p.b[p.pos : p.pos+n])
	p.pos += n
	return data, nil
}

// skipValue skips one value of any kind: an atom, number or NIL, a flag,
// a quoted string, a literal, or a parenthesized list of values, nested to
// any depth. It keeps a depth count instead of recursing, so that a deep
// BODYSTRUCTURE or a hostile server cannot exhaust the stack.
func (p *parser) skipValue() error {
	depth := 0
	for {
		switch c := p.peek(); {
		case p.atEnd():
			return syntaxError("value cut short")
		case c == '(':
			p.pos++
			depth++
			continue
		case c == ')' && depth > 0:
			p.pos++
			depth--
		case c == '"':
			if _, err := p.quoted(); err != nil {
				return err
			}
		case p.atLiteral():
			if _, err := p.responseLiteral(); err != nil {
				return err
			}
		default:
			start := p.pos
			for !p.atEnd() && isValueChar(p.b[p.pos]) {
				p.pos++
			}
			if p.pos == start {
				return p.fail("expected a value")
			}
		}
		if depth == 0 {
			return nil
		}
		// Inside a list: a space before the next element, or its end.
		if !p.consume(' ') && p.peek() != ')' {
			return p.fail(`expected a space or ")" in a list`)
		}
	}
}

// isValueChar reports whether c may be part of an atom-like value: atoms,
// numbers, NIL and flags such as \Seen or \*, which the grammar spreads
// over several rules.
func isValueChar(c byte) bool {
	return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '"' && c != '{'
}
