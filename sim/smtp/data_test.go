package smtp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/smtp"
)

// openData returns a server in DATA mode and its policy.
func openData(t *testing.T) (*smtp.Server, *testPolicy) {
	t.Helper()
	pol := newTestPolicy()
	srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org"}, pol, "192.0.2.7:40000")
	srv.Greeting()
	require.Equal(t, []string{"250", "250 2.1.0", "250 2.1.5", "354"}, converse(t, srv, ehlo, mailA, rcptBob, "DATA\r\n"))
	return srv, pol
}

// TestSmuggling checks that only <CRLF>.<CRLF> ends the data: every other way of
// writing a lone dot is message content, so a second transaction hidden behind it is
// never executed (SMTP smuggling, RFC 5321 §4.1.1.4).
func TestSmuggling(t *testing.T) {
	smuggled := "MAIL FROM:<evil@attacker.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nSubject: forged\r\n\r\nforged\r\n"
	for _, end := range []string{"\n.\n", "\r.\r", "\r\n.\n", "\n.\r\n", "\r.\r\n", "\r\n.\r", "\n..\r\n", "\r\n\x00.\r\n"} {
		t.Run(strings.NewReplacer("\r", `\r`, "\n", `\n`, "\x00", `\0`).Replace(end), func(t *testing.T) {
			srv, pol := openData(t)
			got := converse(t, srv, "Subject: real\r\n\r\nreal"+end+smuggled+".\r\n")
			assert.Equal(t, []string{"250 2.0.0"}, got, "exactly one message must be accepted")
			require.Len(t, pol.delivered, 1)
			assert.Equal(t, "alice@example.org", pol.delivered[0].From.String())
			assert.Contains(t, string(pol.delivered[0].Data), "MAIL FROM:<evil@attacker.example>", "the smuggled text stays message content")
		})
	}
}

func TestDotUnstuffing(t *testing.T) {
	srv, pol := openData(t)
	got := converse(t, srv, "..hidden\r\n..\r\n...two\r\nend\r\n.\r\n")
	assert.Equal(t, []string{"250 2.0.0"}, got)
	require.Len(t, pol.delivered, 1)
	assert.Equal(t, ".hidden\r\n.\r\n..two\r\nend\r\n", string(pol.delivered[0].Data))
}

func TestStuffRoundTrip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a", "a\r\n"},
		{".", "..\r\n"},
		{"a\n.\nb", "a\r\n..\r\nb\r\n"},
		{"a\r.\rb\r\n", "a\r\n..\r\nb\r\n"},
		{".x\r\n..y\r\n", "..x\r\n...y\r\n"},
		{"end with CRLF\r\n", "end with CRLF\r\n"},
		{"\r", "\r\n"},
		{"\n", "\r\n"},
		{"a\r", "a\r\n"},
		{"\r\n\r\n", "\r\n\r\n"},
		{"..\n\r\r\n.", "...\r\n\r\n\r\n..\r\n"},
		{"x\r\ny\n\rz", "x\r\ny\r\n\r\nz\r\n"},
	}
	for _, tt := range tests {
		stuffed := smtp.Stuff([]byte(tt.in))
		assert.Equal(t, tt.want, string(stuffed), "Stuff(%q)", tt.in)
		srv, pol := openData(t)
		assert.Equal(t, []string{"250 2.0.0"}, converse(t, srv, string(stuffed)+".\r\n"))
		require.Len(t, pol.delivered, 1)
		// Unstuffing gives back the text with CRLF line endings.
		want := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(tt.in, "\r\n", "\n"), "\r", "\n"), "\n", "\r\n")
		if want != "" && !strings.HasSuffix(want, "\r\n") {
			want += "\r\n"
		}
		assert.Equal(t, want, string(pol.delivered[0].Data), "round trip of %q", tt.in)
	}
}

// TestChunking feeds a whole session byte by byte and all at once: the replies must
// be the same, so input split anywhere by TCP is handled.
func TestChunking(t *testing.T) {
	session := ehlo + "AUTH PLAIN " + b64("\x00alice\x00secret") + "\r\n" + mailA + rcptBob +
		"RCPT TO:<nobody@example.org>\r\nDATA\r\nSubject: x\r\n\r\n..dot\r\nline\r\n.\r\nNOOP\r\nQUIT\r\n"
	run := func(split func(string) []string) ([]string, []smtp.Envelope) {
		pol := newTestPolicy()
		srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org", Auth: true}, pol, "192.0.2.7:1")
		srv.Greeting()
		return converse(t, srv, split(session)...), pol.delivered
	}
	whole, wholeMsgs := run(func(s string) []string { return []string{s} })
	bytewise, byteMsgs := run(func(s string) []string { return strings.Split(s, "") })
	assert.Equal(t, []string{"250", "235 2.7.0", "250 2.1.0", "250 2.1.5", "550 5.1.1", "354", "250 2.0.0", "250 2.0.0", "221 2.0.0"}, whole)
	assert.Equal(t, whole, bytewise)
	assert.Equal(t, wholeMsgs, byteMsgs)
}

