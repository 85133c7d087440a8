package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"time"

	"smtpsim/internal/onesort"
)

// Attachment is a file sent along with a message, as one MIME body part (RFC 2183).
type Attachment struct {
	Name        string // file name offered to the recipient; may be non-ASCII
	ContentType string // media type such as image/png, audio/ogg or video/mp4; "" means application/octet-stream
	Data        []byte
}

// Draft is what a user writes in a mail client before pressing Send: the input of
// Compose.
type Draft struct {
	From        string   // "Alice Example <alice@example.org>" or a bare address
	To, Cc, Bcc []string // one address per entry, each may have a display name
	Subject     string   // may be non-ASCII (UTF-8)
	Body        string   // plain text; may be non-ASCII (UTF-8)
	// Date zero: no Date: field, the MSA adds it (RFC 6409 §8.2).
	Date time.Time
	// MessageID is written without angle brackets; "": no Message-ID: field, the MSA
	// adds it (RFC 6409 §8.3).
	MessageID string
	// Attachments make the message multipart/mixed (RFC 2046 §5.1.3).
	Attachments []Attachment
	// Headers are extra fields, such as X-Mailer, written in this order. Their values
	// are unstructured text, RFC 2047-encoded when non-ASCII (RFC 5322 §3.2.5), except
	// Reply-To and Sender, which are address lists.
	Headers [][2]string
	// Above are fields the client writes above all of its own, in this order, as
	// unstructured text: a Received: field of a hop that never happened, say. Servers
	// prepend their trace fields on top later (RFC 5322 §3.6.7), so these end up at the
	// bottom of the Received chain, where forged hops hide.
	Above [][2]string
}

// FieldError is one problem with one field, worded to be shown to a learner on the page.
type FieldError struct {
	Field  string // "To", "Subject", "Headers[0]", "Attachments[1].ContentType", ...
	Value  string // the offending value; "" when the field is missing
	Reason string
}

// Error gives `To: "bob@": missing domain`, or `From: missing` when there is no value.
func (e *FieldError) Error() string {
	if e.Value == "" {
		return e.Field + ": " + e.Reason
	}
	return e.Field + ": " + strconv.Quote(e.Value) + ": " + e.Reason
}

// composedFields are the fields Compose writes itself; Draft.Headers may not set them,
// so that an extra "Bcc" cannot leak the blind copies (RFC 5322 §3.6.3).
var composedFields = []string{"From", "To", "Cc", "Bcc", "Subject", "Date", "Message-Id",
	"Mime-Version", "Content-Type", "Content-Transfer-Encoding"}

// addressFields are the extra fields that hold addresses (RFC 5322 §3.6.2): Compose
// writes them like To:, encoding only display names, where other extra fields are
// unstructured text.
var addressFields = []string{"Reply-To", "Sender"}

// Validate checks the draft the way a careful mail client does before it submits: every
// address parses (RFC 5322 §3.4), there is at least one recipient, and no value could
// break the header apart. It reports every problem found, each as a *FieldError, joined.
func (d Draft) Validate() error { return errors.Join(d.parse().errs...) }

// parsedDraft is a draft with its addresses parsed, once, for Validate,
// EnvelopeRecipients and Compose.
type parsedDraft struct {
	from        *netmail.Address
	to, cc, bcc []*netmail.Address // nil where an address does not parse
	errs        []error            // every problem, in the order Validate reports them
	rcptErr     error              // the first recipient that does not parse
}

