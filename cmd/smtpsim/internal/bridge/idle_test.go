package bridge

import (
	"bufio"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// imapConn is a minimal IMAP client: tagged commands, and the untagged lines that
// come while it idles.
type imapConn struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func dialIMAP(t *testing.T, addr string) *imapConn {
	t.Helper()
	c, r, greeting := dial(t, addr)
	require.True(t, strings.HasPrefix(greeting, "* OK"), greeting)
	return &imapConn{t, c, r}
}

// line reads one line within d.
func (m *imapConn) line(d time.Duration) string {
	m.t.Helper()
	require.NoError(m.t, m.c.SetReadDeadline(time.Now().Add(d)))
	line, err := m.r.ReadString('\n')
	require.NoError(m.t, err, "no line within %s", d)
	return strings.TrimRight(line, "\r\n")
}

// do sends a tagged command and returns every line up to and including the tagged one.
func (m *imapConn) do(tag, cmd string) []string {
	m.t.Helper()
	_, err := m.c.Write([]byte(tag + " " + cmd + "\r\n"))
	require.NoError(m.t, err)
	var lines []string
	for {
		l := m.line(5 * time.Second)
		lines = append(lines, l)
		if strings.HasPrefix(l, tag+" ") {
			return lines
		}
	}
}

// idle logs in as user, selects INBOX and starts IDLE.
func (m *imapConn) idle(user string) {
	m.t.Helper()
	login := m.do("a1", "LOGIN "+user+" secret")
	require.True(m.t, strings.HasPrefix(login[len(login)-1], "a1 OK"), login)
	sel := m.do("a2", "SELECT INBOX")
	require.True(m.t, strings.HasPrefix(sel[len(sel)-1], "a2 OK"), sel)
	_, err := m.c.Write([]byte("a3 IDLE\r\n"))
	require.NoError(m.t, err)
	require.Equal(m.t, "+ idling", m.line(5*time.Second))
}

// done ends IDLE and checks the tagged OK.
func (m *imapConn) done() {
	m.t.Helper()
	_, err := m.c.Write([]byte("DONE\r\n"))
	require.NoError(m.t, err)
	for {
		l := m.line(5 * time.Second)
		if strings.HasPrefix(l, "a3 ") {
			assert.True(m.t, strings.HasPrefix(l, "a3 OK"), l)
			return
		}
	}
}

// sendLocal hands a message for rcpt to the SMTP server at addr.
func sendLocal(t *testing.T, addr, rcpt, subject string) {
	t.Helper()
	s := dialSMTP(t, addr)
	s.do("EHLO real.example")
	assert.Equal(t, "250 2.1.0 Ok", s.do("MAIL FROM:<carol@far.example>"))
	assert.Equal(t, "250 2.1.5 Ok", s.do("RCPT TO:<"+rcpt+">"))
	s.do("DATA")
	reply := s.do("Subject: " + subject + "\r\n\r\nHello.\r\n.")
	assert.True(t, strings.HasPrefix(reply, "250 2.0.0 Ok: queued as "), reply)
	s.do("QUIT")
}

// TestIdleHearsNewMail: a client in IDLE hears of mail filed into its mailbox by
// another connection at once (RFC 9051 §6.3.13), without sending a command.
func TestIdleHearsNewMail(t *testing.T) {
	b := startBridge(t, nil)
	m := dialIMAP(t, b.Addr("imap"))
	m.idle("alice")
	sendLocal(t, b.Addr("smtp"), "alice@example.org", "first")
	assert.Equal(t, "* 1 EXISTS", m.line(2*time.Second))
	sendLocal(t, b.Addr("smtp"), "alice@example.org", "second")
	assert.Equal(t, "* 2 EXISTS", m.line(2*time.Second))
	m.done()
	assert.Equal(t, []string{"a4 OK NOOP completed"}, m.do("a4", "NOOP"), "nothing left over")
}

// TestIdleHearsOtherSessions: another session's EXPUNGE and flag changes reach the
// idling client too.
func TestIdleHearsOtherSessions(t *testing.T) {
	b := startBridge(t, nil)
	for range 2 {
		_, err := b.Store.Deliver("bob", []byte("Subject: x\r\n\r\nHi.\r\n"))
		require.NoError(t, err)
	}
	m := dialIMAP(t, b.Addr("imap"))
	m.idle("bob")
	other := dialIMAP(t, b.Addr("imap"))
	other.do("b1", "LOGIN bob secret")
	other.do("b2", "SELECT INBOX")
	other.do("b3", "STORE 2 +FLAGS (\\Flagged)")
	assert.Equal(t, `* 2 FETCH (UID 2 FLAGS (\Flagged))`, m.line(2*time.Second))
	other.do("b4", "STORE 1 +FLAGS (\\Deleted)")
	assert.Equal(t, `* 1 FETCH (UID 1 FLAGS (\Deleted))`, m.line(2*time.Second))
	other.do("b5", "EXPUNGE")
	assert.Equal(t, "* 1 EXPUNGE", m.line(2*time.Second))
	m.done()
}

// TestIdleAfterMail: mail filed between SELECT and IDLE is told with the answer to IDLE.
func TestIdleAfterMail(t *testing.T) {
	b := startBridge(t, nil)
	m := dialIMAP(t, b.Addr("imap"))
	m.do("a1", "LOGIN alice secret")
	m.do("a2", "SELECT INBOX")
	sendLocal(t, b.Addr("smtp"), "alice@example.org", "early")
	_, err := m.c.Write([]byte("a3 IDLE\r\n"))
	require.NoError(t, err)
	assert.Equal(t, "* 1 EXISTS", m.line(2*time.Second))
	assert.Equal(t, "+ idling", m.line(2*time.Second))
	m.done()
}

// TestIdleKeepsTheAutologoutTimer: news does not renew the line timer; an idling
// client that never says DONE is still logged out.
func TestIdleKeepsTheAutologoutTimer(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.IMAPIdle = 500 * time.Millisecond })
	m := dialIMAP(t, b.Addr("imap"))
	m.idle("alice")
	sendLocal(t, b.Addr("smtp"), "alice@example.org", "first")
	assert.Equal(t, "* 1 EXISTS", m.line(2*time.Second))
	assert.True(t, strings.HasPrefix(m.line(2*time.Second), "* BYE"))
}

