// Package mail builds and reads Internet messages (RFC 5322): composition with MIME
// attachments, the trace header fields each hop adds, and delivery status
// notifications (RFC 3464).
package mail

import (
	"bytes"
	"strings"
	"time"
)

// DateLayout is the RFC 5322 §3.3 date-time format.
const DateLayout = "Mon, 02 Jan 2006 15:04:05 -0700"

// Received is one hop's trace header field (RFC 5321 §4.4).
type Received struct {
	Helo string    // the name the client gave in EHLO/HELO
	Host string    // the client's reverse-DNS name, if known
	IP   string    // the client's address
	By   string    // the receiving host
	With string    // SMTP, ESMTP, ESMTPA, ESMTPS or ESMTPSA (RFC 3848)
	ID   string    // the receiving host's queue id
	For  string    // the recipient, when there is exactly one
	Date time.Time // when the message was received (virtual time in the simulation)
}

// Protocol names the "with" clause for a session (RFC 3848): ESMTP after EHLO, SMTP
// after HELO, S when TLS was used, A when the client authenticated.
func Protocol(esmtp, tls, auth bool) string {
	if !esmtp {
		return "SMTP"
	}
	p := "ESMTP"
	if tls {
		p += "S"
	}
	if auth {
		p += "A"
	}
	return p
}

// String returns the whole header field, folded as real servers fold it, without the
// final CRLF.
func (r Received) String() string { return string(r.appendTo(make([]byte, 0, r.size()))) }

// Prepend returns msg with the field on top, made at its size in one go: what a
// server does with every message it takes (RFC 5321 §4.4).
func (r Received) Prepend(msg []byte) []byte {
	return append(append(r.appendTo(make([]byte, 0, r.size()+2+len(msg))), '\r', '\n'), msg...)
}

// PrependBelow returns msg with the field on top and the fields above (without CRLF)
// above it, the first one on top, made at its size in one go: the message as a
// server files it, Return-Path: and all, whose tail from the field on is the message
// as it passes it on. The slice has no room to grow: an append copies it.
func (r Received) PrependBelow(msg []byte, above ...string) []byte {
	n := r.size() + 2 + len(msg)
	for _, f := range above {
		n += len(f) + 2
	}
	out := make([]byte, 0, n)
	for _, f := range above {
		out = append(append(out, f...), '\r', '\n')
	}
	out = append(append(r.appendTo(out), '\r', '\n'), msg...)
	return out[:len(out):len(out)]
}

// size is about the length of the field, at least as long.
func (r Received) size() int {
	return 96 + len(r.Helo) + len(r.Host) + len(r.IP) + len(r.By) + len(r.With) + len(r.ID) + len(r.For)
}

// appendTo appends the field, as String returns it, to b.
func (r Received) appendTo(b []byte) []byte {
	host := r.Host
	if host == "" {
		host = "unknown"
	}
	b = append(append(b, "Received: from "...), r.Helo...)
	if r.IP != "" {
		b = append(append(append(append(append(b, " ("...), host...), " ["...), r.IP...), "])"...)
	}
	b = append(append(b, "\r\n\tby "...), r.By...)
	if r.With != "" {
		b = append(append(b, " with "...), r.With...)
	}
	if r.ID != "" {
		b = append(append(b, " id "...), r.ID...)
	}
	if r.For != "" {
		b = append(append(append(b, "\r\n\tfor <"...), r.For...), '>')
	}
	return AppendDate(append(b, "; "...), r.Date)
}

// ReturnPath is the header field the delivering MTA adds with the envelope sender
// (RFC 5321 §4.4); "" gives the null path of a bounce.
func ReturnPath(sender string) string {
	return "Return-Path: <" + sender + ">"
}

// Prepend puts header fields (without CRLF) in front of a message, the first one on top.
func Prepend(msg []byte, fields ...string) []byte {
	n := len(msg)
	for _, f := range fields {
		n += len(f) + 2
	}
	out := make([]byte, 0, n)
	for _, f := range fields {
		out = append(out, f...)
		out = append(out, '\r', '\n')
	}
	return append(out, msg...)
}

// CountReceived counts the Received: fields in the header of msg, for loop detection
// (RFC 5321 §6.3).
func CountReceived(msg []byte) int {
	n := 0
	for len(msg) > 0 {
		i := bytes.IndexByte(msg, '\n')
		line := msg
		if i >= 0 {
			line, msg = msg[:i], msg[i+1:]
		} else {
			msg = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			break // end of the header
		}
		if len(line) >= 9 && strings.EqualFold(string(line[:9]), "received:") {
			n++
		}
	}
	return n
}
