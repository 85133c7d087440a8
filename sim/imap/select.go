package imap

import (
	"slices"
	"strconv"
	"strings"

	"smtpsim/sim/mailbox"
)

// This file holds the commands that open, describe and close the mailbox,
// and the unsolicited updates a selected mailbox produces.

// systemFlags are the flags every message may carry (RFC 9051 §2.3.2).
func systemFlags() []string {
	return []string{mailbox.FlagAnswered, mailbox.FlagFlagged, mailbox.FlagDeleted, mailbox.FlagSeen, mailbox.FlagDraft}
}

func cmdSelect(c *call)  { selectMailbox(c, false) }
func cmdExamine(c *call) { selectMailbox(c, true) }

// selectMailbox opens INBOX read-write (SELECT, RFC 9051 §6.3.2) or
// read-only (EXAMINE, §6.3.3) and describes it.
func selectMailbox(c *call, readOnly bool) {
	err := c.p.sp()
	var mbox string
	if err == nil {
		mbox, err = c.p.astring()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	s := c.s
	if s.state == selected {
		// Selecting closes the current mailbox without expunging it, and
		// a failed SELECT leaves no mailbox selected (§6.3.2, §7.1 CLOSED).
		s.state, s.view = authenticated, nil
		c.untagged("OK", "CLOSED", "Previous mailbox is now closed", reasonClosed)
	}
	box, ok := s.open(mbox)
	if !ok {
		c.noMailbox(mbox)
		return
	}
	if isInbox(mbox) {
		mbox = "INBOX"
	}
	s.box, s.boxName = box, mbox
	s.state, s.readOnly, s.view = selected, readOnly, s.box.List()

	c.data(append(appendNumber(nil, uint32(len(s.view))), " EXISTS"...), reasonExists)
	if !s.rev2 {
		// IMAP4rev1 requires RECENT; there is no \Recent here, as IMAP4rev2
		// dropped it (RFC 3501 §6.3.1, RFC 9051 Appendix E).
		c.data([]byte("0 RECENT"), reasonRecent)
	}
	c.untagged("OK", "UIDVALIDITY "+strconv.FormatUint(uint64(s.box.UIDValidity()), 10), "UIDs valid", reasonUIDValidity)
	c.untagged("OK", "UIDNEXT "+strconv.FormatUint(uint64(s.box.UIDNext()), 10), "Predicted next UID", reasonUIDNext)
	c.data(append([]byte("FLAGS "), flagList(mailboxFlags(s.view))...), reasonFlags)
	if readOnly {
		c.untagged("OK", "PERMANENTFLAGS ()", "No permanent flags permitted: read-only", reasonPermanentFlags)
	} else {
		c.untagged("OK", "PERMANENTFLAGS "+string(flagList(append(systemFlags(), `\*`))), "Flags permitted", reasonPermanentFlags)
	}
	if !s.rev2 {
		if i := slices.IndexFunc(s.view, func(m mailbox.Message) bool { return !m.HasFlag(mailbox.FlagSeen) }); i >= 0 {
			n := strconv.Itoa(i + 1)
			c.untagged("OK", "UNSEEN "+n, "Message "+n+" is the first unseen", reasonUnseen)
		}
	} else {
		c.data(listLine("LIST", s.attributes(mbox, s.mailboxNames()), mbox), reasonList)
	}
	if readOnly {
		c.ok("READ-ONLY", "EXAMINE completed", reasonExamineOK)
	} else {
		c.ok("READ-WRITE", "SELECT completed", reasonSelectOK)
	}
}

// mailboxFlags is what the FLAGS response lists: the system flags and the
// keywords in use (RFC 9051 §7.3.5).
func mailboxFlags(msgs []mailbox.Message) []string {
	flags := systemFlags()
	for _, m := range msgs {
		flags = append(flags, m.Flags...)
	}
	return mailbox.NormalizeFlags(flags)
}

// flagList formats a parenthesized flag list.
func flagList(flags []string) []byte {
	return append([]byte("("), strings.Join(flags, " ")+")"...)
}

// matchPattern matches a LIST pattern against a mailbox name: "*" matches
// anything and "%" anything but the delimiter "/" (RFC 9051 §6.3.9).
// INBOX is matched case-insensitively (RFC 9051 §5.1), other names exactly.
// It runs in time proportional to len(pattern)*len(name), however many
// wildcards a hostile pattern holds.
func matchPattern(pattern, name string) bool {
	if isInbox(name) {
		pattern, name = strings.ToUpper(pattern), strings.ToUpper(name)
	}
	reach := make([]bool, len(name)+1) // reach[j]: the pattern so far matches name[:j]
	reach[0] = true
	next := make([]bool, len(name)+1)
	for i := 0; i < len(pattern); i++ {
		clear(next)
		pc := pattern[i]
		for j := 0; j <= len(name); j++ {
			if !reach[j] {
				continue
			}
			switch {
			case pc == '*' || pc == '%':
				for k := j; k <= len(name); k++ {
					if k > j && pc == '%' && name[k-1] == '/' {
						break
					}
					next[k] = true
				}
			case j < len(name) && name[j] == pc:
				next[j+1] = true
			}
		}
		reach, next = next, reach
	}
	return reach[len(name)]
}

// cmdStatus reports counters of a mailbox without selecting it
// (RFC 9051 §6.3.11).
func cmdStatus(c *call) {
	err := c.p.sp()
	var mbox string
	if err == nil {
		mbox, err = c.p.astring()
	}
	if err == nil {
		err = c.p.sp()
	}
	if err == nil {
		err = c.p.expect('(', `"(" before the status items`)
	}
	var items []string
	for err == nil && !c.p.consume(')') {
		if len(items) > 0 {
			if err = c.p.sp(); err != nil {
				break
			}
		}
		var item string
		if item, err = c.p.atom(); err == nil {
			items = append(items, strings.ToUpper(item))
		}
	}
	if err == nil {
		err = c.p.end()
	}
	if err == nil && len(items) == 0 {
		err = syntaxError("STATUS needs at least one item such as MESSAGES")
	}
	if err != nil {
		c.syntax(err)
		return
	}
	box, ok := c.s.open(mbox)
	if !ok {
		c.noMailbox(mbox)
		return
	}
	if isInbox(mbox) {
		mbox = "INBOX"
	}
	if bad := unknownStatusItem(items); bad != "" {
		c.bad("", "Unknown STATUS item "+bad+"; try MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE", reasonBadSyntax)
		return
	}
	body := appendStatus(nil, mbox, box, items)
	c.data(body, reasonStatus)
	c.ok("", "STATUS completed", reasonStatusOK)
}

// unknownStatusItem returns the first item STATUS does not know, or "".
func unknownStatusItem(items []string) string {
	for _, item := range items {
		switch item {
		case "MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "RECENT":
		default:
			return item
		}
	}
	return ""
}

// appendStatus appends "STATUS name (item n ...)" (RFC 9051 §7.3.3).
func appendStatus(b []byte, name string, box mailbox.Mailbox, items []string) []byte {
	msgs := box.List()
	b = appendAString(append(b, "STATUS "...), name)
	b = append(b, " ("...)
	for i, item := range items {
		var n uint64
		switch item {
		case "MESSAGES":
			n = uint64(len(msgs))
		case "UIDNEXT":
			n = uint64(box.UIDNext())
		case "UIDVALIDITY":
			n = uint64(box.UIDValidity())
		case "UNSEEN":
			n = countFlag(msgs, mailbox.FlagSeen, false)
		case "DELETED":
			n = countFlag(msgs, mailbox.FlagDeleted, true)
		case "SIZE":
			for _, m := range msgs {
				n += uint64(m.Size)
			}
		case "RECENT":
			// IMAP4rev1 only; there is no \Recent here.
		}
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, item...)
		b = append(b, ' ')
		b = strconv.AppendUint(b, n, 10)
	}
	return append(b, ')')
}

