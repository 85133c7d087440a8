package pop3

import (
	"bytes"
	"strconv"
	"strings"

	"smtpsim/sim/reason"
	"smtpsim/sim/session"
)

// maxMessageSize bounds one retrieved message, unstuffed and with CRLF line endings.
// RFC 1939 sets no limit, but a client that buffers whatever a server sends can be made
// to run out of memory; 64 MiB is well above what real mail systems accept.
const maxMessageSize = 64 << 20

// Stages of the client's script, named for the command whose answer is awaited, as
// Failure.Stage reports them.
const (
	stageGreeting   = "greeting"
	stageUser       = "user"
	stagePass       = "pass"
	stageStat       = "stat"
	stageRetr       = "retr"
	stageDele       = "dele"
	stageQuit       = "quit"
	stageConnection = "connection"
)

// Reason keys of a Failure, one per cause. They are stable: traces and lesson texts refer
// to them.
const (
	failRefused     Reason = "pop3.client.refused"
	failBadStatus   Reason = "pop3.client.bad-status"
	failBadStat     Reason = "pop3.client.bad-stat"
	failLineTooLong Reason = "pop3.client.line-too-long"
	failTooLarge    Reason = "pop3.client.message-too-large"
	failUnsolicited Reason = "pop3.client.unsolicited"
	failLineBreak   Reason = "pop3.client.line-break"
	failLost        Reason = "pop3.client.connection-lost"
	failTimeout     Reason = "pop3.client.timeout"
)

// maxFailureLine is the most of an offending line that Failure.Line keeps: a status line
// of the longest size RFC 1939 §3 allows, less its CRLF.
const maxFailureLine = maxResponseLine - 2

// FailureReasons explains every Failure.Reason the client produces. No server sent
// them, so they have no status; the text takes no arguments. The table is separate from Reasons, which holds what the
// server engine sends.
var FailureReasons = reason.Table[Reason]{
	failRefused:     {Text: "the server answered -ERR", RFC: "RFC 1939 §3"},
	failBadStatus:   {Text: "the server's line is neither +OK nor -ERR", RFC: "RFC 1939 §3"},
	failBadStat:     {Text: "the STAT answer lacks the message count and size", RFC: "RFC 1939 §5"},
	failLineTooLong: {Text: "the server's status line is longer than 512 octets", RFC: "RFC 1939 §3"},
	failTooLarge:    {Text: "the message is larger than the client accepts (64 MiB)", RFC: "RFC 1939 §5"},
	failUnsolicited: {Text: "the server sent more than the answer to the command", RFC: "RFC 1939 §3"},
	failLineBreak:   {Text: "the user name or password contains a line break", RFC: "RFC 1939 §3"},
	failLost:        {Text: "the connection broke before the session ended", RFC: "RFC 1939 §6"},
	failTimeout:     {Text: "the server stayed silent too long", RFC: "RFC 1939 §3"},
}

// ClientConfig says whose maildrop to fetch and what to do with it.
type ClientConfig struct {
	// User and Password are sent with USER and PASS (RFC 1939 §7). They travel in
	// clear text, which is part of what the lessons show.
	User, Password string
	// Delete marks each message with DELE once it is retrieved, so that the server
	// removes it when QUIT moves the session to UPDATE (RFC 1939 §6).
	Delete bool
	// Max retrieves at most this many messages, the first ones; 0 or less means all.
	Max int
}

// Failure says why a session did not end as planned.
type Failure struct {
	// Stage names the command whose answer went wrong: greeting, user, pass, stat,
	// retr, dele or quit; or connection when the connection broke or timed out.
	Stage string
	// Line is the server's line that ended the script, without its line end: the
	// -ERR status line, or a line the client could not accept (cut to 510 octets), or
	// for an over-large message the +OK line of its RETR. It is empty when nothing the
	// server sent is to blame (connection loss, timeout, a line break in a credential).
	Line string
	// Reason is a key of FailureReasons.
	Reason Reason
}

// Client is a POP3 client engine with no I/O: feed it the server's octets and send what
// it returns. It logs in with USER and PASS, asks STAT for the message count, retrieves
// messages in order with RETR (DELE after each one if configured), then QUITs. It sends
// one command at a time and waits for its answer, since RFC 1939 has no pipelining (RFC
// 2449 §6.6 adds it only for servers that announce it). A Client is not safe for
// concurrent use.
type Client struct {
	cfg   ClientConfig
	stage string // the command whose answer is awaited
	done  bool
	err   *Failure

	partial []byte // a line received in part, without its LF

	inBody bool   // reading the multi-line answer to RETR
	status string // the status line of that answer, for a Failure
	body   []byte // the message read so far, unstuffed, CRLF line endings

	last     int // the number of the last message to retrieve
	n        int // the number of the message being retrieved
	messages [][]byte
}

// Client keeps the contract of package session.
var _ session.Client = (*Client)(nil)

// NewClient returns an engine waiting for the server's greeting.
func NewClient(cfg ClientConfig) *Client {
	return &Client{cfg: cfg, stage: stageGreeting}
}

// Done reports that the session is over and the connection may be closed.
func (c *Client) Done() bool { return c.done }

