//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"smtpsim/wasm/view"
)

// authorUI is the state of compiling own files in the authoring module: which request
// the page still waits for. A request asked before the last route or compile is
// dropped when its answer comes, so that a late answer never replaces what the page
// shows by then.
type authorUI struct {
	waiting int
}

// compileOwn has the authoring module (author.wasm: web/loader.js loads it the first
// time) compile a teacher's own files, or the scenario a link carries (req.Name,
// req.Packed), in the page's language, and calls then on the UI goroutine with a
// compiler that gives their result. While the module loads and works, the page says
// so; a module that cannot be loaded is a problem on the page, and then is not called.
func (a *app) compileOwn(req view.OwnRequest, then func(view.Compiler)) {
	a.author.waiting++
	waiting := a.author.waiting
	req.Lang = a.lang
	status := a.byID("author-status")
	status.SetTextContent(view.T(req.Lang, "own.loading"))
	show(status, true)
	body, err := json.Marshal(req)
	if err != nil {
		show(status, false)
		a.showProblems([]string{err.Error()})
		return
	}
	var compiled, failed js.Func
	release := func() { compiled.Release(); failed.Release() }
	done := func(f func()) {
		release()
		a.do(func() {
			if waiting != a.author.waiting {
				return // the page moved on
			}
			f()
			show(status, false)
		})
	}
	compiled = js.FuncOf(func(_ js.Value, args []js.Value) any {
		compile := args[0]
		done(func() {
			// The module's work is a run of the lesson in each model: on the UI goroutine,
			// not in the promise's callback.
			own, broken := invokeAuthor(compile, string(body))
			if broken != "" {
				js.Global().Call("smtpsimAuthorForget")
				js.Global().Get("console").Call("warn", broken)               // the module's words, for the console
				a.showProblems([]string{view.T(a.lang, "own.author.broken")}) // the language of now, not of the request
				return
			}
			// A world that signs or checks senders first needs that module.
			a.needSenderAuth(own.NeedsSenderAuth(), func() {
				then(func(view.OwnRequest) view.Compiled { return own })
			})
		})
		return nil
	})
	failed = js.FuncOf(func(_ js.Value, args []js.Value) any {
		problem := moduleProblem(view.AuthorModule, args[0])
		done(func() { a.sayModuleFailure(problem) })
		return nil
	})
	js.Global().Call("smtpsimAuthor").Call("then", compiled, failed)
}

// invokeAuthor asks the authoring module to compile a request. A module that says it
// could not, throws, or has stopped gives why in broken; the page goes on.
func invokeAuthor(compile js.Value, req string) (own view.Compiled, broken string) {
	defer func() {
		if r := recover(); r != nil { // syscall/js panics when the called function throws
			broken = fmt.Sprint(r)
		}
	}()
	out := compile.Invoke(req)
	if out.Type() != js.TypeString {
		return own, js.Global().Get("String").Invoke(out.Get("error")).String()
	}
	if err := json.Unmarshal([]byte(out.String()), &own); err != nil {
		return own, err.Error()
	}
	return own, ""
}

// dropCompile forgets a compile the page still waits for: the page moved on.
func (a *app) dropCompile() {
	a.author.waiting++
	show(a.byID("author-status"), false)
}
