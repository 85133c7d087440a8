//go:build js && wasm

package main

import (
	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// openedAhead is the lesson the learner most likely opens next, opened ahead of the
// click (openNextAhead): the page for the link whose fragment is link, its world run.
type openedAhead struct {
	link     string
	page     *view.Page
	problems []string
}

// openNextAhead opens the lesson the start page offers next (prefetchNext), in idle
// time once its file has come, so that the click on it finds its world run: the first
// run of a world in a fresh page takes several times as long as the next. It is one
// lesson, in the way its link opens it (no faults, its first model), which every
// built-in lesson runs in milliseconds; a lesson that signs or checks senders is not
// opened ahead, as its world calls the module, which may not be there yet, nor is any
// before the catalog of explanations has come, as its narration looks there. The page
// keeps it until a lesson opens (open) or the start page offers another.
func (a *app) openNextAhead(state view.State) {
	link := state.Fragment()
	if view.NeedsSenderAuth(state) || a.course.opened.link == link || !lessons.Have(lessons.CatalogFile(state.Lang)) {
		return
	}
	whenIdle(func() {
		a.do(func() {
			if a.page != nil || state.Lang != a.lang || a.course.opened.link == link {
				return // the learner went on, or it is open already
			}
			page, problems := view.Open(state)
			a.course.opened = openedAhead{link: link, page: page, problems: problems}
		})
	})
}

// open is view.Open(state), or the lesson opened ahead when state is what its link
// names. Either way the page keeps no lesson opened ahead after it: the one it gives
// is the learner's now, and another one is of no use until the start page is back.
func (a *app) open(state view.State) (*view.Page, []string) {
	ahead := a.course.opened
	a.course.opened = openedAhead{}
	if ahead.page != nil && ahead.link == state.Fragment() {
		return ahead.page, ahead.problems
	}
	return view.Open(state)
}