// parse parses the draft's addresses and checks the rest as Validate does.
func (d Draft) parse() parsedDraft {
	var p parsedDraft
	if strings.TrimSpace(d.From) == "" {
		p.errs = append(p.errs, &FieldError{Field: "From", Reason: "missing (RFC 5322 §3.6.2: every message names its author)"})
	} else if a, err := parseAddress("From", d.From); err != nil {
		p.errs = append(p.errs, err)
	} else {
		p.from = a
	}
	n := 0
	for _, l := range []struct {
		field  string
		addrs  []string
		parsed *[]*netmail.Address
	}{{"To", d.To, &p.to}, {"Cc", d.Cc, &p.cc}, {"Bcc", d.Bcc, &p.bcc}} {
		if len(l.addrs) > 0 {
			*l.parsed = make([]*netmail.Address, len(l.addrs))
		}
		for i, s := range l.addrs {
			a, err := parseAddress(l.field, s)
			if err != nil {
				p.errs = append(p.errs, err)
				if p.rcptErr == nil {
					p.rcptErr = err
				}
			}
			(*l.parsed)[i] = a
			n++
		}
	}
	if n == 0 {
		p.errs = append(p.errs, &FieldError{Field: "To", Reason: "no recipient (To, Cc and Bcc are all empty)"})
	}
	if err := checkText("Subject", d.Subject); err != nil {
		p.errs = append(p.errs, err)
	}
	if d.MessageID != "" {
		if reason := messageIDProblem(d.MessageID); reason != "" {
			p.errs = append(p.errs, &FieldError{Field: "Message-ID", Value: d.MessageID, Reason: reason})
		}
	}
	for i, h := range d.Headers {
		if err := checkExtra(fmt.Sprintf("Headers[%d]", i), h, true); err != nil {
			p.errs = append(p.errs, err)
		}
	}
	for i, h := range d.Above {
		if err := checkExtra(fmt.Sprintf("Above[%d]", i), h, false); err != nil {
			p.errs = append(p.errs, err)
		}
	}
	for i, a := range d.Attachments {
		if reason := contentTypeProblem(a.ContentType); reason != "" {
			p.errs = append(p.errs, &FieldError{Field: fmt.Sprintf("Attachments[%d].ContentType", i), Value: a.ContentType, Reason: reason})
		}
		if len(a.Name) > 255 {
			p.errs = append(p.errs, &FieldError{Field: fmt.Sprintf("Attachments[%d].Name", i), Value: a.Name, Reason: "longer than 255 octets"})
		}
	}
	return p
}

// checkExtra checks one extra field of a draft: a field name, not one the draft sets
// itself, and a value that cannot break the header (an address list for Reply-To and
// Sender when addresses is set).
func checkExtra(field string, h [2]string, addresses bool) error {
	switch {
	case !validFieldName(h[0]):
		return &FieldError{Field: field, Value: h[0], Reason: "not a field name (RFC 5322 §2.2: printable ASCII without colon or space)"}
	case IsComposedField(h[0]):
		return &FieldError{Field: field, Value: h[0], Reason: "set by the draft itself; use its own field"}
	case addresses && slices.Contains(addressFields, textproto.CanonicalMIMEHeaderKey(h[0])):
		if _, err := parseAddressList(field, h[1]); err != nil {
			return err
		}
		return nil
	}
	if err := checkText(field, h[1]); err != nil {
		return err
	}
	return nil // not a nil *FieldError, which is a non-nil error
}

// IsComposedField reports whether name is a field Compose writes itself (From, To,
// Subject, Date, the MIME fields …), which no extra field may set.
func IsComposedField(name string) bool {
	return slices.Contains(composedFields, textproto.CanonicalMIMEHeaderKey(name))
}

// FieldProblem is what is wrong with a header line a teacher wrote (FieldLine).
type FieldProblem int

// The problems FieldLine finds.
const (
	FieldOK        FieldProblem = iota
	FieldNoColon                // no "Name:" at the start
	FieldBadName                // the name is not printable ASCII without space or colon (RFC 5322 §2.2)
	FieldComposed               // a field the mail program writes itself
	FieldLineBreak              // the value holds a line break, which would start another field
	FieldTooLong                // a word too long to fold into 998-octet lines (RFC 5322 §2.1.1)
)

// FieldLine reads one header field written as a line, "Received: from …", into its
// name and value (surrounding white space removed) for Draft.Above, and says what is
// wrong with it, if anything.
func FieldLine(line string) (field [2]string, problem FieldProblem) {
	name, value, ok := strings.Cut(line, ":")
	field = [2]string{name, strings.TrimSpace(value)}
	switch {
	case !ok:
		return field, FieldNoColon
	case !validFieldName(name):
		return field, FieldBadName
	case IsComposedField(name):
		return field, FieldComposed
	case strings.ContainsAny(value, "\r\n"):
		return field, FieldLineBreak
	case checkText(name, field[1]) != nil:
		return field, FieldTooLong
	}
	return field, FieldOK
}

