//go:build interop

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
	HeadsAtTop                bool // the lane heads are at the top of the diagram's view
}

const measureLayout = `(() => {
  const b = el => { const r = el.getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right}; };
  const id = x => document.getElementById(x);
  const wrap = document.getElementById("ladder-wrap").getBoundingClientRect();
  const vh = innerHeight, vw = innerWidth;
  const heads = document.getElementById("ladder-heads"); // the lane heads stay on top of the rows
  const top = Math.max(0, wrap.top, heads && heads.checkVisibility() ? heads.getBoundingClientRect().bottom - 10 : 0);
  const inView = r => r.height > 0 && r.top >= top - 1 && r.bottom <= Math.min(vh, wrap.bottom) + 1 && r.left < Math.min(vw, wrap.right);
  const rows = [...document.querySelectorAll("#ladder g[data-arrow]")];
  // The current row, or the last one drawn when the current event is no row; its
  // highlight spans the picture, so sideways it counts where its arrow or note starts.
  const cur = document.querySelector("#ladder g.current") || rows[rows.length - 1];
  const start = g => Math.min(...[...g.querySelectorAll("line, polyline, text, rect:not(.hl)")].map(e => e.getBoundingClientRect().left));
  const se = document.scrollingElement;
  return {InnerHeight: vh, InnerWidth: vw, ScrollHeight: se.scrollHeight, ScrollWidth: se.scrollWidth,
    Narration: b(id("narration").closest("section")), Topology: b(id("topology")), Ladder: b(id("ladder-wrap")),
    Arrows: rows.length, ArrowsInView: rows.filter(g => inView(g.getBoundingClientRect())).length,
    CurrentInView: !!cur && inView(cur.getBoundingClientRect()) && start(cur) >= wrap.left - 1 && start(cur) < Math.min(vw, wrap.right) - 20,
    HeadsAtTop: heads.checkVisibility() && Math.abs(heads.getBoundingClientRect().top - wrap.top) <= 1};
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
	return fmt.Sprintf("viewport %.0f×%.0f, document %.0f×%.0f; narration %.0f–%.0f, network %.0f–%.0f, diagram %.0f–%.0f; %d of %d arrows in view, current in view: %v, lane heads on top: %v",
		l.InnerWidth, l.InnerHeight, l.ScrollWidth, l.ScrollHeight, l.Narration.Top, l.Narration.Bottom, l.Topology.Top, l.Topology.Bottom,
		l.Ladder.Top, l.Ladder.Bottom, l.ArrowsInView, l.Arrows, l.CurrentInView, l.HeadsAtTop)
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
			assert.True(t, l.HeadsAtTop, "the lane heads are at the top of the diagram's view")
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
// pictures to docs/screenshots/ (PNGs of the screen, of the whole page on the phone,
// shown in README.md and docs/web-app.md).
func TestLayoutScreenshots(t *testing.T) {
	for _, s := range []screen{desktops[0], desktops[1], phone} {
		t.Run(s.name, func(t *testing.T) {
			ctx, url := browser(t)
			require.NoError(t, chromedp.Do(ctx, s.emulate()))
			openMidLesson(t, ctx, url)
			l := measure(t, ctx)
			assert.LessOrEqual(t, l.ScrollWidth, l.InnerWidth+1, "the page does not scroll sideways")
			assert.True(t, l.CurrentInView || l.InnerWidth < 900, "the current row of the diagram is in view")
			shot := chromedp.CaptureScreenshot()
			if s == phone {
				shot = chromedp.FullScreenshot(100) // the whole page, as a phone scrolls it (a PNG)
			}
			png, err := chromedp.Run(ctx, shot)
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

// visible is a JS expression: the element with the id is shown (not hidden, not
// display: none on it or an ancestor).
func visible(id string) string {
	return fmt.Sprintf(`document.getElementById(%q).checkVisibility()`, id)
}

const focused = `document.activeElement ? document.activeElement.id : ""`

// TestCheckpointInView: on the smallest screen (1366×768 at 150 %) the lesson panel
// scrolls inside itself; a checkpoint question, and after answering its verdict, is
// scrolled into the panel's view, and the step after it shows its narration.
func TestCheckpointInView(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, desktops[2].emulate()))
	open(t, ctx, url, "lesson=journey&lang=en")
	stepUntil(t, ctx, `!document.getElementById("question").hidden`)
	inView := func(sel string) bool {
		// scrollQuestion runs at the next animation frame.
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
			const panel = document.getElementById("narration").closest("section").getBoundingClientRect();
			const r = document.querySelector("`+sel+`").getBoundingClientRect();
			return r.top >= panel.top && r.top + 20 <= Math.min(panel.bottom, innerHeight);
		})()`))
		return err == nil
	}
	assert.True(t, eval[bool](t, ctx, `(() => { const p = document.getElementById("narration").closest("section"); return p.scrollHeight > p.clientHeight; })()`),
		"the lesson panel scrolls inside itself here, else this test shows nothing")
	assert.True(t, inView("#question"), "the question is in view")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#question button[data-option="a"]`), chromedp.WaitVisible(`#question .verdict`)))
	assert.True(t, inView("#question .verdict"), "the verdict is in view")
	// The next step's text is read from its top: the panel does not stay scrolled
	// down at the verdict, with the new narration above its view.
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight), chromedp.WaitNotVisible(`#question`)))
	assert.True(t, inView("#narration"), "the next step's narration is in view")
}

