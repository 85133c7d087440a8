package imap

import (
	"bytes"
	"slices"
	"strings"

	"smtpsim/sim/mailbox"
)

// This file holds FETCH and UID FETCH (RFC 9051 §6.4.5, §6.4.9) and the
// message sections they return.

type fetchKind int

const (
	fetchFlags fetchKind = iota
	fetchUID
	fetchSize
	fetchEnvelope
	fetchInternalDate
	fetchSection // BODY[...], BODY.PEEK[...], RFC822, RFC822.HEADER, RFC822.TEXT
)

// fetchItem is one requested data item.
type fetchItem struct {
	kind    fetchKind
	name    string   // as it appears in the response, e.g. BODY[HEADER]<0>
	section string   // "", "HEADER", "TEXT", "HEADER.FIELDS" or "HEADER.FIELDS.NOT"
	fields  []string // for HEADER.FIELDS and HEADER.FIELDS.NOT
	peek    bool     // does not set \Seen
	partial bool
	start   uint32
	count   uint32
}

// fetchMacro expands ALL, FAST and FULL (RFC 9051 §6.4.5). FULL also asks
// for BODY, the structure this simulator does not offer, so here it is the
// same as ALL.
func fetchMacro(name string) ([]fetchItem, bool) {
	fast := []fetchItem{{kind: fetchFlags, name: "FLAGS"}, {kind: fetchInternalDate, name: "INTERNALDATE"}, {kind: fetchSize, name: "RFC822.SIZE"}}
	switch name {
	case "FAST":
		return fast, true
	case "ALL", "FULL":
		return append(fast, fetchItem{kind: fetchEnvelope, name: "ENVELOPE"}), true
	}
	return nil, false
}

// fetchItems parses a macro, one item, or a parenthesized list of items.
func (p *parser) fetchItems() ([]fetchItem, error) {
	if p.consume('(') {
		var items []fetchItem
		for !p.consume(')') {
			if len(items) > 0 {
				if err := p.sp(); err != nil {
					return nil, p.fail(`expected a space or ")" between fetch items`)
				}
			}
			it, err := p.fetchItem()
			if err != nil {
				return nil, err
			}
			items = append(items, it)
		}
		if len(items) == 0 {
			return nil, syntaxError("empty list of fetch items")
		}
		return items, nil
	}
	save := p.pos
	if items, ok := fetchMacro(strings.ToUpper(p.fetchName())); ok {
		return items, nil
	}
	p.pos = save
	it, err := p.fetchItem()
	if err != nil {
		return nil, err
	}
	return []fetchItem{it}, nil
}

// fetchName reads the name part of a fetch item: letters, digits and dots.
func (p *parser) fetchName() string {
	start := p.pos
	for !p.atEnd() {
		c := p.b[p.pos]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || isDigit(c) || c == '.') {
			break
		}
		p.pos++
	}
	return string(p.b[start:p.pos])
}

func (p *parser) fetchItem() (fetchItem, error) {
	start := p.pos
	name := strings.ToUpper(p.fetchName())
	switch name {
	case "FLAGS":
		return fetchItem{kind: fetchFlags, name: name}, nil
	case "UID":
		return fetchItem{kind: fetchUID, name: name}, nil
	case "RFC822.SIZE":
		return fetchItem{kind: fetchSize, name: name}, nil
	case "ENVELOPE":
		return fetchItem{kind: fetchEnvelope, name: name}, nil
	case "INTERNALDATE":
		return fetchItem{kind: fetchInternalDate, name: name}, nil
	case "RFC822":
		// IMAP4rev1's names, kept because older clients still use them.
		return fetchItem{kind: fetchSection, name: name}, nil
	case "RFC822.HEADER":
		return fetchItem{kind: fetchSection, name: name, section: "HEADER", peek: true}, nil
	case "RFC822.TEXT":
		return fetchItem{kind: fetchSection, name: name, section: "TEXT"}, nil
	case "BODY", "BODY.PEEK":
		if p.peek() != '[' {
			if name == "BODY" {
				return fetchItem{}, unsupported("BODY without a section is the body structure, which this simulator does not offer; use BODY[] or BODY.PEEK[]")
			}
			return fetchItem{}, p.fail(`expected "[" after BODY.PEEK`)
		}
		return p.bodySection(name == "BODY.PEEK")
	case "BODYSTRUCTURE", "BINARY", "BINARY.PEEK", "BINARY.SIZE":
		return fetchItem{}, unsupported(name + " is not part of this simulator; use BODY[] or BODY.PEEK[]")
	}
	p.pos = start
	return fetchItem{}, p.fail("unknown fetch item; try FLAGS, UID, RFC822.SIZE, ENVELOPE, BODY[] or BODY.PEEK[]")
}