// EnvelopeRecipients returns the addresses the client gives in RCPT TO (RFC 5321 §3.3):
// the addr-specs of To, Cc and Bcc, each domain lower-cased (domains are
// case-insensitive, local parts are not: RFC 5321 §2.4), duplicates removed, order kept.
// Bcc recipients appear here and nowhere in the message.
func (d Draft) EnvelopeRecipients() ([]string, error) {
	p := d.parse()
	return p.envelopeRecipients()
}

// envelopeRecipients is EnvelopeRecipients of the parsed draft.
func (p *parsedDraft) envelopeRecipients() ([]string, error) {
	if p.rcptErr != nil {
		return nil, p.rcptErr
	}
	rcpts := make([]string, 0, len(p.to)+len(p.cc)+len(p.bcc))
	for _, list := range [...][]*netmail.Address{p.to, p.cc, p.bcc} {
		for _, a := range list {
			spec := addrSpec(a.Address)
			if at := strings.LastIndexByte(spec, '@'); at >= 0 && hasUpper(spec[at+1:]) {
				spec = spec[:at+1] + strings.ToLower(spec[at+1:])
			}
			if !slices.Contains(rcpts, spec) {
				rcpts = append(rcpts, spec)
			}
		}
	}
	if len(rcpts) == 0 {
		return nil, &FieldError{Field: "To", Reason: "no recipient (To, Cc and Bcc are all empty)"}
	}
	return rcpts, nil
}

// hasUpper reports whether s has an ASCII upper-case letter.
func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// ComposeEnvelope is EnvelopeRecipients and Compose at once, with each address parsed
// once: what a mail program does when the user presses Send. When the recipients
// cannot be read, err is theirs and nothing else is returned; when they can but the
// message cannot be written, rcpts come with Compose's error.
func ComposeEnvelope(d Draft) (rcpts []string, msg []byte, err error) {
	p := d.parse()
	if rcpts, err = p.envelopeRecipients(); err != nil {
		return nil, nil, err
	}
	if err := errors.Join(p.errs...); err != nil {
		return rcpts, nil, err
	}
	return rcpts, p.compose(d), nil
}

// Compose turns a draft into an RFC 5322 message with CRLF line endings, ready for
// DATA. The header has From, To, Cc, Subject, Date, Message-ID, the extra fields and
// MIME-Version (RFC 2045 §4); never Bcc, whose recipients are envelope-only (RFC 5322
// §3.6.3 allows either; clients that keep the blind copies blind leave it out). With
// only Bcc recipients, To: says "undisclosed-recipients:;", an empty group, as Postfix
// writes it. Without attachments the body is text/plain; with attachments it is
// multipart/mixed: the text first, then each attachment in base64 (RFC 2045 §6.8).
// The same draft always gives the same bytes: the boundary comes from the content.
func Compose(d Draft) ([]byte, error) {
	p := d.parse()
	if err := errors.Join(p.errs...); err != nil {
		return nil, err
	}
	return p.compose(d), nil
}

// compose is Compose of a draft without problems, its addresses parsed into p.
func (p *parsedDraft) compose(d Draft) []byte {
	h := newHeaderWriter()
	for _, f := range d.Above {
		h.add(f[0], encodeUnstructured(f[1]))
	}
	h.add("From", formatAddress(p.from))
	to := addressList(p.to)
	cc := addressList(p.cc)
	switch {
	case to != "":
		h.add("To", to)
	case cc == "":
		h.add("To", "undisclosed-recipients:;")
	}
	if cc != "" {
		h.add("Cc", cc)
	}
	if d.Subject != "" {
		h.add("Subject", encodeUnstructured(d.Subject))
	}
	if !d.Date.IsZero() {
		h.addDate("Date", d.Date)
	}
	if d.MessageID != "" {
		h.addMessageID(d.MessageID)
	}
	for _, f := range d.Headers {
		if slices.Contains(addressFields, textproto.CanonicalMIMEHeaderKey(f[0])) {
			list, _ := parseAddressList("", f[1])
			out := make([]string, len(list))
			for i, a := range list {
				out[i] = formatAddress(a)
			}
			h.add(f[0], strings.Join(out, ", "))
			continue
		}
		h.add(f[0], encodeUnstructured(f[1]))
	}
	h.add("MIME-Version", "1.0")

	text, cte := encodeText(d.Body)
	if len(d.Attachments) == 0 {
		h.add("Content-Type", "text/plain; charset=utf-8")
		h.add("Content-Transfer-Encoding", cte)
		msg := finish(h, text)
		h.done()
		return msg
	}
	parts := []mimePart{{fields: [][2]string{
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", cte},
	}, body: text}}
	for _, a := range d.Attachments {
		parts = append(parts, attachmentPart(a))
	}
	boundary := multipartBoundary(parts)
	h.add("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": boundary}))
	msg := finishMultipart("", h, parts, boundary)
	h.done()
	return msg
}

