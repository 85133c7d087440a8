package mail_test

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"net/textproto"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mail"
)

var when = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

// base is a draft that Validate accepts; tests change what they look at.
func base() mail.Draft {
	return mail.Draft{
		From:      "Alice Example <alice@example.org>",
		To:        []string{"Bob <bob@example.net>"},
		Subject:   "Lunch",
		Body:      "Hi Bob,\nnoon?\n",
		Date:      when,
		MessageID: "20261125093000.1@example.org",
	}
}

// assertWellFormed checks the line rules of RFC 5322 §2.1.1 and §2.3: every line ends
// in CRLF (no bare CR or LF anywhere) and holds at most 998 octets.
func assertWellFormed(t *testing.T, msg []byte) {
	t.Helper()
	require.True(t, bytes.HasSuffix(msg, []byte("\r\n")), "message must end in CRLF")
	for i, line := range bytes.Split(msg[:len(msg)-2], []byte("\r\n")) {
		assert.NotContains(t, string(line), "\n", "bare LF in line %d", i+1)
		assert.NotContains(t, string(line), "\r", "bare CR in line %d", i+1)
		assert.LessOrEqual(t, len(line), 998, "line %d too long", i+1)
	}
}

func TestComposeHeaders(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*mail.Draft)
		want    map[string]string // field → raw value
		absent  []string
		noBytes []string // must not occur anywhere in the message
	}{
		{
			name: "all fields",
			edit: func(d *mail.Draft) {
				d.Cc = []string{"carol@example.net"}
				d.Bcc = []string{"Dave Secret <dave@example.com>"}
				d.Headers = [][2]string{{"X-Mailer", "smtpsim"}, {"Reply-To", "alice@example.org"}}
			},
			want: map[string]string{
				"From": `"Alice Example" <alice@example.org>`, "To": `"Bob" <bob@example.net>`, "Cc": "carol@example.net",
				"Subject": "Lunch", "Date": "Wed, 25 Nov 2026 09:30:00 +0000", "Message-ID": "<20261125093000.1@example.org>",
				"X-Mailer": "smtpsim", "Reply-To": "alice@example.org", "MIME-Version": "1.0",
				"Content-Type": "text/plain; charset=utf-8", "Content-Transfer-Encoding": "7bit",
			},
			absent:  []string{"Bcc"},
			noBytes: []string{"dave@example.com", "Dave Secret", "bcc:"},
		},
		{
			name: "only Bcc recipients",
			edit: func(d *mail.Draft) {
				d.To = nil
				d.Bcc = []string{"dave@example.com", "erin@example.com"}
			},
			want:    map[string]string{"To": "undisclosed-recipients:;"},
			absent:  []string{"Cc", "Bcc"},
			noBytes: []string{"dave@", "erin@", "bcc:"},
		},
		{
			name:   "only Cc",
			edit:   func(d *mail.Draft) { d.To, d.Cc = nil, []string{"carol@example.net"} },
			want:   map[string]string{"Cc": "carol@example.net"},
			absent: []string{"To", "Bcc"},
		},
		{
			name:   "MSA adds Date and Message-ID",
			edit:   func(d *mail.Draft) { d.Date, d.MessageID = time.Time{}, "" },
			want:   map[string]string{"From": `"Alice Example" <alice@example.org>`},
			absent: []string{"Date", "Message-ID"},
		},
		{
			name:   "no subject",
			edit:   func(d *mail.Draft) { d.Subject = "" },
			absent: []string{"Subject"},
		},
		{
			name: "several To, bare and named, time zone kept",
			edit: func(d *mail.Draft) {
				d.To = []string{"bob@example.net", "Carol Jones <carol@example.net>", `"Doe, John" <john@example.net>`}
				d.Date = time.Date(2026, 11, 25, 10, 30, 0, 0, time.FixedZone("CET", 3600))
			},
			want: map[string]string{
				"To":   `bob@example.net, "Carol Jones" <carol@example.net>, "Doe, John" <john@example.net>`,
				"Date": "Wed, 25 Nov 2026 10:30:00 +0100",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base()
			tt.edit(&d)
			msg, err := mail.Compose(d)
			require.NoError(t, err)
			assertWellFormed(t, msg)
			h, err := mail.HeaderOf(msg)
			require.NoError(t, err)
			for k, v := range tt.want {
				assert.Equal(t, v, h.Get(k), k)
			}
			for _, k := range tt.absent {
				assert.NotContains(t, h, textproto.CanonicalMIMEHeaderKey(k))
			}
			for _, s := range tt.noBytes {
				assert.NotContains(t, strings.ToLower(string(msg)), strings.ToLower(s))
			}
			// Every header address list parses back with net/mail.
			for _, k := range []string{"From", "To", "Cc"} {
				if h.Get(k) != "" {
					_, err := h.AddressList(k)
					assert.NoError(t, err, k)
				}
			}
		})
	}
}

