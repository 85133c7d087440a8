//go:build interop

package e2e

import (
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// courseFetchedCounts is how often the page asked for each compiled file of the course
// (by path) so far.
const courseFetchedCounts = `performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.startsWith("/course/"))
	.reduce((n, p) => (n[p] = (n[p] || 0) + 1, n), {})`

// allCourseFetched resolves once the page has asked for every compiled file of the
// course (paths).
func allCourseFetched(t *testing.T, ctx contextT, paths []string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`((want) => { const got = new Set(`+courseFetched+`); return want.every(p => got.has(p)); })(`+jsStrings(paths)+`)`))
	require.NoError(t, err, "every file of the course fetched in idle time")
}

// jsStrings is a JavaScript array literal of ss.
func jsStrings(ss []string) string {
	quoted := make([]string, len(ss))
	for i, s := range ss {
		quoted[i] = jsString(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// coursePaths are where the page asks for every lesson's and sandbox world's compiled
// file; the teacher's guide is fetched only when it is opened.
func coursePaths(t *testing.T) []string {
	var paths []string
	for _, name := range lessonAndWorldFiles() {
		paths = append(paths, sitePath(t, name))
	}
	return paths
}

// TestCourseFetchedWhenIdle: once the lesson list is on screen, the page fetches every
// lesson's and sandbox world's file and the catalog in idle time, each exactly once
// and none before the list was ready except the next lesson's and the catalog, and not
// the sender-authentication module; nothing opens. A click on a lesson or a world after that fetches nothing, and the
// lesson offered next, opened ahead, opens in the language the learner chose meanwhile.
func TestCourseFetchedWhenIdle(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li a`)))
	paths := coursePaths(t)
	allCourseFetched(t, ctx, paths)
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](idle, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	counts := eval[map[string]int](t, ctx, courseFetchedCounts)
	catalog := sitePath(t, lessons.CatalogFile("en"))
	assert.Len(t, counts, len(paths)+1, "no other file under /course/ than these and the catalog")
	for _, p := range append(paths, catalog) {
		assert.Equal(t, 1, counts[p], "%s fetched once", p)
	}
	next := sitePath(t, lessons.LessonFile(lessons.Index()[0].ID))
	early := eval[[]string](t, ctx, `(() => { const ready = performance.getEntriesByName("smtpsim:ready")[0].startTime;
		return performance.getEntriesByType("resource").filter(e => e.startTime < ready).map(e => new URL(e.name).pathname).filter(p => p.startsWith("/course/")); })()`)
	assert.Subset(t, []string{next, catalog}, early, "before the list was ready only the next lesson's file and the catalog")
	assert.False(t, eval[bool](t, ctx, senderAuthFetched), "senderauth.wasm not loaded for files fetched in idle time")
	assert.Equal(t, "undefined", eval[string](t, ctx, `typeof globalThis.smtpsimSenderAuthCall`))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden && document.getElementById("course-status").hidden`), "nothing opened, no loading note")

	// Clicks find their files there: a lesson, a sandbox world, the next lesson in German.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#lesson-list li[data-lesson="envelope"] a`), chromedp.WaitVisible(`#lesson-title`)))
	envelope, err := lessons.Find("envelope")
	require.NoError(t, err)
	assert.Equal(t, envelope.Texts["en"].Title, text(t, ctx, `#lesson-title`))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-lessons`), chromedp.WaitVisible(`#sandbox-list li[data-world="bounce"] a`),
		chromedp.Click(`#sandbox-list li[data-world="bounce"] a`)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("lesson").hidden && location.hash.includes("world=bounce")`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-lessons`), chromedp.WaitVisible(`#lesson-list li a`), chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "de"`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#lesson-list li a`), chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, lessons.Index()[0].Title("de"), text(t, ctx, `#lesson-title`), "the next lesson opens in German")
	counts[sitePath(t, lessons.CatalogFile("de"))] = 1
	counts["/"+lessons.SiteDir+"/"+view.PhrasesFile("de")] = 1
	assert.Equal(t, counts, eval[map[string]int](t, ctx, courseFetchedCounts), "the clicks fetched nothing but the German part of the catalog and the page's German words")
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}

// TestIdleFetchFailsSilently: a file of the course that the server refuses (500) while
// the page fetches the course in idle time says nothing on the page, and the other
// files still come; the click on that lesson fetches it again and says clearly, in the
// page's language, that it could not be loaded, with the offer to try again, which
// opens it once the server gives it.
func TestIdleFetchFailsSilently(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	const id = "dns"
	var asked, refuse atomic.Int32
	refuse.Store(1)
	answerRequests(t, ctx, "*/course/lesson/"+id+".*", func(ev fetch.EventRequestPaused) (err error) {
		asked.Add(1)
		if refuse.Load() == 1 {
			_, err = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 500, Body: []byte("broken")})
		} else {
			_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
		return err
	})
	startPageInGerman(t, ctx, url)
	allCourseFetched(t, ctx, coursePaths(t))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](idle, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.EqualValues(t, 1, asked.Load(), "the refused file was asked for once in idle time")
	for _, el := range []string{"course-failed", "course-status", "problems", "lesson"} {
		assert.True(t, eval[bool](t, ctx, `document.getElementById("`+el+`").hidden`), "#%s hidden: the failure ahead says nothing", el)
	}
	for _, p := range got.all() {
		assert.Contains(t, p, "500", "the only problem is the refused answer, which the browser logs")
	}
	// A click without the pointer on the link first: a pointer fetches ahead again.
	eval[bool](t, ctx, `document.querySelector('#lesson-list li[data-lesson="`+id+`"] a').click(); true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#course-failed`)))
	title := courseTitle(t, id, "de")
	assert.Equal(t, view.T("de", "course.failed.status", title, 500), text(t, ctx, `#course-failed-text`))
	assert.Equal(t, view.T("de", "course.retry"), text(t, ctx, `#course-retry`))
	assert.EqualValues(t, 2, asked.Load(), "the click fetched the file again")
	noEnglish(t, ctx, "failed lesson fetch after a failed idle fetch", englishWords(t))

	refuse.Store(0)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#course-retry`), chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, title, text(t, ctx, `#lesson-title`), "trying again opens the lesson")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("course-failed").hidden`))
}

// courseTitle is the title of lesson id in lang.
func courseTitle(t *testing.T, id, lang string) string {
	t.Helper()
	i := slices.IndexFunc(lessons.Index(), func(e lessons.Entry) bool { return e.ID == id })
	require.GreaterOrEqual(t, i, 0, id)
	return lessons.Index()[i].Title(lang)
}
