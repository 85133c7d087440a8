package bridge

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }

func startBridge(t *testing.T, mutate func(*Config)) *Bridge {
	t.Helper()
	cfg := Config{SMTP: "127.0.0.1:0", Submission: "127.0.0.1:0", POP3: "127.0.0.1:0", IMAP: "127.0.0.1:0", Store: t.TempDir(), Now: fixedNow}
	if mutate != nil {
		mutate(&cfg)
	}
	b, err := Start(cfg)
	require.NoError(t, err)
	t.Cleanup(b.Close)
	return b
}

func port(t *testing.T, addr string) string {
	_, p, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	return p
}

// TestPythonClients runs Python's smtplib, poplib and imaplib, written independently
// of this project, against the bridge.
func TestPythonClients(t *testing.T) {
	python, err := exec.LookPath("python3")
	require.NoError(t, err, "python3 is needed for the interop test: install it (apt-get install -y python3); .ci/run does")
	b := startBridge(t, nil)
	cmd := exec.Command(python, "testdata/clients.py", port(t, b.Addr("smtp")), port(t, b.Addr("submission")), port(t, b.Addr("pop3")), port(t, b.Addr("imap")))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "clients.py failed:\n%s\n%s", out, stderr.String())

	steps := map[string]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), sc.Text())
		steps[m["step"].(string)] = m
	}
	step := func(name string) map[string]any {
		s, ok := steps[name]
		require.True(t, ok, "step %s missing; output:\n%s", name, out)
		return s
	}

	assert.EqualValues(t, 250, step("smtp.ehlo")["code"])
	assert.Subset(t, step("smtp.ehlo")["features"], []any{"pipelining", "size", "8bitmime", "enhancedstatuscodes", "auth"})
	assert.Empty(t, step("smtp.send-local")["refused"])
	assert.EqualValues(t, 550, step("smtp.unknown-user")["code"])
	assert.Contains(t, step("smtp.unknown-user")["text"], "5.1.1")
	assert.EqualValues(t, 554, step("smtp.relay-denied")["code"])
	assert.Contains(t, step("smtp.relay-denied")["text"], "5.7.1 <dave@elsewhere.example>: Relay access denied")
	assert.EqualValues(t, 535, step("smtp.bad-login")["code"])
	assert.EqualValues(t, 235, step("smtp.login")["code"])
	assert.Empty(t, step("smtp.relay-after-auth")["refused"])
	assert.EqualValues(t, 252, step("smtp.vrfy")["code"])
	assert.EqualValues(t, 250, step("smtp.noop")["code"])

	assert.EqualValues(t, 530, step("submission.no-auth")["code"])
	assert.EqualValues(t, 550, step("submission.not-owner")["code"])
	assert.Contains(t, step("submission.not-owner")["text"], "5.7.1")
	assert.Empty(t, step("submission.send")["refused"])

	assert.Contains(t, step("pop3.bad-login")["text"], "-ERR")
	assert.Contains(t, step("pop3.login")["text"], "+OK")
	assert.EqualValues(t, 2, step("pop3.stat")["count"])
	assert.Len(t, step("pop3.uidl")["lines"], 2)
	retr := strings.Join(toStrings(step("pop3.retr")["lines"]), "\n")
	assert.True(t, strings.HasPrefix(retr, "Return-Path: <carol@far.example>\nReceived: from py.example (localhost [127.0.0.1])\n\tby mx.example.org with ESMTP id "), retr)
	assert.Contains(t, retr, "for <bob@example.org>; Wed, 25 Nov 2026 10:00:00 +0000")
	assert.Contains(t, retr, "Subject: From Python")
	assert.True(t, strings.HasSuffix(retr, "\nHello Bob.\n.a line with a dot"), "POP3 and SMTP dot-stuffing both undone")
	assert.Contains(t, strings.Join(toStrings(step("pop3.top")["lines"]), "\n"), "Subject: Submitted")

	assert.Contains(t, step("imap.capabilities")["caps"], "IMAP4REV1")
	assert.Contains(t, step("imap.bad-login")["text"], "AUTHENTICATIONFAILED")
	assert.Equal(t, "OK", step("imap.login")["typ"])
	assert.EqualValues(t, 1, step("imap.select")["exists"], "POP3 deleted the first message on QUIT")
	assert.Equal(t, []any{"1"}, step("imap.search")["ids"])
	assert.Contains(t, step("imap.fetch")["body"], "Subject: Submitted")
	assert.Contains(t, step("imap.fetch")["body"], "with ESMTPA id", "submitted after AUTH")
	assert.Contains(t, step("imap.envelope")["text"], `"Submitted"`)
	assert.Contains(t, step("imap.store")["text"], `\Deleted`)
	assert.Equal(t, []any{"1"}, step("imap.expunge")["expunged"])
	assert.Equal(t, "BYE", step("imap.logout")["typ"])

	// What the clients did is on disk: bob's mailbox is empty again, alice's relayed
	// message waits in the outbound folder.
	left, err := os.ReadDir(filepath.Join(b.Store.dir, "bob"))
	require.NoError(t, err)
	assert.Empty(t, left)
	relayed, err := os.ReadFile(filepath.Join(b.Store.dir, outboundFolder, "1.eml"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(relayed), "Return-Path: <alice@example.org>\r\nX-Original-To: dave@elsewhere.example\r\nReceived: from py.example"), string(relayed))
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// dial connects and reads the greeting line.
func dial(t *testing.T, addr string) (net.Conn, *bufio.Reader, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	require.NoError(t, err)
	return c, r, line
}