// bodySection parses "[" section-spec "]" and an optional "<" start "."
// count ">" after BODY or BODY.PEEK.
func (p *parser) bodySection(peek bool) (fetchItem, error) {
	it := fetchItem{kind: fetchSection, peek: peek}
	p.consume('[')
	spec := strings.ToUpper(p.fetchName())
	switch spec {
	case "", "HEADER", "TEXT":
	case "HEADER.FIELDS", "HEADER.FIELDS.NOT":
		if err := p.sp(); err != nil {
			return it, err
		}
		if err := p.expect('(', `"(" before the header field names`); err != nil {
			return it, err
		}
		for !p.consume(')') {
			if len(it.fields) > 0 {
				if err := p.sp(); err != nil {
					return it, p.fail(`expected a space or ")" between header field names`)
				}
			}
			f, err := p.astring()
			if err != nil {
				return it, err
			}
			it.fields = append(it.fields, f)
		}
		if len(it.fields) == 0 {
			return it, syntaxError("HEADER.FIELDS needs at least one field name")
		}
	default:
		if spec != "" && isDigit(spec[0]) {
			return it, unsupported("MIME part sections such as BODY[" + spec + "] are not part of this simulator (it has no BODYSTRUCTURE); use BODY[], BODY[HEADER] or BODY[TEXT]")
		}
		return it, p.fail("unknown section; try BODY[], BODY[HEADER], BODY[TEXT] or BODY[HEADER.FIELDS (SUBJECT)]")
	}
	if err := p.expect(']', `"]" after the section`); err != nil {
		return it, err
	}
	it.section = spec
	name := []byte("BODY[" + spec)
	if len(it.fields) > 0 {
		name = append(name, " ("...)
		for i, f := range it.fields {
			if i > 0 {
				name = append(name, ' ')
			}
			name = appendAString(name, f)
		}
		name = append(name, ')')
	}
	name = append(name, ']')
	if p.consume('<') {
		var err error
		if it.start, err = p.number(); err != nil {
			return it, err
		}
		if err = p.expect('.', `"." in the partial range <start.count>`); err != nil {
			return it, err
		}
		if it.count, err = p.number(); err != nil {
			return it, err
		}
		if it.count == 0 {
			return it, syntaxError("the octet count of a partial fetch must not be 0")
		}
		if err = p.expect('>', `">" after the partial range`); err != nil {
			return it, err
		}
		it.partial = true
		// The response names only the start octet (RFC 9051 §7.5.2).
		name = append(name, '<')
		name = appendNumber(name, it.start)
		name = append(name, '>')
	}
	it.name = string(name)
	return it, nil
}

