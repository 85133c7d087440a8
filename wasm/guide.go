//go:build js && wasm

package main

import (
	"syscall/js"

	"smtpsim/wasm/view"
)

// guideUI is the state of the teacher's guide view (fragment "teachers").
type guideUI struct {
	open  bool
	drawn string // the language of the guide on the page, "" before it is drawn
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
	if a.guide.drawn != a.lang {
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