func TestConnectionLimit(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.MaxConns = 1 })
	_, _, first := dial(t, b.Addr("smtp"))
	assert.True(t, strings.HasPrefix(first, "220 "), first)
	_, r, second := dial(t, b.Addr("smtp"))
	assert.Equal(t, "421 4.7.0 mx.example.org Error: too many connections, try again later\r\n", second)
	_, err := r.ReadByte()
	assert.Error(t, err, "the refused connection is closed")
	_, _, pop := dial(t, b.Addr("pop3"))
	assert.True(t, strings.HasPrefix(pop, "+OK"), "limits are per service: %s", pop)
}

func TestIdleTimeout(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.Idle = 100 * time.Millisecond })
	_, r, _ := dial(t, b.Addr("smtp"))
	line, err := r.ReadString('\n') // the server speaks first once the client idles
	require.NoError(t, err)
	assert.Equal(t, "421 4.4.2 mx.example.org Error: timeout exceeded\r\n", line)
	_, err = r.ReadByte()
	assert.Error(t, err, "closed after the 421")
}

func TestMessageSizeBound(t *testing.T) {
	b := startBridge(t, func(c *Config) { c.MaxSize = 2000 })
	c, r, _ := dial(t, b.Addr("smtp"))
	send := func(s string) {
		_, err := c.Write([]byte(s))
		require.NoError(t, err)
	}
	replies := func(n int) []string {
		var out []string
		for len(out) < n {
			line, err := r.ReadString('\n')
			require.NoError(t, err)
			if len(line) > 3 && line[3] == '-' {
				continue
			}
			out = append(out, strings.TrimRight(line, "\r\n"))
		}
		return out
	}
	send("EHLO x\r\nMAIL FROM:<a@b.example> SIZE=5000\r\n")
	got := replies(2)
	assert.Equal(t, "552 5.3.4 Message size exceeds fixed limit", got[1])
	send("MAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n")
	assert.Equal(t, []string{"250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>"}, replies(3))
	chunk := strings.Repeat("0123456789012345678901234567890123456789\r\n", 100)
	for range 50 { // 210 kB against a 2000-octet limit
		send(chunk)
	}
	send(".\r\nQUIT\r\n")
	assert.Equal(t, []string{"552 5.3.4 Error: message file too big", "221 2.0.0 Bye"}, replies(2))
	entries, err := os.ReadDir(filepath.Join(b.Store.dir, "bob"))
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing stored")
}

// TestNonLoopbackNeedsPublic: the bridge refuses to face a network by accident.
func TestNonLoopbackNeedsPublic(t *testing.T) {
	_, err := Start(Config{SMTP: "0.0.0.0:0", Store: t.TempDir()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--public")
}

func TestDirStoreSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	s, err := NewDirStore(dir, map[string]string{"bob": "secret"})
	require.NoError(t, err)
	_, err = s.Deliver("bob", []byte("Subject: one\r\n\r\n1\r\n"))
	require.NoError(t, err)
	_, err = s.Deliver("bob", []byte("Subject: two\r\n\r\n2\r\n"))
	require.NoError(t, err)
	_, err = s.Deliver("nobody", []byte("x"))
	require.Error(t, err)

	again, err := NewDirStore(dir, map[string]string{"bob": "secret"})
	require.NoError(t, err)
	box, err := again.Login("BOB", "secret")
	require.NoError(t, err)
	list := box.List()
	require.Len(t, list, 2)
	assert.Equal(t, uint32(3), box.UIDNext())
	data, err := box.Read(list[1].UID)
	require.NoError(t, err)
	assert.Equal(t, "Subject: two\r\n\r\n2\r\n", string(data))
	require.NoError(t, box.Remove(list[0].UID))
	assert.NoFileExists(t, filepath.Join(dir, "bob", "1.eml"))
	_, err = again.Login("bob", "wrong")
	assert.Error(t, err)
}