func countFlag(msgs []mailbox.Message, flag string, want bool) uint64 {
	var n uint64
	for _, m := range msgs {
		if m.HasFlag(flag) == want {
			n++
		}
	}
	return n
}

// cmdClose expunges silently unless the mailbox is read-only, and returns
// to the authenticated state (RFC 9051 §6.4.1).
func cmdClose(c *call) {
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	if !c.s.readOnly {
		c.s.expunge(nil)
	}
	c.s.state, c.s.view = authenticated, nil
	c.ok("", "CLOSE completed", reasonCloseOK)
}

// cmdUnselect returns to the authenticated state without expunging
// (RFC 9051 §6.4.2).
func cmdUnselect(c *call) {
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	c.s.state, c.s.view = authenticated, nil
	c.ok("", "UNSELECT completed", reasonUnselectOK)
}

// cmdExpunge removes the messages marked \Deleted (RFC 9051 §6.4.3); UID
// EXPUNGE only those among the given UIDs (§6.4.9).
func cmdExpunge(c *call) {
	var only seqSet
	if c.uid {
		err := c.p.sp()
		if err == nil {
			only, err = c.p.sequenceSet()
		}
		if err != nil {
			c.syntax(err)
			return
		}
	}
	if err := c.p.end(); err != nil {
		c.syntax(err)
		return
	}
	if c.s.readOnly {
		c.no("", "Mailbox is read-only (opened with EXAMINE); SELECT it to expunge", reasonReadOnly)
		return
	}
	for _, seq := range c.s.expunge(only) {
		c.data(append(appendNumber(nil, seq), " EXPUNGE"...), reasonExpunge)
	}
	c.ok("", c.name+" completed", reasonExpungeOK)
}

