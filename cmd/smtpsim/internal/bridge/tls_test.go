package bridge

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/smtp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startTLSBridge runs the built-in world with real TLS on every service, the implicit
// ones included, and returns a client configuration that trusts its certificate.
func startTLSBridge(t *testing.T) (*Bridge, *tls.Config, *x509.Certificate) {
	t.Helper()
	cert, err := SelfSigned(time.Now())
	require.NoError(t, err)
	b := startBridge(t, func(c *Config) {
		c.TLS = ServerTLS(cert)
		c.Submissions, c.POP3S, c.IMAPS = "127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"
	})
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	return b, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}, cert.Leaf
}

// lineConn is one side of a line protocol over a connection that may turn into TLS.
type lineConn struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func newLineConn(t *testing.T, c net.Conn) *lineConn {
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	t.Cleanup(func() { c.Close() })
	return &lineConn{t: t, conn: c, r: bufio.NewReader(c)}
}

// send writes a command and reads lines until one starts with until; it returns them.
func (l *lineConn) send(cmd, until string) string {
	l.t.Helper()
	if cmd != "" {
		_, err := l.conn.Write([]byte(cmd + "\r\n"))
		require.NoError(l.t, err)
	}
	var all strings.Builder
	for {
		line, err := l.r.ReadString('\n')
		require.NoError(l.t, err, "after %q: %q", cmd, all.String())
		all.WriteString(line)
		if strings.HasPrefix(line, until) {
			return all.String()
		}
	}
}

// startTLS turns the connection into a TLS client and checks the certificate.
func (l *lineConn) startTLS(cfg *tls.Config) {
	l.t.Helper()
	require.Zero(l.t, l.r.Buffered(), "nothing may follow the go-ahead in the clear")
	tc := tls.Client(l.conn, cfg)
	require.NoError(l.t, tc.Handshake())
	l.conn, l.r = tc, bufio.NewReader(tc)
}

// TestSTARTTLS: Go's net/smtp does STARTTLS and AUTH on the SMTP and submission
// ports, a hand-driven client does STLS on POP3 and STARTTLS on IMAP, each verifying
// the self-signed certificate; the message says ESMTPSA in its Received: field.
func TestSTARTTLS(t *testing.T) {
	b, clientTLS, _ := startTLSBridge(t)
	for _, svc := range []string{"smtp", "submission"} {
		c, err := smtp.Dial(b.Addr(svc))
		require.NoError(t, err, svc)
		ok, _ := c.Extension("STARTTLS")
		require.True(t, ok, "%s offers STARTTLS", svc)
		require.NoError(t, c.StartTLS(clientTLS), svc)
		state, ok := c.TLSConnectionState()
		require.True(t, ok)
		assert.Equal(t, "localhost", state.PeerCertificates[0].Subject.CommonName)
		ok, _ = c.Extension("STARTTLS")
		assert.False(t, ok, "not offered again")
		require.NoError(t, c.Auth(smtp.PlainAuth("", "alice", "secret", "127.0.0.1")), svc)
		require.NoError(t, c.Mail("alice@example.org"))
		require.NoError(t, c.Rcpt("bob@example.org"))
		w, err := c.Data()
		require.NoError(t, err)
		_, err = w.Write([]byte("Subject: over " + svc + "\r\n\r\nencrypted\r\n"))
		require.NoError(t, err)
		require.NoError(t, w.Close())
		require.NoError(t, c.Quit())
	}

	raw, err := net.Dial("tcp", b.Addr("pop3"))
	require.NoError(t, err)
	pop := newLineConn(t, raw)
	pop.send("", "+OK")
	assert.Contains(t, pop.send("CAPA", "."), "\r\nSTLS\r\n")
	// A command pipelined behind STLS is discarded (RFC 2595 §4).
	assert.Equal(t, "+OK Begin TLS negotiation\r\n", pop.send("STLS\r\nUSER bob", "+OK"))
	pop.startTLS(clientTLS)
	assert.NotContains(t, pop.send("CAPA", "."), "STLS")
	assert.Equal(t, "-ERR send USER first\r\n", pop.send("PASS secret", "-ERR"), "the USER sent in the clear was dropped")
	pop.send("USER bob", "+OK")
	assert.Equal(t, "+OK maildrop has 2 messages", strings.SplitN(pop.send("PASS secret", "+OK"), " (", 2)[0])
	msg := pop.send("RETR 1", ".\r\n")
	assert.Contains(t, msg, "with ESMTPSA")
	pop.send("QUIT", "+OK")

	raw, err = net.Dial("tcp", b.Addr("imap"))
	require.NoError(t, err)
	im := newLineConn(t, raw)
	assert.Contains(t, im.send("", "* OK"), " STARTTLS]")
	assert.Equal(t, "a1 OK Begin TLS negotiation now\r\n", im.send("a1 STARTTLS", "a1 "))
	im.startTLS(clientTLS)
	assert.NotContains(t, im.send("a2 CAPABILITY", "a2 "), "STARTTLS")
	assert.Contains(t, im.send("a3 LOGIN bob secret", "a3 "), "a3 OK")
	assert.Contains(t, im.send("a4 SELECT INBOX", "a4 "), "* 2 EXISTS")
	im.send("a5 LOGOUT", "a5 ")
}

