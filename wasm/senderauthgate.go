//go:build js && wasm

package main

import (
	"syscall/js"

	"smtpsim/wasm/view"
)

// senderAuthUI is the state of loading the sender-authentication module: which request
// the page still waits for. Only the latest counts: a newer request, or a route to
// elsewhere, drops the one before, so that a late load never opens what the learner
// left.
type senderAuthUI struct {
	waiting int
}

// senderAuthLoaded reports whether the sender-authentication module is there to call.
func senderAuthLoaded() bool {
	return js.Global().Get("smtpsimSenderAuthCall").Type() == js.TypeFunction
}

// senderAuthAhead has web/loader.js load the sender-authentication module before the
// learner opens a lesson that needs it (its link has the pointer or the focus, or it is
// the next lesson), so that the click does not wait for it. A failed load says
// nothing now: the click loads the module again (the loader forgets a failed load),
// and says why if that fails too.
func senderAuthAhead() {
	if !senderAuthLoaded() {
		js.Global().Call("smtpsimSenderAuth").Call("catch", ignore)
	}
}

// ignore is a JS function that does nothing, for a promise whose failure is handled
// elsewhere.
var ignore = js.FuncOf(func(js.Value, []js.Value) any { return nil })

// needSenderAuth calls then at once when need is false or the sender-authentication
// module is loaded. Otherwise it has web/loader.js load the module, says so on the
// page meanwhile, and calls then on the UI goroutine once the module is there. A
// module that cannot be loaded is a problem on the page, which stays as it was; then
// is not called, and the next try loads the module afresh.
func (a *app) needSenderAuth(need bool, then func()) {
	if !need || senderAuthLoaded() {
		then()
		return
	}
	a.senderAuth.waiting++
	waiting := a.senderAuth.waiting
	status := a.byID("senderauth-status")
	a.senderAuthTexts()
	a.setTexts()
	show(status, true)
	var loaded, failed js.Func
	done := func(f func()) {
		loaded.Release()
		failed.Release()
		a.do(func() {
			if waiting != a.senderAuth.waiting {
				return // the page moved on
			}
			show(status, false)
			f()
		})
	}
	loaded = js.FuncOf(func(js.Value, []js.Value) any {
		done(then)
		return nil
	})
	failed = js.FuncOf(func(_ js.Value, args []js.Value) any {
		problem := moduleProblem(view.SenderAuthModule, args[0])
		done(func() { a.senderAuthFailed(problem) })
		return nil
	})
	js.Global().Call("smtpsimSenderAuth").Call("then", loaded, failed)
}

// senderAuthTexts says the module's loading note in the page's language, also when the
// learner switches it while the module loads; set at the next setTexts.
func (a *app) senderAuthTexts() {
	a.text("senderauth-status", view.T(a.lang, "senderauth.loading"))
}

// awaitSenderAuth reports whether opening state must wait for the sender-authentication
// module; it then loads it, and routes again once it is there.
func (a *app) awaitSenderAuth(state view.State) bool {
	if senderAuthLoaded() || !view.NeedsSenderAuth(state) {
		return false
	}
	a.needSenderAuth(true, a.route)
	return true
}

// senderAuthFailed says that the module could not be loaded, and why. The link goes
// back to what the page shows, so that opening the lesson again is a new try.
func (a *app) senderAuthFailed(problem *view.ModuleProblem) {
	a.sayModuleFailure(problem)
	a.leaveLink()
}

// leaveLink puts the address back to what the page shows, after a link that could not
// be opened: following that link again is then a new try.
func (a *app) leaveLink() {
	if a.page != nil {
		a.syncURL()
		return
	}
	js.Global().Get("history").Call("replaceState", nil, "", location("pathname")+location("search"))
}

// dropSenderAuth forgets a load the page still waits for: the page moved on.
func (a *app) dropSenderAuth() {
	a.senderAuth.waiting++
	show(a.byID("senderauth-status"), false)
}
