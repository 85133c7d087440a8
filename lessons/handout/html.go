package handout

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"smtpsim/sim/render"
)

var (
	//go:embed handout.html.tmpl
	pageSource string
	//go:embed handout.css
	pageStyle string
)

// page is the handout's HTML. html/template escapes every text; only the sanitised
// output of goldmark (lessons.Section.HTML, raw HTML left out) and the diagram's
// markup, whose texts render escapes, go in as they are.
var page = template.Must(template.New("handout").Funcs(template.FuncMap{
	"say":     func(string, ...any) string { return "" }, // per sheet, see WriteHTML
	"css":     func() template.CSS { return template.CSS(pageStyle + render.DiagramStyle()) },
	"trusted": func(s string) template.HTML { return template.HTML(s) },
	"inline":  func(s string) template.HTML { return template.HTML(unwrap(s)) },
	"inc":     func(i int) int { return i + 1 },
}).Parse(pageSource))

// WriteHTML writes the sheet as one self-contained HTML page that prints as a
// worksheet: no script, nothing to load, its style inline; with answers, the answer
// key follows on pages of its own.
func (s *Sheet) WriteHTML(w io.Writer) error {
	t, err := page.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{"say": s.say})
	return t.Execute(w, s)
}

// unwrap takes a single paragraph out of its <p>, for text that stands in a line.
func unwrap(html string) string {
	inner, ok := strings.CutPrefix(html, "<p>")
	if !ok {
		return html
	}
	inner, ok = strings.CutSuffix(inner, "</p>")
	if !ok || strings.Contains(inner, "<p>") {
		return html
	}
	return inner
}
