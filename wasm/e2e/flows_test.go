//go:build interop

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// open loads the page at a fragment and waits for the lesson view.
func open(t *testing.T, ctx contextT, url, frag string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#"+frag),
		chromedp.WaitVisible(`#lesson-title`),
	))
}

// stepUntil presses → until cond (a JS expression) holds, answering any checkpoint on
// the way with its first option.
func stepUntil(t *testing.T, ctx contextT, cond string) {
	t.Helper()
	for range 300 {
		if eval[bool](t, ctx, cond) {
			return
		}
		if eval[bool](t, ctx, `!document.getElementById("question").hidden && !!document.querySelector("#question button.choice:not([disabled])")`) {
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#question button.choice:not([disabled])`)))
			continue
		}
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	}
	t.Fatalf("never reached %s", cond)
}

func screenshot(t *testing.T, ctx contextT, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	dir := filepath.Join("..", "..", "build", "screenshots")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644))
}

const transcript = `document.getElementById("transcript").textContent`

func TestLessonThreeTo354AndBack(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=one-message&lang=en")
	stepUntil(t, ctx, transcript+`.includes("S: 354 End data")`)
	ladder := eval[string](t, ctx, `document.getElementById("ladder").textContent`)
	assert.Contains(t, ladder, "… 354 End data with <CR><LF>.<CR><LF>", "the 354 is drawn with its icon")
	assert.Contains(t, ladder, "RCPT TO:<bob@example.net>")
	assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll("#ladder g.arrow.current").length`))
	screenshot(t, ctx, "lesson-354")
	last := eval[string](t, ctx, transcript+`.trim().split("\n").pop()`)
	assert.Contains(t, last, "S: 354")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowLeft)))
	back := eval[string](t, ctx, transcript+`.trim().split("\n").pop()`)
	assert.NotEqual(t, last, back, "one step back")
}

func TestFaultBounceReachesSender(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=first-mail&lang=en")
	showTool(t, ctx, "faults")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(`#fault-input`, "unknown-user:bob@example.net"),
		chromedp.Click(`#fault-add`),
		chromedp.WaitVisible(`#fault-list code`),
	))
	assert.True(t, strings.HasPrefix(eval[string](t, ctx, `document.querySelector("#fault-list code").textContent`), "unknown-user:bob@example.net"))
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "fault=unknown-user")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	out := eval[string](t, ctx, transcript)
	assert.Contains(t, out, "S: 550 5.1.1 <bob@example.net>")
	assert.Contains(t, out, `m1 to bob@example.net failed for good: mx.example.net replied "550 5.1.1 <bob@example.net>`)
	// Alice's server holds the bounce in her mailbox: inspect it.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#topology g[data-node="mail.example.org"]`)))
	showTool(t, ctx, "inspect")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#inspect details`)))
	mail := eval[string](t, ctx, `document.getElementById("inspect").textContent`)
	assert.Contains(t, mail, "alice@example.org")
	assert.Contains(t, mail, "multipart/report")
	assert.Contains(t, mail, "report-type=delivery-status")
	assert.Contains(t, mail, "MAIL FROM:<>")
	screenshot(t, ctx, "fault-bounce")
}

func TestModelSwitchAndGerman(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=relay-chain&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("ladder").textContent`), "relay.example.org")
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#model`, "end-to-end")))
	eval[bool](t, ctx, `document.getElementById("model").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.hash.includes("model=end-to-end")`))
	require.NoError(t, err)
	assert.NotContains(t, eval[string](t, ctx, `document.getElementById("ladder").textContent`), "relay.example.org")
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("faults-h").textContent === "Fehler"`))
	require.NoError(t, err)
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "lang=de")
}

func TestDeepLinkReload(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=first-mail&step=20&fault=greylist:mx.example.net&lang=de")
	check := func() {
		assert.Equal(t, "20", eval[string](t, ctx, `document.getElementById("scrubber").value`))
		assert.Contains(t, eval[string](t, ctx, `document.getElementById("fault-list").textContent`), "greylist:mx.example.net")
		assert.Equal(t, "de", eval[string](t, ctx, `document.documentElement.lang`))
	}
	check()
	require.NoError(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(`#lesson-title`)))
	check()
	// A malformed link still opens a page and says what was wrong.
	open(t, ctx, url, "lesson=nope&step=abc")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#problems`)))
	problems := eval[string](t, ctx, `document.getElementById("problems").textContent`)
	assert.Contains(t, problems, `step "abc" is not a number`)
	assert.Contains(t, problems, `there is no lesson "nope"`)
}

