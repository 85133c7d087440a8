//go:build interop

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	cdpdom "github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageSnapshot is what a learner sees of a session: where the run is, the link, the
// transcript, the question, the faults, the console, the inspector.
const pageSnapshot = `(() => {
	const t = id => { const el = document.getElementById(id); return el ? el.textContent : "" };
	return {hash: location.hash, step: document.getElementById("scrubber").value, title: t("lesson-title"),
		transcript: t("transcript"), question: t("question"), faults: t("fault-list"), console: t("console-log"),
		inspect: t("inspect"), lang: document.documentElement.lang, target: document.getElementById("console-target").value};
})()`

// snapshot reads pageSnapshot with the console's tab open and then the inspector's,
// as a learner looks at them (the page draws a tool while it is on show).
func snapshot(t *testing.T, ctx contextT) map[string]string {
	t.Helper()
	showTool(t, ctx, "console")
	showTool(t, ctx, "inspect")
	return eval[map[string]string](t, ctx, pageSnapshot)
}

// reload opens the page afresh (a new program, nothing kept) at a fragment.
func reload(t *testing.T, ctx contextT, url, frag string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url+"/index.html#"+frag)))
}

// TestSessionRestores: answer a question, add a fault, type at the console, pick up
// mail, look into a machine; save the session; a fresh page opens the file and all
// of it is back. An own scenario's session comes back too, and its link alone opens
// nothing else: it asks for the file. A damaged file dropped on the page changes nothing.
func TestSessionRestores(t *testing.T) {
	ctx, url := browser(t)
	done := captureDownloads(t, ctx)
	open(t, ctx, url, "lesson=journey&lang=en")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.KeyEvent(kb.End),
		chromedp.WaitVisible(`#question button.choice`),
		chromedp.Click(`#question button[data-option="a"]`),
		chromedp.WaitVisible(`#question .verdict`),
	))
	asked := eval[string](t, ctx, `document.getElementById("scrubber").value`)
	showTool(t, ctx, "faults")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(`#fault-input`, "greylist:mx.example.net"),
		chromedp.Click(`#fault-add`),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("fault-list").textContent.includes("greylist:mx.example.net")`))
	require.NoError(t, err)
	showTool(t, ctx, "console")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.ScrollIntoView(`#console-panel`),
		chromedp.SetValue(`#console-target`, "mx.example.net:25"),
	))
	typeLine(t, ctx, `#console-input`, `#console-log`, "EHLO my-laptop.example", 1)
	typeLine(t, ctx, `#console-input`, `#console-log`, "MAIL FROM:<alice@example.org>", 2)
	hash := eval[string](t, ctx, `location.hash`)
	showTool(t, ctx, "retrieve")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(`#fetch-user`, "bob@example.net"),
		chromedp.SetValue(`#fetch-proto`, "imap"),
		chromedp.SetValue(`#fetch-pass`, "secret"),
		chromedp.Click(`#fetch-go`),
	))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`location.hash !== `+strconv.Quote(hash)))
	require.NoError(t, err, "the retrieval moved the view")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="mx.example.net"]`),
	))
	// A machine opens its fault menu; its inspector is the next tab.
	showTool(t, ctx, "inspect")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#inspect h4`)))
	before := snapshot(t, ctx)
	assert.Contains(t, before["hash"], "answer=who-first%3Aa", "the link carries the answer")
	assert.Contains(t, before["console"], "C: MAIL FROM:<alice@example.org>")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#session-save`)))
	saved := downloaded(t, ctx, done)
	data, err := os.ReadFile(saved)
	require.NoError(t, err)
	assert.Regexp(t, `/smtpsim-session-journey-step\d+\.json$`, saved)
	assert.Contains(t, string(data), `"kind": "smtpsim-session"`)
	assert.Contains(t, string(data), `"protocol": "imap"`)

	reload(t, ctx, url, "")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#lesson-list li`),
		chromedp.SetUploadFiles(`#own-files`, []string{saved}), // the start page takes a session too
	))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#lesson-title`),
	))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("scrubber").value === `+strconv.Quote(before["step"])))
	require.NoError(t, err)
	assert.Equal(t, 1, eval[map[string]int](t, ctx, courseFetchedCounts)[sitePath(t, "lesson/journey.json")], "the fresh page fetched the session's lesson, once")
	after := snapshot(t, ctx)
	assert.Equal(t, before, after, "the whole session is back")
	screenshot(t, ctx, "session-restored")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("problems").hidden`))

	// A damaged file dropped on the page: it says what is wrong and changes nothing.
	drop := `(() => { const dt = new DataTransfer(); dt.items.add(new File(['{"kind": "smtpsim-session", "version": 1, "step": "x"}'], "broken.json"));
		document.body.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true})); return true })()`
	eval[bool](t, ctx, drop)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#problems`)))
	assert.Equal(t, `About this session file: broken.json is not a session file: "step" holds a string, which does not belong there`, text(t, ctx, `#problems`))
	assert.Equal(t, after, snapshot(t, ctx), "nothing lost")

	// Back at the question: the answer given is marked, and cannot be changed.
	eval[bool](t, ctx, `(() => { const s = document.getElementById("scrubber"); s.value = `+asked+`; s.dispatchEvent(new Event("input")); return true })()`)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#question .verdict`)))
	assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll("#question button.wrong[disabled]").length`), "the answer is marked")
	assert.Contains(t, text(t, ctx, `#question .verdict`), "the answer is b")
}

