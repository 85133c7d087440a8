package imap

import (
	"slices"
	"strings"

	"smtpsim/sim/mailbox"
)

// This file holds STORE and UID STORE, which change message flags
// (RFC 9051 §6.4.6).

// storeMode says how STORE combines the given flags with the old ones.
type storeMode int

const (
	storeReplace storeMode = iota // FLAGS
	storeAdd                      // +FLAGS
	storeRemove                   // -FLAGS
)

// cmdStore answers STORE set [+|-]FLAGS[.SILENT] flags.
func cmdStore(c *call) {
	err := c.p.sp()
	var set seqSet
	if err == nil {
		set, err = c.p.sequenceSet()
	}
	if err == nil {
		err = c.p.sp()
	}
	var item string
	if err == nil {
		item, err = c.p.atom()
	}
	if err == nil {
		err = c.p.sp()
	}
	var flags []string
	if err == nil {
		flags, err = c.p.flags()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	item = strings.ToUpper(item)
	mode := storeReplace
	switch item[0] {
	case '+':
		mode, item = storeAdd, item[1:]
	case '-':
		mode, item = storeRemove, item[1:]
	}
	silent := strings.HasSuffix(item, ".SILENT")
	if strings.TrimSuffix(item, ".SILENT") != "FLAGS" {
		c.bad("", "Unknown STORE item; use FLAGS, +FLAGS or -FLAGS, optionally with .SILENT", reasonBadSyntax)
		return
	}
	for i, f := range flags {
		canonical, ok := storableFlag(f)
		if !ok {
			c.bad("", f+" is not a flag a client can store; use \\Seen \\Answered \\Flagged \\Deleted \\Draft or a keyword", reasonBadSyntax)
			return
		}
		flags[i] = canonical
	}
	s := c.s
	if !c.numbersOK(set) {
		return
	}
	if s.readOnly {
		c.no("", "Mailbox is read-only (opened with EXAMINE); SELECT it to change flags", reasonReadOnly)
		return
	}
	current := make(map[uint32]mailbox.Message)
	for _, m := range s.box.List() {
		current[m.UID] = m
	}
	missing := false
	for i := range s.view {
		if !c.matches(set, i) {
			continue
		}
		m, ok := current[s.view[i].UID]
		if !ok {
			missing = true
			continue
		}
		updated := applyFlags(m.Flags, flags, mode)
		if s.box.SetFlags(m.UID, updated) != nil {
			missing = true
			continue
		}
		s.view[i].Flags = updated
		if silent {
			// .SILENT asks the server not to echo the new flags.
			continue
		}
		b := appendNumber(nil, uint32(i+1))
		b = append(b, " FETCH ("...)
		if c.uid {
			// UID STORE reports the UID with the flags (RFC 9051 §6.4.9).
			b = append(b, "UID "...)
			b = appendNumber(b, m.UID)
			b = append(b, ' ')
		}
		b = append(b, "FLAGS "...)
		b = append(b, flagList(updated)...)
		c.data(append(b, ')'), reasonStore)
	}
	if missing {
		c.ok("EXPUNGEISSUED", c.name+" completed; some messages were expunged by another session", reasonExpungeIssued)
		return
	}
	c.ok("", c.name+" completed", reasonStoreOK)
}

// storableFlag checks a flag and spells a system flag the standard way.
// \Recent and unknown system flags cannot be set by a client; keywords
// can (RFC 9051 §2.3.2, PERMANENTFLAGS \*).
func storableFlag(f string) (string, bool) {
	if !strings.HasPrefix(f, `\`) {
		return f, true
	}
	for _, sf := range systemFlags() {
		if strings.EqualFold(f, sf) {
			return sf, true
		}
	}
	return "", false
}

// applyFlags combines old flags with the stored ones.
func applyFlags(old, given []string, mode storeMode) []string {
	switch mode {
	case storeAdd:
		return mailbox.NormalizeFlags(append(slices.Clone(old), given...))
	case storeRemove:
		return mailbox.NormalizeFlags(slices.DeleteFunc(slices.Clone(old), func(f string) bool {
			return slices.ContainsFunc(given, func(g string) bool { return strings.EqualFold(f, g) })
		}))
	}
	return mailbox.NormalizeFlags(given)
}
