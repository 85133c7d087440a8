package bridge

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mailbox"
)

var bobOnly = map[string]string{"bob": "secret"}

// folders opens bob's INBOX in a DirStore over dir and returns it as mailbox.Folders.
func folders(t *testing.T, dir string) (*DirStore, mailbox.Folders) {
	t.Helper()
	s, err := NewDirStore(dir, bobOnly)
	require.NoError(t, err)
	box, err := s.Login("bob", "secret")
	require.NoError(t, err)
	f, ok := box.(mailbox.Folders)
	require.True(t, ok, "the INBOX of a DirStore implements mailbox.Folders")
	return s, f
}

func add(t *testing.T, box mailbox.Mailbox, msg string, flags ...string) uint32 {
	t.Helper()
	a, ok := box.(mailbox.Adder)
	require.True(t, ok, "every DirStore mailbox implements mailbox.Adder")
	uid, err := a.Add([]byte(msg), flags)
	require.NoError(t, err)
	return uid
}

func folder(t *testing.T, f mailbox.Folders, name string) mailbox.Mailbox {
	t.Helper()
	box, err := f.Folder(name)
	require.NoError(t, err)
	return box
}

// TestDirStoreNewUserFolders: a new user has Drafts, Sent and Trash, subscribed with
// INBOX, as a mailbox.Memory user does.
func TestDirStoreNewUserFolders(t *testing.T) {
	_, f := folders(t, t.TempDir())
	assert.Equal(t, mailbox.DefaultFolders, f.FolderNames())
	assert.Equal(t, []string{"Drafts", "INBOX", "Sent", "Trash"}, f.Subscriptions())
	for _, name := range []string{"INBOX", "inbox", "InBoX"} {
		assert.Same(t, f, folder(t, f, name), "INBOX in any case is the INBOX")
	}
	_, err := f.Folder("sent")
	assert.ErrorIs(t, err, mailbox.ErrNoSuchFolder, "folder names other than INBOX are exact")
	_, err = f.Folder("Nope")
	assert.ErrorIs(t, err, mailbox.ErrNoSuchFolder)
}

func TestDirStoreCreateFolder(t *testing.T) {
	dir := t.TempDir()
	_, f := folders(t, dir)
	synced := recordFsync(t)
	require.NoError(t, f.CreateFolder("Work/2024"))
	assert.Equal(t, []string{"Drafts", "Sent", "Trash", "Work/2024"}, f.FolderNames())
	box := folder(t, f, "Work/2024")
	assert.Equal(t, uint32(1), box.UIDNext())
	assert.Empty(t, box.List())
	assert.NotEqual(t, folder(t, f, "Trash").UIDValidity(), box.UIDValidity())
	assert.NotEqual(t, f.(mailbox.Mailbox).UIDValidity(), box.UIDValidity())
	assert.Contains(t, synced(), filepath.Join(dir, "bob", ".folders"), "the new folder's directory entry")

	assert.ErrorIs(t, f.CreateFolder("Work/2024"), mailbox.ErrFolderExists)
	assert.ErrorIs(t, f.CreateFolder("inbox"), mailbox.ErrFolderExists)
	assert.NoError(t, f.CreateFolder("work/2024"), "names are exact")

	// A directory already there (as "Work" is for "work" where the file system
	// ignores case) is never taken over or emptied.
	stray := filepath.Join(dir, "bob", ".folders", "Stray")
	require.NoError(t, os.MkdirAll(stray, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(stray, "1.eml"), []byte("x"), 0o644))
	assert.ErrorIs(t, f.CreateFolder("Stray"), mailbox.ErrFolderExists)
	assert.FileExists(t, filepath.Join(stray, "1.eml"))
}

