package view

import (
	"strconv"
	"strings"

	"smtpsim/lessons"
	"smtpsim/lessons/escape"
)

// StartList is the start page's list of lessons as markup, for one insertion into the
// page: per lesson its title, path, progress, summary, duration, goals and link. Every
// text is escaped; the summary and goals are the lesson's Markdown rendered at build
// time with raw HTML left out (lessons.EntryText), inserted as they are.
func StartList(lang string, course []lessons.Entry, p *Progress) string {
	var b strings.Builder
	for _, l := range course {
		t, ok := l.Text(lang)
		if !ok {
			continue
		}
		b.WriteString(`<li data-lesson="` + esc(l.ID) + `"><h3>` + strconv.Itoa(l.Order) + ". " + esc(t.Title) + "</h3>")
		// The core path is the basic course; the other lessons go deeper.
		if l.Core {
			b.WriteString(`<p class="path core">` + esc(T(lang, "start.core")) + "</p>")
		} else {
			b.WriteString(`<p class="path optional">` + esc(T(lang, "start.optional")) + "</p>")
		}
		writeLessonState(&b, lang, p.StateOf(lang, l))
		b.WriteString(`<p class="summary">` + t.SummaryHTML + "</p>")
		b.WriteString("<p>" + esc(T(lang, "start.duration")+": "+t.Duration) + "</p>")
		b.WriteString(`<ul class="goals" aria-label="` + esc(T(lang, "start.goals")) + `">`)
		for _, g := range t.GoalsHTML {
			b.WriteString("<li>" + g + "</li>")
		}
		b.WriteString(`</ul><a href="#` + esc(State{Lesson: l.ID, Step: -1, Lang: lang}.Fragment()) + `">` + esc(T(lang, "start.open")) + "</a></li>")
	}
	return b.String()
}

// writeLessonState is a lesson's progress on its card: a meter where it has
// checkpoints, and the state in words.
func writeLessonState(b *strings.Builder, lang string, s LessonState) {
	b.WriteString(`<p class="progress-state`)
	if s.Completed {
		b.WriteString(" completed")
	}
	b.WriteString(`">`)
	if s.Max > 0 {
		label := "progress.meter"
		if s.Completed {
			label = "progress.meter.done"
		}
		b.WriteString(`<meter min="0" max="` + strconv.Itoa(s.Max) + `" value="` + strconv.Itoa(s.Value) + `" aria-label="` + esc(T(lang, label)) + `"></meter>`)
	}
	b.WriteString("<span>" + esc(s.Words) + "</span></p>")
}

// SandboxList is the start page's list of sandbox worlds as markup, every text escaped:
// per world a link with its title and a line on what it shows. A link says world=, so
// that a world and a lesson with the same id (bulk, envelope) are both reachable.
func SandboxList(lang string, ids []string) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(`<li data-world="` + esc(id) + `"><h3><a href="#` + esc(State{World: id, Step: -1, Lang: lang}.Fragment()) + `">` + esc(SandboxTitle(lang, id)) + "</a></h3>")
		if d := SandboxDescription(lang, id); d != "" {
			b.WriteString("<p>" + esc(d) + "</p>")
		}
		b.WriteString("</li>")
	}
	return b.String()
}

// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func esc(s string) string { return escape.HTML(s) }

// FaultHelpList is the fault card's list of the syntax of every fault as markup, every
// text escaped: per fault its form, what it does and an example.
func FaultHelpList(lang string) string {
	var b strings.Builder
	for _, h := range FaultHelpIn(lang) {
		b.WriteString("<dt><code>" + esc(h.Form) + "</code></dt><dd>" + esc(h.Text+" ") +
			"<span>" + esc(T(lang, "faults.help.example")+" ") + "</span><code>" + esc(h.Example) + "</code></dd>")
	}
	return b.String()
}

// keyHelp are the keys the help card explains, each with its words.
var keyHelp = [...][2]string{{"key.space", "help.space"}, {"←", "help.left"}, {"→", "help.right"}, {"key.home", "help.home"}, {"key.end", "help.end"}, {"t", "help.tools"}, {"p", "help.presenter"}, {"key.escape", "help.escape"}, {"?", "help.question"}}

// KeyHelpList is the help card's list of keys as markup, every text escaped.
func KeyHelpList(lang string) string {
	var b strings.Builder
	for _, k := range keyHelp {
		b.WriteString("<dt><kbd>" + esc(T(lang, k[0])) + "</kbd></dt><dd>" + esc(T(lang, k[1])) + "</dd>")
	}
	return b.String()
}
