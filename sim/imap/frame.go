package imap

import (
	"bytes"
	"math"
	"strconv"
)

// This file cuts the client's byte stream into whole commands. A command is
// one line, or several lines joined by literals: a line that ends in {n}
// (synchronizing) or {n+} (non-synchronizing) is followed by n octets of
// literal data and then the rest of the command (RFC 9051 §4.3, §7.6).
// Every size is bounded, and the framer only ever holds one command, so a
// client cannot make the server buffer without bound.

// Limits used when Config leaves them zero.
const (
	// DefaultMaxLine is the longest command line in octets, not counting
	// CRLF or literal data. RFC 7162 §4 asks servers to accept at least
	// 8192 octets.
	DefaultMaxLine = 8192
	// DefaultMaxLiteral is the most literal data one command may carry.
	DefaultMaxLiteral = 64 * 1024
)

// tailOctets is how much of a discarded line the framer remembers: enough
// to recognise a literal announcement such as {18446744073709551615+} at
// its end, whose data must be skipped rather than read as commands.
const tailOctets = 64

// headOctets is how much of a rejected command the framer looks at to find
// its tag.
const headOctets = 64

type frameMode int

const (
	modeLine        frameMode = iota // collecting a line of the command
	modeLiteral                      // reading literal data into the command
	modeSkipLiteral                  // skipping the data of a rejected non-synchronizing literal
	modeDiscardLine                  // dropping the rest of a rejected command line
)

// framer is the incremental reader behind Server.Feed. Its decisions do
// not depend on how the input is chunked: feeding a conversation one octet
// at a time yields the same responses as feeding it all at once.
type framer struct {
	maxLine, maxLiteral int

	mode      frameMode
	cmd       []byte // the command so far; literal announcements end in CRLF
	segStart  int    // where the current line starts in cmd
	lineBytes int    // octets of finished lines in cmd, CRLF counted
	litBytes  int    // octets of literal data in cmd
	remaining uint64 // literal octets still to read or skip
	tail      []byte // the end of a line being discarded
}

// next consumes a prefix of p. It returns how many octets it used and at
// most one of: a complete command, or a response to send now (a
// continuation request or a BAD for input over a limit). It always uses at
// least one octet or returns something, so the caller's loop advances.
func (f *framer) next(p []byte) (n int, cmd []byte, resp *Response) {
	switch f.mode {
	case modeLiteral:
		k := int(min(f.remaining, uint64(len(p))))
		f.cmd = append(f.cmd, p[:k]...)
		f.litBytes += k
		f.remaining -= uint64(k)
		if f.remaining == 0 {
			f.mode = modeLine
			f.segStart = len(f.cmd)
		}
		return k, nil, nil
	case modeSkipLiteral:
		k := int(min(f.remaining, uint64(len(p))))
		f.remaining -= uint64(k)
		if f.remaining == 0 {
			f.mode = modeDiscardLine
		}
		return k, nil, nil
	case modeDiscardLine:
		return f.discard(p), nil, nil
	}
	return f.line(p)
}