// TestCurrentRowInViewSideways: the diagram of a sandbox world is wider than its view;
// at the end (Bob's client fetching the mail, on the lanes far right) and back at the
// start (Alice's client, far left) the current row's arrow is in view.
func TestCurrentRowInViewSideways(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, desktops[0].emulate()))
	open(t, ctx, url, "lesson=first-mail&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	l := measure(t, ctx)
	t.Logf("at the end: %s; diagram %s px wide", l, eval[string](t, ctx, `document.getElementById("ladder").getAttribute("width")`))
	assert.True(t, l.CurrentInView, "at the end, the last row is in view")
	assert.Greater(t, eval[float64](t, ctx, `document.getElementById("ladder-wrap").scrollLeft`), 0.0, "the diagram scrolled sideways to it")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Home), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight)))
	l = measure(t, ctx)
	t.Logf("at the start: %s", l)
	assert.True(t, l.CurrentInView, "at the start, the current row is in view again")
}

// TestToolDrawer: the tools open by the button and by the key t, the tabs follow the
// arrow keys (and the lesson does not step), Escape closes the drawer and the focus
// goes back to the opener; with the drawer open the stage still fits the screen; a
// click on an arrow of the diagram shows its explanation in the drawer.
func TestToolDrawer(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, desktops[0].emulate()))
	openMidLesson(t, ctx, url)
	step := eval[string](t, ctx, `document.getElementById("scrubber").value`)
	assert.False(t, eval[bool](t, ctx, visible("tools")), "a student first sees no tools")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-tools`), chromedp.WaitVisible(`#tools`)))
	assert.Equal(t, "true", eval[string](t, ctx, `document.getElementById("ctl-tools").getAttribute("aria-expanded")`))
	assert.Equal(t, "tab-explain", eval[string](t, ctx, focused), "the focus is on the selected tab")
	selected := func() string {
		return eval[string](t, ctx, `[...document.querySelectorAll("#tool-tabs [role=tab][aria-selected=true]")].map(t => t.id).join(",")`)
	}
	shown := func() string {
		return eval[string](t, ctx, `[...document.querySelectorAll("#tools [role=tabpanel]")].filter(p => p.checkVisibility()).map(p => p.id).join(",")`)
	}
	for _, c := range []struct{ key, tab string }{
		{kb.ArrowRight, "faults"}, {kb.ArrowRight, "retrieve"}, // no composer in a lesson
		{kb.ArrowLeft, "faults"}, {kb.End, "transcript"}, {kb.ArrowRight, "explain"}, {kb.ArrowLeft, "transcript"}, {kb.Home, "explain"},
	} {
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(c.key)))
		assert.Equal(t, "tab-"+c.tab, selected(), "after %q", c.key)
		assert.Equal(t, "tool-"+c.tab, shown(), "after %q", c.key)
		assert.Equal(t, "tab-"+c.tab, eval[string](t, ctx, focused), "after %q", c.key)
		assert.Equal(t, "0", eval[string](t, ctx, `document.getElementById("tab-`+c.tab+`").getAttribute("tabindex")`), "the selected tab is the one in the tab order")
	}
	assert.Equal(t, step, eval[string](t, ctx, `document.getElementById("scrubber").value`), "arrow keys in the tabs do not step the lesson")

	l := measure(t, ctx)
	t.Logf("drawer open: %s", l)
	assert.True(t, within(l.Narration, l) && within(l.Topology, l) && within(l.Ladder, l), "the stage stays in view with the drawer open")
	assert.True(t, l.CurrentInView, "the current row stays in view with the drawer open")
	assert.LessOrEqual(t, l.ScrollHeight, l.InnerHeight+1, "the page does not scroll with the drawer open")
	requireAccessible(t, ctx, "lesson with the tool drawer")

	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(`#tools`)))
	assert.Equal(t, "ctl-tools", eval[string](t, ctx, focused), "the focus goes back to the button that opened the drawer")
	assert.Equal(t, "false", eval[string](t, ctx, `document.getElementById("ctl-tools").getAttribute("aria-expanded")`))

	// The key t, from the transcript's tab as it was left.
	eval[bool](t, ctx, `document.activeElement.blur(), true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent("t"), chromedp.WaitVisible(`#tools`)))
	assert.Equal(t, "tab-explain", eval[string](t, ctx, focused))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent("t"), chromedp.WaitNotVisible(`#tools`)))

	// A click on a command (nothing to explain) opens nothing; a click on a reply of
	// the diagram explains it in the drawer, and the focus stays in the diagram.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ladder g[data-arrow]:not([tabindex]) text`)))
	assert.False(t, eval[bool](t, ctx, visible("tools")), "a row without an explanation opens no drawer")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ladder g[data-arrow].ok text.msg`), chromedp.WaitVisible(`#explain h4`)))
	assert.True(t, eval[bool](t, ctx, visible("tool-explain")))
	assert.True(t, eval[bool](t, ctx, `!!document.activeElement.closest("#ladder")`), "the focus stays in the diagram")
	assert.NotEmpty(t, text(t, ctx, `#explain h4`))
	assert.Equal(t, step, eval[string](t, ctx, `document.getElementById("scrubber").value`))
	// Escape from a field of the drawer closes it too.
	showTool(t, ctx, "faults")
	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(`#fault-input`), chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(`#tools`)))

	// The help lists the keys t and p and stands above everything, the diagram's lane heads too.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-help`), chromedp.WaitVisible(`#help`)))
	keys := eval[[]string](t, ctx, `[...document.querySelectorAll("#help-list kbd")].map(k => k.textContent)`)
	assert.Subset(t, keys, []string{"t", "p", "Esc"})
	onTop := eval[bool](t, ctx, `(() => {
		const r = document.getElementById("help").getBoundingClientRect();
		for (let x = r.left + 5; x < r.right; x += 40) for (let y = r.top + 5; y < r.bottom; y += 40)
			if (!document.getElementById("help").contains(document.elementFromPoint(x, y))) return false;
		return true;
	})()`)
	assert.True(t, onTop, "nothing covers the help")
}

