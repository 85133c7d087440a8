package view

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The page's scanners replaced these regular expressions (the page links no regexp);
// the tests hold them to the same answers.
var (
	oldTag         = regexp.MustCompile(`<[^>]*>`)
	oldBlanks      = regexp.MustCompile(`\s+`)
	oldSentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)
	oldReplyLine   = regexp.MustCompile(`^[2-5][0-9][0-9]([ -].*)?$`)
)

// scanInputs are texts at the edges of the expressions: tags open and unclosed, every
// blank \s knows and some it does not (vertical tab, no-break space), stops before a
// blank or at the end, reply codes in and out of range, lines with a line break.
var scanInputs = []string{
	"", " ", "\t\n\f\r ", "\v", "\u00a0", "a", "<", ">", "<>", "<<>>", "a<b>c", "a < b", "<p>One.</p><p>Two.</p>",
	"<a href=\"x\">link</a> text", "<p\n class=x>multi\nline</p>", "<unclosed", "closed>", "x<y<z>w",
	"One. Two.", "One.Two. Three", "Why? Because!", "Dots... and more", "end.", "e.g.\tthis", "3.5 s", "!", "?\n",
	"Ünïcödé. Sätze!", "\xff\xfe. broken", "a\xffb  c", "  leading and trailing  ",
	"250", "250 OK", "250-more", "250-", "250 ", "199 no", "200", "599 x", "600 x", "25", "2500", "250x", "250\tOK",
	"250 two\nlines", "250 line\r", "550 5.1.1 unknown", "5a0 x", " 250 x", "250 ünïcödé", "250 \xff",
}

func FuzzScanners(f *testing.F) {
	for _, s := range scanInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameAsRegexp(t, s) })
}

func TestScannersAsRegexp(t *testing.T) {
	for _, s := range scanInputs {
		sameAsRegexp(t, s)
	}
}

func sameAsRegexp(t *testing.T, s string) {
	t.Helper()
	assert.Equal(t, oldTag.ReplaceAllString(s, " "), stripTags(s), "stripTags(%q)", s)
	assert.Equal(t, oldBlanks.ReplaceAllString(s, " "), collapseBlanks(s), "collapseBlanks(%q)", s)
	want := -1
	if loc := oldSentenceEnd.FindStringIndex(s); loc != nil {
		want = loc[0]
	}
	assert.Equal(t, want, sentenceEnd(s), "sentenceEnd(%q)", s)
	assert.Equal(t, oldReplyLine.MatchString(s), isReplyLine(s), "isReplyLine(%q)", s)
}
