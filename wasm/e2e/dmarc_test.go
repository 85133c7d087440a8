//go:build interop

package e2e

import (
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDMARCReportInInspector: at the end of a run whose receiver checks a domain that
// asks for reports, the receiver's inspector shows the aggregate report as a table
// with the run's counts, accessible, and in German on the German page.
func TestDMARCReportInInspector(t *testing.T) {
	ctx, url := browser(t)
	file, err := filepath.Abs(filepath.Join("..", "..", "cmd", "smtpsim", "testdata", "dmarc-report.yaml"))
	require.NoError(t, err)
	for _, lang := range []string{"en", "de"} {
		if lang == "de" {
			startPageInGerman(t, ctx, url)
		} else {
			require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/index.html#"), chromedp.WaitVisible(`#own-files`)))
		}
		require.NoError(t, chromedp.Do(ctx,
			chromedp.SetUploadFiles(`#own-files`, []string{file}),
			chromedp.WaitVisible(`#lesson-title`),
		))
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#ctl-end`)))
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#topology g[data-node="mx.example.net"]`)))
		showTool(t, ctx, "inspect")
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#inspect table.dmarc-report`)))
		cells := eval[[]string](t, ctx, `[...document.querySelectorAll("#inspect table.dmarc-report td")].map(td => td.textContent)`)
		want := map[string][]string{
			"en": {"192.0.2.20", "2", "delivered (none)", "yes (pass)", "no (fail)", "dkim=pass example.org, spf=fail example.org (MAIL FROM)"},
			"de": {"192.0.2.20", "2", "zugestellt (none)", "ja (pass)", "nein (fail)", "dkim=pass example.org, spf=fail example.org (MAIL FROM)"},
		}[lang]
		assert.Equal(t, want, cells, lang)
		assert.Contains(t, eval[string](t, ctx, `document.querySelector("#inspect table.dmarc-report caption").textContent`), "p=quarantine")
		requireAccessible(t, ctx, "DMARC report "+lang)
		if lang == "de" {
			noEnglish(t, ctx, "DMARC report", englishWords(t))
		}
	}
}