// TestPresenterMode: the button and the key p switch presenter mode: no header, no
// controls, no tools; the network and the diagram large, the narration as a large
// caption below; the stepping keys still work; Escape leaves it.
func TestPresenterMode(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, desktops[0].emulate()))
	openMidLesson(t, ctx, url)
	zoomBefore := eval[float64](t, ctx, `document.querySelector("#ladder g.current").getBoundingClientRect().height`)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-presenter`)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.classList.contains("presenter")`))
	require.NoError(t, err)
	assert.Equal(t, "true", eval[string](t, ctx, `document.getElementById("ctl-presenter").getAttribute("aria-pressed")`))
	check := func(where string) {
		t.Helper()
		for _, sel := range []string{"header.bar", "#controls", "#tools", "#ctl-tools"} {
			assert.False(t, eval[bool](t, ctx, `document.querySelector("`+sel+`").checkVisibility()`), "%s: %s is hidden", where, sel)
		}
		l := measure(t, ctx)
		t.Logf("%s: %s", where, l)
		assert.True(t, within(l.Topology, l) && within(l.Ladder, l) && within(l.Narration, l), "%s: network, diagram and caption in view", where)
		assert.GreaterOrEqual(t, l.Narration.Top, l.Topology.Bottom, "%s: the narration is a caption below the network", where)
		assert.True(t, l.CurrentInView, "%s: the current row is in view", where)
		assert.LessOrEqual(t, l.ScrollHeight, l.InnerHeight+1, "%s: the page does not scroll", where)
		assert.GreaterOrEqual(t, eval[float64](t, ctx, `parseFloat(getComputedStyle(document.getElementById("narration")).fontSize)`), 22.0, "%s: large type", where)
		assert.Greater(t, eval[float64](t, ctx, `document.querySelector("#ladder g.current").getBoundingClientRect().height`), zoomBefore, "%s: the diagram is drawn larger", where)
	}
	check("presenter")
	requireAccessible(t, ctx, "presenter mode")
	// Stepping keys still work.
	step := eval[int](t, ctx, `+document.getElementById("scrubber").value`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowLeft)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`+document.getElementById("scrubber").value === %d`, step-1)))
	require.NoError(t, err, "← steps back in presenter mode")
	check("presenter, one step back")

	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent("p")))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.body.classList.contains("presenter") && document.querySelector("header.bar").checkVisibility()`))
	require.NoError(t, err, "p leaves presenter mode")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent("p")))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.body.classList.contains("presenter")`))
	require.NoError(t, err, "p enters presenter mode")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.body.classList.contains("presenter")`))
	require.NoError(t, err, "Escape leaves presenter mode")

	// Presenter mode hides nothing of the start page: its header leads back.
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent("p")))
	eval[bool](t, ctx, `location.hash = "", true`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("start").checkVisibility() && document.querySelector("header.bar").checkVisibility()`))
	require.NoError(t, err, "the start page keeps its header")
}

