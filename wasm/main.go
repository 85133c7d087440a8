//go:build js && wasm

// Command wasm is the browser program: it maps the view model of package view onto
// the page's DOM. All behaviour lives in plain-Go packages; this file only binds.
// Event callbacks never block: they hand work to the one UI goroutine.
package main

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"smtpsim/internal/onesort"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

type app struct {
	doc     document
	lang    string
	page    *view.Page
	ui      chan func()
	playing bool
	stop    chan struct{}
	// inspectNode is the machine whose mailboxes and queue the inspector shows.
	inspectNode string
	// What was drawn last, so that unchanged parts are not drawn again.
	textsLang  string
	markersFor *trace.Trace
	// ladderHead and ladderRows are the diagram on the page (replaceRows), headsKey
	// what its lane heads strip was copied from (renderLadderHeads).
	ladderHead string
	ladderRows []string
	// attrs are attributes as a step last wrote them, to write only what changed.
	attrs struct {
		lang                      string
		scrubber                  bool // its max written
		scrubberMax               int
		ladderWidth, ladderHeight int // the diagram's picture (view.LadderHeight)
	}
	// explained is the run whose line the explanation pane explains, nil for none.
	explained  *view.Page
	transcript shownTranscript
	headsKey   string
	// topologyMarkup and topologyViewBox are the network picture on the page.
	topologyMarkup, topologyViewBox string

	usersFor  *view.Page
	drawnText view.NarrationKey // narration and question last drawn
	// newText says the narration changed since the lesson panel was last scrolled
	// (scrollQuestion): a new step's text is read from its top.
	newText bool
	// drawnSince is the note on show above the narration (view.Page.Since).
	drawnSince string
	faultsFor  view.FaultsKey // fault list last drawn
	ladder     []view.Arrow   // the arrows drawn, by their data-arrow index
	ladderY    int            // where the current arrow is, -1 if none
	scroll     js.Func        // scrollViews, kept for requestAnimationFrame
	console    consoleUI      // the console panel (console.go)
	guide      guideUI        // the teacher's guide (guide.go)
	session    sessionUI      // saving and opening sessions (session.go)
	author     authorUI       // own files compiled by the authoring module (author.go)
	course     courseUI       // fetching the course's compiled files (lessonfetch.go)
	layout     layoutUI       // the tool drawer and presenter mode (layout.go)
	prog       progressUI     // the learner's progress, kept in localStorage (progress.go)
	pending    texts          // texts and attributes to set in one call (texts.go)
	// lessonBound is set once the lesson's handlers are (bindLesson).
	lessonBound bool
	lessonLang  string // the language of lessonTexts' words, "" before they are set

	senderAuth   senderAuthUI  // loading the sender-authentication module (senderauthgate.go)
	moduleFailed moduleFailure // a module that could not be loaded, on show (modulefailure.go)
}

func main() {
	mark("smtpsim:main") // Go's runtime and package initialisation are done
	a := &app{doc: theDocument(), ui: make(chan func(), 256)}
	a.lang = initialLanguage()
	if !a.startPhrases() {
		return // the loader says why, in the page's language
	}
	mark("smtpsim:words") // the page's words in its language are there
	a.scroll = js.FuncOf(a.scrollViews)
	a.bind()
	mark("smtpsim:bound")
	a.route()
	a.byID("loading").SetAttribute("hidden", "")
	a.byID("app").RemoveAttribute("hidden")
	mark("smtpsim:ready")
	// What only a lesson shows waits until the list is on screen.
	afterPaint(func() {
		a.do(func() {
			a.bindLesson()
			a.lessonTexts()
		})
	})
	for f := range a.ui {
		f()
	}
}

// mark sets a performance mark, so that BenchmarkColdLoad can tell where start-up time goes.
func mark(name string) { js.Global().Get("performance").Call("mark", name) }

// do hands work to the UI goroutine without blocking the caller.
func (a *app) do(f func()) {
	go func() { a.ui <- f }()
}

// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func (a *app) byID(id string) *elem { return a.doc.GetElementByID(id) }

func (a *app) on(id, typ string, f func(*event)) {
	a.byID(id).AddEventListener(typ, false, func(ev *event) { a.do(func() { f(ev) }) })
}

func value(el *elem) string { return el.Underlying().Get("value").String() }

//go:noinline
func setValue(el *elem, v string) { el.Underlying().Set("value", v) }

// show shows or hides el, writing only when that changes something: the browser takes
// every write as a change and works out the page's style again.
func show(el *elem, visible bool) {
	if hidden := el.HasAttribute("hidden"); hidden && visible {
		el.RemoveAttribute("hidden")
	} else if !hidden && !visible {
		el.SetAttribute("hidden", "")
	}
}

// initialLanguage is the remembered choice, else the browser's language, else English.
func initialLanguage() string {
	// A storage that throws (blocked, private mode) is no remembered choice (progress.go).
	if v, err := storage(func(ls js.Value) js.Value { return ls.Call("getItem", "smtpsim.lang") }); err == nil && v.Type() == js.TypeString {
		if v.String() == "en" || v.String() == "de" {
			return v.String()
		}
	}
	if strings.HasPrefix(js.Global().Get("navigator").Get("language").String(), "de") {
		return "de"
	}
	return "en"
}

