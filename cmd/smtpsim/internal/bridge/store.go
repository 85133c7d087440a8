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
	"time"

	"smtpsim/sim/mail"
	"smtpsim/sim/mailbox"
)

// DirStore keeps each user's mailbox as a folder of .eml files, one message a file
// named by its UID, so that a learner can open what arrived with any mail program, and
// mail for other domains in the folder outbound. Each mailbox folder also holds a
// small text file, stateFile, with its UIDVALIDITY, UIDNEXT and the flags of each
// message, so that a UID is never given twice under one UIDVALIDITY (RFC 9051
// §2.3.1.1, RFC 1939 §7) and flags outlive a restart. Each user also has folders
// besides the INBOX (mailbox.Folders, see store_folders.go), and every mailbox takes
// messages from its user's client (mailbox.Adder). Every write is made durable (the
// file and its folder fsynced) before the call returns. It is the world.Store of the
// built-in world; it is safe for use by many goroutines at once.
type DirStore struct {
	dir      string
	mu       sync.Mutex
	users    map[string]*dirBox
	queueIDs uint32 // the last queue number handed out, kept in queueFile
}

type dirBox struct {
	store       *DirStore
	user        string
	password    string
	folder      string      // "" for the INBOX
	acct        *dirAccount // the user's folders, shared by all their boxes
	gone        bool        // the folder was deleted
	uidValidity uint32
	uidNext     uint32
	msgs        []dirMessage
}

// stateFile is the name of a mailbox's state inside its folder; queueFile keeps the
// last queue number in the store's folder.
const (
	stateFile = ".state"
	queueFile = ".queue"
)

type dirMessage struct {
	uid   uint32
	size  int
	flags []string
}

// NewDirStore opens (creating as needed) a folder per user under dir and loads the
// messages already there, so mail survives a restart of the bridge.
func NewDirStore(dir string, users map[string]string) (*DirStore, error) {
	s := &DirStore{dir: dir, users: map[string]*dirBox{}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if data, err := os.ReadFile(filepath.Join(dir, queueFile)); err == nil {
		n, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, queueFile), err)
		}
		s.queueIDs = uint32(n)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for user, password := range users {
		box := &dirBox{store: s, user: strings.ToLower(user), password: password, uidNext: 1}
		if err := box.load(); err != nil {
			return nil, err
		}
		if err := box.loadFolders(); err != nil {
			return nil, err
		}
		s.users[box.user] = box
	}
	return s, nil
}

func (b *dirBox) path() string {
	if b.folder != "" {
		return filepath.Join(b.store.dir, b.user, foldersDir, encodeFolder(b.folder))
	}
	return filepath.Join(b.store.dir, b.user)
}

// name is how errors call the mailbox.
func (b *dirBox) name() string {
	if b.folder != "" {
		return b.user + " folder " + strconv.Quote(b.folder)
	}
	return b.user
}

func (b *dirBox) file(uid uint32) string {
	return filepath.Join(b.path(), strconv.FormatUint(uint64(uid), 10)+".eml")
}

func (b *dirBox) load() error {
	if err := os.MkdirAll(b.path(), 0o755); err != nil {
		return fmt.Errorf("mailbox %s: %w", b.name(), err)
	}
	entries, err := os.ReadDir(b.path())
	if err != nil {
		return fmt.Errorf("mailbox %s: %w", b.name(), err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".eml")
		uid, err := strconv.ParseUint(name, 10, 32)
		if !ok || err != nil || uid == 0 || !e.Type().IsRegular() {
			continue // not ours: leave it alone
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("mailbox %s: %w", b.name(), err)
		}
		b.msgs = append(b.msgs, dirMessage{uid: uint32(uid), size: int(info.Size())})
	}
	slices.SortFunc(b.msgs, func(x, y dirMessage) int { return cmp.Compare(x.uid, y.uid) })
	flags, err := b.loadState()
	if err != nil {
		return err
	}
	if n := len(b.msgs); n > 0 && b.msgs[n-1].uid >= b.uidNext {
		b.uidNext = b.msgs[n-1].uid + 1
	}
	for i, m := range b.msgs {
		b.msgs[i].flags = flags[m.uid]
	}
	return b.saveState()
}

