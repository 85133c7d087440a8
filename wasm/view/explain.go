package view

import (
	"strings"

	"smtpsim/lessons/catalog"
)

// Explanation is what the page says about a reply: plain words, the codes, the RFC.
type Explanation struct {
	Title, Text, RFC string
	Code, Status     string
}

// Explain looks up a reply's reason key in the catalog, falling back to its bare
// reply code and enhanced status code.
func Explain(lang, reason, line string) (Explanation, bool) {
	var ex Explanation
	fields := strings.Fields(line)
	if len(fields) > 0 && len(fields[0]) >= 3 && fields[0][0] >= '2' && fields[0][0] <= '5' {
		ex.Code = fields[0][:3]
		if len(fields) > 1 && strings.Count(fields[1], ".") == 2 {
			ex.Status = fields[1]
		}
	}
	if e, ok := catalog.Reason(lang, reason); ok {
		ex.Title, ex.Text, ex.RFC = e.Title, e.Text, e.RFC
		return ex, true
	}
	if ex.Code != "" {
		if e, ok := catalog.Code(lang, ex.Code); ok {
			ex.Title, ex.Text, ex.RFC = e.Title, e.Text, e.RFC
			return ex, true
		}
	}
	return ex, false
}

// ExplainStatus explains an enhanced status code such as "5.1.1".
func ExplainStatus(lang, status string) (Explanation, bool) {
	e, ok := catalog.Code(lang, status)
	return Explanation{Title: e.Title, Text: e.Text, RFC: e.RFC, Status: status}, ok
}
