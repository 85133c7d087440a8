//go:build interop

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBudgetInThePage drops a scenario that goes past the octets budget: the page says
// so (wasm/view tests the events budget, too slow for a browser test); a file past the size budget is refused unread;
// the tab keeps working for the next lesson.
func TestBudgetInThePage(t *testing.T) {
	ctx, url := browser(t)
	// An attachment the validator allows (60 MiB) makes a message, base64 and all,
	// larger than the octets budget: the run stops at the submission, at once.
	src, err := os.ReadFile(filepath.Join("..", "..", "lessons", "scenarios", "first-mail.yaml"))
	require.NoError(t, err)
	big := strings.Replace(string(src), "    subject: Lunch on Friday?", "    subject: Lunch on Friday?\n    attachments: [{name: film.bin, size: 60MiB}]", 1)
	require.NotEqual(t, string(src), big)
	dir := t.TempDir()
	file := filepath.Join(dir, "big.yaml")
	require.NoError(t, os.WriteFile(file, []byte(big), 0o644))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html"),
		chromedp.WaitVisible(`#own-files`),
		chromedp.SetUploadFiles(`#own-files`, []string{file}),
		chromedp.WaitVisible(`#stopped`),
		chromedp.KeyEvent(kb.End),
	))
	assert.Contains(t, text(t, ctx, `#stopped`), "went past its budget of 67108864 octets of message data")

	huge := filepath.Join(dir, "huge.yaml")
	require.NoError(t, os.WriteFile(huge, make([]byte, 2<<20), 0o644))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html"),
		chromedp.WaitVisible(`#own-files`),
		chromedp.SetUploadFiles(`#own-files`, []string{huge}),
		chromedp.WaitVisible(`#problems`),
	))
	assert.Contains(t, text(t, ctx, `#problems`), "huge.yaml:1:1: the file has 2097152 octets")

	open(t, ctx, url, "lesson=first-mail&lang=en")
	assert.True(t, eval[bool](t, ctx, `document.getElementById("stopped").hidden`))
}
