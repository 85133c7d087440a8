//go:build js && wasm

package main

import (
	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// renderStart lists the lessons — title, summary, duration, goals — and the sandbox
// worlds, each with a title and a line on what it shows. Each list goes in as one piece
// of markup with every text escaped (view.StartList, view.SandboxList): built node by
// node, the lesson list took a few hundred calls into the page at every start.
func (a *app) renderStart() {
	course := lessons.Index()
	a.renderProgressHead(course)
	a.byID("lesson-list").SetInnerHTML(view.StartList(a.lang, course, a.progress()))
	a.prefetchNext(course)
	a.byID("sandbox-list").SetInnerHTML(view.SandboxList(a.lang, lessons.ScenarioIDs()))
}