func TestDirStoreAdd(t *testing.T) {
	dir := t.TempDir()
	s, f := folders(t, dir)
	synced := recordFsync(t)
	sent := folder(t, f, "Sent")
	assert.Equal(t, uint32(1), add(t, sent, "Subject: a\r\n\r\na\r\n", `\Seen`))
	assert.Equal(t, uint32(2), add(t, sent, "Subject: b\r\n\r\nb\r\n"))
	assert.Contains(t, synced(), filepath.Join(dir, "bob", ".folders", "Sent"), "the folder, after the rename")
	list := sent.List()
	require.Len(t, list, 2)
	assert.Equal(t, []string{`\Seen`}, list[0].Flags)
	data, err := sent.Read(2)
	require.NoError(t, err)
	assert.Equal(t, "Subject: b\r\n\r\nb\r\n", string(data))
	n, _, _ := s.Count("bob")
	assert.Zero(t, n, "the INBOX got nothing")

	assert.Equal(t, uint32(1), add(t, f.(mailbox.Mailbox), "Subject: c\r\n\r\nc\r\n", `\Flagged`), "the INBOX is an Adder too")
	uid, err := s.Deliver("bob", []byte("x\r\n"))
	require.NoError(t, err)
	assert.Equal(t, uint32(2), uid, "Deliver and Add share the INBOX's UIDs")
}

// TestDirStoreAddFull: a full disk is a full mailbox.
func TestDirStoreAddFull(t *testing.T) {
	_, f := folders(t, t.TempDir())
	old := fsync
	fsync = func(*os.File) error { return syscall.ENOSPC }
	t.Cleanup(func() { fsync = old })
	_, err := folder(t, f, "Sent").(mailbox.Adder).Add([]byte("x\r\n"), nil)
	assert.ErrorIs(t, err, mailbox.ErrQuotaExceeded)
}

func TestDirStoreDeleteFolder(t *testing.T) {
	dir := t.TempDir()
	_, f := folders(t, dir)
	require.NoError(t, f.CreateFolder("Work"))
	require.NoError(t, f.CreateFolder("Work/2024"))
	work := folder(t, f, "Work")
	add(t, work, "x\r\n")
	require.NoError(t, f.DeleteFolder("Work"))
	assert.Equal(t, []string{"Drafts", "Sent", "Trash", "Work/2024"}, f.FolderNames(), "subfolders stay")
	assert.NoDirExists(t, filepath.Join(dir, "bob", ".folders", "Work"), "messages and all")
	_, err := work.Read(1)
	assert.Error(t, err, "a box opened before the delete is gone")
	assert.ErrorIs(t, f.DeleteFolder("Work"), mailbox.ErrNoSuchFolder)
	assert.ErrorIs(t, f.DeleteFolder("INBOX"), mailbox.ErrNoSuchFolder)
}

func TestDirStoreRenameFolder(t *testing.T) {
	dir := t.TempDir()
	_, f := folders(t, dir)
	require.NoError(t, f.CreateFolder("Work"))
	require.NoError(t, f.CreateFolder("Work/2024"))
	require.NoError(t, f.CreateFolder("Workshop"))
	sub := folder(t, f, "Work/2024")
	validity := sub.UIDValidity()
	add(t, sub, "Subject: kept\r\n\r\n", `\Seen`)

	require.NoError(t, f.RenameFolder("Work", "Jobs/Old"))
	assert.Equal(t, []string{"Drafts", "Jobs/Old", "Jobs/Old/2024", "Sent", "Trash", "Workshop"}, f.FolderNames())
	moved := folder(t, f, "Jobs/Old/2024")
	assert.Equal(t, validity, moved.UIDValidity())
	require.Len(t, moved.List(), 1)
	assert.Equal(t, mailbox.Message{UID: 1, Size: 17, Flags: []string{`\Seen`}}, moved.List()[0])
	data, err := sub.Read(1)
	require.NoError(t, err, "a box opened before the rename follows it")
	assert.Equal(t, "Subject: kept\r\n\r\n", string(data))

	assert.ErrorIs(t, f.RenameFolder("Work", "X"), mailbox.ErrNoSuchFolder)
	assert.ErrorIs(t, f.RenameFolder("Workshop", "Sent"), mailbox.ErrFolderExists)
	assert.ErrorIs(t, f.RenameFolder("Workshop", "INBOX"), mailbox.ErrFolderExists)
}