// startPhrases hands in the page's words in the language it starts in, when that is
// not English (view.PhrasesFile): the loader fetched them beside the module
// (web/loader.js, smtpsimStartWords), for the language it works out as the program
// does (lang= in the link, else the remembered choice, else the browser's). It reports
// false when they cannot be had; then the loader's note says why instead of the page.
func (a *app) startPhrases() bool {
	w := js.Global().Get("smtpsimStartWords")
	if !w.Truthy() {
		return true
	}
	js.Global().Delete("smtpsimStartWords")
	lang, status := w.Get("lang").String(), w.Get("status").Int()
	var data []byte
	if b := w.Get("bytes"); b.Truthy() {
		data = make([]byte, b.Get("length").Int())
		js.CopyBytesToGo(data, b)
	}
	if p := view.Fetched(view.PhrasesFile(lang), status, data); p != nil {
		js.Global().Call("smtpsimStartFailed", p.Status(), lang)
		return false
	}
	return true
}

func (a *app) bind() {
	listen(js.Global(), "hashchange", false, func(*event) { a.do(a.route) })
	a.doc.AddEventListener("keydown", false, func(ev *event) {
		ke, ok := keyboard(ev)
		if !ok {
			return
		}
		key := ke.Key()
		if key == "Escape" {
			a.do(a.escape) // also from a field of the drawer
			return
		}
		tag := strings.ToLower(ev.Target().TagName())
		if tag == "input" || tag == "select" || tag == "textarea" {
			return
		}
		if key == " " && pressable(ev.Target()) {
			return // Space presses the focused button, it does not play
		}
		switch key {
		case " ", "ArrowLeft", "ArrowRight", "Home", "End", "?":
			ev.PreventDefault()
			a.do(func() { a.key(key) })
		case "t", "p":
			if !ke.CtrlKey() && !ke.MetaKey() && !ke.AltKey() {
				ev.PreventDefault()
				a.do(func() { a.key(key) })
			}
		}
	})
	a.bindFocus()
	a.on("nav-lessons", "click", func(*event) { a.navigate("") })
	a.on("nav-help", "click", func(*event) { a.toggleHelp() })
	a.on("help-close", "click", func(*event) { a.toggleHelp() })
	a.on("lang", "change", func(*event) { a.switchLang(value(a.byID("lang"))) })
	a.on("own-files", "change", func(*event) { a.openOwn() })
	// Lesson and scenario files may be dropped anywhere on the page.
	body := a.doc.QuerySelector("body")
	body.AddEventListener("dragover", false, func(ev *event) {
		ev.PreventDefault()
		body.Class().Add("dragging")
	})
	body.AddEventListener("dragleave", false, func(*event) { body.Class().Remove("dragging") })
	body.AddEventListener("drop", false, func(ev *event) {
		ev.PreventDefault()
		body.Class().Remove("dragging")
		files := ev.Underlying().Get("dataTransfer").Get("files")
		a.openFiles(files)
	})
	a.bindSession()
	a.bindProgress()
	a.bindCourse()
}

// bindLesson sets the handlers of the lesson's controls and panels. They are hidden on
// the start page, so this waits until the list is on screen (afterPaint), or until a
// lesson is drawn, whichever comes first (render).
func (a *app) bindLesson() {
	if a.lessonBound {
		return
	}
	a.lessonBound = true
	a.on("ctl-start", "click", func(*event) { a.move(func() { a.page.Seek(-1) }) })
	a.on("ctl-back", "click", func(*event) { a.move(func() { a.page.Back() }) })
	a.on("ctl-forward", "click", func(*event) { a.moveOn(func() { a.page.Forward() }) })
	a.on("ctl-end", "click", func(*event) { a.moveOn(a.page.End) })
	a.on("ctl-play", "click", func(*event) { a.togglePlay() })
	a.on("ctl-next", "click", func(*event) {
		a.moveOn(func() { a.page.NextOf(trace.Kind(value(a.byID("next-kind")))) })
	})
	a.on("scrubber", "input", func(*event) {
		n, _ := strconv.Atoi(value(a.byID("scrubber")))
		a.move(func() { a.page.Seek(n) })
	})
	a.on("model", "change", func(*event) {
		a.page.SetModel(scenario.Model(value(a.byID("model"))))
		a.syncURL()
		a.render()
	})
	a.on("fault-form", "submit", func(ev *event) {
		if a.addFault(strings.TrimSpace(value(a.byID("fault-input")))) {
			setValue(a.byID("fault-input"), "")
		}
	})
	a.bindFaultMenu()
	a.byID("fault-form").AddEventListener("submit", false, func(ev *event) { ev.PreventDefault() })
	a.on("copy-transcript", "click", func(*event) {
		text := strings.Join(a.page.Transcript(), "\n")
		if c := js.Global().Get("navigator").Get("clipboard"); c.Truthy() {
			c.Call("writeText", text)
		}
	})
	a.byID("compose-form").AddEventListener("submit", false, func(ev *event) { ev.PreventDefault() })
	a.on("compose-form", "submit", func(*event) { a.compose() })
	a.on("topology", "click", a.nodeEvent)
	a.bindNodeKeys()
	a.on("ladder", "mouseover", a.explainArrow)
	a.on("ladder", "focusin", a.explainArrow)
	a.byID("fetch-form").AddEventListener("submit", false, func(ev *event) { ev.PreventDefault() })
	a.on("fetch-form", "submit", func(*event) {
		errEl := a.byID("fetch-error")
		err := a.page.Retrieve(value(a.byID("fetch-user")), value(a.byID("fetch-proto")), value(a.byID("fetch-pass")))
		if err != nil {
			errEl.SetTextContent(view.Say(a.lang, err))
			show(errEl, true)
			return
		}
		show(errEl, false)
		a.syncURL()
		a.render()
	})
	a.bindConsole()
	a.bindLayout()
	for _, b := range a.doc.QuerySelectorAll("button.download") {
		format := b.GetAttribute("data-format")
		b.AddEventListener("click", false, func(*event) {
			a.do(func() {
				if name, data, err := a.page.Export(format); err == nil {
					download(name, "application/octet-stream", data)
				}
			})
		})
	}
}

