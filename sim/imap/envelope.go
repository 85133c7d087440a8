package imap

import (
	"bytes"
	"io"
	"mime"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// This file builds the ENVELOPE of a message (RFC 9051 §7.5.2) and its
// INTERNALDATE from the header.

// parseHeader reads a message header with net/mail; nil when it is too
// malformed to read, in which case every envelope field is NIL.
func parseHeader(header []byte) mail.Header {
	msg, err := mail.ReadMessage(bytes.NewReader(header))
	if err != nil {
		return nil
	}
	return msg.Header
}

// headerValue returns a field's raw, unfolded value and whether the field
// is present at all, since an absent field is NIL and an empty one "".
func headerValue(h mail.Header, name string) (string, bool) {
	values, ok := h[textproto.CanonicalMIMEHeaderKey(name)]
	if !ok || len(values) == 0 {
		return "", false
	}
	return values[0], true
}

// appendEnvelope appends the parenthesized envelope: date, subject, from,
// sender, reply-to, to, cc, bcc, in-reply-to and message-id.
func appendEnvelope(b []byte, header []byte) []byte {
	h := parseHeader(header)
	b = append(b, '(')
	for _, name := range []string{"Date", "Subject"} {
		v, ok := headerValue(h, name)
		b = appendNString(b, v, ok)
		b = append(b, ' ')
	}
	from := addressList(h, "From")
	// Sender and Reply-To default to From when absent or empty
	// (RFC 9051 §7.5.2).
	sender, replyTo := addressList(h, "Sender"), addressList(h, "Reply-To")
	if len(sender) == 0 {
		sender = from
	}
	if len(replyTo) == 0 {
		replyTo = from
	}
	for _, list := range [][]*mail.Address{from, sender, replyTo, addressList(h, "To"), addressList(h, "Cc"), addressList(h, "Bcc")} {
		b = appendAddresses(b, list)
		b = append(b, ' ')
	}
	v, ok := headerValue(h, "In-Reply-To")
	b = appendNString(b, v, ok)
	b = append(b, ' ')
	v, ok = headerValue(h, "Message-ID")
	b = appendNString(b, v, ok)
	return append(b, ')')
}

// newAddressParser decodes RFC 2047 words in display names; words in a
// charset it does not know are kept as they are instead of failing the
// whole list.
func newAddressParser() *mail.AddressParser {
	return &mail.AddressParser{WordDecoder: &mime.WordDecoder{
		CharsetReader: func(_ string, input io.Reader) (io.Reader, error) { return input, nil },
	}}
}

// addressList parses every field called name. Members of a group are
// listed without the group's own markers; a list that does not parse is
// NIL rather than a guess.
func addressList(h mail.Header, name string) []*mail.Address {
	values := h[textproto.CanonicalMIMEHeaderKey(name)]
	if len(values) == 0 {
		return nil
	}
	list, err := newAddressParser().ParseList(strings.Join(values, ", "))
	if err != nil {
		return nil
	}
	return list
}

// appendAddresses appends "(" 1*address ")" or NIL, where an address is
// (name adl mailbox host) and adl, the obsolete source route, is NIL.
func appendAddresses(b []byte, list []*mail.Address) []byte {
	if len(list) == 0 {
		return append(b, "NIL"...)
	}
	b = append(b, '(')
	for _, a := range list {
		local, domain := a.Address, ""
		if at := strings.LastIndexByte(a.Address, '@'); at >= 0 {
			local, domain = a.Address[:at], a.Address[at+1:]
		}
		b = append(b, '(')
		b = appendNString(b, displayName(a.Name), a.Name != "")
		b = append(b, " NIL "...)
		b = appendString(b, local)
		b = append(b, ' ')
		b = appendNString(b, domain, domain != "")
		b = append(b, ')')
	}
	return append(b, ')')
}

// displayName gives the name as a client expects it in an envelope:
// net/mail decoded any encoded words, so a name with non-ASCII characters
// is encoded again (RFC 2047), as the envelope carries raw header text.
func displayName(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return mime.QEncoding.Encode("utf-8", name)
		}
	}
	return name
}

// internalDate stands in for the date the message was delivered
// (RFC 9051 §2.3.3), which the mailbox does not record: the date of the
// topmost Received field, added by the last hop, else the Date field, else
// the Unix epoch. Nothing reads the clock, so the result is reproducible.
func internalDate(header []byte) time.Time {
	h := parseHeader(header)
	if received, ok := headerValue(h, "Received"); ok {
		if i := strings.LastIndexByte(received, ';'); i >= 0 {
			if t, err := mail.ParseDate(strings.TrimSpace(received[i+1:])); err == nil {
				return t
			}
		}
	}
	if t, err := h.Date(); err == nil {
		return t
	}
	return time.Unix(0, 0).UTC()
}
