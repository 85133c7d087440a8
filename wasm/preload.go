//go:build js && wasm

package main

import (
	"syscall/js"

	"smtpsim/lessons"
)

// preloading is set while lessons are being parsed ahead.
var preloading bool

// preloadLessons parses the course's lessons one at a time while the browser is idle,
// in the order of the list, so that a click on one opens it without parsing it then.
// It stops once a lesson is on screen; the start page starts it again.
func (a *app) preloadLessons(course []lessons.Entry) {
	if preloading {
		return
	}
	preloading = true
	ids := make([]string, len(course))
	for i, e := range course {
		ids[i] = e.ID
	}
	var next js.Func
	next = js.FuncOf(func(js.Value, []js.Value) any {
		if len(ids) == 0 || !a.byID("lesson").HasAttribute("hidden") {
			preloading = false
			next.Release()
			return nil
		}
		lessons.Preload(ids[0])
		ids = ids[1:]
		whenIdle(next)
		return nil
	})
	whenIdle(next)
}

// whenIdle calls f when the browser has nothing else to do (requestIdleCallback), or
// soon where it lacks that.
func whenIdle(f js.Func) {
	if idle := js.Global().Get("requestIdleCallback"); idle.Truthy() {
		idle.Invoke(f)
		return
	}
	js.Global().Call("setTimeout", f, 50)
}

// afterPaint calls f once the browser has drawn the next frame: at start, once the
// lesson list is on screen. Unlike whenIdle it does not wait for an idle moment, which
// the lessons parsed ahead take (preloadLessons).
func afterPaint(f func()) {
	var frame, next js.Func
	next = js.FuncOf(func(js.Value, []js.Value) any {
		next.Release()
		f()
		return nil
	})
	frame = js.FuncOf(func(js.Value, []js.Value) any {
		frame.Release()
		js.Global().Call("setTimeout", next, 0)
		return nil
	})
	js.Global().Call("requestAnimationFrame", frame)
}