func TestComposeAddressFieldsInHeaders(t *testing.T) {
	d := base()
	d.Headers = [][2]string{{"Reply-To", "Jörg Müller <joerg@example.de>, team@example.de"}, {"X-Note", "Grüße"}}
	msg, err := mail.Compose(d)
	require.NoError(t, err)
	h, err := mail.HeaderOf(msg)
	require.NoError(t, err)
	assert.Equal(t, "=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>, team@example.de", h.Get("Reply-To"))
	list, err := h.AddressList("Reply-To")
	require.NoError(t, err)
	assert.Equal(t, "Jörg Müller", list[0].Name)
	assert.Equal(t, "=?utf-8?q?Gr=C3=BC=C3=9Fe?=", h.Get("X-Note"))
}

func TestComposeFieldOrder(t *testing.T) {
	d := base()
	d.Cc = []string{"carol@example.net"}
	d.Headers = [][2]string{{"X-Mailer", "smtpsim"}}
	msg, err := mail.Compose(d)
	require.NoError(t, err)
	want := "From: \"Alice Example\" <alice@example.org>\r\n" +
		"To: \"Bob\" <bob@example.net>\r\n" +
		"Cc: carol@example.net\r\n" +
		"Subject: Lunch\r\n" +
		"Date: Wed, 25 Nov 2026 09:30:00 +0000\r\n" +
		"Message-ID: <20261125093000.1@example.org>\r\n" +
		"X-Mailer: smtpsim\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: 7bit\r\n" +
		"\r\n" +
		"Hi Bob,\r\nnoon?\r\n"
	assert.Equal(t, want, string(msg))
}

func TestComposeSubjectEncoding(t *testing.T) {
	tests := []struct {
		name, subject string
		encoded       bool
	}{
		{"ASCII stays as it is", "Lunch on Friday?", false},
		{"German", "Grüße aus Köln", true},
		{"Japanese", "会議の議題について", true},
		{"emoji", "Post ist da 📬", true},
		{"long, needs several encoded-words and folding", strings.Repeat("Überweisung für die Äpfel und Birnen ", 8), true},
		{"long ASCII is folded at spaces", strings.Repeat("word ", 60) + "end", false},
		{"looks like an encoded-word but is plain", "price =? 5", false},
	}
	dec := new(mime.WordDecoder)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base()
			d.Subject = tt.subject
			msg, err := mail.Compose(d)
			require.NoError(t, err)
			assertWellFormed(t, msg)
			raw := rawField(msg, "Subject")
			for _, r := range raw {
				assert.Less(t, r, rune(0x80), "header must be ASCII: %q", raw)
			}
			for _, line := range strings.Split(raw, "\r\n") {
				limit := 78 // RFC 5322 §2.1.1, where there are spaces to fold at
				if strings.Contains(line, "=?") {
					limit = 76 // RFC 2047 §2
				}
				assert.LessOrEqual(t, len(line), limit, "%q", line)
			}
			h, err := mail.HeaderOf(msg)
			require.NoError(t, err)
			assert.Equal(t, tt.encoded, strings.Contains(h.Get("Subject"), "=?utf-8?q?"))
			got, err := dec.DecodeHeader(h.Get("Subject"))
			require.NoError(t, err)
			assert.Equal(t, tt.subject, got)
		})
	}
}

