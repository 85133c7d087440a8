package imap

import (
	"bytes"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"smtpsim/sim/mailbox"
)

// This file holds SEARCH and UID SEARCH (RFC 9051 §6.4.4).

type searchOp int

const (
	opAll        searchOp = iota
	opNone                // NEW and RECENT: there is no \Recent here
	opFlag                // the message has flag
	opNoFlag              // the message lacks flag
	opSeq                 // message sequence numbers
	opUID                 // UIDs
	opNot                 // kids[0] does not match
	opOr                  // kids[0] or kids[1]
	opAnd                 // every kid matches: a parenthesized list or the top level
	opLarger              // RFC822.SIZE > n
	opSmaller             // RFC822.SIZE < n
	opHeader              // field contains value; any value when value is ""
	opBody                // the text contains value
	opText                // the header or the text contains value
	opBefore              // internal date before day
	opOn                  // internal date on day
	opSince               // internal date on or after day
	opSentBefore          // Date field before day
	opSentOn              // Date field on day
	opSentSince           // Date field on or after day
)

// searchKey is one node of a parsed search program.
type searchKey struct {
	op    searchOp
	flag  string
	set   seqSet
	n     uint32
	field string
	value string
	day   int // yyyymmdd
	kids  []searchKey
}

// searchReturn holds the RETURN options of an extended SEARCH
// (RFC 9051 §6.4.4); nil when the client gave none.
type searchReturn struct{ min, max, all, count bool }

// flagKey recognises the search keys that test one flag.
func flagKey(word string) (flag string, has, ok bool) {
	switch word {
	case "ANSWERED", "UNANSWERED":
		flag = mailbox.FlagAnswered
	case "DELETED", "UNDELETED":
		flag = mailbox.FlagDeleted
	case "DRAFT", "UNDRAFT":
		flag = mailbox.FlagDraft
	case "FLAGGED", "UNFLAGGED":
		flag = mailbox.FlagFlagged
	case "SEEN", "UNSEEN":
		flag = mailbox.FlagSeen
	default:
		return "", false, false
	}
	return flag, !strings.HasPrefix(word, "UN"), true
}

// dateKey recognises the search keys that compare dates.
func dateKey(word string) (searchOp, bool) {
	for i, w := range []string{"BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE"} {
		if word == w {
			return opBefore + searchOp(i), true
		}
	}
	return 0, false
}

// peekWord reads an atom in upper case and puts it back unless it is want.
func (p *parser) peekWord(want string) bool {
	save := p.pos
	if w, err := p.atom(); err == nil && strings.EqualFold(w, want) && (p.atEnd() || p.peek() == ' ') {
		return true
	}
	p.pos = save
	return false
}

// searchProgram parses [RETURN (...)] [CHARSET x] key *(SP key).
func (p *parser) searchProgram() (*searchReturn, string, searchKey, error) {
	var ret *searchReturn
	var charset string
	if p.peekWord("RETURN") {
		ret = &searchReturn{}
		if err := p.sp(); err != nil {
			return nil, "", searchKey{}, err
		}
		if err := p.expect('(', `"(" after RETURN`); err != nil {
			return nil, "", searchKey{}, err
		}
		for first := true; !p.consume(')'); first = false {
			if !first {
				if err := p.sp(); err != nil {
					return nil, "", searchKey{}, err
				}
			}
			opt, err := p.atom()
			if err != nil {
				return nil, "", searchKey{}, err
			}
			switch strings.ToUpper(opt) {
			case "MIN":
				ret.min = true
			case "MAX":
				ret.max = true
			case "ALL":
				ret.all = true
			case "COUNT":
				ret.count = true
			case "SAVE":
				return nil, "", searchKey{}, unsupported("SEARCH RETURN (SAVE) is not part of this simulator")
			default:
				return nil, "", searchKey{}, syntaxError("unknown RETURN option " + opt + "; use MIN, MAX, ALL or COUNT")
			}
		}
		if err := p.sp(); err != nil {
			return nil, "", searchKey{}, err
		}
	}
	if p.peekWord("CHARSET") {
		var err error
		if err = p.sp(); err == nil {
			if charset, err = p.astring(); err == nil {
				err = p.sp()
			}
		}
		if err != nil {
			return nil, "", searchKey{}, err
		}
	}
	program := searchKey{op: opAnd}
	for {
		k, err := p.searchKey(0)
		if err != nil {
			return nil, "", searchKey{}, err
		}
		program.kids = append(program.kids, k)
		if p.atEnd() {
			return ret, charset, program, nil
		}
		if err := p.sp(); err != nil {
			return nil, "", searchKey{}, err
		}
	}
}

