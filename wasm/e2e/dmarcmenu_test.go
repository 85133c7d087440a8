//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDMARCPolicyFaultMenu: in the world of lesson 19, on the German page, the DNS offers
// dmarc-policy for the From: domain that the run checks, worded in German; choosing it
// makes Bob's server refuse the message that fails DMARC with 550 5.7.1. The receiving
// server offers it too, the relay does not.
func TestDMARCPolicyFaultMenu(t *testing.T) {
	ctx, url := browser(t)
	open(t, ctx, url, "world=dmarc&lang=de")
	const spec = `#fault-menu button[data-spec="dmarc-policy:example.org,value=reject"]`
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="dns"]`),
		chromedp.WaitVisible(spec),
	))
	assert.Contains(t, text(t, ctx, spec), "Die DMARC-Richtlinie p= der Domain lautet value=")
	requireAccessible(t, ctx, "fault menu with dmarc-policy")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#fault-menu-close`), chromedp.WaitNotVisible(`#fault-menu`)))

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="relay.example.org"]`),
		chromedp.WaitVisible(`#fault-menu button[data-spec="down:relay.example.org,until=30m"]`),
	))
	assert.NotContains(t, text(t, ctx, `#fault-menu-list`), "dmarc-policy", "the relay checks no DMARC")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#fault-menu-close`), chromedp.WaitNotVisible(`#fault-menu`)))

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="mx.example.net"]`),
		chromedp.WaitVisible(spec),
		chromedp.Click(spec),
		chromedp.WaitNotVisible(`#fault-menu`),
	))
	assert.Contains(t, text(t, ctx, `#fault-list`), "dmarc-policy:example.org,value=reject")
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](transcript+`.includes("S: 550 5.7.1 Rejected by DMARC policy for example.org")`))
	require.NoError(t, err, "Bob's server refuses the message that fails DMARC")
}
