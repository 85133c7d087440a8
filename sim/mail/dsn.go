package mail

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// DSNRecipient is what a delivery status notification says about one recipient: one
// per-recipient group of a message/delivery-status part (RFC 3464 §2.3).
type DSNRecipient struct {
	// Final is the address the reporting MTA tried, "rfc822;bob@example.net"
	// (§2.3.2); a value without a type gets "rfc822;".
	Final string
	// Original is the ORCPT the client gave in RCPT TO (RFC 3461 §4.2), "" if none;
	// written as Original-Recipient (§2.3.1).
	Original string
	// Action is failed, delayed, delivered, relayed or expanded (§2.3.3).
	Action string
	// Status is the enhanced status code, "5.1.1" (§2.3.4, RFC 3463).
	Status string
	// RemoteMTA is the server that gave the diagnostic, "dns;mx.example.net", or ""
	// (§2.3.5); a value without a type gets "dns;".
	RemoteMTA string
	// Diagnostic is that server's reply, "smtp; 550 5.1.1 <bob@example.net>: ...", or
	// "" (§2.3.6); a value without a type gets "smtp; ". Only a reply a server really
	// sent belongs here; when none did, leave it empty and say why in Reason.
	Diagnostic string
	// Reason is the reporting MTA's own words when no server replied ("connect to
	// mx.example.net[192.0.2.25]:25: Connection timed out"), for the readable part.
	Reason string
	// LastAttempt is when the MTA last tried (§2.3.7); zero leaves the field out.
	LastAttempt time.Time
	// WillRetryUntil is when a delayed message expires (§2.3.9); only for delayed.
	WillRetryUntil time.Time
}

// Addr returns the address of Final without its type: "bob@example.net" for
// "rfc822; bob@example.net".
func (r DSNRecipient) Addr() string {
	return untyped(r.Final)
}

// DSN is a delivery status notification to build: the MTA's report to the envelope
// sender about some recipients of one message (RFC 3464, RFC 3461).
type DSN struct {
	ReportingMTA string    // host name of the MTA that reports (RFC 3464 §2.2.2)
	From         string    // "" means MAILER-DAEMON@ReportingMTA, as Postfix writes it
	To           string    // the envelope sender of the original message
	Date         time.Time // zero: no Date: field
	MessageID    string    // without angle brackets; "": no Message-ID: field
	EnvelopeID   string    // ENVID from MAIL FROM (RFC 3461 §4.4), decoded; "" if none
	ArrivalDate  time.Time // when the original arrived (RFC 3464 §2.2.5); zero leaves it out
	Recipients   []DSNRecipient
	Original     []byte // the original message; nil leaves out the third part
	HeadersOnly  bool   // RET=HDRS (RFC 3461 §4.3): return only the original's header
}

// ParsedDSN is what ParseDSN reads from a delivery status notification.
type ParsedDSN struct {
	ReportingMTA   string    // host name, without the "dns;" type
	EnvelopeID     string    // Original-Envelope-Id, "" if absent
	ArrivalDate    time.Time // zero if absent or unreadable
	Recipients     []DSNRecipient
	OriginalHeader netmail.Header // header of the returned message; nil if none came back
	HeadersOnly    bool           // only the header came back (text/rfc822-headers)
}

// dsnActions are the action values of RFC 3464 §2.3.3.
var dsnActions = []string{"failed", "delayed", "delivered", "relayed", "expanded"}

// BuildDSN writes a delivery status notification as Postfix does: a
// multipart/report; report-type=delivery-status (RFC 6522 §3) with three parts, a text
// for people, the message/delivery-status fields for programs (RFC 3464 §2), and the
// original message (message/rfc822) or just its header (text/rfc822-headers, RFC 6522
// §4) when the sender asked for RET=HDRS. Auto-Submitted: auto-replied marks it as
// automatic so that no one answers it automatically (RFC 3834 §5). The Subject says
// what happened to the worst-off recipient. The caller sends it with the null
// reverse-path MAIL FROM:<> (RFC 5321 §4.5.5).
func BuildDSN(d DSN) ([]byte, error) { return BuildDSNBelow(d, "") }

