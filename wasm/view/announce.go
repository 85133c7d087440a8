package view

import (
	"html"
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
	text := strings.TrimSpace(collapseBlanks(html.UnescapeString(stripTags(h))))
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
