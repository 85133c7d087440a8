package bridge

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordFsync replaces fsync for one test and returns the names it was called for.
func recordFsync(t *testing.T) func() []string {
	var mu sync.Mutex
	var names []string
	old := fsync
	fsync = func(f *os.File) error {
		mu.Lock()
		names = append(names, f.Name())
		mu.Unlock()
		return old(f)
	}
	t.Cleanup(func() { fsync = old })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), names...)
	}
}

// TestDeliverIsDurable: Deliver returns only once the message file and its folder
// are on disk.
func TestDeliverIsDurable(t *testing.T) {
	dir := t.TempDir()
	s, err := NewDirStore(dir, map[string]string{"bob": "secret"})
	require.NoError(t, err)
	synced := recordFsync(t)
	uid, err := s.Deliver("bob", []byte("Subject: one\r\n\r\n1\r\n"))
	require.NoError(t, err)
	file := filepath.Join(dir, "bob", "1.eml")
	require.Equal(t, uint32(1), uid)
	assert.Contains(t, synced(), file+".tmp", "the message's octets")
	assert.Contains(t, synced(), filepath.Join(dir, "bob"), "the folder, after the rename")
}

// TestUIDsAndFlagsSurviveRestart: a restart neither gives a deleted message's UID to a
// new one under the same UIDVALIDITY (RFC 9051 §2.3.1.1) nor loses flags.
func TestUIDsAndFlagsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	users := map[string]string{"bob": "secret"}
	s, err := NewDirStore(dir, users)
	require.NoError(t, err)
	for range 2 {
		_, err = s.Deliver("bob", []byte("Subject: x\r\n\r\nx\r\n"))
		require.NoError(t, err)
	}
	box, err := s.Login("bob", "secret")
	require.NoError(t, err)
	validity := box.UIDValidity()
	require.NoError(t, box.SetFlags(1, []string{`\Seen`, `\Flagged`}))
	require.NoError(t, box.Remove(2))

	again, err := NewDirStore(dir, users)
	require.NoError(t, err)
	box, err = again.Login("bob", "secret")
	require.NoError(t, err)
	assert.Equal(t, validity, box.UIDValidity())
	assert.Equal(t, uint32(3), box.UIDNext())
	list := box.List()
	require.Len(t, list, 1)
	assert.Equal(t, []string{`\Flagged`, `\Seen`}, list[0].Flags)
	uid, err := again.Deliver("bob", []byte("Subject: y\r\n\r\ny\r\n"))
	require.NoError(t, err)
	assert.Equal(t, uint32(3), uid, "UID 2 was given once")
}

// submit sends one message over SMTP, with AUTH PLAIN when user is set, and returns
// the reply to the final dot.
func submit(t *testing.T, addr, user, from string, rcpts ...string) string {
	t.Helper()
	s := dialSMTP(t, addr)
	require.Regexp(t, "^250 ", s.do("EHLO client.example"))
	if user != "" {
		require.Regexp(t, "^235 ", s.do("AUTH PLAIN "+base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00secret"))))
	}
	require.Regexp(t, "^250 ", s.do("MAIL FROM:<"+from+">"))
	for _, r := range rcpts {
		require.Regexp(t, "^250 ", s.do("RCPT TO:<"+r+">"))
	}
	require.Regexp(t, "^354 ", s.do("DATA"))
	return s.do("Subject: hi\r\n\r\nHello\r\n.")
}

func emlFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	require.NoError(t, err)
	return files
}

// TestOneCopyPerMailbox: addresses that all lead to alice's mailbox give one copy.
func TestOneCopyPerMailbox(t *testing.T) {
	b := startBridge(t, nil)
	reply := submit(t, b.Addr("smtp"), "", "carol@far.example", "postmaster", "Postmaster@example.org", "ALICE@example.org", "bob@example.org")
	require.Regexp(t, "^250 ", reply)
	assert.Len(t, emlFiles(t, filepath.Join(b.Store.dir, "alice")), 1)
	assert.Len(t, emlFiles(t, filepath.Join(b.Store.dir, "bob")), 1)
}

var queuedAs = regexp.MustCompile(`queued as (\S+)`)

// TestQueueIDsSurviveRestart: the queue id in the 250 names one message in the life
// of the store folder, not one per run.
func TestQueueIDsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	ids := map[string]bool{}
	for run := range 2 {
		b := startBridge(t, func(c *Config) { c.Store = dir })
		m := queuedAs.FindStringSubmatch(submit(t, b.Addr("smtp"), "", "carol@far.example", "bob@example.org"))
		require.NotNil(t, m)
		assert.False(t, ids[m[1]], "run %d: queue id %s again", run, m[1])
		ids[m[1]] = true
		b.Close()
	}
}

// TestRelayedMailStoredBeforeReply: mail for another domain is in outbound/ by the time
// the client reads the 250, even when the world's clock lags behind (a busy loop).
func TestRelayedMailStoredBeforeReply(t *testing.T) {
	var offset atomic.Int64
	offset.Store(int64(time.Second))
	clock := func() time.Time { return fixedNow().Add(time.Duration(offset.Load())) }
	b := startBridge(t, func(c *Config) { c.Now = clock })
	s := dialSMTP(t, b.Addr("submission"))
	offset.Store(int64(2 * time.Second)) // the world moves on to 1s …
	require.Regexp(t, "^250 ", s.do("EHLO client.example"))
	require.Regexp(t, "^235 ", s.do("AUTH PLAIN "+base64.StdEncoding.EncodeToString([]byte("\x00alice\x00secret"))))
	require.Regexp(t, "^250 ", s.do("MAIL FROM:<alice@example.org>"))
	require.Regexp(t, "^250 ", s.do("RCPT TO:<carol@far.example>"))
	require.Regexp(t, "^354 ", s.do("DATA"))
	offset.Store(int64(time.Second)) // … and then its loop sees no time passing
	require.Regexp(t, "^250 ", s.do("Subject: out\r\n\r\nbye\r\n."))
	assert.Len(t, emlFiles(t, filepath.Join(b.Store.dir, outboundFolder)), 1)
}
