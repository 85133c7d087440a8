package imap

import (
	"bytes"
	"encoding/base64"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"slices"
	"strings"

	"smtpsim/internal/onesort"
)

// This file holds the MIME structure of a message: BODY and BODYSTRUCTURE
// (RFC 9051 §7.5.2), the part numbers of section specs such as BODY[1.2]
// and BODY[2.MIME] (§6.4.5), and the decoded content that BINARY returns
// (§6.4.5, RFC 3516).

// maxDepth bounds how deep multiparts and encapsulated messages are
// parsed; deeper entities are shown as opaque application/octet-stream,
// so that a hostile message cannot make the server recurse without end.
const maxDepth = 16

// entity is one MIME entity: the whole message, a body part, or the
// message inside a message/rfc822 part.
type entity struct {
	header   []byte // the entity's header, with the blank line that ends it
	body     []byte // the octets after the header, still transfer-encoded
	typ, sub string // upper case, e.g. TEXT and PLAIN
	params   []param
	h        mail.Header
	children []*entity // the parts of a multipart
	inner    *entity   // the message of a message/rfc822 part
}

type param struct{ name, value string }

// parseEntity reads raw as a MIME entity. dflt is the media type an entity
// without Content-Type has: text/plain, or message/rfc822 inside
// multipart/digest (RFC 2046 §5.1.5).
func parseEntity(raw []byte, dflt string, depth int) *entity {
	header, body := splitMessage(raw)
	e := &entity{header: header, body: body, h: parseHeader(header)}
	ct, ok := headerValue(e.h, "Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if !ok || err != nil || !strings.Contains(mt, "/") {
		mt, params = dflt, nil
		if dflt == "text/plain" {
			params = map[string]string{"charset": "US-ASCII"}
		}
	}
	if strings.HasPrefix(mt, "text/") && params["charset"] == "" {
		// A text part without a charset is US-ASCII (RFC 2045 §5.2).
		params["charset"] = "US-ASCII"
	}
	typ, sub, _ := strings.Cut(mt, "/")
	e.typ, e.sub = strings.ToUpper(typ), strings.ToUpper(sub)
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		e.params = append(e.params, param{strings.ToUpper(n), params[n]})
	}
	if depth >= maxDepth && (e.typ == "MULTIPART" || e.isMessage()) {
		e.typ, e.sub, e.params = "APPLICATION", "OCTET-STREAM", nil
		return e
	}
	switch {
	case e.typ == "MULTIPART":
		childType := "text/plain"
		if e.sub == "DIGEST" {
			childType = "message/rfc822"
		}
		for _, p := range splitMultipart(body, params["boundary"]) {
			e.children = append(e.children, parseEntity(p, childType, depth+1))
		}
		if len(e.children) == 0 {
			// A multipart needs at least one part (RFC 9051 §9, body-type-mpart);
			// one without any is shown as the text it is.
			e.typ, e.sub, e.params = "TEXT", "PLAIN", []param{{"CHARSET", "US-ASCII"}}
		}
	case e.isMessage():
		e.inner = parseEntity(body, "text/plain", depth+1)
	}
	return e
}

// isMessage reports whether the entity encapsulates a message.
func (e *entity) isMessage() bool {
	return e.typ == "MESSAGE" && (e.sub == "RFC822" || e.sub == "GLOBAL")
}

// splitMultipart returns the body parts between the boundary delimiters
// of a multipart body (RFC 2046 §5.1.1). The CRLF before a delimiter
// belongs to the delimiter, not to the part.
func splitMultipart(body []byte, boundary string) [][]byte {
	if boundary == "" {
		return nil
	}
	delim := []byte("--" + boundary)
	var parts [][]byte
	start := -1 // where the current part begins; -1 before the first delimiter
	for i := 0; i < len(body); {
		j := bytes.IndexByte(body[i:], '\n')
		end := len(body)
		if j >= 0 {
			end = i + j + 1
		}
		line := bytes.TrimRight(body[i:end], " \t\r\n")
		if bytes.HasPrefix(line, delim) {
			rest := line[len(delim):]
			closing := bytes.Equal(rest, []byte("--"))
			if closing || len(rest) == 0 {
				if start >= 0 {
					stop := i
					if stop > start && body[stop-1] == '\n' {
						stop--
						if stop > start && body[stop-1] == '\r' {
							stop--
						}
					}
					parts = append(parts, body[start:stop])
				}
				if closing {
					return parts
				}
				start = end
			}
		}
		i = end
	}
	if start >= 0 && start <= len(body) {
		// No closing delimiter: the last part runs to the end.
		parts = append(parts, body[start:])
	}
	return parts
}

