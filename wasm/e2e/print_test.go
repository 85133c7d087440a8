//go:build interop

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrintIsAHandout: printing a lesson (the Print button calls the browser's print)
// gives a clean handout — the lesson text, the question, the network and the sequence
// diagram, one below the other, in full — and no controls or tools; in both languages.
func TestPrintIsAHandout(t *testing.T) {
	for _, tt := range []struct{ lang, print, key string }{{"en", "Print", "envelope: the message, where it is"}, {"de", "Drucken", "Umschlag: wo die Nachricht gerade ist"}} {
		t.Run(tt.lang, func(t *testing.T) {
			ctx, url := browser(t)
			open(t, ctx, url, "lesson=one-message&lang="+tt.lang)
			stepUntil(t, ctx, `document.querySelectorAll("#ladder g.arrow").length >= 12`)
			assert.Equal(t, tt.print, text(t, ctx, `#ctl-print`))
			title := text(t, ctx, `#lesson-title`)
			narration := text(t, ctx, `#narration`)
			require.NotEmpty(t, narration)
			// The controls' words, read on the screen: on paper they are not shown.
			controls := []string{tt.print, text(t, ctx, `#ctl-tools`), text(t, ctx, `#ctl-presenter`)}
			for _, w := range controls {
				require.NotEmpty(t, w)
			}

			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			require.NoError(t, err)
			shown := func(sel string) bool {
				return eval[bool](t, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`); return !!e && getComputedStyle(e).display !== "none" && e.getClientRects().length > 0 })()`)
			}
			for _, sel := range []string{"#controls", "#ctl-tools", "#ctl-print", ".bar", "#tools"} {
				assert.False(t, shown(sel), "%s is not printed", sel)
			}
			for _, sel := range []string{"#lesson-title", "#narration", "#topology", "#ladder"} {
				assert.True(t, shown(sel), "%s is printed", sel)
			}
			// The diagram is printed whole: its box is not cut by a scrolling frame.
			assert.True(t, eval[bool](t, ctx, `(() => { const w = document.getElementById("ladder-wrap"), s = document.getElementById("ladder");
				return w.scrollHeight <= w.clientHeight + 1 && s.getBoundingClientRect().height > 100 })()`), "the whole diagram")

			res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{})
			require.NoError(t, err)
			got := pdfText(t, res.Data)
			assert.Contains(t, got, title)
			first := strings.Fields(narration)
			assert.Contains(t, strings.Join(strings.Fields(got), " "), strings.Join(first[:min(6, len(first))], " "), "the lesson text")
			assert.Contains(t, strings.Join(strings.Fields(got), " "), tt.key, "the network's legend is printed, though closed on the screen")
			for _, w := range controls {
				assert.NotContains(t, got, w, "no controls on paper")
			}
		})
	}
}

// pdfText is the text of a PDF, read back with pdftotext (poppler-utils).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := requireProgram(t, "pdftotext", "apt-get install -y poppler-utils")
	file := filepath.Join(t.TempDir(), "lesson.pdf")
	require.NoError(t, os.WriteFile(file, pdf, 0o644))
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").Output()
	require.NoError(t, err, "pdftotext")
	return string(out)
}