// route opens what the URL fragment names: a lesson or sandbox, or the start page.
func (a *app) route() {
	frag := js.Global().Get("location").Get("hash").String()
	// Whatever still waits for a lesson's file or for the sender-authentication
	// module was asked for where the learner was: wherever the link goes now, a late
	// answer must not open it.
	a.dropCourse()
	a.dropSenderAuth()
	if a.routeGuide(frag) {
		return
	}
	if strings.TrimPrefix(frag, "#") == "" {
		a.page = nil
		a.render()
		return
	}
	state, problems := view.ParseFragmentIn(frag, a.lang)
	if state.Lang == "" {
		state.Lang = a.lang
	}
	if a.page == nil {
		a.lang = state.Lang // nothing on screen to explain while the link's files come
	}
	a.session.pending = nil
	a.dropCompile()
	if state.Own != "" {
		a.routeOwn(state, problems)
		return
	}
	if !state.NamesRun() {
		// Only a language ("#lang=de"): the start page in it, once its words are here.
		if a.fetchCourse(view.PhrasesIn(state.Lang), frag, a.route) {
			return
		}
		a.lang, a.page = state.Lang, nil
		a.showProblems(problems)
		a.render()
		return
	}
	if a.fetchCourse(view.RunFiles(state), frag, a.route) {
		return // the run on screen stays in its language until they have come
	}
	a.lang = state.Lang
	if a.page == nil || a.page.Lesson == nil || a.page.Own != "" || a.page.State.Lesson != state.Lesson || a.page.State.World != state.World || a.page.Model != state.Model && state.Model != "" || len(a.page.Faults) != len(state.Faults) || a.page.Demo != state.Demo || !maps.Equal(a.page.Answers, state.Answers) {
		if a.awaitSenderAuth(state) {
			return
		}
		page, more := a.open(state)
		mark("smtpsim:lesson-run")
		a.page = page
		problems = append(problems, more...)
	} else {
		// The same run, perhaps told in the link's language.
		a.page.Lang = a.lang
		a.page.Seek(state.Step)
	}
	if a.page.Step != state.Step {
		a.syncURL() // stopped at a question on the way (or clamped): the link says where
	}
	a.showProblems(problems)
	a.render()
	mark("smtpsim:lesson-drawn")
}

func (a *app) showProblems(problems []string) {
	el := a.byID("problems")
	if len(problems) == 0 {
		show(el, false)
		return
	}
	el.SetTextContent(view.T(a.lang, "link.problem", strings.Join(problems, "; ")))
	show(el, true)
}

func (a *app) navigate(frag string) {
	js.Global().Get("location").Set("hash", frag)
}

// syncURL writes the current state into the fragment without adding history entries.
func (a *app) syncURL() {
	if a.page == nil {
		return
	}
	js.Global().Get("history").Call("replaceState", nil, "", "#"+a.page.State.Fragment())
}

func (a *app) move(f func()) {
	if a.page == nil {
		return
	}
	f()
	a.syncURL()
	a.render()
}

// moveOn is move for a step forward (→, End, the next event of a kind). When an open
// question holds the run there, nothing moves, and the question says that it waits for
// an answer: on a projector a click that does nothing looks like a page that froze.
func (a *app) moveOn(f func()) {
	if a.page == nil {
		return
	}
	step := a.page.Step
	a.move(f)
	if a.page.Step == step && a.page.Pending() != "" {
		a.askFirst()
	}
}

// askFirst says below the open question that the run goes on once it is answered, as
// a status a screen reader reads out, and brings the question into view. The note
// goes with the question: an answer or another language draws the question anew.
func (a *app) askFirst() {
	q := a.byID("question")
	note := a.doc.QuerySelector("#question .ask-first")
	if note == nil {
		note = a.el("p", "")
		note.SetAttribute("class", "ask-first")
		note.SetAttribute("role", "status")
		q.AppendChild(note)
	}
	note.SetTextContent(view.T(a.lang, "question.first"))
	q.Underlying().Call("scrollIntoView", map[string]any{"block": "nearest"})
}

func (a *app) key(k string) {
	if k == "?" {
		a.toggleHelp()
		return
	}
	if a.page == nil {
		return
	}
	switch k {
	case " ":
		a.togglePlay()
	case "ArrowLeft":
		a.move(func() { a.page.Back() })
	case "ArrowRight":
		a.moveOn(func() { a.page.Forward() })
	case "Home":
		a.move(func() { a.page.Seek(-1) })
	case "End":
		a.moveOn(a.page.End)
	case "t":
		a.toggleTools()
	case "p":
		a.togglePresenter()
	}
}

func (a *app) togglePlay() {
	if a.page == nil {
		return
	}
	if a.playing {
		close(a.stop)
		a.playing = false
		a.render()
		return
	}
	a.playing = true
	a.stop = make(chan struct{})
	ms, _ := strconv.Atoi(value(a.byID("speed")))
	stop := a.stop
	go func() {
		t := time.NewTicker(time.Duration(max(ms, 50)) * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				a.ui <- func() {
					if !a.playing || a.stop != stop {
						return
					}
					if !a.page.Forward() {
						close(a.stop)
						a.playing = false
					}
					a.syncURL()
					a.render()
				}
			}
		}
	}()
	a.render()
}

