//go:build interop

// Tests that drive real clients (Python's smtplib, poplib and imaplib; swaks) through
// a lesson's world behind the bridge.

package bridge

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
)

func python(t *testing.T, args ...string) map[string]map[string]any {
	t.Helper()
	py := requireProgram(t, "python3", "apt-get install -y python3")
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, append([]string{"testdata/lesson_clients.py"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "lesson_clients.py %s failed:\n%s\n%s", args[0], out, stderr.String())
	steps := map[string]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), sc.Text())
		steps[m["step"].(string)] = m
	}
	return steps
}

func step(t *testing.T, steps map[string]map[string]any, name string) map[string]any {
	t.Helper()
	s, ok := steps[name]
	require.True(t, ok, "step %s missing; got %v", name, steps)
	return s
}

// fetchWithPython picks the message up from the destination's POP3 and IMAP servers
// and checks what the journey through the world added to it.
func fetchWithPython(t *testing.T, b *Bridge, user, subject string) {
	t.Helper()
	steps := python(t, "fetch", port(t, b.Addr("pop3")), port(t, b.Addr("imap")), user, "secret", subject)
	assert.Contains(t, step(t, steps, "pop3.greeting")["text"], "mx.example.net")
	assert.Contains(t, step(t, steps, "pop3.login")["text"], "+OK")
	assert.EqualValues(t, 1, step(t, steps, "pop3.stat")["count"])
	msg := step(t, steps, "pop3.retr")["message"].(string)
	require.NotEmpty(t, msg, "the message is in %s's mailbox", user)
	assert.True(t, strings.HasPrefix(msg, "Return-Path: <alice@example.org>\nReceived: from mail.example.org"), msg)
	assert.Contains(t, msg, "by mx.example.net with ESMTP id")
	assert.Contains(t, msg, "by mail.example.org with ESMTPA id", "submitted after AUTH")
	assert.Contains(t, msg, "Subject: "+subject)

	assert.Equal(t, "OK", step(t, steps, "imap.login")["typ"])
	assert.EqualValues(t, 1, step(t, steps, "imap.select")["exists"])
	assert.Contains(t, step(t, steps, "imap.fetch")["body"], "Subject: "+subject)
	assert.Equal(t, "BYE", step(t, steps, "imap.logout")["typ"])
}

// TestLessonPython: Python's smtplib submits to the greylisting lesson's MSA; the
// message is greylisted by the destination, retried in accelerated virtual time and
// filed; Python's poplib and imaplib fetch it from the destination's mailbox host.
func TestLessonPython(t *testing.T) {
	b, rec, log := startLesson(t, "greylisting", nil)
	assert.Equal(t, "mail.example.org:587 (the MSA of example.org; AUTH required)", b.About("submission"))
	assert.Equal(t, "mx.example.net:25 (the MX of example.net)", b.About("smtp"))

	steps := python(t, "submit", port(t, b.Addr("submission")), "alice@example.org", "secret", "bob@example.net", "Through the world")
	assert.Contains(t, step(t, steps, "submit.ehlo")["features"], "auth")
	assert.EqualValues(t, 530, step(t, steps, "submit.no-auth")["code"])
	assert.EqualValues(t, 535, step(t, steps, "submit.bad-login")["code"])
	assert.EqualValues(t, 235, step(t, steps, "submit.login")["code"])
	assert.Empty(t, step(t, steps, "submit.send")["refused"])

	msg := journey(t, rec, "bob@example.net")
	assert.Equal(t, "x1", msg, "the refused MAIL did not use up the id")
	fetchWithPython(t, b, "bob@example.net", "Through the world")
	rec.waitFor(t, "the end of the IMAP connection", func(e trace.Event) bool {
		return e.Kind == trace.KindClose && e.Proto == "imap"
	})

	o := outcomeOf(b, msg, "bob@example.net")
	assert.Equal(t, trace.OutcomeDelivered, o.Outcome)
	assert.Equal(t, "mx.example.net/bob@example.net", o.Mailbox)

	// The learner saw it all on the log, as smtpsim run prints it.
	text := log.String()
	for _, want := range []string{
		"→ mail.example.org  connect to port 587 (smtp)",
		"→ mail.example.org  C: AUTH PLAIN ",
		"← mail.example.org  S: 535 5.7.8 ",
		"→ mail.example.org  C: (message x1, ",
		"mail.example.org → mx.example.net  C: RCPT TO:<bob@example.net>",
		"mail.example.org ← mx.example.net  S: 450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted",
		"mail.example.org · mx.example.net  defer x1 <bob@example.net> 450 4.2.0",
		"mx.example.net  deliver x1 <bob@example.net>: filed into bob@example.net's mailbox",
		"→ mx.example.net  C: USER bob@example.net",
		" SELECT INBOX",
	} {
		assert.Contains(t, text, want)
	}
}

// TestLessonSwaks: swaks, with pipelining, submits; the message takes the same way.
func TestLessonSwaks(t *testing.T) {
	swaks := requireProgram(t, "swaks", "apt-get install -y swaks")
	b, rec, _ := startLesson(t, "greylisting", nil)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	out, err := exec.CommandContext(ctx, swaks, "--server", b.Addr("submission"), "--to", "dave@example.net", "--from", "alice@example.org",
		"--auth", "PLAIN", "--auth-user", "alice@example.org", "--auth-password", "secret", "--pipeline",
		"--header", "Subject: Sent by swaks", "--body", "Hello Dave.", "--timeout", "10").CombinedOutput()
	require.NoError(t, err, "swaks failed:\n%s", out)
	assert.Contains(t, string(out), " -> MAIL FROM:<alice@example.org>\n -> RCPT TO:<dave@example.net>\n -> DATA\n", "swaks pipelined")
	assert.Contains(t, string(out), "250 2.0.0 Ok: queued as")

	journey(t, rec, "dave@example.net")
	fetchWithPython(t, b, "dave@example.net", "Sent by swaks")
}

// TestLessonGoSMTPFetchedByPython: what Go's net/smtp submitted arrives in bob's
// mailbox as Python's poplib and imaplib read it.
func TestLessonGoSMTPFetchedByPython(t *testing.T) {
	b, rec, _ := startLesson(t, "greylisting", nil)
	submitWithGoSMTP(t, b, "Sent by net/smtp")
	journey(t, rec, "bob@example.net")
	fetchWithPython(t, b, "bob@example.net", "Sent by net/smtp")
}