// Err returns why the session failed, or nil when every step succeeded, including the
// answer to QUIT that confirms the UPDATE state (RFC 1939 §6).
func (c *Client) Err() *Failure { return c.err }

// Messages returns the messages retrieved completely, in maildrop order, with dot-
// stuffing removed and CRLF line endings. A message whose answer was cut short is never
// included; messages retrieved before a failure are. The caller must not modify them.
func (c *Client) Messages() [][]byte { return c.messages }

// Feed takes octets from the server, in any chunking, and returns the octets to send
// next; nil means wait for more. Once Done reports true the rest is ignored.
func (c *Client) Feed(p []byte) []byte {
	var out []byte
	for len(p) > 0 && !c.done {
		// A bare LF ends a line as well as CRLF: RFC 1939 §3 asks for CRLF, and since
		// the engine returns messages with CRLF endings, treating LF alone as a line
		// end is what normalises a sloppy server's output rather than keeping it.
		end := bytes.IndexByte(p, '\n')
		if end < 0 {
			if !c.inBody && len(c.partial)+len(p) > maxResponseLine {
				p = p[:maxResponseLine-len(c.partial)] // enough to know the line is too long
			}
			c.partial = append(c.partial, p...)
			out = append(out, c.checkPartial()...)
			break
		}
		line := p[:end]
		if len(c.partial) > 0 {
			c.partial = append(c.partial, line...)
			line = c.partial
		}
		p = p[end+1:]
		out = append(out, c.receive(line, p)...)
		if cap(c.partial) > maxResponseLine {
			c.partial = nil // do not keep a long body line's buffer for the session
		} else {
			c.partial = c.partial[:0]
		}
	}
	return out
}

// Lost records that the connection broke. Unless the answer to QUIT had arrived the
// session failed: the server does not enter UPDATE when the connection closes without
// QUIT (RFC 1939 §6), and if QUIT was sent its fate is unknown. A message whose answer
// was cut short is dropped. Whether the client's last command arrived changes none of
// that.
func (c *Client) Lost(arrived bool) {
	if c.done {
		return
	}
	c.fail(stageConnection, "", failLost)
	c.done = true
}

// Unreachable records that no connection could be made: the session failed as if it
// had been lost before the greeting.
func (c *Client) Unreachable(why string) { c.Lost(false) }

// Timeout records that the server stayed silent too long and returns the QUIT to send
// before closing, so that the server may still apply the DELE commands of messages the
// client holds (RFC 1939 §6). If QUIT was sent already it returns nil.
func (c *Client) Timeout() []byte {
	if c.done {
		return nil
	}
	quitSent := c.stage == stageQuit
	c.fail(stageConnection, "", failTimeout)
	c.done = true
	if quitSent {
		return nil
	}
	return []byte("QUIT\r\n")
}

// checkPartial bounds the memory held for a line that has not ended yet.
func (c *Client) checkPartial() []byte {
	n := len(c.partial)
	if !c.inBody {
		if n >= maxResponseLine { // even with only its LF to come it is too long
			return c.violation(c.stage, failureLine(c.partial), failLineTooLong)
		}
		return nil
	}
	// Once unstuffed and ended by CRLF the line will add at least n octets: it loses at
	// most a dot and a CR and gains CRLF. Only the terminating "." (with its CR) is
	// shorter and adds nothing.
	if n > 2 && len(c.body)+n > maxMessageSize {
		return c.violation(stageRetr, c.status, failTooLarge)
	}
	return nil
}

// receive handles one line from the server, without its LF; rest is what followed it in
// the same Feed.
func (c *Client) receive(line, rest []byte) []byte {
	tooLong := len(line)+1 > maxResponseLine
	line = bytes.TrimSuffix(line, []byte("\r"))
	if c.inBody {
		return c.bodyLine(line, rest)
	}
	if tooLong {
		return c.violation(c.stage, failureLine(line), failLineTooLong)
	}
	ok, valid := parseStatus(line)
	if c.stage == stageQuit {
		// Whatever the answer, the session is over; it only says whether UPDATE
		// succeeded (RFC 1939 §6). An earlier failure stays the one reported.
		switch {
		case !valid:
			c.fail(stageQuit, string(line), failBadStatus)
		case !ok:
			c.fail(stageQuit, string(line), failRefused)
		}
		c.done = true
		return nil
	}
	switch {
	case !valid:
		return c.violation(c.stage, string(line), failBadStatus)
	case !ok:
		c.fail(c.stage, string(line), failRefused)
		return c.quit()
	case len(rest) > 0 && c.stage != stageRetr:
		// A positive single-line answer completes the exchange; octets after it were
		// sent before the server saw a next command, so they answer nothing.
		return c.unsolicited(rest)
	}
	return c.advance(string(line))
}