// BuildDSNBelow is BuildDSN with the field above (without CRLF; none when empty) on
// top, in the same buffer: Prepend(BuildDSN(d), above) without the copy. A delivery
// agent files a DSN with its Return-Path: so, and can pass the rest on as it is.
func BuildDSNBelow(d DSN, above string) ([]byte, error) {
	from, to, err := d.validate()
	if err != nil {
		return nil, err
	}
	h := newHeaderWriter()
	if d.From == "" {
		from = &netmail.Address{Name: "Mail Delivery System", Address: "MAILER-DAEMON@" + d.ReportingMTA}
	}
	kind := reportKind(d.Recipients)
	h.add("From", formatAddress(from))
	h.add("To", formatAddress(to))
	h.add("Subject", dsnSubjects[kind])
	if !d.Date.IsZero() {
		h.addDate("Date", d.Date)
	}
	if d.MessageID != "" {
		h.addMessageID(d.MessageID)
	}
	h.add("Auto-Submitted", "auto-replied")
	h.add("MIME-Version", "1.0")

	text, cte := encodeText(d.explanation(kind))
	status := newHeaderWriter() // the delivery-status part, written as header fields
	parts := []mimePart{
		{fields: [][2]string{
			{"Content-Description", "Notification"},
			{"Content-Type", "text/plain; charset=utf-8"},
			{"Content-Transfer-Encoding", cte},
		}, body: text},
		{fields: [][2]string{
			{"Content-Description", "Delivery report"},
			{"Content-Type", "message/delivery-status"},
		}, body: d.statusFields(status)},
	}
	eightBit := false
	if len(d.Original) > 0 {
		orig := crlf(d.Original)
		ct, desc := "message/rfc822", dsnOriginal[kind]
		if d.HeadersOnly {
			end, _ := splitHeader(orig)
			orig = orig[:end]
			ct, desc = "text/rfc822-headers", desc+" Headers"
		}
		// message/rfc822 may only be 7bit, 8bit or binary (RFC 2046 §5.2.1): an
		// 8-bit original is declared, not encoded.
		enc := "7bit"
		if !is7bit(orig) {
			enc, eightBit = "8bit", true
		}
		parts = append(parts, mimePart{fields: [][2]string{
			{"Content-Description", desc},
			{"Content-Type", ct},
			{"Content-Transfer-Encoding", enc},
		}, body: orig})
	}
	boundary := multipartBoundary(parts)
	h.add("Content-Type", mime.FormatMediaType("multipart/report",
		map[string]string{"report-type": "delivery-status", "boundary": boundary}))
	if eightBit {
		// A multipart is as wide as its widest part (RFC 2045 §6.4).
		h.add("Content-Transfer-Encoding", "8bit")
	}
	msg := finishMultipart(above, h, parts, boundary)
	h.done()
	status.done()
	return msg, nil
}

// reportKind is the action the notification leads with: failed over delayed over
// the successful ones.
func reportKind(rcpts []DSNRecipient) string {
	kind := "delivered"
	for _, r := range rcpts {
		switch strings.ToLower(r.Action) {
		case "failed":
			return "failed"
		case "delayed":
			kind = "delayed"
		}
	}
	return kind
}

// dsnSubjects are Postfix's subjects for each kind of report.
var dsnSubjects = map[string]string{
	"failed":    "Undelivered Mail Returned to Sender",
	"delayed":   "Delayed Mail (still being retried)",
	"delivered": "Successful Mail Delivery Report",
}

// dsnOriginal describes the returned message, as Postfix's Content-Description does.
var dsnOriginal = map[string]string{
	"failed":    "Undelivered Message",
	"delayed":   "Delayed Message",
	"delivered": "Delivered Message",
}

// dsnIntro is the opening of the human-readable part for each kind of report.
var dsnIntro = map[string]string{
	"failed": "I'm sorry to have to inform you that your message could not\n" +
		"be delivered to one or more recipients. It's attached below.\n\n" +
		"For further assistance, please send mail to postmaster.\n\n" +
		"If you do so, please include this problem report. You can\n" +
		"delete your own text from the attached returned message.\n",
	"delayed": "####################################################################\n" +
		"# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n" +
		"####################################################################\n\n" +
		"Your message could not be delivered yet to one or more recipients.\n" +
		"The mail system will keep trying until the time given below.\n",
	"delivered": "Your message was successfully delivered to the destination(s)\n" +
		"listed below. If the message was delivered to mailbox you will\n" +
		"receive no further notifications. Otherwise you may still receive\n" +
		"notifications of mail delivery errors from other systems.\n",
}