// openOwn loads a lesson or scenario the teacher picked from disk.
func (a *app) openOwn() {
	a.openFiles(a.byID("own-files").Underlying().Get("files"))
}

// openFiles loads picked or dropped files as a lesson or scenario; a file past the
// size budget is refused before it is read.
func (a *app) openFiles(files js.Value) {
	if a.openSessionFile(files) {
		return
	}
	var big []string
	for i := 0; i < files.Get("length").Int(); i++ {
		f := files.Index(i)
		if size := f.Get("size").Int(); view.FileTooLarge(size) {
			big = append(big, view.TooLargeIn(a.lang, f.Get("name").String(), size))
		}
	}
	if len(big) > 0 {
		a.showProblems(big)
		return
	}
	a.readFiles(files, func(contents map[string][]byte) { a.loadOwn(contents) })
}

// readFiles reads a FileList and hands the contents, by file name, to done on the UI
// goroutine once every file is read.
func (a *app) readFiles(files js.Value, done func(map[string][]byte)) {
	n := files.Get("length").Int()
	contents := map[string][]byte{}
	if n == 0 {
		done(contents)
		return
	}
	left := n
	for i := 0; i < n; i++ {
		f := files.Index(i)
		name := f.Get("name").String()
		var then js.Func
		then = js.FuncOf(func(this js.Value, args []js.Value) any {
			buf := js.Global().Get("Uint8Array").New(args[0])
			data := make([]byte, buf.Get("length").Int())
			js.CopyBytesToGo(data, buf)
			a.do(func() {
				contents[name] = data
				left--
				if left == 0 {
					done(contents)
				}
			})
			then.Release()
			return nil
		})
		f.Call("arrayBuffer").Call("then", then)
	}
}

// compose sends the composer's message into the world.
func (a *app) compose() {
	files := a.byID("c-files").Underlying().Get("files")
	types := map[string]string{}
	for i := 0; i < files.Get("length").Int(); i++ {
		types[files.Index(i).Get("name").String()] = files.Index(i).Get("type").String()
	}
	a.readFiles(files, func(contents map[string][]byte) {
		d := view.Draft{From: value(a.byID("c-from")), To: value(a.byID("c-to")), Cc: value(a.byID("c-cc")), Bcc: value(a.byID("c-bcc")),
			Subject: value(a.byID("c-subject")), Body: value(a.byID("c-body"))}
		for name, data := range contents {
			d.Files = append(d.Files, view.File{Name: name, Type: types[name], Data: data})
		}
		onesort.Func(d.Files, func(x, y view.File) int { return strings.Compare(x.Name, y.Name) }) // one copy of the sort's code (onesort)
		errEl := a.byID("compose-error")
		if err := a.page.Compose(d); err != nil {
			errEl.SetTextContent(view.Say(a.lang, err))
			show(errEl, true)
			return
		}
		show(errEl, false)
		a.syncURL()
		a.render()
	})
}

func (a *app) loadOwn(files map[string][]byte) {
	if problems := view.OwnProblems(files, a.lang); len(problems) > 0 {
		a.showProblems(problems)
		return
	}
	a.catalogAhead(a.lang)
	a.compileOwn(view.OwnRequest{Files: files}, func(compile view.Compiler) {
		a.withCatalog(a.lang, "", func() {
			l, problems := view.LoadOwn(files, a.lang, compile)
			a.showProblems(problems)
			if l == nil {
				return
			}
			a.page = l
			a.ownLoaded()
			a.render()
		})
	})
}

// render puts the view model on the page.
func (a *app) render() {
	// Words are set, and marked as set, only once the page has them in its language:
	// a link may switch it before they have come, and they would be English.
	if a.textsLang != a.lang && view.HavePhrases(a.lang) {
		a.staticTexts()
		if a.lessonLang != "" {
			a.lessonTexts() // the language changed: the hidden words follow at once
		}
		a.textsLang = a.lang
		a.markersFor = nil
	}
	setValue(a.byID("lang"), a.lang)
	// A step writes no attribute to the value it has: the browser takes every write as
	// a change and works out again the style and layout of all that depends on it,
	// which for the page's lang or the diagram's size is the whole page (milliseconds
	// at every step; docs/performance.md, "A step draws only what changed").
	if a.attrs.lang != a.lang {
		a.doc.DocumentElement().SetAttribute("lang", a.lang)
		a.attrs.lang = a.lang
	}
	if a.renderGuide() {
		return
	}
	a.renderOwnLink()
	if a.page == nil {
		show(a.byID("start"), true)
		show(a.byID("lesson"), false)
		a.renderStart()
		a.announce() // empty: no step to tell on the start page
		return
	}
	a.bindLesson()
	a.lessonTexts() // before the panels are drawn: the console's lists in its language
	show(a.byID("start"), false)
	show(a.byID("lesson"), true)
	a.observeProgress() // an answer, a step, a lesson opened: kept before it is drawn
	p := a.page
	a.byID("lesson-title").SetTextContent(p.Title())
	stopped := p.Stopped(a.lang)
	a.byID("stopped").SetTextContent(stopped)
	show(a.byID("stopped"), stopped != "")
	reached, total := p.Progress()
	a.byID("lesson-progress").SetTextContent(view.T(a.lang, "lesson.progress", max(p.Step+1, 0), p.Trace.Len()) + progressSuffix(reached, total))
	if note := a.byID("demo-note"); p.Demo {
		note.SetTextContent(view.T(a.lang, "lesson.demo"))
		note.SetAttribute("title", view.T(a.lang, "lesson.demo.title"))
		show(note, true)
	} else {
		show(note, false)
	}
	setValue(a.byID("model"), string(p.Model))
	sc := a.byID("scrubber")
	if last := p.Trace.Len() - 1; a.attrs.scrubberMax != last || !a.attrs.scrubber {
		sc.SetAttribute("max", strconv.Itoa(last))
		a.attrs.scrubberMax, a.attrs.scrubber = last, true
	}
	setValue(sc, strconv.Itoa(p.Step))
	a.byID("ctl-play").SetTextContent(map[bool]string{true: "⏸ " + view.T(a.lang, "ctl.pause"), false: "▶ " + view.T(a.lang, "ctl.play")}[a.playing])
	a.renderMarkers()
	a.renderNarration()
	a.announce()
	a.renderTopology()
	a.renderLadder()
	a.renderLadderHeads()
	a.renderFaults()
	a.renderExplainHint()
	a.renderInspect()
	a.renderUsers()
	a.renderConsole()
	a.renderTools()
	a.renderTranscript(p.Transcript())
	// Keep the newest line and the current arrow in view, as a terminal does.
	a.rescroll()
}

