package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/mail"
)

func TestReceived(t *testing.T) {
	r := mail.Received{Helo: "client.example", IP: "192.0.2.7", By: "mx.example.org", With: mail.Protocol(true, false, true),
		ID: "4F2A", For: "bob@example.org", Date: time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)}
	assert.Equal(t, "Received: from client.example (unknown [192.0.2.7])\r\n\tby mx.example.org with ESMTPA id 4F2A\r\n\tfor <bob@example.org>; Wed, 25 Nov 2026 09:30:00 +0000", r.String())
	msg := []byte("Subject: hi\r\n\r\nhello\r\n")
	assert.Equal(t, string(mail.Prepend(msg, r.String())), string(r.Prepend(msg)), "Received.Prepend is Prepend of the field")
	r.IP, r.With, r.ID, r.For = "", "", "", ""
	assert.Equal(t, "Received: from client.example\r\n\tby mx.example.org; Wed, 25 Nov 2026 09:30:00 +0000", r.String())
}

// PrependBelow is Prepend of the fields above on top of Received.Prepend, in one
// array that an append does not write into.
func TestPrependBelow(t *testing.T) {
	r := mail.Received{Helo: "client.example", IP: "192.0.2.7", By: "mx.example.org", With: "ESMTP", ID: "4F2A",
		Date: time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)}
	msg := []byte("Subject: hi\r\n\r\nhello\r\n")
	for _, above := range [][]string{nil, {mail.ReturnPath("a@example.org")}, {mail.ReturnPath(""), "Received-SPF: pass"}} {
		got := r.PrependBelow(msg, above...)
		assert.Equal(t, string(mail.Prepend(r.Prepend(msg), above...)), string(got), "%q", above)
		assert.Equal(t, len(got), cap(got), "%q: no room to grow into", above)
	}
}

func TestProtocol(t *testing.T) {
	tests := []struct {
		esmtp, tls, auth bool
		want             string
	}{
		{false, false, false, "SMTP"}, {true, false, false, "ESMTP"}, {true, true, false, "ESMTPS"},
		{true, false, true, "ESMTPA"}, {true, true, true, "ESMTPSA"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, mail.Protocol(tt.esmtp, tt.tls, tt.auth))
	}
}

func TestPrependAndCount(t *testing.T) {
	msg := []byte("Received: from a\r\n\tby b; x\r\nSubject: hi\r\n\r\nReceived: in the body\r\n")
	assert.Equal(t, 1, mail.CountReceived(msg))
	out := mail.Prepend(msg, mail.ReturnPath(""), "Received: from c by d; y")
	assert.True(t, strings.HasPrefix(string(out), "Return-Path: <>\r\nReceived: from c by d; y\r\nReceived: from a"))
	assert.Equal(t, 2, mail.CountReceived(out))
}