// appendStructure appends the body structure of e: with extension data
// for BODYSTRUCTURE, without for BODY (RFC 9051 §7.5.2).
func (e *entity) appendStructure(b []byte, ext bool) []byte {
	b = append(b, '(')
	if e.children != nil {
		for _, c := range e.children {
			b = c.appendStructure(b, ext)
		}
		b = append(b, ' ')
		b = appendString(b, e.sub)
		if ext {
			b = append(b, ' ')
			b = appendParams(b, e.params)
			b = append(b, ' ')
			b = e.appendExtension(b)
		}
		return append(b, ')')
	}
	b = appendString(b, e.typ)
	b = append(b, ' ')
	b = appendString(b, e.sub)
	b = append(b, ' ')
	b = appendParams(b, e.params)
	for _, name := range []string{"Content-ID", "Content-Description"} {
		b = append(b, ' ')
		v, ok := headerValue(e.h, name)
		b = appendNString(b, v, ok)
	}
	b = append(b, ' ')
	b = appendString(b, strings.ToUpper(e.encoding()))
	b = append(b, ' ')
	b = appendNumber(b, uint32(len(e.body)))
	if e.inner != nil {
		b = append(b, ' ')
		b = appendEnvelope(b, e.inner.header)
		b = append(b, ' ')
		b = e.inner.appendStructure(b, ext)
	}
	if e.inner != nil || e.typ == "TEXT" {
		b = append(b, ' ')
		b = appendNumber(b, countLines(e.body))
	}
	if ext {
		b = append(b, ' ')
		v, ok := headerValue(e.h, "Content-MD5")
		b = appendNString(b, v, ok)
		b = append(b, ' ')
		b = e.appendExtension(b)
	}
	return append(b, ')')
}

// appendExtension appends the disposition, language and location that end
// the extension data of every body type.
func (e *entity) appendExtension(b []byte) []byte {
	disp, ok := headerValue(e.h, "Content-Disposition")
	d, params, err := mime.ParseMediaType(disp)
	if ok && err == nil {
		b = append(b, '(')
		b = appendString(b, strings.ToUpper(d))
		b = append(b, ' ')
		var ps []param
		for n, v := range params {
			ps = append(ps, param{strings.ToUpper(n), v})
		}
		onesort.Func(ps, func(x, y param) int { return strings.Compare(x.name, y.name) })
		b = appendParams(b, ps)
		b = append(b, ')')
	} else {
		b = append(b, "NIL"...)
	}
	b = append(b, ' ')
	if lang, ok := headerValue(e.h, "Content-Language"); ok && strings.TrimSpace(lang) != "" {
		b = append(b, '(')
		for i, l := range strings.Split(lang, ",") {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendString(b, strings.TrimSpace(l))
		}
		b = append(b, ')')
	} else {
		b = append(b, "NIL"...)
	}
	b = append(b, ' ')
	loc, ok := headerValue(e.h, "Content-Location")
	return appendNString(b, loc, ok)
}

func appendParams(b []byte, ps []param) []byte {
	if len(ps) == 0 {
		return append(b, "NIL"...)
	}
	b = append(b, '(')
	for i, p := range ps {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendString(b, p.name)
		b = append(b, ' ')
		b = appendString(b, p.value)
	}
	return append(b, ')')
}

// encoding is the Content-Transfer-Encoding, 7BIT when absent (RFC 2045 §6.1).
func (e *entity) encoding() string {
	v, ok := headerValue(e.h, "Content-Transfer-Encoding")
	v = strings.TrimSpace(v)
	if !ok || v == "" {
		return "7bit"
	}
	return v
}

// countLines counts the lines of a body: each line end, and a last line
// without one.
func countLines(body []byte) uint32 {
	n := bytes.Count(body, []byte("\n"))
	if len(body) > 0 && body[len(body)-1] != '\n' {
		n++
	}
	return uint32(n)
}

// part finds the entity a part number such as [1 2] names (RFC 9051
// §6.4.5): the parts of a multipart are numbered from 1, a message that is
// not multipart has just part 1, its body, and the numbers after a
// message/rfc822 part count the parts of the message inside it. It
// returns nil when there is no such part. isPart is false only for the
// message itself (an empty path).
func (e *entity) part(path []uint32) (cur *entity, isPart bool) {
	cur = e
	for _, n := range path {
		if isPart && cur.inner != nil {
			cur, isPart = cur.inner, false
		}
		switch {
		case cur.children != nil:
			if n < 1 || int(n) > len(cur.children) {
				return nil, false
			}
			cur = cur.children[n-1]
		case n == 1 && !isPart:
			// The body of a message that is not multipart is its part 1.
		default:
			return nil, false
		}
		isPart = true
	}
	return cur, isPart
}

// decoded returns the part's content with its transfer encoding undone, for
// BINARY; ok is false for an encoding the server does not know
// (RFC 3516 §4.3, UNKNOWN-CTE).
func (e *entity) decoded() ([]byte, bool) {
	switch strings.ToLower(e.encoding()) {
	case "7bit", "8bit", "binary":
		return e.body, true
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, e.body)
		out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
		n, err := base64.StdEncoding.Decode(out, clean)
		if err != nil {
			return nil, false
		}
		return out[:n], true
	case "quoted-printable":
		var out bytes.Buffer
		if _, err := out.ReadFrom(quotedprintable.NewReader(bytes.NewReader(e.body))); err != nil {
			return nil, false
		}
		return out.Bytes(), true
	}
	return nil, false
}