func progressSuffix(reached, total int) string {
	if total == 0 {
		return ""
	}
	return fmt.Sprintf(" · %d/%d", reached, total)
}

// staticTexts are the words of the page around the lesson list: the start page, the
// navigation and the notes that may show on it. The lesson's panels, the tools and the
// keyboard help are hidden there and get their words from lessonTexts, once the list
// is on screen: setting them all took a third of the page's work between its handlers
// being set and the list (docs/performance.md, "Less before the list").
func (a *app) staticTexts() {
	t := func(id, key string) { a.text(id, view.T(a.lang, key)) }
	a.doc.Underlying().Set("title", view.T(a.lang, "app.title"))
	t("nav-lessons", "nav.lessons")
	t("lang-label", "nav.language")
	t("nav-help", "nav.help")
	t("start-intro", "start.intro")
	t("start-heading", "start.heading")
	t("sandbox-heading", "start.sandbox")
	t("sandbox-text", "start.sandbox.text")
	t("own-heading", "start.own")
	t("own-text", "start.own.text")
	t("drop-hint", "start.drop")
	a.guideTexts()
	a.sessionTexts()
	a.courseTexts()
	a.senderAuthTexts()
	a.moduleFailureTexts()
	a.setTexts()
	if nav := a.doc.QuerySelector("nav"); nav != nil {
		nav.SetAttribute("aria-label", view.T(a.lang, "aria.nav"))
	}
}

// lessonTexts are the words of what the start page does not show: the lesson's
// controls, panels and menus, the tools, the fault help card's list and the keyboard
// help. They are set once the list is on screen, when a lesson is drawn or the help
// opens, whichever comes first, and again when the language changes.
func (a *app) lessonTexts() {
	if a.lessonLang == a.lang || !view.HavePhrases(a.lang) {
		return // set already, or not yet: render sets them once the words have come
	}
	a.lessonLang = a.lang
	t := func(id, key string) { a.text(id, view.T(a.lang, key)) }
	t("model-label", "lesson.model")
	t("controls-label", "lesson.controls")
	t("ctl-start", "ctl.start")
	t("ctl-back", "ctl.back")
	t("ctl-forward", "ctl.forward")
	t("ctl-end", "ctl.end")
	t("speed-label", "ctl.speed")
	t("next-label", "ctl.next")
	t("narration-h", "panel.narration")
	t("topology-h", "panel.topology")
	t("network-key-s", "legend.heading")
	t("ladder-h", "panel.ladder")
	t("explain-h", "panel.explain")
	t("explain-none", "explain.none") // shown until the run explains a line (renderExplainHint)
	t("faults-h", "panel.faults")
	t("faults-hint", "faults.hint")
	t("fault-add", "faults.add")
	t("inspect-h", "panel.inspect")
	t("retrieve-h", "retrieve.heading")
	t("compose-h", "compose.heading")
	t("c-from-l", "compose.from")
	t("c-to-l", "compose.to")
	t("c-cc-l", "compose.cc")
	t("c-bcc-l", "compose.bcc")
	t("c-subject-l", "compose.subject")
	t("c-body-l", "compose.body")
	t("c-files-l", "compose.files")
	t("c-send", "compose.send")
	t("fetch-user-label", "retrieve.user")
	t("fetch-proto-label", "retrieve.protocol")
	t("fetch-pass-label", "retrieve.password")
	t("fetch-go", "retrieve.go")
	t("transcript-h", "panel.transcript")
	t("copy-transcript", "panel.copy")
	t("download-label", "panel.download")
	t("help-h", "help.heading")
	t("help-close", "help.close")
	a.attr("fault-input", "placeholder", view.T(a.lang, "faults.placeholder"))
	a.attr("scrubber", "aria-label", view.T(a.lang, "ctl.timeline"))
	for _, l := range [...][2]string{{"topology", "aria.topology"}, {"ladder", "aria.ladder"}, {"loading-progress", "aria.loading"}, {"ctl-next", "aria.next"}} {
		a.attr(l[0], "aria-label", view.T(a.lang, l[1]))
	}
	a.consoleTexts()
	a.faultTexts()
	a.layoutTexts()
	a.setTexts()
	for _, o := range a.byID("model").QuerySelectorAll("option") {
		o.SetTextContent(view.T(a.lang, "model."+value(o)))
	}
	for _, o := range a.byID("next-kind").QuerySelectorAll("option") {
		o.SetTextContent(view.T(a.lang, "next."+value(o)))
	}
	a.byID("fault-help-list").SetInnerHTML(view.FaultHelpList(a.lang))
	a.byID("help-list").SetInnerHTML(view.KeyHelpList(a.lang))
}

