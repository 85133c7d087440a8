package smtp

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// MaxReplyLines bounds a multi-line reply so a hostile server cannot exhaust memory.
const MaxReplyLines = 100

// ErrBadReply reports a server line that is not an SMTP reply.
var ErrBadReply = errors.New("smtp: malformed reply")

// replyReader assembles reply lines into replies on the client side.
type replyReader struct {
	in   []byte // octets not yet read: the caller's, or a copy in own (see keep)
	own  []byte
	code int
	// text holds the text of the lines read so far of an incomplete reply, each ended
	// by "\n" (no line holds one), and lines counts them: one string is made of them
	// when the reply is complete, and its lines are cut from it.
	text  []byte
	lines int
	// str is the octets in was last made from (in is its tail), as one string, made
	// the first time a reply needs strings and valid until add, the only way in
	// grows: the lines of every complete reply in them are cut from it (whole), so a
	// batch of pipelined replies costs one string, not one each.
	str  string
	slab []string // room for the lines of the next replies (lineSlice)
	// cache, when set, has the whole replies read next (whole), and keeps them;
	// cached is the entry of the reply next returned last, nil if it has none.
	cache  *ReplyCache
	cached *cachedReply
}

// add makes p the next octets to read. When nothing is left from before, p is read
// where it is, without a copy; keep must be called before the caller reuses p.
func (rr *replyReader) add(p []byte) {
	rr.str = "" // in changes
	if len(rr.in) == 0 {
		rr.in = p
		return
	}
	rr.own = append(rr.own, p...)
	rr.in = rr.own
}

// keep copies what is left unread into the reader's own buffer.
func (rr *replyReader) keep() {
	rr.own = append(rr.own[:0], rr.in...) // in may be the tail of own: append moves it down
	rr.in = rr.own
}

// next returns the next complete reply from the buffered octets. Replies end with CRLF;
// a bare LF is tolerated because some servers send it.
func (rr *replyReader) next() (Reply, bool, error) {
	rr.cached = nil
	for {
		i := bytes.IndexByte(rr.in, '\n')
		if i < 0 {
			if len(rr.in) > MaxTextLine*4 {
				return Reply{}, false, fmt.Errorf("%w: line longer than %d octets", ErrBadReply, MaxTextLine*4)
			}
			return Reply{}, false, nil
		}
		line := bytes.TrimSuffix(rr.in[:i], []byte{'\r'})
		code, last, text, err := splitReplyLine(line)
		if err == nil && rr.lines == 0 {
			if last { // the static replies are one line each
				if r, ok := staticReplies()[string(line)]; ok { // a lookup by a []byte key does not allocate
					rr.in = rr.in[i+1:]
					return r, true, nil
				}
			}
			if r, ok := rr.whole(); ok {
				return r, true, nil
			}
		}
		// A reply that is not all there yet, or not well formed: line by line.
		rr.in = rr.in[i+1:]
		if err != nil {
			return Reply{}, false, err
		}
		if rr.lines > 0 && code != rr.code {
			return Reply{}, false, fmt.Errorf("%w: code %d inside a %d reply", ErrBadReply, code, rr.code)
		}
		rr.code = code
		if rr.text == nil {
			rr.text = make([]byte, 0, 256) // room for an EHLO reply at once
		}
		rr.text = append(append(rr.text, text...), '\n')
		if rr.lines++; rr.lines > MaxReplyLines {
			return Reply{}, false, fmt.Errorf("%w: more than %d lines", ErrBadReply, MaxReplyLines)
		}
		if last {
			all := string(rr.text[:len(rr.text)-1])
			lines := rr.lineSlice(rr.lines)[:0]
			for line := range strings.SplitSeq(all, "\n") {
				lines = append(lines, line)
			}
			rr.text, rr.lines = rr.text[:0], 0
			return parseReplyLines(code, lines), true, nil
		}
	}
}

