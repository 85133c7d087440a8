//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"smtpsim/wasm/view"
)

// sessionUI is the state of saving and opening sessions: the link that names a file
// of the learner's own, while the page waits for that file.
type sessionUI struct {
	pending *view.State
}

// bindSession wires "Save session", "Open session" (in the lesson's header bar) and
// the notice for a link to a file of the learner's own (index.html).
func (a *app) bindSession() {
	a.on("session-save", "click", func(*event) { a.saveSession() })
	pick := func(id string) func(*event) {
		return func(*event) { a.byID(id).Underlying().Call("click") }
	}
	// A file picker opens only in the click's own turn, not later on the UI goroutine.
	a.byID("session-open").AddEventListener("click", false, pick("session-file"))
	a.byID("own-link-session").AddEventListener("click", false, pick("session-file"))
	a.byID("own-link-files").AddEventListener("click", false, pick("own-files"))
	a.on("session-file", "change", func(*event) {
		in := a.byID("session-file")
		a.openFiles(in.Underlying().Get("files"))
		setValue(in, "") // the same file can be opened again
	})
}

// sessionTexts puts the session controls' words in the page's language.
func (a *app) sessionTexts() {
	for id, key := range map[string]string{"session-save": "session.save", "session-open": "session.open",
		"session-file-label": "session.file", "own-link-session": "own.link.session", "own-link-files": "own.link.files"} {
		a.text(id, view.T(a.lang, key))
	}
	if s := a.session.pending; s != nil {
		a.text("own-link-text", view.T(a.lang, "own.link.text", s.Own))
	}
}

// saveSession offers the whole session as a file.
func (a *app) saveSession() {
	if a.page == nil {
		return
	}
	s := a.page.Session()
	s.Inspect = a.inspectNode
	download(s.FileName(), "application/json", s.Encode())
}

// routeOwn opens a link that names a file of the learner's own: on the page that runs
// that file it goes where the link says, as it does with a scenario the link carries;
// otherwise the page cannot have the file, and asks for it instead of opening
// anything else.
func (a *app) routeOwn(state view.State, problems []string) {
	if a.page != nil && a.page.Own == state.Own && (state.OwnPacked == "" || state.OwnPacked == a.page.OwnPacked) {
		// The same run, perhaps in the link's language: that part of the catalog first.
		if a.fetchCourse(view.RunFiles(state), location("hash"), a.route) {
			return // the run on screen stays in its language until it has come
		}
		a.lang = state.Lang
		problems = append(problems, a.page.Apply(state)...)
		a.showProblems(problems)
		a.syncURL()
		a.render()
		return
	}
	// A small own scenario travels in its link; the authoring module unpacks and
	// compiles it, or says it cannot be read.
	if state.OwnPacked != "" {
		link := location("hash")
		a.catalogAhead(state.Lang)
		a.compileOwn(view.OwnRequest{Name: state.Own, Packed: state.OwnPacked}, func(compile view.Compiler) {
			a.withCatalog(state.Lang, link, func() {
				page, more := view.OpenWith(state, compile)
				a.openedOwn(state, problems, page, more)
			})
		})
		return
	}
	page, more := view.Open(state)
	a.openedOwn(state, problems, page, more)
}

// openedOwn shows what a link to a file of the learner's own opened, in the link's
// language: the page, or the notice that asks for the file.
func (a *app) openedOwn(state view.State, problems []string, page *view.Page, more []string) {
	a.lang = state.Lang
	if page != nil {
		a.page = page
		a.showProblems(append(problems, more...))
		a.syncURL()
		a.render()
		return
	}
	if state.OwnPacked != "" {
		problems = append(problems, more...)
	}
	a.page = nil
	a.session.pending = &state
	a.showProblems(problems)
	a.byID("own-link-text").SetTextContent(view.T(a.lang, "own.link.text", state.Own))
	a.render()
	a.byID("own-link-session").Focus()
}

// renderOwnLink shows the notice while the page waits for the learner's own file.
func (a *app) renderOwnLink() {
	show(a.byID("own-link"), a.page == nil && a.session.pending != nil)
}

// ownLoaded is called when the learner's own files opened: the link that asked for
// them is applied, and the page's link now names the file.
func (a *app) ownLoaded() {
	if s := a.session.pending; s != nil && s.Own == a.page.Own {
		a.showProblems(a.page.Apply(*s))
	}
	a.session.pending = nil
	a.syncURL()
}

// openSessionFile opens a picked or dropped session file; it reports whether there
// was one (else the files are a lesson or scenario).
func (a *app) openSessionFile(files js.Value) bool {
	n := files.Get("length").Int()
	var f js.Value
	for i := 0; i < n; i++ {
		if view.IsSessionFile(files.Index(i).Get("name").String()) {
			f = files.Index(i)
			break
		}
	}
	if f.IsUndefined() {
		return false
	}
	name := f.Get("name").String()
	if size := f.Get("size").Int(); size > view.SessionFileBytes {
		a.sessionProblems([]string{view.T(a.lang, "session.bad.size", name, size, view.SessionFileBytes)})
		return true
	}
	a.readFiles(js.Global().Get("Array").New(f), func(contents map[string][]byte) { a.openSession(name, contents[name]) })
	return true
}

// openSession restores a session from its file. A damaged file changes nothing on
// the page: it says what is wrong.
func (a *app) openSession(name string, data []byte) {
	s, err := view.DecodeSession(name, data, a.lang)
	if err != nil {
		a.sessionProblems([]string{err.Error()})
		return
	}
	if len(s.Own) > 0 {
		for _, name := range view.SessionFiles(s) { // the catalog's part: restoreSession waits for it
			a.fetchAhead(name, func(bool) {})
		}
		a.compileOwn(view.OwnRequest{Files: s.Own}, func(compile view.Compiler) { a.restoreSession(s, compile) })
		return
	}
	a.restoreSession(s, nil)
}

// restoreSession puts a decoded session on the page; compile has compiled its own
// files, if it has any.
func (a *app) restoreSession(s view.Session, compile view.Compiler) {
	if a.fetchCourse(view.SessionFiles(s), "", func() { a.restoreSession(s, compile) }) {
		return
	}
	// Whether the lesson signs or checks senders is known once its file is here.
	if len(s.Own) == 0 && !senderAuthLoaded() && s.NeedsSenderAuth() {
		a.needSenderAuth(true, func() { a.restoreSession(s, compile) })
		return
	}
	p, problems := view.OpenSession(s, compile)
	a.sessionProblems(problems)
	if p == nil {
		return
	}
	a.page, a.lang, a.inspectNode = p, p.Lang, s.Inspect
	a.session.pending = nil
	a.console.history = nil
	for _, c := range s.Console {
		a.console.history = append(a.console.history, c.Lines...)
	}
	a.console.histPos = len(a.console.history)
	if p.ServerHost() != "" && p.ConsoleLines() == 0 {
		a.console.mode = "server"
		a.byID("console-mode-server").Underlying().Set("checked", true)
	}
	a.syncURL()
	a.render()
	if n := len(s.Console); n > 0 {
		// The console goes on with the server it talked to last.
		a.console.target = s.Console[n-1].Host + ":" + strconv.Itoa(s.Console[n-1].Port)
		a.console.listsFor = nil // drawn with it when the console is on show
		a.renderConsole()
	}
}

func (a *app) sessionProblems(problems []string) {
	el := a.byID("problems")
	show(el, len(problems) > 0)
	if len(problems) > 0 {
		el.SetTextContent(view.T(a.lang, "session.problem", strings.Join(problems, "; ")))
	}
}
