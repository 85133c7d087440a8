//go:build interop

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
)

// guideHeadings are the texts of a guide's headings, in order, as Markdown has them.
func guideHeadings(t *testing.T, lang string) []string {
	t.Helper()
	g, err := lessons.TeachersGuide(lang)
	require.NoError(t, err)
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^#{1,3} (.+)$`).FindAllStringSubmatch(g.Markdown, -1) {
		out = append(out, m[1])
	}
	return out
}

const shownHeadings = `Array.from(document.querySelectorAll("#teachers-guide h2, #teachers-guide h3, #teachers-guide h4")).map(h => h.textContent)`

// TestTeachersGuide: the header's link opens the teacher's guide in the page's
// language, with every heading of the guide and its plans as tables; switching to
// German shows the German guide with no English words; the link opens it directly,
// and "Lessons" goes back to the start page.
func TestTeachersGuide(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#"),
		chromedp.WaitVisible(`#lesson-list li`),
	))
	chooseLanguage(t, ctx, "en", `document.getElementById("nav-teachers").textContent === "For teachers"`)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#nav-teachers`),
		chromedp.WaitVisible(`#teachers-guide h2`),
	))
	en := guideHeadings(t, "en")
	assert.Equal(t, en, eval[[]string](t, ctx, shownHeadings))
	assert.False(t, eval[bool](t, ctx, `document.getElementById("start").checkVisibility() || document.getElementById("lesson").checkVisibility()`), "the guide takes the place of the start page")
	assert.GreaterOrEqual(t, eval[int](t, ctx, `document.querySelectorAll("#teachers-guide table").length`), 6, "the plans are tables")
	assert.Equal(t, "#teachers&lang=en", eval[string](t, ctx, `location.hash`))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("problems").hidden`), "the link is no malformed lesson link")
	requireAccessible(t, ctx, "teacher's guide")
	screenshot(t, ctx, "teachers-guide")

	// In German: the German guide, and none of the English one.
	de := guideHeadings(t, "de")
	chooseLanguage(t, ctx, "de", `document.querySelector("#teachers-guide h2").textContent === `+jsString(de[0]))
	assert.Equal(t, de, eval[[]string](t, ctx, shownHeadings))
	assert.Equal(t, "Für Lehrkräfte", text(t, ctx, `#nav-teachers`))
	assert.Equal(t, "#teachers&lang=de", eval[string](t, ctx, `location.hash`))
	words := englishWords(t)
	for _, h := range en {
		if !strings.Contains(strings.Join(de, "\n"), h) {
			words = append(words, h)
		}
	}
	noEnglish(t, ctx, "teacher's guide", words)

	// The link opens the guide directly; "Lessons" leads back to the start page.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#teachers&lang=de"),
		chromedp.Reload(),
		chromedp.WaitVisible(`#teachers-guide h2`),
	))
	assert.Equal(t, de[0], text(t, ctx, `#teachers-guide h2`))
	// A scenario dropped onto the guide opens in its place.
	src, err := os.ReadFile(filepath.Join("..", "..", "lessons", "scenarios", "greylisting.yaml"))
	require.NoError(t, err)
	eval[bool](t, ctx, `(() => { const dt = new DataTransfer(); dt.items.add(new File([`+jsString(string(src))+`], "grey.yaml"));
		document.body.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true})); return true })()`)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	assert.False(t, eval[bool](t, ctx, `document.getElementById("teachers").checkVisibility()`), "the dropped world replaces the guide")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#nav-lessons`),
		chromedp.WaitVisible(`#lesson-list li`),
	))
	assert.False(t, eval[bool](t, ctx, `document.getElementById("teachers").checkVisibility()`), "the guide is closed")
}

// chooseLanguage picks a language in the header and waits until cond (JavaScript) holds.
func chooseLanguage(t *testing.T, ctx contextT, lang, cond string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, lang)))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond))
	require.NoError(t, err, "the page in %s", lang)
}
