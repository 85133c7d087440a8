package mail_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mail"
)

// original is the message the DSNs below report on.
func original(t *testing.T) []byte {
	t.Helper()
	d := base()
	d.To = []string{"bob@example.net", "carol@example.net"}
	d.Subject = "Grüße aus Köln"
	msg, err := mail.Compose(d)
	require.NoError(t, err)
	return msg
}

// bounce is a DSN for one failed recipient; tests change what they look at.
func bounce(t *testing.T) mail.DSN {
	return mail.DSN{
		ReportingMTA: "mail.example.org",
		To:           "alice@example.org",
		Date:         when.Add(2 * time.Second),
		MessageID:    "20261125093002.7C1A@mail.example.org",
		ArrivalDate:  when,
		Recipients: []mail.DSNRecipient{{
			Final:       "rfc822;bob@example.net",
			Original:    "rfc822;bob@example.net",
			Action:      "failed",
			Status:      "5.1.1",
			RemoteMTA:   "dns;mx.example.net",
			Diagnostic:  "smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in local recipient table",
			LastAttempt: when.Add(time.Second),
		}},
		Original: original(t),
	}
}

// assertSameRecipients compares recipients, times by instant: ParseDate gives its
// own time.Location.
func assertSameRecipients(t *testing.T, want, got []mail.DSNRecipient) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		assert.True(t, w.LastAttempt.Equal(g.LastAttempt), "LastAttempt %v, got %v", w.LastAttempt, g.LastAttempt)
		assert.True(t, w.WillRetryUntil.Equal(g.WillRetryUntil), "WillRetryUntil %v, got %v", w.WillRetryUntil, g.WillRetryUntil)
		w.LastAttempt, g.LastAttempt, w.WillRetryUntil, g.WillRetryUntil = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		assert.Equal(t, w, g)
	}
}

