//go:build interop

package e2e

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons/lessonfile"
)

// poll waits until a JS condition holds.
func poll(t *testing.T, ctx contextT, cond string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond))
	require.NoError(t, err, cond)
}

// TestStartPage: the start page says what smtpsim is and for whom; lesson goals are a
// plain list inside their card, rendered from Markdown; every sandbox world has a title
// and a description; the bulk lesson and the bulk world both open, from the page and
// from a link.
func TestStartPage(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html"),
		chromedp.WaitVisible(`#lesson-list li`),
	))
	assert.Contains(t, text(t, ctx, `#start-intro`), "how an e-mail travels")

	goals := eval[[]map[string]string](t, ctx, `[...document.querySelectorAll("#lesson-list > li ul.goals > li")].map(li => {
	  const s = getComputedStyle(li);
	  return {border: s.borderTopStyle + " " + s.borderLeftStyle, display: s.display, text: li.textContent, parent: li.parentElement.tagName};
	})`)
	require.NotEmpty(t, goals)
	for _, g := range goals {
		assert.Equal(t, "none none", g["border"], "a goal is no card: %s", g["text"])
		assert.Equal(t, "list-item", g["display"], g["text"])
		assert.Equal(t, "UL", g["parent"])
		assert.NotContains(t, g["text"], "`", "Markdown rendered")
	}
	assert.Equal(t, "solid", eval[string](t, ctx, `getComputedStyle(document.querySelector("#lesson-list > li")).borderTopStyle`), "the lesson itself is a card")
	assert.Positive(t, eval[int](t, ctx, `document.querySelectorAll("#lesson-list ul.goals code").length`), "code spans in goals are <code>")
	summaries := eval[[]string](t, ctx, `[...document.querySelectorAll("#lesson-list .summary")].map(p => p.textContent)`)
	assert.Len(t, summaries, eval[int](t, ctx, `document.querySelectorAll("#lesson-list > li").length`))
	for _, s := range summaries {
		assert.NotEmpty(t, s)
		assert.NotContains(t, s, "`")
	}

	// The core path is marked in words: the lessons with core: true, and no others.
	paths := eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll("#lesson-list > li")].map(li => [li.dataset.lesson, li.querySelector(".path")?.textContent ?? ""]))`)
	course, err := lessonfile.Course()
	require.NoError(t, err)
	for _, l := range course {
		want := "Going deeper (optional)"
		if l.Core {
			want = "Core path"
		}
		assert.Equal(t, want, paths[l.ID], l.ID)
	}

	worlds := eval[[]map[string]string](t, ctx, `[...document.querySelectorAll("#sandbox-list > li")].map(li => ({
	  id: li.dataset.world, title: li.querySelector("h3 a")?.textContent ?? "", text: li.querySelector("p")?.textContent ?? ""}))`)
	require.GreaterOrEqual(t, len(worlds), 10)
	for _, w := range worlds {
		assert.NotEmpty(t, w["title"], w["id"])
		assert.NotEqual(t, w["id"], w["title"], "a title, not the id")
		assert.NotEmpty(t, w["text"], "%s has a description", w["id"])
	}

	// The bulk lesson and the bulk world, from the start page.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#lesson-list li[data-lesson="bulk"] a`), chromedp.WaitVisible(`#lesson-title`)))
	poll(t, ctx, `document.getElementById("lesson-title").textContent === "A newsletter"`)
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "lesson=bulk")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#home-link`), chromedp.WaitVisible(`#sandbox-list li`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#sandbox-list li[data-world="bulk"] a`), chromedp.WaitVisible(`#lesson-title`)))
	poll(t, ctx, `document.getElementById("lesson-title").textContent === "One newsletter, many domains"`)
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "world=bulk")
	assert.True(t, eval[bool](t, ctx, `!document.getElementById("compose-panel").hidden`), "the sandbox's composer")

	// And from links; an old link naming a world with lesson= still opens the world.
	for _, tt := range []struct{ frag, title string }{
		{"lesson=bulk&lang=en", "A newsletter"},
		{"world=bulk&lang=en", "One newsletter, many domains"},
		{"world=bulk&lang=de", "Ein Newsletter, viele Domains"},
		{"lesson=envelope&lang=en", "Envelope, header and body"},
		{"world=envelope&lang=en", "Envelope and header tell different stories"},
		{"lesson=first-mail&lang=en", "One message from Alice to Bob"},
	} {
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"+tt.frag), chromedp.WaitVisible(`#lesson-title`)))
		poll(t, ctx, `document.getElementById("lesson-title").textContent === `+strconv.Quote(tt.title))
	}

	// German: the sentence and the worlds' descriptions.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#sandbox-list li`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	poll(t, ctx, `document.getElementById("start-intro").textContent.includes("Schritt für Schritt")`)
	assert.Contains(t, text(t, ctx, `#sandbox-list li[data-world="bulk"] p`), "Ein Newsletter an fünf Adressen")
	screenshot(t, ctx, "start-page")
}