// ownScenario writes a copy of a built-in scenario as a file of the learner's own.
func ownScenario(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "lessons", "scenarios", "first-mail.yaml"))
	require.NoError(t, err)
	own := filepath.Join(t.TempDir(), "my-world.yaml")
	require.NoError(t, os.WriteFile(own, src, 0o644))
	return own
}

// TestSessionOwnScenario: a session of an own scenario (with a composed message) comes
// back from its file, opened from the notice a link to the file shows: a link that
// names a file of one's own but does not carry it (an own lesson, a large scenario)
// opens nothing in its place, in English and German.
func TestSessionOwnScenario(t *testing.T) {
	ctx, url := browser(t)
	done := captureDownloads(t, ctx)
	reload(t, ctx, url, "")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#own-files`),
		chromedp.SetUploadFiles(`#own-files`, []string{ownScenario(t)}),
		chromedp.WaitVisible(`#lesson-title`),
		chromedp.KeyEvent(kb.End),
	))
	showTool(t, ctx, "compose")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(`#c-from`, "alice@example.org"),
		chromedp.SendKeys(`#c-to`, "bob@example.net"),
		chromedp.SendKeys(`#c-subject`, "Kept in the session"),
		chromedp.Click(`#c-send`),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](transcript+`.includes("Kept in the session")`))
	require.NoError(t, err)
	before := snapshot(t, ctx)
	assert.Contains(t, before["hash"], "own=my-world.yaml")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#session-save`)))
	saved := downloaded(t, ctx, done)

	link, _, _ := strings.Cut(strings.TrimPrefix(before["hash"], "#"), "&scenario=")
	for _, tt := range []struct{ lang, want string }{
		{"de", "Dieser Link gehört zu einer eigenen Datei: my-world.yaml."},
		{"en", "This link belongs to a file of your own: my-world.yaml."},
	} {
		reload(t, ctx, url, strings.Replace(link, "lang=en", "lang="+tt.lang, 1))
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#own-link`)))
		assert.Contains(t, text(t, ctx, `#own-link-text`), tt.want)
		assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "no lesson opened in its place")
		assert.Empty(t, eval[string](t, ctx, `document.getElementById("lesson-title").textContent`))
		if tt.lang == "de" {
			noEnglish(t, ctx, "the notice of an own file's link", englishWords(t))
		}
		screenshot(t, ctx, "own-link-"+tt.lang)
	}
	// The notice's button opens the file picker; the session file is chosen there.
	chooser := make(chan page.EventFileChooserOpened, 1)
	go func() {
		for ev, err := range chromedp.Events(ctx, page.FileChooserOpened) {
			if err != nil {
				return
			}
			select {
			case chooser <- ev:
			default:
			}
		}
	}()
	_, err = chromedp.Call(ctx, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#own-link-session`)))
	var picker page.EventFileChooserOpened
	select {
	case picker = <-chooser:
	case <-ctx.Done():
		t.Fatal("no file picker opened")
	}
	_, err = chromedp.Call(ctx, cdpdom.SetFileInputFiles, cdpdom.SetFileInputFilesParams{Files: []string{saved}, BackendNodeID: picker.BackendNodeID})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](transcript+`.includes("Kept in the session")`))
	require.NoError(t, err)
	assert.Equal(t, before, snapshot(t, ctx), "the own scenario's session is back")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("own-link").hidden`), "the notice is gone")
}

// TestOwnScenarioLink: a small own scenario travels in its link, which opens it alone
// where it was; a link that only names it asks for the file, and with the file
// picked the link's step is applied.
func TestOwnScenarioLink(t *testing.T) {
	ctx, url := browser(t)
	own := ownScenario(t)
	reload(t, ctx, url, "")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#own-files`),
		chromedp.SetUploadFiles(`#own-files`, []string{own}),
		chromedp.WaitVisible(`#lesson-title`),
	))
	title := text(t, ctx, `#lesson-title`)
	hash := eval[string](t, ctx, `location.hash`)
	require.Contains(t, hash, "&own=my-world.yaml&scenario=")
	reload(t, ctx, url, regexp.MustCompile(`step=-?\d+&?`).ReplaceAllString(strings.TrimPrefix(hash, "#"), "")+"&step=5")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("scrubber").value === "5"`))
	require.NoError(t, err, "the link's step, in the scenario it carries")
	assert.Equal(t, title, text(t, ctx, `#lesson-title`))

	reload(t, ctx, url, "step=3&lang=en&own=my-world.yaml")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#own-link`),
		chromedp.SetUploadFiles(`#own-files`, []string{own}),
		chromedp.WaitVisible(`#lesson-title`),
	))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("scrubber").value === "3"`))
	require.NoError(t, err, "the link's step, on the file picked")
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "own=my-world.yaml")
}
