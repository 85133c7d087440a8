//go:build interop

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
	"smtpsim/wasm/view"
)

// senderAuthFetched is whether the page asked for the sender-authentication module.
const senderAuthFetched = `performance.getEntriesByType("resource").some(e => new URL(e.name).pathname.endsWith("/senderauth.wasm"))`

// openLessonLink goes to a lesson's link from the page on show (a change of the
// fragment, as a click on a lesson does) and waits until the lesson is on the page.
func openLessonLink(t *testing.T, ctx contextT, frag, title string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`location.hash = %q; true`, frag))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
		`!document.getElementById("lesson").hidden && document.getElementById("lesson-title").textContent === %q`, title)))
	require.NoError(t, err, "%s opens", frag)
}

// TestSenderAuthModuleOnlyWhenNeeded: the start page and the first lesson run without
// senderauth.wasm; the lessons that sign or check senders fetch it once, the first
// time one opens, and show at their last step every check and signature of the run
// the CLI makes, with as many steps.
func TestSenderAuthModuleOnlyWhenNeeded(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#lesson-list li`)))
	assert.False(t, eval[bool](t, ctx, senderAuthFetched), "senderauth.wasm on the start page")
	journey, err := lessons.Find("journey")
	require.NoError(t, err)
	openLessonLink(t, ctx, "lesson=journey&lang=en", journey.Texts["en"].Title)
	assert.False(t, eval[bool](t, ctx, senderAuthFetched), "senderauth.wasm for the first lesson")
	assert.Equal(t, "undefined", eval[string](t, ctx, `typeof globalThis.smtpsimSenderAuthCall`))

	for _, id := range []string{"spf", "dkim", "dmarc", "headers", "who-sent-this"} {
		l, err := lessons.Find(id)
		require.NoError(t, err)
		require.True(t, l.World.NeedsSenderAuth(), id)
		tr := world.Run(l.ScenarioOf(l.Models[0]))
		n := tr.Len()
		openLessonLink(t, ctx, fmt.Sprintf("lesson=%s&model=%s&step=%d&demo=1&lang=en", id, l.Models[0], n-1), l.Texts["en"].Title)
		assert.Contains(t, text(t, ctx, `#lesson-progress`), fmt.Sprintf("Step %d of %d", n, n), id)
		ladder := eval[string](t, ctx, `document.getElementById("ladder").textContent`)
		words, checks := render.Words{Lang: "en", Trace: tr}, 0
		for _, e := range tr.All() {
			if e.Kind == trace.KindAuth || e.Kind == trace.KindSign {
				checks++
				assert.Contains(t, ladder, words.Note(e), id)
			}
		}
		assert.Positive(t, checks, "%s signs or checks", id)
		assert.True(t, eval[bool](t, ctx, `document.getElementById("senderauth-status").hidden`), "no loading note once open")
		assert.True(t, eval[bool](t, ctx, `document.getElementById("stopped").hidden`), "%s ran to its end", id)
	}
	assert.Equal(t, 1, eval[int](t, ctx, `performance.getEntriesByType("resource").filter(e => new URL(e.name).pathname.endsWith("/senderauth.wasm")).length`),
		"fetched once")
	assert.Equal(t, 1, eval[int](t, ctx, `performance.getEntriesByName("smtpsim:senderauth").length`), "started once")
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}

