//go:build interop

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// typeLine types a line and Enter into input, then waits until the log shows that
// n lines have been typed in all (its data-count), i.e. the run was replayed with it.
func typeLine(t *testing.T, ctx contextT, input, log, line string, n int) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.SendKeys(input, line+kb.Enter)), line)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q).dataset.count === "%d"`, log, n)))
	require.NoError(t, err, "the page took %q", line)
}

// openConsole opens the sandbox world of one message from Alice to Bob with the
// console in view.
func openConsole(t *testing.T, ctx contextT, url string) {
	t.Helper()
	open(t, ctx, url, "lesson=first-mail&lang=en")
	showTool(t, ctx, "console")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#console-panel`),
		chromedp.ScrollIntoView(`#console-panel`),
		chromedp.WaitVisible(`#console-input`),
	))
}

const consoleLog = `document.getElementById("console-log").textContent`

func TestConsoleTransactionToMX(t *testing.T) {
	ctx, url := browser(t)
	openConsole(t, ctx, url)
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#console-target`, "mx.example.net:25")))
	lines := []string{"EHLO my-laptop.example", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>", "DATA",
		"Subject: typed in the browser", "", "Hello Bob, from the console.", ".", "QUIT"}
	for i, l := range lines {
		typeLine(t, ctx, `#console-input`, `#console-log`, l, i+1)
		if l == "DATA" {
			assert.Contains(t, text(t, ctx, `#console-hint`), "A line with only a dot ends it")
		}
	}
	log := eval[string](t, ctx, consoleLog)
	assert.Contains(t, log, "S: ✓ 220 mx.example.net ESMTP smtpsim")
	assert.Contains(t, log, "C: RCPT TO:<bob@example.net>")
	assert.Contains(t, log, "S: … 354 End data with <CR><LF>.<CR><LF>")
	assert.Contains(t, log, "C: Subject: typed in the browser")
	assert.Contains(t, log, "S: ✓ 250 2.0.0 Ok: queued as")
	assert.Contains(t, log, "S: ✓ 221 2.0.0 Bye")
	out := eval[string](t, ctx, transcript)
	assert.Contains(t, out, "you → mx.example.net  C: MAIL FROM:<alice@example.org>")
	assert.Contains(t, out, "mx.example.net  c1 delivered: filed into the mailbox of bob@example.net")
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("ladder").textContent`), "DATA")
	// The inspector shows the typed message in Bob's mailbox.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="mx.example.net"]`),
	))
	// A machine opens its fault menu; its inspector is the next tab.
	showTool(t, ctx, "inspect")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#inspect details`)))
	inspect := eval[string](t, ctx, `document.getElementById("inspect").textContent`)
	assert.Contains(t, inspect, "c1 → bob@example.net")
	assert.Contains(t, inspect, "Subject: typed in the browser")
	assert.Contains(t, inspect, "Hello Bob, from the console.")
	screenshot(t, ctx, "console-transaction")
}

func TestConsoleWrongSequenceHintHistoryAndShowMe(t *testing.T) {
	ctx, url := browser(t)
	openConsole(t, ctx, url)
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#console-target`, "mx.example.net:25")))
	typeLine(t, ctx, `#console-input`, `#console-log`, "EHLO x.example", 1)
	typeLine(t, ctx, `#console-input`, `#console-log`, "RCPT TO:<bob@example.net>", 2)
	hint := text(t, ctx, `#console-hint`)
	assert.Contains(t, hint, "503 5.5.1")
	assert.Contains(t, hint, "MAIL FROM")
	assert.Equal(t, "fail", eval[string](t, ctx, `document.querySelector("#console-log div:last-child").className.split(" ").pop()`))
	assert.Contains(t, eval[string](t, ctx, consoleLog), "S: ✗ 503 5.5.1 Error: need MAIL command")
	// ↑ brings back the last line typed.
	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(`#console-input`), chromedp.KeyEvent(kb.ArrowUp)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("console-input").value === "RCPT TO:<bob@example.net>"`))
	require.NoError(t, err)
	// "Show me" puts the right command in the line.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#console-show`)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("console-input").value === "MAIL FROM:<alice@example.org>"`))
	require.NoError(t, err)
	// The AUTH PLAIN helper explains the string it makes.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#console-auth-s`),
		chromedp.SendKeys(`#console-auth-user`, "alice@example.org"),
		chromedp.SendKeys(`#console-auth-pass`, "secret"),
		chromedp.Click(`#console-auth-go`),
		chromedp.WaitVisible(`#console-auth-use`),
	))
	assert.Equal(t, "AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==", text(t, ctx, `#console-auth-cmd`))
	assert.Contains(t, text(t, ctx, `#console-auth-explain`), `\0alice@example.org\0secret`)
	screenshot(t, ctx, "console-503")
}

func TestBeTheServerTemporaryFailure(t *testing.T) {
	ctx, url := browser(t)
	openConsole(t, ctx, url)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#console-mode-server`),
		chromedp.WaitVisible(`#console-server-host`),
		chromedp.SetValue(`#console-server-host`, "mx.example.net"),
		chromedp.Click(`#console-server-take`),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("console-server-hint").textContent.includes("the greeting (mail.example.org has connected)")`))
	require.NoError(t, err)
	// Until the learner answers, the log shows what silence would do.
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("console-server-log").textContent`), "no reply from mx.example.net for 5m")
	replies := []string{"220 mx.example.net ESMTP", "250 mx.example.net", "250 2.1.0 Ok", "451 4.3.0 Try again later", "221 2.0.0 Bye"}
	for i, r := range replies {
		typeLine(t, ctx, `#console-reply`, `#console-server-log`, r, i+1)
	}
	log := eval[string](t, ctx, `document.getElementById("console-server-log").textContent`)
	assert.Contains(t, log, "C: RCPT TO:<bob@example.net>")
	assert.Contains(t, log, "S: ↻ 451 4.3.0 Try again later")
	assert.Regexp(t, `m1 to bob@example.net stays in the queue, next attempt [0-9:.]+: mx.example.net replied "451 4.3.0 Try again later"`, log)
	assert.Contains(t, text(t, ctx, `#console-server-hint`), "the greeting", "the client comes back for its next attempt")
	out := eval[string](t, ctx, transcript)
	assert.Contains(t, out, "mail.example.org ← mx.example.net  S: 451 4.3.0 Try again later")
	assert.Regexp(t, `m1 to bob@example.net stays in the queue, next attempt [0-9:.]+: mx.example.net replied "451 4.3.0 Try again later"`, out)
	screenshot(t, ctx, "console-be-the-server")
	// With no more replies, the retries time out; at the end the message expires.
	eval[bool](t, ctx, `document.activeElement.blur(), true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	out = eval[string](t, ctx, transcript)
	assert.True(t, strings.Contains(out, "no reply from mx.example.net for 5m") && strings.Contains(out, "m1 to bob@example.net given up after"), "silence: timeouts, then a bounce")
}
