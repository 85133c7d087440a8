package imap

import (
	"bytes"
	"slices"
	"strconv"
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
	fetchSection       // BODY[...], BODY.PEEK[...], RFC822, RFC822.HEADER, RFC822.TEXT
	fetchBody          // BODY: the structure without extension data
	fetchBodyStructure // BODYSTRUCTURE
	fetchBinary        // BINARY[...], BINARY.PEEK[...]
	fetchBinarySize    // BINARY.SIZE[...]
)

// fetchItem is one requested data item.
type fetchItem struct {
	kind    fetchKind
	name    string   // as it appears in the response, e.g. BODY[HEADER]<0>
	section string   // "", "HEADER", "TEXT", "MIME", "HEADER.FIELDS" or "HEADER.FIELDS.NOT"
	path    []uint32 // the part number, e.g. [1 2] for BODY[1.2]; empty for the whole message
	fields  []string // for HEADER.FIELDS and HEADER.FIELDS.NOT
	peek    bool     // does not set \Seen
	partial bool
	start   uint32
	count   uint32
}

// fetchMacro expands ALL, FAST and FULL (RFC 9051 §6.4.5).
func fetchMacro(name string) ([]fetchItem, bool) {
	fast := []fetchItem{{kind: fetchFlags, name: "FLAGS"}, {kind: fetchInternalDate, name: "INTERNALDATE"}, {kind: fetchSize, name: "RFC822.SIZE"}}
	switch name {
	case "FAST":
		return fast, true
	case "ALL":
		return append(fast, fetchItem{kind: fetchEnvelope, name: "ENVELOPE"}), true
	case "FULL":
		return append(fast, fetchItem{kind: fetchEnvelope, name: "ENVELOPE"}, fetchItem{kind: fetchBody, name: "BODY"}), true
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
				return fetchItem{kind: fetchBody, name: name}, nil
			}
			return fetchItem{}, p.fail(`expected "[" after BODY.PEEK`)
		}
		return p.bodySection(name == "BODY.PEEK")
	case "BODYSTRUCTURE":
		return fetchItem{kind: fetchBodyStructure, name: name}, nil
	case "BINARY", "BINARY.PEEK", "BINARY.SIZE":
		return p.binarySection(name)
	}
	p.pos = start
	return fetchItem{}, p.fail("unknown fetch item; try FLAGS, UID, RFC822.SIZE, ENVELOPE, BODYSTRUCTURE, BODY[] or BODY.PEEK[]")
}

// sectionPart splits a section spec such as "1.2.HEADER" into its part
// number and the rest (RFC 9051 §6.4.5, section-part).
func sectionPart(spec string) ([]uint32, string, error) {
	var path []uint32
	for spec != "" && isDigit(spec[0]) {
		num, rest, _ := strings.Cut(spec, ".")
		n, err := strconv.ParseUint(num, 10, 32)
		if err != nil || n == 0 || num[0] == '0' {
			return nil, "", syntaxError("a part number is a number from 1, such as 1 or 2.1")
		}
		path = append(path, uint32(n))
		spec = rest
	}
	return path, spec, nil
}

// appendPath appends a part number such as 1.2.
func appendPath(b []byte, path []uint32) []byte {
	for i, n := range path {
		if i > 0 {
			b = append(b, '.')
		}
		b = appendNumber(b, n)
	}
	return b
}

// binarySection parses "[" [section-part] "]" and, except for BINARY.SIZE,
// an optional partial range after BINARY or BINARY.PEEK (RFC 9051 §6.4.5).
func (p *parser) binarySection(name string) (fetchItem, error) {
	it := fetchItem{kind: fetchBinary, peek: name == "BINARY.PEEK"}
	if name == "BINARY.SIZE" {
		it.kind = fetchBinarySize
	}
	if err := p.expect('[', `"[" after `+name); err != nil {
		return it, err
	}
	path, rest, err := sectionPart(p.fetchName())
	if err != nil {
		return it, err
	}
	if rest != "" {
		return it, syntaxError(name + " takes only a part number, such as " + name + "[1]")
	}
	if err := p.expect(']', `"]" after the part number`); err != nil {
		return it, err
	}
	it.path = path
	out := name
	if name == "BINARY.PEEK" {
		out = "BINARY"
	}
	b := appendPath([]byte(out+"["), path)
	b = append(b, ']')
	if it.kind == fetchBinary {
		if b, err = p.partial(&it, b); err != nil {
			return it, err
		}
	}
	it.name = string(b)
	return it, nil
}

// bodySection parses "[" section-spec "]" and an optional "<" start "."
// count ">" after BODY or BODY.PEEK.
func (p *parser) bodySection(peek bool) (fetchItem, error) {
	it := fetchItem{kind: fetchSection, peek: peek}
	p.consume('[')
	path, spec, err := sectionPart(strings.ToUpper(p.fetchName()))
	if err != nil {
		return it, err
	}
	it.path = path
	switch spec {
	case "MIME":
		if len(path) == 0 {
			return it, syntaxError("MIME needs a part number, such as BODY[1.MIME]")
		}
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
		return it, p.fail("unknown section; try BODY[], BODY[1], BODY[HEADER], BODY[TEXT] or BODY[HEADER.FIELDS (SUBJECT)]")
	}
	if err := p.expect(']', `"]" after the section`); err != nil {
		return it, err
	}
	it.section = spec
	name := appendPath([]byte("BODY["), path)
	if len(path) > 0 && spec != "" {
		name = append(name, '.')
	}
	name = append(name, spec...)
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
	name, err = p.partial(&it, name)
	if err != nil {
		return it, err
	}
	it.name = string(name)
	return it, nil
}