// finish joins the header, the empty line and the body, in a slice of their size.
func finish(h *headerWriter, body []byte) []byte {
	msg := make([]byte, 0, len(h.buf)+2+len(body))
	return append(append(append(msg, h.buf...), '\r', '\n'), body...)
}

// attachmentPart encodes one attachment as a base64 body part with
// Content-Disposition: attachment (RFC 2183); a non-ASCII name is written as an
// RFC 2231 parameter by mime.FormatMediaType.
func attachmentPart(a Attachment) mimePart {
	ct := "application/octet-stream"
	if a.ContentType != "" {
		mt, params, _ := mime.ParseMediaType(a.ContentType) // Validate has parsed it
		ct = mime.FormatMediaType(mt, params)
	}
	disp := "attachment"
	if a.Name != "" {
		disp = mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})
	}
	return mimePart{fields: [][2]string{
		{"Content-Type", ct},
		{"Content-Disposition", disp},
		{"Content-Transfer-Encoding", "base64"},
	}, body: base64Lines(a.Data)}
}

// base64Lines encodes data in base64 in lines of 76 characters, the most RFC 2045 §6.8
// allows, each ended by CRLF.
func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	out := make([]byte, 0, len(enc)+len(enc)/76*2+2)
	for len(enc) > 0 {
		n := min(76, len(enc))
		out = append(out, enc[:n]...)
		out = append(out, '\r', '\n')
		enc = enc[n:]
	}
	return out
}

// encodeText turns plain text into a body with CRLF line endings (RFC 5322 §2.3) that
// ends in CRLF, and names its transfer encoding: 7bit when it is ASCII without control
// characters and no line is longer than 998 octets (RFC 2045 §2.7), else
// quoted-printable (RFC 2045 §6.7), which keeps lines at 76 and any byte safe.
func encodeText(s string) ([]byte, string) {
	text := crlfText(s)
	if is7bit(text) {
		return text, "7bit"
	}
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	_, _ = w.Write(text) // writes to a bytes.Buffer do not fail
	_ = w.Close()
	return b.Bytes(), "quoted-printable"
}

// crlfText is s with every line ending (CRLF, a bare CR, a bare LF) written as CRLF,
// and one at its end when it has none there and is not empty.
func crlfText(s string) []byte {
	b := make([]byte, 0, len(s)+strings.Count(s, "\n")+2)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b = append(b, '\r', '\n')
		case '\n':
			b = append(b, '\r', '\n')
		default:
			b = append(b, c)
		}
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, '\r', '\n')
	}
	return b
}

