package imap

import (
	"strconv"
	"strings"
)

// This file holds the command grammar of RFC 9051 §9 that the server
// accepts. The framer (frame.go) has already cut the input into whole
// commands and checked every literal's length, so a parser only ever looks
// at one complete command: tag, name and arguments, literals inline as
// "{n}" CRLF and n octets.

// syntaxError says what the parser expected; the server sends it back in a
// tagged BAD response (RFC 9051 §7.1.3) so that a learner can see what was
// wrong with the command.
type syntaxError string

func (e syntaxError) Error() string { return string(e) }

// maxNesting bounds parenthesized search keys so that a hostile command
// cannot make the recursive parser use unbounded stack.
const maxNesting = 32

// parser reads one command.
type parser struct {
	b   []byte
	pos int
}

func (p *parser) atEnd() bool { return p.pos >= len(p.b) }

func (p *parser) peek() byte {
	if p.atEnd() {
		return 0
	}
	return p.b[p.pos]
}

// consume skips c if it is next and reports whether it was.
//
// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func (p *parser) consume(c byte) bool {
	if p.peek() == c && !p.atEnd() {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expect(c byte, what string) error {
	if !p.consume(c) {
		return p.fail("expected " + what)
	}
	return nil
}

// sp reads the single space that separates arguments (RFC 9051 §9 "SP").
//
//go:noinline
func (p *parser) sp() error {
	if p.atEnd() {
		return syntaxError("missing argument")
	}
	return p.expect(' ', "a single space between arguments")
}

// end checks that nothing follows the last argument.
//
//go:noinline
func (p *parser) end() error {
	if !p.atEnd() {
		return p.fail("unexpected text after the last argument")
	}
	return nil
}

// fail names the position of the error and what was found there.
func (p *parser) fail(msg string) error {
	if p.atEnd() {
		return syntaxError(msg + " at the end of the command")
	}
	found := p.b[p.pos:]
	if len(found) > 12 {
		found = found[:12]
	}
	return syntaxError(msg + " at " + strconv.Quote(string(found)))
}

// isAtomChar reports whether c is an ATOM-CHAR: any 7-bit character except
// controls, SP and atom-specials "(" ")" "{" "%" "*" DQUOTE "\" "]".
func isAtomChar(c byte) bool {
	if c <= 0x20 || c >= 0x7f {
		return false
	}
	return !strings.ContainsRune(`(){%*"\]`, rune(c))
}

// isAStringChar adds "]" to ATOM-CHAR (RFC 9051 §9 ASTRING-CHAR).
func isAStringChar(c byte) bool { return isAtomChar(c) || c == ']' }

// tag reads a command tag: 1*<any ASTRING-CHAR except "+">.
func (p *parser) tag() (string, error) {
	start := p.pos
	for !p.atEnd() && isAStringChar(p.b[p.pos]) && p.b[p.pos] != '+' {
		p.pos++
	}
	if p.pos == start {
		return "", p.fail("expected a tag")
	}
	return string(p.b[start:p.pos]), nil
}

// tagOf extracts the tag of a command prefix, or "*" when the prefix does
// not start with a valid tag and a space; errors about commands whose tag
// is unknown are sent untagged (RFC 9051 §7.1.3).
func tagOf(prefix []byte) string {
	p := &parser{b: prefix}
	tag, err := p.tag()
	if err != nil || !p.consume(' ') {
		return "*"
	}
	return tag
}

// atom reads 1*ATOM-CHAR.
func (p *parser) atom() (string, error) {
	start := p.pos
	for !p.atEnd() && isAtomChar(p.b[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		return "", p.fail("expected an atom")
	}
	return string(p.b[start:p.pos]), nil
}

// astring reads 1*ASTRING-CHAR or a string.
func (p *parser) astring() (string, error) {
	switch p.peek() {
	case '"', '{':
		return p.str()
	}
	start := p.pos
	for !p.atEnd() && isAStringChar(p.b[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		return "", p.fail("expected an atom or a string")
	}
	return string(p.b[start:p.pos]), nil
}

// str reads a quoted string or a literal (RFC 9051 §4.3).
func (p *parser) str() (string, error) {
	switch p.peek() {
	case '"':
		return p.quoted()
	case '{':
		return p.literal()
	}
	return "", p.fail("expected a quoted string or a literal")
}

// quoted reads DQUOTE *QUOTED-CHAR DQUOTE where only DQUOTE and backslash may
// be escaped. 8-bit octets are accepted as IMAP4rev2 allows UTF-8 there.
func (p *parser) quoted() (string, error) {
	if err := p.expect('"', "a quoted string"); err != nil {
		return "", err
	}
	var sb strings.Builder
	for {
		if p.atEnd() {
			return "", syntaxError("unterminated quoted string")
		}
		c := p.b[p.pos]
		p.pos++
		switch c {
		case '"':
			return sb.String(), nil
		case '\\':
			if p.atEnd() || (p.b[p.pos] != '"' && p.b[p.pos] != '\\') {
				return "", p.fail(`only \" and \\ may be escaped in a quoted string`)
			}
			sb.WriteByte(p.b[p.pos])
			p.pos++
		case '\r', '\n', 0:
			return "", syntaxError("CR, LF and NUL are not allowed in a quoted string")
		default:
			sb.WriteByte(c)
		}
	}
}

// literal reads "{" number ["+"] "}" CRLF and that many octets. The framer
// stored every literal's announcement followed by exactly CRLF.
func (p *parser) literal() (string, error) {
	if err := p.expect('{', "a literal"); err != nil {
		return "", err
	}
	start := p.pos
	for !p.atEnd() && isDigit(p.b[p.pos]) {
		p.pos++
	}
	n, err := strconv.Atoi(string(p.b[start:p.pos]))
	if err != nil {
		return "", p.fail("expected the length of a literal")
	}
	p.consume('+')
	if !p.consume('}') || !p.consume('\r') || !p.consume('\n') {
		return "", p.fail("expected } and CRLF after the literal length")
	}
	if len(p.b)-p.pos < n {
		return "", syntaxError("literal shorter than announced")
	}
	s := string(p.b[p.pos : p.pos+n])
	p.pos += n
	return s, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number reads a 32-bit unsigned number (RFC 9051 §9 "number").
func (p *parser) number() (uint32, error) {
	start := p.pos
	for !p.atEnd() && isDigit(p.b[p.pos]) {
		p.pos++
	}
	n, err := strconv.ParseUint(string(p.b[start:p.pos]), 10, 32)
	if err != nil {
		p.pos = start
		return 0, p.fail("expected a number")
	}
	return uint32(n), nil
}

// listMailbox reads a LIST pattern: 1*list-char or a string, where
// list-char adds the wildcards "%" and "*" and "]" to ATOM-CHAR.
func (p *parser) listMailbox() (string, error) {
	switch p.peek() {
	case '"', '{':
		return p.str()
	}
	start := p.pos
	for !p.atEnd() && (isAStringChar(p.b[p.pos]) || p.b[p.pos] == '%' || p.b[p.pos] == '*') {
		p.pos++
	}
	if p.pos == start {
		return "", p.fail("expected a mailbox name or pattern")
	}
	return string(p.b[start:p.pos]), nil
}

// flag reads a flag: "\" atom for system flags or an atom for keywords
// (RFC 9051 §2.3.2).
func (p *parser) flag() (string, error) {
	if p.consume('\\') {
		a, err := p.atom()
		if err != nil {
			return "", p.fail(`expected a flag name after "\"`)
		}
		return `\` + a, nil
	}
	a, err := p.atom()
	if err != nil {
		return "", p.fail("expected a flag")
	}
	return a, nil
}

// flags reads a parenthesized flag list, or flags separated by spaces up to
// the end of the command as STORE also allows (RFC 9051 §9 store-att-flags).
func (p *parser) flags() ([]string, error) {
	var out []string
	if p.consume('(') {
		for !p.consume(')') {
			if len(out) > 0 {
				if err := p.sp(); err != nil {
					return nil, p.fail(`expected a space or ")" in the flag list`)
				}
			}
			f, err := p.flag()
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, nil
	}
	for {
		f, err := p.flag()
		if err != nil {
			return nil, err
		}
		out = append(out, f)
		if !p.consume(' ') {
			return out, nil
		}
	}
}

// sequenceSet reads a sequence set such as 1, 2:4, 3:*, * or 1,3,5:7.
func (p *parser) sequenceSet() (seqSet, error) {
	start := p.pos
	for !p.atEnd() && (isDigit(p.b[p.pos]) || strings.IndexByte(":,*", p.b[p.pos]) >= 0) {
		p.pos++
	}
	set, err := parseSeqSet(string(p.b[start:p.pos]))
	if err != nil {
		p.pos = start
		return nil, p.fail(err.Error())
	}
	return set, nil
}
