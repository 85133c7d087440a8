package smtp

import "bytes"

// dataReader collects message text after 354. It ends the data only at
// <CRLF>.<CRLF> (RFC 5321 §4.1.1.4): a bare LF or bare CR is message content, never a
// line end, so "\n.\n", "\r.\r", "\r\n.\n" and "\n.\r\n" cannot end the data and smuggle
// a second message past a filter (SMTP smuggling). A line that starts with a dot has
// it removed (§4.5.2). The reader stores at most limit octets but keeps reading to the
// end, so a too-big message costs no more memory than the limit.
type dataReader struct {
	limit int
	buf   []byte

	state       dataState
	lineLen     int // octets of the current line so far, as sent, including a leading dot
	size        int // octets of the message, unstuffed
	tooBig      bool
	lineTooLong bool
}

type dataState uint8

const (
	atLineStart dataState = iota // after CRLF (or right after 354)
	inLine                       // inside a line
	sawCR                        // inside a line, after CR
	sawDot                       // a dot at the start of a line
	sawDotCR                     // ".\r" at the start of a line
)

// keepBuffer is the largest message buffer a server keeps for the next message of its
// connection; a larger one is let go.
const keepBuffer = 1 << 20

// reset prepares for a message of about hint octets (MAIL's SIZE=), so the buffer is
// allocated once; the hint is capped so a client cannot reserve memory by lying. The
// buffer of the previous message is reused: a connection that sends many messages
// allocates for the largest, not for each (Envelope.Data says so to the policy).
func (d *dataReader) reset(limit, hint int) {
	buf := d.buf[:0]
	if want := min(max(hint, 0), limit, keepBuffer); cap(buf) < want || cap(buf) > keepBuffer {
		buf = make([]byte, 0, want)
	}
	*d = dataReader{limit: limit, buf: buf}
}

// feed consumes p up to and including the end-of-data line and reports how many octets
// it used and whether the data ended.
func (d *dataReader) feed(p []byte) (used int, done bool) {
	for i := 0; i < len(p); i++ {
		if d.state == inLine {
			// Inside a line only a CR can change the state: take everything before
			// the next one at once rather than octet by octet.
			n := bytes.IndexByte(p[i:], '\r')
			if n < 0 {
				n = len(p) - i
			}
			if n > 0 {
				d.run(p[i : i+n])
				i += n - 1
				continue
			}
		}
		c := p[i]
		switch d.state {
		case atLineStart:
			d.lineLen = 0
			if c == '.' {
				d.lineLen = 1
				d.state = sawDot
				continue
			}
			d.content(c)
		case sawDot:
			if c == '\r' {
				d.lineLen++
				d.state = sawDotCR
				continue
			}
			// A leading dot before other content is a stuffed dot: drop it.
			d.content(c)
		case sawDotCR:
			if c == '\n' {
				return i + 1, true
			}
			// ".\r" then not LF: the dot was stuffing, the CR is content.
			d.state = inLine
			d.store('\r')
			d.content(c)
		default:
			d.content(c)
		}
	}
	return len(p), false
}

// content handles one octet inside a line (state is not sawDot/sawDotCR on return
// unless it starts a new line).
func (d *dataReader) content(c byte) {
	d.lineLen++
	if d.lineLen > MaxTextLine {
		d.lineTooLong = true
	}
	d.store(c)
	switch {
	case c == '\r':
		d.state = sawCR
	case c == '\n' && d.state == sawCR:
		d.state = atLineStart
	default:
		d.state = inLine
	}
}

// run stores octets inside a line that contain no CR, as content does one by one.
func (d *dataReader) run(p []byte) {
	d.lineLen += len(p)
	if d.lineLen > MaxTextLine {
		d.lineTooLong = true
	}
	d.size += len(p)
	if d.size > d.limit {
		d.tooBig = true
		d.buf = nil
		return
	}
	d.buf = append(d.buf, p...)
}

func (d *dataReader) store(c byte) {
	d.size++
	if d.size > d.limit {
		d.tooBig = true
		d.buf = nil
		return
	}
	d.buf = append(d.buf, c)
}