// is7bit reports whether s, with CRLF line endings, is 7bit data (RFC 2045 §2.7).
func is7bit[T string | []byte](s T) bool {
	lineLen := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r' || c == '\n':
			lineLen = 0
		case c == '\t' || (c >= ' ' && c <= '~'):
			lineLen++
			if lineLen > maxLineLen {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// mimePart is one body part before it is framed by a boundary: its header fields,
// each name once, and its body.
type mimePart struct {
	fields [][2]string
	body   []byte
}

// writeMultipart frames parts with mime/multipart, each part's fields in the order of
// their names, and returns the body and its boundary. The boundary is a hash of the
// parts, so the same parts give the same bytes (the simulation must be deterministic);
// it starts with "=_", which quoted-printable and base64 text cannot contain, and is
// checked against every part (RFC 2046 §5.1.1).
func writeMultipart(parts []mimePart) ([]byte, string) {
	boundary := multipartBoundary(parts)
	var b bytes.Buffer
	b.Grow(multipartSize(parts, boundary))
	writeParts(&b, parts, boundary)
	return b.Bytes(), boundary
}

// multipartBoundary puts the fields of each part in the order of their names and
// returns the boundary of parts (partsBoundary).
func multipartBoundary(parts []mimePart) string {
	for _, p := range parts {
		onesort.Func(p.fields, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	}
	return partsBoundary(parts)
}

// finishMultipart joins the field above (none when empty), the header, the empty line
// and the body of parts, framed by boundary, in one buffer of about their size.
func finishMultipart(above string, h *headerWriter, parts []mimePart, boundary string) []byte {
	var b bytes.Buffer
	b.Grow(len(above) + 2 + len(h.buf) + 2 + multipartSize(parts, boundary))
	if above != "" {
		b.WriteString(above)
		b.WriteString("\r\n")
	}
	b.Write(h.buf)
	b.WriteString("\r\n")
	writeParts(&b, parts, boundary)
	return b.Bytes()
}

// The preamble is what a reader without MIME shows (RFC 2046 §5.1.1).
const preamble = "This is a multi-part message in MIME format.\r\n"

// multipartSize is about the length writeParts writes: room to grow the buffer once.
func multipartSize(parts []mimePart, boundary string) int {
	n := len(preamble) + len(boundary) + 8
	for _, p := range parts {
		n += len(boundary) + 8 + len(p.body)
		for _, f := range p.fields {
			n += len(f[0]) + len(f[1]) + 4
		}
	}
	return n
}

// writeParts writes the preamble and parts framed by boundary with mime/multipart's
// Writer.
func writeParts(b *bytes.Buffer, parts []mimePart, boundary string) {
	b.WriteString(preamble)
	w := multipart.NewWriter(b)
	_ = w.SetBoundary(boundary) // valid by construction
	for _, p := range parts {
		header := make(textproto.MIMEHeader, len(p.fields))
		values := make([]string, len(p.fields)) // one array for the part's values, one each
		for i, f := range p.fields {
			values[i] = f[1]
			header[f[0]] = values[i : i+1 : i+1]
		}
		pw, _ := w.CreatePart(header) // writes to a bytes.Buffer do not fail
		_, _ = pw.Write(p.body)
	}
	_ = w.Close()
}

// partsBoundary is the boundary of parts: the first of a series of hashes of their
// fields and bodies that no part contains.
func partsBoundary(parts []mimePart) string {
	fields := make([]byte, 0, 256) // room for a part's fields as they are hashed
	for n := 0; ; n++ {
		h := sha256.New()
		fields = append(strconv.AppendInt(fields[:0], int64(n), 10), '\n')
		h.Write(fields)
		for _, p := range parts {
			// Each field as "Name: [\"value\"]", as fmt's %q wrote a header's list of
			// values when the boundary was first made so.
			fields = fields[:0]
			for _, f := range p.fields {
				fields = strconv.AppendQuote(append(append(fields, f[0]...), ": ["...), f[1])
				fields = append(fields, "]\n"...)
			}
			fields = append(strconv.AppendInt(fields, int64(len(p.body)), 10), '\n')
			h.Write(fields)
			h.Write(p.body)
		}
		var text [2 + 2*15]byte // "=_" and the first 15 octets of the hash in hex, made a string once
		text[0], text[1] = '=', '_'
		hex.Encode(text[2:], h.Sum(fields[:0])[:15])
		boundary := string(text[:])
		if !slices.ContainsFunc(parts, func(p mimePart) bool { return containsDelimiter(p.body, boundary) }) {
			return boundary
		}
	}
}

// containsDelimiter reports whether body holds "--" and the boundary.
func containsDelimiter(body []byte, boundary string) bool {
	var d [64]byte
	return bytes.Contains(body, append(append(d[:0], "--"...), boundary...))
}

// encodeUnstructured writes an unstructured field value (RFC 5322 §3.2.5) in ASCII:
// non-ASCII text becomes RFC 2047 encoded-words, which mime.QEncoding keeps at 75
// characters each so the field can be folded between them.
func encodeUnstructured(s string) string {
	return mime.QEncoding.Encode("utf-8", s)
}

// checkText rejects a header value that would break the header: a line break would
// start a new field (header injection), and an ASCII word too long to fold would exceed
// the line limit (RFC 5322 §2.1.1).
func checkText(field, value string) *FieldError {
	if strings.ContainsAny(value, "\r\n") {
		return &FieldError{Field: field, Value: value, Reason: "contains a line break, which would start a new header field"}
	}
	for w := range strings.FieldsSeq(value) {
		// fold can put any word on a line of its own, after one space.
		if len(w) > maxLineLen-1 && !needsEncoding(w) {
			return &FieldError{Field: field, Value: value, Reason: "has a word too long to fold into 998-octet lines (RFC 5322 §2.1.1)"}
		}
	}
	return nil
}

// needsEncoding reports whether s has bytes that are not printable ASCII, so
// mime.QEncoding will encode it.
func needsEncoding(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' || c > '~') && c != '\t' {
			return true
		}
	}
	return false
}

// validFieldName reports whether name is a field name: printable ASCII except colon
// (RFC 5322 §2.2).
func validFieldName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}

