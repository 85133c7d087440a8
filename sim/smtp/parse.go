package smtp

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Limits of RFC 5321 §4.5.3.1, in octets.
const (
	MaxLocalPart   = 64
	MaxDomain      = 255
	MaxPath        = 256
	MaxCommandLine = 512  // including CRLF
	MaxTextLine    = 1000 // including CRLF
	// MaxAuthLine bounds an AUTH command or SASL response line (RFC 4954 §4).
	MaxAuthLine = 12288
)

// Command is one parsed command line: the verb in upper case and the raw argument
// (everything after the first space, as sent).
type Command struct {
	Verb string
	Arg  string
}

// ParseCommand splits a command line (without CRLF) into verb and argument. Verbs are
// case-insensitive (RFC 5321 §2.4): "mail FROM:" is what Python's smtplib sends.
func ParseCommand(line string) Command {
	verb, arg, _ := strings.Cut(line, " ")
	return Command{Verb: strings.ToUpper(verb), Arg: arg}
}

// Path is a forward-path or reverse-path (RFC 5321 §4.1.2). The null reverse-path
// "<>" has both fields empty; the special recipient "<Postmaster>" has no domain.
type Path struct {
	Local  string
	Domain string
}

// IsNull reports the null reverse-path used by bounces.
func (p Path) IsNull() bool { return p.Local == "" && p.Domain == "" }

// String returns the mailbox as local@domain (or the bare local part, or "").
func (p Path) String() string {
	if p.Domain == "" {
		return p.Local
	}
	return p.Local + "@" + p.Domain
}

// IsPostmaster reports the address every domain must accept (RFC 5321 §4.5.1).
func (p Path) IsPostmaster() bool { return strings.EqualFold(p.Local, "postmaster") }

// Param is one ESMTP parameter of MAIL or RCPT ("SIZE=1000", "BODY=8BITMIME").
type Param struct {
	Key   string // upper case
	Value string // as sent; empty when the parameter has no "=value"
}

// errors of path parsing; the server maps them to reason keys.
var (
	errPathSyntax  = errors.New("path syntax")
	errPathTooLong = errors.New("path too long")
	// errPathNonASCII is a path with UTF-8 in it: an internationalized address, which
	// needs SMTPUTF8 (RFC 6531), an extension this server does not offer.
	errPathNonASCII = errors.New("path not ASCII")
)

// parseMailArg parses the argument of MAIL or RCPT after the "FROM:"/"TO:" keyword.
// A space after the colon is accepted, as Postfix does, though RFC 5321 forbids it.
// params is the rest: the parameters, separated by spaces.
func parseMailArg(arg, keyword string) (path, params string, ok bool) {
	if len(arg) < len(keyword) || !strings.EqualFold(arg[:len(keyword)], keyword) {
		return "", "", false
	}
	rest := strings.TrimLeft(arg[len(keyword):], " ")
	if !strings.HasPrefix(rest, "<") {
		return "", "", false
	}
	end := closingBracket(rest)
	if end < 0 {
		return "", "", false
	}
	path, rest = rest[:end+1], rest[end+1:]
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return path, rest, true
}

// closingBracket finds the '>' that ends a path, skipping quoted strings in the local part.
func closingBracket(s string) int {
	quoted := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case c == '>' && !quoted:
			return i
		}
	}
	return -1
}

// ParsePath parses "<local@domain>", "<>" or "<Postmaster>", dropping a source route
// ("<@a,@b:u@d>", which RFC 5321 §4.1.2 and Appendix C say to accept and ignore).
func ParsePath(s string) (Path, error) {
	if len(s) > MaxPath+2 {
		return Path{}, errPathTooLong
	}
	if len(s) < 2 || s[0] != '<' || s[len(s)-1] != '>' {
		return Path{}, errPathSyntax
	}
	inner := s[1 : len(s)-1]
	if inner == "" {
		return Path{}, nil
	}
	if !ascii(inner) {
		return Path{}, errPathNonASCII
	}
	if strings.HasPrefix(inner, "@") {
		_, after, ok := strings.Cut(inner, ":")
		if !ok {
			return Path{}, errPathSyntax
		}
		inner = after
	}
	at := strings.LastIndexByte(inner, '@')
	if at < 0 {
		// Only <Postmaster> may lack a domain (RFC 5321 §4.1.1.3).
		if strings.EqualFold(inner, "postmaster") {
			return Path{Local: inner}, nil
		}
		return Path{}, errPathSyntax
	}
	local, domain := inner[:at], inner[at+1:]
	if len(local) > MaxLocalPart || len(domain) > MaxDomain {
		return Path{}, errPathTooLong
	}
	if !validLocalPart(local) || !validDomain(domain) {
		return Path{}, errPathSyntax
	}
	return Path{Local: local, Domain: domain}, nil
}