// loadState reads the mailbox's state file. Without one (a new mailbox, or a folder
// from an older bridge) the mailbox starts a new UIDVALIDITY: UIDs given before cannot
// be known, so clients must forget what they cached.
func (b *dirBox) loadState() (map[uint32][]string, error) {
	flags := map[uint32][]string{}
	data, err := os.ReadFile(filepath.Join(b.path(), stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		b.uidValidity = uint32(time.Now().Unix())
		return flags, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mailbox %s: %w", b.name(), err)
	}
	bad := func(line string) error {
		return fmt.Errorf("mailbox %s: %s: bad line %q", b.name(), filepath.Join(b.path(), stateFile), line)
	}
	for line := range strings.Lines(string(data)) {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		n, err := strconv.ParseUint(fields[1], 10, 32)
		if err != nil || n == 0 {
			return nil, bad(line)
		}
		switch fields[0] {
		case "uidvalidity":
			b.uidValidity = uint32(n)
		case "uidnext":
			b.uidNext = uint32(n)
		case "flags":
			flags[uint32(n)] = mailbox.NormalizeFlags(fields[2:])
		default:
			return nil, bad(line)
		}
	}
	if b.uidValidity == 0 {
		b.uidValidity = uint32(time.Now().Unix())
	}
	return flags, nil
}

// saveState writes the mailbox's state file durably; the caller holds the lock (or
// is loading).
func (b *dirBox) saveState() error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "uidvalidity %d\nuidnext %d\n", b.uidValidity, b.uidNext)
	for _, m := range b.msgs {
		if len(m.flags) > 0 {
			fmt.Fprintf(&sb, "flags %d %s\n", m.uid, strings.Join(m.flags, " "))
		}
	}
	if err := writeFileAtomic(filepath.Join(b.path(), stateFile), []byte(sb.String())); err != nil {
		return fmt.Errorf("mailbox %s: %w", b.name(), err)
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
// temporary name, fsynced, renamed, and the folder fsynced, so that once Deliver
// returns (and the world answers 250) the message survives a crash. UIDNEXT is saved
// first: a crash in between skips a UID rather than giving it twice.
func (s *DirStore) Deliver(user string, msg []byte) (uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.users[strings.ToLower(user)]
	if !ok {
		return 0, fmt.Errorf("deliver to %q: %w", user, mailbox.ErrNoSuchUser)
	}
	uid := b.uidNext
	b.uidNext++
	if err := b.saveState(); err != nil {
		return 0, fmt.Errorf("deliver to %q: %w", user, err)
	}
	if err := writeFileAtomic(b.file(uid), msg); err != nil {
		return 0, fmt.Errorf("deliver to %q: %w", user, err)
	}
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

// NextQueueNumber implements world.QueueNumbers: the built-in world's queue ids go on
// from where the last run left them, kept in queueFile, so that no two messages of
// the store's life share one. Should the file not be written, the number is still
// unique for this run.
func (s *DirStore) NextQueueNumber() uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queueIDs++
	_ = writeFileAtomic(filepath.Join(s.dir, queueFile), []byte(strconv.FormatUint(uint64(s.queueIDs), 10)+"\n"))
	return s.queueIDs
}

// fsync makes a file's or folder's content durable; tests replace it to see the calls.
var fsync = (*os.File).Sync

// writeFileAtomic writes name whole or not at all, durably: a temporary file is
// written and fsynced, renamed, and the folder fsynced so the rename itself survives
// a crash.
func writeFileAtomic(name string, data []byte) error {
	tmp := name + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = fsync(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(name))
}

// syncDir fsyncs a folder, so that files created, renamed or removed in it stay so.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return fsync(d)
}

// UIDValidity implements mailbox.Mailbox. It is kept in the state file and changes
// only when that file is lost.
func (b *dirBox) UIDValidity() uint32 {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	return b.uidValidity
}

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
	if b.gone {
		return 0, fmt.Errorf("mailbox %s: %w", b.name(), mailbox.ErrNoSuchFolder)
	}
	i, ok := slices.BinarySearchFunc(b.msgs, uid, func(m dirMessage, u uint32) int { return cmp.Compare(m.uid, u) })
	if !ok {
		return 0, fmt.Errorf("mailbox %s uid %d: %w", b.name(), uid, mailbox.ErrNoSuchMessage)
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
	return b.saveState()
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
			return fmt.Errorf("mailbox %s: %w", b.name(), err)
		}
		b.msgs = slices.Delete(b.msgs, i, i+1)
	}
	if err := syncDir(b.path()); err != nil {
		return fmt.Errorf("mailbox %s: %w", b.name(), err)
	}
	return b.saveState()
}
