package bridge

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"smtpsim/sim/mailbox"
)

// A user's folders besides the INBOX live in DIR/<user>/.folders/, one directory each,
// named by the folder's whole name encoded into one path segment (encodeFolder): the
// levels of "Work/2024" do not become directories, so no folder name can reach outside
// .folders or meet the INBOX's own files, and a rename moves one directory per folder.
// Each folder directory holds its messages and its own .state, as the INBOX does.
// .folders/.account (no encoded name begins with a dot) keeps the last UIDVALIDITY
// given to a folder of the user and the subscriptions.
const (
	foldersDir  = ".folders"
	accountFile = ".account"
)

// dirAccount is what a user's boxes share: the folders and subscriptions.
type dirAccount struct {
	inbox      *dirBox
	folders    map[string]*dirBox
	subscribed map[string]bool
	validity   uint32 // the last UIDVALIDITY handed out to a folder
}

// encodeFolder turns a folder name into one file name: octets other than ASCII
// letters, digits and " +,-_" become %XX, as does a leading dot, so that the result
// is neither "." nor ".." nor hidden, holds no separator, and decodes back exactly.
func encodeFolder(name string) string {
	var sb strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == ' ' || c == '+' || c == ',' || c == '-' || c == '_',
			c == '.' && i > 0:
			sb.WriteByte(c)
		default:
			fmt.Fprintf(&sb, "%%%02X", c)
		}
	}
	return sb.String()
}

// decodeFolder undoes encodeFolder; ok is false for a name encodeFolder cannot give.
func decodeFolder(file string) (string, bool) {
	var sb strings.Builder
	for i := 0; i < len(file); i++ {
		if file[i] != '%' {
			sb.WriteByte(file[i])
			continue
		}
		if i+2 >= len(file) {
			return "", false
		}
		n, err := strconv.ParseUint(file[i+1:i+3], 16, 8)
		if err != nil {
			return "", false
		}
		sb.WriteByte(byte(n))
		i += 2
	}
	name := sb.String()
	return name, checkFolderName(name) == nil && encodeFolder(name) == file
}

// errBadFolderName is returned for a folder name the store refuses.
var errBadFolderName = errors.New("bad folder name")

// checkFolderName refuses names that are not a path of non-empty levels of printable
// UTF-8 ("", "/x", "a//b", "..", "a/./b", control characters), and names too long for
// a file name once encoded.
func checkFolderName(name string) error {
	bad := func(why string) error { return fmt.Errorf("folder %q: %s: %w", name, why, errBadFolderName) }
	if !utf8.ValidString(name) {
		return bad("not UTF-8")
	}
	if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return bad("control character")
	}
	for level := range strings.SplitSeq(name, "/") {
		if level == "" || level == "." || level == ".." {
			return bad(`empty, "." or ".." level`)
		}
	}
	if len(encodeFolder(name)) > 255 {
		return bad("too long")
	}
	return nil
}

func (b *dirBox) accountPath() string {
	return filepath.Join(b.store.dir, b.user, foldersDir, accountFile)
}

