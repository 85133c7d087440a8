//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// answerRequests has the browser hold every request whose address matches pattern
// and hands each to answer, on a goroutine of its own, which tells the browser what
// to do with it (fetch.FulfillRequest, FailRequest, ContinueRequest) or leaves it held
// for the test to answer later by its ID. An error answering fails the test, unless the
// browser is gone.
func answerRequests(t *testing.T, ctx contextT, pattern string, answer func(ev fetch.EventRequestPaused) error) {
	t.Helper()
	go func() {
		for ev, err := range chromedp.Events(ctx, fetch.RequestPaused) {
			if err != nil {
				return
			}
			go func() {
				if err := answer(ev); err != nil && ctx.Err() == nil {
					t.Errorf("answering %s: %v", ev.Request.URL, err)
				}
			}()
		}
	}()
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: pattern}}})
	require.NoError(t, err)
}

// holdRequests holds every request whose address matches pattern and sends its ID on
// the channel it returns (of room n), for the test to answer.
func holdRequests(t *testing.T, ctx contextT, pattern string, n int) <-chan fetch.RequestID {
	t.Helper()
	held := make(chan fetch.RequestID, n)
	answerRequests(t, ctx, pattern, func(ev fetch.EventRequestPaused) error {
		held <- ev.RequestID
		return nil
	})
	return held
}
