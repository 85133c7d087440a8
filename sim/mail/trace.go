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
func (r Received) String() string {
	host := r.Host
	if host == "" {
		host = "unknown"
	}
	var b strings.Builder
	b.Grow(96 + len(r.Helo) + len(host) + len(r.IP) + len(r.By) + len(r.With) + len(r.ID) + len(r.For))
	for _, s := range [...]string{"Received: from ", r.Helo} {
		b.WriteString(s)
	}
	if r.IP != "" {
		for _, s := range [...]string{" (", host, " [", r.IP, "])"} {
			b.WriteString(s)
		}
	}
	b.WriteString("\r\n\tby ")
	b.WriteString(r.By)
	if r.With != "" {
		b.WriteString(" with ")
		b.WriteString(r.With)
	}
	if r.ID != "" {
		b.WriteString(" id ")
		b.WriteString(r.ID)
	}
	if r.For != "" {
		for _, s := range [...]string{"\r\n\tfor <", r.For, ">"} {
			b.WriteString(s)
		}
	}
	b.WriteString("; ")
	var date [64]byte
	b.Write(r.Date.AppendFormat(date[:0], DateLayout))
	return b.String()
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
