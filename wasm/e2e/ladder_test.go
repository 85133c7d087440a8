//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLadderKeepsTheGreeting: at the end of a long lesson the diagram still has its
// first row, the 220 greeting, and the current row (the last drawn one when the last
// event is not a row) is scrolled into the diagram's view.
func TestLadderKeepsTheGreeting(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#lesson=trouble-that-stays&step=1155&lang=en&demo=1"),
		chromedp.WaitVisible(`#ladder g[data-arrow]`),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const s = document.getElementById("scrubber");
		return s.value === s.max;
	})()`))
	require.NoError(t, err, "at the last step")
	greeting := eval[bool](t, ctx, `[...document.querySelectorAll("#ladder g[data-arrow] text.msg")].some(e => /^✓ 220 /.test(e.textContent))`)
	assert.True(t, greeting, "the 220 greeting row is in the diagram")

	// scrollViews runs at the next animation frame.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const rows = document.querySelectorAll("#ladder g[data-arrow]");
		const row = document.querySelector("#ladder g.current") || rows[rows.length - 1];
		const r = row.getBoundingClientRect(), w = document.getElementById("ladder-wrap").getBoundingClientRect();
		return document.getElementById("ladder-wrap").scrollTop > 0 && r.top >= w.top && r.bottom <= w.bottom;
	})()`))
	assert.NoError(t, err, "the current row is within the diagram's scrolled view")
}