// loadFolders reads the INBOX's user's folders and subscriptions. A user without an
// account file is new (or from a bridge without folders) and gets
// mailbox.DefaultFolders, subscribed, as a mailbox.Memory user does.
func (b *dirBox) loadFolders() error {
	// The counter starts no lower than the clock, as the INBOX's UIDVALIDITY does,
	// so that it does not go back even should the account file be lost.
	a := &dirAccount{inbox: b, folders: map[string]*dirBox{}, subscribed: map[string]bool{},
		validity: max(b.uidValidity, uint32(time.Now().Unix()))}
	b.acct = a
	root := filepath.Join(b.store.dir, b.user, foldersDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("mailbox %s: %w", b.user, err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return fmt.Errorf("mailbox %s: %w", b.user, err)
	}
	for _, e := range entries {
		name, ok := decodeFolder(e.Name())
		if !ok || !e.IsDir() {
			continue // not ours: leave it alone
		}
		f := &dirBox{store: b.store, user: b.user, folder: name, acct: a, uidNext: 1}
		if err := f.load(); err != nil {
			return err
		}
		a.folders[name] = f
		a.validity = max(a.validity, f.uidValidity)
	}
	data, err := os.ReadFile(b.accountPath())
	if errors.Is(err, fs.ErrNotExist) {
		a.subscribed["INBOX"] = true
		for _, name := range mailbox.DefaultFolders {
			if _, ok := a.folders[name]; !ok {
				if err := b.createFolder(name); err != nil {
					return err
				}
			}
			a.subscribed[name] = true
		}
		return b.saveAccount()
	}
	if err != nil {
		return fmt.Errorf("mailbox %s: %w", b.user, err)
	}
	for line := range strings.Lines(string(data)) {
		key, value, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch key {
		case "":
		case "validity":
			n, err := strconv.ParseUint(value, 10, 32)
			if err != nil {
				return fmt.Errorf("mailbox %s: %s: bad line %q", b.user, b.accountPath(), line)
			}
			a.validity = max(a.validity, uint32(n))
		case "subscribe":
			name, err := strconv.Unquote(value)
			if err != nil {
				return fmt.Errorf("mailbox %s: %s: bad line %q", b.user, b.accountPath(), line)
			}
			a.subscribed[name] = true
		default:
			return fmt.Errorf("mailbox %s: %s: bad line %q", b.user, b.accountPath(), line)
		}
	}
	return nil
}

// saveAccount writes the account file durably; the caller holds the lock.
func (b *dirBox) saveAccount() error {
	a := b.acct
	var sb strings.Builder
	fmt.Fprintf(&sb, "validity %d\n", a.validity)
	for _, name := range slices.Sorted(maps.Keys(a.subscribed)) {
		fmt.Fprintf(&sb, "subscribe %s\n", strconv.Quote(name))
	}
	if err := writeFileAtomic(b.accountPath(), []byte(sb.String())); err != nil {
		return fmt.Errorf("mailbox %s: %w", b.user, err)
	}
	return nil
}

// FolderNames implements mailbox.Folders.
func (b *dirBox) FolderNames() []string {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	return slices.Sorted(maps.Keys(b.acct.folders))
}

// Folder implements mailbox.Folders.
func (b *dirBox) Folder(name string) (mailbox.Mailbox, error) {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	if strings.EqualFold(name, "INBOX") {
		return b.acct.inbox, nil
	}
	if f, ok := b.acct.folders[name]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("mailbox %s folder %q: %w", b.user, name, mailbox.ErrNoSuchFolder)
}

// CreateFolder implements mailbox.Folders. The folder's UIDVALIDITY is one more than
// the last given to a folder of the user, saved before the folder is made, so that a
// folder deleted and made again (even across a restart) never has its old one, and a
// client's cache of the old folder is not taken for the new (RFC 9051 §2.3.1.1).
func (b *dirBox) CreateFolder(name string) error {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	return b.createFolder(name)
}

func (b *dirBox) createFolder(name string) error {
	a := b.acct
	if _, ok := a.folders[name]; ok || strings.EqualFold(name, "INBOX") {
		return fmt.Errorf("create folder %q: %w", name, mailbox.ErrFolderExists)
	}
	if err := checkFolderName(name); err != nil {
		return fmt.Errorf("create folder: %w", err)
	}
	a.validity++
	if err := b.saveAccount(); err != nil {
		return fmt.Errorf("create folder %q: %w", name, err)
	}
	f := &dirBox{store: b.store, user: b.user, folder: name, acct: a, uidValidity: a.validity, uidNext: 1}
	// Every directory in .folders was loaded as a folder, so one that is there already
	// differs from a known folder only in case, on a file system that ignores case.
	if err := os.Mkdir(f.path(), 0o755); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create folder %q: a folder differing only in case exists, and this file system ignores case: %w", name, mailbox.ErrFolderExists)
	} else if err != nil {
		return fmt.Errorf("create folder %q: %w", name, err)
	}
	if err := f.saveState(); err != nil {
		return fmt.Errorf("create folder %q: %w", name, err)
	}
	if err := syncDir(filepath.Dir(f.path())); err != nil {
		return fmt.Errorf("create folder %q: %w", name, err)
	}
	a.folders[name] = f
	return nil
}

