package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mail"
)

func TestAddMissing(t *testing.T) {
	date := time.Date(2026, 11, 25, 9, 30, 5, 0, time.UTC)
	const dateField = "Date: Wed, 25 Nov 2026 09:30:05 +0000"
	const idField = "Message-ID: <4F2A@mail.example.org>"
	tests := []struct {
		name      string
		msg       string
		date      time.Time
		id        string
		want      string
		wantAdded []string
	}{
		{"both missing",
			"From: alice@example.org\r\nSubject: hi\r\n\r\nbody\r\n", date, "4F2A",
			"From: alice@example.org\r\nSubject: hi\r\n" + dateField + "\r\n" + idField + "\r\n\r\nbody\r\n", []string{"Date", "Message-ID"}},
		{"Date present, in any case",
			"From: alice@example.org\r\nDATE: Tue, 24 Nov 2026 08:00:00 +0100\r\n\r\nbody\r\n", date, "4F2A",
			"From: alice@example.org\r\nDATE: Tue, 24 Nov 2026 08:00:00 +0100\r\n" + idField + "\r\n\r\nbody\r\n", []string{"Message-ID"}},
		{"Message-Id present",
			"Message-Id: <x@y>\r\nFrom: alice@example.org\r\n\r\nbody\r\n", date, "4F2A",
			"Message-Id: <x@y>\r\nFrom: alice@example.org\r\n" + dateField + "\r\n\r\nbody\r\n", []string{"Date"}},
		{"both present",
			"Date: Tue, 24 Nov 2026 08:00:00 +0100\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n", date, "4F2A",
			"Date: Tue, 24 Nov 2026 08:00:00 +0100\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n", nil},
		{"fields in the body do not count",
			"From: alice@example.org\r\n\r\nDate: yesterday\r\nMessage-ID: <x@y>\r\n", date, "4F2A",
			"From: alice@example.org\r\n" + dateField + "\r\n" + idField + "\r\n\r\nDate: yesterday\r\nMessage-ID: <x@y>\r\n", []string{"Date", "Message-ID"}},
		{"a folded line is not a field",
			"Subject: hello\r\n Date: not a field\r\n\r\nbody\r\n", date, "",
			"Subject: hello\r\n Date: not a field\r\n" + dateField + "\r\n\r\nbody\r\n", []string{"Date"}},
		{"id with @ is used as it is",
			"From: alice@example.org\r\n\r\nbody\r\n", time.Time{}, "abc@client.example",
			"From: alice@example.org\r\nMessage-ID: <abc@client.example>\r\n\r\nbody\r\n", []string{"Message-ID"}},
		{"nothing to add",
			"From: alice@example.org\r\n\r\nbody\r\n", time.Time{}, "",
			"From: alice@example.org\r\n\r\nbody\r\n", nil},
		{"bare LF stays bare LF",
			"From: alice@example.org\nSubject: hi\n\nbody\n", date, "4F2A",
			"From: alice@example.org\nSubject: hi\n" + dateField + "\n" + idField + "\n\nbody\n", []string{"Date", "Message-ID"}},
		{"header only, no empty line",
			"From: alice@example.org\r\nSubject: hi", date, "",
			"From: alice@example.org\r\nSubject: hi\r\n" + dateField + "\r\n", []string{"Date"}},
		{"header cut off after the CR of its empty line",
			"From: alice@example.org\r\n\r", date, "",
			"From: alice@example.org\r\n" + dateField + "\r\n\r", []string{"Date"}},
		{"empty header",
			"\r\nbody\r\n", date, "",
			dateField + "\r\n\r\nbody\r\n", []string{"Date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.msg)
			got, added := mail.AddMissing(in, tt.date, tt.id, "mail.example.org")
			assert.Equal(t, tt.want, string(got))
			assert.Equal(t, tt.wantAdded, added)
			assert.Equal(t, tt.msg, string(in), "the input is not modified")
			again, addedAgain := mail.AddMissing(got, tt.date, tt.id, "mail.example.org")
			assert.Equal(t, string(got), string(again), "a second MSA adds nothing")
			assert.Empty(t, addedAgain)
		})
	}
}

func TestAddMissingAfterCompose(t *testing.T) {
	d := base()
	d.Date, d.MessageID = time.Time{}, ""
	msg, err := mail.Compose(d)
	require.NoError(t, err)
	out, added := mail.AddMissing(msg, when, "7E1F", "mail.example.org")
	assert.Equal(t, []string{"Date", "Message-ID"}, added)
	assertWellFormed(t, out)
	h, err := mail.HeaderOf(out)
	require.NoError(t, err)
	got, err := h.Date()
	require.NoError(t, err)
	assert.True(t, when.Equal(got))
	assert.Equal(t, "<7E1F@mail.example.org>", h.Get("Message-ID"))
	assert.Equal(t, mail.BodyOf(msg), mail.BodyOf(out))
}

func TestHeaderOfBodyOf(t *testing.T) {
	tests := []struct {
		name, msg, subject, body string
		err                      bool
	}{
		{"CRLF", "Subject: hi\r\n\r\nbody\r\n", "hi", "body\r\n", false},
		{"LF", "Subject: hi\n\nbody\n", "hi", "body\n", false},
		{"folded", "Subject: a\r\n long one\r\n\r\nbody\r\n", "a long one", "body\r\n", false},
		{"empty body", "Subject: hi\r\n\r\n", "hi", "", false},
		{"no body at all", "Subject: hi\r\n", "hi", "", false},
		{"body keeps its blank lines", "Subject: hi\r\n\r\n\r\nx\r\n", "hi", "\r\nx\r\n", false},
		{"not a header", "this is not a header\r\n\r\nbody", "", "body", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := mail.HeaderOf([]byte(tt.msg))
			if tt.err {
				assert.Error(t, err)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.subject, h.Get("Subject"))
			}
			assert.Equal(t, tt.body, string(mail.BodyOf([]byte(tt.msg))))
		})
	}
}

func TestComposedHeaderLinesFold(t *testing.T) {
	d := base()
	for i := range 40 {
		d.To = append(d.To, "Person Number "+strings.Repeat("x", i%7)+" <person"+string(rune('a'+i%26))+"@example.net>")
	}
	msg, err := mail.Compose(d)
	require.NoError(t, err)
	assertWellFormed(t, msg)
	for _, line := range strings.Split(rawField(msg, "To"), "\r\n") {
		assert.LessOrEqual(t, len(line), 78)
	}
	h, err := mail.HeaderOf(msg)
	require.NoError(t, err)
	list, err := h.AddressList("To")
	require.NoError(t, err)
	assert.Len(t, list, 41)
}
