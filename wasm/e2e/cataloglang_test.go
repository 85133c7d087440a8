//go:build interop

package e2e

import (
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/wasm/author/ownfile"
	"smtpsim/wasm/view"
)

// catalogFetched are the parts of the catalog of explanations the page asked for so
// far, by path, in the order asked.
const catalogFetched = `performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.startsWith("/course/catalog."))`

// switchLanguage picks lang in the language menu, as a learner does.
func switchLanguage(t *testing.T, ctx contextT, lang string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, lang)))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
}

// noGermanExplanation fails on an explanation's title of the German part of the
// catalog (one the English part does not have too) anywhere in the page's text.
func noGermanExplanation(t *testing.T, ctx contextT, where string) {
	t.Helper()
	english := catalogTitles(t, "en")
	page := eval[string](t, ctx, visibleText)
	for _, title := range catalogTitles(t, "de") {
		if len(title) > 12 && !slices.Contains(english, title) {
			assert.NotContains(t, page, title, "%s: a German explanation on the English page", where)
		}
	}
}

// TestCatalogInThePageLanguage: the catalog of explanations comes in one part per
// language. A German page fetches the German part only, the start page's idle
// fetching too, and explains in German. Switching a run to English fetches the
// English part and tells the run in English once it is there: a refused fetch says so
// in German with "Try again", and while the part is on its way the page stays German
// with the loading note; no English on the German page, no German explanation on the
// English one. Switching back fetches nothing.
func TestCatalogInThePageLanguage(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	de, en := sitePath(t, lessons.CatalogFile("de")), sitePath(t, lessons.CatalogFile("en"))
	var refuseEnglish, holdEnglish atomic.Bool
	held := make(chan fetch.RequestID, 4)
	answerRequests(t, ctx, catalogRequests, func(ev fetch.EventRequestPaused) (err error) {
		english := strings.Contains(ev.Request.URL, en)
		switch {
		case english && refuseEnglish.Load():
			_, err = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 500, Body: []byte("broken")})
		case english && holdEnglish.Load():
			held <- ev.RequestID
		default:
			_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
		return err
	})
	words := englishWords(t)

	// A visitor whose page is German: the start page and its idle fetching.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#lesson-list li a`)))
	eval[bool](t, ctx, `localStorage.setItem("smtpsim.lang", "de"); true`)
	reload(t, ctx, url, "")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-list li a`)))
	require.Equal(t, "de", eval[string](t, ctx, `document.documentElement.lang`))
	allCourseFetched(t, ctx, coursePaths(t))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](idle, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, []string{de}, eval[[]string](t, ctx, catalogFetched), "the German page fetches the German part only")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#lesson-list li[data-lesson="dns"] a`), chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, courseTitle(t, "dns", "de"), text(t, ctx, `#lesson-title`))
	explainsFromCatalog(t, ctx, "de")
	noEnglish(t, ctx, "a German run", words)
	assert.Equal(t, []string{de}, eval[[]string](t, ctx, catalogFetched), "a German run needs the German part only")

	// To English, while the server refuses the English part: the page stays German.
	refuseEnglish.Store(true)
	switchLanguage(t, ctx, "en")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#course-failed`)))
	assert.Equal(t, view.T("de", "course.failed.status", view.T("de", "course.catalog"), 500), text(t, ctx, `#course-failed-text`))
	assert.Equal(t, view.T("de", "course.retry"), text(t, ctx, `#course-retry`))
	assert.Equal(t, "de", eval[string](t, ctx, `document.documentElement.lang`))
	assert.Equal(t, courseTitle(t, "dns", "de"), text(t, ctx, `#lesson-title`), "the run stays German")
	noEnglish(t, ctx, "a switch to English that failed", words)

	// Trying again while the English part is on its way: the loading note, in German.
	refuseEnglish.Store(false)
	holdEnglish.Store(true)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#course-retry`)))
	id := heldRequest(t, ctx, held, "the English part")
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("course-status").hidden &&
		document.getElementById("course-status").textContent === `+jsString(view.CourseLoading("de", lessons.CatalogFile("en")))))
	require.NoError(t, err, "the loading note names the catalog")
	assert.Equal(t, courseTitle(t, "dns", "de"), text(t, ctx, `#lesson-title`), "the run stays German until the part is there")
	noEnglish(t, ctx, "waiting for the English part", words)

	release(t, ctx, id)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "en" && document.getElementById("course-status").hidden &&
		document.getElementById("lesson-title").textContent === `+jsString(courseTitle(t, "dns", "en"))))
	require.NoError(t, err, "the run told in English once the English part came")
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "lang=en", "the link says English")
	explainsFromCatalog(t, ctx, "en")
	noGermanExplanation(t, ctx, "the run switched to English")

	// Back to German: both parts are there, nothing is fetched.
	fetched := eval[[]string](t, ctx, catalogFetched)
	switchLanguage(t, ctx, "de")
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "de" &&
		document.getElementById("lesson-title").textContent === `+jsString(courseTitle(t, "dns", "de"))))
	require.NoError(t, err)
	explainsFromCatalog(t, ctx, "de")
	noEnglish(t, ctx, "the run switched back to German", words)
	assert.Equal(t, fetched, eval[[]string](t, ctx, catalogFetched), "nothing fetched for the switch back")
	assert.Equal(t, 1, strings.Count(strings.Join(fetched, " "), de), "the German part asked for once")
	onlyRefused(t, got)
}

