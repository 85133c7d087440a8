//go:build interop

package e2e

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// TestSinceNoteAboveNarration: deep in the retries of "Trouble that stays" the lesson's
// text about the first wait in the queue is still on screen; the note above it says
// which step the text is about and what the latest retry was, as the page's model
// says it, in the page's language; a step back to the first wait takes it away.
func TestSinceNoteAboveNarration(t *testing.T) {
	ctx, url := browser(t)
	for _, lang := range []string{"de", "en"} {
		p, problems := view.Open(view.State{Lesson: "trouble-that-stays", Step: -1, Lang: lang, Demo: true})
		require.Empty(t, problems)
		var defers []int
		for i, e := range p.Trace.All() {
			if e.Kind == trace.KindDefer && e.Rcpt == "erin@example.com" {
				defers = append(defers, i)
			}
		}
		require.Greater(t, len(defers), 30)
		p.Seek(defers[30] + 1)
		want := p.Since()
		require.NotEmpty(t, want)

		reload(t, ctx, url, "lesson=trouble-that-stays&demo=1&lang="+lang+"&step="+strconv.Itoa(defers[30]+1))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("narration-since").hidden &&
			document.getElementById("narration-since").textContent === `+jsString(want)))
		require.NoError(t, err, "%s: the note above the text", lang)
		assert.True(t, eval[bool](t, ctx, `!!(document.getElementById("narration-since").compareDocumentPosition(document.getElementById("narration")) & Node.DOCUMENT_POSITION_FOLLOWING)`), "above the text")

		eval[bool](t, ctx, `location.hash = "lesson=trouble-that-stays&demo=1&lang=`+lang+`&step=`+strconv.Itoa(defers[0])+`"; true`)
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("narration-since").hidden &&
			document.getElementById("scrubber").value === `+jsString(strconv.Itoa(defers[0]))))
		require.NoError(t, err, "%s: at the event the text is about, no note", lang)
	}
}