func TestDirStoreSubscriptions(t *testing.T) {
	_, f := folders(t, t.TempDir())
	require.NoError(t, f.Subscribe("Not/There", true))
	require.NoError(t, f.Subscribe("Trash", false))
	require.NoError(t, f.Subscribe("Trash", false))
	assert.Equal(t, []string{"Drafts", "INBOX", "Not/There", "Sent"}, f.Subscriptions())
}

// TestDirStoreFoldersSurviveRestart: folders, their messages, flags, UIDs and
// UIDVALIDITY, and the subscriptions outlive the store; a folder deleted and made
// again never gets a UIDVALIDITY given before, even across restarts.
func TestDirStoreFoldersSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	_, f := folders(t, dir)
	require.NoError(t, f.CreateFolder("Work/2024"))
	require.NoError(t, f.DeleteFolder("Trash"))
	require.NoError(t, f.Subscribe("Work/2024", true))
	work := folder(t, f, "Work/2024")
	add(t, work, "one\r\n")
	add(t, work, "two\r\n")
	require.NoError(t, work.SetFlags(2, []string{`\Answered`, `\Seen`}))
	require.NoError(t, work.Remove(1))
	validity := work.UIDValidity()
	seen := map[uint32]bool{f.(mailbox.Mailbox).UIDValidity(): true}
	for _, name := range f.FolderNames() {
		seen[folder(t, f, name).UIDValidity()] = true
	}

	_, f = folders(t, dir)
	assert.Equal(t, []string{"Drafts", "Sent", "Work/2024"}, f.FolderNames(), "a deleted default folder stays deleted")
	assert.Equal(t, []string{"Drafts", "INBOX", "Sent", "Trash", "Work/2024"}, f.Subscriptions(), "DeleteFolder leaves subscriptions alone")
	work = folder(t, f, "Work/2024")
	assert.Equal(t, validity, work.UIDValidity())
	assert.Equal(t, []mailbox.Message{{UID: 2, Size: 5, Flags: []string{`\Answered`, `\Seen`}}}, work.List())
	assert.Equal(t, uint32(3), add(t, work, "three\r\n"), "UID 1 was given once")

	for range 3 {
		require.NoError(t, f.DeleteFolder("Work/2024"))
		require.NoError(t, f.CreateFolder("Work/2024"))
		v := folder(t, f, "Work/2024").UIDValidity()
		assert.False(t, seen[v], "UIDVALIDITY %d given twice", v)
		seen[v] = true
		_, f = folders(t, dir)
		assert.Equal(t, v, folder(t, f, "Work/2024").UIDValidity())
	}
}

// TestDirStoreRefusesTraversal: no folder name reaches outside the user's .folders
// directory or onto the INBOX's files.
func TestDirStoreRefusesTraversal(t *testing.T) {
	dir := t.TempDir()
	_, f := folders(t, dir)
	for _, name := range []string{"", "..", "../alice", "a/../../x", "/etc", "a//b", "a/", ".", "a/./b", "nul\x00", "line\nbreak", "\xff"} {
		assert.Error(t, f.CreateFolder(name), "%q", name)
	}
	assert.Equal(t, mailbox.DefaultFolders, f.FolderNames())
	require.NoError(t, f.CreateFolder("Work"))
	assert.Error(t, f.RenameFolder("Work", "../../escape"))

	// Names that look like paths or like the INBOX's files are folders like any other.
	for _, name := range []string{".state", ".folders", "..x", "1.eml", `a\b`, "C:", "100%", "Ünïcödé"} {
		require.NoError(t, f.CreateFolder(name), "%q", name)
		add(t, folder(t, f, name), "x\r\n")
	}
	entries, err := os.ReadDir(filepath.Join(dir, "bob"))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{".folders", ".state"}, names, "nothing new beside the INBOX's files")
	_, err = os.Stat(filepath.Join(dir, "escape"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	_, f = folders(t, dir)
	assert.Contains(t, f.FolderNames(), "Ünïcödé")
	assert.Contains(t, f.FolderNames(), ".state")
	assert.Len(t, folder(t, f, "100%").List(), 1)
	assert.Empty(t, f.(mailbox.Mailbox).List(), "the INBOX holds none of it")
}
