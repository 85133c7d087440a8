package view

import (
	"html"
	"regexp"
	"strings"
	"sync"
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

var (
	tag    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })
	blanks = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
	// sentenceEnd is the end of a sentence: a stop followed by a blank.
	sentenceEnd = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[.!?](\s|$)`) })
)

// firstSentence is the first sentence of sanitised HTML as plain text, at most 200
// characters.
func firstSentence(h string) string {
	text := strings.TrimSpace(blanks().ReplaceAllString(html.UnescapeString(tag().ReplaceAllString(h, " ")), " "))
	if loc := sentenceEnd().FindStringIndex(text); loc != nil {
		text = strings.TrimSpace(text[:loc[0]+1])
	}
	if utf8.RuneCountInString(text) > 200 {
		text = string([]rune(text)[:199]) + "…"
	}
	return text
}