// rawField returns the field name: value as it stands in msg, folds included.
func rawField(msg []byte, name string) string {
	s := string(msg)
	i := strings.Index(s, "\r\n"+name+": ")
	if i < 0 {
		if !strings.HasPrefix(s, name+": ") {
			return ""
		}
		i = -2
	}
	s = s[i+2:]
	end := 0
	for {
		j := strings.Index(s[end:], "\r\n")
		end += j
		if end+2 >= len(s) || (s[end+2] != ' ' && s[end+2] != '\t') {
			return s[:end]
		}
		end += 2
	}
}

func TestComposeBody(t *testing.T) {
	tests := []struct {
		name, body, want, cte string
	}{
		{"plain ASCII", "Hi Bob,\nnoon?\n", "Hi Bob,\r\nnoon?\r\n", "7bit"},
		{"last line without newline gets one", "Hi Bob", "Hi Bob\r\n", "7bit"},
		{"CRLF and CR kept as line ends", "a\r\nb\rc\n", "a\r\nb\r\nc\r\n", "7bit"},
		{"leading dots are left to SMTP", ".hidden\n..two\n.\nend\n", ".hidden\r\n..two\r\n.\r\nend\r\n", "7bit"},
		{"trailing spaces kept", "space   \nend\n", "space   \r\nend\r\n", "7bit"},
		{"line of 998 octets", strings.Repeat("x", 998) + "\n", strings.Repeat("x", 998) + "\r\n", "7bit"},
		{"line of 999 octets", strings.Repeat("x", 999) + "\n", strings.Repeat("x", 999) + "\r\n", "quoted-printable"},
		{"very long line", strings.Repeat("abcdefghij", 500), strings.Repeat("abcdefghij", 500) + "\r\n", "quoted-printable"},
		{"non-ASCII", "Grüße, Jörg\n", "Grüße, Jörg\r\n", "quoted-printable"},
		{"non-ASCII with a dot line", "Grüße\n.\n.x\n", "Grüße\r\n.\r\n.x\r\n", "quoted-printable"},
		{"control character", "bell\a\n", "bell\a\r\n", "quoted-printable"},
		{"empty", "", "", "7bit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base()
			d.Body = tt.body
			msg, err := mail.Compose(d)
			require.NoError(t, err)
			assertWellFormed(t, msg)
			h, err := mail.HeaderOf(msg)
			require.NoError(t, err)
			assert.Equal(t, tt.cte, h.Get("Content-Transfer-Encoding"))
			parts, err := mail.Parts(msg)
			require.NoError(t, err)
			require.Len(t, parts, 1)
			assert.Equal(t, "text/plain", parts[0].ContentType)
			assert.Equal(t, tt.cte, parts[0].Encoding)
			assert.Equal(t, tt.want, string(parts[0].Data))
			assert.Equal(t, len(tt.want), parts[0].Size)
			if tt.cte == "7bit" {
				assert.Equal(t, tt.want, string(mail.BodyOf(msg)), "7bit bodies go out as written")
			}
		})
	}
}

// fileData makes deterministic test content: a real file signature, then every byte
// value, repeated up to n bytes.
func fileData(magic string, n int) []byte {
	b := []byte(magic)
	for i := 0; len(b) < n; i++ {
		b = append(b, byte(i*7+i/256))
	}
	return b[:n]
}

