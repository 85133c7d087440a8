package pop3

import "strings"

// splitCommand separates the keyword from the rest of a command line. Keywords are
// case-insensitive (RFC 1939 §3); they are folded as ASCII only, since Unicode case rules
// would let words like "ſtat" (long s) pass for STAT.
func splitCommand(line string) (keyword, rest string) {
	keyword, rest, _ = strings.Cut(line, " ")
	upper := []byte(keyword)
	for i, c := range upper {
		if 'a' <= c && c <= 'z' {
			upper[i] = c - ('a' - 'A')
		}
	}
	return string(upper), rest
}

// parseDecimal reads a message number or line count: ASCII digits only, so that signs,
// spaces, hex and the like are syntax errors (RFC 1939 §3). Values too large for an int
// saturate instead of wrapping, since a huge message number is simply not in the maildrop
// and a huge TOP line count means the whole body.
func parseDecimal(arg string) (int, bool) {
	if arg == "" {
		return 0, false
	}
	const limit = int(^uint(0) >> 1)
	n := 0
	for i := 0; i < len(arg); i++ {
		c := arg[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int(c - '0')
		if n > (limit-d)/10 {
			n = limit
			continue
		}
		n = n*10 + d
	}
	return n, true
}

// topOf returns the header of msg, the blank line after it and the first n lines of the
// body, each ended by CRLF (RFC 1939 §7, TOP). A message without a blank line is all
// header and is returned whole.
func topOf(msg []byte, n int) []byte {
	out := []byte{}
	inBody := false
	for len(msg) > 0 {
		var line []byte
		line, msg = nextLine(msg)
		if inBody {
			if n == 0 {
				break
			}
			n--
		}
		out = append(out, line...)
		out = append(out, "\r\n"...)
		if !inBody && len(line) == 0 {
			inBody = true
		}
	}
	return out
}
