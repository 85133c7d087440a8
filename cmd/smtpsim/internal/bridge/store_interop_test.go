//go:build interop

package bridge

import (
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPythonIMAPFoldersOnDisk drives imaplib through the built-in world, whose
// mailboxes (DirStore) are on disk: CREATE, APPEND into Sent, COPY and UID MOVE out of
// INBOX, RENAME, SUBSCRIBE, LSUB, LIST, STATUS and DELETE; then the bridge restarts
// on the same store and the folders, their messages, UIDs and UIDVALIDITY and the
// subscriptions are all still there.
func TestPythonIMAPFoldersOnDisk(t *testing.T) {
	py := requireProgram(t, "python3", "apt-get install -y python3")
	store := t.TempDir()
	b := startBridge(t, func(c *Config) { c.Store = store })
	steps := runLines(t, exec.Command(py, "testdata/imap_folders.py", port(t, b.Addr("imap")), "bob", "secret"))
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
	assert.Contains(t, steps["copy-missing"]["data"], "[TRYCREATE] No mailbox named Nowhere; CREATE it first")
	assert.Contains(t, steps["lsub"]["data"], `() "/" Projects/2026`)
	assert.Contains(t, steps["list"]["data"], `(\HasChildren) "/" Projects`)
	assert.NotContains(t, steps["list"]["data"], `(\HasNoChildren) "/" Work`)

	folders := []string{"INBOX", "Sent", "Trash", "Projects"}
	before := runLines(t, exec.Command(py, append([]string{"testdata/imap_list.py", port(t, b.Addr("imap")), "bob", "secret", "+Projects", "+Later/Maybe"}, folders...)...))
	assert.Equal(t, "OK", before["subscribe Later/Maybe"]["typ"], "a name that does not exist may be subscribed to")
	b.Close()
	b = startBridge(t, func(c *Config) { c.Store = store })
	after := runLines(t, exec.Command(py, append([]string{"testdata/imap_list.py", port(t, b.Addr("imap")), "bob", "secret"}, folders...)...))
	assert.ElementsMatch(t, []any{`(\HasNoChildren \Drafts) "/" Drafts`, `(\HasNoChildren) "/" INBOX`, `(\HasNoChildren) "/" Projects`,
		`(\HasNoChildren \Sent) "/" Sent`, `(\HasNoChildren \Trash) "/" Trash`}, after["list"]["data"])
	assert.Equal(t, before["list"]["data"], after["list"]["data"])
	assert.Equal(t, before["lsub"]["data"], after["lsub"]["data"])
	assert.Contains(t, after["lsub"]["data"], `() "/" Projects`)
	assert.Contains(t, after["lsub"]["data"], `(\Noselect) "/" Later/Maybe`)
	assert.NotContains(t, after["lsub"]["data"], `() "/" Projects/2026`, "DELETE unsubscribed it")
	for _, name := range folders {
		assert.Equal(t, before["status "+name], after["status "+name], name)
	}
	status := after["status Sent"]["data"].([]any)
	require.Len(t, status, 1)
	assert.Regexp(t, `^Sent \(MESSAGES 1 UIDNEXT 2 UIDVALIDITY \d+ UNSEEN 0\)$`, status[0])
	assert.Regexp(t, `^Projects \(MESSAGES 0 UIDNEXT 1 UIDVALIDITY \d+ UNSEEN 0\)$`, after["status Projects"]["data"].([]any)[0])
	assert.Regexp(t, `^Trash \(MESSAGES 1 UIDNEXT 2 UIDVALIDITY \d+ UNSEEN 1\)$`, after["status Trash"]["data"].([]any)[0])
}