// validLocalPart accepts a Dot-string or a Quoted-string (RFC 5321 §4.1.2).
func validLocalPart(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '"' {
		if len(s) < 2 || s[len(s)-1] != '"' {
			return false
		}
		for i := 1; i < len(s)-1; i++ {
			c := s[i]
			switch {
			case c == '\\':
				i++
				if i >= len(s)-1 || s[i] < 32 || s[i] > 126 {
					return false
				}
			case c == '"' || c < 32 || c > 126:
				return false
			}
		}
		return true
	}
	for atom := range strings.SplitSeq(s, ".") { // SplitSeq: no slice for every address
		if atom == "" {
			return false
		}
		for i := 0; i < len(atom); i++ {
			if !isAtext(atom[i]) {
				return false
			}
		}
	}
	return true
}

func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// validDomain accepts a dotted domain of letter-digit-hyphen labels or an address
// literal such as [192.0.2.1] (RFC 5321 §4.1.2, §4.1.3).
func validDomain(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '[' {
		if s[len(s)-1] != ']' || len(s) < 3 {
			return false
		}
		for i := 1; i < len(s)-1; i++ {
			if c := s[i]; c < 33 || c > 126 || c == '[' || c == ']' || c == '\\' {
				return false
			}
		}
		return true
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// ValidDomain reports whether s is a syntactically valid EHLO/HELO argument or mail
// domain.
func ValidDomain(s string) bool { return len(s) <= MaxDomain && validDomain(s) }

// parseParams splits "KEY=VALUE" words, into room's array when they fit there. It
// fails on an empty key or on characters outside esmtp-keyword/esmtp-value (RFC 5321
// §4.1.2).
func parseParams(room []Param, text string) ([]Param, string, bool) {
	n := 0
	for range strings.FieldsSeq(text) {
		n++
	}
	var params []Param
	if room != nil && cap(room) >= n { // never nil: no parameters are an empty list
		params = room[:0:n]
	} else {
		params = make([]Param, 0, n)
	}
	for w := range strings.FieldsSeq(text) {
		key, value, hasValue := strings.Cut(w, "=")
		if key == "" || (hasValue && value == "") {
			return nil, w, false
		}
		for i := 0; i < len(key); i++ {
			c := key[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || (c == '-' && i > 0)) {
				return nil, w, false
			}
		}
		for i := 0; i < len(value); i++ {
			if c := value[i]; c < 33 || c > 126 || c == '=' {
				return nil, w, false
			}
		}
		params = append(params, Param{Key: strings.ToUpper(key), Value: value})
	}
	return params, "", true
}

// printable reports whether a command line holds only printable US-ASCII and spaces/tabs;
// control characters (including a bare CR) in a command are a syntax error.
// ascii reports whether s has only 7-bit octets.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// utf8Path reports whether the only octets of a MAIL or RCPT line that are not
// printable ASCII are UTF-8 inside its <path>: an internationalized address, which the
// command handler refuses with 553 5.6.7 rather than 500 (RFC 6531 §3.5).
func utf8Path(line string) bool {
	upper := strings.ToUpper(line)
	if !strings.HasPrefix(upper, "MAIL FROM:") && !strings.HasPrefix(upper, "RCPT TO:") {
		return false
	}
	if !utf8.ValidString(line) {
		return false
	}
	lt := strings.IndexByte(line, '<')
	if lt < 0 {
		return false
	}
	gt := closingBracket(line[lt:])
	if gt < 0 {
		return false
	}
	gt += lt
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c < 32 && c != '\t' || c == 127 || (c >= 0x80 && (i < lt || i > gt)) {
			return false
		}
	}
	return true
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 32 && c != '\t') || c > 126 {
			return false
		}
	}
	return true
}