// messageIDProblem explains why id is not the inside of a msg-id (RFC 5322 §3.6.4), or
// returns "".
func messageIDProblem(id string) string {
	if strings.ContainsAny(id, "<> \t\r\n") {
		return "write it without angle brackets or spaces"
	}
	if needsEncoding(id) {
		return "must be printable ASCII (RFC 5322 §3.6.4)"
	}
	left, right, ok := strings.Cut(id, "@")
	if !ok || left == "" || right == "" || strings.Contains(right, "@") {
		return "needs the form id-left@id-right (RFC 5322 §3.6.4)"
	}
	return ""
}

// contentTypeProblem explains why ct cannot be an attachment's media type, or returns "".
func contentTypeProblem(ct string) string {
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "not a media type such as image/png (RFC 2045 §5.1)"
	}
	if !strings.Contains(mt, "/") {
		return "needs type/subtype, such as image/png (RFC 2045 §5.1)"
	}
	if strings.HasPrefix(mt, "multipart/") || strings.HasPrefix(mt, "message/") {
		return "multipart and message types cannot be sent in base64 (RFC 2045 §6.4)"
	}
	return ""
}

// parseAddress parses one mailbox with net/mail (RFC 5322 §3.4) and, when that fails,
// says what is wrong in words a learner can act on.
func parseAddress(field, s string) (*netmail.Address, error) {
	if isPlainAddrSpec(s) {
		// What net/mail returns for it; a bulk run composes many thousands of these.
		return &netmail.Address{Address: s}, nil
	}
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, &FieldError{Field: field, Value: s, Reason: addressProblem(s, err)}
	}
	if reason := addrSpecProblem(a.Address); reason != "" {
		return nil, &FieldError{Field: field, Value: s, Reason: reason}
	}
	return a, nil
}

// parseAddressList parses a comma-separated list of mailboxes, one at a time so that
// an error can name the one that is wrong.
func parseAddressList(field, s string) ([]*netmail.Address, error) {
	if list, err := netmail.ParseAddressList(s); err == nil {
		for _, a := range list {
			if reason := addrSpecProblem(a.Address); reason != "" {
				return nil, &FieldError{Field: field, Value: s, Reason: reason}
			}
		}
		return list, nil
	} else if strings.TrimSpace(s) == "" {
		return nil, &FieldError{Field: field, Value: s, Reason: "empty address"}
	}
	// Name the entry that fails; a comma inside a quoted name makes this split
	// imprecise, but only for the error message.
	for entry := range strings.SplitSeq(s, ",") {
		if _, err := parseAddress(field, strings.TrimSpace(entry)); err != nil {
			return nil, err
		}
	}
	_, err := netmail.ParseAddressList(s)
	return nil, &FieldError{Field: field, Value: s, Reason: strings.TrimPrefix(err.Error(), "mail: ")}
}

