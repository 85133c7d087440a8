//go:build interop

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// axeViolation is one rule axe-core found broken, with the elements that break it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axeRun is axe.run() on the whole document; the promise resolves to the violations only.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help,
	targets: v.nodes.map(n => n.target.join(" "))})))`

// requireAccessible injects the vendored axe-core (testdata/axe-core, not part of the site)
// into the page and fails listing each critical or serious violation; it logs the rest.
func requireAccessible(t *testing.T, ctx contextT, where string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "axe-core", "axe.min.js"))
	require.NoError(t, err)
	// DevTools evaluation is not script the page's CSP governs.
	if !eval[bool](t, ctx, `typeof axe === "object"`) {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[any](string(src)+"\n;true"))
		require.NoError(t, err, "injecting axe-core")
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "axe.run")
	var bad []string
	for _, v := range violations {
		line := fmt.Sprintf("%s (%s): %s: %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
		if v.Impact == "critical" || v.Impact == "serious" {
			bad = append(bad, line)
		} else {
			t.Logf("%s: axe, not failing: %s", where, line)
		}
	}
	if len(bad) > 0 {
		t.Errorf("%s: axe-core finds %d critical or serious violations:\n  %s", where, len(bad), strings.Join(bad, "\n  "))
	}
}

func TestAccessibleStartPage(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html"),
		chromedp.WaitVisible(`#lesson-list li`),
	))
	requireAccessible(t, ctx, "start page")
}

func TestAccessibleLesson(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=one-message&lang=en")
	// Before the first step the diagram is empty but its scrolling box can be focused.
	requireAccessible(t, ctx, "lesson before the first step")
	// A few steps in: the network and the diagram are drawn.
	stepUntil(t, ctx, `document.querySelectorAll("#ladder g.arrow").length >= 3`)
	requireAccessible(t, ctx, "lesson")
	// A machine's button is named by its visible text: its name and its role.
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(`#topology g[data-node="mx.example.net"]`))
	require.NoError(t, err)
	require.Len(t, nodes, 1)
	no := false
	ax, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{
		BackendNodeID: nodes[0].BackendNodeID, FetchRelatives: &no})
	require.NoError(t, err)
	require.NotEmpty(t, ax.Nodes)
	require.NotNil(t, ax.Nodes[0].Name)
	var name string
	require.NoError(t, json.Unmarshal(ax.Nodes[0].Name.Value, &name))
	assert.Contains(t, name, "mx.example.net")
	assert.Contains(t, name, "MTA", "its roles")
	assert.Contains(t, name, "MDA", "its roles")
	t.Logf("the network node's accessible name: %s", name)
	// With the help dialog open.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#nav-help`),
		chromedp.WaitVisible(`#help`),
	))
	requireAccessible(t, ctx, "lesson with help")
}

// TestSpaceOnAButtonPressesIt: Space on a focused button presses that button (Back goes
// one step back) and on a machine of the network opens its menu of faults; neither starts
// playback, which Space does elsewhere.
func TestSpaceOnAButtonPressesIt(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=one-message&lang=en")
	const step = `+(new URLSearchParams(location.hash.slice(1)).get("step") || -1)`
	stepUntil(t, ctx, step+` >= 3`)
	at := eval[int](t, ctx, step)
	playing := `document.getElementById("ctl-play").textContent.includes("⏸")`
	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(`#ctl-back`), chromedp.KeyEvent(" ")))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](step+` === `+fmt.Sprint(at-1)))
	require.NoError(t, err, "Space on Back goes one step back")
	assert.False(t, eval[bool](t, ctx, playing), "Space on Back does not play")

	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(`#topology g[data-node="mx.example.net"]`), chromedp.KeyEvent(" ")))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("fault-menu").hidden && !!document.activeElement.closest("#fault-menu")`))
	require.NoError(t, err, "Space on a machine opens its menu of faults")
	assert.False(t, eval[bool](t, ctx, playing), "Space on a machine does not play")

	// Elsewhere Space still plays.
	eval[bool](t, ctx, `document.activeElement.blur(), true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(" ")))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](playing))
	require.NoError(t, err, "Space on the page plays")
}
