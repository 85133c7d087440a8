package smtp

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

// newDataReader prepares for a message of about hint octets (MAIL's SIZE=), so the
// buffer is allocated once; the hint is capped so a client cannot reserve memory by lying.
func newDataReader(limit, hint int) *dataReader {
	return &dataReader{limit: limit, buf: make([]byte, 0, min(max(hint, 0), limit, 1<<20))}
}

// feed consumes p up to and including the end-of-data line and reports how many octets
// it used and whether the data ended.
func (d *dataReader) feed(p []byte) (used int, done bool) {
	for i, c := range p {
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

func (d *dataReader) store(c byte) {
	d.size++
	if d.size > d.limit {
		d.tooBig = true
		d.buf = nil
		return
	}
	d.buf = append(d.buf, c)
}
