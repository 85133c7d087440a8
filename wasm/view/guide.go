package view

import (
	"net/url"
	"slices"
	"strings"

	"smtpsim/lessons"
)

// GuidePart is the link part that opens the teacher's guide: "#teachers", or with a
// language, "#teachers&lang=de".
const GuidePart = "teachers"

// GuideLink reports whether a fragment opens the teacher's guide, and the language it
// names ("" when it names none, or one the course is not written in).
func GuideLink(frag string) (lang string, ok bool) {
	q, err := url.ParseQuery(strings.TrimPrefix(frag, "#"))
	if err != nil || !q.Has(GuidePart) || q.Has("lesson") {
		return "", false
	}
	return LinkLanguage(frag), true
}

// LinkLanguage is the language a link asks for (lang= in the address fragment frag),
// "" when it asks for none the page speaks.
func LinkLanguage(frag string) string {
	q, _ := url.ParseQuery(strings.TrimPrefix(frag, "#"))
	if l := q.Get("lang"); slices.Contains(lessons.Languages, l) {
		return l
	}
	return ""
}

// GuideFragment is the link to the guide in a language.
func GuideFragment(lang string) string { return GuidePart + "&lang=" + url.QueryEscape(lang) }

// GuideHTML is the teacher's guide as the page shows it: the sanitised rendering of
// lessons.GuideHTML, each heading one level down, below the page's own heading.
func GuideHTML(lang string) (string, error) {
	html, err := lessons.GuideHTML(lang)
	if err != nil {
		return "", err
	}
	// goldmark writes headings as bare tags; text that looks like one is escaped.
	for level := 5; level >= 1; level-- {
		from, to := string(rune('0'+level)), string(rune('0'+level+1))
		html = strings.NewReplacer("<h"+from+">", "<h"+to+">", "</h"+from+">", "</h"+to+">").Replace(html)
	}
	return html, nil
}
