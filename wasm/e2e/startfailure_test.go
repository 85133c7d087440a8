//go:build interop

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStartFailureSaysWhy: when main.wasm itself does not come or does not start, the
// loader says so before any Go runs, in the language the page would have taken (lang=
// in the address, else the browser's), in its own words — no answer, the server's
// status, or a damaged module — never the browser's.
func TestStartFailureSaysWhy(t *testing.T) {
	ctx, url := browser(t)
	type answer struct {
		fail    bool // no answer at all
		fulfill fetch.FulfillRequestParams
	}
	answers := make(chan answer, 1)
	answerRequests(t, ctx, "*/main*.wasm", func(ev fetch.EventRequestPaused) (err error) {
		a := <-answers
		if a.fail {
			_, err = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonFailed})
		} else {
			a.fulfill.RequestID = ev.RequestID
			_, err = chromedp.Call(ctx, fetch.FulfillRequest, a.fulfill)
		}
		return err
	})
	notWasm := fetch.FulfillRequestParams{ResponseCode: 200, Body: []byte("no module"),
		ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/wasm"}}}
	for _, c := range []struct {
		frag   string
		answer answer
		want   string
	}{
		{"", answer{fulfill: fetch.FulfillRequestParams{ResponseCode: 503, Body: []byte("busy")}},
			"The simulator could not start: the server answered with status 503. Reload the page; if it stays so, tell whoever runs this site."},
		{"lang=de", answer{fulfill: fetch.FulfillRequestParams{ResponseCode: 404, Body: []byte("not found")}},
			"Der Simulator konnte nicht starten: Der Server hat mit dem Status 404 geantwortet. Lade die Seite neu; bleibt es dabei, wende dich an die Person, die diese Seite betreibt."},
		{"lesson=journey&lang=de", answer{fail: true},
			"Der Simulator konnte nicht starten: Der Server hat nicht geantwortet. Prüfe die Verbindung und lade die Seite dann neu."},
		{"lang=en", answer{fail: true},
			"The simulator could not start: the server did not answer. Check the connection, then reload the page."},
		{"lang=de", answer{fulfill: notWasm},
			"Der Simulator konnte nicht starten: Sein Programm (main.wasm) ist beschädigt angekommen, oder dieser Browser kann es nicht ausführen. Lade die Seite neu oder öffne sie in einem aktuellen Browser."},
		{"", answer{fulfill: notWasm},
			"The simulator could not start: its program (main.wasm) arrived damaged, or this browser cannot run it. Reload the page, or open it in a current browser."},
	} {
		answers <- c.answer
		reload(t, ctx, url, c.frag)
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#loading-error`)), c.frag)
		got := text(t, ctx, `#loading-error`)
		assert.Equal(t, c.want, got, c.frag)
		if strings.Contains(c.frag, "lang=de") {
			noEnglishIn(t, "start failure at "+c.frag, got, englishWords(t))
		}
	}
}
