package lessons

import (
	"bytes"
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

//go:embed teachers/*.md
var guideFiles embed.FS

// Guide is the teacher's guide in one language: what the course teaches, plans for a
// lesson and a unit, misconceptions and how the simulator shows them.
type Guide struct {
	Lang     string
	Title    string // the text of its first heading
	Markdown string // as written (lessons/teachers/LANG.md)
	HTML     string // rendered: raw HTML dropped, links into the repository kept as text
}

// guideMarkdown renders the guide as lesson narration is rendered, with tables, which
// the plans need. Raw HTML is dropped (goldmark's default).
var guideMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(repoLinks{}, 100))),
)

// TeachersGuide returns the teacher's guide in a language of the course.
func TeachersGuide(lang string) (*Guide, error) {
	if !slices.Contains(Languages, lang) {
		return nil, fmt.Errorf("no teacher's guide in %q (expected %s)", lang, strings.Join(Languages, " or "))
	}
	src, err := guideFiles.ReadFile("teachers/" + lang + ".md")
	if err != nil {
		return nil, err
	}
	var html bytes.Buffer
	if err := guideMarkdown.Convert(src, &html); err != nil {
		return nil, fmt.Errorf("lessons/teachers/%s.md: %w", lang, err)
	}
	title, _, _ := strings.Cut(string(src), "\n")
	return &Guide{Lang: lang, Title: strings.TrimSpace(strings.TrimLeft(title, "#")), Markdown: string(src), HTML: html.String()}, nil
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
