//go:build interop

// Tests that drive IMAP clients written independently of this project (Python's
// imaplib, curl) against the bridge's IMAP server: MIME parts, BINARY, SASL PLAIN.

package bridge

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// multipartMessage has a text part and a base64 attachment with a NUL octet.
const multipartMessage = "From: alice@example.org\r\n" +
	"To: bob@example.org\r\n" +
	"Subject: Parts\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"xyz\"\r\n" +
	"\r\n" +
	"--xyz\r\n" +
	"Content-Type: text/plain; charset=us-ascii\r\n" +
	"\r\n" +
	"The text.\r\n" +
	"--xyz\r\n" +
	"Content-Type: application/octet-stream\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"AAEC\r\n" +
	"--xyz--\r\n"

// runLines runs a program and decodes its JSON Lines output by step.
func runLines(t *testing.T, cmd *exec.Cmd) map[string]map[string]any {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s failed:\n%s\n%s", cmd.Path, out, stderr.String())
	steps := map[string]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), sc.Text())
		steps[m["step"].(string)] = m
	}
	return steps
}

func TestPythonIMAPParts(t *testing.T) {
	python := requireProgram(t, "python3", "apt-get install -y python3")
	b := startBridge(t, nil)
	_, err := b.Store.Deliver("bob", []byte(multipartMessage))
	require.NoError(t, err)
	steps := runLines(t, exec.Command(python, "testdata/imap_parts.py", port(t, b.Addr("imap"))))

	assert.Contains(t, steps["capabilities"]["caps"], "AUTH=PLAIN")
	assert.Equal(t, "OK", steps["authenticate"]["typ"])
	assert.Equal(t, `1 (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 9 1 NIL NIL NIL NIL)`+
		`("APPLICATION" "OCTET-STREAM" NIL NIL NIL "BASE64" 4 NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "xyz") NIL NIL NIL))`,
		steps["bodystructure"]["text"])
	assert.Equal(t, "The text.", steps["parts"]["part1"])
	assert.Equal(t, "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n", steps["parts"]["mime2"])
	assert.Equal(t, "AAEC", steps["binary"]["b64"], "BINARY undid base64 and kept the NUL octet")
	assert.Equal(t, "1 (FLAGS ())", steps["flags"]["text"], "PEEK left the message unread")
}

// TestCurlIMAP fetches a MIME part the way curl's IMAP URLs do (RFC 5092), logging in
// with AUTHENTICATE PLAIN and an initial response (SASL-IR).
func TestCurlIMAP(t *testing.T) {
	curl := requireProgram(t, "curl", "apt-get install -y curl")
	b := startBridge(t, nil)
	_, err := b.Store.Deliver("bob", []byte(multipartMessage))
	require.NoError(t, err)
	base := "imap://127.0.0.1:" + port(t, b.Addr("imap"))

	cmd := exec.Command(curl, "-sS", "-v", "--max-time", "10", base+"/INBOX;UID=1;SECTION=1", "-u", "bob:secret")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "curl failed:\n%s", stderr.String())
	assert.Equal(t, "The text.", string(out))
	assert.Contains(t, stderr.String(), "> A001 CAPABILITY")
	assert.Contains(t, stderr.String(), "AUTHENTICATE PLAIN ", "curl sent its credentials with the command (SASL-IR)")

	out, err = exec.Command(curl, "-sS", "--max-time", "10", base+"/INBOX;UID=1", "-u", "bob:secret").Output()
	require.NoError(t, err)
	assert.Equal(t, multipartMessage, string(out))
}

// TestLessonIMAPFolders drives imaplib through a lesson's IMAP server, whose mailboxes
// (mailbox.Memory) have folders: CREATE, APPEND, COPY, UID MOVE, RENAME, SUBSCRIBE,
// LSUB, LIST, STATUS, DELETE and an IDLE that the client ends with DONE.
func TestLessonIMAPFolders(t *testing.T) {
	py := requireProgram(t, "python3", "apt-get install -y python3")
	b, _, _ := startLesson(t, "greylisting", nil)
	steps := runLines(t, exec.Command(py, "testdata/imap_folders.py", port(t, b.Addr("imap")), "bob@example.net", "secret"))
	for _, name := range []string{"login", "create", "append-sent", "append-inbox", "select", "copy", "move", "rename", "subscribe", "lsub", "list", "delete", "close"} {
		assert.Equal(t, "OK", steps[name]["typ"], "%s: %v", name, steps[name])
	}
	assert.Contains(t, steps["list-before"]["data"], `(\HasNoChildren \Sent) "/" Sent`)
	assert.Regexp(t, `^\[APPENDUID \d+ 1\] APPEND completed$`, steps["append-sent"]["data"].([]any)[0])
	assert.Equal(t, []any{"2"}, steps["select"]["data"])
	assert.Regexp(t, `^\[COPYUID \d+ 2 1\] COPY completed$`, steps["copy"]["data"].([]any)[0])
	assert.Equal(t, []any{"1"}, steps["select-after-move"]["data"], "MOVE took one message out of INBOX")
	assert.Equal(t, []any{`Work/2026 (MESSAGES 1 UIDNEXT 2)`}, steps["status-work"]["data"])
	assert.Equal(t, []any{`Sent (MESSAGES 1 UNSEEN 0)`}, steps["status-sent"]["data"])
	assert.Equal(t, []any{`Trash (MESSAGES 1)`}, steps["status-trash"]["data"])
	assert.Equal(t, "NO", steps["copy-missing"]["typ"])
	assert.Contains(t, steps["copy-missing"]["data"], "[TRYCREATE] No mailbox named Nowhere; CREATE it first")
	assert.Contains(t, steps["lsub"]["data"], `() "/" Projects/2026`)
	assert.Contains(t, steps["list"]["data"], `(\HasChildren) "/" Projects`)
	assert.Equal(t, []any{"+ idling", steps["idle"]["data"].([]any)[1]}, steps["idle"]["data"])
	assert.Regexp(t, `^[A-Z]+\d+ OK IDLE terminated$`, steps["idle"]["data"].([]any)[1])
	assert.Equal(t, "BYE", steps["logout"]["typ"])
}

