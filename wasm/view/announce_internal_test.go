package view

import (
	"html"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
)

// TestUnescape: unescape reads the references our HTML holds as html.UnescapeString
// does, and leaves any other "&" as it is.
func TestUnescape(t *testing.T) {
	for _, s := range []string{
		"", "no reference", "a &amp; b", "&lt;alice@example.org&gt;", "&quot;quoted&quot;",
		"it&#39;s", "&#34;", "&#x2014; &#X41;", "&apos;&nbsp;", "&amp;lt;", "&&amp;&",
		"R&D", "a & b", "&#;", "&;", "trailing &",
	} {
		assert.Equal(t, html.UnescapeString(s), unescape(s), "%q", s)
	}
	for _, s := range []string{"&eacute;", "&#12", "&#x;", "&#128;"} {
		assert.Equal(t, s, unescape(s), "what our HTML never holds stays as it is")
	}
}

// TestUnescapeNarration: every narration, summary and goal of every built-in lesson,
// filled from its run, reads the same with unescape as with html.UnescapeString.
func TestUnescapeNarration(t *testing.T) {
	read := 0
	for _, e := range lessons.Index() {
		l, err := lessons.Find(e.ID)
		require.NoError(t, err)
		for _, lang := range lessons.Languages {
			text := l.Texts[lang]
			if text == nil {
				continue
			}
			p := OpenLesson(l, lang)
			htmls := append([]string{text.SummaryHTML, text.Intro.Fill(p.Trace, lang).HTML}, text.GoalsHTML...)
			for _, s := range text.Steps {
				htmls = append(htmls, s.Fill(p.Trace, lang).HTML)
			}
			for _, h := range htmls {
				plain := stripTags(h)
				require.Equal(t, html.UnescapeString(plain), unescape(plain), "%s %s", e.ID, lang)
				read++
			}
		}
	}
	assert.Greater(t, read, 100)
}
