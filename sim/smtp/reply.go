package smtp

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"smtpsim/sim/session"
)

// Reply is one SMTP reply: a three-digit code, an optional enhanced status code
// (RFC 3463) and one or more lines of text. Reason names why the server gave it, as a
// key of the reason table, so that a reader can look up the explanation.
type Reply struct {
	Code   int
	Status string   // enhanced status code such as "5.1.1"; empty for 220, 354, 334 and EHLO
	Lines  []string // at least one line of text (it may be empty)
	Reason Reason
}

// Class returns the first digit of the code: 2 success, 3 intermediate,
// 4 transient failure, 5 permanent failure (RFC 5321 §4.2.1).
func (r Reply) Class() int { return r.Code / 100 }

// Positive reports whether the reply is 2xx or 3xx.
func (r Reply) Positive() bool { return r.Code >= 200 && r.Code < 400 }

// FromServer reports whether a server sent the reply. The client engine's own
// decisions (a refused or timed-out connection, a lost one) carry only an enhanced
// status and no code, because no server answered.
func (r Reply) FromServer() bool { return r.Code != 0 }

// Transient reports a 4xx reply: the client should try again later.
func (r Reply) Transient() bool { return r.Class() == 4 }

// Permanent reports a 5xx reply: the client must not repeat the same request.
func (r Reply) Permanent() bool { return r.Class() == 5 }

// Text returns the lines joined by a space, without codes.
func (r Reply) Text() string { return strings.Join(r.Lines, " ") }

// Wire returns the reply as sent: every line but the last has a hyphen after the code
// (RFC 5321 §4.2.1), and the enhanced status code starts every line (RFC 2034 §4).
func (r Reply) Wire() []byte {
	n := 0
	for _, l := range r.Lines {
		n += len(l)
	}
	return r.AppendWire(make([]byte, 0, n+max(1, len(r.Lines))*(len(r.Status)+8)))
}

// AppendWire appends the reply as sent to b, as Wire returns it: a server that writes
// many replies builds them in one buffer.
func (r Reply) AppendWire(b []byte) []byte {
	lines := r.Lines
	if len(lines) == 0 {
		lines = []string{""}
	}
	for i, l := range lines {
		b = strconv.AppendInt(b, int64(r.Code), 10)
		if i < len(lines)-1 {
			b = append(b, '-')
		} else {
			b = append(b, ' ')
		}
		if r.Status != "" {
			b = append(b, r.Status...)
			if l != "" {
				b = append(b, ' ')
			}
		}
		b = append(b, l...)
		b = append(b, '\r', '\n')
	}
	return b
}

// Answer implements session.Response: every line of the reply is a status line.
func (r Reply) Answer() session.Answer {
	wire := r.staticWire()
	if wire == nil {
		wire = r.Wire()
	}
	return r.answer(wire)
}

// AppendAnswer is Answer with the wire form appended to b, unless it is shared (see
// fixedReplies), and returns b extended: a caller that answers many replies keeps
// their octets in a buffer of its own. The answer's Wire ends where the reply does:
// appending to it copies.
func (r Reply) AppendAnswer(b []byte) (session.Answer, []byte) {
	wire := r.staticWire()
	if wire == nil {
		start := len(b)
		b = r.AppendWire(b)
		wire = b[start:len(b):len(b)]
	}
	return r.answer(wire), b
}

func (r Reply) answer(wire []byte) session.Answer {
	return session.Answer{Wire: wire, Code: r.Code, Status: r.Status, Reason: string(r.Reason), StartsTLS: r.Reason == ReasonTLSReady}
}

// fixedReply is the reply of a reason whose text takes no values ("250 2.1.5 Ok",
// "354 …"), made once: a server sends them over and over. Its lines and wire form are
// shared and must not be written to; their capacity ends at their length, so an
// append copies.
type fixedReply struct {
	code   int
	status string
	lines  []string // the one line, the table's text
	wire   []byte
}

// fixedReplies holds the fixedReply of every reason whose text takes no values: one
// look-up answers what the reply is (Reason.Reply) and what it sends (staticWire). The
// table is made when first asked for, not when the program starts: a program that
// never runs a server or client (the web page until a lesson opens) does not make it,
// and under Node making the tables took 20 ms of the wasm module's start.
var fixedReplies = sync.OnceValue(func() map[Reason]*fixedReply {
	m := map[Reason]*fixedReply{}
	for k, info := range Reasons {
		if info.Args == "" {
			f := &fixedReply{code: info.Code, status: info.Status, lines: []string{info.Text}[:1:1]}
			f.wire = slices.Clip(Reply{Code: f.code, Status: f.status, Lines: f.lines}.Wire())
			m[k] = f
		}
	}
	return m
})

// staticWire returns the shared wire form of r if r is its reason's reply as the table
// has it, or nil.
func (r Reply) staticWire() []byte {
	if len(r.Lines) != 1 {
		return nil
	}
	f, ok := fixedReplies()[r.Reason]
	if !ok || r.Code != f.code || r.Status != f.status || r.Lines[0] != f.lines[0] {
		return nil // a reply with values, or a custom reply under the key (an injected fault)
	}
	return f.wire
}

// String returns the wire form without the final CRLF, lines separated by "\n".
func (r Reply) String() string {
	return strings.ReplaceAll(strings.TrimSuffix(string(r.Wire()), "\r\n"), "\r\n", "\n")
}

// Reply builds the reply of reason k, its text formatted with args. A key without a row
// in Reasons panics: every reply the engines produce can be explained.
func (k Reason) Reply(args ...any) Reply {
	if len(args) == 0 {
		if f, ok := fixedReplies()[k]; ok {
			return Reply{Code: f.code, Status: f.status, Lines: f.lines, Reason: k}
		}
	}
	info := Reasons.Of(k)
	return Reply{Code: info.Code, Status: info.Status, Lines: []string{info.Format(args...)}, Reason: k}
}

// ReplyString is Reply with one string value ("Ok: queued as %s"), as the engines
// give a host name, an address or a queue id at every connection: the value is not
// boxed in an interface on the way.
func (k Reason) ReplyString(value string) Reply {
	info := Reasons.Of(k)
	return Reply{Code: info.Code, Status: info.Status, Lines: []string{info.FormatString(value)}, Reason: k}
}

// ReplyStringIn is ReplyString with the reply's line kept in *line, not in a slice of
// its own: for a caller that answers with such a reply over and over and keeps room
// for it, which its replies share (the next one writes over the last).
func (k Reason) ReplyStringIn(line *[1]string, value string) Reply {
	info := Reasons.Of(k)
	line[0] = info.FormatString(value)
	return Reply{Code: info.Code, Status: info.Status, Lines: line[:], Reason: k}
}

// Custom builds a reply of reason k whose code, status and text are the caller's, not
// the table's: what an injected fault asks for ("reply 451 to RCPT"), or a verdict that
// no server sent (code 0) under a key of another table.
func (k Reason) Custom(code int, status, text string) Reply {
	return Reply{Code: code, Status: status, Lines: []string{text}, Reason: k}
}