// TestOwnRunRetoldByLink: a run of an own scenario told in English, then its link in
// German: the page fetches the German part of the catalog before it tells the run in
// German, and explains in German; nothing is looked up before the part came.
func TestOwnRunRetoldByLink(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	src, err := os.ReadFile(ownScenario(t))
	require.NoError(t, err)
	link := "own=my-world.yaml&scenario=" + ownfile.Pack(src)
	reload(t, ctx, url, "lang=en&"+link)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	explainsFromCatalog(t, ctx, "en")
	assert.Equal(t, []string{sitePath(t, lessons.CatalogFile("en"))}, eval[[]string](t, ctx, catalogFetched))

	eval[bool](t, ctx, `location.hash = `+jsString("lang=de&"+link)+`; true`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "de"`))
	require.NoError(t, err)
	assert.Contains(t, eval[[]string](t, ctx, catalogFetched), sitePath(t, lessons.CatalogFile("de")))
	explainsFromCatalog(t, ctx, "de") // the scenario's own texts are the teacher's, in English
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}

// TestLessonRetoldByLinkWaitsForCatalog: a lesson on screen in English, then its link
// in German while the German part of the catalog is held: the run stays English with
// the loading note, and a reply clicked in that time is explained from the English
// part; once the German part came the run is German and explained in German. Nothing
// is looked up in a part that is not there.
func TestLessonRetoldByLinkWaitsForCatalog(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	held := holdRequests(t, ctx, germanCatalogRequests, 4)
	reload(t, ctx, url, "lesson=dns&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	explainsFromCatalog(t, ctx, "en") // steps to the first reply a server gave
	step := eval[string](t, ctx, `document.getElementById("scrubber").value`)

	eval[bool](t, ctx, `location.hash = "lesson=dns&lang=de&step=`+step+`"; true`)
	id := heldRequest(t, ctx, held, "the German part")
	// The page's German words are fetched too; once they came (they are not held), the
	// note names the part still on its way, in the run's language.
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("course-status").hidden &&
		document.getElementById("course-status").textContent === `+jsString(view.CourseLoading("en", lessons.CatalogFile("de")))))
	require.NoError(t, err, "the loading note names the held part, in the run's language")
	explainsShownReply(t, ctx, "en") // while the part is on its way
	assert.Equal(t, "en", eval[string](t, ctx, `document.documentElement.lang`), "the run stays English until the part came")
	noGermanExplanation(t, ctx, "while the German part is on its way")

	release(t, ctx, id)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "de" && document.getElementById("course-status").hidden`))
	require.NoError(t, err, "the run told in German once the part came")
	assert.Equal(t, courseTitle(t, "dns", "de"), text(t, ctx, `#lesson-title`))
	assert.Equal(t, step, eval[string](t, ctx, `document.getElementById("scrubber").value`), "at the link's step")
	explainsShownReply(t, ctx, "de")
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}
