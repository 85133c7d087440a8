// Package mailbox is the message store that the delivery agent files into and the
// POP3 and IMAP engines read from. It holds no protocol: only messages, their unique
// ids and their flags.
package mailbox

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrBadCredentials is returned by Store.Login for an unknown user or a wrong password.
// Callers must not tell the two apart to the peer (RFC 1939 §13, RFC 9051 §6.2.3).
var ErrBadCredentials = errors.New("mailbox: bad user name or password")

// ErrNoSuchMessage is returned when a UID does not name a stored message.
var ErrNoSuchMessage = errors.New("mailbox: no such message")

// ErrNoSuchUser is returned by Deliver for a user that has no mailbox.
var ErrNoSuchUser = errors.New("mailbox: no such user")

// ErrQuotaExceeded is returned by Deliver when the message would not fit.
var ErrQuotaExceeded = errors.New("mailbox: quota exceeded")

// ErrNoSuchFolder is returned for a folder name that does not exist.
var ErrNoSuchFolder = errors.New("mailbox: no such folder")

// ErrFolderExists is returned when creating or renaming onto a folder that exists.
var ErrFolderExists = errors.New("mailbox: folder exists")

// Standard IMAP system flags (RFC 9051 §2.3.2); POP3 uses \Deleted only.
const (
	FlagSeen     = `\Seen`
	FlagDeleted  = `\Deleted`
	FlagAnswered = `\Answered`
	FlagFlagged  = `\Flagged`
	FlagDraft    = `\Draft`
)

// Message describes one stored message without its content.
type Message struct {
	UID   uint32   // unique and ascending within the mailbox (RFC 9051 §2.3.1.1)
	Size  int      // octets, counting CRLF line endings
	Flags []string // sorted, no duplicates
}

// HasFlag reports whether the message carries flag (case-insensitive, as IMAP flags are).
func (m Message) HasFlag(flag string) bool {
	return slices.ContainsFunc(m.Flags, func(f string) bool { return strings.EqualFold(f, flag) })
}

// Mailbox is one user's inbox as the retrieval engines see it.
type Mailbox interface {
	// UIDValidity changes only when UIDs are reused (never, for the stores here).
	UIDValidity() uint32
	// UIDNext is the UID the next delivered message will get.
	UIDNext() uint32
	// List returns the messages in ascending UID order.
	List() []Message
	// Read returns the raw message (RFC 5322, CRLF line endings).
	Read(uid uint32) ([]byte, error)
	// SetFlags replaces the flags of a message.
	SetFlags(uid uint32, flags []string) error
	// Remove deletes messages for good (POP3 UPDATE state, IMAP EXPUNGE).
	Remove(uids ...uint32) error
}

// Adder is implemented by a Mailbox that takes messages from its user's client, as
// IMAP APPEND, COPY and MOVE do (RFC 9051 §6.3.12, §6.4.7, §6.4.8). Add stores a copy
// of msg with the given flags and returns its new UID; it may fail with
// ErrQuotaExceeded.
type Adder interface {
	Add(msg []byte, flags []string) (uint32, error)
}

// Folders is implemented by the Mailbox that Store.Login returns (the INBOX) when its
// user has other mailboxes too. A folder name is a path whose levels are separated by
// "/"; names are compared exactly, except INBOX, which is not a folder and is written
// in any case (RFC 9051 §5.1).
type Folders interface {
	// FolderNames returns the folders, INBOX not among them, sorted.
	FolderNames() []string
	// Folder opens a folder; "INBOX" in any case opens the INBOX. Unknown names give
	// ErrNoSuchFolder.
	Folder(name string) (Mailbox, error)
	// CreateFolder makes an empty folder with a new UIDVALIDITY; ErrFolderExists if
	// it is there.
	CreateFolder(name string) error
	// DeleteFolder removes a folder and its messages; its subfolders stay.
	DeleteFolder(name string) error
	// RenameFolder renames a folder and its subfolders, keeping their messages, UIDs
	// and UIDVALIDITY; ErrNoSuchFolder or ErrFolderExists.
	RenameFolder(from, to string) error
	// Subscriptions returns the subscribed names, sorted; they need not exist (RFC 9051 §6.3.7).
	Subscriptions() []string
	// Subscribe adds (on) or removes a name from the subscriptions.
	Subscribe(name string, on bool) error
}

// Store gives access to every user's mailbox.
type Store interface {
	// Login checks a user name and password and opens that user's mailbox.
	Login(user, password string) (Mailbox, error)
}

// NormalizeFlags sorts flags and drops duplicates (compared case-insensitively), so
// that equal flag sets compare equal.
func NormalizeFlags(flags []string) []string {
	out := make([]string, 0, len(flags))
	for _, f := range flags {
		if f == "" {
			continue
		}
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, f) }) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// Memory is an in-memory Store: the simulation's mailboxes and the tests' fixture.
// It is not safe for concurrent use; wrap it when sharing between goroutines.
type Memory struct {
	users map[string]*memoryUser
	// OnRemove, when set, is told of every message removed for good from an INBOX
	// (POP3 UPDATE, IMAP EXPUNGE and MOVE), so that a simulation can record it.
	OnRemove func(user string, uid uint32)
}

