package mailbox_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mailbox"
)

func TestMemory(t *testing.T) {
	m := mailbox.NewMemory()
	m.AddUser("Bob", "secret", 40)
	uid, err := m.Deliver("bob", []byte("Subject: a\r\n\r\n1\r\n"))
	require.NoError(t, err)
	assert.Equal(t, uint32(1), uid)
	_, err = m.Deliver("bob", []byte("Subject: b\r\n\r\n22222222\r\n"))
	require.ErrorIs(t, err, mailbox.ErrQuotaExceeded, "17 + 24 octets exceed the quota of 40")
	_, err = m.Deliver("carol", []byte("x"))
	require.ErrorIs(t, err, mailbox.ErrNoSuchUser)

	_, err = m.Login("bob", "wrong")
	require.ErrorIs(t, err, mailbox.ErrBadCredentials)
	_, err = m.Login("nobody", "secret")
	require.ErrorIs(t, err, mailbox.ErrBadCredentials, "unknown user and wrong password look alike")
	box, err := m.Login("BOB", "secret")
	require.NoError(t, err)

	require.NoError(t, box.SetFlags(1, []string{`\Seen`, `\seen`, `\Deleted`}))
	list := box.List()
	require.Len(t, list, 1)
	assert.Equal(t, mailbox.Message{UID: 1, Size: 17, Flags: []string{`\Deleted`, `\Seen`}}, list[0])
	assert.True(t, list[0].HasFlag(`\SEEN`))
	assert.ErrorIs(t, box.SetFlags(9, nil), mailbox.ErrNoSuchMessage)

	require.NoError(t, box.Remove(1))
	assert.Empty(t, box.List())
	assert.Equal(t, uint32(2), box.UIDNext(), "UIDs are never reused")
	_, err = box.Read(1)
	assert.ErrorIs(t, err, mailbox.ErrNoSuchMessage)
}

func TestFolders(t *testing.T) {
	st := mailbox.NewMemory()
	var removed []uint32
	st.OnRemove = func(_ string, uid uint32) { removed = append(removed, uid) }
	inbox := st.AddUser("bob", "secret", 0)
	var f mailbox.Folders = inbox
	assert.Equal(t, mailbox.DefaultFolders, f.FolderNames())
	require.NoError(t, f.CreateFolder("Work"))
	work, err := f.Folder("Work")
	require.NoError(t, err)
	first := work.UIDValidity()
	uid, err := work.(mailbox.Adder).Add([]byte("x\r\n"), nil)
	require.NoError(t, err)
	require.NoError(t, work.Remove(uid))
	assert.Empty(t, removed, "OnRemove reports the INBOX only")
	require.NoError(t, f.DeleteFolder("Work"))
	require.NoError(t, f.CreateFolder("Work"))
	again, _ := f.Folder("Work")
	assert.NotEqual(t, first, again.UIDValidity(), "a new folder never reuses a UIDVALIDITY")
	assert.ErrorIs(t, f.CreateFolder("Work"), mailbox.ErrFolderExists)
	assert.ErrorIs(t, f.RenameFolder("Nope", "X"), mailbox.ErrNoSuchFolder)
	box, err := f.Folder("inbox")
	require.NoError(t, err)
	assert.Same(t, inbox, box.(*mailbox.MemoryBox))
}
