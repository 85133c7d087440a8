package imap

import (
	"bytes"
	"strconv"
	"strings"

	"smtpsim/sim/session"
)

// Response is one server response: a status response, an untagged data
// response or a command continuation request (RFC 9051 §7).
type Response struct {
	// Tag is "*" for untagged responses, "+" for a continuation request,
	// or the tag of the client command this response completes.
	Tag string
	// Status is "OK", "NO", "BAD", "BYE" or "PREAUTH" for status responses
	// and "" for data responses and continuation requests.
	Status string
	// Code is the response code without its brackets, such as "READ-WRITE"
	// or "UIDNEXT 4" (RFC 9051 §7.1); "" when there is none.
	Code string
	// Text is the human-readable text of a status response or continuation
	// request; for a data response it is the first line after the tag.
	Text string
	// Data holds the exact wire bytes, literals included, ending in CRLF.
	Data []byte
	// Reason is a stable key into Reasons that says why this response was sent.
	Reason Reason
}

// Answer implements session.Response: the first line, then what follows it (the
// literal data of a FETCH) as one block.
//
// When the first line ends in the response's only literal ({623}, RFC 9051 §4.3),
// the block is the literal's octets, as the line announced them, and what follows
// it is lines of its own (After): the block of a FETCH of BODY[] is the message.
func (r Response) Answer() session.Answer {
	wire := r.Wire()
	a := session.Headed(wire, string(r.Reason))
	a.StartsTLS = r.Reason == reasonStartTLS
	if n, ok := literalAtEnd(a.Lines[0]); ok {
		_, rest, _ := bytes.Cut(wire, []byte("\r\n"))
		// A line of the rest that ends in "}" announces another literal: then the
		// block stays all of the rest.
		if tail := rest[min(n, len(rest)):]; n <= len(rest) && !bytes.Contains(tail, []byte("}\r\n")) {
			a.Body = n
			if t := strings.TrimSuffix(string(tail), "\r\n"); t != "" {
				a.After = strings.Split(t, "\r\n")
			}
		}
	}
	return a
}

// literalAtEnd returns the octet count of the literal a line ends with ("{623}").
func literalAtEnd(line string) (int, bool) {
	if !strings.HasSuffix(line, "}") {
		return 0, false
	}
	open := strings.LastIndexByte(line, '{')
	if open < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(line[open+1 : len(line)-1])
	return n, err == nil && n >= 0
}

// Wire returns the exact bytes to send to the client.
func (r Response) Wire() []byte {
	if r.Data != nil {
		return r.Data
	}
	var b []byte
	b = append(b, r.Tag...)
	if r.Status != "" {
		b = append(b, ' ')
		b = append(b, r.Status...)
	}
	if r.Code != "" {
		b = append(b, " ["...)
		b = append(b, r.Code...)
		b = append(b, ']')
	}
	if r.Text != "" || r.Status != "" {
		b = append(b, ' ')
		b = append(b, r.Text...)
	}
	return append(b, "\r\n"...)
}

// statusResponse builds a tagged or untagged OK, NO, BAD or BYE response.
func statusResponse(tag, status, code, text string, k key) Response {
	r := Response{Tag: tag, Status: status, Code: printable(code), Text: printable(text), Reason: k.reason()}
	r.Data = r.Wire()
	return r
}

// dataResponse builds an untagged data response from its wire bytes after
// "* " (without the final CRLF).
func dataResponse(body []byte, k key) Response {
	data := make([]byte, 0, len(body)+4)
	data = append(data, "* "...)
	data = append(data, body...)
	data = append(data, "\r\n"...)
	first := body
	if i := bytes.IndexByte(first, '\r'); i >= 0 {
		first = first[:i]
	}
	return Response{Tag: "*", Text: string(first), Data: data, Reason: k.reason()}
}

// continuation builds the "+" request that lets the client send a
// synchronizing literal (RFC 9051 §7.6).
func continuation() Response {
	r := Response{Tag: "+", Text: "Ready for literal data", Reason: reasonContinue}
	r.Data = []byte("+ Ready for literal data\r\n")
	return r
}

// printable makes text safe for a status line: resp-text is 7-bit text
// without CR or LF (RFC 9051 §9 "text"), and echoed client input such as a
// mailbox name must never be able to end the line early.
func printable(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return sanitize(s)
		}
	}
	return s
}

func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}

// appendNumber appends a decimal number.
//
// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func appendNumber(b []byte, n uint32) []byte {
	return strconv.AppendUint(b, uint64(n), 10)
}

// appendString appends s as a quoted string when that is safe and as a
// literal otherwise (RFC 9051 §4.3): CR, LF, NUL, 8-bit octets, quotes and
// backslashes all go into a literal, which every client reads verbatim.
func appendString(b []byte, s string) []byte {
	if !quotable(s) {
		return appendLiteral(b, []byte(s))
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendNString appends NIL for an absent value (RFC 9051 §4.5).
//
//go:noinline
func appendNString(b []byte, s string, present bool) []byte {
	if !present {
		return append(b, "NIL"...)
	}
	return appendString(b, s)
}

// appendLiteral appends data as a literal: "{n}" CRLF and n octets.
func appendLiteral(b []byte, data []byte) []byte {
	b = append(b, '{')
	b = strconv.AppendInt(b, int64(len(data)), 10)
	b = append(b, "}\r\n"...)
	return append(b, data...)
}

func quotable(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0, c == '\r', c == '\n', c == '"', c == '\\', c >= 0x80:
			return false
		}
	}
	return true
}

// appendAString appends s as an atom when it is one, else as a string.
func appendAString(b []byte, s string) []byte {
	if s != "" && isAtom(s) && !strings.EqualFold(s, "NIL") {
		return append(b, s...)
	}
	return appendString(b, s)
}

func isAtom(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAtomChar(s[i]) {
			return false
		}
	}
	return true
}
