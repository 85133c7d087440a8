package imap

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEnvelope(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   string
	}{
		{
			name: "display name with comma and quotes, two To, a Cc, no Reply-To",
			header: "Date: Tue, 3 Sep 2024 08:00:00 +0200\r\n" +
				"From: \"Doe, Jane \\\"JD\\\"\" <jane@example.org>\r\n" +
				"To: bob@example.net, \"Smith, Carol\" <carol@example.net>\r\n" +
				"Cc: Dave <dave@example.net>\r\n" +
				"Subject: Lunch?\r\n" +
				"Message-ID: <2@example.org>\r\n\r\n",
			// Sender and Reply-To repeat From (RFC 9051 §7.5.2); the name with
			// quotes is a literal, the name with only a comma a quoted string.
			want: "(\"Tue, 3 Sep 2024 08:00:00 +0200\" \"Lunch?\" " +
				"(({14}\r\nDoe, Jane \"JD\" NIL \"jane\" \"example.org\")) " +
				"(({14}\r\nDoe, Jane \"JD\" NIL \"jane\" \"example.org\")) " +
				"(({14}\r\nDoe, Jane \"JD\" NIL \"jane\" \"example.org\")) " +
				"((NIL NIL \"bob\" \"example.net\")(\"Smith, Carol\" NIL \"carol\" \"example.net\")) " +
				"((\"Dave\" NIL \"dave\" \"example.net\")) " +
				"NIL NIL \"<2@example.org>\")",
		},
		{
			name: "sender, reply-to and bcc given",
			header: "From: a@example.org\r\nSender: b@example.org\r\nReply-To: c@example.org\r\n" +
				"Bcc: d@example.org\r\nIn-Reply-To: <0@example.org>\r\n\r\n",
			want: `(NIL NIL ((NIL NIL "a" "example.org")) ((NIL NIL "b" "example.org")) ((NIL NIL "c" "example.org")) ` +
				`NIL NIL ((NIL NIL "d" "example.org")) "<0@example.org>" NIL)`,
		},
		{
			name:   "empty reply-to falls back to from; empty subject is not NIL",
			header: "From: a@example.org\r\nReply-To: \r\nSubject: \r\n\r\n",
			want:   `(NIL "" ((NIL NIL "a" "example.org")) ((NIL NIL "a" "example.org")) ((NIL NIL "a" "example.org")) NIL NIL NIL NIL NIL)`,
		},
		{
			name:   "group members are listed, an empty group is NIL",
			header: "From: a@example.org\r\nTo: team: x@example.org, y@example.org;\r\nCc: undisclosed-recipients:;\r\n\r\n",
			want: `(NIL NIL ((NIL NIL "a" "example.org")) ((NIL NIL "a" "example.org")) ((NIL NIL "a" "example.org")) ` +
				`((NIL NIL "x" "example.org")(NIL NIL "y" "example.org")) NIL NIL NIL NIL)`,
		},
		{
			name:   "non-ASCII names are encoded again, encoded subjects stay raw",
			header: "From: =?iso-8859-1?q?J=F6rg?= <joerg@example.de>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n\r\n",
			want: `(NIL "=?utf-8?q?Gr=C3=BC=C3=9Fe?=" (("=?utf-8?q?J=C3=B6rg?=" NIL "joerg" "example.de")) ` +
				`(("=?utf-8?q?J=C3=B6rg?=" NIL "joerg" "example.de")) (("=?utf-8?q?J=C3=B6rg?=" NIL "joerg" "example.de")) NIL NIL NIL NIL NIL)`,
		},
		{
			name:   "raw 8-bit subject goes out as a literal",
			header: "Subject: Grüße\r\n\r\n",
			want:   "(NIL {7}\r\nGrüße NIL NIL NIL NIL NIL NIL NIL NIL)",
		},
		{
			name:   "an address list that does not parse is NIL",
			header: "From: <<<\r\nSubject: x\r\n\r\n",
			want:   `(NIL "x" NIL NIL NIL NIL NIL NIL NIL NIL)`,
		},
		{
			name:   "a header that does not parse gives an envelope of NILs",
			header: " continuation first\r\n\r\n",
			want:   `(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(appendEnvelope(nil, []byte(tt.header))))
		})
	}
}

func TestInternalDate(t *testing.T) {
	tests := []struct {
		header string
		want   string
	}{
		{"Received: from a by b; Mon, 2 Sep 2024 10:00:00 +0000\r\nDate: Sun, 1 Sep 2024 09:00:00 +0000\r\n\r\n", " 2-Sep-2024 10:00:00 +0000"},
		{"Received: from a by b\r\nDate: Sun, 1 Sep 2024 09:00:00 -0700\r\n\r\n", " 1-Sep-2024 09:00:00 -0700"},
		{"Subject: undated\r\n\r\n", " 1-Jan-1970 00:00:00 +0000"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, internalDate([]byte(tt.header)).Format("_2-Jan-2006 15:04:05 -0700"), tt.header)
	}
}
