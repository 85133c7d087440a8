//go:build js && wasm

package main

import (
	"syscall/js"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// guideUI is the state of the teacher's guide view (fragment "teachers").
type guideUI struct {
	open  bool
	drawn string // the language of the guide on the page, "" before it is drawn
	asked string // the guide's file last fetched for the view; routeGuide forgets it
}

// routeGuide opens the guide when the fragment names it and reports whether it did;
// any other fragment closes it.
func (a *app) routeGuide(frag string) bool {
	lang, ok := view.GuideLink(frag)
	a.guide.open = ok
	if !ok {
		return false
	}
	if lang != "" {
		a.lang = lang
	}
	a.guide.asked = "" // following the link again is a new try
	if a.playing {
		close(a.stop)
		a.playing = false
	}
	a.page = nil
	a.showProblems(nil)
	a.render()
	return true
}

// renderGuide shows the guide instead of the start page or a lesson, when it is open,
// and reports whether it is.
func (a *app) renderGuide() bool {
	if a.page != nil {
		a.guide.open = false // a lesson was opened from the guide (a dropped file)
	}
	el := a.byID("teachers")
	show(el, a.guide.open)
	if !a.guide.open {
		return false
	}
	show(a.byID("start"), false)
	show(a.byID("lesson"), false)
	if file := lessons.GuideFile(a.lang); a.guide.drawn != a.lang && (!lessons.Have(file) || !view.HavePhrases(a.lang)) {
		// The module does not carry the guide, nor the page's words in a language
		// but English: they are fetched as a lesson's file is, once per opening (a
		// failed fetch offers to try again), and the guide is drawn when they have come.
		if a.guide.asked != file {
			a.guide.asked = file
			a.fetchCourse(append(view.PhrasesIn(a.lang), file), "", a.render)
		}
	} else if a.guide.drawn != a.lang {
		html, err := view.GuideHTML(a.lang)
		if err != nil {
			html = ""
		}
		// The guide is goldmark output with raw HTML dropped: safe to insert as HTML.
		a.byID("teachers-guide").SetInnerHTML(html)
		a.guide.drawn = a.lang
		js.Global().Call("scrollTo", 0, 0)
	}
	// The link keeps the language, as a lesson's link does.
	js.Global().Get("history").Call("replaceState", nil, "", "#"+view.GuideFragment(a.lang))
	return true
}

// guideTexts are the words around the guide in the page's language.
func (a *app) guideTexts() {
	a.text("nav-teachers", view.T(a.lang, "nav.teachers"))
	a.attr("teachers", "aria-label", view.T(a.lang, "nav.teachers"))
}
