//go:build interop

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// phrasesFetched counts the page's fetches of its German words.
const phrasesFetched = `performance.getEntriesByType("resource").filter(e => new URL(e.name).pathname === "/course/phrases.de.txt").length`

// TestGermanWordsBesideTheModule: the page's module carries its English words only;
// a page that starts in German fetches the German ones beside the module, once, and
// speaks German from its first picture. An English page fetches them when the
// learner switches to German, and not again when switching back and forth.
func TestGermanWordsBesideTheModule(t *testing.T) {
	module, err := os.ReadFile(filepath.Join(siteDir, "main.wasm"))
	require.NoError(t, err)
	assert.Contains(t, string(module), view.T("en", "aria.ladder"))
	german, err := os.ReadFile(filepath.Join(siteDir, lessons.SiteDir, view.PhrasesFile("de")))
	require.NoError(t, err)
	assert.Contains(t, string(german), "\x00Sequenzdiagramm\x00")
	assert.NotContains(t, string(module), "Sequenzdiagramm", "German words in the module")

	ctx, url := browser(t)
	reload(t, ctx, url, "lesson=journey&lang=de")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, "Tastaturhilfe", text(t, ctx, `#nav-help`))
	assert.Equal(t, 1, eval[int](t, ctx, phrasesFetched))
	assert.True(t, eval[bool](t, ctx, `performance.getEntriesByType("resource").find(e => e.name.includes("/course/phrases.de")).startTime < performance.getEntriesByName("smtpsim:fetched")[0].startTime`),
		"the German words were asked for after the module had come")
	noEnglish(t, ctx, "German lesson", englishWords(t))

	reload(t, ctx, url, "lesson=journey&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, 0, eval[int](t, ctx, phrasesFetched), "an English page fetched German words")
	switchLanguage(t, ctx, "de")
	poll(t, ctx, `document.getElementById("nav-help").textContent === "Tastaturhilfe" && document.getElementById("lesson-title").textContent !== ""`)
	switchLanguage(t, ctx, "en")
	poll(t, ctx, `document.getElementById("nav-help").textContent === "Keyboard help"`)
	switchLanguage(t, ctx, "de")
	poll(t, ctx, `document.getElementById("nav-help").textContent === "Tastaturhilfe"`)
	assert.Equal(t, 1, eval[int](t, ctx, phrasesFetched))
	noEnglish(t, ctx, "switched to German", englishWords(t))
}

// TestGermanWordsFailing: when the German words do not come at start, the loader's
// note says why in German, as when the module does not come: no answer, the server's
// status, or a damaged file. When they do not come on a switch from English, the page
// stays English and says why with "Try again", which then switches it.
func TestGermanWordsFailing(t *testing.T) {
	ctx, url := browser(t)
	var how atomic.Value // "fail", "503", "damaged" or "" to let it through
	answerRequests(t, ctx, "*/course/phrases.de*", func(ev fetch.EventRequestPaused) (err error) {
		switch how.Load() {
		case "fail":
			_, err = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonFailed})
		case "503":
			_, err = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 503, Body: []byte("busy")})
		case "damaged":
			_, err = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 200, Body: []byte(`{"ui":{"nav.help":"x"}}`)})
		default:
			_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
		return err
	})
	words := englishWords(t)
	for _, c := range []struct{ how, frag, want string }{
		{"fail", "lang=de", "Der Simulator konnte nicht starten: Seine deutschen Texte sind nicht angekommen, der Server hat nicht geantwortet. Prüfe die Verbindung und lade die Seite dann neu."},
		{"503", "lesson=journey&lang=de", "Der Simulator konnte nicht starten: Auf die Frage nach seinen deutschen Texten hat der Server mit dem Status 503 geantwortet. Lade die Seite neu; bleibt es dabei, wende dich an die Person, die diese Seite betreibt."},
		{"damaged", view.GuideFragment("de"), "Der Simulator konnte nicht starten: Seine deutschen Texte sind beschädigt angekommen. Lade die Seite neu; bleibt es dabei, wende dich an die Person, die diese Seite betreibt."},
	} {
		how.Store(c.how)
		reload(t, ctx, url, c.frag)
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#loading-error`)), c.frag)
		assert.Equal(t, c.want, text(t, ctx, `#loading-error`), c.frag)
		assert.True(t, eval[bool](t, ctx, `document.getElementById("app").hidden`), "%s: the page showed without its words", c.frag)
		noEnglishIn(t, "start failure at "+c.frag, text(t, ctx, `#loading-error`), words)
	}

	// On the start page, while nothing else loads.
	how.Store("503")
	reload(t, ctx, url, "")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-list li a`)))
	switchLanguage(t, ctx, "de")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#course-failed`)))
	assert.Equal(t, "“The page in German” could not be loaded: the server answered with status 503. Try again, or reload the page.", text(t, ctx, `#course-failed-text`))
	assert.Equal(t, "Keyboard help", text(t, ctx, `#nav-help`))
	how.Store("")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#course-retry`)))
	poll(t, ctx, `document.getElementById("nav-help").textContent === "Tastaturhilfe" && document.getElementById("course-failed").hidden`)
	noEnglish(t, ctx, "German start page", words)
	switchLanguage(t, ctx, "en")
	poll(t, ctx, `document.getElementById("nav-help").textContent === "Keyboard help"`)

	// With a lesson on screen.
	how.Store("503")
	reload(t, ctx, url, "lesson=journey&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	title := text(t, ctx, `#lesson-title`)
	switchLanguage(t, ctx, "de")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#course-failed`)))
	assert.Equal(t, "“The page in German” could not be loaded: the server answered with status 503. Try again, or reload the page.", text(t, ctx, `#course-failed-text`))
	assert.Equal(t, "Keyboard help", text(t, ctx, `#nav-help`))
	assert.Equal(t, title, text(t, ctx, `#lesson-title`), "the run stays in English")
	how.Store("")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#course-retry`)))
	poll(t, ctx, `document.getElementById("nav-help").textContent === "Tastaturhilfe" && document.getElementById("course-failed").hidden`)
	assert.NotEqual(t, title, text(t, ctx, `#lesson-title`), "the run is told in German")
	assert.False(t, strings.Contains(eval[string](t, ctx, visibleText), "could not be loaded"))
}

// TestBuiltSiteNamesTheGermanWords: smtpsim site gives the page's German words a hashed
// name, as every file, and the loader it writes asks for that name.
func TestBuiltSiteNamesTheGermanWords(t *testing.T) {
	dist := filepath.Join(t.TempDir(), "dist")
	build := exec.Command("go", "run", "./cmd/smtpsim", "site", "-q", "--brotli", "0", "--in", siteDir, "--out", dist)
	build.Dir = filepath.Join("..", "..")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	loaders, err := filepath.Glob(filepath.Join(dist, "loader.*.js"))
	require.NoError(t, err)
	require.Len(t, loaders, 1)
	loader, err := os.ReadFile(loaders[0])
	require.NoError(t, err)
	named := regexp.MustCompile(`"(course/phrases\.de\.[0-9a-f]{12}\.txt)"`).FindSubmatch(loader)
	require.NotNil(t, named, "the loader names the German words by their hashed name")
	built, err := os.ReadFile(filepath.Join(dist, filepath.FromSlash(string(named[1]))))
	require.NoError(t, err)
	german, err := os.ReadFile(filepath.Join(siteDir, lessons.SiteDir, view.PhrasesFile("de")))
	require.NoError(t, err)
	assert.Equal(t, german, built)
}
