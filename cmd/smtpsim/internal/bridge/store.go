package bridge

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"smtpsim/sim/mail"
	"smtpsim/sim/mailbox"
)

// DirStore keeps each user's mailbox as a folder of .eml files, one message a file
// named by its UID, so that a learner can open what arrived with any mail program, and
// mail for other domains in the folder outbound. Flags live in memory only. It is the
// world.Store of the built-in world; it is safe for use by many goroutines at once.
type DirStore struct {
	dir   string
	mu    sync.Mutex
	users map[string]*dirBox
}

type dirBox struct {
	store    *DirStore
	user     string
	password string
	uidNext  uint32
	msgs     []dirMessage
}

type dirMessage struct {
	uid   uint32
	size  int
	flags []string
}

// NewDirStore opens (creating as needed) a folder per user under dir and loads the
// messages already there, so mail survives a restart of the bridge.
func NewDirStore(dir string, users map[string]string) (*DirStore, error) {
	s := &DirStore{dir: dir, users: map[string]*dirBox{}}
	for user, password := range users {
		box := &dirBox{store: s, user: strings.ToLower(user), password: password, uidNext: 1}
		if err := box.load(); err != nil {
			return nil, err
		}
		s.users[box.user] = box
	}
	return s, nil
}

func (b *dirBox) path() string { return filepath.Join(b.store.dir, b.user) }

func (b *dirBox) file(uid uint32) string {
	return filepath.Join(b.path(), strconv.FormatUint(uint64(uid), 10)+".eml")
}

func (b *dirBox) load() error {
	if err := os.MkdirAll(b.path(), 0o755); err != nil {
		return fmt.Errorf("mailbox %s: %w", b.user, err)
	}
	entries, err := os.ReadDir(b.path())
	if err != nil {
		return fmt.Errorf("mailbox %s: %w", b.user, err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".eml")
		uid, err := strconv.ParseUint(name, 10, 32)
		if !ok || err != nil || uid == 0 || !e.Type().IsRegular() {
			continue // not ours: leave it alone
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("mailbox %s: %w", b.user, err)
		}
		b.msgs = append(b.msgs, dirMessage{uid: uint32(uid), size: int(info.Size())})
	}
	slices.SortFunc(b.msgs, func(x, y dirMessage) int { return cmp.Compare(x.uid, y.uid) })
	if n := len(b.msgs); n > 0 {
		b.uidNext = b.msgs[n-1].uid + 1
	}
	return nil
}

// Has reports whether user has a mailbox.
func (s *DirStore) Has(user string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.users[strings.ToLower(user)]
	return ok
}

// Login implements mailbox.Store.
func (s *DirStore) Login(user, password string) (mailbox.Mailbox, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.users[strings.ToLower(user)]
	if !ok || b.password != password {
		return nil, mailbox.ErrBadCredentials
	}
	return b, nil
}

// Deliver implements world.Store: it writes msg into user's folder as UID.eml and
// returns the UID. The file appears whole or not at all: it is written under a
// temporary name and renamed.
func (s *DirStore) Deliver(user string, msg []byte) (uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.users[strings.ToLower(user)]
	if !ok {
		return 0, fmt.Errorf("deliver to %q: %w", user, mailbox.ErrNoSuchUser)
	}
	uid := b.uidNext
	if err := writeFileAtomic(b.file(uid), msg); err != nil {
		return 0, fmt.Errorf("deliver to %q: %w", user, err)
	}
	b.uidNext++
	b.msgs = append(b.msgs, dirMessage{uid: uid, size: len(msg)})
	return uid, nil
}

// Count implements world.Store.
func (s *DirStore) Count(user string) (messages, octets int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.users[strings.ToLower(user)]
	if !ok {
		return 0, 0, false
	}
	for _, m := range b.msgs {
		octets += m.size
	}
	return len(b.msgs), octets, true
}

// outboundFolder holds mail for other domains: the built-in world has no network
// beyond its own domain, so it keeps such mail where a learner can read it.
const outboundFolder = "outbound"

// Outbound implements world.Store: it writes a message for a recipient of another
// domain into the outbound folder, named by a sequence number, with Return-Path: and
// X-Original-To: fields that keep its envelope, and returns the file's name.
func (s *DirStore) Outbound(from, rcpt string, msg []byte) (string, error) {
	msg = mail.Prepend(msg, mail.ReturnPath(from), "X-Original-To: "+rcpt)
	s.mu.Lock()
	defer s.mu.Unlock()
	dir := filepath.Join(s.dir, outboundFolder)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	name := filepath.Join(dir, strconv.Itoa(len(entries)+1)+".eml")
	for i := len(entries) + 2; fileExists(name); i++ {
		name = filepath.Join(dir, strconv.Itoa(i)+".eml")
	}
	return name, writeFileAtomic(name, msg)
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return !errors.Is(err, fs.ErrNotExist)
}

func writeFileAtomic(name string, data []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// UIDValidity implements mailbox.Mailbox. UIDs come from file names and are never
// reused while the files exist, so it stays 1.
func (b *dirBox) UIDValidity() uint32 { return 1 }

// UIDNext implements mailbox.Mailbox.
func (b *dirBox) UIDNext() uint32 {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	return b.uidNext
}

// List implements mailbox.Mailbox.
func (b *dirBox) List() []mailbox.Message {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	out := make([]mailbox.Message, len(b.msgs))
	for i, m := range b.msgs {
		out[i] = mailbox.Message{UID: m.uid, Size: m.size, Flags: slices.Clone(m.flags)}
	}
	return out
}

func (b *dirBox) find(uid uint32) (int, error) {
	i, ok := slices.BinarySearchFunc(b.msgs, uid, func(m dirMessage, u uint32) int { return cmp.Compare(m.uid, u) })
	if !ok {
		return 0, fmt.Errorf("mailbox %s uid %d: %w", b.user, uid, mailbox.ErrNoSuchMessage)
	}
	return i, nil
}

// Read implements mailbox.Mailbox.
func (b *dirBox) Read(uid uint32) ([]byte, error) {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	if _, err := b.find(uid); err != nil {
		return nil, err
	}
	return os.ReadFile(b.file(uid))
}

// SetFlags implements mailbox.Mailbox.
func (b *dirBox) SetFlags(uid uint32, flags []string) error {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	i, err := b.find(uid)
	if err != nil {
		return err
	}
	b.msgs[i].flags = mailbox.NormalizeFlags(flags)
	return nil
}

// Remove implements mailbox.Mailbox.
func (b *dirBox) Remove(uids ...uint32) error {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	for _, uid := range uids {
		i, err := b.find(uid)
		if err != nil {
			return err
		}
		if err := os.Remove(b.file(uid)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("mailbox %s: %w", b.user, err)
		}
		b.msgs = slices.Delete(b.msgs, i, i+1)
	}
	return nil
}
