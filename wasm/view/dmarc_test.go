package view_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/wasm/view"
)

// TestDMARCReports: the inspector of the receiving server shows the aggregate report
// it owes example.org, counted up to the current step, in the page's language; other
// machines and the steps before its first check show none.
func TestDMARCReports(t *testing.T) {
	for _, tc := range []struct {
		lang    string
		caption string
		head    []string
		row     []string
	}{
		{"en", "From: example.org, for mailto:dmarc@example.org — published policy p=quarantine — from 09:00:00.000 to ",
			[]string{"Sending address", "Messages", "What the server did", "DKIM aligned", "SPF aligned", "Checks"},
			[]string{"192.0.2.20", "2", "delivered (none)", "yes (pass)", "no (fail)", "dkim=pass example.org, spf=fail example.org (MAIL FROM)"}},
		{"de", "From: example.org, an mailto:dmarc@example.org – veröffentlichte Richtlinie p=quarantine – von 09:00:00.000 bis ",
			[]string{"Absenderadresse (IP)", "Nachrichten", "Was der Server tat", "DKIM ausgerichtet", "SPF ausgerichtet", "Prüfungen"},
			[]string{"192.0.2.20", "2", "zugestellt (none)", "ja (pass)", "nein (fail)", "dkim=pass example.org, spf=fail example.org (MAIL FROM)"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			p, problems := view.LoadOwn(picked(t, "../../cmd/smtpsim/testdata", "dmarc-report.yaml"), tc.lang, compileOwn)
			require.Empty(t, problems)
			p.Seek(0)
			assert.Empty(t, p.DMARCReports("mx.example.net"), "no check made yet")
			p.End()
			reports := p.DMARCReports("mx.example.net")
			require.Len(t, reports, 1)
			assert.Contains(t, reports[0].Caption, tc.caption)
			assert.Equal(t, tc.head, reports[0].Head)
			assert.Equal(t, [][]string{tc.row}, reports[0].Rows)
			assert.Empty(t, p.DMARCReports("relay.example.org"))

			// Between the two messages' checks the count is 1.
			for i := range p.Trace.Len() {
				p.Seek(i)
				if r := p.DMARCReports("mx.example.net"); len(r) == 1 {
					assert.Equal(t, "1", r[0].Rows[0][1], "at step %d, after the first check", i)
					return
				}
			}
			t.Fatal("no step shows a report")
		})
	}
}