func TestDSNRoundTrip(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	tests := []struct {
		name        string
		edit        func(*mail.DSN)
		subject     string
		origPart    string // media type of the third part; "" for none
		description string
	}{
		{"failed 5.1.1", func(d *mail.DSN) {}, "Undelivered Mail Returned to Sender", "message/rfc822", "Undelivered Message"},
		{"delayed 4.4.1", func(d *mail.DSN) {
			d.Recipients = []mail.DSNRecipient{{
				Final: "rfc822;bob@example.net", Action: "delayed", Status: "4.4.1",
				Diagnostic:     "X-Postfix; connect to mx.example.net[192.0.2.25]:25: Connection timed out",
				LastAttempt:    when.Add(4 * time.Hour).In(cet),
				WillRetryUntil: when.Add(5 * 24 * time.Hour).In(cet),
			}}
			d.EnvelopeID = "QQ314159"
		}, "Delayed Mail (still being retried)", "message/rfc822", "Delayed Message"},
		{"headers only (RET=HDRS)", func(d *mail.DSN) { d.HeadersOnly = true },
			"Undelivered Mail Returned to Sender", "text/rfc822-headers", "Undelivered Message Headers"},
		{"delivered, NOTIFY=SUCCESS", func(d *mail.DSN) {
			d.Recipients = []mail.DSNRecipient{{Final: "rfc822;bob@example.net", Action: "delivered", Status: "2.0.0",
				RemoteMTA: "dns;mx.example.net", Diagnostic: "smtp; 250 2.0.0 Ok: queued as 9B3C"}}
			d.HeadersOnly = true
		}, "Successful Mail Delivery Report", "text/rfc822-headers", "Delivered Message Headers"},
		{"two recipients, failed wins the subject", func(d *mail.DSN) {
			d.Recipients = append(d.Recipients, mail.DSNRecipient{Final: "rfc822;carol@example.net", Action: "delayed", Status: "4.2.2",
				Diagnostic: "smtp; 452 4.2.2 <carol@example.net>: Mailbox full", WillRetryUntil: when.Add(120 * time.Hour)})
		}, "Undelivered Mail Returned to Sender", "message/rfc822", "Undelivered Message"},
		{"without the original", func(d *mail.DSN) { d.Original = nil }, "Undelivered Mail Returned to Sender", "", ""},
		{"8-bit original", func(d *mail.DSN) {
			d.Original = []byte("Subject: 8bit\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n")
		}, "Undelivered Mail Returned to Sender", "message/rfc822", "Undelivered Message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := bounce(t)
			tt.edit(&d)
			msg, err := mail.BuildDSN(d)
			require.NoError(t, err)
			assertWellFormed(t, msg)

			again, err := mail.BuildDSN(d)
			require.NoError(t, err)
			assert.Equal(t, msg, again, "deterministic")
			below, err := mail.BuildDSNBelow(d, mail.ReturnPath(""))
			require.NoError(t, err)
			assert.Equal(t, string(mail.Prepend(msg, mail.ReturnPath(""))), string(below), "the same below a field on top")

			h, err := mail.HeaderOf(msg)
			require.NoError(t, err)
			assert.Equal(t, tt.subject, h.Get("Subject"))
			assert.Equal(t, `"Mail Delivery System" <MAILER-DAEMON@mail.example.org>`, h.Get("From"))
			assert.Equal(t, "alice@example.org", h.Get("To"))
			assert.Equal(t, "auto-replied", h.Get("Auto-Submitted"))
			assert.Equal(t, "<20261125093002.7C1A@mail.example.org>", h.Get("Message-ID"))
			assert.Equal(t, "Wed, 25 Nov 2026 09:30:02 +0000", h.Get("Date"))

			// The report as mime/multipart sees it (RFC 6522 §3).
			mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
			require.NoError(t, err)
			assert.Equal(t, "multipart/report", mt)
			assert.Equal(t, "delivery-status", params["report-type"])
			r := multipart.NewReader(bytes.NewReader(mail.BodyOf(msg)), params["boundary"])
			var types []string
			var texts []string
			for {
				p, err := r.NextPart()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				b, err := io.ReadAll(p)
				require.NoError(t, err)
				pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				types = append(types, pt)
				texts = append(texts, string(b))
				if pt == tt.origPart {
					assert.Equal(t, tt.description, p.Header.Get("Content-Description"))
				}
			}
			want := []string{"text/plain", "message/delivery-status"}
			if tt.origPart != "" {
				want = append(want, tt.origPart)
			}
			require.Equal(t, want, types)
			for _, rcpt := range d.Recipients {
				assert.Contains(t, texts[0], "<"+rcpt.Addr()+">: ", "the notification names every recipient")
				if rcpt.Diagnostic != "" {
					diag := rcpt.Diagnostic[strings.Index(rcpt.Diagnostic, ";")+2:]
					assert.Contains(t, texts[0], diag, "and quotes its diagnostic")
				}
			}
			assert.True(t, strings.HasPrefix(texts[1], "Reporting-MTA: dns; mail.example.org\r\n"), texts[1])
			switch tt.origPart {
			case "message/rfc822":
				assert.Equal(t, string(d.Original), texts[2], "the original comes back unchanged")
			case "text/rfc822-headers":
				hdr := string(d.Original[:bytes.Index(d.Original, []byte("\r\n\r\n"))+2])
				assert.Equal(t, hdr, texts[2], "only the header comes back")
			}

			got, err := mail.ParseDSN(msg)
			require.NoError(t, err)
			assert.Equal(t, "mail.example.org", got.ReportingMTA)
			assert.Equal(t, d.EnvelopeID, got.EnvelopeID)
			assert.True(t, d.ArrivalDate.Equal(got.ArrivalDate))
			assertSameRecipients(t, d.Recipients, got.Recipients)
			assert.Equal(t, d.HeadersOnly, got.HeadersOnly)
			if tt.origPart == "" {
				assert.Nil(t, got.OriginalHeader)
			} else {
				oh, err := mail.HeaderOf(d.Original)
				require.NoError(t, err)
				assert.Equal(t, oh.Get("Subject"), got.OriginalHeader.Get("Subject"))
			}
		})
	}
}