func (f *framer) line(p []byte) (int, []byte, *Response) {
	i := bytes.IndexByte(p, '\n')
	chunk := p
	if i >= 0 {
		chunk = p[:i]
	}
	// The limit leaves out CRLF. A line is too long as soon as more than
	// maxLine+1 octets (the one being a CR) precede its LF, which can be
	// decided the same way however the input is chunked.
	if f.lineBytes+len(f.cmd)-f.segStart+len(chunk) > f.maxLine+1 {
		tag := tagOf(head(f.cmd, chunk))
		f.tail = lastOctets(f.tail[:0], f.cmd[f.segStart:])
		f.reset()
		f.mode = modeDiscardLine
		r := statusResponse(tag, "BAD", "TOOBIG",
			"Command line longer than "+strconv.Itoa(f.maxLine)+" octets; discarded up to the next line", reasonLineTooLong)
		return 0, nil, &r
	}
	f.cmd = append(f.cmd, chunk...)
	if i < 0 {
		return len(p), nil, nil
	}
	if len(f.cmd) > f.segStart && f.cmd[len(f.cmd)-1] == '\r' {
		// Only this line's CR: the octet before segStart may be literal data.
		f.cmd = f.cmd[:len(f.cmd)-1]
	}
	seg := f.cmd[f.segStart:]
	size, sync, isLiteral := literalAnnouncement(seg)
	if !isLiteral {
		if len(f.cmd) == 0 {
			// A blank line between commands is ignored, which is kind to
			// people typing into telnet.
			return i + 1, nil, nil
		}
		cmd := f.cmd
		f.reset()
		return i + 1, cmd, nil
	}
	if uint64(f.litBytes)+size > uint64(f.maxLiteral) {
		// A rejected synchronizing literal is never sent, as the client
		// waits for "+"; a non-synchronizing one is on its way and is
		// skipped together with the rest of its command (RFC 7888 §5).
		tag := tagOf(head(f.cmd, nil))
		f.reset()
		if !sync {
			f.remaining = size
			f.mode = modeSkipLiteral
		}
		r := statusResponse(tag, "BAD", "TOOBIG",
			"Literal of "+strconv.FormatUint(size, 10)+" octets is over the limit of "+strconv.Itoa(f.maxLiteral)+" octets per command", reasonLiteralTooBig)
		return i + 1, nil, &r
	}
	f.cmd = append(f.cmd, "\r\n"...)
	f.lineBytes += len(seg)
	f.segStart = len(f.cmd)
	if size > 0 {
		f.remaining = size
		f.mode = modeLiteral
	}
	if sync {
		r := continuation()
		return i + 1, nil, &r
	}
	return i + 1, nil, nil
}

// discard drops input up to and including the next LF. When the dropped line
// ended in a non-synchronizing literal, that literal's data is skipped too.
func (f *framer) discard(p []byte) int {
	i := bytes.IndexByte(p, '\n')
	if i < 0 {
		f.tail = lastOctets(f.tail, p)
		return len(p)
	}
	f.tail = lastOctets(f.tail, p[:i])
	size, sync, isLiteral := literalAnnouncement(bytes.TrimSuffix(f.tail, []byte("\r")))
	f.tail = f.tail[:0]
	f.mode = modeLine
	if isLiteral && !sync && size > 0 {
		f.remaining = size
		f.mode = modeSkipLiteral
	}
	return i + 1
}

func (f *framer) reset() {
	f.cmd = nil
	f.segStart, f.lineBytes, f.litBytes = 0, 0, 0
}

// literalAnnouncement recognises "{" number ["+"] "}" at the end of a line.
// Sizes too large for uint64 saturate, which is over any limit anyway.
func literalAnnouncement(line []byte) (size uint64, sync, ok bool) {
	if len(line) < 3 || line[len(line)-1] != '}' {
		return 0, false, false
	}
	open := bytes.LastIndexByte(line, '{')
	if open < 0 {
		return 0, false, false
	}
	digits := line[open+1 : len(line)-1]
	sync = true
	if len(digits) > 0 && digits[len(digits)-1] == '+' {
		digits = digits[:len(digits)-1]
		sync = false
	}
	if len(digits) == 0 {
		return 0, false, false
	}
	for _, c := range digits {
		if !isDigit(c) {
			return 0, false, false
		}
		if size > (math.MaxUint64-9)/10 {
			size = math.MaxUint64
			continue
		}
		size = size*10 + uint64(c-'0')
	}
	return size, sync, true
}

// head returns the first headOctets of a followed by b.
func head(a, b []byte) []byte {
	out := make([]byte, 0, headOctets)
	out = append(out, a[:min(len(a), headOctets)]...)
	return append(out, b[:min(len(b), headOctets-len(out))]...)
}

// lastOctets appends p to tail and keeps only the last tailOctets.
func lastOctets(tail, p []byte) []byte {
	if len(p) >= tailOctets {
		return append(tail[:0], p[len(p)-tailOctets:]...)
	}
	tail = append(tail, p...)
	if len(tail) > tailOctets {
		tail = append(tail[:0], tail[len(tail)-tailOctets:]...)
	}
	return tail
}
