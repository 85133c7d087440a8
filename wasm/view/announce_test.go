package view_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// TestAnnouncement: each step has a short text for the live region — the step, what
// happened, and the first sentence of a part of the narration that begins there — in
// the page's language.
func TestAnnouncement(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		l, err := lessons.Find("hello")
		require.NoError(t, err)
		p := view.OpenLesson(l, lang)
		start := p.Announcement()
		assert.Equal(t, view.T(lang, "announce.start", p.Trace.Len()), start)
		seen := map[string]bool{start: true}
		withNarration := 0
		for i := range p.Trace.Len() {
			p.Seek(i)
			for range 20 {
				q := p.Question()
				if p.Step == i || q == nil || q.Answered != "" {
					break
				}
				p.Answer(q.Options[0].ID) // a checkpoint stops the view until it is answered
				p.Seek(i)
			}
			require.Equal(t, i, p.Step)
			a := p.Announcement()
			e, _ := p.Current()
			prefix := view.T(lang, "announce.step", i+1, p.Trace.Len(), p.Describe(e))
			require.True(t, strings.HasPrefix(a, prefix), "%s: %q", lang, a)
			assert.Less(t, len([]rune(a)), len([]rune(prefix))+205, "short: %q", a)
			assert.NotRegexp(t, `</?(p|code|em|strong|a|ul|li)\b`, a, "plain text")
			if len(a) > len(prefix) {
				withNarration++
			}
			assert.False(t, seen[a], "every step is told apart: %q", a)
			seen[a] = true
		}
		assert.Positive(t, withNarration, "%s: the narration's first sentence where a step begins", lang)
	}
}