// searchKey parses one search key (RFC 9051 §9 search-key).
func (p *parser) searchKey(depth int) (searchKey, error) {
	if depth > maxNesting {
		return searchKey{}, syntaxError("search keys nested too deeply")
	}
	if p.consume('(') {
		k := searchKey{op: opAnd}
		for {
			kid, err := p.searchKey(depth + 1)
			if err != nil {
				return k, err
			}
			k.kids = append(k.kids, kid)
			if p.consume(')') {
				return k, nil
			}
			if err := p.sp(); err != nil {
				return k, p.fail(`expected a space or ")" in the list of search keys`)
			}
		}
	}
	if c := p.peek(); isDigit(c) || c == '*' {
		set, err := p.sequenceSet()
		return searchKey{op: opSeq, set: set}, err
	}
	word, err := p.atom()
	if err != nil {
		return searchKey{}, p.fail("expected a search key such as ALL, UNSEEN or 1:5")
	}
	word = strings.ToUpper(word)
	if flag, has, ok := flagKey(word); ok {
		if has {
			return searchKey{op: opFlag, flag: flag}, nil
		}
		return searchKey{op: opNoFlag, flag: flag}, nil
	}
	if op, ok := dateKey(word); ok {
		day, err := p.searchDate()
		return searchKey{op: op, day: day}, err
	}
	switch word {
	case "ALL", "OLD":
		return searchKey{op: opAll}, nil
	case "NEW", "RECENT":
		return searchKey{op: opNone}, nil
	case "KEYWORD", "UNKEYWORD":
		if err := p.sp(); err != nil {
			return searchKey{}, err
		}
		kw, err := p.atom()
		if word == "KEYWORD" {
			return searchKey{op: opFlag, flag: kw}, err
		}
		return searchKey{op: opNoFlag, flag: kw}, err
	case "LARGER", "SMALLER":
		if err := p.sp(); err != nil {
			return searchKey{}, err
		}
		n, err := p.number()
		if word == "LARGER" {
			return searchKey{op: opLarger, n: n}, err
		}
		return searchKey{op: opSmaller, n: n}, err
	case "FROM", "TO", "CC", "BCC", "SUBJECT":
		v, err := p.spAString()
		return searchKey{op: opHeader, field: word, value: v}, err
	case "HEADER":
		field, err := p.spAString()
		if err != nil {
			return searchKey{}, err
		}
		v, err := p.spAString()
		return searchKey{op: opHeader, field: field, value: v}, err
	case "BODY", "TEXT":
		v, err := p.spAString()
		if word == "BODY" {
			return searchKey{op: opBody, value: v}, err
		}
		return searchKey{op: opText, value: v}, err
	case "NOT":
		if err := p.sp(); err != nil {
			return searchKey{}, err
		}
		kid, err := p.searchKey(depth + 1)
		return searchKey{op: opNot, kids: []searchKey{kid}}, err
	case "OR":
		k := searchKey{op: opOr}
		for range 2 {
			if err := p.sp(); err != nil {
				return k, err
			}
			kid, err := p.searchKey(depth + 1)
			if err != nil {
				return k, err
			}
			k.kids = append(k.kids, kid)
		}
		return k, nil
	case "UID":
		if err := p.sp(); err != nil {
			return searchKey{}, err
		}
		set, err := p.sequenceSet()
		return searchKey{op: opUID, set: set}, err
	}
	return searchKey{}, syntaxError("unknown search key " + word)
}

func (p *parser) spAString() (string, error) {
	if err := p.sp(); err != nil {
		return "", err
	}
	return p.astring()
}

// searchDate reads SP date, such as 1-Feb-2024, quoted or not, as yyyymmdd.
func (p *parser) searchDate() (int, error) {
	s, err := p.spAString()
	if err != nil {
		return 0, err
	}
	t, err := time.Parse("2-Jan-2006", s)
	if err != nil {
		return 0, syntaxError("expected a date such as 1-Feb-2024, not " + s)
	}
	return dayNumber(t), nil
}