//go:noinline
func clear(el *elem) {
	// One call: removing child by child wraps every child as a Go value first.
	el.Underlying().Set("textContent", "")
}

func (a *app) el(tag, text string) *elem {
	e := a.doc.CreateElement(tag)
	if text != "" {
		e.SetTextContent(text)
	}
	return e
}

func (a *app) renderMarkers() {
	if a.markersFor == a.page.Trace {
		return
	}
	a.markersFor = a.page.Trace
	// One piece of SVG markup: a run has hundreds of markers, and a fault replays it.
	a.byID("markers").SetInnerHTML(a.page.MarkersMarkup())
}

// summary is the end of a lesson: complete, its goals, the questions answered right.
func (a *app) summary(s *view.Summary) *elem {
	sec := a.el("section", "")
	sec.SetAttribute("id", "lesson-summary")
	sec.SetAttribute("role", "status")
	sec.AppendChild(a.el("h4", view.T(a.lang, "lesson.complete")))
	sec.AppendChild(a.el("p", view.T(a.lang, "lesson.goals")))
	ul := a.el("ul", "")
	for _, g := range s.GoalsHTML {
		li := a.el("li", "")
		li.SetInnerHTML(g) // lesson Markdown rendered at build time, raw HTML left out
		ul.AppendChild(li)
	}
	sec.AppendChild(ul)
	if s.Total > 0 {
		score := a.el("p", view.T(a.lang, "lesson.score", s.Right, s.Total))
		score.SetAttribute("class", "score")
		sec.AppendChild(score)
	}
	sec.AppendChild(a.teacherBlock(s))
	return sec
}

func (a *app) renderNarration() {
	p := a.page
	if since := p.Since(); since != a.drawnSince {
		a.drawnSince = since
		el := a.byID("narration-since")
		el.SetTextContent(since)
		show(el, since != "")
	}
	key := p.NarrationKey()
	if key == a.drawnText {
		return
	}
	a.drawnText = key
	a.newText = true
	_, html := p.Narration()
	// Narration is goldmark output with raw HTML dropped: safe to insert as HTML.
	a.byID("narration").SetInnerHTML(html)
	if told := p.Told(); told != nil {
		a.byID("narration").AppendChild(a.toldBox(told))
	}
	if p.Lesson == nil {
		a.renderOutcome()
	}
	qEl := a.byID("question")
	q := p.Question()
	clear(qEl)
	show(qEl, q != nil)
	if q != nil {
		qEl.AppendChild(a.el("h4", q.Heading))
		body := a.el("div", "")
		body.SetInnerHTML(q.HTML)
		qEl.AppendChild(body)
		for _, o := range q.Options {
			b := a.el("button", "")
			b.SetAttribute("type", "button")
			b.SetAttribute("class", "choice")
			b.SetAttribute("data-option", o.ID)
			b.SetInnerHTML(o.HTML)
			letter := a.el("span", o.Letter+")")
			letter.SetAttribute("class", "letter")
			b.InsertBefore(letter, b.FirstChild())
			if q.Answered != "" {
				b.SetAttribute("disabled", "")
				if o.Mark != "" {
					b.Class().Add(o.Mark) // "right" or "wrong", with words too, not colour alone
					mark := a.el("span", view.T(a.lang, "question.mark."+o.Mark))
					mark.SetAttribute("class", "mark")
					b.AppendChild(mark)
				}
			} else {
				id := o.ID
				b.AddEventListener("click", false, func(*event) {
					a.do(func() {
						a.page.Answer(id)
						a.syncURL()
						a.render()
						a.focusAfterAnswer()
					})
				})
			}
			qEl.AppendChild(b)
		}
		if q.Answered != "" {
			verdict := view.T(a.lang, "question.right")
			if q.Answered != q.Correct {
				verdict = view.T(a.lang, "question.wrong", q.CorrectLetter)
			}
			v := a.el("p", verdict)
			v.SetAttribute("role", "status")
			v.SetAttribute("class", "verdict")
			qEl.AppendChild(v)
			ex := a.el("div", "")
			ex.SetInnerHTML(q.Explain)
			qEl.AppendChild(ex)
		}
	}
	if sum := p.Summary(); sum != nil {
		a.byID("narration").AppendChild(a.summary(sum))
	}
	tryEl := a.byID("try")
	clear(tryEl)
	if p.Lesson != nil {
		tryEl.AppendChild(a.el("h4", view.T(a.lang, "try.heading")))
		body := a.el("div", "")
		if t := p.Lesson.Texts[a.lang]; t != nil {
			body.SetInnerHTML(t.Try.HTML)
		}
		tryEl.AppendChild(body)
		code := a.el("code", p.Lesson.Try.Fault.String())
		tryEl.AppendChild(code)
		if p.Lesson.Try.Fault.Kind != "" {
			b := a.el("button", view.T(a.lang, "try.button"))
			b.SetAttribute("type", "button")
			b.SetAttribute("id", "try-button")
			b.AddEventListener("click", false, func(*event) {
				a.do(func() {
					a.page.TryIt()
					a.syncURL()
					a.render()
				})
			})
			tryEl.AppendChild(b)
			if p.Trying() {
				note := a.el("p", view.T(a.lang, "try.applied"))
				note.SetAttribute("role", "status")
				note.SetAttribute("class", "try-applied")
				tryEl.AppendChild(note)
			}
		}
	}
}