// TestPhoneNoSidewaysScroll: on a phone the page never scrolls sideways, in either
// language, with each tool open in turn (the console in both modes), and the
// inspector's message source stays inside its panel.
func TestPhoneNoSidewaysScroll(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		t.Run(lang, func(t *testing.T) {
			ctx, url := browser(t)
			require.NoError(t, chromedp.Do(ctx, phone.emulate()))
			open(t, ctx, url, "lesson=first-mail&step=40&lang="+lang)
			require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
			width := `document.scrollingElement.scrollWidth`
			assert.LessOrEqual(t, eval[int](t, ctx, width), 390, "the lesson")
			assert.False(t, eval[bool](t, ctx, visible("ctl-presenter")), "no presenter mode on a phone")
			for _, tt := range toolNames(t, ctx) {
				showTool(t, ctx, tt)
				assert.LessOrEqual(t, eval[int](t, ctx, width), 390, "with the %s tool open", tt)
			}
			showTool(t, ctx, "console")
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#console-mode-server`), chromedp.WaitVisible(`#console-server-host`)))
			assert.LessOrEqual(t, eval[int](t, ctx, width), 390, "with the console's server list")

			require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#topology g[data-node="mx.example.net"]`)))
			showTool(t, ctx, "inspect")
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#inspect details summary`), chromedp.WaitVisible(`#inspect details pre`)))
			assert.LessOrEqual(t, eval[int](t, ctx, width), 390, "with a message's source open")
			inside := eval[bool](t, ctx, `(() => {
				const pre = document.querySelector("#inspect details pre").getBoundingClientRect();
				const panel = document.getElementById("tool-inspect").getBoundingClientRect();
				return pre.left >= panel.left && pre.right <= panel.right;
			})()`)
			assert.True(t, inside, "the message source stays inside the inspector's panel")
		})
	}
}