func TestComposeAttachments(t *testing.T) {
	atts := []mail.Attachment{
		{Name: "cat.png", ContentType: "image/png", Data: fileData("\x89PNG\r\n\x1a\n", 5000)},
		{Name: "purr.ogg", ContentType: "audio/ogg", Data: fileData("OggS\x00\x02", 57)}, // exactly one base64 line
		{Name: "Grüße vom Strand.mp4", ContentType: "video/mp4", Data: fileData("\x00\x00\x00\x18ftypmp42", 100_000)},
		{Name: "empty.bin", Data: nil},
		{Name: "", ContentType: "Image/PNG", Data: []byte("x")},
	}
	d := base()
	d.Body = "Pictures, sound and a film.\n.dot line\n"
	d.Attachments = atts
	msg, err := mail.Compose(d)
	require.NoError(t, err)
	assertWellFormed(t, msg)

	h, err := mail.HeaderOf(msg)
	require.NoError(t, err)
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	require.NoError(t, err)
	assert.Equal(t, "multipart/mixed", mt)

	// The structure as mime/multipart reads it: text first, then base64 attachments
	// in 76-character lines with Content-Disposition: attachment.
	r := multipart.NewReader(bytes.NewReader(mail.BodyOf(msg)), params["boundary"])
	for i := 0; ; i++ {
		p, err := r.NextRawPart()
		if err == io.EOF {
			assert.Equal(t, len(atts)+1, i)
			break
		}
		require.NoError(t, err)
		raw, err := io.ReadAll(p)
		require.NoError(t, err)
		if i == 0 {
			assert.Equal(t, "text/plain; charset=utf-8", p.Header.Get("Content-Type"))
			assert.Equal(t, "Pictures, sound and a film.\r\n.dot line\r\n", string(raw))
			continue
		}
		assert.Equal(t, "base64", p.Header.Get("Content-Transfer-Encoding"))
		disp, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		require.NoError(t, err)
		assert.Equal(t, "attachment", disp)
		assert.Equal(t, atts[i-1].Name, dp["filename"])
		for _, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
			assert.LessOrEqual(t, len(line), 76)
		}
	}

	parts, err := mail.Parts(msg)
	require.NoError(t, err)
	require.Len(t, parts, len(atts)+1)
	assert.Equal(t, "Pictures, sound and a film.\r\n.dot line\r\n", string(parts[0].Data))
	wantTypes := []string{"image/png", "audio/ogg", "video/mp4", "application/octet-stream", "image/png"}
	for i, a := range atts {
		p := parts[i+1]
		assert.Equal(t, wantTypes[i], p.ContentType, a.Name)
		assert.Equal(t, a.Name, p.Filename)
		assert.Equal(t, "base64", p.Encoding)
		assert.Equal(t, len(a.Data), p.Size)
		assert.True(t, bytes.Equal(a.Data, p.Data), "%s: data differs", a.Name)
	}
}