// DeleteFolder implements mailbox.Folders: the folder's directory goes, messages and
// all; its subfolders, in directories of their own, stay.
func (b *dirBox) DeleteFolder(name string) error {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	f, ok := b.acct.folders[name]
	if !ok {
		return fmt.Errorf("delete folder %q: %w", name, mailbox.ErrNoSuchFolder)
	}
	// Remove .state first: should the rest fail, the folder cannot come back with
	// its old UIDVALIDITY.
	if err := os.Remove(filepath.Join(f.path(), stateFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete folder %q: %w", name, err)
	}
	if err := os.RemoveAll(f.path()); err != nil {
		return fmt.Errorf("delete folder %q: %w", name, err)
	}
	delete(b.acct.folders, name)
	f.gone = true
	f.msgs = nil
	if err := syncDir(filepath.Dir(f.path())); err != nil {
		return fmt.Errorf("delete folder %q: %w", name, err)
	}
	return nil
}

// RenameFolder implements mailbox.Folders: each folder's directory is renamed, so
// messages, UIDs and UIDVALIDITY go along.
func (b *dirBox) RenameFolder(from, to string) error {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	a := b.acct
	if _, ok := a.folders[from]; !ok {
		return fmt.Errorf("rename folder %q: %w", from, mailbox.ErrNoSuchFolder)
	}
	if _, ok := a.folders[to]; ok || strings.EqualFold(to, "INBOX") {
		return fmt.Errorf("rename folder %q to %q: %w", from, to, mailbox.ErrFolderExists)
	}
	moves := map[string]string{}
	for name := range a.folders {
		if name == from || strings.HasPrefix(name, from+"/") {
			target := to + strings.TrimPrefix(name, from)
			if err := checkFolderName(target); err != nil {
				return fmt.Errorf("rename folder %q: %w", from, err)
			}
			if _, ok := a.folders[target]; ok {
				return fmt.Errorf("rename folder %q to %q: %q: %w", from, to, target, mailbox.ErrFolderExists)
			}
			moves[name] = target
		}
	}
	for _, name := range slices.Sorted(maps.Keys(moves)) {
		f := a.folders[name]
		old := f.path()
		f.folder = moves[name]
		if err := os.Rename(old, f.path()); err != nil {
			f.folder = name
			return fmt.Errorf("rename folder %q: %w", name, err)
		}
		delete(a.folders, name)
		a.folders[f.folder] = f
	}
	if err := syncDir(filepath.Join(b.store.dir, b.user, foldersDir)); err != nil {
		return fmt.Errorf("rename folder %q: %w", from, err)
	}
	return nil
}

// Subscriptions implements mailbox.Folders.
func (b *dirBox) Subscriptions() []string {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	return slices.Sorted(maps.Keys(b.acct.subscribed))
}

// Subscribe implements mailbox.Folders; the subscriptions are kept in the account file.
func (b *dirBox) Subscribe(name string, on bool) error {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	if b.acct.subscribed[name] == on {
		return nil
	}
	if on {
		b.acct.subscribed[name] = true
	} else {
		delete(b.acct.subscribed, name)
	}
	if err := b.saveAccount(); err != nil {
		if on {
			delete(b.acct.subscribed, name)
		} else {
			b.acct.subscribed[name] = true
		}
		return fmt.Errorf("subscribe %q: %w", name, err)
	}
	return nil
}

// Add implements mailbox.Adder, durably as Deliver does. The built-in world sets no
// quota, so a full disk is the only full mailbox: ENOSPC gives ErrQuotaExceeded.
func (b *dirBox) Add(msg []byte, flags []string) (uint32, error) {
	b.store.mu.Lock()
	defer b.store.mu.Unlock()
	if b.gone {
		return 0, fmt.Errorf("mailbox %s: %w", b.name(), mailbox.ErrNoSuchFolder)
	}
	uid := b.uidNext
	b.uidNext++
	err := b.saveState()
	if err == nil {
		err = writeFileAtomic(b.file(uid), msg)
	}
	if err == nil {
		b.msgs = append(b.msgs, dirMessage{uid: uid, size: len(msg), flags: mailbox.NormalizeFlags(flags)})
		if len(flags) > 0 {
			err = b.saveState()
		}
	}
	if errors.Is(err, syscall.ENOSPC) {
		err = fmt.Errorf("%w (%w)", mailbox.ErrQuotaExceeded, err)
	}
	if err != nil {
		return 0, fmt.Errorf("add to mailbox %s: %w", b.name(), err)
	}
	return uid, nil
}
