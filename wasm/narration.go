//go:build js && wasm

package main

import (
	"smtpsim/lessons/narrate"
)

// toldBox is the run told where it differs from the lesson's: a marked box with what
// happens in this run (where the lesson's text does not apply), and from which event
// on and for which recipients the run differs. All of it is text.
func (a *app) toldBox(t *narrate.Told) *elem {
	box := a.el("section", "")
	box.SetAttribute("id", "told")
	box.SetAttribute("class", "told")
	if t.Stale != "" {
		box.AppendChild(a.el("h4", t.Heading))
		stale := a.el("p", t.Stale)
		stale.SetAttribute("class", "stale")
		box.AppendChild(stale)
	}
	differs := a.el("p", t.Differs)
	differs.SetAttribute("class", "differs")
	box.AppendChild(differs)
	if len(t.Changed) > 0 {
		box.AppendChild(a.list("changed", t.Changed))
	}
	if t.Stale != "" {
		box.AppendChild(a.el("p", t.Now))
		box.AppendChild(a.list("standing", t.Standing))
	}
	return box
}

// list is a <ul> of text items.
func (a *app) list(class string, items []string) *elem {
	ul := a.el("ul", "")
	ul.SetAttribute("class", class)
	for _, s := range items {
		ul.AppendChild(a.el("li", s))
	}
	return ul
}
