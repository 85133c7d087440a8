//go:build interop

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/catalog"
	"smtpsim/wasm/author/ownfile"
	"smtpsim/wasm/view"
)

// catalogRequests is the address pattern of the catalog of explanations' parts, and
// germanCatalogRequests of its German part.
const (
	catalogRequests       = "*/course/catalog.*"
	germanCatalogRequests = "*/course/catalog.de.*"
)

// catalogTitles are the titles of every explanation of the catalog in lang, as the
// page shows one on top of the explanation of a reply.
func catalogTitles(t *testing.T, lang string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(lessons.CompiledPath(lessons.CatalogFile(lang)))))
	require.NoError(t, err)
	var c catalog.Catalog
	require.NoError(t, json.Unmarshal(data, &c))
	var titles []string
	for _, e := range c.Reasons[lang] {
		titles = append(titles, e.Title)
	}
	for _, e := range c.Codes[lang] {
		titles = append(titles, e.Title)
	}
	return titles
}

// explainsFromCatalog steps the open run to its first reply a server gave and has the
// page explain it: the explanation is the catalog's, in lang.
func explainsFromCatalog(t *testing.T, ctx contextT, lang string) {
	t.Helper()
	stepUntil(t, ctx, `!!document.querySelector("`+shownReply+`")`)
	explainsShownReply(t, ctx, lang)
}

// shownReply is a reply a server gave, as the diagram shows it.
const shownReply = `#ladder g[data-arrow].ok text.msg`

// explainsShownReply has the page explain the reply on screen: the explanation is the
// catalog's, in lang.
func explainsShownReply(t *testing.T, ctx contextT, lang string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(shownReply), chromedp.WaitVisible(`#explain h4`)))
	// Read by a query of the moment, not by a node found before: the panel may be
	// drawn again in between (the run retold), and the node found first be gone.
	title, err := chromedp.Run(ctx, chromedp.Poll[string](`(document.querySelector("#explain h4") || {}).textContent || false`))
	require.NoError(t, err, "an explanation's title")
	assert.Contains(t, catalogTitles(t, lang), title, "the reply explained from the catalog")
}

// catalogMissed is in what the page says on the console when it looks up an
// explanation before the catalog came (lessons/catalog, missing).
const catalogMissed = "looked up before the catalog"

// onlyRefused: the only problems on the console are the refused answers the browser
// logs; no explanation was looked up before the catalog came.
func onlyRefused(t *testing.T, got *problems) {
	t.Helper()
	for _, p := range got.all() {
		assert.NotContains(t, p, catalogMissed)
		assert.Contains(t, p, "500", "the only problem is a refused answer, which the browser logs")
	}
}

// freshStartPage opens the start page afresh (a new program: no catalog yet) and
// switches it to lang with the language menu, as a learner does.
func freshStartPage(t *testing.T, ctx contextT, url, lang string) {
	t.Helper()
	reload(t, ctx, url, "")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-list li a`), chromedp.SetValue(`#lang`, lang)))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "`+lang+`"`))
	require.NoError(t, err)
}

// heldRequest waits for the page to ask for a held file.
func heldRequest(t *testing.T, ctx contextT, held <-chan fetch.RequestID, what string) fetch.RequestID {
	t.Helper()
	select {
	case id := <-held:
		return id
	case <-ctx.Done():
		t.Fatalf("%s was not fetched", what)
		return ""
	}
}

// release lets a held request go on to the server.
func release(t *testing.T, ctx contextT, id fetch.RequestID) {
	t.Helper()
	_, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
	require.NoError(t, err)
}

// TestLessonWaitsForCatalog: the page's module does not carry the catalog of
// explanations. The start page fetches it first; a click on a lesson while it is held
// fetches the lesson's file at once, beside it, and shows the loading note, naming the
// catalog once the lesson's file is there; nothing opens. Once the catalog comes the
// lesson opens, and its replies are explained.
func TestLessonWaitsForCatalog(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	held := holdRequests(t, ctx, catalogRequests, 4)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li a`)))
	id := heldRequest(t, ctx, held, "the catalog")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#lesson-list li[data-lesson="one-message"] a`), chromedp.WaitVisible(`#course-status`)))
	lesson := sitePath(t, "lesson/one-message.json")
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("course-status").textContent === `+jsString(view.CourseLoading("en", lessons.CatalogFile("en")))))
	require.NoError(t, err, "the note names the catalog once the lesson's file is there")
	assert.Contains(t, eval[[]string](t, ctx, courseFetched), lesson, "the lesson's file fetched beside the catalog")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "nothing opens before the catalog")

	release(t, ctx, id)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, "One message", text(t, ctx, `#lesson-title`))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("course-status").hidden`), "no loading note once the lesson is open")
	assert.Empty(t, held, "the click joined the fetch on its way: the catalog asked for once")
	explainsFromCatalog(t, ctx, "en")
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}

