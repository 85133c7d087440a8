//go:build interop

package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/wasm/view"
)

// TestSenderAuthModuleFailureSaysWhy: a server that answers senderauth.wasm with an
// error status, or with something that is no WebAssembly, is said in the page's words:
// the status, or that the module arrived damaged or did not start; each time the next
// try loads the module afresh and says it again.
func TestSenderAuthModuleFailureSaysWhy(t *testing.T) {
	ctx, url := browser(t)
	answers := make(chan fetch.FulfillRequestParams, 1)
	answerRequests(t, ctx, "*/senderauth.wasm", func(ev fetch.EventRequestPaused) error {
		answer := <-answers
		answer.RequestID = ev.RequestID
		_, err := chromedp.Call(ctx, fetch.FulfillRequest, answer)
		return err
	})
	for _, c := range []struct {
		lang   string
		answer fetch.FulfillRequestParams
		status int
	}{
		{"en", fetch.FulfillRequestParams{ResponseCode: 404, Body: []byte("not found")}, 404},
		{"de", fetch.FulfillRequestParams{ResponseCode: 503, Body: []byte("busy")}, 503},
		{"en", fetch.FulfillRequestParams{ResponseCode: 200, Body: []byte("no module"),
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/wasm"}}}, -1},
		{"de", fetch.FulfillRequestParams{ResponseCode: 200, Body: []byte("no module"),
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/wasm"}}}, -1},
	} {
		answers <- c.answer
		if c.lang == "de" {
			startPageInGerman(t, ctx, url)
		} else {
			reload(t, ctx, url, "")
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#lesson-list li`)))
		}
		eval[bool](t, ctx, fmt.Sprintf(`location.hash = "lesson=dkim&lang=%s"; true`, c.lang))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("problems").hidden`))
		require.NoError(t, err, "%s %d", c.lang, c.status)
		assert.Equal(t, view.ModuleFailed(view.SenderAuthModule, c.status).Say(c.lang), text(t, ctx, `#problems`))
		assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "nothing opened")
		if c.lang == "de" {
			noEnglish(t, ctx, fmt.Sprint("failed sender-authentication module ", c.status), englishWords(t))
		}
	}
}