// advance sends the command that follows a positive answer to the current one.
func (c *Client) advance(line string) []byte {
	switch c.stage {
	case stageGreeting:
		// The greeting may carry an APOP timestamp (RFC 1939 §7); USER and PASS work
		// with every server that offers them, and the lessons show the password travel.
		return c.send(stageUser, "USER", c.cfg.User)
	case stageUser:
		return c.send(stagePass, "PASS", c.cfg.Password)
	case stagePass:
		return c.send(stageStat, "STAT")
	case stageStat:
		// "+OK nn mm": count, then size (RFC 1939 §5); more text may follow. Messages
		// are numbered 1..count until QUIT, as none is marked deleted yet.
		fields := strings.Fields(strings.TrimPrefix(line, "+OK"))
		if len(fields) < 2 {
			return c.violation(stageStat, line, failBadStat)
		}
		count, ok := parseDecimal(fields[0])
		if _, sized := parseDecimal(fields[1]); !ok || !sized {
			return c.violation(stageStat, line, failBadStat)
		}
		c.last = count
		if c.cfg.Max > 0 {
			c.last = min(c.last, c.cfg.Max)
		}
		return c.next()
	case stageRetr:
		// The message follows as a multi-line answer (RFC 1939 §5).
		c.inBody, c.status, c.body = true, line, []byte{}
		return nil
	case stageDele:
		return c.next()
	}
	return nil
}

// bodyLine handles one line of the multi-line answer to RETR (RFC 1939 §3): a line that is
// exactly "." ends it, and a leading "." added by byte-stuffing is removed.
func (c *Client) bodyLine(line, rest []byte) []byte {
	if len(line) == 1 && line[0] == '.' {
		c.messages = append(c.messages, c.body)
		c.inBody, c.status, c.body = false, "", nil
		if len(rest) > 0 {
			return c.unsolicited(rest)
		}
		if c.cfg.Delete {
			return c.send(stageDele, "DELE", strconv.Itoa(c.n))
		}
		return c.next()
	}
	if len(line) > 0 && line[0] == '.' {
		line = line[1:]
	}
	if len(c.body)+len(line)+2 > maxMessageSize {
		return c.violation(stageRetr, c.status, failTooLarge)
	}
	c.body = append(c.body, line...)
	c.body = append(c.body, '\r', '\n')
	return nil
}

// next retrieves the next message, or QUITs when there is none left.
func (c *Client) next() []byte {
	c.n++
	if c.n > c.last {
		return c.quit()
	}
	return c.send(stageRetr, "RETR", strconv.Itoa(c.n))
}

// send returns one command line and awaits its answer. A CR or LF in an argument would
// end the line early and smuggle in a command of its own (RFC 1939 §3), so such a
// command is not sent at all.
func (c *Client) send(stage, keyword string, args ...string) []byte {
	line := keyword
	for _, arg := range args {
		if strings.ContainsAny(arg, "\r\n") {
			c.fail(stage, "", failLineBreak)
			return c.quit()
		}
		line += " " + arg
	}
	c.stage = stage
	return []byte(line + "\r\n")
}

// quit sends QUIT and awaits its answer, which confirms the UPDATE state when the session
// is in TRANSACTION (RFC 1939 §6).
func (c *Client) quit() []byte {
	c.stage = stageQuit
	return []byte("QUIT\r\n")
}

// unsolicited fails the session on octets that no command asked for; the first line of
// them, as far as it has arrived, goes into the Failure.
func (c *Client) unsolicited(extra []byte) []byte {
	line, _, _ := bytes.Cut(extra, []byte("\n"))
	return c.violation(c.stage, failureLine(bytes.TrimSuffix(line, []byte("\r"))), failUnsolicited)
}

// key is what violation and fail take: a Reason constant. An untyped string is none,
// so that a misspelled key does not compile.
type key interface{ reason() Reason }

func (k Reason) reason() Reason { return k }

// violation ends the session at once when the server breaks the protocol: its next
// octets cannot be trusted to be the answer to QUIT, so QUIT is sent and not awaited.
func (c *Client) violation(stage, line string, k key) []byte {
	quitSent := c.stage == stageQuit
	c.fail(stage, line, k)
	c.done = true
	if quitSent {
		return nil
	}
	return []byte("QUIT\r\n")
}

// fail records the first failure and drops any message or line read in part, so that
// Messages holds whole messages only and a failed session holds no large buffer.
func (c *Client) fail(stage, line string, k key) {
	if c.err == nil {
		c.err = &Failure{Stage: stage, Line: line, Reason: k.reason()}
	}
	c.inBody, c.body, c.partial = false, nil, nil
}

// failureLine keeps at most maxFailureLine octets of an offending line, cut before it
// is copied so that a huge line costs no huge string.
func failureLine(line []byte) string {
	return string(line[:min(len(line), maxFailureLine)])
}

// parseStatus reads the status indicator of a response line: "+OK" or "-ERR", in upper
// case (RFC 1939 §3), alone or followed by a space and text.
func parseStatus(line []byte) (ok, valid bool) {
	switch {
	case hasIndicator(line, "+OK"):
		return true, true
	case hasIndicator(line, "-ERR"):
		return false, true
	}
	return false, false
}

// hasIndicator reports whether line starts with the status indicator as a word of its own.
func hasIndicator(line []byte, indicator string) bool {
	return bytes.HasPrefix(line, []byte(indicator)) && (len(line) == len(indicator) || line[len(indicator)] == ' ')
}