// TestImplicitTLS: submissions, pop3s and imaps speak TLS from the first octet; the
// sessions are secure from the start and offer no STARTTLS.
func TestImplicitTLS(t *testing.T) {
	b, clientTLS, _ := startTLSBridge(t)
	dialTLS := func(svc string) *lineConn {
		c, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", b.Addr(svc), clientTLS)
		require.NoError(t, err, svc)
		return newLineConn(t, c)
	}
	sub := dialTLS("submissions")
	sub.send("", "220 ")
	ehlo := sub.send("EHLO client.example", "250 ")
	assert.NotContains(t, ehlo, "STARTTLS")
	assert.Contains(t, ehlo, "AUTH PLAIN LOGIN")
	sub.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==", "235 ")
	sub.send("MAIL FROM:<alice@example.org>", "250 ")
	sub.send("RCPT TO:<bob@example.org>", "250 ")
	sub.send("DATA", "354 ")
	sub.send("Subject: implicit\r\n\r\nhi\r\n.", "250 ")
	sub.send("STARTTLS", "503 ")
	sub.send("QUIT", "221 ")

	pop := dialTLS("pop3s")
	pop.send("", "+OK")
	assert.NotContains(t, pop.send("CAPA", "."), "STLS")
	pop.send("USER bob", "+OK")
	pop.send("PASS secret", "+OK maildrop has 1 messages")
	assert.Contains(t, pop.send("RETR 1", ".\r\n"), "with ESMTPSA")
	pop.send("QUIT", "+OK")

	im := dialTLS("imaps")
	assert.NotContains(t, im.send("", "* OK"), "STARTTLS")
	assert.Contains(t, im.send("a1 LOGIN bob secret", "a1 "), "a1 OK")
	im.send("a2 LOGOUT", "a2 ")

	// Plain text on an implicit-TLS port gets no greeting.
	raw, err := net.Dial("tcp", b.Addr("pop3s"))
	require.NoError(t, err)
	require.NoError(t, raw.SetDeadline(time.Now().Add(5*time.Second)))
	_, _ = raw.Write([]byte("USER bob\r\n"))
	buf := make([]byte, 64)
	n, _ := raw.Read(buf)
	assert.NotContains(t, string(buf[:n]), "+OK")
	raw.Close()
}

// TestNoTLSWithoutConfig: without Config.TLS nothing offers STARTTLS and the
// implicit-TLS addresses stay closed.
func TestNoTLSWithoutConfig(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.Submissions = "127.0.0.1:0" })
	assert.Empty(t, b.Addr("submissions"))
	c, r, _ := dial(t, b.Addr("smtp"))
	_, err := c.Write([]byte("EHLO x\r\nSTARTTLS\r\n"))
	require.NoError(t, err)
	var got []string
	for len(got) == 0 || !strings.HasPrefix(got[len(got)-1], "502 ") {
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		got = append(got, line)
	}
	assert.NotContains(t, strings.Join(got, ""), "STARTTLS")
}