// TestLessonIdle: in a lesson's world, mail that travels through the MSA, is
// greylisted, retried and filed by the MX reaches the idling client.
func TestLessonIdle(t *testing.T) {
	b, rec, _ := startLesson(t, "greylisting", nil)
	m := dialIMAP(t, b.Addr("imap"))
	m.idle("bob@example.net")
	submitWithGoSMTP(t, b, "while idling")
	journey(t, rec, "bob@example.net")
	assert.Equal(t, "* 1 EXISTS", m.line(2*time.Second))
	m.done()
}

// TestIdleOverTLS: IDLE after STARTTLS (the connection's reader switched to TLS) and
// over implicit TLS hears of new mail as in the clear.
func TestIdleOverTLS(t *testing.T) {
	b, clientTLS, _ := startTLSBridge(t)
	raw, err := net.DialTimeout("tcp", b.Addr("imap"), 5*time.Second)
	require.NoError(t, err)
	starttls := newLineConn(t, raw)
	starttls.send("", "* OK")
	starttls.send("a0 STARTTLS", "a0 OK")
	starttls.startTLS(clientTLS)
	c, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", b.Addr("imaps"), clientTLS)
	require.NoError(t, err)
	implicit := newLineConn(t, c)
	implicit.send("", "* OK")
	for _, l := range []*lineConn{starttls, implicit} {
		l.send("a1 LOGIN alice secret", "a1 OK")
		l.send("a2 SELECT INBOX", "a2 OK")
		l.send("a3 IDLE", "+ idling")
	}
	sendLocal(t, b.Addr("smtp"), "alice@example.org", "over TLS")
	for _, l := range []*lineConn{starttls, implicit} {
		require.NoError(t, l.conn.SetReadDeadline(time.Now().Add(2*time.Second)))
		assert.Equal(t, "* 1 EXISTS\r\n", l.send("", "* "))
		require.NoError(t, l.conn.SetReadDeadline(time.Now().Add(5*time.Second)))
		assert.Contains(t, l.send("DONE", "a3 "), "a3 OK")
	}
}
