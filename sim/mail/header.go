package mail

import (
	"bytes"
	netmail "net/mail"
	"strings"
	"sync"
	"time"
)

// maxLineLen is the longest line RFC 5322 §2.1.1 allows, without its CRLF.
const maxLineLen = 998

// foldWidth is where header lines should be folded (RFC 5322 §2.1.1: SHOULD be no
// more than 78 characters).
const foldWidth = 78

// HeaderOf parses the header section of msg (RFC 5322 §2.2). The blank line that ends
// it may be missing when the message has no body.
func HeaderOf(msg []byte) (netmail.Header, error) {
	m, err := netmail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		return nil, err
	}
	return m.Header, nil
}

// BodyOf returns the body of msg: everything after the first empty line (RFC 5322 §2.1),
// or nil when there is none. It shares memory with msg.
func BodyOf(msg []byte) []byte {
	_, body := splitHeader(msg)
	if body == len(msg) {
		return nil
	}
	return msg[body:]
}

// splitHeader finds the end of the header section: end is where the empty line starts
// (or len(msg) when there is no empty line), body is where the body starts. It accepts
// bare LF line endings too, as mailbox files on disk often have them.
func splitHeader(msg []byte) (end, body int) {
	pos := 0
	for pos < len(msg) {
		i := bytes.IndexByte(msg[pos:], '\n')
		if i < 0 {
			if len(msg)-pos == 1 && msg[pos] == '\r' {
				return pos, len(msg) // an empty line cut off after its CR
			}
			return len(msg), len(msg)
		}
		line := msg[pos : pos+i]
		if len(line) == 0 || (len(line) == 1 && line[0] == '\r') {
			return pos, pos + i + 1
		}
		pos += i + 1
	}
	return len(msg), len(msg)
}

// hasField reports whether the header section hdr has a field called name. Field
// names are case-insensitive (RFC 5322 §1.2.2).
func hasField(hdr []byte, name string) bool {
	for len(hdr) > 0 {
		line := hdr
		if i := bytes.IndexByte(hdr, '\n'); i >= 0 {
			line, hdr = hdr[:i], hdr[i+1:]
		} else {
			hdr = nil
		}
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
			continue // a continuation line (RFC 5322 §2.2.3)
		}
		if k, _, ok := bytes.Cut(line, []byte{':'}); ok && strings.EqualFold(strings.TrimRight(string(k), " \t"), name) {
			return true
		}
	}
	return false
}

// AddMissing does what a submission server does to a message from a client (RFC 6409
// §8.1, §8.3): it adds a Date: field with date and a Message-ID: field <messageID@host>
// when the header lacks them. A zero date or an empty messageID adds nothing; a
// messageID that already holds an "@" is used as it is. The new fields go at the end of
// the header section, as Postfix's cleanup puts them; every other byte stays as it was.
// It returns the message (msg itself when nothing was added) and the names of the
// fields it added.
func AddMissing(msg []byte, date time.Time, messageID string, host string) ([]byte, []string) {
	end, _ := splitHeader(msg)
	hdr := msg[:end]
	var fields []string
	var added []string
	if !date.IsZero() && !hasField(hdr, "Date") {
		fields = append(fields, "Date: "+FormatDate(date))
		added = append(added, "Date")
	}
	if messageID != "" && !hasField(hdr, "Message-ID") {
		id := messageID
		if !strings.Contains(id, "@") {
			id += "@" + host
		}
		fields = append(fields, "Message-ID: <"+id+">")
		added = append(added, "Message-ID")
	}
	if len(fields) == 0 {
		return msg, nil
	}
	// Keep the message's own line ending: a mailbox file with bare LF stays so.
	eol := "\r\n"
	if i := bytes.IndexByte(msg, '\n'); i >= 0 && (i == 0 || msg[i-1] != '\r') {
		eol = "\n"
	}
	var out bytes.Buffer
	out.Grow(len(msg) + 80*len(fields))
	out.Write(hdr)
	if len(hdr) > 0 && hdr[len(hdr)-1] != '\n' {
		out.WriteString(eol) // a header without a body may lack its last line end
	}
	for _, f := range fields {
		out.WriteString(f)
		out.WriteString(eol)
	}
	out.Write(msg[end:])
	return out.Bytes(), added
}

// appendFold folds one header field "Name: value" into lines of at most foldWidth characters
// where the value has spaces to fold at (RFC 5322 §2.2.3): a CRLF goes in front of a
// space, so unfolding gives back the same value. It never folds at a run of spaces,
// which unfolding would shorten. It folds right after the colon only when the first
// word does not fit: so a 75-character encoded-word gets a line of 76, the most RFC
// 2047 §2 allows for a line holding one.
//
// It appends the folded field to b: a header writer folds every field into its one
// buffer.
func appendFold(b, field []byte) []byte {
	lineLen := 0
	var prev []byte // the word before w; the first word is never folded
	for i := 0; ; i++ {
		w, rest, more := bytes.Cut(field, []byte(" "))
		if i > 0 {
			if len(w) > 0 && len(prev) > 0 && lineLen+1+len(w) > foldWidth {
				b = append(b, '\r', '\n')
				lineLen = 0
			}
			b = append(b, ' ')
			lineLen++
		}
		b = append(b, w...)
		lineLen += len(w)
		if !more {
			return b
		}
		prev, field = w, rest
	}
}

// headerWriter collects header fields, each folded and ended by CRLF. Its buffer
// starts with room for the header of a usual message (newHeaderWriter).
type headerWriter struct {
	buf   []byte
	field []byte // the field being written, before folding
	room  [128]byte
}

// newHeaderWriter returns a writer with room for the header of a usual message, and
// for its usual fields as they are written, in one allocation with the writer: one
// that was done with (done), or a new one. Each message composed and each DSN took
// one or two, which the message's own buffer then copied.
func newHeaderWriter() *headerWriter {
	if h, ok := headerWriters.Get().(*headerWriter); ok {
		return h
	}
	h := &headerWriter{buf: make([]byte, 0, 512)}
	h.field = h.room[:0]
	return h
}

// headerWriters holds writers that are done with, for the next header.
var headerWriters sync.Pool

// done gives h to the next header; nothing may use h or its buffer after.
func (h *headerWriter) done() {
	if cap(h.buf) > 64<<10 || cap(h.field) > 64<<10 {
		return // a header of a giant: let it go
	}
	h.buf, h.field = h.buf[:0], h.field[:0]
	headerWriters.Put(h)
}

// add appends the field name: value.
func (h *headerWriter) add(name, value string) { h.addJoined(name, value, "") }

// addJoined appends the field name: value1value2, the value written in two pieces
// ("dns; " and a host name) rather than joined first.
func (h *headerWriter) addJoined(name, value1, value2 string) {
	h.field = append(append(append(append(h.field[:0], name...), ": "...), value1...), value2...)
	h.buf = append(appendFold(h.buf, h.field), '\r', '\n')
}

// addMessageID appends the field Message-ID: <id>.
func (h *headerWriter) addMessageID(id string) {
	h.field = append(append(append(h.field[:0], "Message-ID: <"...), id...), '>')
	h.buf = append(appendFold(h.buf, h.field), '\r', '\n')
}

// addDate appends the field name: t as FormatDate writes it.
func (h *headerWriter) addDate(name string, t time.Time) {
	h.field = AppendDate(append(append(h.field[:0], name...), ": "...), t)
	h.buf = append(appendFold(h.buf, h.field), '\r', '\n')
}

// line appends a line as it is, with its CRLF.
func (h *headerWriter) line(s string) { h.buf = append(append(h.buf, s...), '\r', '\n') }
