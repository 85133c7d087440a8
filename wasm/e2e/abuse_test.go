//go:build interop

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSpoofFromTheMenuInGerman: on the German page of lesson 16 the menu of a machine
// with mailboxes offers spoof with its German line; chosen, a machine outside forges a
// message to it, the transcript tells it in German, and the page stays German and
// accessible.
func TestSpoofFromTheMenuInGerman(t *testing.T) {
	words := englishWords(t)
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=who-sent-this&lang=de&demo=1")
	stepUntil(t, ctx, `document.querySelectorAll("#ladder g.arrow").length >= 3`)
	const spoof = `#fault-menu button[data-spec="spoof:mx.example.com"]`
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(`#topology g[data-node="mx.example.com"]`),
		chromedp.WaitVisible(spoof),
	))
	assert.Contains(t, text(t, ctx, spoof), "Ein Rechner von außerhalb schickt diesem Server direkt an Port 25 eine gefälschte Nachricht")
	noEnglish(t, ctx, "fault menu with spoof", words)
	requireAccessible(t, ctx, "fault menu with spoof")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(spoof), chromedp.WaitNotVisible(`#fault-menu`)))
	assert.Contains(t, text(t, ctx, `#fault-list`), "spoof:mx.example.com")
	// Up to the refusal of the forged message (before the IMAP fetches, whose replies
	// the page quotes as the server sent them).
	stepUntil(t, ctx, transcript+`.includes("S: 550 5.7.23")`)
	log := eval[string](t, ctx, transcript)
	assert.Contains(t, log, "bot.attacker.example fälscht eine Nachricht an mx.example.com")
	assert.Contains(t, log, "S: 550 5.7.23 <alice@example.org>: Sender address rejected: SPF fail")
	noEnglish(t, ctx, "lesson 16 with a forged message", words)
	requireAccessible(t, ctx, "lesson 16 with a forged message")
}
