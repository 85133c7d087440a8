//go:build interop

// A test that prints the HTML handout in Debian's chromium, as a teacher would, and
// reads the PDF back with pdftotext (poppler-utils).

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
)

// printPDF loads an HTML file in headless chromium and prints it to PDF as the print
// dialog would (A4 from the page's @page rule, no backgrounds), and lists every URL
// the page asked for.
func printPDF(t *testing.T, file string) (pdf []byte, requests []string) {
	t.Helper()
	chromium := requireProgram(t, "chromium", "apt-get install -y chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()
	var mu sync.Mutex
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, r.Request.URL)
			mu.Unlock()
		}
	}), "starting %s", chromium)
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitReady("body")))
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: new(true)})
	require.NoError(t, err, "printing %s in %s", file, chromium)
	mu.Lock()
	defer mu.Unlock()
	return res.Data, requests
}

// pdfPages returns the text of each page of a PDF: pdftotext ends every page with a
// form feed.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin := requireProgram(t, "pdftotext", "apt-get install -y poppler-utils")
	file := filepath.Join(t.TempDir(), "handout.pdf")
	require.NoError(t, os.WriteFile(file, pdf, 0o644))
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").Output()
	require.NoError(t, err, "pdftotext")
	pages := strings.Split(string(out), "\f")
	if pages[len(pages)-1] == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// TestHandoutPrints: the HTML handout of a lesson loads nothing but itself, prints to
// PDF, and its answer key starts on a new page after the page of the last question;
// without answers there is no key.
func TestHandoutPrints(t *testing.T) {
	tests := []struct{ lesson, lang, question, key string }{
		{"envelope", "en", "Question", "Answer key — "},
		{"trouble-that-stays", "de", "Frage", "Lösungen — "},
		{"journey", "de", "Frage", "Lösungen — "},
	}
	for _, tc := range tests {
		t.Run(tc.lesson+"/"+tc.lang, func(t *testing.T) {
			l, err := lessons.Find(tc.lesson)
			require.NoError(t, err)
			title := l.Texts[tc.lang].Title
			last := tc.question + " " + strconv.Itoa(len(l.Checkpoints))
			for _, answers := range []bool{true, false} {
				args := []string{"run", tc.lesson, "--format", "html", "--lang", tc.lang}
				if !answers {
					args = append(args, "--no-answers")
				}
				code, out, errOut := runCLI(args...)
				require.Equal(t, 0, code, errOut)
				file := filepath.Join(t.TempDir(), tc.lesson+".html")
				require.NoError(t, os.WriteFile(file, []byte(out), 0o644))

				pdf, requests := printPDF(t, file)
				assert.Equal(t, []string{"file://" + file}, requests, "the handout loads nothing but itself")
				pages := pdfPages(t, pdf)
				require.Greater(t, len(pages), 1)
				questionPage, keyPage := -1, -1
				// A long title wraps: the key's heading is looked for in the page's words.
				flat := func(p string) string { return strings.Join(strings.Fields(p), " ") }
				for i, p := range pages {
					for line := range strings.SplitSeq(p, "\n") {
						if strings.TrimSpace(line) == last {
							questionPage = i
						}
					}
					if keyPage < 0 && strings.Contains(flat(p), tc.key+title) {
						keyPage = i
					}
				}
				require.GreaterOrEqual(t, questionPage, 0, "%q is printed", last)
				if !answers {
					assert.Negative(t, keyPage, "--no-answers prints no key")
					continue
				}
				require.GreaterOrEqual(t, keyPage, 0, "the key %q is printed", tc.key+title)
				assert.Greater(t, keyPage, questionPage, "the key comes after the page of the last question")
				first := flat(pages[keyPage])
				assert.True(t, strings.HasPrefix(first, tc.key+title), "the key starts a new page; page %d starts %.80q", keyPage+1, first)
				assert.Contains(t, strings.Join(pages[keyPage:], "\f"), tc.question+" "+strconv.Itoa(len(l.Checkpoints))+" · ", "every answer is in the key")
			}
		})
	}
}

// TestFaultyRunHandoutPrints: the HTML handout of a run with a fault prints the note
// where it starts to differ from the lesson's, its changed recipient, and the run told
// from the trace where the lesson's step no longer holds.
func TestFaultyRunHandoutPrints(t *testing.T) {
	for _, tc := range []struct{ lang, differs, told string }{
		{"en", "With your change this run differs from the lesson from step", "What happens in your run"},
		{"de", "Mit deiner Änderung verläuft dieser Durchlauf ab Schritt", "Was in deinem Durchlauf passiert"},
	} {
		code, out, errOut := runCLI("run", "one-message", "--format", "html", "--lang", tc.lang, "--fault", "unknown-user:bob@example.net")
		require.Equal(t, 0, code, errOut)
		file := filepath.Join(t.TempDir(), "one-message.html")
		require.NoError(t, os.WriteFile(file, []byte(out), 0o644))
		pdf, _ := printPDF(t, file)
		printed := strings.Join(strings.Fields(strings.Join(pdfPages(t, pdf), " ")), " ")
		assert.Contains(t, printed, "! "+tc.differs, "%s: the note, marked", tc.lang)
		assert.Contains(t, printed, "m1 → bob@example.net: ", tc.lang)
		assert.Contains(t, printed, tc.told, tc.lang)
	}
}
