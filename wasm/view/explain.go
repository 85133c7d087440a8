package view

import (
	"strconv"

	"smtpsim/lessons/catalog"
	"smtpsim/sim/render"
)

// Explanation is what the page says about a reply: plain words, the codes, the RFC.
type Explanation struct {
	Title, Text, RFC string
	Code, Status     string
}

// Explain looks up a reply's or decision's reason key in the catalog, falling back to
// its reply code. code and status are the event's fields (code 0: no server replied).
func Explain(lang, reason string, code int, status string) (Explanation, bool) {
	ex := Explanation{Status: status}
	if code != 0 {
		ex.Code = strconv.Itoa(code)
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

// ClassLabel names a class of reply or outcome with its icon, in words: "✓ success".
func ClassLabel(lang, class string) string { return render.Icon(class) + " " + T(lang, "class."+class) }
