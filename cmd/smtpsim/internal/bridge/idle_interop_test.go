//go:build interop

// Tests that wait for new mail in IMAP IDLE with Python's imaplib while smtplib or
// swaks delivers.

package bridge

import (
	"bufio"
	"context"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPythonIdleSmtplib: imaplib idles in alice's INBOX; smtplib delivers to her.
func TestPythonIdleSmtplib(t *testing.T) {
	python := requireProgram(t, "python3", "apt-get install -y python3")
	b := startBridge(t, nil)
	steps := runLines(t, exec.Command(python, "testdata/imap_idle.py", port(t, b.Addr("imap")), "alice", "secret",
		"smtplib", port(t, b.Addr("smtp")), "alice@example.org"))
	checkIdle(t, steps)
}

// TestPythonIdleSwaks: imaplib idles in bob's INBOX; swaks delivers to him once the
// script says it idles.
func TestPythonIdleSwaks(t *testing.T) {
	python := requireProgram(t, "python3", "apt-get install -y python3")
	swaks := requireProgram(t, "swaks", "apt-get install -y swaks")
	b := startBridge(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "testdata/imap_idle.py", port(t, b.Addr("imap")), "bob", "secret", "wait")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	steps := map[string]map[string]any{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), sc.Text())
		steps[m["step"].(string)] = m
		if m["step"] == "idling" {
			out, err := exec.CommandContext(ctx, swaks, "--server", b.Addr("smtp"), "--to", "bob@example.org",
				"--from", "carol@far.example", "--header", "Subject: Sent by swaks", "--timeout", "10").CombinedOutput()
			require.NoError(t, err, "swaks failed:\n%s", out)
		}
	}
	require.NoError(t, cmd.Wait())
	checkIdle(t, steps)
}

func checkIdle(t *testing.T, steps map[string]map[string]any) {
	t.Helper()
	assert.Equal(t, "OK", steps["login"]["typ"])
	assert.EqualValues(t, 0, steps["select"]["exists"])
	assert.Equal(t, "+ idling", steps["idle"]["line"])
	assert.Equal(t, "* 1 EXISTS", steps["news"]["line"], "the idling client heard of the new mail")
	assert.Less(t, steps["news"]["seconds"], 1.0)
	assert.Regexp(t, `^\w+ OK IDLE terminated$`, steps["done"]["line"])
	assert.Equal(t, "BYE", steps["logout"]["typ"])
}
