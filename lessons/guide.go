package lessons

import (
	"embed"
	"fmt"
	"slices"
	"strings"
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

// TeachersGuide returns the teacher's guide in a language of the course. Its HTML was
// rendered at build time (GuideFile, by lessons/guidehtml).
func TeachersGuide(lang string) (*Guide, error) {
	src, err := GuideMarkdown(lang)
	if err != nil {
		return nil, err
	}
	html, err := GuideHTML(lang)
	if err != nil {
		return nil, err
	}
	title, _, _ := strings.Cut(string(src), "\n")
	return &Guide{Lang: lang, Title: strings.TrimSpace(strings.TrimLeft(title, "#")), Markdown: string(src), HTML: html}, nil
}

// GuideFile is the name of the compiled file of the teacher's guide in lang, rendered
// at build time: "guide/LANG.html". The page fetches it as a lesson's file (Provide).
func GuideFile(lang string) string { return "guide/" + lang + ".html" }

// GuideHTML is the teacher's guide in a language of the course, rendered at build time
// (GuideFile): what the page shows, without the Markdown it was rendered from. In the
// page, an error wrapping ErrNotFetched until the page has fetched it.
func GuideHTML(lang string) (string, error) {
	if !slices.Contains(Languages, lang) {
		return "", fmt.Errorf("no teacher's guide in %q (expected %s)", lang, strings.Join(Languages, " or "))
	}
	html, err := compiledFile(GuideFile(lang))
	return string(html), err
}

// GuideMarkdown is the teacher's guide in a language of the course, as written.
func GuideMarkdown(lang string) ([]byte, error) {
	if !slices.Contains(Languages, lang) {
		return nil, fmt.Errorf("no teacher's guide in %q (expected %s)", lang, strings.Join(Languages, " or "))
	}
	return guideFiles.ReadFile("teachers/" + lang + ".md")
}