// cmdFetch answers FETCH and UID FETCH.
func cmdFetch(c *call) {
	err := c.p.sp()
	var set seqSet
	if err == nil {
		set, err = c.p.sequenceSet()
	}
	if err == nil {
		err = c.p.sp()
	}
	var items []fetchItem
	if err == nil {
		items, err = c.p.fetchItems()
	}
	if err == nil {
		err = c.p.end()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	s := c.s
	if !c.uid {
		if err := set.checkMessageNumbers(len(s.view)); err != nil {
			c.bad("", err.Error(), reasonBadSequence)
			return
		}
	} else if !hasKind(items, fetchUID) {
		// UID FETCH always reports the UID (RFC 9051 §6.4.9).
		items = append([]fetchItem{{kind: fetchUID, name: "UID"}}, items...)
	}
	missing := false
	for i := range s.view {
		if !c.matches(set, i) {
			continue
		}
		body, ok := s.fetchMessage(i, items)
		if !ok {
			missing = true
			continue
		}
		c.data(body, reasonFetch)
	}
	if missing {
		c.ok("EXPUNGEISSUED", c.name+" completed; some messages were expunged by another session", reasonExpungeIssued)
		return
	}
	c.ok("", c.name+" completed", reasonFetchOK)
}

// matches reports whether the message at view index i is in set, read as
// UIDs for UID commands and as sequence numbers otherwise.
func (c *call) matches(set seqSet, i int) bool {
	view := c.s.view
	if c.uid {
		return set.contains(view[i].UID, view[len(view)-1].UID)
	}
	return set.contains(uint32(i+1), uint32(len(view)))
}

func hasKind(items []fetchItem, kind fetchKind) bool {
	for _, it := range items {
		if it.kind == kind {
			return true
		}
	}
	return false
}

// fetchMessage builds one FETCH response. It reports false when the
// message's content is gone because another session expunged it.
func (s *Server) fetchMessage(i int, items []fetchItem) ([]byte, bool) {
	m := s.view[i]
	var raw []byte
	for _, it := range items {
		if it.kind == fetchEnvelope || it.kind == fetchInternalDate || it.kind == fetchSection {
			var err error
			if raw, err = s.box.Read(m.UID); err != nil {
				return nil, false
			}
			break
		}
	}
	// Fetching a body section without PEEK marks the message \Seen, and the
	// new flags are reported with it (RFC 9051 §6.4.5); EXAMINE forbids
	// the change (§6.3.3).
	seen := false
	if !s.readOnly && !m.HasFlag(mailbox.FlagSeen) {
		for _, it := range items {
			if it.kind == fetchSection && !it.peek {
				seen = true
			}
		}
	}
	if seen {
		flags := mailbox.NormalizeFlags(append(slices.Clone(m.Flags), mailbox.FlagSeen))
		if s.box.SetFlags(m.UID, flags) == nil {
			s.view[i].Flags = flags
			m.Flags = flags
		} else {
			seen = false
		}
	}
	header, text := splitMessage(raw)
	b := appendNumber(nil, uint32(i+1))
	b = append(b, " FETCH ("...)
	for j, it := range items {
		if j > 0 {
			b = append(b, ' ')
		}
		b = append(b, it.name...)
		b = append(b, ' ')
		switch it.kind {
		case fetchFlags:
			b = append(b, flagList(m.Flags)...)
		case fetchUID:
			b = appendNumber(b, m.UID)
		case fetchSize:
			b = appendNumber(b, uint32(m.Size))
		case fetchEnvelope:
			b = appendEnvelope(b, header)
		case fetchInternalDate:
			b = append(b, '"')
			b = append(b, internalDate(header).Format("_2-Jan-2006 15:04:05 -0700")...)
			b = append(b, '"')
		case fetchSection:
			b = appendLiteral(b, it.extract(raw, header, text))
		}
	}
	if seen && !hasKind(items, fetchFlags) {
		b = append(b, " FLAGS "...)
		b = append(b, flagList(m.Flags)...)
	}
	return append(b, ')'), true
}

// extract returns the octets a section item asks for.
func (it fetchItem) extract(raw, header, text []byte) []byte {
	var d []byte
	switch it.section {
	case "":
		d = raw
	case "HEADER":
		d = header
	case "TEXT":
		d = text
	case "HEADER.FIELDS":
		d = headerFields(header, it.fields, true)
	case "HEADER.FIELDS.NOT":
		d = headerFields(header, it.fields, false)
	}
	if it.partial {
		// A start beyond the end gives the empty string (RFC 9051 §6.4.5).
		if uint64(it.start) >= uint64(len(d)) {
			return nil
		}
		d = d[it.start:]
		if uint64(it.count) < uint64(len(d)) {
			d = d[:it.count]
		}
	}
	return d
}

// splitMessage cuts a message into its header, up to and including the
// blank line that ends it, and its text (RFC 5322 §2.1). A message without
// a blank line is all header.
func splitMessage(raw []byte) (header, text []byte) {
	for i := 0; i < len(raw); {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 {
			break
		}
		line := raw[i : i+j]
		if len(line) == 0 || (len(line) == 1 && line[0] == '\r') {
			return raw[:i+j+1], raw[i+j+1:]
		}
		i += j + 1
	}
	return raw, nil
}

// headerFields returns the header fields whose names are (keep) or are not
// (!keep) in names, each with its continuation lines, and the blank line
// that ends a header (RFC 9051 §6.4.5 HEADER.FIELDS).
func headerFields(header []byte, names []string, keep bool) []byte {
	var out []byte
	include := false
	for i := 0; i < len(header); {
		j := bytes.IndexByte(header[i:], '\n')
		end := len(header)
		if j >= 0 {
			end = i + j + 1
		}
		line := header[i:end]
		i = end
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			break
		}
		if line[0] != ' ' && line[0] != '\t' {
			name, _, _ := bytes.Cut(line, []byte(":"))
			name = bytes.TrimSpace(name)
			listed := false
			for _, n := range names {
				if strings.EqualFold(n, string(name)) {
					listed = true
				}
			}
			include = listed == keep
		}
		if include {
			out = append(out, line...)
		}
	}
	return append(out, "\r\n"...)
}
