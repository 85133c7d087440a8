//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLadderKeepsTheGreeting: at the end of a long lesson the diagram still has its
// first row, the 220 greeting, and the current row (the last drawn one when the last
// event is not a row) is scrolled into the diagram's view.
func TestLadderKeepsTheGreeting(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#lesson=trouble-that-stays&step=1100&lang=en&demo=1"),
		chromedp.WaitVisible(`#ladder g[data-arrow]`),
		chromedp.KeyEvent(kb.End),
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
	// Scrolled down, the lane heads stay at the top of the diagram's view.
	heads := eval[[]string](t, ctx, `(() => {
		const strip = document.getElementById("ladder-heads").getBoundingClientRect(), w = document.getElementById("ladder-wrap").getBoundingClientRect();
		if (Math.abs(strip.top - w.top) > 1) return ["the strip is at " + strip.top + ", the view at " + w.top];
		return [...document.querySelectorAll("#ladder-heads .lane-label")].map(e => e.textContent);
	})()`)
	labels := eval[[]string](t, ctx, `[...document.querySelectorAll("#ladder .lane-label")].map(e => e.textContent)`)
	assert.NotEmpty(t, labels)
	assert.Equal(t, labels, heads, "the lane heads in view are the diagram's")
}

// TestLadderNotesNotClipped: in the lessons on retries and bounces, in both languages,
// every text of the diagram — lane labels, protocol lines, the long defer and bounce
// notes — lies inside the diagram's picture, so scrolling reaches all of it.
func TestLadderNotesNotClipped(t *testing.T) {
	for _, c := range []struct{ lesson, lang string }{
		{"trouble-that-passes", "en"}, {"trouble-that-passes", "de"}, {"trouble-that-stays", "en"}, {"trouble-that-stays", "de"},
	} {
		t.Run(c.lesson+"/"+c.lang, func(t *testing.T) {
			ctx, url := browser(t)
			open(t, ctx, url, "lesson="+c.lesson+"&lang="+c.lang+"&demo=1")
			require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End), chromedp.WaitVisible(`#ladder g.note`)))
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("scrubber").value === document.getElementById("scrubber").max`))
			require.NoError(t, err)
			longest := eval[float64](t, ctx, `Math.max(...[...document.querySelectorAll("#ladder g.note text")].map(e => e.getBoundingClientRect().width))`)
			t.Logf("the widest note is %.0f px; the diagram %s px wide", longest, eval[string](t, ctx, `document.getElementById("ladder").getAttribute("width")`))
			clipped := eval[[]string](t, ctx, `(() => {
				const svg = document.getElementById("ladder").getBoundingClientRect();
				return [...document.querySelectorAll("#ladder text")].filter(e => {
					const r = e.getBoundingClientRect();
					return r.left < svg.left - 0.5 || r.right > svg.right + 0.5 || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5;
				}).map(e => e.textContent);
			})()`)
			assert.Empty(t, clipped, "texts reaching past the diagram's picture")
		})
	}
}

// TestLadderStepsMatchAFreshDraw: a step replaces only the diagram's last rows and
// the transcript's last lines; after steps forward, back, a jump and a change of
// language, the rows and the transcript on the page are exactly those of the same step
// opened afresh — none left over, none missing, one current.
func TestLadderStepsMatchAFreshDraw(t *testing.T) {
	ctx, url := browser(t)
	rows := `[...document.querySelectorAll("#ladder > *")].filter(e => e.hasAttribute("data-arrow")).map(e => e.outerHTML)`
	transcript := `(() => {
		const t = document.getElementById("transcript");
		return t.childNodes.length + ":" + t.textContent;
	})()`
	open(t, ctx, url, "lesson=newsletter&step=20&lang=en")
	press := func(key string, n int) {
		for range n {
			eval[bool](t, ctx, `document.dispatchEvent(new KeyboardEvent("keydown", {key: "`+key+`"})), true`)
		}
	}
	press("ArrowRight", 7)
	press("ArrowLeft", 3)
	press("ArrowRight", 1)
	require.Equal(t, "25", eval[string](t, ctx, `document.getElementById("scrubber").value`))
	stepped, lines := eval[[]string](t, ctx, rows), eval[string](t, ctx, transcript)
	require.NotEmpty(t, stepped)
	assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll("#ladder g.current").length`))

	open(t, ctx, url, "lesson=newsletter&step=25&lang=en&x=1")
	assert.Equal(t, eval[[]string](t, ctx, rows), stepped, "the same rows as a fresh draw")
	assert.Equal(t, eval[string](t, ctx, transcript), lines, "the same transcript as a fresh draw, in one text")

	// To the end and back, then in German.
	press("End", 1)
	press("Home", 1)
	press("ArrowRight", 4)
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, "de")))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "de"`))
	require.NoError(t, err)
	step := eval[string](t, ctx, `document.getElementById("scrubber").value`)
	stepped, lines = eval[[]string](t, ctx, rows), eval[string](t, ctx, transcript)
	open(t, ctx, url, "lesson=newsletter&step="+step+"&lang=de&x=2")
	assert.Equal(t, eval[[]string](t, ctx, rows), stepped, "the same rows as a fresh draw, in German")
	assert.Equal(t, eval[string](t, ctx, transcript), lines, "the same transcript as a fresh draw, in German")
}

// TestStepWritesOnlyChanges: a step writes no attribute to the value it already has —
// the page's lang, the diagram's size, a panel's hidden — since the browser would lay
// out again all that depends on it; the diagram's new rows still come.
func TestStepWritesOnlyChanges(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=newsletter&step=20&lang=en")
	type written struct {
		Same    []string `json:"same"`
		Changed int      `json:"changed"`
		Rows    int      `json:"rows"`
	}
	got := eval[written](t, ctx, `(() => {
		const seen = [];
		const mo = new MutationObserver(() => {});
		mo.observe(document.documentElement, {subtree: true, attributes: true, attributeOldValue: true, childList: true});
		for (let i = 0; i < 5; i++) document.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight"}));
		const records = mo.takeRecords();
		mo.disconnect();
		const same = [], name = n => n.nodeName.toLowerCase() + (n.id ? "#" + n.id : "");
		let changed = 0, rows = 0;
		for (const r of records) {
			if (r.type === "childList") {
				if (r.target.id === "ladder") rows += [...r.addedNodes].filter(n => n.nodeType === 1).length;
				continue;
			}
			if (r.target.getAttribute(r.attributeName) === r.oldValue) same.push(name(r.target) + " " + r.attributeName + "=" + r.oldValue);
			else changed++;
		}
		return {same, changed, rows};
	})()`)
	assert.Empty(t, got.Same, "attributes written with the value they had")
	assert.Positive(t, got.Changed, "a step changes some attributes (the scrubber's position at least)")
	assert.Positive(t, got.Rows, "the diagram's new rows")
	assert.Equal(t, "25", eval[string](t, ctx, `document.getElementById("scrubber").value`))
}
