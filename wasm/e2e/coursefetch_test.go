//go:build interop

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// courseFetched lists the compiled files of the course the page has fetched so far, as
// the paths it asked for, but for the catalog of explanations, which every run needs
// (catalog_test.go follows it).
const courseFetched = `performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.startsWith("/course/") && !p.startsWith("/course/catalog."))`

// idle resolves once the browser has been idle twice: what the page does while
// nobody acts has had its chance to run.
const idle = `new Promise(resolve => requestIdleCallback(() => requestIdleCallback(() => resolve(true))))`

// sitePath is where the page asks for a compiled file of the course.
func sitePath(t *testing.T, name string) string {
	t.Helper()
	p, ok := lessons.SitePath(name)
	require.True(t, ok, name)
	return "/" + p
}

// TestLessonFetchedWhenOpened: the start page fetches first the file of the lesson the
// learner most likely opens (the first not completed), then the others in idle time,
// one after another (TestCourseFetchedWhenIdle). While that is held up (here the server
// holds the second lesson's answer), opening a lesson fetches that lesson's file, and a
// link with the focus its world's, each only once; a deep link fetches its lesson and
// opens it, and nothing else.
func TestLessonFetchedWhenOpened(t *testing.T) {
	ctx, url := browser(t)
	second := lessons.Index()[1].ID
	held := holdRequests(t, ctx, "*/course/lesson/"+second+".*", 1)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li a`)))
	var id fetch.RequestID
	select {
	case id = <-held:
	case <-ctx.Done():
		t.Fatal("the second lesson was not fetched in idle time")
	}
	next := sitePath(t, "lesson/"+lessons.Index()[0].ID+".json")
	assert.Equal(t, []string{next}, eval[[]string](t, ctx, courseFetched), "the next lesson first, the others one after another")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#lesson-list li[data-lesson="one-message"] a`), chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, "One message", text(t, ctx, `#lesson-title`))
	lesson := sitePath(t, "lesson/one-message.json")
	assert.Equal(t, []string{next, lesson}, eval[[]string](t, ctx, courseFetched))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("course-status").hidden`), "no loading note once the lesson is open")

	// A link with the focus (or the pointer on it) has its file fetched ahead; nothing opens.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-lessons`), chromedp.WaitVisible(`#sandbox-list li[data-world="bounce"] a`)))
	eval[bool](t, ctx, `document.querySelector('#sandbox-list li[data-world="bounce"] a').focus(); true`)
	world := sitePath(t, "world/bounce.json")
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](courseFetched+`.includes("`+world+`")`))
	require.NoError(t, err, "the focused link's world is fetched ahead")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "nothing opened")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#sandbox-list li[data-world="bounce"] a`)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("lesson").hidden && location.hash.includes("world=bounce")`))
	require.NoError(t, err)
	assert.Equal(t, []string{next, lesson, world}, eval[[]string](t, ctx, courseFetched), "fetched once, ahead")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-lessons`), chromedp.WaitVisible(`#lesson-list li a`),
		chromedp.Click(`#lesson-list li[data-lesson="one-message"] a`), chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, []string{next, lesson, world}, eval[[]string](t, ctx, courseFetched), "a lesson fetched once opens again without fetching")
	_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
	require.NoError(t, err)

	reload(t, ctx, url, "lesson=dns&step=3&lang=de")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, "Den Weg finden mit DNS", text(t, ctx, `#lesson-title`))
	assert.Equal(t, "3", eval[string](t, ctx, `document.getElementById("scrubber").value`))
	assert.Equal(t, []string{"/" + lessons.SiteDir + "/" + view.PhrasesFile("de"), sitePath(t, "lesson/dns.json")}, eval[[]string](t, ctx, courseFetched),
		"a deep link fetches the page's German words and its lesson")

	reload(t, ctx, url, "lesson=no-such-lesson")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`), chromedp.WaitVisible(`#problems`)))
	assert.Equal(t, lessons.Index()[0].Title("en"), text(t, ctx, `#lesson-title`), "an unknown lesson opens the first")
	assert.Equal(t, []string{sitePath(t, "lesson/"+lessons.Index()[0].ID+".json")}, eval[[]string](t, ctx, courseFetched))
}

