package mail_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mail"
)

// nested is a message as Thunderbird sends it: text and HTML alternatives, an inline
// image named the pre-RFC 2183 way, a forwarded message, and an attachment whose name
// is RFC 2047-encoded as Outlook writes it.
const nested = "From: alice@example.org\r\n" +
	"To: bob@example.net\r\n" +
	"Subject: nested\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"outer\"\r\n" +
	"\r\n" +
	"preamble\r\n" +
	"--outer\r\n" +
	"Content-Type: multipart/alternative; boundary=\"inner\"\r\n" +
	"\r\n" +
	"--inner\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Gr=C3=BC=C3=9Fe, a soft=\r\n" +
	" break\r\n" +
	"--inner\r\n" +
	"Content-Type: text/html; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"PHA+R3LDvMOfZTwvcD4=\r\n" +
	"--inner--\r\n" +
	"--outer\r\n" +
	"Content-Type: image/gif; name=\"dot.gif\"\r\n" +
	"Content-Transfer-Encoding: BASE64\r\n" +
	"\r\n" +
	"R0lGODlhAQABAAAAACw=\r\n" +
	"--outer\r\n" +
	"Content-Type: message/rfc822\r\n" +
	"\r\n" +
	"Subject: inner\r\n" +
	"\r\n" +
	"forwarded\r\n" +
	"--outer\r\n" +
	"Content-Type: application/pdf\r\n" +
	"Content-Disposition: attachment; filename=\"=?utf-8?q?Rechnung_M=C3=A4rz.pdf?=\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"JVBE Ri0x\r\n" + // a stray space, to be ignored (RFC 2045 §6.8)
	"LjM=\r\n" +
	"--outer--\r\n" +
	"epilogue\r\n"

func TestParts(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		want []mail.Part
		err  string
	}{
		{"no MIME at all", "Subject: hi\r\n\r\nHello\r\n", []mail.Part{
			{ContentType: "text/plain", Encoding: "7bit", Size: 7, Data: []byte("Hello\r\n")},
		}, ""},
		{"nested", nested, []mail.Part{
			{ContentType: "text/plain", Encoding: "quoted-printable", Size: 21, Data: []byte("Grüße, a soft break")},
			{ContentType: "text/html", Encoding: "base64", Size: 14, Data: []byte("<p>Grüße</p>")},
			{ContentType: "image/gif", Filename: "dot.gif", Encoding: "base64", Size: 14, Data: []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00,")},
			{ContentType: "message/rfc822", Encoding: "7bit", Size: 27, Data: []byte("Subject: inner\r\n\r\nforwarded")},
			{ContentType: "application/pdf", Filename: "Rechnung März.pdf", Encoding: "base64", Size: 8, Data: []byte("%PDF-1.3")},
		}, ""},
		{"multipart without boundary",
			"Content-Type: multipart/mixed\r\n\r\nx\r\n", nil,
			"body (multipart/mixed): multipart/mixed without boundary parameter (RFC 2046 §5.1.1)"},
		{"bad base64 keeps the parts before it",
			"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nfirst\r\n--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBOR=w0\r\n--b--\r\n",
			[]mail.Part{
				{ContentType: "text/plain", Encoding: "7bit", Size: 5, Data: []byte("first")},
				{ContentType: "image/png", Encoding: "base64", Size: 3, Data: []byte("\x89PN")},
			}, "part 2 (image/png): base64: illegal base64 data at input byte 5"},
		{"unterminated multipart",
			"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nfirst\r\n", nil,
			"part 1: unexpected EOF"},
		{"bad header", " starts with a space\r\n\r\n", nil, "header: malformed initial line:  starts with a space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := mail.Parts([]byte(tt.msg))
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, parts)
		})
	}
}

func TestPartsOfComposedMessages(t *testing.T) {
	d := base()
	d.Body = "Grüße\n"
	d.Attachments = []mail.Attachment{{Name: "a.png", ContentType: "image/png", Data: fileData("\x89PNG", 200)}}
	msg, err := mail.Compose(d)
	require.NoError(t, err)
	// Mailbox files store bare LF; mime/multipart reads them too.
	lf := []byte(strings.ReplaceAll(string(msg), "\r\n", "\n"))
	for _, m := range [][]byte{msg, lf} {
		parts, err := mail.Parts(m)
		require.NoError(t, err)
		require.Len(t, parts, 2)
		assert.Equal(t, "quoted-printable", parts[0].Encoding)
		assert.Equal(t, d.Attachments[0].Data, parts[1].Data)
	}
}

// FuzzParts feeds arbitrary bytes to the readers a mailbox inspector runs on mail it
// did not write: none may panic, and what they return must hold together.
func FuzzParts(f *testing.F) {
	f.Add([]byte(nested))
	f.Add([]byte("Subject: hi\r\n\r\nHello\r\n"))
	if b, err := os.ReadFile("testdata/postfix-bounce.eml"); err == nil {
		f.Add(b)
	}
	d := base()
	d.Attachments = []mail.Attachment{{Name: "a.png", ContentType: "image/png", Data: fileData("\x89PNG", 100)}}
	if msg, err := mail.Compose(d); err == nil {
		f.Add(msg)
	}
	date := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, msg []byte) {
		parts, _ := mail.Parts(msg)
		for _, p := range parts {
			if p.Size != len(p.Data) {
				t.Fatalf("part %q: Size %d, len(Data) %d", p.ContentType, p.Size, len(p.Data))
			}
		}
		dsn, err := mail.ParseDSN(msg)
		if err == nil && len(dsn.Recipients) == 0 {
			t.Fatal("ParseDSN succeeded without recipients")
		}
		_ = mail.BodyOf(msg)
		out, _ := mail.AddMissing(msg, date, "id", "host")
		if again, added := mail.AddMissing(out, date, "id", "host"); len(added) != 0 || string(again) != string(out) {
			t.Fatalf("AddMissing added %v the second time", added)
		}
	})
}
