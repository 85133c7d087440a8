//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/wasm/view"
)

// authorFetched is whether the page asked for the authoring module.
const authorFetched = `performance.getEntriesByType("resource").some(e => new URL(e.name).pathname.endsWith("/author.wasm"))`

// TestOwnFilesLoadTheAuthoringModule: the page starts without the authoring module
// and fetches author.wasm only when a teacher opens own files; the file then opens,
// under the page's Content-Security-Policy, without a console error.
func TestOwnFilesLoadTheAuthoringModule(t *testing.T) {
	ctx, url := browser(t)
	got := watchProblems(ctx)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolations})
	require.NoError(t, err)
	open(t, ctx, url, "lesson=journey&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#own-files`)))
	assert.False(t, eval[bool](t, ctx, authorFetched), "author.wasm before own files were opened")
	assert.Equal(t, "undefined", eval[string](t, ctx, `typeof globalThis.smtpsimAuthorCompile`))

	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{ownScenario(t)})))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("lesson").hidden && location.hash.includes("own=my-world.yaml")`))
	require.NoError(t, err, "the own scenario opens")
	assert.True(t, eval[bool](t, ctx, authorFetched), "author.wasm fetched")
	assert.Equal(t, 1, eval[int](t, ctx, `performance.getEntriesByName("smtpsim:author").length`), "the authoring module started once")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("author-status").hidden`), "no loading note once the file is open")
	assert.Equal(t, "One message from Alice to Bob", text(t, ctx, `#lesson-title`), "the scenario's name")

	assert.Empty(t, eval[[]string](t, ctx, `window.__cspViolations`), "securitypolicyviolation events")
	assert.Empty(t, got.all(), "console errors, exceptions and error log entries")
}

// TestAuthoringModuleFailsClearly: when author.wasm cannot be loaded, the German page
// says so in German, in the page's words alone, and in English once the learner
// switches to it; the page stays usable, and with the module back the next try opens
// the file.
func TestAuthoringModuleFailsClearly(t *testing.T) {
	ctx, url := browser(t)
	blockURLs(t, ctx, &network.BlockPattern{URLPattern: "*://*:*/author.wasm", Block: true})
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li`), chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "de"`))
	require.NoError(t, err)
	file := ownScenario(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{file}), chromedp.WaitVisible(`#problems`)))
	failed := view.ModuleFailed(view.AuthorModule, 0) // the browser refuses: no answer
	assert.Equal(t, failed.Say("de"), text(t, ctx, `#problems`))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("author-status").hidden`), "no loading note after the failure")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "nothing opened")
	noEnglish(t, ctx, "failed authoring module", englishWords(t))
	chooseLanguage(t, ctx, "en", `document.getElementById("problems").textContent === `+jsString(failed.Say("en")))

	blockURLs(t, ctx)
	eval[string](t, ctx, `document.getElementById("own-files").value = ""`)
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{file})))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("lesson").hidden && location.hash.includes("own=my-world.yaml")`))
	require.NoError(t, err, "the next try loads the module and opens the file")
}

// An authoring module that fails at its work (it throws, or has stopped) is said on the
// page in its language, without the module's own words, nothing opens, and the page
// goes on: the next try works.
func TestAuthoringModuleBreaksClearly(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li`), chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "de"`))
	require.NoError(t, err)
	eval[bool](t, ctx, `globalThis.realAuthor = globalThis.smtpsimAuthor;
		globalThis.smtpsimAuthor = () => Promise.resolve(() => { throw new Error("Go program has already exited"); }); true`)
	file := ownScenario(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{file}), chromedp.WaitVisible(`#problems`)))
	assert.Contains(t, text(t, ctx, `#problems`), view.T("de", "own.author.broken"))
	assert.NotContains(t, text(t, ctx, `#problems`), "Go program", "the module's words go to the console")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("author-status").hidden`), "no loading note after the failure")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "nothing opened")

	eval[bool](t, ctx, `globalThis.smtpsimAuthor = globalThis.realAuthor; document.getElementById("own-files").value = ""; true`)
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(`#own-files`, []string{file})))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("lesson").hidden && location.hash.includes("own=my-world.yaml")`))
	require.NoError(t, err, "the next try opens the file")
}

// blockURLs has the browser refuse requests for the patterns (none: refuse nothing).
func blockURLs(t *testing.T, ctx contextT, patterns ...*network.BlockPattern) {
	t.Helper()
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	require.NoError(t, err)
	_, err = chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: patterns})
	require.NoError(t, err)
}
