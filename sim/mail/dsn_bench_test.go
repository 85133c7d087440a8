package mail

import (
	"strings"
	"testing"
	"time"
)

// benchDSN is a DSN as a bulk world's MSA writes one: a recipient refused at RCPT,
// the original of about half a kilobyte returned.
func benchDSN() DSN {
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	orig := "Return-Path: <u1@d01.example>\r\nReceived: from client (client [10.0.0.1]) by mx.d01.example with ESMTPSA id 1A2B0001; Fri, 1 Mar 2024 09:00:00 +0000\r\n" +
		"From: u1@d01.example\r\nTo: u9@d07.example\r\nSubject: bulk\r\nDate: Fri, 1 Mar 2024 09:00:00 +0000\r\nMessage-ID: <20240301090000.1A2B0001@mx.d01.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.Repeat("hello\r\n", 20)
	return DSN{ReportingMTA: "mx.d01.example", From: "MAILER-DAEMON@mx.d01.example", To: "u1@d01.example", Date: at,
		MessageID: "20240301090000.b1@mx.d01.example", ArrivalDate: at, Original: []byte(orig),
		Recipients: []DSNRecipient{{Final: "rfc822;nobody@d07.example", Action: "failed", Status: "5.1.1", LastAttempt: at,
			RemoteMTA: "dns;mx.d07.example", Diagnostic: "smtp; 550 5.1.1 <nobody@d07.example>: Recipient address rejected: User unknown in local recipient table"}}}
}

// BenchmarkBuildDSN writes one such DSN per op.
func BenchmarkBuildDSN(b *testing.B) {
	d := benchDSN()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildDSN(d); err != nil {
			b.Fatal(err)
		}
	}
}
