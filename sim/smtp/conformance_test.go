package smtp_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/smtp"
)

// converse greets, then feeds each chunk and returns "code status" for every reply
// (status omitted when the reply has none).
func converse(t *testing.T, srv *smtp.Server, chunks ...string) []string {
	t.Helper()
	var got []string
	for _, c := range chunks {
		for _, r := range srv.Feed([]byte(c)) {
			got = append(got, codeStatus(r))
		}
	}
	return got
}

func codeStatus(r smtp.Reply) string {
	if !r.FromServer() {
		return r.Status // the client's own decision: no code
	}
	if r.Status == "" {
		return fmt.Sprint(r.Code)
	}
	return fmt.Sprintf("%d %s", r.Code, r.Status)
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

const (
	ehlo    = "EHLO client.example\r\n"
	mailA   = "MAIL FROM:<alice@example.org>\r\n"
	rcptBob = "RCPT TO:<bob@example.org>\r\n"
)

// rcpts returns n RCPT lines for distinct relayed recipients.
func rcpts(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "RCPT TO:<user%d@far.example>\r\n", i)
	}
	return b.String()
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var authPlain = "AUTH PLAIN " + b64("\x00alice\x00secret") + "\r\n"

func TestConformance(t *testing.T) {
	long := func(n int) string { return "NOOP " + strings.Repeat("x", n-len("NOOP ")-2) + "\r\n" }
	tests := []struct {
		name   string
		cfg    func(*smtp.Config)
		policy func(*testPolicy)
		greet  string // expected greeting when not 220
		input  []string
		want   []string
		done   bool
	}{
		// Commands valid in any state (RFC 5321 §4.1.4).
		{name: "QUIT", input: []string{"QUIT\r\n"}, want: []string{"221 2.0.0"}, done: true},
		{name: "NOOP before EHLO", input: []string{"NOOP\r\n"}, want: []string{"250 2.0.0"}},
		{name: "NOOP with argument", input: []string{"NOOP hello\r\n"}, want: []string{"250 2.0.0"}},
		{name: "RSET before EHLO", input: []string{"RSET\r\n"}, want: []string{"250 2.0.0"}},
		{name: "HELP before EHLO", input: []string{"HELP\r\n"}, want: []string{"214 2.0.0"}},
		{name: "VRFY answers 252", input: []string{"VRFY bob\r\n"}, want: []string{"252 2.0.0"}},
		{name: "VRFY without argument", input: []string{"VRFY\r\n"}, want: []string{"501 5.5.4"}},
		{name: "EXPN not implemented", input: []string{"EXPN staff\r\n"}, want: []string{"502 5.5.1"}},
		{name: "TURN not implemented", input: []string{"TURN\r\n"}, want: []string{"502 5.5.1"}},
		{name: "unknown command", input: []string{"FOO bar\r\n"}, want: []string{"500 5.5.2"}},
		{name: "empty line", input: []string{"\r\n"}, want: []string{"500 5.5.2"}},
		{name: "bare LF ends a command", input: []string{"NOOP\n"}, want: []string{"250 2.0.0"}},
		{name: "bare CR inside a command", input: []string{"NO\rOP\r\n"}, want: []string{"500 5.5.2"}},
		{name: "UTF-8 sender address without SMTPUTF8", input: []string{ehlo, "MAIL FROM:<j\xc3\xb6rg@example.org>\r\n"}, want: []string{"250", "553 5.6.7"}},
		{name: "UTF-8 recipient address without SMTPUTF8", input: []string{ehlo, "MAIL FROM:<a@example.org>\r\n", "RCPT TO:<b\xc3\xb6b@b\xc3\xbccher.example>\r\n"}, want: []string{"250", "250 2.1.0", "553 5.6.7"}},
		{name: "UTF-8 address before MAIL", input: []string{ehlo, "RCPT TO:<b\xc3\xb6b@example.org>\r\n"}, want: []string{"250", "503 5.5.1"}},
		{name: "8-bit octet in a command", input: []string{ehlo, "NOOP gr\xc3\xbc\xc3\x9fe\r\n"}, want: []string{"250", "500 5.5.2"}},
		{name: "8-bit octet outside the path", input: []string{ehlo, "MAIL FROM:<a@example.org> SIZE=\xc3\xb6\r\n"}, want: []string{"250", "500 5.5.2"}},
		{name: "invalid UTF-8 in an address", input: []string{ehlo, "MAIL FROM:<j\xffrg@example.org>\r\n"}, want: []string{"250", "500 5.5.2"}},

		// Greeting the server.
		{name: "EHLO", input: []string{ehlo}, want: []string{"250"}},
		{name: "HELO", input: []string{"HELO client.example\r\n"}, want: []string{"250"}},
		{name: "lower-case ehlo", input: []string{"ehlo client.example\r\n"}, want: []string{"250"}},
		{name: "EHLO with address literal", input: []string{"EHLO [192.0.2.7]\r\n"}, want: []string{"250"}},
		{name: "EHLO without domain", input: []string{"EHLO\r\n"}, want: []string{"501 5.5.4"}},
		{name: "HELO without domain", input: []string{"HELO \r\n"}, want: []string{"501 5.5.4"}},
		{name: "HELO then MAIL", input: []string{"HELO client.example\r\n", mailA}, want: []string{"250", "250 2.1.0"}},

		// Sequence errors (RFC 5321 §4.1.4, §3.3).
		{name: "MAIL before EHLO", input: []string{mailA}, want: []string{"503 5.5.1"}},
		{name: "RCPT before MAIL", input: []string{ehlo, rcptBob}, want: []string{"250", "503 5.5.1"}},
		{name: "DATA before MAIL", input: []string{ehlo, "DATA\r\n"}, want: []string{"250", "503 5.5.1"}},
		{name: "DATA before RCPT", input: []string{ehlo, mailA, "DATA\r\n"}, want: []string{"250", "250 2.1.0", "503 5.5.1"}},
		{name: "nested MAIL", input: []string{ehlo, mailA, mailA}, want: []string{"250", "250 2.1.0", "503 5.5.1"}},
		{name: "DATA with argument", input: []string{ehlo, mailA, rcptBob, "DATA now\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5", "501 5.5.4"}},
		{name: "RSET with argument", input: []string{"RSET all\r\n"}, want: []string{"501 5.5.4"}},
		{name: "QUIT with argument", input: []string{"QUIT now\r\n"}, want: []string{"501 5.5.4"}},
		{name: "RSET ends the transaction", input: []string{ehlo, mailA, "RSET\r\n", rcptBob}, want: []string{"250", "250 2.1.0", "250 2.0.0", "503 5.5.1"}},
		{name: "second EHLO acts as RSET", input: []string{ehlo, mailA, ehlo, rcptBob}, want: []string{"250", "250 2.1.0", "250", "503 5.5.1"}},
		{name: "DATA after every RCPT failed", input: []string{ehlo, mailA, "RCPT TO:<nobody@example.org>\r\n", "DATA\r\n"}, want: []string{"250", "250 2.1.0", "550 5.1.1", "554 5.5.1"}},

		// A whole transaction, and the next one on the same connection.
		{name: "one message", input: []string{ehlo, mailA, rcptBob, "DATA\r\n", "Subject: hi\r\n\r\nhello\r\n.\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0"}},
		{name: "two messages", input: []string{ehlo, mailA, rcptBob, "DATA\r\n", "a\r\n.\r\n", mailA, rcptBob, "DATA\r\n", "b\r\n.\r\n", "QUIT\r\n"},
			want: []string{"250", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0", "221 2.0.0"}, done: true},
		{name: "empty message", input: []string{ehlo, mailA, rcptBob, "DATA\r\n", ".\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0"}},

		// MAIL FROM grammar.
		{name: "lower-case mail from", input: []string{ehlo, "mail from:<alice@example.org>\r\n"}, want: []string{"250", "250 2.1.0"}},
		{name: "space after colon", input: []string{ehlo, "MAIL FROM: <alice@example.org>\r\n"}, want: []string{"250", "250 2.1.0"}},
		{name: "null reverse-path", input: []string{ehlo, "MAIL FROM:<>\r\n"}, want: []string{"250", "250 2.1.0"}},
		{name: "source route ignored", input: []string{ehlo, "MAIL FROM:<@relay.example,@b.example:alice@example.org>\r\n"}, want: []string{"250", "250 2.1.0"}},
		{name: "quoted local part", input: []string{ehlo, "MAIL FROM:<\"alice smith\"@example.org>\r\n"}, want: []string{"250", "250 2.1.0"}},
		{name: "missing angle brackets", input: []string{ehlo, "MAIL FROM:alice@example.org\r\n"}, want: []string{"250", "501 5.5.4"}},
		{name: "missing FROM:", input: []string{ehlo, "MAIL <alice@example.org>\r\n"}, want: []string{"250", "501 5.5.4"}},
		{name: "bad sender syntax", input: []string{ehlo, "MAIL FROM:<alice@@example.org>\r\n"}, want: []string{"250", "501 5.1.7"}},
		{name: "sender without domain", input: []string{ehlo, "MAIL FROM:<alice>\r\n"}, want: []string{"250", "501 5.1.7"}},
		{name: "sender local part 65 octets", input: []string{ehlo, "MAIL FROM:<" + strings.Repeat("a", 65) + "@example.org>\r\n"}, want: []string{"250", "501 5.1.7"}},
		{name: "SIZE within limit", input: []string{ehlo, "MAIL FROM:<alice@example.org> SIZE=1000\r\n"}, want: []string{"250", "250 2.1.0"}},
		{name: "SIZE over limit", input: []string{ehlo, "MAIL FROM:<alice@example.org> SIZE=20000000\r\n"}, want: []string{"250", "552 5.3.4"}},
		{name: "SIZE not a number", input: []string{ehlo, "MAIL FROM:<alice@example.org> SIZE=abc\r\n"}, want: []string{"250", "501 5.5.4"}},
		{name: "SIZE huge number", input: []string{ehlo, "MAIL FROM:<alice@example.org> SIZE=99999999999999999999999\r\n"}, want: []string{"250", "501 5.5.4"}},
		{name: "BODY=8BITMIME", input: []string{ehlo, "MAIL FROM:<alice@example.org> BODY=8BITMIME\r\n"}, want: []string{"250", "250 2.1.0"}},
		{name: "BODY=9BIT", input: []string{ehlo, "MAIL FROM:<alice@example.org> BODY=9BIT\r\n"}, want: []string{"250", "501 5.5.4"}},
		{name: "DSN RET and ENVID", input: []string{ehlo, "MAIL FROM:<alice@example.org> RET=HDRS ENVID=QQ314159\r\n"}, want: []string{"250", "250 2.1.0"}},
		{name: "RET unknown without DSN", cfg: withoutDSN, input: []string{ehlo, "MAIL FROM:<alice@example.org> RET=HDRS\r\n"}, want: []string{"250", "555 5.5.4"}},
		{name: "ENVID unknown without DSN", cfg: withoutDSN, input: []string{ehlo, "MAIL FROM:<alice@example.org> ENVID=QQ314159\r\n"}, want: []string{"250", "555 5.5.4"}},
		{name: "unknown MAIL parameter", input: []string{ehlo, "MAIL FROM:<alice@example.org> FOO=bar\r\n"}, want: []string{"250", "555 5.5.4"}},
		{name: "malformed MAIL parameter", input: []string{ehlo, "MAIL FROM:<alice@example.org> =x\r\n"}, want: []string{"250", "501 5.5.4"}},

		// RCPT TO grammar and policy.
		{name: "lower-case rcpt to", input: []string{ehlo, mailA, "rcpt to:<bob@EXAMPLE.ORG>\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5"}},
		{name: "Postmaster without domain", input: []string{ehlo, mailA, "RCPT TO:<Postmaster>\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5"}},
		{name: "postmaster lower case", input: []string{ehlo, mailA, "RCPT TO:<postmaster>\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5"}},
		{name: "null forward-path", input: []string{ehlo, mailA, "RCPT TO:<>\r\n"}, want: []string{"250", "250 2.1.0", "501 5.1.3"}},
		{name: "recipient without domain", input: []string{ehlo, mailA, "RCPT TO:<bob>\r\n"}, want: []string{"250", "250 2.1.0", "501 5.1.3"}},
		{name: "recipient missing brackets", input: []string{ehlo, mailA, "RCPT TO:bob@example.org\r\n"}, want: []string{"250", "250 2.1.0", "501 5.5.4"}},
		{name: "unknown user", input: []string{ehlo, mailA, "RCPT TO:<nobody@example.org>\r\n"}, want: []string{"250", "250 2.1.0", "550 5.1.1"}},
		{name: "relay denied", input: []string{ehlo, mailA, "RCPT TO:<carol@far.example>\r\n"}, want: []string{"250", "250 2.1.0", "554 5.7.1"}},
		{name: "relay after AUTH", cfg: withAuth, input: []string{ehlo, authPlain, mailA, "RCPT TO:<carol@far.example>\r\n"}, want: []string{"250", "235 2.7.0", "250 2.1.0", "250 2.1.5"}},
		{name: "local part of 64 octets", input: []string{ehlo, mailA, "RCPT TO:<" + strings.Repeat("a", 64) + "@example.org>\r\n"}, want: []string{"250", "250 2.1.0", "550 5.1.1"}},
		{name: "local part of 65 octets", input: []string{ehlo, mailA, "RCPT TO:<" + strings.Repeat("a", 65) + "@example.org>\r\n"}, want: []string{"250", "250 2.1.0", "501 5.1.3"}},
		{name: "domain of 256 octets", input: []string{ehlo, mailA, "RCPT TO:<a@" + strings.Repeat("b.", 127) + "cc>\r\n"}, want: []string{"250", "250 2.1.0", "501 5.1.3"}},
		{name: "NOTIFY list", input: []string{ehlo, mailA, "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.org\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5"}},
		{name: "NOTIFY NEVER with others", input: []string{ehlo, mailA, "RCPT TO:<bob@example.org> NOTIFY=NEVER,SUCCESS\r\n"}, want: []string{"250", "250 2.1.0", "501 5.5.4"}},
		{name: "NOTIFY unknown without DSN", cfg: withoutDSN, input: []string{ehlo, mailA, "RCPT TO:<bob@example.org> NOTIFY=FAILURE\r\n", rcptBob},
			want: []string{"250", "250 2.1.0", "555 5.5.4", "250 2.1.5"}},
		{name: "ORCPT unknown without DSN", cfg: withoutDSN, input: []string{ehlo, mailA, "RCPT TO:<bob@example.org> ORCPT=rfc822;bob@example.org\r\n"}, want: []string{"250", "250 2.1.0", "555 5.5.4"}},
		{name: "unknown RCPT parameter", input: []string{ehlo, mailA, "RCPT TO:<bob@example.org> XYZ=1\r\n"}, want: []string{"250", "250 2.1.0", "555 5.5.4"}},
		{name: "100 recipients at the minimum limit", cfg: func(c *smtp.Config) { c.Auth = true; c.MaxRecipients = 100 },
			input: []string{ehlo, authPlain, mailA, rcpts(101)}, want: concat([]string{"250", "235 2.7.0", "250 2.1.0"}, repeat("250 2.1.5", 100), []string{"452 4.5.3"})},
		{name: "150 recipients by default", cfg: withAuth,
			input: []string{ehlo, authPlain, mailA, rcpts(150), "DATA\r\n", "x\r\n.\r\n"}, want: concat([]string{"250", "235 2.7.0", "250 2.1.0"}, repeat("250 2.1.5", 150), []string{"354", "250 2.0.0"})},
		{name: "greylisted, then accepted", policy: func(p *testPolicy) { p.greylist = true },
			input: []string{ehlo, mailA, rcptBob, "RSET\r\n", mailA, rcptBob}, want: []string{"250", "250 2.1.0", "450 4.2.0", "250 2.0.0", "250 2.1.0", "250 2.1.5"}},

		// Line limits (RFC 5321 §4.5.3.1).
		{name: "command line of 512 octets", input: []string{long(512)}, want: []string{"250 2.0.0"}},
		{name: "command line of 513 octets", input: []string{long(513)}, want: []string{"500 5.5.2"}},
		{name: "20000-octet line, then a good one", input: []string{long(20000), "NOOP\r\n"}, want: []string{"500 5.5.2", "250 2.0.0"}},
		{name: "text line of 1000 octets", input: []string{ehlo, mailA, rcptBob, "DATA\r\n", strings.Repeat("y", 998) + "\r\n.\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0"}},
		{name: "text line of 1001 octets", input: []string{ehlo, mailA, rcptBob, "DATA\r\n", strings.Repeat("y", 999) + "\r\n.\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5", "354", "500 5.5.2"}},
		{name: "message over SIZE", cfg: func(c *smtp.Config) { c.MaxSize = 1000 },
			input: []string{ehlo, mailA, rcptBob, "DATA\r\n", strings.Repeat("z\r\n", 400) + ".\r\n", "NOOP\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5", "354", "552 5.3.4", "250 2.0.0"}},

		// Pipelining (RFC 2920): one chunk, answered in order.
		{name: "pipelined transaction", input: []string{ehlo, mailA + rcptBob + "RCPT TO:<alice@example.org>\r\nDATA\r\n", "hi\r\n.\r\nQUIT\r\n"},
			want: []string{"250", "250 2.1.0", "250 2.1.5", "250 2.1.5", "354", "250 2.0.0", "221 2.0.0"}, done: true},
		{name: "pipelined with a bad recipient", input: []string{ehlo + mailA + "RCPT TO:<nobody@example.org>\r\n" + rcptBob + "DATA\r\nhi\r\n.\r\nRSET\r\n"},
			want: []string{"250", "250 2.1.0", "550 5.1.1", "250 2.1.5", "354", "250 2.0.0", "250 2.0.0"}},
		{name: "pipelined after QUIT is ignored", input: []string{"QUIT\r\nNOOP\r\n"}, want: []string{"221 2.0.0"}, done: true},

		// AUTH (RFC 4954, RFC 4616).
		{name: "AUTH PLAIN", cfg: withAuth, input: []string{ehlo, authPlain}, want: []string{"250", "235 2.7.0"}},
		{name: "AUTH PLAIN wrong password", cfg: withAuth, input: []string{ehlo, "AUTH PLAIN " + b64("\x00alice\x00wrong") + "\r\n"}, want: []string{"250", "535 5.7.8"}},
		{name: "AUTH PLAIN lower case", cfg: withAuth, input: []string{ehlo, "auth plain " + b64("\x00bob\x00secret") + "\r\n"}, want: []string{"250", "235 2.7.0"}},
		{name: "AUTH PLAIN with challenge", cfg: withAuth, input: []string{ehlo, "AUTH PLAIN\r\n", b64("\x00alice\x00secret") + "\r\n"}, want: []string{"250", "334", "235 2.7.0"}},
		{name: "AUTH LOGIN", cfg: withAuth, input: []string{ehlo, "AUTH LOGIN\r\n", b64("alice") + "\r\n", b64("secret") + "\r\n"}, want: []string{"250", "334", "334", "235 2.7.0"}},
		{name: "AUTH LOGIN with initial user", cfg: withAuth, input: []string{ehlo, "AUTH LOGIN " + b64("alice") + "\r\n", b64("secret") + "\r\n"}, want: []string{"250", "334", "235 2.7.0"}},
		{name: "AUTH cancelled", cfg: withAuth, input: []string{ehlo, "AUTH LOGIN\r\n", "*\r\n", "NOOP\r\n"}, want: []string{"250", "334", "501 5.7.0", "250 2.0.0"}},
		{name: "AUTH bad base64", cfg: withAuth, input: []string{ehlo, "AUTH PLAIN !!!\r\n"}, want: []string{"250", "501 5.5.2"}},
		{name: "AUTH twice", cfg: withAuth, input: []string{ehlo, authPlain, authPlain}, want: []string{"250", "235 2.7.0", "503 5.5.1"}},
		{name: "AUTH inside a transaction", cfg: withAuth, input: []string{ehlo, mailA, authPlain}, want: []string{"250", "250 2.1.0", "503 5.5.1"}},
		{name: "AUTH unknown mechanism", cfg: withAuth, input: []string{ehlo, "AUTH CRAM-MD5\r\n"}, want: []string{"250", "504 5.5.4"}},
		{name: "AUTH not offered", input: []string{ehlo, authPlain}, want: []string{"250", "503 5.5.1"}},
		{name: "AUTH before EHLO", cfg: withAuth, input: []string{authPlain}, want: []string{"503 5.5.1"}},
		{name: "AUTH needs TLS", cfg: func(c *smtp.Config) { c.Auth, c.StartTLS, c.AuthRequiresTLS = true, true, true }, input: []string{ehlo, authPlain}, want: []string{"250", "538 5.7.11"}},
		{name: "submission requires AUTH", cfg: func(c *smtp.Config) { c.Auth, c.RequireAuth = true, true }, input: []string{ehlo, mailA, authPlain, mailA}, want: []string{"250", "530 5.7.0", "235 2.7.0", "250 2.1.0"}},

		// STARTTLS (RFC 3207).
		{name: "STARTTLS then EHLO again", cfg: withTLS, input: []string{ehlo, "STARTTLS\r\n", mailA, ehlo, mailA}, want: []string{"250", "220 2.0.0", "503 5.5.1", "250", "250 2.1.0"}},
		{name: "STARTTLS discards pipelined plaintext", cfg: withTLS, input: []string{ehlo, "STARTTLS\r\n" + ehlo + mailA, ehlo}, want: []string{"250", "220 2.0.0", "250"}},
		{name: "STARTTLS with argument", cfg: withTLS, input: []string{ehlo, "STARTTLS now\r\n"}, want: []string{"250", "501 5.5.4"}},
		{name: "STARTTLS twice", cfg: withTLS, input: []string{ehlo, "STARTTLS\r\n", ehlo, "STARTTLS\r\n"}, want: []string{"250", "220 2.0.0", "250", "503 5.5.1"}},
		{name: "STARTTLS not offered", input: []string{ehlo, "STARTTLS\r\n"}, want: []string{"250", "502 5.5.1"}},
		{name: "TLS required before MAIL", cfg: func(c *smtp.Config) { c.StartTLS, c.RequireTLS = true, true }, input: []string{ehlo, mailA, "STARTTLS\r\n", ehlo, mailA}, want: []string{"250", "530 5.7.0", "220 2.0.0", "250", "250 2.1.0"}},

		// Policy decisions and faults.
		{name: "greeting refused with 554", policy: func(p *testPolicy) { r := smtp.ReasonConnRefused.Reply("mx.example.org"); p.connect = &r }, greet: "554 5.7.1",
			input: []string{ehlo, "NOOP\r\n", "QUIT\r\n"}, want: []string{"503 5.5.1", "503 5.5.1", "221 2.0.0"}, done: true},
		{name: "greeting 421 closes", policy: func(p *testPolicy) { r := smtp.ReasonConnShuttingDown.Reply("mx.example.org"); p.connect = &r }, greet: "421 4.3.2",
			input: []string{ehlo}, want: nil, done: true},
		{name: "421 injected at RCPT", policy: func(p *testPolicy) {
			p.fault = func(c smtp.Command) *smtp.Reply {
				if c.Verb == "RCPT" {
					r := smtp.ReasonConnShuttingDown.Reply("mx.example.org")
					return &r
				}
				return nil
			}
		}, input: []string{ehlo, mailA, rcptBob, "NOOP\r\n"}, want: []string{"250", "250 2.1.0", "421 4.3.2"}, done: true},
		{name: "451 injected at RCPT for bob", policy: func(p *testPolicy) {
			p.fault = func(c smtp.Command) *smtp.Reply {
				if c.Verb == "RCPT" && strings.Contains(c.Arg, "bob@") {
					r := smtp.ReasonInjected.Custom(451, "4.3.0", "injected")
					return &r
				}
				return nil
			}
		}, input: []string{ehlo, mailA, rcptBob, "RCPT TO:<alice@example.org>\r\n"}, want: []string{"250", "250 2.1.0", "451 4.3.0", "250 2.1.5"}},
		{name: "mailbox full at end of data", policy: func(p *testPolicy) { r := smtp.ReasonDataMailboxFull.Reply(); p.deliver = &r },
			input: []string{ehlo, mailA, rcptBob, "DATA\r\n", "x\r\n.\r\n"}, want: []string{"250", "250 2.1.0", "250 2.1.5", "354", "552 5.2.2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := smtp.Config{Hostname: "mx.example.org"}
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			pol := newTestPolicy()
			if tt.policy != nil {
				tt.policy(pol)
			}
			srv := smtp.NewServer(cfg, pol, "192.0.2.7:40000")
			greet := "220"
			if tt.greet != "" {
				greet = tt.greet
			}
			assert.Equal(t, greet, codeStatus(srv.Greeting()))
			got := converse(t, srv, tt.input...)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.done, srv.Done(), "Done()")
		})
	}
	require.GreaterOrEqual(t, len(tests), 80, "the conformance table must keep at least 80 rows")
}

func withAuth(c *smtp.Config)   { c.Auth = true }
func withTLS(c *smtp.Config)    { c.StartTLS = true }
func withoutDSN(c *smtp.Config) { c.NoDSN = true }
