//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/wasm/view"
)

// TestWordsThatComeLate: a link that switches an English page to German before the
// German words have come (here the teacher's guide in German) leaves no English words
// behind once they are there: the start page, the lesson's hidden panels and the
// keyboard help speak German.
func TestWordsThatComeLate(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li a`)))
	require.Equal(t, "en", eval[string](t, ctx, `document.documentElement.lang`))
	eval[bool](t, ctx, `location.hash = "#teachers&lang=de", true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#teachers-guide h2`)))
	poll(t, ctx, `document.getElementById("nav-teachers").textContent === `+jsString(view.T("de", "nav.teachers")))

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-lessons`), chromedp.WaitVisible(`#lesson-list li a`)))
	assert.Equal(t, view.T("de", "start.heading"), text(t, ctx, `#start-heading`))
	assert.Equal(t, view.T("de", "ctl.forward"), eval[string](t, ctx, `document.getElementById("ctl-forward").textContent`), "a hidden panel's word")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-help`), chromedp.WaitVisible(`#help`)))
	assert.Equal(t, view.T("de", "help.heading"), text(t, ctx, `#help-h`))
}

// TestExplanationHintPerRun: the explanation pane of another lesson starts again with
// its hint, not with the last lesson's explanation.
func TestExplanationHintPerRun(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=journey&lang=en&step=3")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ladder g[data-arrow].ok text.msg`), chromedp.WaitVisible(`#explain h4`)))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("explain-none").hidden`))
	open(t, ctx, url, "lesson=hello&lang=en&step=3")
	showTool(t, ctx, "explain")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#explain-none`)))
	assert.Equal(t, view.T("en", "explain.none"), text(t, ctx, `#explain-none`))
	assert.Empty(t, eval[string](t, ctx, `document.getElementById("explain").textContent`), "the last lesson's explanation is gone")
}