// addressProblem turns a net/mail parse error into the likely cause: net/mail reports
// where its grammar stopped ("missing '@' or angle-addr" for "bob@"), not what the
// writer forgot.
func addressProblem(s string, err error) string {
	spec := strings.TrimSpace(s)
	if spec == "" {
		return "empty address"
	}
	if strings.HasPrefix(err.Error(), "mail: expected single address") {
		if strings.ContainsAny(spec, ",;") {
			return "more than one address; give each its own entry"
		}
		return "unexpected text after the address"
	}
	if lt := strings.IndexByte(spec, '<'); lt >= 0 {
		gt := strings.IndexByte(spec[lt:], '>')
		if gt < 0 {
			return `missing ">" after the address`
		}
		spec = strings.TrimSpace(spec[lt+1 : lt+gt])
	} else if strings.ContainsAny(spec, " \t") && strings.Contains(spec, "@") {
		return "a display name needs the address in angle brackets: Name <user@example.org>"
	}
	at := strings.LastIndexByte(spec, '@')
	switch {
	case spec == "":
		return "empty address"
	case at < 0:
		return "missing @ (an address is local-part@domain)"
	case at == len(spec)-1:
		return "missing domain"
	case at == 0:
		return "missing local part before @"
	case strings.Count(spec, "@") > 1 && !strings.Contains(spec, `"`):
		return "more than one @"
	}
	local, domain := spec[:at], spec[at+1:]
	if !strings.HasPrefix(local, `"`) && (strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..")) {
		return "a dot cannot start or end the local part, nor follow another dot"
	}
	if !strings.HasPrefix(domain, "[") {
		if strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
			return "a dot cannot start or end the domain, nor follow another dot"
		}
		for _, r := range domain {
			if r < 0x80 && !(r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return fmt.Sprintf("%q is not allowed in a domain", r)
			}
		}
	}
	return strings.TrimPrefix(err.Error(), "mail: ")
}

// addrSpecProblem checks what net/mail accepts but SMTP cannot carry: non-ASCII
// addresses need SMTPUTF8 (RFC 6531), and RFC 5321 §4.5.3.1 limits the parts' lengths.
func addrSpecProblem(addr string) string {
	if needsEncoding(addr) {
		return "non-ASCII address: it needs SMTPUTF8 (RFC 6531), which this simulator does not offer"
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "missing @ (an address is local-part@domain)"
	}
	if at > 64 {
		return "local part longer than 64 octets (RFC 5321 §4.5.3.1.1)"
	}
	if len(addr)-at-1 > 255 {
		return "domain longer than 255 octets (RFC 5321 §4.5.3.1.2)"
	}
	return ""
}

// addrSpec writes addr as an addr-spec, quoting the local part where it needs it
// (net/mail keeps it unquoted).
func addrSpec(addr string) string {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 && isDotAtom(addr[:at]) {
		return addr // what net/mail would write, without making it
	}
	return strings.TrimSuffix(strings.TrimPrefix((&netmail.Address{Address: addr}).String(), "<"), ">")
}

// isDotAtom reports whether local is a dot-atom of ASCII atext (RFC 5322 §3.2.3), a
// local part that needs no quotes.
func isDotAtom(local string) bool {
	if local == "" || local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0) {
			return false
		}
	}
	return true
}

// isPlainAddrSpec reports whether s is an addr-spec of the plainest kind,
// dot-atom@domain with an ASCII domain of letters, digits and hyphens, no comments, no
// spaces, no display name: net/mail parses it to an Address of s itself, and it
// needs no words about what is wrong.
func isPlainAddrSpec(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 0 || !isDotAtom(s[:at]) || len(s)-at-1 > 255 {
		return false
	}
	domain := s[at+1:]
	if domain == "" || domain[0] == '.' || domain[len(domain)-1] == '.' || strings.Contains(domain, "..") {
		return false
	}
	for i := 0; i < len(domain); i++ {
		c := domain[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return at <= 64
}

// formatAddress writes a mailbox for a header field: the bare addr-spec when there is no
// display name, else "Name" <addr-spec> with the name RFC 2047-encoded when non-ASCII.
func formatAddress(a *netmail.Address) string {
	if a.Name == "" {
		return addrSpec(a.Address)
	}
	return a.String()
}

// addressList writes a parsed list of addresses for To: or Cc:.
func addressList(addrs []*netmail.Address) string {
	switch len(addrs) {
	case 0:
		return ""
	case 1:
		return formatAddress(addrs[0])
	}
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = formatAddress(a)
	}
	return strings.Join(out, ", ")
}