// TestNarrationFollowsTheRun: with the lesson's "try it yourself" fault applied, the
// end of the run is not told with the lesson's words about Bob's mailbox; the page
// says that and how the run differs, in both languages.
func TestNarrationFollowsTheRun(t *testing.T) {
	ctx, url := browser(t)
	for _, tt := range []struct{ lang, differs, stale, deliver string }{
		{"en", "differs from the lesson from step", "does not apply to your run", "files the message into Bob's mailbox"},
		{"de", "anders als in der Lektion", "passt an dieser Stelle nicht", "legt die Nachricht in Bobs Postfach ab"},
	} {
		open(t, ctx, url, "lesson=one-message&lang="+tt.lang+"&demo=1")
		// Without the fault the end tells the lesson's delivery.
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
		poll(t, ctx, `document.getElementById("narration").textContent.includes(`+strconv.Quote(tt.deliver)+`)`)
		assert.False(t, eval[bool](t, ctx, `!!document.getElementById("told")`))

		require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#try-button`), chromedp.WaitVisible(`#try .try-applied`)))
		stepUntil(t, ctx, `document.getElementById("scrubber").value === document.getElementById("scrubber").max`)
		poll(t, ctx, `!!document.getElementById("told")`)
		told := text(t, ctx, `#told`)
		assert.Contains(t, told, tt.differs)
		assert.Contains(t, told, tt.stale)
		assert.Contains(t, told, "bob@example.net")
		assert.Contains(t, told, "550 5.1.1")
		narration := eval[string](t, ctx, `document.getElementById("narration").textContent`)
		assert.NotContains(t, narration, tt.deliver, "the lesson's delivery text is not told")
		assert.Zero(t, eval[int](t, ctx, `document.querySelectorAll("#narration > p").length`), "no lesson paragraph")
		if tt.lang == "en" {
			screenshot(t, ctx, "narration-differs")
		} else {
			noEnglishIn(t, "the run told in German", told, englishWords(t))
		}
	}
}

// TestLanguageLinkOpensStartPage: a link that names only a language (#lang=de, as a
// teacher shares the simulator with a class) opens the lesson list in it, not the
// first lesson.
func TestLanguageLinkOpensStartPage(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#lang=de"),
		chromedp.WaitVisible(`#lesson-list li a`),
	))
	poll(t, ctx, `document.getElementById("start-heading").textContent === "Wähle eine Lektion"`)
	assert.Equal(t, "de", eval[string](t, ctx, `document.documentElement.lang`))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "no lesson opened")
	assert.Contains(t, text(t, ctx, `#lesson-list li h3`), "Die Reise einer E-Mail")
	// A link with a step still opens the first lesson there.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#lang=de&step=2"), chromedp.WaitVisible(`#lesson-title`)))
	assert.False(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`))
	assert.Contains(t, text(t, ctx, `#lesson-title`), "Die Reise einer E-Mail")
}
