package pop3

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/mailbox"
)

// The fixture mailbox of alice (password "secret"). Its first delivery was removed before
// the tests start, so message numbers (1, 2, 3) and UIDs (2, 3, 4) differ, as they do in
// real maildrops.
const (
	msg1 = "From: bob@example.org\r\nSubject: one\r\n\r\nHello Alice.\r\nSecond line.\r\n" // 67 octets
	msg2 = "Subject: dots\r\n\r\n.\r\n.foo\r\nend\r\n"                                     // 31 octets
	msg3 = "Subject: three\r\n\r\nline1\r\nline2\r\nline3\r\n"                             // 39 octets
)

const testHost = "pop.example.org"

// newFixture returns a store with alice's three messages, and carol ("correct horse",
// a password with a space) with an empty mailbox.
func newFixture(t testing.TB) *mailbox.Memory {
	t.Helper()
	store := mailbox.NewMemory()
	box := store.AddUser("alice", "secret", 0)
	require.NoError(t, box.Remove(box.Append([]byte("Subject: gone\r\n\r\n"), nil)))
	for _, m := range []string{msg1, msg2, msg3} {
		box.Append([]byte(m), nil)
	}
	store.AddUser("carol", "correct horse", 0)
	return store
}

// uidsOf lists the UIDs in user's mailbox, never nil.
func uidsOf(t testing.TB, store *mailbox.Memory, user string) []uint32 {
	t.Helper()
	box, ok := store.Box(user)
	require.True(t, ok)
	uids := []uint32{}
	for _, m := range box.List() {
		uids = append(uids, m.UID)
	}
	return uids
}

// faultyStore wraps a Memory store to inject the failures a real store can have.
type faultyStore struct {
	*mailbox.Memory
	loginErr   error  // returned by Login for correct credentials
	readFail   uint32 // Read of this UID fails
	removeFail uint32 // Remove of this UID fails
	removeGone uint32 // Remove of this UID reports the message already gone
}

func (f *faultyStore) Login(user, password string) (mailbox.Mailbox, error) {
	box, err := f.Memory.Login(user, password)
	if err != nil {
		return nil, err
	}
	if f.loginErr != nil {
		return nil, f.loginErr
	}
	return faultyBox{Mailbox: box, store: f}, nil
}

type faultyBox struct {
	mailbox.Mailbox
	store *faultyStore
}

func (b faultyBox) Read(uid uint32) ([]byte, error) {
	if uid == b.store.readFail {
		return nil, errors.New("disk error")
	}
	return b.Mailbox.Read(uid)
}

func (b faultyBox) Remove(uids ...uint32) error {
	for _, uid := range uids {
		switch uid {
		case b.store.removeFail:
			return errors.New("disk error")
		case b.store.removeGone:
			if err := b.Mailbox.Remove(uid); err != nil {
				return err
			}
			return fmt.Errorf("uid %d: %w", uid, mailbox.ErrNoSuchMessage)
		}
		if err := b.Mailbox.Remove(uid); err != nil {
			return err
		}
	}
	return nil
}

// wireOf concatenates the octets of responses.
func wireOf(responses []Response) string {
	var out []byte
	for _, r := range responses {
		out = append(out, r.Wire()...)
	}
	return string(out)
}
