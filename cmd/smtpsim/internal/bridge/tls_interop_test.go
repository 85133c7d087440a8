//go:build interop

// Real TLS clients written elsewhere against the bridge: swaks --tls, curl with
// --ssl-reqd (STARTTLS/STLS) and with smtps://, pop3s://, imaps://, openssl s_client
// on the implicit-TLS ports, and fetchmail with its default settings (it uses STLS
// when the server offers it).

package bridge

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/smtp"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sendTLS submits a message to bob with Go's net/smtp over STARTTLS and AUTH.
func sendTLS(t *testing.T, addr string, clientTLS *tls.Config, subject string) {
	t.Helper()
	c, err := smtp.Dial(addr)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.StartTLS(clientTLS))
	require.NoError(t, c.Auth(smtp.PlainAuth("", "alice", "secret", "127.0.0.1")))
	require.NoError(t, c.Mail("alice@example.org"))
	require.NoError(t, c.Rcpt("bob@example.org"))
	w, err := c.Data()
	require.NoError(t, err)
	_, err = w.Write([]byte("Subject: " + subject + "\r\n\r\nencrypted\r\n"))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.NoError(t, c.Quit())
}

// run runs an outside program and returns its stdout and stderr together.
func run(t *testing.T, stdin string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}

// storedFor returns bob's stored messages, joined.
func storedFor(t *testing.T, b *Bridge, user string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(b.Store.dir, user, "*.eml"))
	require.NoError(t, err)
	var all strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		all.Write(data)
	}
	return all.String()
}

func writeCA(t *testing.T, cert *x509.Certificate) string {
	path := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600))
	return path
}

// TestSwaksTLS: swaks --tls does STARTTLS, then AUTH, on the SMTP and submission ports.
func TestSwaksTLS(t *testing.T) {
	swaks := requireProgram(t, "swaks", "apt-get install -y swaks")
	b, _, _ := startTLSBridge(t)
	for _, svc := range []string{"smtp", "submission"} {
		out := run(t, "", swaks, "--server", "127.0.0.1", "--port", port(t, b.Addr(svc)), "--tls",
			"--from", "alice@example.org", "--to", "bob@example.org", "--auth", "PLAIN", "--auth-user", "alice", "--auth-password", "secret",
			"--header", "Subject: swaks over "+svc)
		assert.Contains(t, out, "<-  220 2.0.0 Ready to start TLS", svc)
		assert.Contains(t, out, "=== TLS started with cipher", svc)
		assert.Contains(t, out, "<~  235 2.7.0 Authentication successful", svc)
		assert.Contains(t, out, "<~  250 2.0.0 Ok: queued as", svc)
	}
	stored := storedFor(t, b, "bob")
	assert.Equal(t, 2, strings.Count(stored, "with ESMTPSA id"), stored)
	assert.Contains(t, stored, "Subject: swaks over submission")
}

// TestCurlTLS: curl with --ssl-reqd insists on STARTTLS (SMTP, IMAP) or STLS (POP3),
// and with smtps://, pop3s://, imaps:// speaks TLS from the start; -k accepts the
// self-signed certificate.
func TestCurlTLS(t *testing.T) {
	curl := requireProgram(t, "curl", "apt-get install -y curl")
	b, _, _ := startTLSBridge(t)
	msg := filepath.Join(t.TempDir(), "msg.eml")
	require.NoError(t, os.WriteFile(msg, []byte("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: from curl\r\n\r\nHello Bob.\r\n"), 0o600))
	send := func(url string) string {
		return run(t, "", curl, "-sS", "-v", "-k", "--ssl-reqd", url, "--mail-from", "alice@example.org", "--mail-rcpt", "bob@example.org",
			"--user", "alice:secret", "-T", msg)
	}
	out := send("smtp://127.0.0.1:" + port(t, b.Addr("submission")))
	assert.Contains(t, out, "> STARTTLS")
	assert.Contains(t, out, "< 220 2.0.0 Ready to start TLS")
	assert.Contains(t, out, "SSL connection using TLS")
	out = send("smtps://127.0.0.1:" + port(t, b.Addr("submissions")))
	assert.NotContains(t, out, "STARTTLS")
	assert.Contains(t, out, "< 250 2.0.0 Ok: queued as")
	assert.Equal(t, 2, strings.Count(storedFor(t, b, "bob"), "with ESMTPSA id"))

	fetch := func(url string) string {
		return run(t, "", curl, "-sS", "-v", "-k", "--ssl-reqd", "--user", "bob:secret", url)
	}
	out = fetch("pop3://127.0.0.1:" + port(t, b.Addr("pop3")) + "/1")
	assert.Contains(t, out, "> STLS")
	assert.Contains(t, out, "Subject: from curl")
	out = fetch("pop3s://127.0.0.1:" + port(t, b.Addr("pop3s")) + "/2")
	assert.NotContains(t, out, "STLS")
	assert.Contains(t, out, "Subject: from curl")
	out = fetch("imap://127.0.0.1:" + port(t, b.Addr("imap")) + "/INBOX;MAILINDEX=1")
	assert.Contains(t, out, "STARTTLS\r\n")
	assert.Contains(t, out, "Subject: from curl")
	out = fetch("imaps://127.0.0.1:" + port(t, b.Addr("imaps")) + "/INBOX;UID=2")
	assert.NotContains(t, out, "STARTTLS\r\n")
	assert.Contains(t, out, "Subject: from curl")
}

