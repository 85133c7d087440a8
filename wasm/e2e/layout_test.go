//go:build interop

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screen is a browser window: its CSS viewport and device scale factor (1.5 is a
// 150 % zoom of the screen size in its name).
type screen struct {
	name          string
	width, height int64
	scale         float64
}

var desktops = []screen{
	{"1366x768", 1366, 768, 1},
	{"1920x1080", 1920, 1080, 1},
	{"1366x768@150%", 911, 512, 1.5},
	{"1920x1080@150%", 1280, 720, 1.5},
}

var phone = screen{"390x844", 390, 844, 1}

func (s screen) emulate() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(s.width, s.height, chromedp.EmulateScale(s.scale))
}

// box is an element's bounding box in CSS pixels of the viewport.
type box struct{ Top, Bottom, Left, Right float64 }

// layout is what a learner sees of a lesson page without scrolling.
type layout struct {
	InnerHeight, InnerWidth   float64
	ScrollHeight, ScrollWidth float64
	Narration, Topology       box // the narration's panel, the network picture
	Ladder                    box // #ladder-wrap
	Arrows, ArrowsInView      int // rows of the diagram, and those within the viewport and the diagram's view
	CurrentInView             bool
}

const measureLayout = `(() => {
  const b = el => { const r = el.getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right}; };
  const id = x => document.getElementById(x);
  const wrap = document.getElementById("ladder-wrap").getBoundingClientRect();
  const vh = innerHeight, vw = innerWidth;
  const inView = r => r.height > 0 && r.top >= Math.max(0, wrap.top) - 1 && r.bottom <= Math.min(vh, wrap.bottom) + 1 && r.left < Math.min(vw, wrap.right);
  const rows = [...document.querySelectorAll("#ladder g[data-arrow]")];
  const cur = document.querySelector("#ladder g.current");
  const se = document.scrollingElement;
  return {InnerHeight: vh, InnerWidth: vw, ScrollHeight: se.scrollHeight, ScrollWidth: se.scrollWidth,
    Narration: b(id("narration").closest("section")), Topology: b(id("topology")), Ladder: b(id("ladder-wrap")),
    Arrows: rows.length, ArrowsInView: rows.filter(g => inView(g.getBoundingClientRect())).length,
    CurrentInView: !!cur && inView(cur.getBoundingClientRect())};
})()`

// openMidLesson opens lesson 3 at the 354 reply to DATA, where the diagram holds a
// whole SMTP transaction.
func openMidLesson(t *testing.T, ctx contextT, url string) {
	t.Helper()
	open(t, ctx, url, "lesson=one-message&lang=en")
	stepUntil(t, ctx, transcript+`.includes("S: 354 End data")`)
}

func measure(t *testing.T, ctx contextT) layout {
	t.Helper()
	// scrollViews runs at the next animation frame: wait for two frames.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	return eval[layout](t, ctx, measureLayout)
}

func (l layout) String() string {
	return fmt.Sprintf("viewport %.0f×%.0f, document %.0f×%.0f; narration %.0f–%.0f, network %.0f–%.0f, diagram %.0f–%.0f; %d of %d arrows in view, current in view: %v",
		l.InnerWidth, l.InnerHeight, l.ScrollWidth, l.ScrollHeight, l.Narration.Top, l.Narration.Bottom, l.Topology.Top, l.Topology.Bottom,
		l.Ladder.Top, l.Ladder.Bottom, l.ArrowsInView, l.Arrows, l.CurrentInView)
}

func within(b box, l layout) bool {
	return b.Top >= -1 && b.Left >= -1 && b.Bottom <= l.InnerHeight+1 && b.Right <= l.InnerWidth+1 && b.Bottom > b.Top
}

// TestLayoutFits: at each desktop size, also at 150 % zoom, the narration, the network
// and the sequence diagram with its current row are in view together, and the page
// itself does not scroll.
func TestLayoutFits(t *testing.T) {
	for _, s := range desktops {
		t.Run(s.name, func(t *testing.T) {
			ctx, url := browser(t)
			require.NoError(t, chromedp.Do(ctx, s.emulate()))
			openMidLesson(t, ctx, url)
			l := measure(t, ctx)
			t.Logf("%s: %s", s.name, l)
			assert.True(t, within(l.Narration, l), "the narration is in view: %+v", l.Narration)
			assert.True(t, within(l.Topology, l), "the network is in view: %+v", l.Topology)
			assert.True(t, within(l.Ladder, l), "the diagram is in view: %+v", l.Ladder)
			assert.True(t, l.CurrentInView, "the current row of the diagram is in view")
			assert.LessOrEqual(t, l.ScrollHeight, l.InnerHeight+1, "the page does not scroll")
			assert.LessOrEqual(t, l.ScrollWidth, l.InnerWidth+1, "the page does not scroll sideways")
		})
	}
}

// showTool opens the tool drawer with its button, if it is closed, and picks a tool's
// tab, as a learner does before using the tool.
func showTool(t *testing.T, ctx contextT, name string) {
	t.Helper()
	if eval[bool](t, ctx, `document.getElementById("tools").hidden`) {
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-tools`), chromedp.WaitVisible(`#tools`)))
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#tab-`+name), chromedp.WaitVisible(`#tool-`+name)), name)
}

// TestLayoutScreenshots renders a lesson mid-way at the three sizes of the docs and
// checks that the page does not scroll sideways; with SCREENSHOTS=1 it writes the
// pictures to docs/screenshots/ (small PNGs of the viewport, shown in README.md and
// docs/web-app.md).
func TestLayoutScreenshots(t *testing.T) {
	for _, s := range []screen{desktops[0], desktops[1], phone} {
		t.Run(s.name, func(t *testing.T) {
			ctx, url := browser(t)
			require.NoError(t, chromedp.Do(ctx, s.emulate()))
			openMidLesson(t, ctx, url)
			l := measure(t, ctx)
			assert.LessOrEqual(t, l.ScrollWidth, l.InnerWidth+1, "the page does not scroll sideways")
			assert.True(t, l.CurrentInView || l.InnerWidth < 900, "the current row of the diagram is in view")
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			require.NoError(t, err)
			require.Greater(t, len(png), 1000)
			if os.Getenv("SCREENSHOTS") != "1" {
				return
			}
			assert.Less(t, len(png), 250<<10, "a screenshot stays small")
			require.NoError(t, os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", "layout-"+s.name+".png"), png, 0o644))
		})
	}
}
