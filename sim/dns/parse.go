package dns

import (
	"fmt"
	"strconv"
	"strings"
)

// SyntaxError is a record line that ParseRecord cannot read. Col counts octets from 1,
// so that a lesson validator can print FILE:LINE:COL.
type SyntaxError struct {
	Col    int
	Msg    string // in English
	Format string // Msg is Format filled with Args, for a page that says it in another language
	Args   []any
}

// syntax is the SyntaxError at col whose English text is format filled with args.
func syntax(col int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Col: col, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Error returns "column N: what is wrong".
func (e *SyntaxError) Error() string { return "column " + strconv.Itoa(e.Col) + ": " + e.Msg }

// ParseRecord reads one record in the master-file style that Record.String writes:
//
//	example.net. MX 10 mx1.example.net.
//	mx1.example.net. 3600 IN A 192.0.2.10
//	example.net. TXT "v=spf1 ip4:192.0.2.0/24 -all"
//
// A TTL and the class IN may stand between owner and type, as in a real zone, so
// that records can be pasted from one; the simulator ignores the TTL. TXT data must
// be quoted; several quoted strings are joined (RFC 7208 §3.3). A ';' outside quotes
// starts a comment (RFC 1035 §5.1). "@", an empty owner and parentheses are not
// supported: every record names its owner on one line. The result is in the form the
// DB stores: names in lower case without the final dot.
func ParseRecord(line string) (Record, error) {
	toks, err := tokenize(line)
	if err != nil {
		return Record{}, err
	}
	if len(toks) == 0 {
		return Record{}, syntax(1, "empty record (want NAME TYPE DATA)")
	}
	owner := toks[0]
	if owner.quoted {
		return Record{}, syntax(owner.col, "owner name must not be quoted")
	}
	if owner.text == "@" {
		return Record{}, syntax(owner.col, `"@" is not supported: write the owner name in full`)
	}
	if err := checkName(owner.text); err != nil {
		return Record{}, syntax(owner.col, "owner name %q: %v", owner.text, err)
	}
	rest := toks[1:]
	// RFC 1035 §5.1 allows [TTL] [class] or [class] [TTL] before the type.
	for range 2 {
		if len(rest) > 0 && !rest[0].quoted && (isDigits(rest[0].text) || strings.EqualFold(rest[0].text, "IN")) {
			rest = rest[1:]
		}
	}
	if len(rest) == 0 {
		return Record{}, syntax(len(line)+1, "missing record type (want A, MX or TXT)")
	}
	typ := rest[0]
	rdata := rest[1:]
	r := Record{Name: owner.text, Type: Type(strings.ToUpper(typ.text))}
	end := len(line) + 1
	switch {
	case typ.quoted:
		return Record{}, syntax(typ.col, "record type must not be quoted")
	case r.Type == TypeA:
		if len(rdata) != 1 || rdata[0].quoted {
			return Record{}, syntaxAt(rdata, end, "A wants one IPv4 address")
		}
		if _, err := parseIPv4(rdata[0].text); err != nil {
			return Record{}, syntax(rdata[0].col, "%v", err)
		}
		r.Value = rdata[0].text
	case r.Type == TypeMX:
		if len(rdata) != 2 || rdata[0].quoted || rdata[1].quoted {
			return Record{}, syntaxAt(rdata, end, `MX wants a preference and a host, as in "MX 10 mx1.example.net."`)
		}
		pref, err := strconv.ParseUint(rdata[0].text, 10, 16)
		if err != nil {
			return Record{}, syntax(rdata[0].col, "MX preference %q is not a number from 0 to 65535", rdata[0].text)
		}
		if err := checkName(rdata[1].text); err != nil {
			return Record{}, syntax(rdata[1].col, "MX exchange %q: %v", rdata[1].text, err)
		}
		r.Pref, r.Value = uint16(pref), rdata[1].text
	case r.Type == TypeTXT:
		if len(rdata) == 0 {
			return Record{}, syntax(end, `TXT wants quoted text, as in TXT "v=spf1 -all"`)
		}
		var b strings.Builder
		for _, t := range rdata {
			if !t.quoted {
				return Record{}, syntax(t.col, `TXT text must be quoted: "%s"`, t.text)
			}
			b.WriteString(t.text)
		}
		r.Value = b.String()
	default:
		return Record{}, syntax(typ.col, "unknown record type %q (want A, MX or TXT)", typ.text)
	}
	return canonicalRecord(r), nil
}

// syntaxAt points at the first surplus or wrong token, or at the end of the line when
// one is missing.
func syntaxAt(toks []token, end int, format string, args ...any) error {
	if len(toks) > 0 {
		return syntax(toks[0].col, format, args...)
	}
	return syntax(end, format, args...)
}

// token is one field of a record line; quoted fields have their escapes decoded.
type token struct {
	text   string
	quoted bool
	col    int
}

// tokenize splits a line into fields at blanks, keeping quoted strings whole and
// decoding their \X and \DDD escapes (RFC 1035 §5.1).
func tokenize(line string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == ';':
			return toks, nil
		case c == '(' || c == ')':
			return nil, syntax(i+1, "parentheses are not supported: write the record on one line")
		case c == '"':
			start := i
			i++
			var b []byte
			for {
				if i >= len(line) {
					return nil, syntax(start+1, "quoted string not closed")
				}
				c := line[i]
				if c == '"' {
					i++
					break
				}
				if c != '\\' {
					b = append(b, c)
					i++
					continue
				}
				if i+1 >= len(line) {
					return nil, syntax(i+1, "backslash at the end of the line")
				}
				if isDigit(line[i+1]) {
					if i+3 >= len(line) || !isDigit(line[i+2]) || !isDigit(line[i+3]) {
						return nil, syntax(i+1, `escape \DDD needs three digits`)
					}
					n, _ := strconv.Atoi(line[i+1 : i+4])
					if n > 255 {
						return nil, syntax(i+1, `escape \%s is more than 255`, line[i+1:i+4])
					}
					b = append(b, byte(n))
					i += 4
					continue
				}
				b = append(b, line[i+1])
				i += 2
			}
			toks = append(toks, token{string(b), true, start + 1})
		default:
			start := i
			for i < len(line) && !strings.ContainsRune(" \t\r\n;\"()", rune(line[i])) {
				i++
			}
			toks = append(toks, token{line[start:i], false, start + 1})
		}
	}
	return toks, nil
}

// quoteTXT writes text as one master-file character-string: quotes and backslashes
// escaped with a backslash, other octets outside printable ASCII as \DDD
// (RFC 1035 §5.1), so that ParseRecord gets back the same octets.
func quoteTXT(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\%03d`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