// TestBoundedMemory feeds far more data than the size limit and an endless command
// line; the server must answer, not grow without bound.
func TestBoundedMemory(t *testing.T) {
	pol := newTestPolicy()
	srv := smtp.NewServer(smtp.Config{Hostname: "mx", MaxSize: 4096}, pol, "x")
	srv.Greeting()
	converse(t, srv, ehlo, mailA, rcptBob, "DATA\r\n")
	chunk := strings.Repeat("0123456789abcde\r\n", 1024) // 17 KiB
	for range 100 {
		require.Empty(t, srv.Feed([]byte(chunk)))
	}
	assert.Equal(t, []string{"552 5.3.4"}, converse(t, srv, ".\r\n"))
	for range 100 {
		require.Empty(t, srv.Feed([]byte(strings.Repeat("A", 16384))))
	}
	assert.Equal(t, []string{"500 5.5.2", "250 2.0.0"}, converse(t, srv, "\r\nNOOP\r\n"))
	assert.Empty(t, pol.delivered)
}

func TestTimeout(t *testing.T) {
	srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org"}, newTestPolicy(), "x")
	srv.Greeting()
	r := srv.Timeout()
	if assert.Len(t, r, 1) {
		assert.Equal(t, "421 4.4.2", codeStatus(r[0]))
	}
	assert.True(t, srv.Done())
	assert.Empty(t, srv.Timeout(), "nothing once the session has ended")
	assert.Empty(t, srv.Feed([]byte("NOOP\r\n")), "nothing after the session ended")
}

func TestEnvelopeReachesPolicy(t *testing.T) {
	pol := newTestPolicy()
	srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org"}, pol, "x")
	srv.Greeting()
	converse(t, srv, ehlo, "MAIL FROM:<> RET=HDRS\r\n", "RCPT TO:<bob@example.org> NOTIFY=NEVER\r\n", "RCPT TO:<Postmaster>\r\n", "DATA\r\n", "x\r\n.\r\n")
	require.Len(t, pol.delivered, 1)
	env := pol.delivered[0]
	assert.True(t, env.From.IsNull())
	assert.Equal(t, []smtp.Param{{Key: "RET", Value: "HDRS"}}, env.MailParams)
	assert.Equal(t, []smtp.Path{{Local: "bob", Domain: "example.org"}, {Local: "Postmaster"}}, env.To)
	assert.Equal(t, [][]smtp.Param{{{Key: "NOTIFY", Value: "NEVER"}}, {}}, env.RcptParams)
}

// Messages of one connection, in any chunking, each arrive whole: the engine reads
// every message into the buffer of the one before, so nothing of a longer first
// message may show in a shorter second one, and the dot rules start afresh.
func TestMessagesShareNoText(t *testing.T) {
	first := "Subject: one\r\n\r\n..a long first message with a stuffed dot\r\nand a second line\r\n"
	second := "Subject: 2\r\n\r\n.x\r\n"
	conversation := ehlo + mailA + rcptBob + "DATA\r\n" + first + ".\r\n" + mailA + rcptBob + "DATA\r\n" + second + ".\r\n"
	for _, chunk := range []int{1, 7, len(conversation)} {
		t.Run(fmt.Sprint(chunk), func(t *testing.T) {
			pol := newTestPolicy()
			srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org"}, pol, "192.0.2.7:1")
			srv.Greeting()
			for p := conversation; p != ""; {
				n := min(chunk, len(p))
				srv.Feed([]byte(p[:n]))
				p = p[n:]
			}
			require.Len(t, pol.delivered, 2)
			assert.Equal(t, strings.Replace(first, "..", ".", 1), string(pol.delivered[0].Data))
			assert.Equal(t, "Subject: 2\r\n\r\nx\r\n", string(pol.delivered[1].Data))
		})
	}
}

// Each transaction of a connection keeps its own sender and recipients: a policy
// that keeps an envelope finds it as it was when later transactions (one with more
// recipients than the engine makes room for at once, one given up with RSET) have
// come and gone.
func TestEnvelopesOfOneConnectionStayApart(t *testing.T) {
	pol := newTestPolicy()
	srv := smtp.NewServer(smtp.Config{Hostname: "mx.example.org"}, pol, "192.0.2.7:1")
	srv.Greeting()
	many := strings.Repeat("RCPT TO:<alice@example.org>\r\n", 5)
	converse(t, srv, ehlo, "MAIL FROM:<a@example.net>\r\n", rcptBob, "DATA\r\n", "one\r\n.\r\n",
		"MAIL FROM:<b@example.net>\r\n", "RCPT TO:<Postmaster>\r\n", "RSET\r\n",
		"MAIL FROM:<c@example.net>\r\n", many, "DATA\r\n", "two\r\n.\r\n")
	require.Len(t, pol.delivered, 2)
	bob, alice := smtp.Path{Local: "bob", Domain: "example.org"}, smtp.Path{Local: "alice", Domain: "example.org"}
	assert.Equal(t, smtp.Path{Local: "a", Domain: "example.net"}, pol.delivered[0].From)
	assert.Equal(t, []smtp.Path{bob}, pol.delivered[0].To)
	assert.Equal(t, [][]smtp.Param{{}}, pol.delivered[0].RcptParams)
	assert.Equal(t, smtp.Path{Local: "c", Domain: "example.net"}, pol.delivered[1].From)
	assert.Equal(t, []smtp.Path{alice, alice, alice, alice, alice}, pol.delivered[1].To)
}
