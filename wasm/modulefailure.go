//go:build js && wasm

package main

import (
	"syscall/js"

	"smtpsim/wasm/view"
)

// moduleFailure is a module of the page that could not be loaded, as said in #problems:
// the problem and the words on show, so that a switch of language says it again while
// nothing else has been said there since (moduleFailureTexts).
type moduleFailure struct {
	problem *view.ModuleProblem
	said    string
}

// moduleProblem is why web/loader.js could not load module, from the value its load
// rejected with: an Error whose status is the server's HTTP status, 0 when no answer
// came and -1 when the module did not start; anything else is a module that did not
// start.
func moduleProblem(module string, rejected js.Value) *view.ModuleProblem {
	status := -1
	if rejected.Type() == js.TypeObject {
		if s := rejected.Get("status"); s.Type() == js.TypeNumber {
			status = s.Int()
		}
	}
	return view.ModuleFailed(module, status)
}

// sayModuleFailure says in #problems, in the page's language, that a module could not
// be loaded and what to do.
func (a *app) sayModuleFailure(p *view.ModuleProblem) {
	a.moduleFailed = moduleFailure{problem: p, said: p.Say(a.lang)}
	el := a.byID("problems")
	el.SetTextContent(a.moduleFailed.said)
	show(el, true)
}

// moduleFailureTexts says a module's failure again in the page's language after the
// learner switched it, unless #problems has gone or says something else by now.
func (a *app) moduleFailureTexts() {
	f := &a.moduleFailed
	if f.problem == nil {
		return
	}
	el := a.byID("problems")
	if el.HasAttribute("hidden") || el.TextContent() != f.said {
		*f = moduleFailure{} // something else is on show now
		return
	}
	f.said = f.problem.Say(a.lang)
	el.SetTextContent(f.said)
}
