package view

import (
	"strconv"
	"strings"

	"smtpsim/sim/dmarcreport"
)

// Table is a table the page draws as it is: a caption, column heads, rows of cells.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// DMARCReports are the DMARC aggregate reports (RFC 7489 §7.2) that host owes the
// domains asking for them, compiled from the checks it made up to the current step,
// one table each; none when it checked no such domain's mail yet.
func (p *Page) DMARCReports(host string) []Table {
	var out []Table
	for _, r := range dmarcreport.Build(p.Trace.Range(0, p.Step+1), p.Scenario.DNS, p.World.Addresses(), p.Trace.Start) {
		if r.Reporter != host {
			continue
		}
		t := Table{
			Caption: T(p.Lang, "dmarc.caption", r.Policy.Domain, strings.Join(r.RUA, ", "), r.Policy.P,
				p.Trace.Clock(r.Begin.Sub(p.Trace.Start)), p.Trace.Clock(r.End.Sub(p.Trace.Start))),
			Head: []string{T(p.Lang, "dmarc.ip"), T(p.Lang, "dmarc.count"), T(p.Lang, "dmarc.disposition"),
				T(p.Lang, "dmarc.dkim"), T(p.Lang, "dmarc.spf"), T(p.Lang, "dmarc.checks")},
		}
		for _, row := range r.Rows {
			var checks []string
			for _, d := range row.DKIMResults {
				checks = append(checks, "dkim="+d.Result+" "+d.Domain)
			}
			s := row.SPFResult
			if s.Result != "" {
				checks = append(checks, "spf="+s.Result+" "+s.Domain+" ("+T(p.Lang, "dmarc.scope."+s.Scope)+")")
			}
			t.Rows = append(t.Rows, []string{row.SourceIP, strconv.Itoa(row.Count), T(p.Lang, "dmarc.disp."+row.Disposition),
				T(p.Lang, "dmarc.aligned."+row.DKIM), T(p.Lang, "dmarc.aligned."+row.SPF),
				strings.Join(checks, ", ")})
		}
		out = append(out, t)
	}
	return out
}
