package pop3

import (
	"bytes"

	"smtpsim/sim/session"
)

// maxResponseLine is the longest status line, CRLF included (RFC 1939 §3).
const maxResponseLine = 512

// Response is one server response: a status line and, for multi-line responses, a body.
type Response struct {
	// OK selects "+OK" or "-ERR".
	OK bool
	// Text follows the status indicator on the same line; it may be empty.
	Text string
	// Body is the payload of a multi-line response, without dot-stuffing or the final
	// ".": one line per line ending. It is nil for a single-line response and non-nil
	// (possibly empty, as for LIST on an empty maildrop) for a multi-line one.
	Body []byte
	// Reason is a key of Reasons saying why the server answered this way.
	Reason Reason
}

// Answer implements session.Response: the status line, then the body of a multi-line
// response as one block, even an empty one (its terminating "." is on the wire), counted
// without dot-stuffing.
func (r Response) Answer() session.Answer {
	a := session.Headed(r.Wire(), string(r.Reason))
	a.Body, a.HasBody = len(r.Body), r.Multiline()
	a.StartsTLS = r.Reason == reasonSTLS
	return a
}

// Multiline reports whether the response carries a body terminated by ".".
func (r Response) Multiline() bool {
	return r.Body != nil
}

// Wire returns the exact octets to send: the status line, and for a multi-line response
// the body with every line ended by CRLF and dot-stuffed, then ".\r\n" (RFC 1939 §3).
func (r Response) Wire() []byte {
	status := "-ERR"
	if r.OK {
		status = "+OK"
	}
	out := make([]byte, 0, len(status)+len(r.Text)+3+len(r.Body)+len(r.Body)/16+3)
	out = append(out, status...)
	if r.Text != "" {
		// CR or LF inside the text would end the status line early and let the rest
		// pass for another response, so they become spaces; over-long text is cut to
		// the 512-octet response limit of RFC 1939 §3.
		text := []byte(r.Text)
		for i, c := range text {
			if c == '\r' || c == '\n' {
				text[i] = ' '
			}
		}
		if room := maxResponseLine - len(status) - 3; len(text) > room {
			text = text[:room]
		}
		out = append(out, ' ')
		out = append(out, text...)
	}
	out = append(out, "\r\n"...)
	if r.Body == nil {
		return out
	}
	for body := r.Body; len(body) > 0; {
		var line []byte
		line, body = nextLine(body)
		// Byte-stuffing (RFC 1939 §3): a line starting with the termination octet gets
		// another one, so only the final "." line can end the response.
		if len(line) > 0 && line[0] == '.' {
			out = append(out, '.')
		}
		out = append(out, line...)
		out = append(out, "\r\n"...)
	}
	return append(out, ".\r\n"...)
}

// nextLine splits off the first line of text, ended by CRLF, by LF alone or by the end of
// the text, and returns it without its ending. Treating a bare LF as a line end is what
// normalises message bodies to CRLF on the wire and in TOP.
func nextLine(text []byte) (line, rest []byte) {
	end := bytes.IndexByte(text, '\n')
	if end < 0 {
		return text, nil
	}
	return bytes.TrimSuffix(text[:end], []byte("\r")), text[end+1:]
}