// TestCurlAppend uploads a message into Sent the way curl -T does (APPEND with a
// synchronizing literal), through a lesson's IMAP server, then fetches it back.
func TestCurlAppend(t *testing.T) {
	curl := requireProgram(t, "curl", "apt-get install -y curl")
	b, _, _ := startLesson(t, "greylisting", nil)
	file := filepath.Join(t.TempDir(), "sent.eml")
	require.NoError(t, os.WriteFile(file, []byte(multipartMessage), 0o600))
	base := "imap://127.0.0.1:" + port(t, b.Addr("imap"))

	cmd := exec.Command(curl, "-sS", "-v", "--max-time", "10", "-T", file, base+"/Sent", "-u", "bob@example.net:secret")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), "curl failed:\n%s", stderr.String())
	assert.Contains(t, stderr.String(), "< A003 OK [APPENDUID 3 1] APPEND completed")

	out, err := exec.Command(curl, "-sS", "--max-time", "10", base+"/Sent;UID=1;SECTION=2.MIME", "-u", "bob@example.net:secret").Output()
	require.NoError(t, err)
	assert.Equal(t, "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n", string(out))
}

// TestMbsync syncs a local Maildir with a lesson's IMAP server with mbsync (isync):
// it logs in with AUTHENTICATE PLAIN, lists the folders, creates the local-only
// folder on the server and uploads its message with APPEND.
func TestMbsync(t *testing.T) {
	mbsync := requireProgram(t, "mbsync", "apt-get install -y isync")
	b, _, _ := startLesson(t, "greylisting", nil)
	dir := t.TempDir()
	mail := filepath.Join(dir, "mail")
	for _, sub := range []string{"cur", "new", "tmp"} {
		require.NoError(t, os.MkdirAll(filepath.Join(mail, "Archive", sub), 0o700))
	}
	require.NoError(t, os.WriteFile(filepath.Join(mail, "Archive", "cur", "1.host:2,S"), []byte("Subject: Old\n\nArchived.\n"), 0o600))
	rc := filepath.Join(dir, "mbsyncrc")
	require.NoError(t, os.WriteFile(rc, []byte(`IMAPAccount sim
Host 127.0.0.1
Port `+port(t, b.Addr("imap"))+`
User bob@example.net
Pass secret
SSLType None
AuthMechs PLAIN

IMAPStore sim-remote
Account sim

MaildirStore sim-local
Path `+mail+`/
Inbox `+mail+`/INBOX
SubFolders Verbatim

Channel sim
Far :sim-remote:
Near :sim-local:
Patterns *
Create Both
Expunge Both
SyncState *
`), 0o600))
	cmd := exec.Command(mbsync, "-V", "-c", rc, "sim")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "mbsync failed:\n%s", out)
	assert.Contains(t, string(out), "Authenticating with SASL mechanism PLAIN")
	assert.Contains(t, string(out), "Creating far side box Archive")
	for _, box := range []string{"Drafts", "Sent", "Trash"} {
		assert.DirExists(t, filepath.Join(mail, box, "cur"), "the server's %s was created locally", box)
	}

	c, r, _ := dial(t, b.Addr("imap"))
	_, err = c.Write([]byte("a LOGIN bob@example.net secret\r\nb STATUS Archive (MESSAGES UNSEEN)\r\nc LOGOUT\r\n"))
	require.NoError(t, err)
	var lines []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			break
		}
		lines = append(lines, line)
	}
	assert.Contains(t, lines, "* STATUS Archive (MESSAGES 1 UNSEEN 0)\r\n", "mbsync uploaded the message with its \\Seen flag")
}