// explanation is the text/plain part: what happened, for a person, one paragraph per
// recipient with the remote server's own words (RFC 3464 §2 asks for a
// human-readable first part).
func (d DSN) explanation(kind string) string {
	var b strings.Builder
	b.Grow(512 + 256*len(d.Recipients)) // the intro and a paragraph for each, written once
	for _, s := range [...]string{"This is the mail system at host ", d.ReportingMTA, ".\n\n", dsnIntro[kind], "\n                   The mail system\n"} {
		b.WriteString(s)
	}
	for _, r := range d.Recipients {
		b.WriteString("\n<")
		b.WriteString(r.Addr())
		b.WriteString(">: ")
		diag := untyped(r.Diagnostic)
		var says [4]string
		switch {
		case diag != "" && r.RemoteMTA != "":
			says = [...]string{"host ", untyped(r.RemoteMTA), " said: ", diag}
		case diag != "":
			says[0] = diag
		case r.Reason != "":
			says = [...]string{r.Reason, " (status ", r.Status, ")"}
		default:
			says = [...]string{actionText[strings.ToLower(r.Action)], " (status ", r.Status, ")"}
		}
		for _, s := range says {
			b.WriteString(s)
		}
		b.WriteString("\n")
		if !r.WillRetryUntil.IsZero() {
			b.WriteString("    The mail system will retry until " + FormatDate(r.WillRetryUntil) + ".\n")
		}
	}
	return b.String()
}

// actionText says what each action means when there is no diagnostic to quote.
var actionText = map[string]string{
	"failed":    "delivery failed",
	"delayed":   "delivery delayed",
	"delivered": "delivered to the recipient's mailbox",
	"relayed":   "relayed to a server that sends no delivery notifications",
	"expanded":  "delivered to the members of a list or alias",
}

// statusFields writes the body of message/delivery-status with h: the per-message
// group, then one group per recipient, separated by empty lines (RFC 3464 §2.1).
func (d DSN) statusFields(h *headerWriter) []byte {
	h.addJoined("Reporting-MTA", "dns; ", d.ReportingMTA)
	if d.EnvelopeID != "" {
		h.add("Original-Envelope-Id", d.EnvelopeID)
	}
	if !d.ArrivalDate.IsZero() {
		h.addDate("Arrival-Date", d.ArrivalDate)
	}
	for _, r := range d.Recipients {
		h.line("")
		h.addJoined("Final-Recipient", typePrefix(r.Final, "rfc822;"), r.Final)
		if r.Original != "" {
			h.addJoined("Original-Recipient", typePrefix(r.Original, "rfc822;"), r.Original)
		}
		h.add("Action", strings.ToLower(r.Action))
		h.add("Status", r.Status)
		if r.RemoteMTA != "" {
			h.addJoined("Remote-MTA", typePrefix(r.RemoteMTA, "dns;"), r.RemoteMTA)
		}
		if r.Diagnostic != "" {
			h.addJoined("Diagnostic-Code", typePrefix(r.Diagnostic, "smtp; "), r.Diagnostic)
		}
		if !r.LastAttempt.IsZero() {
			h.addDate("Last-Attempt-Date", r.LastAttempt)
		}
		if !r.WillRetryUntil.IsZero() {
			h.addDate("Will-Retry-Until", r.WillRetryUntil)
		}
	}
	return h.buf
}

// validate checks what BuildDSN needs, reporting every problem as a *FieldError, and
// returns the addresses of From (nil when it is empty) and To as parsed.
func (d DSN) validate() (from, to *netmail.Address, err error) {
	var errs []error
	if d.ReportingMTA == "" || strings.ContainsFunc(d.ReportingMTA, func(r rune) bool { return r <= ' ' || r > '~' }) {
		errs = append(errs, &FieldError{Field: "ReportingMTA", Value: d.ReportingMTA, Reason: "needs a host name (RFC 3464 §2.2.2)"})
	}
	if d.From != "" {
		if from, err = parseAddress("From", d.From); err != nil {
			errs = append(errs, err)
		}
	}
	if d.To == "" || d.To == "<>" {
		errs = append(errs, &FieldError{Field: "To", Value: d.To, Reason: "null sender: a message from <> gets no notification, so that bounces cannot loop (RFC 5321 §4.5.5)"})
	} else if to, err = parseAddress("To", d.To); err != nil {
		errs = append(errs, err)
	}
	if d.MessageID != "" {
		if reason := messageIDProblem(d.MessageID); reason != "" {
			errs = append(errs, &FieldError{Field: "MessageID", Value: d.MessageID, Reason: reason})
		}
	}
	if err := checkStatusField("EnvelopeID", d.EnvelopeID); err != nil {
		errs = append(errs, err)
	}
	if len(d.Recipients) == 0 {
		errs = append(errs, &FieldError{Field: "Recipients", Reason: "none: a notification reports on at least one recipient (RFC 3464 §2.3)"})
	}
	for i, r := range d.Recipients {
		field := func(name string) string { return fmt.Sprintf("Recipients[%d].%s", i, name) }
		if untyped(r.Final) == "" {
			errs = append(errs, &FieldError{Field: field("Final"), Value: r.Final, Reason: "missing (RFC 3464 §2.3.2)"})
		}
		if !slices.Contains(dsnActions, strings.ToLower(r.Action)) {
			errs = append(errs, &FieldError{Field: field("Action"), Value: r.Action, Reason: "must be failed, delayed, delivered, relayed or expanded (RFC 3464 §2.3.3)"})
		}
		if !validStatus(r.Status) {
			errs = append(errs, &FieldError{Field: field("Status"), Value: r.Status, Reason: "needs the form class.subject.detail with class 2, 4 or 5, such as 5.1.1 (RFC 3463 §2)"})
		}
		if !r.WillRetryUntil.IsZero() && !strings.EqualFold(r.Action, "delayed") {
			errs = append(errs, &FieldError{Field: field("WillRetryUntil"), Reason: "only a delayed recipient has one (RFC 3464 §2.3.9)"})
		}
		for _, f := range [...]struct{ name, value string }{{"Final", r.Final}, {"Original", r.Original}, {"RemoteMTA", r.RemoteMTA}, {"Diagnostic", r.Diagnostic}} {
			if err := checkStatusField(f.name, f.value); err != nil {
				err.Field = field(f.name) // named in full only when it is wrong
				errs = append(errs, err)
			}
		}
	}
	return from, to, errors.Join(errs...)
}

