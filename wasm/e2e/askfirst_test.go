//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/wasm/view"
)

// TestOpenQuestionAsksFirst: → and ⏭ at an open question move nothing, and the question
// says, in the page's language, that the run goes on once it is answered; the answer
// takes the note away, and → moves on again.
func TestOpenQuestionAsksFirst(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		t.Run(lang, func(t *testing.T) {
			ctx, url := browser(t)
			open(t, ctx, url, "lesson=journey&lang="+lang)
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-end`), chromedp.WaitVisible(`#question button.choice`)))
			assert.Zero(t, eval[int](t, ctx, `document.querySelectorAll("#question .ask-first").length`), "no note before a move was asked for")
			at := eval[string](t, ctx, `location.hash`)

			require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight), chromedp.WaitVisible(`#question .ask-first`)))
			assert.Equal(t, view.T(lang, "question.first"), text(t, ctx, `#question .ask-first`))
			assert.Equal(t, "status", eval[string](t, ctx, `document.querySelector("#question .ask-first").getAttribute("role")`))
			assert.Equal(t, at, eval[string](t, ctx, `location.hash`), "the run stays at the question")

			require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-forward`), chromedp.Click(`#ctl-end`)))
			assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll("#question .ask-first").length`), "one note, however often asked")
			assert.Equal(t, at, eval[string](t, ctx, `location.hash`))

			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(`#question button[data-option="b"]`),
				chromedp.WaitVisible(`#question .verdict`),
			))
			assert.Zero(t, eval[int](t, ctx, `document.querySelectorAll("#question .ask-first").length`), "the answer takes the note away")
			require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.hash !== `+jsString(at)))
			require.NoError(t, err, "→ moves on once the question is answered")
		})
	}
}

// TestExplanationSaysHowToAsk: until a line of the diagram is explained, the
// explanation panel says how to get one, in the page's language; an explanation takes
// its place.
func TestExplanationSaysHowToAsk(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=journey&lang=de&step=3")
	showTool(t, ctx, "explain")
	assert.Equal(t, view.T("de", "explain.none"), text(t, ctx, `#explain-none`))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-tools`), chromedp.WaitNotVisible(`#tools`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ladder g[data-arrow].ok text.msg`), chromedp.WaitVisible(`#explain h4`)))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("explain-none").hidden`), "an explanation hides the hint")
}