// TestOpenSSLImplicitTLS: openssl s_client verifies the certificate (SAN localhost) on
// each implicit-TLS port and says good-bye in the protocol spoken there.
func TestOpenSSLImplicitTLS(t *testing.T) {
	openssl := requireProgram(t, "openssl", "apt-get install -y openssl")
	b, _, cert := startTLSBridge(t)
	ca := writeCA(t, cert)
	for _, tc := range []struct{ svc, send, greeting, bye string }{
		{"submissions", "QUIT\r\n", "220 mx.example.org ESMTP", "221 2.0.0 Bye"},
		{"pop3s", "QUIT\r\n", "+OK mx.example.org POP3 server ready", "+OK mx.example.org POP3 server signing off"},
		{"imaps", "a1 LOGOUT\r\n", "* OK [CAPABILITY IMAP4rev2", "a1 OK LOGOUT completed"},
	} {
		out := run(t, tc.send, openssl, "s_client", "-connect", b.Addr(tc.svc), "-servername", "localhost",
			"-CAfile", ca, "-verify_hostname", "localhost", "-verify_return_error", "-ign_eof")
		assert.Contains(t, out, "Verify return code: 0 (ok)", tc.svc)
		assert.Contains(t, out, tc.greeting, tc.svc)
		assert.Contains(t, out, tc.bye, tc.svc)
		assert.NotContains(t, out, "STARTTLS", tc.svc)
	}
}

// TestFetchmail: fetchmail with its default settings sees STLS in CAPA, starts TLS,
// checks the certificate (here against the bridge's own, given as sslcertfile) and
// fetches bob's mail.
func TestFetchmail(t *testing.T) {
	fetchmail := requireProgram(t, "fetchmail", "apt-get install -y fetchmail")
	b, clientTLS, cert := startTLSBridge(t)
	sendTLS(t, b.Addr("submission"), clientTLS, "for fetchmail")
	dir := t.TempDir()
	out := filepath.Join(dir, "delivered")
	rc := filepath.Join(dir, "fetchmailrc")
	require.NoError(t, os.WriteFile(rc, []byte(fmt.Sprintf(
		"set no syslog\npoll localhost protocol pop3 port %s\n  user \"bob\" password \"secret\" is \"bob\" here\n  sslcertfile %q\n  mda \"/bin/sh -c 'cat >> %s'\"\n",
		port(t, b.Addr("pop3")), writeCA(t, cert), out)), 0o600))
	cmd := exec.Command(fetchmail, "-v", "-f", rc, "--pidfile", filepath.Join(dir, "pid"))
	cmd.Env = append(os.Environ(), "FETCHMAILHOME="+dir, "HOME="+dir)
	log, err := cmd.CombinedOutput()
	require.NoError(t, err, "fetchmail:\n%s", log)
	assert.Contains(t, string(log), "POP3> STLS")
	assert.Contains(t, string(log), "POP3< +OK Begin TLS negotiation")
	assert.Contains(t, string(log), "1 message for bob")
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(got), "Subject: for fetchmail")
	assert.Empty(t, storedFor(t, b, "bob"), "fetchmail deletes what it fetched")
}