// TestCatalogFetchFailsClearly: a catalog the server refuses (500), in idle time and
// on the click, is said as a lesson's file that failed, in the page's language, with
// "Try again"; nothing opens. Trying again once the server gives it opens the lesson
// with its explanations.
func TestCatalogFetchFailsClearly(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	var refuse atomic.Bool
	answerRequests(t, ctx, catalogRequests, func(ev fetch.EventRequestPaused) (err error) {
		if refuse.Load() {
			_, err = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 500, Body: []byte("broken")})
		} else {
			_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
		return err
	})
	words := englishWords(t)
	for _, lang := range []string{"en", "de"} {
		refuse.Store(true)
		freshStartPage(t, ctx, url, lang)
		eval[bool](t, ctx, `document.querySelector('#lesson-list li[data-lesson="dns"] a').click(); true`)
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#course-failed`)))
		assert.Equal(t, view.T(lang, "course.failed.status", view.T(lang, "course.catalog"), 500), text(t, ctx, `#course-failed-text`), lang)
		assert.Equal(t, view.T(lang, "course.retry"), text(t, ctx, `#course-retry`))
		assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden && !document.getElementById("start").hidden`), "nothing opened, the start page is there")
		assert.True(t, eval[bool](t, ctx, `document.getElementById("course-status").hidden`), "no loading note after the failure")
		if lang == "de" {
			noEnglish(t, ctx, "failed catalog fetch", words)
		}

		refuse.Store(false)
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#course-retry`), chromedp.WaitVisible(`#lesson-title`)))
		assert.Equal(t, courseTitle(t, "dns", lang), text(t, ctx, `#lesson-title`), "trying again opens the lesson")
		assert.True(t, eval[bool](t, ctx, `document.getElementById("course-failed").hidden`))
		explainsFromCatalog(t, ctx, lang)
	}
	onlyRefused(t, got)
}

// TestOwnWaitsForCatalog: an own scenario, from the link that carries it or picked as
// a file, opened on a fresh page before the catalog came: the authoring module
// compiles it, and the page waits for the catalog, saying so, before the run opens,
// in German; then its replies are explained in German.
func TestOwnWaitsForCatalog(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	src, err := os.ReadFile(ownScenario(t))
	require.NoError(t, err)
	held := holdRequests(t, ctx, germanCatalogRequests, 8) // a fresh start page fetches the English part ahead
	words := englishWords(t)
	loading := view.CourseLoading("de", lessons.CatalogFile("de"))
	for _, how := range []string{"link", "file"} {
		if how == "link" {
			reload(t, ctx, url, "lang=de&own=my-world.yaml&scenario="+ownfile.Pack(src))
		} else {
			freshStartPage(t, ctx, url, "de")
			require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{ownScenario(t)})))
		}
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`performance.getEntriesByType("resource").some(e => new URL(e.name).pathname.endsWith("/author.wasm")) &&
			document.getElementById("author-status").hidden && document.getElementById("course-status").textContent === `+jsString(loading)))
		require.NoError(t, err, "%s: the authoring module compiled it, and the page waits for the catalog", how)
		assert.True(t, eval[bool](t, ctx, `!document.getElementById("course-status").hidden && document.getElementById("lesson").hidden`), "%s: nothing opens before the catalog", how)
		noEnglish(t, ctx, "waiting for the catalog", words)

		// The fetch ahead (beside the authoring module, or the start page's) is the
		// one the opening waits for.
		release(t, ctx, heldRequest(t, ctx, held, "the catalog"))
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
		assert.Equal(t, "One message from Alice to Bob", text(t, ctx, `#lesson-title`), how)
		assert.True(t, eval[bool](t, ctx, `document.getElementById("course-status").hidden`), "%s: no loading note once it is open", how)
		assert.Empty(t, held, "%s: the catalog asked for once", how)
		explainsFromCatalog(t, ctx, "de")
	}
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}

// TestSessionWaitsForCatalog: a saved session opened on a fresh page before the
// catalog came fetches its lesson's file beside it and waits for both, saying so in
// German; then it opens where it was saved, with its replies explained.
func TestSessionWaitsForCatalog(t *testing.T) {
	s := view.Session{Kind: view.SessionKind, Version: view.SessionVersion, Lesson: "dns", Step: 2, Lang: "de"}
	file := filepath.Join(t.TempDir(), "smtpsim-session-dns.json")
	require.NoError(t, os.WriteFile(file, s.Encode(), 0o644))

	ctx, url := browser(t)
	got := watchProblems(ctx)
	held := holdRequests(t, ctx, germanCatalogRequests, 4) // a fresh start page fetches the English part ahead
	freshStartPage(t, ctx, url, "de")
	id := heldRequest(t, ctx, held, "the German part of the catalog")
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{file})))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](courseFetched+`.includes("`+sitePath(t, lessons.LessonFile("dns"))+`") &&
		document.getElementById("course-status").textContent === `+jsString(view.CourseLoading("de", lessons.CatalogFile("de")))))
	require.NoError(t, err, "the session's lesson came, and the page waits for the catalog")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "nothing opens before the catalog")
	noEnglish(t, ctx, "a session waiting for the catalog", englishWords(t))

	release(t, ctx, id)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, courseTitle(t, "dns", "de"), text(t, ctx, `#lesson-title`))
	assert.Equal(t, "2", eval[string](t, ctx, `document.getElementById("scrubber").value`), "where the session was saved")
	assert.Empty(t, held, "the catalog asked for once")
	explainsFromCatalog(t, ctx, "de")
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}