// checkStatusField rejects what a message/delivery-status field cannot hold: besides
// what checkText rejects, anything but 7bit text (RFC 3464 §2.1).
func checkStatusField(field, value string) *FieldError {
	if err := checkText(field, value); err != nil {
		return err
	}
	if needsEncoding(value) {
		return &FieldError{Field: field, Value: value, Reason: "must be printable ASCII: delivery-status fields are 7bit (RFC 3464 §2.1)"}
	}
	return nil
}

// validStatus reports whether s is an enhanced status code: class "." subject "."
// detail, class 2, 4 or 5, the others one to three digits (RFC 3463 §2).
func validStatus(s string) bool {
	f := strings.Split(s, ".")
	if len(f) != 3 || (f[0] != "2" && f[0] != "4" && f[0] != "5") {
		return false
	}
	for _, n := range f[1:] {
		if len(n) < 1 || len(n) > 3 || strings.ContainsFunc(n, func(r rune) bool { return r < '0' || r > '9' }) {
			return false
		}
	}
	return true
}

// typeEnd returns the index of the ";" that ends the type of a typed value such as
// "rfc822; bob@example.net" (RFC 3464 §2.1.2), or -1 when v has no type: the type is
// an atom, so the ";" in "550 user unknown; try later" does not count.
func typeEnd(v string) int {
	i := strings.IndexByte(v, ';')
	if i <= 0 {
		return -1
	}
	t := strings.TrimSpace(v[:i])
	if t == "" || strings.ContainsFunc(t, func(r rune) bool {
		return !(r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		return -1
	}
	return i
}

// typePrefix is what goes before v to give it a type: prefix when v has none, else
// nothing.
func typePrefix(v, prefix string) string {
	if typeEnd(v) >= 0 {
		return ""
	}
	return prefix
}

// untyped strips the type from a typed value.
func untyped(v string) string {
	if i := typeEnd(v); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}

// crlf makes every line ending CRLF, as SMTP requires (RFC 5321 §2.3.8); mailbox files
// often store bare LF.
func crlf(b []byte) []byte {
	if isCRLF(b) {
		return b // what a server passes on is written so already
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// isCRLF reports whether every CR in b begins a CRLF and every LF ends one.
func isCRLF(b []byte) bool {
	for i, c := range b {
		switch {
		case c == '\r' && (i+1 == len(b) || b[i+1] != '\n'):
			return false
		case c == '\n' && (i == 0 || b[i-1] != '\r'):
			return false
		}
	}
	return true
}

// ParseDSN reads a delivery status notification: the multipart/report (RFC 6522 §3),
// its message/delivery-status fields (RFC 3464 §2; message/global-delivery-status of
// RFC 6533 too) read with net/textproto one group at a time, and the header of the
// returned message or of text/rfc822-headers. It reads what BuildDSN writes and what
// Postfix sends. Values are kept as written, with their types ("rfc822; bob@..."),
// except ReportingMTA, which is the bare host name. Unreadable dates are left zero.
// On an error the fields read so far are filled in.
func ParseDSN(msg []byte) (ParsedDSN, error) {
	var out ParsedDSN
	h, err := HeaderOf(msg)
	if err != nil {
		return out, fmt.Errorf("header: %w", err)
	}
	mt, params := mediaType(textproto.MIMEHeader(h))
	if mt != "multipart/report" {
		return out, fmt.Errorf("not a delivery status notification: Content-Type is %s, not multipart/report (RFC 6522 §3)", mt)
	}
	if rt := params["report-type"]; rt != "" && !strings.EqualFold(rt, "delivery-status") && !strings.EqualFold(rt, "global-delivery-status") {
		return out, fmt.Errorf("not a delivery status notification: report-type is %s, not delivery-status (RFC 3464 §2)", rt)
	}
	if params["boundary"] == "" {
		return out, errors.New("multipart/report without boundary parameter (RFC 2046 §5.1.1)")
	}
	r := multipart.NewReader(bytes.NewReader(BodyOf(msg)), params["boundary"])
	found := false
	for i := 1; ; i++ {
		p, err := r.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, fmt.Errorf("part %d: %w", i, err)
		}
		raw, err := io.ReadAll(p)
		if err != nil {
			return out, fmt.Errorf("part %d: %w", i, err)
		}
		pmt, _ := mediaType(p.Header)
		data, err := decode(strings.ToLower(strings.TrimSpace(p.Header.Get("Content-Transfer-Encoding"))), raw)
		if err != nil {
			return out, fmt.Errorf("part %d (%s): %w", i, pmt, err)
		}
		switch pmt {
		case "message/delivery-status", "message/global-delivery-status":
			if found {
				continue // RFC 6522 §3: one report per notification; read the first
			}
			found = true
			if err := parseStatusFields(data, &out); err != nil {
				return out, fmt.Errorf("part %d (%s): %w", i, pmt, err)
			}
		case "message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers":
			oh, err := HeaderOf(data)
			if err != nil {
				return out, fmt.Errorf("part %d (%s): header: %w", i, pmt, err)
			}
			out.OriginalHeader = oh
			out.HeadersOnly = strings.HasSuffix(pmt, "-headers")
		}
	}
	if !found {
		return out, errors.New("no message/delivery-status part (RFC 3464 §2)")
	}
	return out, nil
}

// parseStatusFields reads the groups of a message/delivery-status body: per-message
// fields first, then one group per recipient (RFC 3464 §2.1).
func parseStatusFields(data []byte, out *ParsedDSN) error {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(data)))
	var groups []textproto.MIMEHeader
	for {
		g, err := tp.ReadMIMEHeader()
		if len(g) > 0 {
			groups = append(groups, g)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if len(groups) == 0 {
		return errors.New("no fields (RFC 3464 §2.1)")
	}
	// Some gateways leave out the per-message group; a group with Final-Recipient is
	// a recipient's.
	if groups[0].Get("Final-Recipient") == "" {
		msgFields := groups[0]
		groups = groups[1:]
		out.ReportingMTA = untyped(msgFields.Get("Reporting-MTA"))
		out.EnvelopeID = msgFields.Get("Original-Envelope-Id")
		out.ArrivalDate = parseDate(msgFields.Get("Arrival-Date"))
	}
	if len(groups) == 0 {
		return errors.New("no per-recipient fields (RFC 3464 §2.3)")
	}
	for i, g := range groups {
		r := DSNRecipient{
			Final:          g.Get("Final-Recipient"),
			Original:       g.Get("Original-Recipient"),
			Action:         strings.ToLower(g.Get("Action")),
			RemoteMTA:      g.Get("Remote-MTA"),
			Diagnostic:     g.Get("Diagnostic-Code"),
			LastAttempt:    parseDate(g.Get("Last-Attempt-Date")),
			WillRetryUntil: parseDate(g.Get("Will-Retry-Until")),
		}
		// The status code may be followed by a comment: "5.1.1 (bad mailbox)".
		if f := strings.Fields(g.Get("Status")); len(f) > 0 {
			r.Status = f[0]
		}
		switch {
		case r.Final == "":
			return fmt.Errorf("recipient %d: no Final-Recipient (RFC 3464 §2.3.2)", i+1)
		case r.Action == "":
			return fmt.Errorf("recipient %d: no Action (RFC 3464 §2.3.3)", i+1)
		case r.Status == "":
			return fmt.Errorf("recipient %d: no Status (RFC 3464 §2.3.4)", i+1)
		}
		out.Recipients = append(out.Recipients, r)
	}
	return nil
}

// parseDate reads an RFC 5322 date-time; "" or an unreadable date gives zero.
func parseDate(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := netmail.ParseDate(s)
	if err != nil {
		return time.Time{}
	}
	return t
}
