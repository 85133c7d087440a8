package main

import (
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"

	"smtpsim/lessons"
)

// guideCommand prints the teacher's guide: the Markdown as written, or a page to
// open in a browser and print.
func guideCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("guide", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "language of the guide: en or de")
	format := fs.String("format", "text", "text (the Markdown as written) or html (a self-contained page)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{fmt.Errorf("takes no arguments, got %q", fs.Args())}
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	g, err := lessons.TeachersGuide(*lang)
	if err != nil {
		return err
	}
	switch *format {
	case "text":
		_, err = io.WriteString(stdout, g.Markdown)
		return err
	case "html":
		// The guide's HTML is goldmark output with raw HTML dropped.
		return guidePage.Execute(stdout, struct {
			Lang, Title string
			Body        template.HTML
		}{g.Lang, g.Title, template.HTML(g.HTML)})
	}
	return usageError{errors.New("--format: expected text or html")}
}

// guidePage is a page that needs nothing else: its style is inside, and it prints
// with the tables whole and no heading alone at the foot of a page.
var guidePage = template.Must(template.New("guide").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — smtpsim</title>
<style>
body { font: 11pt/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1, h2, h3 { line-height: 1.2; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.92em; }
th, td { border: 1px solid #999; padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; }
code { font-family: ui-monospace, monospace; font-size: 0.92em; background: #f3f3f3; padding: 0 0.2em; }
pre { background: #f3f3f3; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; }
pre code { background: none; padding: 0; }
@media print { body { margin: 0; max-width: none; } @page { margin: 15mm; } }
</style>
</head>
<body>
<main>
{{.Body}}
</main>
</body>
</html>
`))