type memoryUser struct {
	password   string
	quota      int // octets; 0 means unlimited
	box        *MemoryBox
	folders    map[string]*MemoryBox
	subscribed map[string]bool
	validity   uint32 // the last UIDVALIDITY handed out to a folder of this user
}

// DefaultFolders are the folders every user of a Memory store starts with, besides
// INBOX; IMAP clients find them by their special-use attributes (RFC 6154).
var DefaultFolders = []string{"Drafts", "Sent", "Trash"}

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{users: map[string]*memoryUser{}}
}

// AddUser creates a mailbox for user. quota is in octets; 0 means unlimited.
func (m *Memory) AddUser(user, password string, quota int) *MemoryBox {
	u := &memoryUser{password: password, quota: quota, folders: map[string]*MemoryBox{}, subscribed: map[string]bool{"INBOX": true}, validity: 1}
	box := &MemoryBox{uidValidity: 1, uidNext: 1, owner: user, store: m, user: u}
	u.box = box
	for _, name := range DefaultFolders {
		_ = box.CreateFolder(name)
		u.subscribed[name] = true
	}
	m.users[strings.ToLower(user)] = u
	return box
}

// Has reports whether user has a mailbox.
func (m *Memory) Has(user string) bool {
	_, ok := m.users[strings.ToLower(user)]
	return ok
}

// Count returns how many messages user's mailbox holds and their octets; ok is false
// when user has no mailbox.
func (m *Memory) Count(user string) (messages, octets int, ok bool) {
	box, ok := m.Box(user)
	if !ok {
		return 0, 0, false
	}
	return box.Len(), box.Used(), true
}

// Box returns user's mailbox without a password check, for the delivery side and tests.
func (m *Memory) Box(user string) (*MemoryBox, bool) {
	u, ok := m.users[strings.ToLower(user)]
	if !ok {
		return nil, false
	}
	return u.box, true
}

// Login implements Store.
func (m *Memory) Login(user, password string) (Mailbox, error) {
	u, ok := m.users[strings.ToLower(user)]
	if !ok || u.password != password {
		return nil, ErrBadCredentials
	}
	return u.box, nil
}

// Deliver files msg into user's mailbox and returns its UID. The mailbox keeps msg
// itself, not a copy: a delivery agent hands over a message it does not change
// afterwards, and the simulation's trace shows the same octets, stored once.
func (m *Memory) Deliver(user string, msg []byte) (uint32, error) {
	u, ok := m.users[strings.ToLower(user)]
	if !ok {
		return 0, fmt.Errorf("deliver to %q: %w", user, ErrNoSuchUser)
	}
	if u.quota > 0 && u.box.Used()+len(msg) > u.quota {
		return 0, fmt.Errorf("deliver to %q: %d+%d octets over %d: %w", user, u.box.Used(), len(msg), u.quota, ErrQuotaExceeded)
	}
	return u.box.keep(msg, nil), nil
}

// MemoryBox is one mailbox of a Memory store.
type MemoryBox struct {
	uidValidity uint32
	uidNext     uint32
	msgs        []memoryMessage
	used        int         // octets of msgs, kept as they change: a delivery asks for it every time
	owner       string      // the user, for Memory.OnRemove
	store       *Memory     // nil for a box made outside a store
	user        *memoryUser // whose box this is; nil for a box made outside a store
	folder      string      // "" for the INBOX
}

type memoryMessage struct {
	uid   uint32
	data  []byte
	flags []string
}

// Append stores a copy of msg with the given flags and returns its UID.
func (b *MemoryBox) Append(msg []byte, flags []string) uint32 {
	return b.keep(slices.Clone(msg), flags)
}

// keep stores msg itself with the given flags and returns its UID.
func (b *MemoryBox) keep(msg []byte, flags []string) uint32 {
	uid := b.uidNext
	b.uidNext++
	b.msgs = append(b.msgs, memoryMessage{uid: uid, data: msg, flags: NormalizeFlags(flags)})
	b.used += len(msg)
	return uid
}

// Len returns the number of messages stored.
func (b *MemoryBox) Len() int { return len(b.msgs) }

// Used returns the octets stored.
func (b *MemoryBox) Used() int { return b.used }

// UIDValidity implements Mailbox.
func (b *MemoryBox) UIDValidity() uint32 { return b.uidValidity }

// UIDNext implements Mailbox.
func (b *MemoryBox) UIDNext() uint32 { return b.uidNext }

// List implements Mailbox.
func (b *MemoryBox) List() []Message {
	out := make([]Message, len(b.msgs))
	for i, m := range b.msgs {
		out[i] = Message{UID: m.uid, Size: len(m.data), Flags: slices.Clone(m.flags)}
	}
	return out
}