func TestComposeDeterministic(t *testing.T) {
	d := base()
	d.Subject = "Grüße"
	d.Attachments = []mail.Attachment{{Name: "a.png", ContentType: "image/png", Data: fileData("\x89PNG", 3000)}}
	first, err := mail.Compose(d)
	require.NoError(t, err)
	second, err := mail.Compose(d)
	require.NoError(t, err)
	assert.Equal(t, first, second)

	// Different content gives a different boundary.
	d.Attachments[0].Data = fileData("\x89PNX", 3000)
	third, err := mail.Compose(d)
	require.NoError(t, err)
	h1, _ := mail.HeaderOf(first)
	h3, _ := mail.HeaderOf(third)
	assert.NotEqual(t, h1.Get("Content-Type"), h3.Get("Content-Type"))
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*mail.Draft)
		want string // "" means valid
	}{
		{"good", func(d *mail.Draft) {}, ""},
		{"bare addresses", func(d *mail.Draft) { d.From, d.To = "alice@example.org", []string{"bob@example.net"} }, ""},
		{"angle brackets only", func(d *mail.Draft) { d.To = []string{"<bob@example.net>"} }, ""},
		{"quoted local part", func(d *mail.Draft) { d.To = []string{`"john doe"@example.net`} }, ""},
		{"non-ASCII display name", func(d *mail.Draft) { d.To = []string{"Jörg Müller <joerg@example.de>"} }, ""},
		{"domain literal", func(d *mail.Draft) { d.To = []string{"postmaster@[192.0.2.1]"} }, ""},
		{"only Bcc", func(d *mail.Draft) { d.To, d.Bcc = nil, []string{"dave@example.com"} }, ""},

		{"missing domain", func(d *mail.Draft) { d.To = []string{"bob@"} }, `To: "bob@": missing domain`},
		{"missing @", func(d *mail.Draft) { d.Cc = []string{"bob"} }, `Cc: "bob": missing @ (an address is local-part@domain)`},
		{"missing local part", func(d *mail.Draft) { d.Bcc = []string{"@example.net"} }, `Bcc: "@example.net": missing local part before @`},
		{"two @", func(d *mail.Draft) { d.To = []string{"bob@@example.net"} }, `To: "bob@@example.net": more than one @`},
		{"two addresses in one entry", func(d *mail.Draft) { d.To = []string{"bob@example.net, carol@example.net"} },
			`To: "bob@example.net, carol@example.net": more than one address; give each its own entry`},
		{"name without brackets", func(d *mail.Draft) { d.To = []string{"Bob bob@example.net"} },
			`To: "Bob bob@example.net": a display name needs the address in angle brackets: Name <user@example.org>`},
		{"unclosed bracket", func(d *mail.Draft) { d.To = []string{"Bob <bob@example.net"} }, `To: "Bob <bob@example.net": missing ">" after the address`},
		{"missing domain in brackets", func(d *mail.Draft) { d.To = []string{"Bob <bob@>"} }, `To: "Bob <bob@>": missing domain`},
		{"double dot", func(d *mail.Draft) { d.To = []string{"bob..x@example.net"} },
			`To: "bob..x@example.net": a dot cannot start or end the local part, nor follow another dot`},
		{"dot at domain end", func(d *mail.Draft) { d.To = []string{"bob@example.net."} },
			`To: "bob@example.net.": a dot cannot start or end the domain, nor follow another dot`},
		{"space in domain", func(d *mail.Draft) { d.To = []string{"bob@exa mple.net"} }, `To: "bob@exa mple.net": unexpected text after the address`},
		{"non-ASCII address", func(d *mail.Draft) { d.To = []string{"jörg@example.de"} },
			`To: "jörg@example.de": non-ASCII address: it needs SMTPUTF8 (RFC 6531), which this simulator does not offer`},
		{"local part too long", func(d *mail.Draft) { d.To = []string{strings.Repeat("a", 65) + "@example.net"} },
			`To: "` + strings.Repeat("a", 65) + `@example.net": local part longer than 64 octets (RFC 5321 §4.5.3.1.1)`},
		{"empty entry", func(d *mail.Draft) { d.To = []string{" "} }, `To: " ": empty address`},
		{"no From", func(d *mail.Draft) { d.From = "" }, `From: missing (RFC 5322 §3.6.2: every message names its author)`},
		{"bad From", func(d *mail.Draft) { d.From = "alice" }, `From: "alice": missing @ (an address is local-part@domain)`},
		{"no recipient", func(d *mail.Draft) { d.To = nil }, `To: no recipient (To, Cc and Bcc are all empty)`},
		{"header injection in Subject", func(d *mail.Draft) { d.Subject = "hi\r\nBcc: eve@example.com" },
			`Subject: "hi\r\nBcc: eve@example.com": contains a line break, which would start a new header field`},
		{"Message-ID with brackets", func(d *mail.Draft) { d.MessageID = "<1@example.org>" },
			`Message-ID: "<1@example.org>": write it without angle brackets or spaces`},
		{"Message-ID without @", func(d *mail.Draft) { d.MessageID = "12345" },
			`Message-ID: "12345": needs the form id-left@id-right (RFC 5322 §3.6.4)`},
		{"extra Bcc header", func(d *mail.Draft) { d.Headers = [][2]string{{"bcc", "eve@example.com"}} },
			`Headers[0]: "bcc": set by the draft itself; use its own field`},
		{"bad field name", func(d *mail.Draft) { d.Headers = [][2]string{{"X Mailer", "x"}} },
			`Headers[0]: "X Mailer": not a field name (RFC 5322 §2.2: printable ASCII without colon or space)`},
		{"bad attachment type", func(d *mail.Draft) { d.Attachments = []mail.Attachment{{Name: "a", ContentType: "png"}} },
			`Attachments[0].ContentType: "png": needs type/subtype, such as image/png (RFC 2045 §5.1)`},
		{"unparseable attachment type", func(d *mail.Draft) { d.Attachments = []mail.Attachment{{Name: "a", ContentType: "image/png; name"}} },
			`Attachments[0].ContentType: "image/png; name": not a media type such as image/png (RFC 2045 §5.1)`},
		{"message attachment", func(d *mail.Draft) { d.Attachments = []mail.Attachment{{Name: "a.eml", ContentType: "message/rfc822"}} },
			`Attachments[0].ContentType: "message/rfc822": multipart and message types cannot be sent in base64 (RFC 2045 §6.4)`},
		{"unfoldable subject", func(d *mail.Draft) { d.Subject = strings.Repeat("x", 1000) },
			`Subject: "` + strings.Repeat("x", 1000) + `": has a word too long to fold into 998-octet lines (RFC 5322 §2.1.1)`},
		{"bad Reply-To", func(d *mail.Draft) { d.Headers = [][2]string{{"Reply-To", "alice@example.org, bob@"}} },
			`Headers[0]: "bob@": missing domain`},
		{"several problems are all reported", func(d *mail.Draft) { d.From, d.To = "", []string{"bob@"} },
			"From: missing (RFC 5322 §3.6.2: every message names its author)\nTo: \"bob@\": missing domain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base()
			tt.edit(&d)
			err := d.Validate()
			if tt.want == "" {
				require.NoError(t, err)
				msg, err := mail.Compose(d)
				require.NoError(t, err)
				assertWellFormed(t, msg)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var fe *mail.FieldError
			assert.ErrorAs(t, err, &fe)
			_, err = mail.Compose(d)
			assert.Error(t, err, "Compose refuses what Validate rejects")
		})
	}
}