// TestLessonFetchFailsClearly: a lesson's file that does not come (no answer, an
// error status, a damaged file) is said on the page in its language; nothing opens,
// the start page stays usable, and "Try again" — or the same link followed again —
// opens the lesson once the file comes.
func TestLessonFetchFailsClearly(t *testing.T) {
	ctx, url := browser(t)
	var how atomic.Value // how the server answers for the course's files: "", "refused", "404", "damaged"
	how.Store("")
	answerRequests(t, ctx, "*/course/*", func(ev fetch.EventRequestPaused) (err error) {
		// The page's German words come: the switch to German is not what fails here.
		switch h := how.Load(); {
		case strings.Contains(ev.Request.URL, "/course/phrases."):
			_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		case h == "refused":
			_, err = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonConnectionRefused})
		case h == "404":
			_, err = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 404, Body: []byte("not found")})
		case h == "damaged":
			_, err = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 200, Body: []byte(`{"ID": "jour`)})
		default:
			_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
		return err
	})
	words := englishWords(t)
	for i, c := range []struct{ lang, how, key string }{
		{"en", "refused", "course.failed.network"},
		{"de", "refused", "course.failed.network"},
		{"en", "404", "course.failed.status"},
		{"de", "404", "course.failed.status"},
		{"en", "damaged", "course.failed.broken"},
		{"de", "damaged", "course.failed.broken"},
	} {
		how.Store(c.how)
		title := lessons.Index()[0].Title(c.lang)
		want := view.T(c.lang, c.key, title)
		if c.how == "404" {
			want = view.T(c.lang, c.key, title, 404)
		}
		reload(t, ctx, url, "")
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-list li a`), chromedp.SetValue(`#lang`, c.lang)))
		eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "`+c.lang+`"`))
		require.NoError(t, err)
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#lesson-list li a`), chromedp.WaitVisible(`#course-failed`)))
		assert.Equal(t, want, text(t, ctx, `#course-failed-text`), "%s %s", c.lang, c.how)
		assert.Equal(t, view.T(c.lang, "course.retry"), text(t, ctx, `#course-retry`))
		assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden && !document.getElementById("start").hidden`), "nothing opened, the start page is there")
		assert.True(t, eval[bool](t, ctx, `document.getElementById("course-status").hidden`), "no loading note after the failure")
		if c.lang == "de" {
			noEnglish(t, ctx, "failed lesson fetch "+c.how, words)
		}

		how.Store("")
		again := `#course-retry`
		if i%2 == 1 {
			again = `#lesson-list li a` // the same link: the address went back to the start page
			assert.Empty(t, eval[string](t, ctx, `location.hash`), "the address is the start page's")
		}
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(again), chromedp.WaitVisible(`#lesson-title`)))
		assert.Equal(t, title, text(t, ctx, `#lesson-title`), "trying again (%s) opens the lesson", again)
		assert.True(t, eval[bool](t, ctx, `document.getElementById("course-failed").hidden`))
	}

	// A link opened afresh whose lesson does not come: the start page, the message, and
	// "Try again" opens the lesson the link names, where it names.
	how.Store("refused")
	reload(t, ctx, url, "lesson=dns&step=3&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#course-failed`), chromedp.WaitVisible(`#lesson-list li a`)))
	assert.Equal(t, view.T("en", "course.failed.network", "Finding the way with DNS"), text(t, ctx, `#course-failed-text`))
	// Another language chosen meanwhile says it again in that language.
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("course-failed-text").textContent === `+jsString(view.T("de", "course.failed.network", "Den Weg finden mit DNS"))))
	require.NoError(t, err)
	assert.Equal(t, "Noch einmal versuchen", text(t, ctx, `#course-retry`))
	how.Store("")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#course-retry`), chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, "Finding the way with DNS", text(t, ctx, `#lesson-title`), "as the link says: lang=en")
	assert.Equal(t, "3", eval[string](t, ctx, `document.getElementById("scrubber").value`))
}

