//go:build interop

package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/wasm/view"
)

// cardState is the progress words on a lesson's card of the start page.
func cardState(id string) string {
	return fmt.Sprintf(`(document.querySelector('#lesson-list li[data-lesson=%q] .progress-state')?.textContent ?? "")`, id)
}

// toStartPage loads the start page afresh (a reload: the record comes from storage).
func toStartPage(t *testing.T, ctx contextT, url string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#"),
		chromedp.Reload(),
		chromedp.WaitVisible(`#lesson-list li .progress-state`),
	))
}

// finishHello answers the checkpoints of the hello lesson (the first option each) and
// steps to its last event; it gives what the end-of-lesson block says is right.
func finishHello(t *testing.T, ctx contextT, url, lang string) (right, total int) {
	t.Helper()
	open(t, ctx, url, "lesson=hello&lang="+lang)
	stepUntil(t, ctx, `!!document.getElementById("teacher-summary")`)
	l, err := lessons.Find("hello")
	require.NoError(t, err)
	total = len(l.Checkpoints)
	require.Positive(t, total)
	for _, c := range l.Checkpoints {
		if c.Options[0].ID == c.Answer {
			right++
		}
	}
	return right, total
}

// TestProgressRemembered: a lesson answered and stepped to its end shows, after a
// reload, as completed on the start page with its count; reset (after "Really?")
// makes it not started; a garbage value in storage and a storage that throws leave
// the page working.
func TestProgressRemembered(t *testing.T) {
	ctx, url := browser(t)
	right, total := finishHello(t, ctx, url, "en")
	l, _ := lessons.Find("hello")
	block := text(t, ctx, `#teacher-summary`)
	assert.Contains(t, block, "To show your teacher")
	require.NoError(t, chromedp.Do(ctx, chromedp.ScrollIntoView(`#teacher-summary`)))
	screenshot(t, ctx, "progress-summary")
	requireAccessible(t, ctx, "end of lesson with the block for the teacher")
	assert.Contains(t, block, "Lesson: "+l.Texts["en"].Title)
	assert.Contains(t, block, "Completed on: ")
	assert.Contains(t, block, fmt.Sprintf("Right first time: %d of %d", right, total))
	assert.Equal(t, total, eval[int](t, ctx, `document.querySelectorAll("#teacher-summary li").length`), "every question, ✓/✗ in words")
	assert.Equal(t, total-right, eval[int](t, ctx, `document.querySelectorAll("#teacher-summary li.q-wrong").length`))
	stored := eval[string](t, ctx, fmt.Sprintf(`localStorage.getItem(%q)`, view.ProgressKey))
	rec, ok := view.DecodeProgress(stored)
	require.True(t, ok, stored)
	require.NotNil(t, rec.Lesson("hello"))
	assert.True(t, rec.Lesson("hello").Completed)

	toStartPage(t, ctx, url)
	assert.Equal(t, fmt.Sprintf("completed — %d of %d right first time", right, total), eval[string](t, ctx, cardState("hello")))
	assert.Equal(t, "not started", eval[string](t, ctx, cardState("dns")))
	assert.Equal(t, float64(right), eval[float64](t, ctx, `document.querySelector('#lesson-list li[data-lesson="hello"] meter').value`))
	course, err := lessonfile.Course()
	require.NoError(t, err)
	core := 0
	for _, c := range course {
		if c.Core {
			core++
		}
	}
	assert.Contains(t, text(t, ctx, `#progress-core`), fmt.Sprintf("Core path: 1 of %d lessons completed.", core))
	requireAccessible(t, ctx, "start page with progress")
	screenshot(t, ctx, "progress-start")

	// Reset asks first; "No" keeps the progress, "Yes" (by keyboard) clears it.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#progress-reset`), chromedp.WaitVisible(`#progress-ask`)))
	assert.Equal(t, "Really reset your progress in all lessons?", text(t, ctx, `#progress-ask-text`))
	poll(t, ctx, `document.activeElement.id === "progress-no"`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	poll(t, ctx, `document.getElementById("progress-ask").hidden && document.activeElement.id === "progress-reset"`)
	assert.Contains(t, eval[string](t, ctx, cardState("hello")), "completed")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	poll(t, ctx, `!document.getElementById("progress-ask").hidden && document.activeElement.id === "progress-no"`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))))
	poll(t, ctx, `document.activeElement.id === "progress-yes"`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	poll(t, ctx, cardState("hello")+` === "not started"`)
	assert.Nil(t, eval[any](t, ctx, fmt.Sprintf(`localStorage.getItem(%q)`, view.ProgressKey)))
	toStartPage(t, ctx, url)
	assert.Equal(t, "not started", eval[string](t, ctx, cardState("hello")), "after a reload too")

	// Garbage in storage: ignored, and replaced by a record at the next step.
	eval[any](t, ctx, fmt.Sprintf(`localStorage.setItem(%q, "{\"version\":1,\"lessons\":{garbage")`, view.ProgressKey))
	toStartPage(t, ctx, url)
	assert.Equal(t, "not started", eval[string](t, ctx, cardState("hello")))
	assert.True(t, eval[bool](t, ctx, `document.getElementById("progress-unkept").hidden`), "storage works: no note")
	open(t, ctx, url, "lesson=dns&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	poll(t, ctx, fmt.Sprintf(`(localStorage.getItem(%q) ?? "").includes('"dns"')`, view.ProgressKey))
	_, ok = view.DecodeProgress(eval[string](t, ctx, fmt.Sprintf(`localStorage.getItem(%q)`, view.ProgressKey)))
	assert.True(t, ok, "the garbage is replaced by a record")
	toStartPage(t, ctx, url)
	assert.Contains(t, eval[string](t, ctx, cardState("dns")), "in progress: 0 of")
}

// TestProgressStorageThrows: with a storage that throws on every use the page works,
// keeps progress for the visit, and says once, quietly, that it is not kept.
func TestProgressStorageThrows(t *testing.T) {
	ctx, url := browser(t)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `for (const m of ["getItem", "setItem", "removeItem"]) {
	  Storage.prototype[m] = function () { throw new DOMException("blocked", "SecurityError"); };
	}`})
	require.NoError(t, err)
	finishHello(t, ctx, url, "en")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-lessons`), chromedp.WaitVisible(`#lesson-list li .progress-state`)))
	assert.Contains(t, eval[string](t, ctx, cardState("hello")), "completed", "kept for this visit")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#progress-unkept`)))
	assert.Contains(t, text(t, ctx, `#progress-unkept`), "progress is not kept")
}

