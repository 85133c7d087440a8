//go:build interop

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOwnFileProblemsInGerman: a teacher opens a lesson with mistakes on the German
// page; the authoring module reads it, and the problems keep FILE:LINE:COL and say
// what is wrong in German.
func TestOwnFileProblemsInGerman(t *testing.T) {
	ctx, url := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html"), chromedp.WaitVisible(`#lesson-list li`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(`#lang`, "de")))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.lang === "de"`))
	require.NoError(t, err)

	src := filepath.Join("..", "..", "lessons", "course", "02-hello")
	data, err := os.ReadFile(filepath.Join(src, "lesson.yaml"))
	require.NoError(t, err)
	bad := strings.Replace(string(data), "models: [end-to-end, store-and-forward]", "models: [sideways]", 1)
	bad = strings.Replace(bad, "    answer: a\n", "    answer: z\n", 1)
	require.NotEqual(t, string(data), bad)
	// Where the two mistakes are: the models line, and the checkpoint whose answer was a.
	modelsLine := 1 + strings.Count(string(data[:strings.Index(string(data), "models:")]), "\n")
	before := string(data[:strings.Index(string(data), "    answer: a\n")])
	checkpoint := strings.Fields(before[strings.LastIndex(before, "  - id: "):])[2]
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lesson.yaml"), []byte(bad), 0o644))
	de, err := os.ReadFile(filepath.Join(src, "de.md"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "de.md"), de, 0o644))

	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetUploadFiles(`#own-files`, []string{filepath.Join(dir, "lesson.yaml"), filepath.Join(dir, "de.md")}),
		chromedp.WaitVisible(`#problems`),
	))
	assert.True(t, eval[bool](t, ctx, authorFetched), "the authoring module read the files")
	got := text(t, ctx, `#problems`)
	assert.Contains(t, got, fmt.Sprintf(`lesson.yaml:%d:10: Modell „sideways“ (erwartet: end-to-end oder store-and-forward)`, modelsLine))
	assert.Contains(t, got, `: Kontrollfrage `+checkpoint+`: die Lösung „z“ ist keine ihrer Antworten`)
	for _, w := range []string{"expected", "unknown", "is not", "must be", "given twice", "missing", "answer", "checkpoint"} {
		assert.NotContains(t, got, w)
	}
	noEnglish(t, ctx, "own file problems", englishWords(t))
}

// TestFocusAfterAnswer: answering a checkpoint with the keyboard leaves focus on the
// verdict, not on <body>, and the step keys work from there.
func TestFocusAfterAnswer(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=journey&lang=en")
	for range 40 {
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	}
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#question button.choice`),
		chromedp.Focus(`#question button[data-option="b"]`),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`#question .verdict`),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement.classList.contains("verdict")`))
	require.NoError(t, err, "focus on the verdict, not %s", eval[string](t, ctx, `document.activeElement.tagName`))
	assert.Equal(t, "-1", eval[string](t, ctx, `document.activeElement.getAttribute("tabindex")`), "focusable, but no Tab stop")
	step := eval[string](t, ctx, `location.hash`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`location.hash !== `+jsString(step)))
	require.NoError(t, err, "→ still steps from the verdict")
}

// TestHelpTrapsFocus: the help dialog keeps Tab and Shift-Tab inside, Escape closes
// it, and focus goes back to what opened it: the help button, or the control that had
// focus when "?" was pressed.
func TestHelpTrapsFocus(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=one-message&lang=en")
	inHelp := `document.getElementById("help").contains(document.activeElement)`
	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(`#nav-help`), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`#help`)))
	assert.Equal(t, "help-close", eval[string](t, ctx, `document.activeElement.id`))
	for range 3 {
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
		assert.True(t, eval[bool](t, ctx, inHelp), "Tab stays in the dialog")
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))))
		assert.True(t, eval[bool](t, ctx, inHelp), "Shift-Tab stays in the dialog")
	}
	hash := eval[string](t, ctx, `location.hash`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	assert.Equal(t, hash, eval[string](t, ctx, `location.hash`), "the page behind the dialog does not step")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(`#help`)))
	assert.Equal(t, "nav-help", eval[string](t, ctx, `document.activeElement.id`), "focus back on the opener")

	require.NoError(t, chromedp.Do(ctx, chromedp.Focus(`#ctl-forward`), chromedp.KeyEvent("?"), chromedp.WaitVisible(`#help`)))
	assert.True(t, eval[bool](t, ctx, inHelp))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(`#help`)))
	assert.Equal(t, "ctl-forward", eval[string](t, ctx, `document.activeElement.id`), "focus back on the control that had it")
}

// TestNarrationAnnounced: a polite live region gets a short text on each step — the
// step, the event, the narration's first sentence — in the page's language; the
// narration panel itself is not live, so it is not re-read whole.
func TestNarrationAnnounced(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=one-message&lang=de")
	const live = `document.getElementById("announce").textContent`
	assert.Equal(t, "polite", eval[string](t, ctx, `document.getElementById("announce").getAttribute("aria-live")`))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("narration").closest("[aria-live]") === null`))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](live+` !== ""`))
	require.NoError(t, err)
	var texts []string
	for range 3 {
		before := eval[string](t, ctx, live)
		stepUntil(t, ctx, live+` !== `+jsString(before))
		now := eval[string](t, ctx, live)
		assert.True(t, strings.HasPrefix(now, "Schritt "), now)
		assert.Less(t, len([]rune(now)), 400, "short: %s", now)
		texts = append(texts, now)
	}
	assert.Contains(t, texts[0], "Schritt 1 von ")
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

// TestComposerAttachmentInGerman: composing with an attachment on the German page —
// a wrong address, then a message that goes — leaves no English page words.
func TestComposerAttachmentInGerman(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=first-mail&lang=de")
	file := filepath.Join(t.TempDir(), "plan.pdf")
	require.NoError(t, os.WriteFile(file, []byte("%PDF-1.4 not really"), 0o644))
	showTool(t, ctx, "compose")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#compose-panel`),
		chromedp.SetValue(`#c-from`, "alice@example.org"),
		chromedp.SendKeys(`#c-to`, "bob@"),
		chromedp.SetUploadFiles(`#c-files`, []string{file}),
		chromedp.Click(`#c-send`),
		chromedp.WaitVisible(`#compose-error`),
	))
	assert.Equal(t, `To: „bob@“ ist keine Adresse (erwartet name@domain)`, text(t, ctx, `#compose-error`))
	words := englishWords(t)
	noEnglish(t, ctx, "composer with an attachment", words)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(`#c-to`, "bob@example.net"),
		chromedp.SendKeys(`#c-subject`, "Plan"),
		chromedp.Click(`#c-send`),
		chromedp.KeyEvent(kb.End),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("compose-error").hidden`))
	require.NoError(t, err)
	assert.Contains(t, eval[string](t, ctx, transcript), `„Plan“`)
	noEnglish(t, ctx, "after sending with an attachment", words)
}