// TestGuideLinkFetchesLesson: the teacher's guide, opened by its link, fetches its own
// file and no lesson's; the presenter's link it gives (#lesson=journey&demo=1&lang=en),
// followed from the guide, fetches that lesson's file and opens it.
func TestGuideLinkFetchesLesson(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#teachers&lang=en"), chromedp.WaitVisible(`#teachers-guide h2`)))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](idle, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	guide := sitePath(t, lessons.GuideFile("en"))
	assert.Equal(t, []string{guide}, eval[[]string](t, ctx, courseFetched), "the guide fetches itself, no lesson")
	link := eval[string](t, ctx, `[...document.querySelectorAll("#teachers-guide code")].map(c => c.textContent.trim()).find(s => s.startsWith("#lesson=journey&demo=1"))`)
	require.NotEmpty(t, link, "the guide gives the presenter's link")
	eval[bool](t, ctx, `location.hash = `+jsString(link)+`; true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, lessons.Index()[0].Title("en"), text(t, ctx, `#lesson-title`))
	assert.Equal(t, []string{guide, sitePath(t, "lesson/journey.json")}, eval[[]string](t, ctx, courseFetched))
}

// TestLeftWhileLessonLoads: while a saved session's lesson file is on its way, the
// loading note follows a change of language; when the learner goes elsewhere (here
// the teacher's guide), the session does not open once the file comes: the loading
// note goes with the move, and the guide stays.
func TestLeftWhileLessonLoads(t *testing.T) {
	s := view.Session{Kind: view.SessionKind, Version: view.SessionVersion, Lesson: "dns", Step: 2, Lang: "en"}
	file := filepath.Join(t.TempDir(), "smtpsim-session-dns.json")
	require.NoError(t, os.WriteFile(file, s.Encode(), 0o644))

	ctx, url := browser(t)
	// Held from the start: the page may reach the file in idle time before the session asks for it.
	held := holdRequests(t, ctx, "*/course/lesson/dns.*", 4)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#own-files`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{file})))
	var id fetch.RequestID
	select {
	case id = <-held:
	case <-ctx.Done():
		t.Fatal("the session's lesson was not fetched")
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#course-status`)))
	assert.Equal(t, view.CourseLoading("en", "lesson/dns.json"), text(t, ctx, `#course-status`))
	// Another language chosen meanwhile says the note in that language.
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("course-status").textContent === `+jsString(view.CourseLoading("de", "lesson/dns.json"))))
	require.NoError(t, err, "the loading note in German")

	eval[bool](t, ctx, `location.hash = "teachers&lang=en"; true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#teachers-guide h2`)))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("course-status").hidden`), "no loading note on the guide")

	_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`performance.getEntriesByType("resource").some(e => new URL(e.name).pathname.startsWith("/course/lesson/dns."))`))
	require.NoError(t, err, "the file came")
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](idle, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "the session did not open")
	assert.Equal(t, "#teachers&lang=en", eval[string](t, ctx, `location.hash`))
	assert.True(t, eval[bool](t, ctx, `!document.getElementById("teachers-guide").hidden`), "the guide stays")

	// The file that came after the page had moved on went to the course all the same:
	// opening the lesson now fetches nothing (a second request would be held here).
	eval[bool](t, ctx, `location.hash = "lesson=dns&lang=en"; true`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("lesson").hidden`))
	require.NoError(t, err, "the lesson opens from the file that came")
	assert.Equal(t, 1, eval[map[string]int](t, ctx, courseFetchedCounts)[sitePath(t, lessons.LessonFile("dns"))], "fetched once")
	assert.Empty(t, held, "no second request")
}
