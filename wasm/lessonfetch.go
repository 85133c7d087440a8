//go:build js && wasm

package main

import (
	"slices"
	"syscall/js"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// courseUI is the state of fetching the course's compiled files (view.CourseFile): the
// fetch the page waits for, counted so that an answer to an earlier one is dropped
// when the page has moved on, what "Try again" does after a failed one, the files on
// their way ahead of a click (fetchAhead), whether the page has begun to fetch the
// whole course in idle time (fetchCourseIdle), and the next lesson opened ahead
// (openahead.go).
type courseUI struct {
	waiting  int
	loading  string // the file the loading note names
	retry    func()
	problem  *view.CourseProblem // the failed fetch on show, nil if none
	fetching map[string]*aheadFetch
	idle     bool
	opened   openedAhead
	asked    string // the language the learner last chose in the menu (switchLang)
}

// aheadFetch is a compiled file on its way, ahead of a click or for one: arrived are
// called on the UI goroutine once the fetch has ended, with good true when the file
// came and went to the course (view.Fetched).
type aheadFetch struct {
	arrived []func(good bool)
	problem *view.CourseProblem // why the fetch failed, once it has ended
}

// fetchCourse fetches the compiled files of the course that opening needs (a lesson's
// or a sandbox world's file and the catalog of explanations, view.RunFiles; the
// teacher's guide) that the page does not have, all at once, and calls then on the UI
// goroutine once they are all there. It reports whether it went to fetch: the caller
// opens nothing now. While they load the page says so, naming the first still on its
// way; a failed fetch (no answer, an error status, a damaged file) says why with a
// button that tries again, and the page stays as it was. link is the address fragment
// that asked for the files ("" when no link did): after a failure the address goes
// back to what the page shows, so that the same link is a new try too.
func (a *app) fetchCourse(names []string, link string, then func()) bool {
	a.dropCourse() // an earlier fetch's answer, note or failure no longer counts
	// A name the course lacks is not fetched: opening says so.
	var missing []string
	for _, name := range names {
		if _, ok := siteURL(name); ok && !view.Have(name) {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		mark("smtpsim:lesson-ready") // there and decoded: opening goes on
		return false
	}
	waiting := a.course.waiting
	status := a.byID("course-status")
	a.course.loading = missing[0]
	a.courseTexts()
	show(status, true)
	problems := make([]*view.CourseProblem, len(missing))
	left := len(missing)
	for i, name := range missing {
		a.awaitFile(name, waiting, func(problem *view.CourseProblem) {
			problems[i] = problem
			left--
			if left > 0 {
				if a.course.loading == name && problem == nil {
					// The note names a file still on its way.
					for _, other := range missing {
						if !view.Have(other) {
							a.course.loading = other
							a.courseTexts()
							break
						}
					}
				}
				return
			}
			mark("smtpsim:lesson-fetched") // the click waited for the network until here
			show(status, false)
			failed := slices.IndexFunc(problems, func(p *view.CourseProblem) bool { return p != nil })
			if failed < 0 {
				then()
				return
			}
			a.course.problem = problems[failed]
			a.course.retry = func() {
				if !a.fetchCourse(names, link, then) {
					then()
				}
			}
			if link != "" && location("hash") == link {
				// The address goes back to what the page shows, so that following the
				// link again is a new try, as the button is.
				a.leaveLink()
				a.course.retry = func() { js.Global().Get("location").Set("hash", link) }
			}
			a.courseTexts()
			show(a.byID("course-failed"), true)
			if a.page == nil {
				a.render() // a link opened nothing yet: the start page is there to go on from
			}
		})
	}
	return true
}

// awaitFile waits for the compiled file name that the page's fetch counted waiting
// needs, and calls done on the UI goroutine with nil once it came and went to the
// course, or with why it did not; not at all when the page has moved on meanwhile.
// The fetch is one of fetchAhead's: it joins a fetch on its way ahead of it rather than
// start a second, the idle fetching joins it in turn, and a good file goes to the
// course even when the page has moved on. A failed fetch ahead that it joined said
// nothing: it fetches again.
func (a *app) awaitFile(name string, waiting int, done func(*view.CourseProblem)) {
	joined := a.course.fetching[name] != nil
	var f *aheadFetch
	a.fetchAhead(name, func(good bool) {
		switch {
		case waiting != a.course.waiting:
			// The page moved on.
		case !good && joined:
			a.awaitFile(name, waiting, done)
		case !good:
			done(f.problem)
		default:
			done(nil)
		}
	})
	f = a.course.fetching[name] // on its way: the file is neither there nor unknown
}

// catalogAhead starts fetching the catalog of explanations' part in lang, unless the
// page has it or it is on its way, for an opening that waits for something else first
// (the authoring module) and then for the catalog (withCatalog), so that the two come
// at once.
func (a *app) catalogAhead(lang string) { a.fetchAhead(lessons.CatalogFile(lang), func(bool) {}) }

// withCatalog calls open once the catalog of explanations' part in lang and the
// page's words in lang (view.PhrasesIn) are there: now,
// or after fetching it (fetchCourse), for an opening of the learner's own files, which
// needs no other file of the course, and for the switch to another language. link is
// as fetchCourse's.
func (a *app) withCatalog(lang, link string, open func()) {
	if !a.fetchCourse(append(view.PhrasesIn(lang), lessons.CatalogFile(lang)), link, open) {
		open()
	}
}

// switchLang switches the page to lang, the learner's choice in the language menu, and
// keeps it for the next visit. The page is shown in lang once the page's words in lang
// are there, and a run on screen once the catalog of explanations' part in lang is too
// (withCatalog): until they have come the page stays in its language with the loading
// note, and a failed fetch says why, with "Try again", as for any run.
func (a *app) switchLang(lang string) {
	a.course.asked = lang
	apply := func() {
		a.lang = lang
		_, _ = storage(func(ls js.Value) js.Value { return ls.Call("setItem", "smtpsim.lang", lang) })
		if a.page != nil {
			a.page.Lang = lang
			a.syncURL()
		}
		a.render()
	}
	if a.page == nil {
		// The start page and the guide explain nothing: they need only the page's words
		// in lang. Those are fetched beside whatever the page waits for (a lesson a
		// session opens goes on loading), and a failure is said as a lesson's is.
		names := view.PhrasesIn(lang)
		if len(names) == 0 {
			apply()
			return
		}
		var f *aheadFetch
		a.fetchAhead(names[0], func(good bool) {
			switch {
			case a.page != nil || a.course.asked != lang:
				// A lesson opened meanwhile, or the learner asked for another language.
			case good:
				apply()
			default:
				a.course.problem = view.Fetched(names[0], 0, nil) // the site names no such file
				if f != nil {
					a.course.problem = f.problem
				}
				a.course.retry = func() {
					a.course.problem = nil
					show(a.byID("course-failed"), false)
					a.switchLang(lang)
				}
				a.courseTexts()
				show(a.byID("course-failed"), true)
			}
		})
		f = a.course.fetching[names[0]]
		return
	}
	a.withCatalog(lang, "", apply)
}

// dropCourse forgets a fetch the page still waits for and what it says about one: the
// page moved on.
func (a *app) dropCourse() {
	a.course.waiting++
	a.course.problem, a.course.retry = nil, nil
	show(a.byID("course-status"), false)
	show(a.byID("course-failed"), false)
}

// location is a part of the page's address (location.hash, location.pathname …).
func location(part string) string { return js.Global().Get("location").Get(part).String() }

// prefetchCourse starts fetching the compiled files of the course that the learner is
// about to open (state: its lesson's or world's file and the catalog) — the pointer is
// on its link, or the link has the focus — so that the click finds them there
// (fetchCourse waits for them). When that lesson signs or checks senders, the module
// that does it is loaded ahead too (senderAuthAhead), also when the file came ahead
// already, in idle time (fetchCourseIdle), which loads no module. A failed fetch ahead
// says nothing: the click fetches again, and says why if that fails too.
func (a *app) prefetchCourse(state view.State) {
	a.catalogAhead(state.Lang)
	a.fetchAhead(view.CourseFile(state), func(good bool) {
		if good && view.NeedsSenderAuth(state) {
			senderAuthAhead()
		}
	})
}

// fetchAhead fetches the compiled file name, ahead of a click or for one (fetchCourse),
// and calls arrived on the UI goroutine once the fetch has ended, good when the file
// came and went to the course — also when the page has moved on meanwhile. A file the
// page has is not fetched: arrived is called now, with good true; nor is one on its
// way already: arrived waits for that fetch. It says nothing of a failure: the
// click's fetch does (fetchCourse).
func (a *app) fetchAhead(name string, arrived func(good bool)) {
	url, ok := siteURL(name)
	switch {
	case !ok:
		arrived(false)
		return
	case view.Have(name):
		arrived(true)
		return
	case a.course.fetching[name] != nil:
		a.course.fetching[name].arrived = append(a.course.fetching[name].arrived, arrived)
		return
	}
	if a.course.fetching == nil {
		a.course.fetching = map[string]*aheadFetch{}
	}
	f := &aheadFetch{arrived: []func(bool){arrived}}
	a.course.fetching[name] = f
	go func() {
		code, data := fetchFile(url)
		a.do(func() {
			f.problem = view.Fetched(name, code, data) // a good file goes to the course
			good := f.problem == nil
			delete(a.course.fetching, name)
			for _, arrived := range f.arrived {
				arrived(good)
			}
		})
	}()
}

// prefetchNext starts fetching, as the start page is drawn, the file of the lesson the
// learner most likely opens (view.Progress.Next: the first not completed) and the
// catalog of explanations' part in the page's language, so that a click on it finds them there, and opens that
// lesson ahead once both have come (openNextAhead). The fetches run beside the page's
// drawing; only decoding the files, once they have come, takes the page's turn. The
// other files of the course follow in idle time (fetchCourseIdle).
func (a *app) prefetchNext(course []lessons.Entry) {
	if a.page != nil {
		return
	}
	if next := a.progress().Next(course); next != "" {
		// The state its link on the start page opens, read as route reads it.
		state, _ := view.ParseFragmentIn(view.State{Lesson: next, Step: -1, Lang: a.lang}.Fragment(), a.lang)
		catalog := lessons.CatalogFile(state.Lang)
		a.fetchAhead(catalog, func(good bool) {
			if good && lessons.Have(view.CourseFile(state)) {
				a.openNextAhead(state) // the lesson's file came first
			}
		})
		a.fetchAhead(view.CourseFile(state), func(good bool) {
			if good && view.NeedsSenderAuth(state) {
				senderAuthAhead()
			}
			if good && lessons.Have(catalog) {
				a.openNextAhead(state)
			}
		})
	}
	a.fetchCourseIdle()
}

// fetchCourseIdle fetches, from the first time the lesson list is on screen, every
// compiled file of the course the page does not have yet — the catalog of
// explanations' part in the page's language, which every run needs (the other
// language's part only when the learner switches), the lessons in the list's order, then the
// sandbox worlds — one after another, each when the browser is idle
// (whenIdle), so that a click on any of them needs no network. The files are small
// (some 160 kB compressed in all), and a lesson's is decoded as it comes, in that idle
// time too; nothing runs a world, and the sender-authentication module is not loaded
// for them. A failed fetch says nothing: the click fetches again, and says why if that
// fails too.
func (a *app) fetchCourseIdle() {
	if a.course.idle {
		return
	}
	a.course.idle = true
	names := []string{lessons.CatalogFile(a.lang)}
	for _, e := range lessons.Index() {
		names = append(names, lessons.LessonFile(e.ID))
	}
	for _, id := range lessons.ScenarioIDs() {
		names = append(names, lessons.WorldFile(id))
	}
	var next func(bool)
	next = func(bool) {
		// A file the page has is not fetched again; one on its way is joined (fetchAhead).
		for len(names) > 0 && lessons.Have(names[0]) {
			names = names[1:]
		}
		if len(names) == 0 {
			return
		}
		name := names[0]
		names = names[1:]
		whenIdle(func() { a.do(func() { a.fetchAhead(name, next) }) })
	}
	afterPaint(func() { a.do(func() { next(true) }) })
}

// whenIdle calls f once the browser is idle (requestIdleCallback), or, in a browser
// without it, after the tasks already waiting.
func whenIdle(f func()) {
	var idle js.Func
	idle = js.FuncOf(func(js.Value, []js.Value) any {
		idle.Release()
		f()
		return nil
	})
	if js.Global().Get("requestIdleCallback").Type() == js.TypeFunction {
		js.Global().Call("requestIdleCallback", idle)
		return
	}
	js.Global().Call("setTimeout", idle, 0)
}

// courseTexts says the loading note and a failed fetch on show, with its button, in the
// page's language, also when the learner switches it meanwhile.
func (a *app) courseTexts() {
	if a.course.loading != "" {
		a.byID("course-status").SetTextContent(view.CourseLoading(a.lang, a.course.loading))
	}
	if p := a.course.problem; p != nil {
		a.byID("course-failed-text").SetTextContent(p.Say(a.lang))
		a.byID("course-retry").SetTextContent(view.T(a.lang, "course.retry"))
	}
}

// bindCourse wires the button that fetches a file of the course again, and fetches a
// lesson's or a sandbox world's file ahead when the pointer comes onto its link on the
// start page or the link gets the focus.
func (a *app) bindCourse() {
	ahead := func(ev *event) {
		link := ev.Target().Underlying().Call("closest", "a[href^='#']")
		if link.IsNull() {
			return
		}
		state, _ := view.ParseFragmentIn(link.Call("getAttribute", "href").String(), a.lang)
		if state.Lesson != "" || state.World != "" {
			a.prefetchCourse(state)
		}
	}
	for _, id := range []string{"lesson-list", "sandbox-list"} {
		a.on(id, "pointerover", ahead)
		a.on(id, "focusin", ahead)
	}
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

// siteURL is where the site serves a file the page fetches: a compiled file of the
// course (lessons.SitePath), or the page's words in a language, whose address the
// loader knows (web/loader.js); ok is false for a file the site does not have.
func siteURL(name string) (url string, ok bool) {
	if lang, ok := view.PhrasesLang(name); ok {
		url = js.Global().Call("smtpsimPhraseFile", lang).String()
		return url, url != ""
	}
	return lessons.SitePath(name)
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
