package imap

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"smtpsim/sim/mailbox"
)

// This file holds the commands that work on mailboxes besides INBOX, when the
// store has them (mailbox.Folders): CREATE, DELETE, RENAME (RFC 9051 §6.3.4–6),
// SUBSCRIBE, UNSUBSCRIBE (§6.3.7–8), LIST with its selection and return
// options (§6.3.9, RFC 5258, RFC 6154), IMAP4rev1's LSUB (RFC 3501 §6.3.9),
// APPEND (§6.3.12), COPY (§6.4.7) and MOVE (§6.4.8, RFC 6851), with the
// APPENDUID and COPYUID codes of UIDPLUS (RFC 4315), part of IMAP4rev2.

// delimiter separates the levels of a mailbox name.
const delimiter = "/"

// open finds a mailbox by name: INBOX, or a folder of the store.
func (s *Server) open(name string) (mailbox.Mailbox, bool) {
	if isInbox(name) {
		return s.inbox, true
	}
	f, ok := s.inbox.(mailbox.Folders)
	if !ok {
		return nil, false
	}
	box, err := f.Folder(name)
	return box, err == nil
}

// mailboxNames returns INBOX and the folders.
func (s *Server) mailboxNames() []string {
	names := []string{"INBOX"}
	if f, ok := s.inbox.(mailbox.Folders); ok {
		names = append(names, f.FolderNames()...)
	}
	return names
}

// noMailbox answers a command naming a mailbox that does not exist.
func (c *call) noMailbox(name string) {
	if _, ok := c.s.inbox.(mailbox.Folders); ok {
		c.no("NONEXISTENT", "No mailbox named "+name+`; LIST "" * shows them`, reasonNoMailbox)
		return
	}
	c.no("NONEXISTENT", "No mailbox named "+name+"; this server has only INBOX", reasonNoMailbox)
}

// folders returns the store's folders, or answers NO [CANNOT] when it has none.
func (c *call) folders() (mailbox.Folders, bool) {
	f, ok := c.s.inbox.(mailbox.Folders)
	if !ok {
		c.no("CANNOT", c.name+" is not possible here: this mailbox store has only INBOX", reasonNotSupported)
	}
	return f, ok
}

// specialUse names the attribute that tells clients what a folder is for
// (RFC 6154 §2), by its usual name.
func specialUse(name string) string {
	switch name {
	case "Drafts":
		return `\Drafts`
	case "Sent":
		return `\Sent`
	case "Trash":
		return `\Trash`
	case "Junk":
		return `\Junk`
	case "Archive":
		return `\Archive`
	}
	return ""
}

// mailboxArg reads one mailbox name argument and checks it can name a
// folder: not empty, no wildcards, no empty level.
func (p *parser) mailboxArg() (string, error) {
	name, err := p.astring()
	if err != nil {
		return "", err
	}
	name = strings.TrimSuffix(name, delimiter)
	if name == "" || strings.ContainsAny(name, "*%") || strings.HasPrefix(name, delimiter) || strings.Contains(name, delimiter+delimiter) {
		return "", syntaxError("a mailbox name must not be empty, contain * or %, or have an empty level")
	}
	return name, nil
}

// oneMailbox parses " mailbox" at the end of a command.
func (c *call) oneMailbox() (string, bool) {
	err := c.p.sp()
	var name string
	if err == nil {
		name, err = c.p.mailboxArg()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return "", false
	}
	return name, true
}

// cmdCreate makes a folder and the levels above it that are missing
// (RFC 9051 §6.3.4).
func cmdCreate(c *call) {
	name, ok := c.oneMailbox()
	if !ok {
		return
	}
	f, ok := c.folders()
	if !ok {
		return
	}
	if _, exists := c.s.open(name); exists {
		c.no("ALREADYEXISTS", "Mailbox "+name+" already exists", reasonAlreadyExists)
		return
	}
	levels := strings.Split(name, delimiter)
	for i := 1; i < len(levels); i++ {
		parent := strings.Join(levels[:i], delimiter)
		if _, exists := c.s.open(parent); !exists {
			_ = f.CreateFolder(parent)
		}
	}
	if err := f.CreateFolder(name); err != nil {
		c.folderRefused(name, err)
		return
	}
	c.ok("", "CREATE completed", reasonCreateOK)
}