func (a *app) renderTopology() {
	// One piece of escaped SVG markup; clicks are handled by one listener on the
	// picture (see bind). The picture is laid out for the panel's size.
	svg := a.byID("topology")
	w, h := a.topologySize()
	markup, viewBox := a.page.TopologyMarkup(w, h)
	// Many steps leave the picture as it is: then the browser has nothing to parse
	// and lay out again, and a machine with the focus keeps it.
	if markup != a.topologyMarkup || viewBox != a.topologyViewBox {
		a.topologyMarkup, a.topologyViewBox = markup, viewBox
		svg.SetAttribute("viewBox", viewBox)
		svg.SetInnerHTML(markup)
	}
	a.renderLegend()
}

// pressable says whether Space belongs to the element: a button or a link, or an element
// in the role of a button (the network's machines).
func pressable(el *elem) bool {
	switch strings.ToLower(el.TagName()) {
	case "button", "a", "summary":
		return true
	}
	return el.GetAttribute("role") == "button"
}

// nodeEvent handles a click, Enter or Space on a machine of the network picture: it
// shows the machine in the inspector and opens its menu of faults.
func (a *app) nodeEvent(ev *event) {
	g := ev.Target().Underlying().Call("closest", "g[data-node]")
	if g.IsNull() {
		return
	}
	id := g.Call("getAttribute", "data-node").String()
	a.inspectNode = id
	a.renderInspect()
	// A machine opens its menu of faults in the drawer's faults tab; the inspector
	// tab shows the same machine.
	a.openTool("faults", false)
	a.openFaultMenu(id)
}

func (a *app) renderLadder() {
	s := a.byID("ladder")
	ladder := a.page.Ladder()
	a.ladder, a.ladderY = ladder.Arrows, ladder.CurrentY
	if ladder.Head == "" { // no lanes: nothing to draw
		clear(s)
		a.ladderHead, a.ladderRows = "", nil
		return
	}
	// The diagram is escaped SVG markup, because creating hundreds of nodes one call
	// at a time is too slow for a step. Its height changes by blocks (LadderHeight):
	// SetAttribute leaves it alone while it stays.
	height := view.LadderHeight(ladder.Height, a.attrs.ladderHeight)
	if a.attrs.ladderWidth != ladder.Width || a.attrs.ladderHeight != height {
		s.SetAttribute("viewBox", fmt.Sprintf("0 0 %d %d", ladder.Width, height))
	}
	if a.attrs.ladderWidth != ladder.Width {
		s.SetAttribute("width", strconv.Itoa(ladder.Width))
	}
	if a.attrs.ladderHeight != height {
		s.SetAttribute("height", strconv.Itoa(height))
	}
	a.attrs.ladderWidth, a.attrs.ladderHeight = ladder.Width, height
	a.replaceRows(s.Underlying(), ladder.Head, ladder.Rows)
}

// replaceRows puts the diagram's rows on the page. A step changes only the last rows
// (the current mark moves, a row comes or goes): those are replaced, and the browser
// parses and lays out a few rows instead of the whole picture. A change of lanes or
// width draws it all again.
func (a *app) replaceRows(svg js.Value, head string, rows []string) {
	old := a.ladderRows
	a.ladderRows = rows
	if head != a.ladderHead {
		a.ladderHead = head
		svg.Set("innerHTML", head+strings.Join(rows, ""))
		return
	}
	k := 0
	for k < len(old) && k < len(rows) && old[k] == rows[k] {
		k++
	}
	// The rows are the picture's last elements, each followed by a line break.
	for removed := 0; removed < len(old)-k; {
		last := svg.Get("lastChild")
		if last.IsNull() {
			break
		}
		if last.Get("nodeType").Int() == 1 {
			removed++
		}
		last.Call("remove")
	}
	if k < len(rows) {
		svg.Call("insertAdjacentHTML", "beforeend", strings.Join(rows[k:], ""))
	}
}

// scrollViews runs at the next animation frame: reading sizes there does not force
// an extra layout in the middle of drawing a step.
func (a *app) scrollViews(js.Value, []js.Value) any {
	a.scrollLadder()
	a.scrollQuestion()
	tr := a.byID("transcript").Underlying()
	tr.Set("scrollTop", tr.Get("scrollHeight"))
	return nil
}

// explainArrow explains the arrow under the pointer or the focus (one listener for
// the whole diagram).
func (a *app) explainArrow(ev *event) {
	if ar, ok := a.arrowAt(ev); ok {
		a.explain(ar, ar.Class)
	}
}

// arrowAt is the arrow of the diagram that ev happened on, when it has something to
// explain.
func (a *app) arrowAt(ev *event) (view.Arrow, bool) {
	g := ev.Target().Underlying().Call("closest", "g[data-arrow]")
	if g.IsNull() {
		return view.Arrow{}, false
	}
	i, err := strconv.Atoi(g.Call("getAttribute", "data-arrow").String())
	if err != nil || i >= len(a.ladder) {
		return view.Arrow{}, false
	}
	ar := a.ladder[i]
	return ar, ar.Reason != "" || ar.Class != ""
}

