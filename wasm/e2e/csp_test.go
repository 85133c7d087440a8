//go:build interop

package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordViolations is installed before the page's own scripts: it keeps every
// securitypolicyviolation the page reports, which the console also shows as an error.
const recordViolations = `window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});`

// problems collects console errors, uncaught exceptions and error log entries (a CSP
// report, a failed request such as a missing favicon) for the life of ctx.
type problems struct {
	mu   sync.Mutex
	list []string
}

func (p *problems) add(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, s)
}

func (p *problems) all() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

func watchProblems(ctx contextT) *problems {
	p := &problems{}
	go func() {
		for ev, err := range chromedp.Events(ctx, runtime.ConsoleAPICalled) {
			if err != nil {
				return
			}
			if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
				continue
			}
			var args []string
			for _, a := range ev.Args {
				args = append(args, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			p.add("console." + string(ev.Type) + ": " + strings.Join(args, " "))
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(ctx, runtime.ExceptionThrown) {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			p.add("exception: " + msg)
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(ctx, cdplog.EntryAdded) {
			if err != nil {
				return
			}
			if e := ev.Entry; e != nil && e.Level == cdplog.EntryLevelError {
				p.add(fmt.Sprintf("log (%s): %s %s", e.Source, e.Text, e.URL))
			}
		}
	}()
	return p
}

// Under the Content-Security-Policy that smtpsim serve sends, a lesson walked with its
// steps, a fault and the timeline markers gives no violation and no console error, and
// the markers stand where their steps are, not all at the left end.
func TestNoCSPViolationsOrConsoleErrors(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolations})
	require.NoError(t, err)

	open(t, ctx, url, "lesson=first-mail&lang=en")
	served, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("index.html").then(r => r.headers.get("Content-Security-Policy"))`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	require.Equal(t, csp, served, "the page is served with the policy of smtpsim serve")
	stepUntil(t, ctx, transcript+`.includes("S: 250")`)
	showTool(t, ctx, "faults")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(`#fault-input`, "unknown-user:bob@example.net"),
		chromedp.Click(`#fault-add`),
		chromedp.WaitVisible(`#fault-list code`),
		chromedp.KeyEvent(kb.End),
	))
	assert.Contains(t, eval[string](t, ctx, transcript), "S: 550 5.1.1 <bob@example.net>")
	// Back to the start and forward again, as a learner scrubs the timeline.
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Home), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.End)))

	lefts := eval[[]float64](t, ctx, `[...document.querySelectorAll("#markers rect")].map(s => s.getBoundingClientRect().left - document.getElementById("markers").getBoundingClientRect().left)`)
	t.Logf("marker positions (px from the timeline's left end): %v", lefts)
	require.GreaterOrEqual(t, len(lefts), 2, "the timeline shows markers for the fault run")
	distinct := map[float64]bool{}
	for _, l := range lefts {
		distinct[l] = true
	}
	assert.Greater(t, len(distinct), 1, "the markers stand at distinct positions, not all at one place: %v", lefts)
	assert.Greater(t, lefts[len(lefts)-1], 0.0, "the last marker is not at the left end: %v", lefts)

	assert.Empty(t, eval[[]string](t, ctx, `window.__cspViolations`), "securitypolicyviolation events")
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}
