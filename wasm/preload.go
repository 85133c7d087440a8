//go:build js && wasm

package main

import "syscall/js"

// afterPaint calls f once the browser has drawn the next frame: at start, once the
// lesson list is on screen.
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