// TestSenderAuthModuleFailsClearly: when senderauth.wasm cannot be loaded, a lesson that
// needs it says so in the page's language, English and German, in the page's words
// alone (not the browser's "Failed to fetch"), and again in the other language when the
// learner switches it; nothing opens, the page stays usable (another lesson opens), and
// with the module back the next try opens the lesson.
func TestSenderAuthModuleFailsClearly(t *testing.T) {
	ctx, url := browser(t)
	blockURLs(t, ctx, &network.BlockPattern{URLPattern: "*://*:*/senderauth.wasm", Block: true})
	dkim, err := lessons.Find("dkim")
	require.NoError(t, err)
	journey, err := lessons.Find("journey")
	require.NoError(t, err)
	failed := view.ModuleFailed(view.SenderAuthModule, 0) // the browser refuses: no answer
	for _, tc := range []struct{ lang, other string }{{"en", "de"}, {"de", "en"}} {
		if tc.lang == "de" {
			startPageInGerman(t, ctx, url)
		} else {
			require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#lesson-list li`)))
		}
		eval[bool](t, ctx, `location.hash = "lesson=dkim&lang=`+tc.lang+`"; true`)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("problems").hidden`))
		require.NoError(t, err, tc.lang)
		assert.Equal(t, failed.Say(tc.lang), text(t, ctx, `#problems`))
		assert.True(t, eval[bool](t, ctx, `document.getElementById("senderauth-status").hidden`), "no loading note after the failure")
		assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "nothing opened")
		assert.False(t, eval[bool](t, ctx, `document.getElementById("start").hidden`), "the start page stays")
		assert.Equal(t, "", eval[string](t, ctx, `location.hash`), "the link is the start page's again")
		if tc.lang == "de" {
			noEnglish(t, ctx, "failed sender-authentication module", englishWords(t))
		}
		chooseLanguage(t, ctx, tc.other, `document.getElementById("problems").textContent === `+jsString(failed.Say(tc.other)))
		assert.False(t, eval[bool](t, ctx, `document.getElementById("problems").hidden`), "said again in %s", tc.other)
		openLessonLink(t, ctx, "lesson=journey&lang="+tc.lang, journey.Texts[tc.lang].Title)
		assert.True(t, eval[bool](t, ctx, `document.getElementById("problems").hidden`), "another lesson opens, the problem gone")
	}

	blockURLs(t, ctx)
	eval[bool](t, ctx, `location.hash = ""; true`)
	openLessonLink(t, ctx, "lesson=dkim&lang=de", dkim.Texts["de"].Title)
	assert.Equal(t, "function", eval[string](t, ctx, `typeof globalThis.smtpsimSenderAuthCall`), "the next try loads the module")
}

// TestSenderAuthFromSavedSession: a saved session of a lesson that checks senders,
// opened on a fresh page, loads the module and comes back where it was saved.
func TestSenderAuthFromSavedSession(t *testing.T) {
	l, err := lessons.Find("dmarc")
	require.NoError(t, err)
	n := world.Run(l.ScenarioOf(l.Models[0])).Len()
	s := view.Session{Kind: view.SessionKind, Version: view.SessionVersion, Lesson: "dmarc", Step: n - 1, Demo: true, Lang: "en"}
	file := filepath.Join(t.TempDir(), "smtpsim-session-dmarc.json")
	require.NoError(t, os.WriteFile(file, s.Encode(), 0o644))

	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#own-files`)))
	assert.False(t, eval[bool](t, ctx, senderAuthFetched), "senderauth.wasm on the start page")
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{file})))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
		`!document.getElementById("lesson").hidden && document.getElementById("lesson-title").textContent === %q`, l.Texts["en"].Title)))
	require.NoError(t, err, "the session opens")
	assert.True(t, eval[bool](t, ctx, senderAuthFetched), "senderauth.wasm fetched for it")
	assert.Contains(t, text(t, ctx, `#lesson-progress`), fmt.Sprintf("Step %d of %d", n, n))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("stopped").hidden`), "the run is whole")
}

// TestSenderAuthModuleAhead: the pointer on the link of a lesson that checks senders
// (here the DKIM lesson) has the page fetch its file and start senderauth.wasm before
// the click, and nothing opens; the click then finds the module there. The pointer on
// a lesson that does not check senders loads no module.
func TestSenderAuthModuleAhead(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#lesson-list li`)))
	point := func(id string) {
		eval[bool](t, ctx, fmt.Sprintf(`document.querySelector('#lesson-list li a[href^="#lesson=%s"]').dispatchEvent(new PointerEvent("pointerover", {bubbles: true})); true`, id))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
			`performance.getEntriesByType("resource").some(e => new URL(e.name).pathname.startsWith("/course/lesson/%s."))`, id)))
		require.NoError(t, err, "the file of %s is fetched ahead", id)
	}
	point("hello")
	assert.False(t, eval[bool](t, ctx, senderAuthFetched), "senderauth.wasm for a lesson that checks nothing")

	point("dkim")
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`typeof globalThis.smtpsimSenderAuthCall === "function"`))
	require.NoError(t, err, "senderauth.wasm started before the click")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "nothing opened")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("senderauth-status").hidden`), "no loading note without a click")

	dkim, err := lessons.Find("dkim")
	require.NoError(t, err)
	eval[bool](t, ctx, `document.querySelector('#lesson-list li a[href^="#lesson=dkim"]').click(); true`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
		`!document.getElementById("lesson").hidden && document.getElementById("lesson-title").textContent === %q`, dkim.Texts["en"].Title)))
	require.NoError(t, err, "the DKIM lesson opens")
	assert.Equal(t, 1, eval[int](t, ctx, `performance.getEntriesByType("resource").filter(e => new URL(e.name).pathname.endsWith("/senderauth.wasm")).length`),
		"fetched once")
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}
