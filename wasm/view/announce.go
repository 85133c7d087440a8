package view

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Announcement is what a screen reader hears when the position changes: the step and
// what happened in it, and, where a part of the narration begins, its first sentence.
// It is short on purpose: the narration panel itself is read on demand, not re-read
// on every step.
func (p *Page) Announcement() string {
	e, ok := p.Current()
	if !ok {
		return T(p.Lang, "announce.start", p.Trace.Len())
	}
	s := T(p.Lang, "announce.step", p.Step+1, p.Trace.Len(), p.Describe(e))
	if p.Lesson != nil && len(p.steps[p.Step]) > 0 {
		if _, narration := p.Narration(); narration != "" {
			s += " " + firstSentence(narration)
		}
	}
	return s
}

// firstSentence is the first sentence of sanitised HTML as plain text, at most 200
// characters.
func firstSentence(h string) string {
	text := strings.TrimSpace(collapseBlanks(unescape(stripTags(h))))
	if i := sentenceEnd(text); i >= 0 {
		text = strings.TrimSpace(text[:i+1])
	}
	if utf8.RuneCountInString(text) > 200 {
		text = string([]rune(text)[:199]) + "…"
	}
	return text
}

// stripTags replaces every tag of HTML ("<" up to the next ">") with a blank; a "<"
// that no ">" closes stays.
func stripTags(h string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(h, '<')
		if open < 0 {
			break
		}
		end := strings.IndexByte(h[open:], '>')
		if end < 0 {
			break
		}
		b.WriteString(h[:open])
		b.WriteByte(' ')
		h = h[open+end+1:]
	}
	b.WriteString(h)
	return b.String()
}

// isBlank reports whether c is a blank as Go's regular expressions read \s: tab,
// line feed, form feed, carriage return or space.
func isBlank(c byte) bool { return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ' }

// collapseBlanks replaces every run of blanks with one space.
func collapseBlanks(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if !isBlank(s[i]) {
			b.WriteByte(s[i])
			continue
		}
		b.WriteByte(' ')
		for i+1 < len(s) && isBlank(s[i+1]) {
			i++
		}
	}
	return b.String()
}

// sentenceEnd is the index of the stop that ends the first sentence of text: the
// first ".", "!" or "?" followed by a blank or the end, or -1 when there is none.
func sentenceEnd(text string) int {
	for i := 0; i < len(text); i++ {
		if c := text[i]; (c == '.' || c == '!' || c == '?') && (i+1 == len(text) || isBlank(text[i+1])) {
			return i
		}
	}
	return -1
}

// references are the named character references our HTML holds: the ones
// html.EscapeString and goldmark write, and the two a lesson's Markdown may keep.
var references = [...]struct {
	name string
	char string
}{{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`}, {"&apos;", "'"}, {"&nbsp;", "\u00a0"}}

// unescape replaces the character references of our own HTML (the narration:
// goldmark output and escaped values of the trace) with their characters: the named
// ones in references and every numeric one ("&#39;", "&#x2014;"); any other "&" stays.
// It reads as html.UnescapeString does on such HTML; the page links no package html
// (see package smtpsim/lessons/escape).
func unescape(s string) string {
	amp := strings.IndexByte(s, '&')
	if amp < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for amp >= 0 {
		b.WriteString(s[:amp])
		s = s[amp:]
		char, n := reference(s)
		if n == 0 {
			char, n = "&", 1
		}
		b.WriteString(char)
		s = s[n:]
		amp = strings.IndexByte(s, '&')
	}
	b.WriteString(s)
	return b.String()
}

// reference is the character of the reference s begins with and the reference's
// length, or 0 when s begins with none unescape knows.
func reference(s string) (string, int) {
	for _, r := range references {
		if strings.HasPrefix(s, r.name) {
			return r.char, len(r.name)
		}
	}
	end := strings.IndexByte(s, ';')
	if !strings.HasPrefix(s, "&#") || end < 3 {
		return "", 0
	}
	digits, base := s[2:end], 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || n == 0 || n > utf8.MaxRune || n >= 0xD800 && n <= 0xDFFF || n >= 0x80 && n <= 0x9F {
		return "", 0 // html.UnescapeString has its own answers for these; our HTML has none
	}
	return string(rune(n)), end + 1
}
