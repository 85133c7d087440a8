// Package guidehtml renders the teacher's guide from Markdown to HTML, as lesson
// narration is rendered, with tables, which the plans need. go generate ./lessons runs
// it at build time (lessons/compiled/guide), so the page fetches the guide rendered and
// links neither the Markdown extensions nor their start-up work.
package guidehtml

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown drops raw HTML (goldmark's default) and turns links into the repository
// into their text.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(repoLinks{}, 100))),
)

// Render renders a guide's Markdown.
func Render(src []byte) (string, error) {
	var html bytes.Buffer
	if err := markdown.Convert(src, &html); err != nil {
		return "", err
	}
	return html.String(), nil
}

// repoLinks turns a link to a file of the repository ("../README.md") into its text:
// the file is at hand where the guide is read as Markdown, but not on the page or in a
// printed copy, where the link text names it.
type repoLinks struct{}

func (repoLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var links []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering && !strings.Contains(string(l.Destination), "://") && !strings.HasPrefix(string(l.Destination), "#") {
			links = append(links, l)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		parent := l.Parent()
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
}