// toolNames lists the tabs of the drawer on show.
func toolNames(t *testing.T, ctx contextT) []string {
	t.Helper()
	return eval[[]string](t, ctx, `[...document.querySelectorAll("#tool-tabs [role=tab]")].filter(t => !t.hidden).map(t => t.id.slice(4))`)
}

// TestMarkersUnderTheScrubber: a marker of the timeline stands under the scrubber's
// thumb when the scrubber is at the marker's event, in English and in German (whose
// longer words leave the scrubber less of the row).
func TestMarkersUnderTheScrubber(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, desktops[0].emulate()))
	for _, lang := range []string{"en", "de"} {
		open(t, ctx, url, "lesson=journey&demo=1&step=-1&lang="+lang)
		require.NoError(t, chromedp.Do(ctx,
			chromedp.SetValue(`#next-kind`, "deliver"),
			chromedp.Click(`#ctl-next`),
		))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("scrubber").value !== "-1"`))
		require.NoError(t, err, lang)
		// The thumb's centre: Chromium's thumb is 16px wide and stops with its centre
		// 8px in from each end.
		gap := eval[float64](t, ctx, `(() => {
			const s = document.getElementById("scrubber"), r = s.getBoundingClientRect();
			const share = (Number(s.value) - Number(s.min)) / (Number(s.max) - Number(s.min));
			const thumb = r.left + 8 + share * (r.width - 16);
			const m = document.querySelector("#markers rect.deliver").getBoundingClientRect();
			return Math.abs(m.left + m.width / 2 - thumb);
		})()`)
		assert.Less(t, gap, 4.0, "%s: the first delivery's marker is %.1f px from the thumb at its event", lang, gap)
	}
}

// TestCheckpointOptionsInView: in a laptop's browser window (1366×625 of page), in
// English and in German (whose lesson bar takes a second row), and in presenter mode,
// a checkpoint's question is on screen with every one of its options: the lesson's
// panel takes the larger share of its column while a question asks. Presenter mode
// shows none of the lesson bar's buttons but its own.
func TestCheckpointOptionsInView(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(1366, 625)))
	for _, lang := range []string{"en", "de"} {
		open(t, ctx, url, "lesson=journey&lang="+lang)
		stepUntil(t, ctx, `!document.getElementById("question").hidden`)
		for _, presenter := range []bool{false, true} {
			if presenter {
				require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-presenter`)))
			}
			where := fmt.Sprintf("%s, presenter %v", lang, presenter)
			// scrollQuestion runs at the next animation frame.
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
				const panel = document.getElementById("narration").closest("section").getBoundingClientRect();
				const options = [...document.querySelectorAll("#question button.choice")];
				return options.length > 1 && options.every(b => {
					const r = b.getBoundingClientRect();
					return r.top >= panel.top && r.bottom <= Math.min(panel.bottom, innerHeight);
				});
			})()`))
			assert.NoError(t, err, "%s: every option is in the lesson panel's view", where)
			if presenter {
				for _, id := range []string{"ctl-print", "session-save", "session-open", "ctl-tools"} {
					assert.False(t, eval[bool](t, ctx, visible(id)), "%s: #%s is hidden", where, id)
				}
				require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-presenter`)))
			}
		}
	}
}