func TestPOP3WrongThenRightPassword(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=first-mail&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	showTool(t, ctx, "retrieve")
	login := func(password string) string {
		require.NoError(t, chromedp.Do(ctx,
			chromedp.SetValue(`#fetch-user`, "bob@example.net"),
			chromedp.SetValue(`#fetch-proto`, "pop3"),
			chromedp.SetValue(`#fetch-pass`, password),
			chromedp.Click(`#fetch-go`),
			chromedp.KeyEvent(kb.End),
		))
		return eval[string](t, ctx, transcript)
	}
	out := login("guess")
	assert.Contains(t, out, "C: PASS guess")
	assert.Contains(t, out, "S: -ERR [AUTH] invalid user name or password")
	out = login("secret")
	assert.Contains(t, out, "C: PASS secret")
	assert.Contains(t, out, "S: +OK maildrop has")
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("ladder").textContent`), "RETR 1")
}

// TestXSSProbe loads a scenario whose subject is markup: it must be shown, never run.
func TestXSSProbe(t *testing.T) {
	ctx, url := browser(t)
	src, err := os.ReadFile(filepath.Join("..", "..", "lessons", "scenarios", "first-mail.yaml"))
	require.NoError(t, err)
	evil := strings.Replace(string(src), "subject: Lunch on Friday?", `subject: "<img src=x onerror=alert(1)>"`, 1)
	require.NotEqual(t, string(src), evil)
	file := filepath.Join(t.TempDir(), "evil.yaml")
	require.NoError(t, os.WriteFile(file, []byte(evil), 0o644))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html"),
		chromedp.WaitVisible(`#own-files`),
		chromedp.SetUploadFiles(`#own-files`, []string{file}),
		chromedp.WaitVisible(`#lesson-title`),
		chromedp.KeyEvent(kb.End),
		chromedp.Click(`#topology g[data-node="mx.example.net"]`),
	))
	// A machine opens its fault menu; its inspector is the next tab.
	showTool(t, ctx, "inspect")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#inspect details`)))
	assert.Contains(t, eval[string](t, ctx, transcript), `writes "<img src=x onerror=alert(1)>"`)
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("inspect").textContent`), "Subject: <img src=x onerror=alert(1)>")
	assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("img").length`), "no image element was created")
}

func TestComposerInSandbox(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=first-mail&lang=en")
	showTool(t, ctx, "compose")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#compose-panel`),
		chromedp.SetValue(`#c-from`, "alice@example.org"),
		chromedp.SendKeys(`#c-to`, "bob@"),
		chromedp.Click(`#c-send`),
		chromedp.WaitVisible(`#compose-error`),
	))
	assert.Contains(t, text(t, ctx, `#compose-error`), `To: "bob@": missing domain`)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(`#c-to`, "bob@example.net"),
		chromedp.SendKeys(`#c-bcc`, "alice@example.org"),
		chromedp.SendKeys(`#c-subject`, "From the page"),
		chromedp.Click(`#c-send`),
		chromedp.KeyEvent(kb.End),
	))
	out := eval[string](t, ctx, transcript)
	assert.Contains(t, out, `m2: alice@example.org writes "From the page" to bob@example.net, alice@example.org`)
	assert.Equal(t, true, eval[bool](t, ctx, `document.getElementById("compose-error").hidden`))
}

func TestDropScenarioFile(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li`)))
	src, err := os.ReadFile(filepath.Join("..", "..", "lessons", "scenarios", "greylisting.yaml"))
	require.NoError(t, err)
	js := `(() => { const dt = new DataTransfer(); dt.items.add(new File([` + "`" + string(src) + "`" + `], "grey.yaml"));
		document.body.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true})); return true })()`
	eval[bool](t, ctx, js)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-title`)))
	assert.Equal(t, "Greylisting makes the sender come back later", text(t, ctx, `#lesson-title`))
}