// expunge removes the messages marked \Deleted, restricted to the UIDs in
// only when it is not nil, and returns their sequence numbers. They come
// from the highest down, so each number is still valid after the removals
// reported before it (RFC 9051 §7.5.1).
func (s *Server) expunge(only seqSet) []uint32 {
	current := make(map[uint32]mailbox.Message)
	for _, m := range s.box.List() {
		current[m.UID] = m
	}
	var lastUID uint32
	if len(s.view) > 0 {
		lastUID = s.view[len(s.view)-1].UID
	}
	var gone []uint32
	for i := len(s.view) - 1; i >= 0; i-- {
		uid := s.view[i].UID
		m, ok := current[uid]
		if !ok || !m.HasFlag(mailbox.FlagDeleted) || (only != nil && !only.contains(uid, lastUID)) {
			continue
		}
		if s.box.Remove(uid) != nil {
			continue
		}
		s.view = slices.Delete(s.view, i, i+1)
		gone = append(gone, uint32(i+1))
	}
	return gone
}

// updates compares the session's view with the mailbox and reports what
// changed meanwhile: messages another session expunged (only when
// expungeOK), flags it changed, and new mail (RFC 9051 §5.2, §7.4.1).
func (s *Server) updates(expungeOK bool) []Response {
	current := s.box.List()
	byUID := make(map[uint32]mailbox.Message, len(current))
	for _, m := range current {
		byUID[m.UID] = m
	}
	var out []Response
	if expungeOK {
		for i := len(s.view) - 1; i >= 0; i-- {
			if _, ok := byUID[s.view[i].UID]; !ok {
				s.view = slices.Delete(s.view, i, i+1)
				out = append(out, dataResponse(append(appendNumber(nil, uint32(i+1)), " EXPUNGE"...), reasonExpunge))
			}
		}
	}
	for i, m := range s.view {
		now, ok := byUID[m.UID]
		if !ok || slices.Equal(now.Flags, m.Flags) {
			continue
		}
		s.view[i].Flags = now.Flags
		b := appendNumber(nil, uint32(i+1))
		b = append(b, " FETCH (UID "...)
		b = appendNumber(b, m.UID)
		b = append(b, " FLAGS "...)
		b = append(b, flagList(now.Flags)...)
		out = append(out, dataResponse(append(b, ')'), reasonFlagsUpdate))
	}
	var lastUID uint32
	if len(s.view) > 0 {
		lastUID = s.view[len(s.view)-1].UID
	}
	before := len(s.view)
	for _, m := range current {
		if m.UID > lastUID {
			s.view = append(s.view, m)
		}
	}
	if len(s.view) > before {
		out = append(out, dataResponse(append(appendNumber(nil, uint32(len(s.view))), " EXISTS"...), reasonExists))
	}
	return out
}
