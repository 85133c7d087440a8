//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func text(t *testing.T, ctx contextT, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	require.NoError(t, err, sel)
	return s
}

func eval[T any](t *testing.T, ctx contextT, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	require.NoError(t, err, js)
	return v
}

func TestStartPageListsLessons(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html"),
		chromedp.WaitVisible(`#lesson-list li`),
	))
	assert.Contains(t, text(t, ctx, `#lesson-list li h3`), "1.")
	assert.Equal(t, "en", eval[string](t, ctx, `document.documentElement.lang`))
	// Switch to German: the page speaks German and remembers it.
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("start-heading").textContent === "Wähle eine Lektion"`))
	require.NoError(t, err)
	assert.Contains(t, text(t, ctx, `#lesson-list li h3`), "Die Reise einer E-Mail")
	assert.Equal(t, "de", eval[string](t, ctx, `localStorage.getItem("smtpsim.lang")`))
}

func TestStepThroughLessonWithCheckpoint(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#lesson=journey&lang=en"),
		chromedp.WaitVisible(`#narration p`),
	))
	assert.Contains(t, text(t, ctx, `#narration`), "mail user agent")
	// Step forward with the keyboard until the checkpoint stops us.
	for range 40 {
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#question button.choice`)))
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "step=")
	// Answer wrongly: the page says so and reveals the DNS query.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#question button[data-option="a"]`),
		chromedp.WaitVisible(`#question .verdict`),
	))
	assert.Contains(t, text(t, ctx, `#question .verdict`), "the answer is b")
	assert.Equal(t, "a)", text(t, ctx, `#question button[data-option="a"] .letter`), "options carry their letters")
	assert.Contains(t, text(t, ctx, `#question button.wrong .mark`), "your answer", "marked in words, not colour alone")
	assert.Contains(t, text(t, ctx, `#question button.right .mark`), "right answer")
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("ladder").textContent`), "? example.net MX")
}

// End and a deep link stop at the lesson's first question; demo=1 lets a teacher past.
func TestEndAndDeepLinkStopAtTheFirstQuestion(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#lesson=journey&lang=en"),
		chromedp.WaitVisible(`#narration p`),
		chromedp.KeyEvent(kb.End),
		chromedp.WaitVisible(`#question button.choice`),
	))
	stop := eval[string](t, ctx, `document.getElementById("scrubber").value`)
	assert.NotContains(t, eval[string](t, ctx, `document.getElementById("ladder").textContent`), "? example.net MX", "the asked-about event stays hidden")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#lesson=journey&step=40&lang=de"),
		chromedp.WaitVisible(`#question button.choice`),
	))
	assert.Equal(t, stop, eval[string](t, ctx, `document.getElementById("scrubber").value`))
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "step="+stop)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#lesson=journey&step=40&lang=en&demo=1"),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("scrubber").value === "40"`))
	require.NoError(t, err, "a demonstration goes where the link says")

	// At the end of a lesson: complete, its goals, the questions answered right.
	open(t, ctx, url, "lesson=journey&lang=en")
	stepUntil(t, ctx, `!!document.getElementById("lesson-summary")`)
	assert.Contains(t, text(t, ctx, `#lesson-summary`), "Lesson complete")
	assert.Contains(t, text(t, ctx, `#lesson-summary .score`), "answered right the first time")
}

// "Try it yourself" applies the lesson's fault from the start and says so.
func TestTryItButton(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=trouble-that-passes&lang=en&demo=1")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.KeyEvent(kb.End),
		chromedp.Click(`#try-button`),
		chromedp.WaitVisible(`#try .try-applied`),
	))
	showTool(t, ctx, "faults")
	assert.Contains(t, text(t, ctx, `#fault-list`), "acts from the start of the run")
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "fault=")
}
