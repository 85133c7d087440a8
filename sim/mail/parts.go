package mail

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
)

// maxDepth bounds how deep Parts follows nested multiparts; real mail nests two or
// three levels, and a crafted message must not exhaust the stack.
const maxDepth = 20

// Part is one leaf body part of a message, decoded, as a mailbox inspector shows it.
type Part struct {
	ContentType string // media type without parameters, lower-case, e.g. "image/png"
	Filename    string // from Content-Disposition (RFC 2183), else Content-Type's name; "" if none
	Encoding    string // Content-Transfer-Encoding as sent, lower-case; "7bit" when absent (RFC 2045 §6.1)
	Size        int    // len(Data)
	Data        []byte // the decoded content
}

// Parts walks the MIME structure of msg (RFC 2045, RFC 2046) and returns its leaf
// parts in order, with base64 and quoted-printable decoded. Multiparts are followed
// recursively; a message/rfc822 part is a leaf holding the enclosed message. A message
// without MIME is one text/plain part. On a malformed part it returns the parts read so
// far and an error that says which part failed.
func Parts(msg []byte) ([]Part, error) {
	h, err := HeaderOf(msg)
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	var parts []Part
	err = walk(textproto.MIMEHeader(h), BodyOf(msg), "", 0, &parts)
	return parts, err
}

// walk appends the leaves of one entity (header and raw body) to parts; path numbers
// the entity as IMAP does (RFC 9051 §6.4.5: "1", "2.1", ...) for error messages.
func walk(h textproto.MIMEHeader, body []byte, path string, depth int, parts *[]Part) error {
	mt, params := mediaType(h)
	if !strings.HasPrefix(mt, "multipart/") {
		p, err := leaf(h, body, mt, params)
		*parts = append(*parts, p)
		if err != nil {
			return fmt.Errorf("%s: %w", partName(path, mt), err)
		}
		return nil
	}
	if depth >= maxDepth {
		return fmt.Errorf("%s: multiparts nested deeper than %d", partName(path, mt), maxDepth)
	}
	boundary := params["boundary"]
	if boundary == "" {
		return fmt.Errorf("%s: %s without boundary parameter (RFC 2046 §5.1.1)", partName(path, mt), mt)
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	for i := 1; ; i++ {
		// NextRawPart, not NextPart: NextPart decodes quoted-printable silently and
		// drops the Content-Transfer-Encoding the inspector wants to show.
		p, err := r.NextRawPart()
		if err == io.EOF {
			return nil
		}
		sub := fmt.Sprint(i)
		if path != "" {
			sub = path + "." + sub
		}
		if err != nil {
			return fmt.Errorf("part %s: %w", sub, err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return fmt.Errorf("part %s: %w", sub, err)
		}
		if err := walk(p.Header, data, sub, depth+1, parts); err != nil {
			return err
		}
	}
}

// partName names an entity for an error message.
func partName(path, mt string) string {
	if path == "" {
		return "body (" + mt + ")"
	}
	return "part " + path + " (" + mt + ")"
}

// mediaType reads Content-Type; absent or unparseable means text/plain (RFC 2045 §5.2).
func mediaType(h textproto.MIMEHeader) (string, map[string]string) {
	ct := h.Get("Content-Type")
	if ct == "" {
		return "text/plain", nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return "text/plain", nil
	}
	return mt, params
}

// leaf decodes one non-multipart entity.
func leaf(h textproto.MIMEHeader, body []byte, mt string, params map[string]string) (Part, error) {
	p := Part{ContentType: mt, Encoding: strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding")))}
	if p.Encoding == "" {
		p.Encoding = "7bit"
	}
	if _, dp, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && dp["filename"] != "" {
		p.Filename = dp["filename"]
	} else {
		p.Filename = params["name"] // what mail clients wrote before RFC 2183
	}
	if strings.Contains(p.Filename, "=?") {
		// Some clients put RFC 2047 words in a parameter, which RFC 2047 §5 forbids
		// but readers accept.
		if s, err := new(mime.WordDecoder).DecodeHeader(p.Filename); err == nil {
			p.Filename = s
		}
	}
	data, err := decode(p.Encoding, body)
	p.Data = data
	p.Size = len(data)
	return p, err
}

// decode undoes a Content-Transfer-Encoding (RFC 2045 §6). An unknown encoding leaves
// the data as it is; RFC 2045 §6.4 says to treat such a part as opaque.
func decode(encoding string, body []byte) ([]byte, error) {
	var r io.Reader
	switch encoding {
	case "base64":
		// RFC 2045 §6.8: characters outside the base64 alphabet (line breaks, stray
		// spaces) are to be ignored.
		r = base64.NewDecoder(base64.StdEncoding, bytes.NewReader(bytes.Map(inBase64Alphabet, body)))
	case "quoted-printable":
		r = quotedprintable.NewReader(bytes.NewReader(body))
	default:
		return body, nil
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return data, fmt.Errorf("%s: %w", encoding, err)
	}
	return data, nil
}

// inBase64Alphabet keeps the characters of the base64 alphabet and padding and drops
// all others (for bytes.Map).
func inBase64Alphabet(r rune) rune {
	if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '=' {
		return r
	}
	return -1
}