func TestEnvelopeRecipients(t *testing.T) {
	tests := []struct {
		name        string
		to, cc, bcc []string
		want        []string
		err         string
	}{
		{"To, Cc and Bcc in order", []string{"Bob <bob@example.net>"}, []string{"carol@example.net"}, []string{"dave@example.com"},
			[]string{"bob@example.net", "carol@example.net", "dave@example.com"}, ""},
		{"domain lower-cased, duplicates removed", []string{"Bob <bob@Example.NET>", "bob@example.net"}, []string{"BOB@example.net"}, []string{"Bob Again <bob@EXAMPLE.net>"},
			[]string{"bob@example.net", "BOB@example.net"}, ""},
		{"quoted local part stays quoted", []string{`"john doe"@example.net`}, nil, nil, []string{`"john doe"@example.net`}, ""},
		{"Bcc only", nil, nil, []string{"dave@example.com"}, []string{"dave@example.com"}, ""},
		{"bad address", []string{"bob@example.net"}, nil, []string{"dave@"}, nil, `Bcc: "dave@": missing domain`},
		{"none", nil, nil, nil, nil, "To: no recipient (To, Cc and Bcc are all empty)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base()
			d.To, d.Cc, d.Bcc = tt.to, tt.cc, tt.bcc
			got, err := d.EnvelopeRecipients()
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func ExampleCompose() {
	msg, err := mail.Compose(mail.Draft{
		From:      "Alice Example <alice@example.org>",
		To:        []string{"bob@example.net"},
		Bcc:       []string{"carol@example.net"},
		Subject:   "Grüße",
		Body:      "See you at noon.\n",
		Date:      time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC),
		MessageID: "1@example.org",
	})
	if err != nil {
		panic(err)
	}
	fmt.Print(strings.ReplaceAll(string(msg), "\r\n", "\n"))
	// Output:
	// From: "Alice Example" <alice@example.org>
	// To: bob@example.net
	// Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=
	// Date: Wed, 25 Nov 2026 09:30:00 +0000
	// Message-ID: <1@example.org>
	// MIME-Version: 1.0
	// Content-Type: text/plain; charset=utf-8
	// Content-Transfer-Encoding: 7bit
	//
	// See you at noon.
}

func ExampleDraft_EnvelopeRecipients() {
	d := mail.Draft{
		From: "alice@example.org",
		To:   []string{"Bob <bob@Example.NET>"},
		Bcc:  []string{"carol@example.net", "bob@example.net"},
	}
	rcpts, err := d.EnvelopeRecipients()
	fmt.Println(rcpts, err)
	// Output: [bob@example.net carol@example.net] <nil>
}

// TestFieldLine: a header line a teacher writes is read into name and value, or
// refused with the reason that names what is wrong.
func TestFieldLine(t *testing.T) {
	tests := []struct {
		line    string
		field   [2]string
		problem mail.FieldProblem
	}{
		{"Received: from mail.example.com ([203.0.113.7]) by mx.example.com; Tue, 24 Nov 2026 23:12:00 +0000",
			[2]string{"Received", "from mail.example.com ([203.0.113.7]) by mx.example.com; Tue, 24 Nov 2026 23:12:00 +0000"}, mail.FieldOK},
		{"X-Note:   spaces around  ", [2]string{"X-Note", "spaces around"}, mail.FieldOK},
		{"Authentication-Results: mx.example.net; spf=pass", [2]string{"Authentication-Results", "mx.example.net; spf=pass"}, mail.FieldOK},
		{"X-Empty:", [2]string{"X-Empty", ""}, mail.FieldOK},
		{"Received from nowhere", [2]string{"Received from nowhere", ""}, mail.FieldNoColon},
		{"X Note: a space in the name", [2]string{"X Note", "a space in the name"}, mail.FieldBadName},
		{": no name", [2]string{"", "no name"}, mail.FieldBadName},
		{"Grüße: non-ASCII name", [2]string{"Grüße", "non-ASCII name"}, mail.FieldBadName},
		{"From: mallory@example.com", [2]string{"From", "mallory@example.com"}, mail.FieldComposed},
		{"content-type: text/html", [2]string{"content-type", "text/html"}, mail.FieldComposed},
		{"X-Two: one\r\nBcc: eve@example.com", [2]string{"X-Two", "one\r\nBcc: eve@example.com"}, mail.FieldLineBreak},
		{"X-Long: " + strings.Repeat("a", 1000), [2]string{"X-Long", strings.Repeat("a", 1000)}, mail.FieldTooLong},
	}
	for _, tt := range tests {
		field, problem := mail.FieldLine(tt.line)
		assert.Equal(t, tt.problem, problem, tt.line)
		assert.Equal(t, tt.field, field, tt.line)
	}
}

// TestComposeAbove: fields above the client's own come first, in order, and the
// message still parses, with From: where it was.
func TestComposeAbove(t *testing.T) {
	received := "from mail.example.com ([203.0.113.7]) by mx.example.com; Tue, 24 Nov 2026 23:12:00 +0000"
	d := mail.Draft{From: "alice@example.org", To: []string{"bob@example.net"}, Subject: "Hi", Body: "Hello\n",
		Above: [][2]string{{"Received", received}, {"X-Origin", "elsewhere"}}}
	msg, err := mail.Compose(d)
	require.NoError(t, err)
	// Folded like every long field, at white space before 78 characters (RFC 5322 §2.2.3).
	assert.True(t, strings.HasPrefix(string(msg), "Received: from mail.example.com ([203.0.113.7]) by mx.example.com; Tue, 24 Nov\r\n"+
		" 2026 23:12:00 +0000\r\nX-Origin: elsewhere\r\nFrom: alice@example.org\r\n"), string(msg))
	parsed, err := netmail.ReadMessage(bytes.NewReader(msg))
	require.NoError(t, err)
	assert.Equal(t, received, strings.Join(strings.Fields(parsed.Header.Get("Received")), " "))
	assert.Equal(t, "alice@example.org", parsed.Header.Get("From"))

	for _, bad := range [][2]string{{"From", "mallory@example.com"}, {"X-Bad", "a\r\nBcc: eve@example.com"}, {"No Name", "x"}} {
		d.Above = [][2]string{bad}
		_, err := mail.Compose(d)
		var fe *mail.FieldError
		require.ErrorAs(t, err, &fe, bad[0])
		assert.Equal(t, "Above[0]", fe.Field)
	}
}

// ComposeEnvelope parses each address once and passes the parsed form on; it gives the
// recipients and the message that EnvelopeRecipients and Compose give, the header's
// addresses written as net/mail writes them (quotes where a local part needs them,
// encoded display names), and their errors where a draft has problems.
func TestComposeEnvelopeParsesOnce(t *testing.T) {
	// asNetMail writes an address for a header as net/mail does, the name encoded.
	asNetMail := func(s string) string {
		a, err := netmail.ParseAddress(s)
		require.NoError(t, err, s)
		if a.Name != "" {
			return a.String()
		}
		return strings.Trim((&netmail.Address{Address: a.Address}).String(), "<>")
	}
	for _, tt := range []struct {
		name        string
		from        string
		to, cc, bcc []string
		wantErr     string
	}{
		{name: "bare", from: "alice@example.org", to: []string{"bob@example.net"}},
		{name: "names and case", from: "Alice Example <alice@example.org>", to: []string{"Bob <Bob@EXAMPLE.net>", "carol@Example.Net"}, cc: []string{"dave@example.com"}},
		{name: "non-ASCII name", from: "Jörg Müller <joerg@example.de>", to: []string{"\"Zoë, the one\" <zoe@example.net>"}},
		{name: "quoted local part", from: "alice@example.org", to: []string{"\"john doe\"@example.net", "\"a..b\"@example.net", "o'brien+tag@example.net"}},
		{name: "dots", from: "a.b.c@example.org", to: []string{"first.last@example.net"}},
		{name: "duplicates", from: "alice@example.org", to: []string{"bob@example.net"}, cc: []string{"bob@EXAMPLE.NET"}, bcc: []string{"Bob <bob@example.net>"}},
		{name: "bcc only", from: "alice@example.org", bcc: []string{"eve@example.net"}},
		{name: "bad recipient", from: "alice@example.org", to: []string{"bob@"}, wantErr: `To: "bob@": missing domain`},
		{name: "bad sender", from: "alice", to: []string{"bob@example.net"}, wantErr: `From: "alice": missing @`},
		{name: "no recipient", from: "alice@example.org", wantErr: "To: no recipient"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := mail.Draft{From: tt.from, To: tt.to, Cc: tt.cc, Bcc: tt.bcc, Subject: "hi", Body: "hello\n"}
			rcpts, msg, err := mail.ComposeEnvelope(d)
			wantRcpts, wantRcptErr := d.EnvelopeRecipients()
			wantMsg, wantMsgErr := mail.Compose(d)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Nil(t, msg)
				if wantRcptErr != nil {
					assert.Equal(t, wantRcptErr, err)
					assert.Nil(t, rcpts)
				} else {
					assert.Equal(t, wantMsgErr, err)
					assert.Equal(t, wantRcpts, rcpts)
				}
				return
			}
			require.NoError(t, err)
			require.NoError(t, wantRcptErr)
			require.NoError(t, wantMsgErr)
			assert.Equal(t, wantRcpts, rcpts)
			assert.Equal(t, string(wantMsg), string(msg))

			parsed, err := netmail.ReadMessage(bytes.NewReader(msg))
			require.NoError(t, err)
			assert.Equal(t, asNetMail(tt.from), parsed.Header.Get("From"))
			var to []string
			for _, s := range tt.to {
				to = append(to, asNetMail(s))
			}
			if len(to) > 0 {
				assert.Equal(t, strings.Join(to, ", "), parsed.Header.Get("To"))
			}
			var want []string
			for _, s := range append(append(append([]string(nil), tt.to...), tt.cc...), tt.bcc...) {
				spec := asNetMail(s)
				if a, err := netmail.ParseAddress(s); err == nil && a.Name != "" {
					spec = strings.Trim((&netmail.Address{Address: a.Address}).String(), "<>")
				}
				at := strings.LastIndexByte(spec, '@')
				spec = spec[:at+1] + strings.ToLower(spec[at+1:])
				if !slices.Contains(want, spec) {
					want = append(want, spec)
				}
			}
			assert.Equal(t, want, rcpts, "the envelope: addr-specs, domains lower-cased, each once")
		})
	}
}