func (b *MemoryBox) find(uid uint32) (int, error) {
	i, ok := slices.BinarySearchFunc(b.msgs, uid, func(m memoryMessage, u uint32) int { return cmp.Compare(m.uid, u) })
	if !ok {
		return 0, fmt.Errorf("uid %d: %w", uid, ErrNoSuchMessage)
	}
	return i, nil
}

// Read implements Mailbox.
func (b *MemoryBox) Read(uid uint32) ([]byte, error) {
	i, err := b.find(uid)
	if err != nil {
		return nil, err
	}
	return slices.Clone(b.msgs[i].data), nil
}

// SetFlags implements Mailbox.
func (b *MemoryBox) SetFlags(uid uint32, flags []string) error {
	i, err := b.find(uid)
	if err != nil {
		return err
	}
	b.msgs[i].flags = NormalizeFlags(flags)
	return nil
}

// Remove implements Mailbox.
func (b *MemoryBox) Remove(uids ...uint32) error {
	for _, uid := range uids {
		i, err := b.find(uid)
		if err != nil {
			return err
		}
		b.used -= len(b.msgs[i].data)
		b.msgs = slices.Delete(b.msgs, i, i+1)
		if b.store != nil && b.store.OnRemove != nil && b.folder == "" {
			b.store.OnRemove(b.owner, uid)
		}
	}
	return nil
}

// Add implements Adder: it stores msg unless that would exceed the user's quota.
func (b *MemoryBox) Add(msg []byte, flags []string) (uint32, error) {
	if u := b.user; u != nil && u.quota > 0 {
		used := u.box.Used()
		for _, f := range u.folders {
			used += f.Used()
		}
		if used+len(msg) > u.quota {
			return 0, fmt.Errorf("add %d octets to %d, quota %d: %w", len(msg), used, u.quota, ErrQuotaExceeded)
		}
	}
	return b.Append(msg, flags), nil
}

// FolderNames implements Folders.
func (b *MemoryBox) FolderNames() []string {
	if b.user == nil {
		return nil
	}
	names := make([]string, 0, len(b.user.folders))
	for n := range b.user.folders {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Folder implements Folders.
func (b *MemoryBox) Folder(name string) (Mailbox, error) {
	if strings.EqualFold(name, "INBOX") {
		if b.user == nil {
			return b, nil
		}
		return b.user.box, nil
	}
	if b.user != nil {
		if f, ok := b.user.folders[name]; ok {
			return f, nil
		}
	}
	return nil, fmt.Errorf("folder %q: %w", name, ErrNoSuchFolder)
}

// CreateFolder implements Folders.
func (b *MemoryBox) CreateFolder(name string) error {
	u := b.user
	if u == nil {
		return fmt.Errorf("create folder %q: no folders outside a store: %w", name, ErrNoSuchFolder)
	}
	if _, ok := u.folders[name]; ok || strings.EqualFold(name, "INBOX") {
		return fmt.Errorf("create folder %q: %w", name, ErrFolderExists)
	}
	// A new folder never reuses a UIDVALIDITY, so that a client's cache of a
	// deleted folder of the same name is not taken for this one (RFC 9051 §2.3.1.1).
	u.validity++
	u.folders[name] = &MemoryBox{uidValidity: u.validity, uidNext: 1, owner: b.owner, store: b.store, user: u, folder: name}
	return nil
}

// DeleteFolder implements Folders.
func (b *MemoryBox) DeleteFolder(name string) error {
	if b.user == nil || b.user.folders[name] == nil {
		return fmt.Errorf("delete folder %q: %w", name, ErrNoSuchFolder)
	}
	delete(b.user.folders, name)
	return nil
}

// RenameFolder implements Folders.
func (b *MemoryBox) RenameFolder(from, to string) error {
	u := b.user
	if u == nil || u.folders[from] == nil {
		return fmt.Errorf("rename folder %q: %w", from, ErrNoSuchFolder)
	}
	if _, ok := u.folders[to]; ok || strings.EqualFold(to, "INBOX") {
		return fmt.Errorf("rename folder %q to %q: %w", from, to, ErrFolderExists)
	}
	for _, name := range b.FolderNames() {
		if name == from || strings.HasPrefix(name, from+"/") {
			f := u.folders[name]
			delete(u.folders, name)
			f.folder = to + strings.TrimPrefix(name, from)
			u.folders[f.folder] = f
		}
	}
	return nil
}

// Subscriptions implements Folders.
func (b *MemoryBox) Subscriptions() []string {
	if b.user == nil {
		return nil
	}
	names := make([]string, 0, len(b.user.subscribed))
	for n := range b.user.subscribed {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Subscribe implements Folders.
func (b *MemoryBox) Subscribe(name string, on bool) error {
	if b.user == nil {
		return fmt.Errorf("subscribe %q: %w", name, ErrNoSuchFolder)
	}
	if on {
		b.user.subscribed[name] = true
	} else {
		delete(b.user.subscribed, name)
	}
	return nil
}
