//go:build js && wasm

package main

import (
	"syscall/js"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// courseUI is the state of fetching the course's compiled files (view.CourseFile): the
// fetch the page waits for, counted so that an answer to an earlier one is dropped
// when the page has moved on, and what "Try again" does after a failed one.
type courseUI struct {
	waiting int
	retry   func()
}

// fetchCourse fetches the compiled file of the course that opening needs (a lesson's
// or a sandbox world's file, view.CourseFile) unless the page has it, and calls then
// on the UI goroutine once it is there. It reports whether it went to fetch: the
// caller opens nothing now. While the file loads the page says so; a failed fetch
// (no answer, an error status, a damaged file) says why with a button that tries
// again, and the page stays as it was.
func (a *app) fetchCourse(name string, then func()) bool {
	a.course.waiting++
	show(a.byID("course-failed"), false)
	show(a.byID("course-status"), false)
	if name == "" || lessons.Have(name) {
		return false
	}
	url, ok := lessons.SitePath(name)
	if !ok {
		return false // no file of the course: opening says so
	}
	waiting := a.course.waiting
	status := a.byID("course-status")
	status.SetTextContent(view.CourseLoading(a.lang, name))
	show(status, true)
	go func() {
		code, data := fetchFile(url)
		a.do(func() {
			if waiting != a.course.waiting {
				return // the page moved on
			}
			show(status, false)
			if problem := view.Fetched(a.lang, name, code, data); problem != "" {
				a.course.retry = func() {
					if !a.fetchCourse(name, then) {
						then()
					}
				}
				a.byID("course-failed-text").SetTextContent(problem)
				a.byID("course-retry").SetTextContent(view.T(a.lang, "course.retry"))
				show(a.byID("course-failed"), true)
				if a.page == nil {
					a.render() // a link opened nothing yet: the start page is there to go on from
				}
				return
			}
			then()
		})
	}()
	return true
}

// bindCourse wires the button that fetches a file of the course again.
func (a *app) bindCourse() {
	a.on("course-retry", "click", func(*event) {
		if retry := a.course.retry; retry != nil {
			a.course.retry = nil
			retry()
		}
	})
}

// fetchFile fetches url and returns the HTTP status and the body, status 0 when no
// answer came. It waits for the browser: call it from a goroutine of its own, never
// from a callback.
func fetchFile(url string) (status int, data []byte) {
	resp, ok := await(js.Global().Call("fetch", url))
	if !ok {
		return 0, nil
	}
	status = resp.Get("status").Int()
	if !resp.Get("ok").Bool() {
		return status, nil
	}
	buf, ok := await(resp.Call("arrayBuffer"))
	if !ok {
		return 0, nil // the body broke off
	}
	body := js.Global().Get("Uint8Array").New(buf)
	data = make([]byte, body.Get("length").Int())
	js.CopyBytesToGo(data, body)
	return status, data
}

// await waits for a promise and returns its value, or ok false when it was rejected.
func await(promise js.Value) (v js.Value, ok bool) {
	done := make(chan struct{})
	resolved := js.FuncOf(func(_ js.Value, args []js.Value) any {
		v, ok = args[0], true
		close(done)
		return nil
	})
	rejected := js.FuncOf(func(js.Value, []js.Value) any {
		close(done)
		return nil
	})
	promise.Call("then", resolved, rejected)
	<-done
	resolved.Release()
	rejected.Release()
	return v, ok
}