// cmdDelete removes a folder and its messages (RFC 9051 §6.3.5).
func cmdDelete(c *call) {
	name, ok := c.oneMailbox()
	if !ok {
		return
	}
	if isInbox(name) {
		c.no("CANNOT", "INBOX cannot be deleted; it is where new mail arrives", reasonInboxStays)
		return
	}
	f, ok := c.folders()
	if !ok {
		return
	}
	if c.s.state == selected && c.s.boxName == name {
		c.no("INUSE", "Mailbox "+name+" is selected; CLOSE or UNSELECT it first", reasonInUse)
		return
	}
	if err := f.DeleteFolder(name); err != nil {
		c.noMailbox(name)
		return
	}
	_ = f.Subscribe(name, false)
	c.ok("", "DELETE completed", reasonDeleteOK)
}

// cmdRename renames a folder with its subfolders. Renaming INBOX moves its
// messages into a new folder and leaves INBOX empty (RFC 9051 §6.3.6).
func cmdRename(c *call) {
	err := c.p.sp()
	var from, to string
	if err == nil {
		from, err = c.p.mailboxArg()
	}
	if err == nil {
		err = c.p.sp()
	}
	if err == nil {
		to, err = c.p.mailboxArg()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	f, ok := c.folders()
	if !ok {
		return
	}
	if _, exists := c.s.open(from); !exists {
		c.noMailbox(from)
		return
	}
	if _, exists := c.s.open(to); exists {
		c.no("ALREADYEXISTS", "Mailbox "+to+" already exists", reasonAlreadyExists)
		return
	}
	if isInbox(from) {
		if err := f.CreateFolder(to); err != nil {
			c.folderRefused(to, err)
			return
		}
		dest, _ := c.s.open(to)
		adder, ok := dest.(mailbox.Adder)
		if !ok {
			c.no("CANNOT", "This mailbox store cannot add messages to "+to, reasonNotSupported)
			return
		}
		for _, m := range c.s.inbox.List() {
			raw, err := c.s.inbox.Read(m.UID)
			if err != nil {
				continue
			}
			if _, err := adder.Add(raw, m.Flags); err == nil {
				_ = c.s.inbox.Remove(m.UID)
			}
		}
		c.ok("", "RENAME completed; the messages of INBOX are now in "+to, reasonRenameOK)
		return
	}
	if err := f.RenameFolder(from, to); err != nil {
		c.folderRefused(to, err)
		return
	}
	if c.s.state == selected && (c.s.boxName == from || strings.HasPrefix(c.s.boxName, from+delimiter)) {
		c.s.boxName = to + strings.TrimPrefix(c.s.boxName, from)
	}
	c.ok("", "RENAME completed", reasonRenameOK)
}

// cmdSubscribe and cmdUnsubscribe change the subscriptions, which need not
// name existing mailboxes (RFC 9051 §6.3.7, §6.3.8).
func cmdSubscribe(c *call)   { subscribe(c, true) }
func cmdUnsubscribe(c *call) { subscribe(c, false) }

func subscribe(c *call, on bool) {
	name, ok := c.oneMailbox()
	if !ok {
		return
	}
	f, ok := c.folders()
	if !ok {
		return
	}
	if isInbox(name) {
		name = "INBOX"
	}
	if err := f.Subscribe(name, on); err != nil {
		c.no("", c.name+" failed", reasonNotSupported)
		return
	}
	if on {
		c.ok("", "SUBSCRIBE completed", reasonSubscribeOK)
	} else {
		c.ok("", "UNSUBSCRIBE completed", reasonUnsubscribeOK)
	}
}

// listOptions are the selection and return options of LIST-EXTENDED
// (RFC 5258 §3, RFC 6154 §5), part of IMAP4rev2.
type listOptions struct {
	subscribedOnly  bool     // selection SUBSCRIBED
	specialUseOnly  bool     // selection SPECIAL-USE
	recursiveMatch  bool     // selection RECURSIVEMATCH: accepted, its CHILDINFO is not given
	returnSubscribe bool     // RETURN (SUBSCRIBED)
	returnStatus    []string // RETURN (STATUS (items)), LIST-STATUS (RFC 5819), part of IMAP4rev2
}

// returnOptions reads "(" option *(SP option) ")" after LIST ... RETURN.
func (p *parser) returnOptions(opt *listOptions) error {
	if err := p.expect('(', `"(" after RETURN`); err != nil {
		return err
	}
	for n := 0; !p.consume(')'); n++ {
		if n > 0 {
			if err := p.sp(); err != nil {
				return p.fail(`expected a space or ")" between return options`)
			}
		}
		o, err := p.atom()
		if err != nil {
			return err
		}
		switch strings.ToUpper(o) {
		case "SUBSCRIBED":
			opt.returnSubscribe = true
		case "CHILDREN", "SPECIAL-USE":
			// Always returned.
		case "STATUS":
			if err := p.sp(); err != nil {
				return err
			}
			items, err := p.optionList()
			if err != nil {
				return err
			}
			if bad := unknownStatusItem(items); bad != "" || len(items) == 0 {
				return syntaxError("RETURN (STATUS (...)) needs STATUS items such as MESSAGES UNSEEN")
			}
			opt.returnStatus = items
		default:
			return syntaxError("unknown LIST return option " + o + "; try SUBSCRIBED, CHILDREN, SPECIAL-USE or STATUS (MESSAGES)")
		}
	}
	return nil
}

// optionList reads a parenthesized list of atoms, upper-cased.
func (p *parser) optionList() ([]string, error) {
	if err := p.expect('(', `"(" before the options`); err != nil {
		return nil, err
	}
	var out []string
	for !p.consume(')') {
		if len(out) > 0 {
			if err := p.sp(); err != nil {
				return nil, p.fail(`expected a space or ")" between options`)
			}
		}
		a, err := p.atom()
		if err != nil {
			return nil, err
		}
		out = append(out, strings.ToUpper(a))
	}
	return out, nil
}

// cmdList answers LIST [(selection)] reference pattern(s) [RETURN (options)]
// (RFC 9051 §6.3.9, RFC 5258).
func cmdList(c *call) {
	var opt listOptions
	err := c.p.sp()
	if err == nil && c.p.peek() == '(' {
		var sel []string
		if sel, err = c.p.optionList(); err == nil {
			for _, o := range sel {
				switch o {
				case "SUBSCRIBED":
					opt.subscribedOnly, opt.returnSubscribe = true, true
				case "SPECIAL-USE":
					opt.specialUseOnly = true
				case "RECURSIVEMATCH":
					opt.recursiveMatch = true
				case "REMOTE":
				default:
					err = syntaxError("unknown LIST selection option " + o + "; try SUBSCRIBED or SPECIAL-USE")
				}
			}
			if err == nil && opt.recursiveMatch && !opt.subscribedOnly {
				err = syntaxError("RECURSIVEMATCH needs another selection option such as SUBSCRIBED")
			}
			if err == nil {
				err = c.p.sp()
			}
		}
	}
	var ref string
	var patterns []string
	if err == nil {
		ref, err = c.p.astring()
	}
	if err == nil {
		err = c.p.sp()
	}
	if err == nil {
		if c.p.peek() == '(' {
			c.p.consume('(')
			for err == nil && !c.p.consume(')') {
				if len(patterns) > 0 {
					err = c.p.sp()
				}
				var pat string
				if err == nil {
					if pat, err = c.p.listMailbox(); err == nil {
						patterns = append(patterns, pat)
					}
				}
			}
		} else {
			var pat string
			if pat, err = c.p.listMailbox(); err == nil {
				patterns = append(patterns, pat)
			}
		}
	}
	if err == nil && c.p.consume(' ') {
		var word string
		if word, err = c.p.atom(); err == nil && !strings.EqualFold(word, "RETURN") {
			err = syntaxError(`expected RETURN (options) after the pattern`)
		}
		if err == nil {
			err = c.p.sp()
		}
		if err == nil {
			err = c.p.returnOptions(&opt)
		}
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	if len(patterns) == 1 && patterns[0] == "" {
		c.data([]byte(`LIST (\Noselect) "/" ""`), reasonList)
		c.ok("", "LIST completed", reasonListOK)
		return
	}
	existing := c.s.mailboxNames()
	var subscribed []string
	if f, ok := c.s.inbox.(mailbox.Folders); ok {
		subscribed = f.Subscriptions()
	}
	names := existing
	if opt.subscribedOnly {
		names = subscribed
	}
	for _, name := range names {
		if !slices.ContainsFunc(patterns, func(p string) bool { return matchPattern(ref+p, name) }) {
			continue
		}
		attrs := c.s.attributes(name, existing)
		if opt.specialUseOnly && specialUse(name) == "" {
			continue
		}
		if opt.returnSubscribe && slices.Contains(subscribed, name) {
			attrs = append(attrs, `\Subscribed`)
		}
		c.data(listLine("LIST", attrs, name), reasonList)
		if opt.returnStatus != nil {
			// LIST-STATUS: the counters follow the mailbox's LIST line (RFC 5819 §2).
			if box, ok := c.s.open(name); ok {
				c.data(appendStatus(nil, name, box, opt.returnStatus), reasonStatus)
			}
		}
	}
	c.ok("", "LIST completed", reasonListOK)
}

// attributes are a mailbox's LIST attributes: whether it has children,
// what it is for, and \NonExistent for a subscribed name that does not
// exist (RFC 9051 §7.3.1).
func (s *Server) attributes(name string, existing []string) []string {
	if !slices.Contains(existing, name) {
		return []string{`\NonExistent`}
	}
	var attrs []string
	if slices.ContainsFunc(existing, func(n string) bool { return strings.HasPrefix(n, name+delimiter) }) {
		attrs = append(attrs, `\HasChildren`)
	} else {
		attrs = append(attrs, `\HasNoChildren`)
	}
	if u := specialUse(name); u != "" {
		attrs = append(attrs, u)
	}
	return attrs
}

// listLine formats a LIST or LSUB response.
func listLine(kind string, attrs []string, name string) []byte {
	b := append([]byte(kind+" "), flagList(attrs)...)
	b = append(b, ` "/" `...)
	return appendAString(b, name)
}

// cmdLsub lists subscribed mailboxes, for IMAP4rev1 clients; IMAP4rev2
// replaced it by LIST (SUBSCRIBED) (RFC 3501 §6.3.9, RFC 9051 Appendix E).
func cmdLsub(c *call) {
	if c.s.rev2 {
		c.bad("", `LSUB is not part of IMAP4rev2; use LIST (SUBSCRIBED) "" *`, reasonUnknownCommand)
		return
	}
	err := c.p.sp()
	var ref, pattern string
	if err == nil {
		ref, err = c.p.astring()
	}
	if err == nil {
		err = c.p.sp()
	}
	if err == nil {
		pattern, err = c.p.listMailbox()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	if f, ok := c.s.inbox.(mailbox.Folders); ok {
		existing := c.s.mailboxNames()
		for _, name := range f.Subscriptions() {
			if !matchPattern(ref+pattern, name) {
				continue
			}
			var attrs []string
			if !slices.Contains(existing, name) {
				attrs = []string{`\Noselect`}
			}
			c.data(listLine("LSUB", attrs, name), reasonLsub)
		}
	}
	c.ok("", "LSUB completed", reasonLsubOK)
}

// cmdAppend adds a message to a mailbox (RFC 9051 §6.3.12): APPEND mailbox
// [(flags)] ["date-time"] literal.
func cmdAppend(c *call) {
	err := c.p.sp()
	var name string
	if err == nil {
		name, err = c.p.astring()
	}
	if err == nil {
		err = c.p.sp()
	}
	var flags []string
	if err == nil && c.p.peek() == '(' {
		if flags, err = c.p.flags(); err == nil {
			err = c.p.sp()
		}
	}
	if err == nil && c.p.peek() == '"' {
		var date string
		if date, err = c.p.quoted(); err == nil {
			if _, perr := time.Parse("_2-Jan-2006 15:04:05 -0700", date); perr != nil {
				err = syntaxError(`the date-time must look like "02-Jan-2006 15:04:05 -0700"`)
			}
		}
		if err == nil {
			err = c.p.sp()
		}
	}
	var msg string
	if err == nil {
		msg, err = c.p.literal()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	for _, f := range flags {
		if strings.EqualFold(f, `\Recent`) || f == `\*` {
			c.bad("", f+" is not a flag a client can store", reasonBadSyntax)
			return
		}
	}
	box, ok := c.s.open(name)
	if !ok {
		c.no("TRYCREATE", "No mailbox named "+name+"; CREATE it first", reasonTryCreate)
		return
	}
	adder, ok := box.(mailbox.Adder)
	if !ok {
		c.no("CANNOT", "APPEND is not possible here: this mailbox store takes mail only from the delivery agent", reasonNotSupported)
		return
	}
	uid, err := adder.Add([]byte(msg), mailbox.NormalizeFlags(flags))
	if err != nil {
		c.addFailed(err)
		return
	}
	c.ok("APPENDUID "+strconv.FormatUint(uint64(box.UIDValidity()), 10)+" "+strconv.FormatUint(uint64(uid), 10), "APPEND completed", reasonAppendOK)
}

// addFailed answers an APPEND, COPY or MOVE the store refused.
func (c *call) addFailed(err error) {
	if errors.Is(err, mailbox.ErrQuotaExceeded) {
		c.no("OVERQUOTA", "The mailbox is over its quota", reasonOverQuota)
		return
	}
	c.no("UNAVAILABLE", "Mailbox store unavailable, try again later", reasonLoginUnavailable)
}

// cmdCopy and cmdMove copy messages to another mailbox; MOVE then removes
// them from this one (RFC 9051 §6.4.7, §6.4.8).
func cmdCopy(c *call) { copyMessages(c, false) }
func cmdMove(c *call) { copyMessages(c, true) }

func copyMessages(c *call, move bool) {
	err := c.p.sp()
	var set seqSet
	if err == nil {
		set, err = c.p.sequenceSet()
	}
	if err == nil {
		err = c.p.sp()
	}
	var name string
	if err == nil {
		name, err = c.p.astring()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	s := c.s
	if !c.numbersOK(set) {
		return
	}
	if move && s.readOnly {
		c.no("", "Mailbox is read-only (opened with EXAMINE); SELECT it to move messages", reasonReadOnly)
		return
	}
	dest, ok := s.open(name)
	if !ok {
		c.no("TRYCREATE", "No mailbox named "+name+"; CREATE it first", reasonTryCreate)
		return
	}
	adder, ok := dest.(mailbox.Adder)
	if !ok {
		c.no("CANNOT", c.name+" is not possible here: this mailbox store cannot add messages", reasonNotSupported)
		return
	}
	var from, to []uint32
	var indexes []int
	for i := range s.view {
		if !c.matches(set, i) {
			continue
		}
		m := s.view[i]
		raw, err := s.box.Read(m.UID)
		if err != nil {
			continue
		}
		// \Deleted travels with the copy, as any flag does (RFC 9051 §6.4.7).
		uid, err := adder.Add(raw, m.Flags)
		if err != nil {
			// A COPY is all or nothing: take back what was added.
			if len(to) > 0 {
				_ = dest.Remove(to...)
			}
			c.addFailed(err)
			return
		}
		from, to, indexes = append(from, m.UID), append(to, uid), append(indexes, i)
	}
	code := ""
	if len(from) > 0 {
		code = "COPYUID " + strconv.FormatUint(uint64(dest.UIDValidity()), 10) + " " + formatSeqSet(from) + " " + formatSeqSet(to)
	}
	if !move {
		c.ok(code, c.name+" completed", reasonCopyOK)
		return
	}
	if code != "" {
		c.untagged("OK", code, "Moved", reasonMoved)
	}
	for k := len(indexes) - 1; k >= 0; k-- {
		i := indexes[k]
		if s.box.Remove(s.view[i].UID) != nil {
			continue
		}
		s.view = slices.Delete(s.view, i, i+1)
		c.data(append(appendNumber(nil, uint32(i+1)), " EXPUNGE"...), reasonExpunge)
	}
	c.ok("", c.name+" completed", reasonMoveOK)
}

// folderRefused answers a store that would not make or rename a mailbox: ALREADYEXISTS
// only when that is why; a name the store cannot hold, or a failing disk, is CANNOT.
func (c *call) folderRefused(name string, err error) {
	if errors.Is(err, mailbox.ErrFolderExists) {
		c.no("ALREADYEXISTS", "Mailbox "+name+" already exists", reasonAlreadyExists)
		return
	}
	c.no("CANNOT", "Mailbox "+name+" cannot be made here", reasonFolderRefused)
}
