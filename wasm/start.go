//go:build js && wasm

package main

import (
	"fmt"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// renderStart lists the lessons — title, summary, duration, goals — and the sandbox
// worlds, each with a title and a line on what it shows. A sandbox link says world=,
// so that a world and a lesson with the same id (bulk, envelope) are both reachable.
func (a *app) renderStart() {
	list := a.byID("lesson-list")
	clear(list)
	course := lessons.Index()
	a.renderProgressHead(course)
	for _, l := range course {
		t, ok := l.Texts[a.lang]
		if !ok {
			continue
		}
		li := a.el("li", "")
		li.SetAttribute("data-lesson", l.ID)
		li.AppendChild(a.el("h3", fmt.Sprintf("%d. %s", l.Order, t.Title)))
		// The core path is the basic course; the other lessons go deeper.
		path := a.el("p", view.T(a.lang, "start.optional"))
		path.SetAttribute("class", "path optional")
		if l.Core {
			path.SetTextContent(view.T(a.lang, "start.core"))
			path.SetAttribute("class", "path core")
		}
		li.AppendChild(path)
		li.AppendChild(a.lessonState(l))
		summary := a.el("p", "")
		summary.SetAttribute("class", "summary")
		// Goldmark output of the lesson's Markdown with raw HTML left out, as narration.
		summary.SetInnerHTML(t.SummaryHTML)
		li.AppendChild(summary)
		li.AppendChild(a.el("p", view.T(a.lang, "start.duration")+": "+t.Duration))
		goals := a.el("ul", "")
		goals.SetAttribute("class", "goals")
		goals.SetAttribute("aria-label", view.T(a.lang, "start.goals"))
		for _, g := range t.GoalsHTML {
			li := a.el("li", "")
			li.SetInnerHTML(g) // rendered as the summary
			goals.AppendChild(li)
		}
		li.AppendChild(goals)
		link := a.el("a", view.T(a.lang, "start.open"))
		link.SetAttribute("href", "#"+view.State{Lesson: l.ID, Step: -1, Lang: a.lang}.Fragment())
		li.AppendChild(link)
		list.AppendChild(li)
	}
	a.preloadLessons(course)
	sand := a.byID("sandbox-list")
	clear(sand)
	for _, id := range lessons.ScenarioIDs() {
		li := a.el("li", "")
		li.SetAttribute("data-world", id)
		link := a.el("a", view.SandboxTitle(a.lang, id))
		link.SetAttribute("href", "#"+view.State{World: id, Step: -1, Lang: a.lang}.Fragment())
		head := a.el("h3", "")
		head.AppendChild(link)
		li.AppendChild(head)
		if d := view.SandboxDescription(a.lang, id); d != "" {
			li.AppendChild(a.el("p", d))
		}
		sand.AppendChild(li)
	}
}