// whole reads the reply at the start of in when all its lines are there and well
// formed, as next would read it line by line, with its lines cut from str; ok is
// false, and nothing read, for anything else (a reply not yet complete, or one that
// next refuses), which next then reads line by line. A reply of the reason table is
// none of its business: next finds those first.
func (rr *replyReader) whole() (Reply, bool) {
	code, n, end := 0, 0, 0
	for {
		i := bytes.IndexByte(rr.in[end:], '\n')
		if i < 0 {
			return Reply{}, false
		}
		c, last, _, err := splitReplyLine(bytes.TrimSuffix(rr.in[end:end+i], []byte{'\r'}))
		if err != nil || n > 0 && c != code {
			return Reply{}, false
		}
		code, n, end = c, n+1, end+i+1
		if n > MaxReplyLines {
			return Reply{}, false
		}
		if last {
			break
		}
	}
	if e := rr.cache.find(rr.in[:end]); e != nil {
		rr.in = rr.in[end:]
		rr.cached = e
		return e.reply, true
	}
	if len(rr.str) < len(rr.in) { // none yet, or made before add
		rr.str = string(rr.in)
	}
	s := rr.str[len(rr.str)-len(rr.in):][:end] // in is what is left of str
	wire := s
	lines := rr.lineSlice(n)
	for i := range lines {
		line, rest, _ := strings.Cut(s, "\n")
		line = strings.TrimSuffix(line, "\r")
		if len(line) > 4 {
			line = line[4:] // "250-" or "250 "
		} else {
			line = "" // "250"
		}
		lines[i], s = line, rest
	}
	rr.in = rr.in[end:]
	r := parseReplyLines(code, lines)
	rr.cached = rr.cache.keep(wire, r)
	return r, true
}

// lineSlice returns room for the n lines of a reply, cut from a slab the reader
// makes for several replies: a conversation reads a reply with lines of its own at
// nearly every step. Its capacity is n, so no append reaches the next reply's lines.
func (rr *replyReader) lineSlice(n int) []string {
	if cap(rr.slab)-len(rr.slab) < n {
		rr.slab = make([]string, 0, max(n, 8))
	}
	l := len(rr.slab)
	rr.slab = rr.slab[:l+n]
	return rr.slab[l : l+n : l+n]
}

// staticReplies holds, by their line as sent, the one-line replies whose text takes no
// values ("250 2.1.5 Ok"), read once, when first asked for (as fixedReplies): a client
// receives them over and over. Their lines are shared and must not be written to.
var staticReplies = sync.OnceValue(func() map[string]Reply {
	m := map[string]Reply{}
	for k := range fixedReplies() {
		wire := k.Reply().Wire()
		line := bytes.TrimSuffix(wire, []byte("\r\n"))
		code, last, text, err := splitReplyLine(line)
		if err != nil || !last {
			continue
		}
		r := parseReplyLines(code, []string{string(text)})
		r.Lines = slices.Clip(r.Lines)
		m[string(line)] = r
	}
	return m
})

// splitReplyLine parses "250-text", "250 text" or "250" (RFC 5321 §4.2).
func splitReplyLine(line []byte) (code int, last bool, text []byte, err error) {
	if len(line) < 3 {
		return 0, false, nil, fmt.Errorf("%w: %q", ErrBadReply, line)
	}
	for _, d := range line[:3] {
		if d < '0' || d > '9' {
			return 0, false, nil, fmt.Errorf("%w: %q", ErrBadReply, line)
		}
		code = code*10 + int(d-'0')
	}
	if code < 200 || code > 599 {
		return 0, false, nil, fmt.Errorf("%w: %q", ErrBadReply, line)
	}
	switch {
	case len(line) == 3:
		return code, true, nil, nil
	case line[3] == ' ':
		return code, true, line[4:], nil
	case line[3] == '-':
		return code, false, line[4:], nil
	}
	return 0, false, nil, fmt.Errorf("%w: %q", ErrBadReply, line)
}

// ParseReplyLines builds a Reply from its code and text lines, taking the enhanced
// status code from the first line when it has one whose class matches (RFC 3463 §2).
func ParseReplyLines(code int, lines []string) Reply {
	return parseReplyLines(code, append([]string(nil), lines...))
}

// parseReplyLines is ParseReplyLines on lines the reply may keep and change.
func parseReplyLines(code int, lines []string) Reply {
	r := Reply{Code: code, Lines: lines}
	if len(lines) == 0 {
		r.Lines = []string{""}
		return r
	}
	status, _, _ := strings.Cut(lines[0], " ")
	if isEnhancedStatus(status) && int(status[0]-'0') == code/100 {
		r.Status = status
		for i, l := range r.Lines {
			if rest, ok := strings.CutPrefix(l, status); ok {
				r.Lines[i] = strings.TrimPrefix(rest, " ")
			}
		}
	}
	return r
}

// isEnhancedStatus matches class.subject.detail with 1-3 digit parts (RFC 3463 §2).
func isEnhancedStatus(s string) bool {
	if len(s) < 5 || s[1] != '.' || s[0] != '2' && s[0] != '4' && s[0] != '5' {
		return false
	}
	subject, detail, ok := strings.Cut(s[2:], ".")
	return ok && statusDigits(subject) && statusDigits(detail)
}

// statusDigits matches the subject or detail of an enhanced status: 1-3 digits.
func statusDigits(p string) bool {
	if len(p) < 1 || len(p) > 3 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}