func TestDSNStatusFields(t *testing.T) {
	d := bounce(t)
	d.EnvelopeID = "QQ314159"
	d.Recipients[0].LastAttempt = time.Time{}
	d.Recipients = append(d.Recipients, mail.DSNRecipient{Final: "carol@example.net", Action: "Delayed", Status: "4.4.1",
		RemoteMTA: "mx.example.net", Diagnostic: "421 4.4.1 try again", WillRetryUntil: when.Add(120 * time.Hour)})
	msg, err := mail.BuildDSN(d)
	require.NoError(t, err)
	parts, err := mail.Parts(msg)
	require.NoError(t, err)
	require.Len(t, parts, 3)
	assert.Equal(t, "Reporting-MTA: dns; mail.example.org\r\n"+
		"Original-Envelope-Id: QQ314159\r\n"+
		"Arrival-Date: Wed, 25 Nov 2026 09:30:00 +0000\r\n"+
		"\r\n"+
		"Final-Recipient: rfc822;bob@example.net\r\n"+
		"Original-Recipient: rfc822;bob@example.net\r\n"+
		"Action: failed\r\n"+
		"Status: 5.1.1\r\n"+
		"Remote-MTA: dns;mx.example.net\r\n"+
		"Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: Recipient address\r\n"+
		" rejected: User unknown in local recipient table\r\n"+
		"\r\n"+
		"Final-Recipient: rfc822;carol@example.net\r\n"+
		"Action: delayed\r\n"+
		"Status: 4.4.1\r\n"+
		"Remote-MTA: dns;mx.example.net\r\n"+
		"Diagnostic-Code: smtp; 421 4.4.1 try again\r\n"+
		"Will-Retry-Until: Mon, 30 Nov 2026 09:30:00 +0000\r\n", string(parts[1].Data))
	assert.Equal(t, "carol@example.net", d.Recipients[1].Addr())
}

func TestBuildDSNErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*mail.DSN)
		want string
	}{
		{"bounce of a bounce", func(d *mail.DSN) { d.To = "" },
			`To: null sender: a message from <> gets no notification, so that bounces cannot loop (RFC 5321 §4.5.5)`},
		{"no reporting MTA", func(d *mail.DSN) { d.ReportingMTA = "" }, `ReportingMTA: needs a host name (RFC 3464 §2.2.2)`},
		{"no recipients", func(d *mail.DSN) { d.Recipients = nil },
			`Recipients: none: a notification reports on at least one recipient (RFC 3464 §2.3)`},
		{"bad action", func(d *mail.DSN) { d.Recipients[0].Action = "bounced" },
			`Recipients[0].Action: "bounced": must be failed, delayed, delivered, relayed or expanded (RFC 3464 §2.3.3)`},
		{"short status", func(d *mail.DSN) { d.Recipients[0].Status = "5.1" },
			`Recipients[0].Status: "5.1": needs the form class.subject.detail with class 2, 4 or 5, such as 5.1.1 (RFC 3463 §2)`},
		{"reply code for status", func(d *mail.DSN) { d.Recipients[0].Status = "550" },
			`Recipients[0].Status: "550": needs the form class.subject.detail with class 2, 4 or 5, such as 5.1.1 (RFC 3463 §2)`},
		{"retry time on a failure", func(d *mail.DSN) { d.Recipients[0].WillRetryUntil = when },
			`Recipients[0].WillRetryUntil: only a delayed recipient has one (RFC 3464 §2.3.9)`},
		{"line break in diagnostic", func(d *mail.DSN) { d.Recipients[0].Diagnostic = "smtp; 550 a\r\nAction: delivered" },
			`Recipients[0].Diagnostic: "smtp; 550 a\r\nAction: delivered": contains a line break, which would start a new header field`},
		{"non-ASCII diagnostic", func(d *mail.DSN) { d.Recipients[0].Diagnostic = "smtp; 550 Empfänger unbekannt" },
			`Recipients[0].Diagnostic: "smtp; 550 Empfänger unbekannt": must be printable ASCII: delivery-status fields are 7bit (RFC 3464 §2.1)`},
		{"no final recipient", func(d *mail.DSN) { d.Recipients[0].Final = "rfc822;" }, `Recipients[0].Final: "rfc822;": missing (RFC 3464 §2.3.2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := bounce(t)
			tt.edit(&d)
			_, err := mail.BuildDSN(d)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestParseDSNPostfix(t *testing.T) {
	crlf, err := os.ReadFile("testdata/postfix-bounce.eml")
	require.NoError(t, err)
	lf := bytes.ReplaceAll(crlf, []byte("\r\n"), []byte("\n"))
	for name, msg := range map[string][]byte{"as sent (CRLF)": crlf, "as stored in a mailbox file (LF)": lf} {
		t.Run(name, func(t *testing.T) {
			got, err := mail.ParseDSN(msg)
			require.NoError(t, err)
			assert.Equal(t, "mail.example.org", got.ReportingMTA)
			assert.Empty(t, got.EnvelopeID)
			assert.True(t, when.Equal(got.ArrivalDate), "%v", got.ArrivalDate)
			assertSameRecipients(t, []mail.DSNRecipient{
				{Final: "rfc822; bob@example.net", Original: "rfc822;bob@example.net", Action: "failed", Status: "5.1.1",
					RemoteMTA:  "dns; mx.example.net",
					Diagnostic: "smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in local recipient table"},
				{Final: "rfc822; carol@example.net", Original: "rfc822;carol@example.net", Action: "failed", Status: "5.2.2",
					RemoteMTA: "dns; mx.example.net", Diagnostic: "smtp; 552 5.2.2 <carol@example.net>: Mailbox full"},
			}, got.Recipients)
			assert.Equal(t, "bob@example.net", got.Recipients[0].Addr())
			assert.False(t, got.HeadersOnly)
			assert.Equal(t, "Lunch on Friday?", got.OriginalHeader.Get("Subject"))
			assert.Equal(t, "<c0ffee42-7d1e-4b7a-9e3a-1f2d3c4b5a69@example.org>", got.OriginalHeader.Get("Message-ID"))

			parts, err := mail.Parts(msg)
			require.NoError(t, err)
			require.Len(t, parts, 3)
			assert.Equal(t, []string{"text/plain", "message/delivery-status", "message/rfc822"},
				[]string{parts[0].ContentType, parts[1].ContentType, parts[2].ContentType})
		})
	}
}

func TestParseDSNErrors(t *testing.T) {
	report := func(reportType, parts string) string {
		return "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=" + reportType + "; boundary=b\r\n\r\n" + parts + "--b--\r\n"
	}
	tests := []struct{ name, msg, want string }{
		{"ordinary mail", "Subject: hi\r\n\r\nhello\r\n",
			"not a delivery status notification: Content-Type is text/plain, not multipart/report (RFC 6522 §3)"},
		{"read receipt", report("disposition-notification", ""),
			"not a delivery status notification: report-type is disposition-notification, not delivery-status (RFC 3464 §2)"},
		{"no status part", report("delivery-status", "--b\r\nContent-Type: text/plain\r\n\r\nsorry\r\n"),
			"no message/delivery-status part (RFC 3464 §2)"},
		{"no recipient group", report("delivery-status", "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n"),
			"part 1 (message/delivery-status): no per-recipient fields (RFC 3464 §2.3)"},
		{"recipient without status", report("delivery-status",
			"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; a@b\r\nAction: failed\r\n"),
			"part 1 (message/delivery-status): recipient 1: no Status (RFC 3464 §2.3.4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mail.ParseDSN([]byte(tt.msg))
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestParseDSNWithoutPerMessageGroup(t *testing.T) {
	msg := "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\n\r\n" +
		"Final-Recipient: rfc822; a@example.net\r\nAction: Failed\r\nStatus: 5.0.0 (unknown)\r\n" +
		"--b--\r\n"
	got, err := mail.ParseDSN([]byte(msg))
	require.NoError(t, err)
	assert.Empty(t, got.ReportingMTA)
	assertSameRecipients(t, []mail.DSNRecipient{{Final: "rfc822; a@example.net", Action: "failed", Status: "5.0.0"}}, got.Recipients)
}

// Header writers done with serve the next header (headerWriter.done): a message and a
// DSN written after others, a giant header among them, are the bytes they are when
// written first.
func TestHeaderWritersServeAgain(t *testing.T) {
	d := bounce(t)
	draft := base()
	firstDSN, err := mail.BuildDSN(d)
	require.NoError(t, err)
	firstMsg, err := mail.Compose(draft)
	require.NoError(t, err)
	giant := draft
	giant.Subject = strings.Repeat("word ", 30_000)
	for range 3 {
		_, err := mail.Compose(giant)
		require.NoError(t, err)
		dsn, err := mail.BuildDSN(d)
		require.NoError(t, err)
		assert.Equal(t, string(firstDSN), string(dsn))
		msg, err := mail.Compose(draft)
		require.NoError(t, err)
		assert.Equal(t, string(firstMsg), string(msg))
	}
}