func TestDNSInspector(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=dns-routes&lang=en&fault=null-mx:example.net")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.KeyEvent(kb.End),
		chromedp.Click(`#topology g[data-node="dns"]`),
	))
	// A machine opens its fault menu; its inspector is the next tab.
	showTool(t, ctx, "inspect")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#inspect pre`)))
	zone := text(t, ctx, `#inspect pre`)
	assert.Contains(t, zone, "example.edu. MX 0 .")
}

// captureDownloads saves the page's downloads into a temporary folder under the names
// the page gave them; each path comes on the channel once its file is complete.
func captureDownloads(t *testing.T, ctx contextT) <-chan string {
	t.Helper()
	dir := t.TempDir()
	events := true
	_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events})
	require.NoError(t, err)
	done := make(chan string, 8)
	var mu sync.Mutex
	names := map[string]string{} // GUID → the name the page gave the file
	go func() {
		for ev, err := range chromedp.BrowserEvents(ctx, cdpbrowser.DownloadWillBegin) {
			if err != nil {
				return
			}
			mu.Lock()
			names[ev.GUID] = ev.SuggestedFilename
			mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range chromedp.BrowserEvents(ctx, cdpbrowser.DownloadProgress) {
			if err != nil {
				return
			}
			if ev.State == cdpbrowser.DownloadProgressStateCompleted {
				mu.Lock()
				name := names[ev.GUID]
				mu.Unlock()
				path := filepath.Join(dir, ev.GUID)
				if name != "" && os.Rename(path, filepath.Join(dir, filepath.Base(name))) == nil {
					path = filepath.Join(dir, filepath.Base(name))
				}
				done <- path
			}
		}
	}()
	return done
}

// downloaded waits for the next download to complete and returns its path.
func downloaded(t *testing.T, ctx contextT, done <-chan string) string {
	t.Helper()
	select {
	case path := <-done:
		return path
	case <-ctx.Done():
		t.Fatal("no download finished")
		return ""
	}
}

// TestDownloadCapture downloads the packet capture from the page and checks it is one.
func TestDownloadCapture(t *testing.T) {
	ctx, url := browser(t)
	done := captureDownloads(t, ctx)
	open(t, ctx, url, "lesson=first-mail&lang=en")
	showTool(t, ctx, "transcript")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`button.download[data-format="pcap"]`)))
	path := downloaded(t, ctx, done)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Greater(t, len(data), 24)
	assert.Equal(t, []byte{0xd4, 0xc3, 0xb2, 0xa1}, data[:4], "a libpcap file")
}

// TestInspectorAtTheFilingStepInGerman: in the pickup world, Bob's client deletes his
// message over POP3 later; at the step where it is filed, the inspector shows it in
// full, and the German page tells the delivery in German.
func TestInspectorAtTheFilingStepInGerman(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=pickup&lang=de")
	stepUntil(t, ctx, `document.getElementById("transcript").textContent.includes("ins Postfach von bob@example.net abgelegt")`)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="mx.example.net"]`),
	))
	// A machine opens its fault menu; its inspector is the next tab.
	showTool(t, ctx, "inspect")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#inspect details`)))
	mail := eval[string](t, ctx, `document.getElementById("inspect").textContent`)
	assert.Contains(t, mail, "Return-Path: <alice@example.org>")
	assert.Contains(t, mail, "Subject: Team dinner")
	assert.Contains(t, mail, "MAIL FROM:<alice@example.org>  RCPT TO:<bob@example.net>")
	assert.NotContains(t, eval[string](t, ctx, transcript), "filed into", "no English event text on the German page")
}

// TestTimeoutIsNoReply: a server that is down never answers, so the page shows the
// failed connection and the status 4.4.1, and no reply code anywhere.
func TestTimeoutIsNoReply(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=retries&lang=en")
	stepUntil(t, ctx, `document.getElementById("transcript").textContent.includes("4.4.1")`)
	out := eval[string](t, ctx, transcript)
	assert.Contains(t, out, "no server replied")
	assert.NotContains(t, out, "451")
	assert.NotContains(t, out, "421 4.4.2")
	ladder := eval[string](t, ctx, `document.getElementById("ladder").textContent`)
	assert.NotContains(t, ladder, "451")
}