// dayNumber turns a time into yyyymmdd in its own zone: date searches
// disregard time and time zone (RFC 9051 §6.4.4).
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// cmdSearch answers SEARCH and UID SEARCH. An IMAP4rev1 client gets the
// SEARCH response (RFC 3501 §7.2.5); after ENABLE IMAP4rev2, or when it
// asks with RETURN, it gets ESEARCH (RFC 9051 §7.3.4).
func cmdSearch(c *call) {
	err := c.p.sp()
	var ret *searchReturn
	var charset string
	var program searchKey
	if err == nil {
		ret, charset, program, err = c.p.searchProgram()
	}
	if err != nil {
		c.syntax(err)
		return
	}
	if charset != "" && !strings.EqualFold(charset, "UTF-8") && !strings.EqualFold(charset, "US-ASCII") {
		c.no("BADCHARSET (US-ASCII UTF-8)", "Charset "+charset+" is not supported", reasonBadCharset)
		return
	}
	s := c.s
	var found []uint32
	for i, m := range s.view {
		msg := &searchMessage{s: s, seq: uint32(i + 1), m: m}
		if program.match(msg) {
			if c.uid {
				found = append(found, m.UID)
			} else {
				found = append(found, msg.seq)
			}
		}
	}
	if ret == nil && !s.rev2 {
		b := []byte("SEARCH")
		for _, n := range found {
			b = append(b, ' ')
			b = appendNumber(b, n)
		}
		c.data(b, reasonSearch)
		c.ok("", c.name+" completed", reasonSearchOK)
		return
	}
	if ret == nil || *ret == (searchReturn{}) {
		ret = &searchReturn{all: true}
	}
	b := []byte("ESEARCH (TAG ")
	b = appendString(b, c.tag)
	b = append(b, ')')
	if c.uid {
		b = append(b, " UID"...)
	}
	if len(found) > 0 {
		if ret.min {
			b = appendNumber(append(b, " MIN "...), found[0])
		}
		if ret.max {
			b = appendNumber(append(b, " MAX "...), found[len(found)-1])
		}
		if ret.all {
			b = append(append(b, " ALL "...), formatSeqSet(found)...)
		}
	}
	if ret.count {
		b = appendNumber(append(b, " COUNT "...), uint32(len(found)))
	}
	c.data(b, reasonESearch)
	c.ok("", c.name+" completed", reasonSearchOK)
}

// searchMessage is one message being tested; its content is read only when
// a key needs it.
type searchMessage struct {
	s       *Server
	seq     uint32
	m       mailbox.Message
	loaded  bool
	raw     []byte
	header  mail.Header
	rawHead []byte
	text    []byte
}

func (sm *searchMessage) load() bool {
	if !sm.loaded {
		sm.loaded = true
		raw, err := sm.s.box.Read(sm.m.UID)
		if err != nil {
			return false
		}
		sm.raw = raw
		sm.rawHead, sm.text = splitMessage(raw)
		sm.header = parseHeader(sm.rawHead)
	}
	return sm.raw != nil
}

func (k *searchKey) match(sm *searchMessage) bool {
	view := sm.s.view
	switch k.op {
	case opAll:
		return true
	case opNone:
		return false
	case opFlag:
		return sm.m.HasFlag(k.flag)
	case opNoFlag:
		return !sm.m.HasFlag(k.flag)
	case opSeq:
		return k.set.contains(sm.seq, uint32(len(view)))
	case opUID:
		return k.set.contains(sm.m.UID, view[len(view)-1].UID)
	case opNot:
		return !k.kids[0].match(sm)
	case opOr:
		return k.kids[0].match(sm) || k.kids[1].match(sm)
	case opAnd:
		for i := range k.kids {
			if !k.kids[i].match(sm) {
				return false
			}
		}
		return true
	case opLarger:
		return uint64(sm.m.Size) > uint64(k.n)
	case opSmaller:
		return uint64(sm.m.Size) < uint64(k.n)
	}
	if !sm.load() {
		return false
	}
	switch k.op {
	case opHeader:
		values := sm.header[textproto.CanonicalMIMEHeaderKey(k.field)]
		for _, v := range values {
			if containsFold([]byte(v), k.value) {
				return true
			}
		}
		return false
	case opBody:
		return containsFold(sm.text, k.value)
	case opText:
		return containsFold(sm.raw, k.value)
	case opBefore, opOn, opSince:
		return compareDay(dayNumber(internalDate(sm.rawHead)), k.op-opBefore, k.day)
	default: // opSentBefore, opSentOn, opSentSince
		t, err := sm.header.Date()
		return err == nil && compareDay(dayNumber(t), k.op-opSentBefore, k.day)
	}
}

// compareDay applies BEFORE (0), ON (1) or SINCE (2).
func compareDay(day int, how searchOp, want int) bool {
	switch how {
	case 0:
		return day < want
	case 1:
		return day == want
	}
	return day >= want
}

// containsFold reports whether s contains sub, ignoring ASCII case as
// SEARCH string matching does (RFC 9051 §6.4.4).
func containsFold(s []byte, sub string) bool {
	return bytes.Contains(bytes.ToLower(s), bytes.ToLower([]byte(sub)))
}
