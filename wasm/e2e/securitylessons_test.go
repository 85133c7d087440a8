//go:build interop

package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/world"
)

// TestSecurityLessonsOnAPhone: every step of the security lessons, whose narration
// quotes long records and header fields, shows on a phone in both languages without
// sideways scrolling, and its narration is on the page.
func TestSecurityLessonsOnAPhone(t *testing.T) {
	for _, id := range []string{"spf", "dkim", "dmarc", "locks-on-the-way", "headers"} {
		for _, lang := range lessons.Languages {
			t.Run(id+"/"+lang, func(t *testing.T) { lessonOnAPhone(t, id, lang) })
		}
	}
}

// lessonOnAPhone opens each step of a lesson on a phone-sized page.
func lessonOnAPhone(t *testing.T, id, lang string) {
	l, err := lessons.Find(id)
	require.NoError(t, err)
	tr := world.Run(l.ScenarioOf(l.Models[0]))
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, phone.emulate()))
	for _, s := range l.Steps {
		at := s.At.Find(tr)
		require.GreaterOrEqual(t, at, 0, s.ID)
		open(t, ctx, url, fmt.Sprintf("lesson=%s&model=%s&step=%d&demo=1&lang=%s", id, l.Models[0], at, lang))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("narration").textContent.trim().length > 0`))
		require.NoError(t, err, "%s: narration", s.ID)
		assert.LessOrEqual(t, eval[int](t, ctx, `document.scrollingElement.scrollWidth`), 390, s.ID)
	}
}
