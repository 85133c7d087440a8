//go:build js && wasm

package main

import "smtpsim/wasm/view"

// renderDMARCReports adds the DMARC aggregate reports that node owes so far, as
// tables; nothing when it owes none.
func (a *app) renderDMARCReports(box *elem, node string) {
	reports := a.page.DMARCReports(node)
	if len(reports) == 0 {
		return
	}
	box.AppendChild(a.el("h4", view.T(a.lang, "dmarc.heading")))
	box.AppendChild(a.el("p", view.T(a.lang, "dmarc.note")))
	for _, r := range reports {
		table := a.el("table", "")
		table.SetAttribute("class", "dmarc-report")
		table.AppendChild(a.el("caption", r.Caption))
		head := a.el("tr", "")
		for _, h := range r.Head {
			th := a.el("th", h)
			th.SetAttribute("scope", "col")
			head.AppendChild(th)
		}
		table.AppendChild(head)
		for _, row := range r.Rows {
			tr := a.el("tr", "")
			for _, cell := range row {
				tr.AppendChild(a.el("td", cell))
			}
			table.AppendChild(tr)
		}
		box.AppendChild(table)
	}
}