func (a *app) renderFaults() {
	a.keepFaultMenu()
	key := a.page.FaultsKey()
	if key == a.faultsFor {
		return
	}
	a.faultsFor = key
	list := a.byID("fault-list")
	clear(list)
	if len(a.page.Faults) == 0 {
		list.AppendChild(a.el("li", view.T(a.lang, "faults.none")))
	}
	for i, f := range a.page.Faults {
		li := a.el("li", "")
		li.AppendChild(a.el("code", f.String()))
		note := a.el("span", " — "+a.page.FaultNote(i)+" ")
		note.SetAttribute("class", "fault-note")
		li.AppendChild(note)
		a.faultFlag(li, i)
		b := a.el("button", view.T(a.lang, "faults.remove"))
		b.SetAttribute("type", "button")
		b.SetAttribute("aria-label", view.T(a.lang, "faults.remove")+" "+f.String())
		idx := i
		b.AddEventListener("click", false, func(*event) {
			a.do(func() {
				a.page.RemoveFault(idx)
				a.syncURL()
				a.render()
			})
		})
		li.AppendChild(b)
		list.AppendChild(li)
	}
}

// renderExplainHint shows, until a line of this run was explained, how to get an
// explanation; another run's explanation goes with it.
func (a *app) renderExplainHint() {
	fresh := a.explained != a.page
	if fresh && a.explained != nil {
		clear(a.byID("explain"))
		a.explained = nil
	}
	show(a.byID("explain-none"), fresh) // writes only a change
}

// explain shows the catalog entry of a reply or decision in the explanation panel.
func (a *app) explain(ar view.Arrow, class string) {
	box := a.byID("explain")
	clear(box)
	a.explained = a.page
	a.renderExplainHint()
	ex, ok := view.Explain(a.lang, ar.Reason, ar.Code, ar.Status)
	head := a.el("p", "")
	code := a.el("code", ar.Text)
	head.AppendChild(code)
	box.AppendChild(head)
	if class != "" {
		box.AppendChild(a.el("p", view.ClassLabel(a.lang, class)))
	}
	if !ok {
		return
	}
	box.AppendChild(a.el("h4", ex.Title))
	box.AppendChild(a.el("p", ex.Text))
	if ex.Status != "" {
		if st, ok := view.ExplainStatus(a.lang, ex.Status); ok {
			box.AppendChild(a.el("p", ex.Status+": "+st.Title))
		}
	}
	if ex.RFC != "" {
		box.AppendChild(a.el("p", ex.RFC))
	}
}

// renderInspect shows the chosen machine's queue and mailboxes at this step.
func (a *app) renderInspect() {
	if !a.toolShown("inspect") {
		return // drawn when its tab is opened (selectTool)
	}
	box := a.byID("inspect")
	clear(box)
	node := a.inspectNode
	if node == "" {
		return
	}
	if node == "dns" {
		box.AppendChild(a.el("h4", view.T(a.lang, "inspect.zone")))
		zone := a.el("pre", strings.Join(a.page.Zone(), "\n"))
		box.AppendChild(zone)
		return
	}
	box.AppendChild(a.el("h4", view.T(a.lang, "inspect.queue", node)))
	q := a.el("ul", "")
	for _, line := range a.page.Queue(node) {
		q.AppendChild(a.el("li", line))
	}
	box.AppendChild(q)
	if markup := a.page.AttemptsPlot(node); markup != "" {
		box.AppendChild(a.el("h4", view.T(a.lang, "inspect.attempts")))
		plot := a.el("div", "")
		plot.SetInnerHTML(markup)
		box.AppendChild(plot)
	}
	box.AppendChild(a.el("h4", view.T(a.lang, "inspect.mailbox", node)))
	mails := a.page.Mailboxes(node)
	if len(mails) == 0 {
		box.AppendChild(a.el("p", view.T(a.lang, "inspect.empty")))
	}
	for _, m := range mails {
		d := a.el("details", "")
		d.AppendChild(a.el("summary", m.Msg+" → "+m.User))
		d.AppendChild(a.el("p", m.Envelope))
		// The raw source is text: a subject like <img src=x onerror=…> is shown, never run.
		d.AppendChild(a.el("pre", m.Source))
		save := a.el("button", view.T(a.lang, "inspect.eml"))
		save.SetAttribute("type", "button")
		name, source := m.Msg+"-"+m.User+".eml", []byte(m.Source)
		save.AddEventListener("click", false, func(*event) { download(name, "message/rfc822", source) })
		d.AppendChild(save)
		box.AppendChild(d)
	}
	a.renderDMARCReports(box, node)
}

// renderUsers fills the retrieval form's user list, keeping the choice.
func (a *app) renderUsers() {
	if a.usersFor == a.page {
		return
	}
	a.usersFor = a.page
	show(a.byID("compose-panel"), a.page.Lesson == nil)
	for _, id := range []string{"fetch-user", "c-from"} {
		sel := a.byID(id)
		chosen := value(sel)
		clear(sel)
		for _, u := range a.page.Users() {
			o := a.el("option", u)
			o.SetAttribute("value", u)
			sel.AppendChild(o)
		}
		if chosen != "" {
			setValue(sel, chosen)
		}
	}
}

// renderOutcome shows, in the sandbox, what finally became of every recipient.
func (a *app) renderOutcome() {
	box := a.byID("narration")
	clear(box)
	box.AppendChild(a.el("h4", view.T(a.lang, "panel.outcome")))
	list := a.el("ul", "")
	for _, text := range a.page.OutcomeLines() {
		list.AppendChild(a.el("li", text))
	}
	box.AppendChild(list)
}

// download offers data to the user as a file.
func download(name, mime string, data []byte) {
	u8 := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(u8, data)
	blob := js.Global().Get("Blob").New([]any{u8}, map[string]any{"type": mime})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	link := js.Global().Get("document").Call("createElement", "a")
	link.Set("href", url)
	link.Set("download", name)
	link.Call("click")
	js.Global().Get("URL").Call("revokeObjectURL", url)
}