// partial parses an optional "<" start "." count ">" and adds "<start>" to
// the item's name in the response.
func (p *parser) partial(it *fetchItem, name []byte) ([]byte, error) {
	if p.consume('<') {
		var err error
		if it.start, err = p.number(); err != nil {
			return nil, err
		}
		if err = p.expect('.', `"." in the partial range <start.count>`); err != nil {
			return nil, err
		}
		if it.count, err = p.number(); err != nil {
			return nil, err
		}
		if it.count == 0 {
			return nil, syntaxError("the octet count of a partial fetch must not be 0")
		}
		if err = p.expect('>', `">" after the partial range`); err != nil {
			return nil, err
		}
		it.partial = true
		// The response names only the start octet (RFC 9051 §7.5.2).
		name = append(name, '<')
		name = appendNumber(name, it.start)
		name = append(name, '>')
	}
	return name, nil
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
	if !c.numbersOK(set) {
		return
	}
	if c.uid && !hasKind(items, fetchUID) {
		// UID FETCH always reports the UID (RFC 9051 §6.4.9).
		items = append([]fetchItem{{kind: fetchUID, name: "UID"}}, items...)
	}
	missing := false
	for i := range s.view {
		if !c.matches(set, i) {
			continue
		}
		body, st := s.fetchMessage(i, items)
		switch st {
		case fetchGone:
			missing = true
			continue
		case fetchUnknownCTE:
			c.no("UNKNOWN-CTE", "BINARY cannot decode the content transfer encoding of message "+strconv.Itoa(i+1)+"; fetch it with BODY[] instead", reasonUnknownCTE)
			return
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

// fetchStatus says how building one FETCH response went.
type fetchStatus int

const (
	fetchDone       fetchStatus = iota
	fetchGone                   // another session expunged the message
	fetchUnknownCTE             // BINARY met a transfer encoding it cannot undo
)

// fetchMessage builds one FETCH response.
func (s *Server) fetchMessage(i int, items []fetchItem) ([]byte, fetchStatus) {
	m := s.view[i]
	var raw []byte
	var root *entity
	for _, it := range items {
		if it.kind == fetchFlags || it.kind == fetchUID || it.kind == fetchSize {
			continue
		}
		if raw == nil {
			var err error
			if raw, err = s.box.Read(m.UID); err != nil {
				return nil, fetchGone
			}
		}
		if root == nil && (len(it.path) > 0 || it.kind >= fetchBody) {
			root = parseEntity(raw, "text/plain", 0)
		}
	}
	// BINARY of a part whose encoding is unknown fails the whole command
	// before anything is sent (RFC 9051 §6.4.5).
	binary := make([][]byte, len(items))
	for j, it := range items {
		if it.kind != fetchBinary && it.kind != fetchBinarySize {
			continue
		}
		if e, _ := root.part(it.path); e != nil && e.children == nil {
			d, ok := e.decoded()
			if !ok {
				return nil, fetchUnknownCTE
			}
			binary[j] = d
		}
	}
	// Fetching a body section without PEEK marks the message \Seen, and the
	// new flags are reported with it (RFC 9051 §6.4.5); EXAMINE forbids
	// the change (§6.3.3).
	seen := false
	if !s.readOnly && !m.HasFlag(mailbox.FlagSeen) {
		for _, it := range items {
			if (it.kind == fetchSection || it.kind == fetchBinary) && !it.peek {
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
			if len(it.path) == 0 {
				b = appendLiteral(b, it.extract(raw, header, text))
				break
			}
			d, ok := it.extractPart(root)
			if !ok {
				b = append(b, "NIL"...)
				break
			}
			b = appendLiteral(b, d)
		case fetchBody, fetchBodyStructure:
			b = root.appendStructure(b, it.kind == fetchBodyStructure)
		case fetchBinary:
			if binary[j] == nil {
				b = append(b, "NIL"...)
				break
			}
			b = appendLiteral8(b, it.cut(binary[j]))
		case fetchBinarySize:
			if binary[j] == nil {
				b = append(b, "NIL"...)
				break
			}
			b = appendNumber(b, uint32(len(binary[j])))
		}
	}
	if seen && !hasKind(items, fetchFlags) {
		b = append(b, " FLAGS "...)
		b = append(b, flagList(m.Flags)...)
	}
	return append(b, ')'), fetchDone
}

// appendLiteral8 appends data as a literal, or as a literal8 "~{n}" when
// it holds NUL octets, which only a literal8 may carry (RFC 9051 §4.3.1).
func appendLiteral8(b []byte, data []byte) []byte {
	if bytes.IndexByte(data, 0) >= 0 {
		b = append(b, '~')
	}
	return appendLiteral(b, data)
}

// extractPart returns what a section with a part number asks for; ok is
// false when the message has no such part, or the part is not a message
// and HEADER or TEXT is asked of it.
func (it fetchItem) extractPart(root *entity) ([]byte, bool) {
	e, _ := root.part(it.path)
	if e == nil {
		return nil, false
	}
	switch it.section {
	case "":
		return it.cut(e.body), true
	case "MIME":
		return it.cut(e.header), true
	}
	if e.inner == nil {
		return nil, false
	}
	header, text := e.inner.header, e.inner.body
	return it.extract(nil, header, text), true
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
	return it.cut(d)
}

// cut applies the partial range <start.count>, if any.
func (it fetchItem) cut(d []byte) []byte {
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
