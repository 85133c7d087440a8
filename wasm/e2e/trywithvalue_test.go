//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTryItWithARecord: the try-it fault of lesson 17 carries an SPF record with spaces
// and a colon; the button applies it, the link keeps it through a reload, and Carol's
// message is refused with 550 5.7.23.
func TestTryItWithARecord(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=spf&lang=en&demo=1")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.KeyEvent(kb.End),
		chromedp.Click(`#try-button`),
		chromedp.WaitVisible(`#try .try-applied`),
	))
	showTool(t, ctx, "faults")
	assert.Contains(t, text(t, ctx, `#fault-list`), "spf-record:example.com,value=v=spf1 ip4:203.0.113.99 -all")
	hash := eval[string](t, ctx, `location.hash`)
	assert.Contains(t, hash, "fault=spf-record")
	open(t, ctx, url, hash[1:])
	showTool(t, ctx, "faults")
	assert.Contains(t, text(t, ctx, `#fault-list`), "spf-record:example.com,value=v=spf1 ip4:203.0.113.99 -all", "the link keeps the record")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-end`)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](transcript+`.includes("S: 550 5.7.23 <carol@example.com>")`))
	require.NoError(t, err, "Carol's message is refused")
}