// TestProgressGerman: the start page's progress words and the block for the teacher
// in German, with no English page words.
func TestProgressGerman(t *testing.T) {
	words := englishWords(t)
	ctx, url := browser(t)
	right, total := finishHello(t, ctx, url, "de")
	block := text(t, ctx, `#teacher-summary`)
	assert.Contains(t, block, "Für deine Lehrkraft")
	assert.Contains(t, block, fmt.Sprintf("Beim ersten Mal richtig: %d von %d", right, total))
	noEnglish(t, ctx, "end of lesson", words)
	// The start page in the language of the lesson (a reload would take the browser's).
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#nav-lessons`), chromedp.WaitVisible(`#lesson-list li .progress-state`)))
	poll(t, ctx, `document.documentElement.lang === "de"`)
	assert.Equal(t, fmt.Sprintf("abgeschlossen – %d von %d beim ersten Mal richtig", right, total), eval[string](t, ctx, cardState("hello")))
	assert.Equal(t, "noch nicht begonnen", eval[string](t, ctx, cardState("dns")))
	assert.Contains(t, text(t, ctx, `#progress-core`), "Grundkurs: 1 von")
	assert.Equal(t, "Fortschritt zurücksetzen", text(t, ctx, `#progress-reset`))
	noEnglish(t, ctx, "start page with progress", words)
}

// TestDemonstrationNotRecorded: a lesson shown with demo=1 (jumps pass the questions) says
// so on the page, in the page's language, and leaves the learner's progress as it
// was: the start page does not list it as completed.
func TestDemonstrationNotRecorded(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=hello&demo=1&lang=en")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End), chromedp.WaitVisible(`#demo-note`)))
	assert.Equal(t, "demonstration", text(t, ctx, `#demo-note`))
	assert.Equal(t, "demo=1 in the link: jumps pass the questions, and progress is not kept", eval[string](t, ctx, `document.getElementById("demo-note").title`))
	assert.Empty(t, eval[string](t, ctx, fmt.Sprintf(`localStorage.getItem(%q) || ""`, view.ProgressKey)), "nothing stored")
	toStartPage(t, ctx, url)
	assert.Equal(t, "not started", eval[string](t, ctx, cardState("hello")))
	open(t, ctx, url, "lesson=hello&demo=1&lang=de")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#demo-note`)))
	assert.Equal(t, "Vorführung", text(t, ctx, `#demo-note`))
	open(t, ctx, url, "lesson=hello&lang=en")
	assert.False(t, eval[bool](t, ctx, visible("demo-note")), "no note without demo=1")
}
