//go:build interop

// Tests that drive mail programs written independently of this project (Python's
// smtplib, poplib and imaplib; swaks) against the bridge.

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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireProgram returns the path of an outside program that an interop test drives;
// without it the test fails (it does not skip), saying how to install it.
func requireProgram(t testing.TB, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	require.NoError(t, err, "%s is not installed, and the interop tests (-tags interop) need it: %s (.ci/run does)", name, install)
	return path
}

func port(t *testing.T, addr string) string {
	_, p, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	return p
}

// TestPythonClients runs Python's smtplib, poplib and imaplib, written independently
// of this project, against the bridge.
func TestPythonClients(t *testing.T) {
	python := requireProgram(t, "python3", "apt-get install -y python3")
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
	left, err := filepath.Glob(filepath.Join(b.Store.dir, "bob", "*.eml"))
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
