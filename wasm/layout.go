//go:build js && wasm

package main

import (
	"math"
	"slices"
	"strconv"
	"syscall/js"

	"smtpsim/wasm/view"
)

// toolTabs are the tabs of the tool drawer, in order: each names a tab (tab-NAME) and
// the panel it shows (tool-NAME), and the page word of its label.
var toolTabs = []struct{ name, label string }{
	{"explain", "panel.explain"},
	{"faults", "panel.faults"},
	{"compose", "compose.heading"},
	{"retrieve", "retrieve.heading"},
	{"console", "console.heading"},
	{"inspect", "panel.inspect"},
	{"transcript", "panel.transcript"},
}

// layoutUI is the state of the page's arrangement: which tool the drawer shows, whether
// it is open, who opened it, and presenter mode.
type layoutUI struct {
	tool      string   // the selected tab's name
	open      bool     // the drawer is open
	opener    js.Value // where focus goes back when the drawer closes
	presenter bool
}

func (a *app) bindLayout() {
	a.layout.tool = toolTabs[0].name
	a.on("ctl-tools", "click", func(*event) { a.toggleTools() })
	a.on("tools-close", "click", func(*event) { a.closeTools() })
	a.on("ctl-presenter", "click", func(*event) { a.togglePresenter() })
	// The print stylesheet (style.css, @media print) makes the lesson a handout.
	a.on("ctl-print", "click", func(*event) { js.Global().Call("print") })
	for _, t := range toolTabs {
		name := t.name
		a.on("tab-"+name, "click", func(*event) { a.selectTool(name, true) })
	}
	// Arrow keys move between the tabs (and do not step the lesson, which they do
	// elsewhere on the page).
	a.byID("tool-tabs").AddEventListener("keydown", false, func(ev *event) {
		ke, ok := keyboard(ev)
		if !ok {
			return
		}
		key := ke.Key()
		switch key {
		case "ArrowLeft", "ArrowRight", "Home", "End":
			ev.PreventDefault()
			ev.StopPropagation()
			a.do(func() { a.selectTool(a.nextTool(key), true) })
		}
	})
	// Clicking (or Enter on) an arrow of the diagram shows its explanation.
	a.on("ladder", "click", func(ev *event) { a.explainInDrawer(ev) })
	a.on("ladder", "keydown", func(ev *event) {
		if ke, ok := keyboard(ev); ok && ke.Key() == "Enter" {
			a.explainInDrawer(ev)
		}
	})
}

// explainInDrawer explains the arrow of ev, if it has an explanation, and opens the
// drawer on it, leaving the focus on the diagram.
func (a *app) explainInDrawer(ev *event) {
	if ar, ok := a.arrowAt(ev); ok {
		a.explain(ar, ar.Class)
		a.openTool("explain", false)
	}
}

// layoutTexts puts the page's words on the drawer and the lesson bar's buttons.
func (a *app) layoutTexts() {
	for _, t := range toolTabs {
		a.text("tab-"+t.name, view.T(a.lang, t.label))
	}
	a.text("tools-h", view.T(a.lang, "tools.heading"))
	a.text("tools-close", "× "+view.T(a.lang, "tools.close"))
	a.text("ctl-tools", view.T(a.lang, "tools.button"))
	a.text("ctl-presenter", view.T(a.lang, "presenter.button"))
	a.text("ctl-print", view.T(a.lang, "print.button"))
}

// renderTools keeps the tabs in step with the run: the composer's tab shows only where
// its panel does (in a sandbox world).
func (a *app) renderTools() {
	composer := !a.byID("compose-panel").HasAttribute("hidden")
	show(a.byID("tab-compose"), composer)
	if !composer && a.layout.tool == "compose" {
		a.selectTool(toolTabs[0].name, false)
	}
}

// available lists the names of the tabs on show.
func (a *app) available() []string {
	var names []string
	for _, t := range toolTabs {
		if !a.byID("tab-" + t.name).HasAttribute("hidden") {
			names = append(names, t.name)
		}
	}
	return names
}

// nextTool is the tab an arrow key, Home or End moves to from the selected one; the
// arrows wrap around.
func (a *app) nextTool(key string) string {
	names := a.available()
	i := max(slices.Index(names, a.layout.tool), 0)
	switch key {
	case "ArrowLeft":
		i = (i + len(names) - 1) % len(names)
	case "ArrowRight":
		i = (i + 1) % len(names)
	case "Home":
		i = 0
	case "End":
		i = len(names) - 1
	}
	return names[i]
}

// selectTool shows one tool's panel; focus moves to its tab when asked (a click on
// it or an arrow key in the tab list).
func (a *app) selectTool(name string, focus bool) {
	a.layout.tool = name
	for _, t := range toolTabs {
		tab, selected := a.byID("tab-"+t.name), t.name == name
		tab.SetAttribute("aria-selected", map[bool]string{true: "true", false: "false"}[selected])
		tab.SetAttribute("tabindex", map[bool]string{true: "0", false: "-1"}[selected])
		show(a.byID("tool-"+t.name), selected)
	}
	if focus {
		a.byID("tab-" + name).Focus()
	}
	if a.page != nil {
		// The console and the inspector are drawn only while they are on show: a step
		// or a replay does not rebuild what nobody sees.
		a.renderConsole()
		a.renderInspect()
	}
}

// toolShown reports whether the drawer is open on the tool name.
func (a *app) toolShown(name string) bool { return a.layout.open && a.layout.tool == name }

// openTool opens the drawer on a tool. takeFocus moves the focus to its tab (the
// drawer was asked for); otherwise it stays where it is (a click in the network or
// the diagram shows its result in the drawer).
func (a *app) openTool(name string, takeFocus bool) {
	if !a.layout.open {
		// An SVG element (a machine, an arrow) can have the focus: read it through
		// syscall/js, which takes any element.
		a.layout.opener = js.Global().Get("document").Get("activeElement")
		if a.layout.opener.IsNull() || a.layout.opener.Get("tagName").String() == "BODY" {
			a.layout.opener = a.byID("ctl-tools").Underlying()
		}
	}
	a.layout.open = true
	show(a.byID("tools"), true)
	a.byID("ctl-tools").SetAttribute("aria-expanded", "true")
	a.selectTool(name, takeFocus)
	a.rescroll()
}

func (a *app) toggleTools() {
	if a.layout.open {
		a.closeTools()
		return
	}
	a.openTool(a.layout.tool, true)
}

// closeTools closes the drawer and gives the focus back to what opened it.
func (a *app) closeTools() {
	if !a.layout.open {
		return
	}
	a.layout.open = false
	show(a.byID("tools"), false)
	a.byID("ctl-tools").SetAttribute("aria-expanded", "false")
	if o := a.layout.opener; o.Truthy() && o.Get("isConnected").Bool() {
		o.Call("focus")
	} else {
		a.byID("ctl-tools").Focus()
	}
	a.rescroll()
}

// togglePresenter switches presenter mode: large type, only the network and the
// diagram, the narration as a caption.
func (a *app) togglePresenter() {
	a.layout.presenter = !a.layout.presenter
	body := a.doc.QuerySelector("body")
	if a.layout.presenter {
		body.Class().Add("presenter")
	} else {
		body.Class().Remove("presenter")
	}
	a.byID("ctl-presenter").SetAttribute("aria-pressed", map[bool]string{true: "true", false: "false"}[a.layout.presenter])
	a.rescroll()
}

// escape closes the innermost thing open: the help, the drawer, presenter mode.
func (a *app) escape() {
	switch {
	case !a.byID("help").HasAttribute("hidden"):
		a.closeHelp()
	case a.layout.open:
		a.closeTools()
	case a.layout.presenter:
		a.togglePresenter()
	}
}

// rescroll brings the current arrow back into the diagram's view at the next
// animation frame, when the new arrangement is laid out.
func (a *app) rescroll() {
	if a.page != nil {
		js.Global().Call("requestAnimationFrame", a.scroll)
	}
}

// headsHeight is the height of the diagram's lane heads with the margin above them
// (sim/render: pageTop + headHeight, and a little air).
const headsHeight = 42

// renderLadderHeads copies the lane heads of the diagram into a strip that stays at
// the top of the diagram's view while the rows scroll under it: the diagram is one
// picture, which CSS cannot split. Copied nodes, so nothing is parsed again.
func (a *app) renderLadderHeads() {
	strip := a.byID("ladder-heads")
	ladder := a.byID("ladder").Underlying()
	// The heads change only with the lanes or the picture's width.
	key := a.ladderHead + "|" + ladder.Call("getAttribute", "width").String()
	if key == a.headsKey && a.ladderHead != "" {
		return
	}
	a.headsKey = key
	clear(strip)
	heads := ladder.Call("querySelectorAll", "g.head")
	show(strip, heads.Length() > 0)
	if heads.Length() == 0 {
		return
	}
	width, height := ladder.Call("getAttribute", "width").String(), strconv.Itoa(headsHeight)
	strip.SetAttribute("width", width)
	strip.SetAttribute("height", height)
	strip.SetAttribute("viewBox", "0 0 "+width+" "+height)
	// It covers the picture's own heads: through the CSSOM, as the page's CSP
	// blocks a style attribute.
	strip.Underlying().Get("style").Set("marginBottom", "-"+height+"px")
	bg := a.doc.CreateElementNS("http://www.w3.org/2000/svg", "rect")
	bg.SetAttribute("class", "bg")
	bg.SetAttribute("width", width)
	bg.SetAttribute("height", height)
	strip.AppendChild(bg)
	for i := range heads.Length() {
		strip.Underlying().Call("appendChild", heads.Index(i).Call("cloneNode", true))
	}
}

// scrollLadder scrolls the diagram, not the page, so that the current row — the last
// one drawn when the current event is no row — stands in the middle of its view, and
// sideways so that the row's arrow or note is in view. Measured on the page, so that
// a zoomed diagram (presenter mode) scrolls right too.
func (a *app) scrollLadder() {
	wrap := a.byID("ladder-wrap").Underlying()
	row := wrap.Call("querySelector", "#ladder g.current")
	if a.ladderY < 0 || row.IsNull() {
		rows := wrap.Call("querySelectorAll", "#ladder g[data-arrow]")
		if rows.Length() == 0 {
			return
		}
		row = rows.Index(rows.Length() - 1)
	}
	w, r := wrap.Call("getBoundingClientRect"), row.Call("getBoundingClientRect")
	off := r.Get("top").Float() - w.Get("top").Float() - (wrap.Get("clientHeight").Float()-r.Get("height").Float())/2
	wrap.Set("scrollTop", wrap.Get("scrollTop").Float()+off)
	// The row's highlight spans the whole picture: where its arrow or note starts.
	left := math.Inf(1)
	parts := row.Call("querySelectorAll", "line, polyline, text, rect:not(.hl)")
	for i := range parts.Length() {
		left = min(left, parts.Index(i).Call("getBoundingClientRect").Get("left").Float())
	}
	viewLeft, viewWidth := w.Get("left").Float(), wrap.Get("clientWidth").Float()
	if !math.IsInf(left, 1) && (left < viewLeft || left > viewLeft+viewWidth*0.6) {
		wrap.Set("scrollLeft", wrap.Get("scrollLeft").Float()+left-viewLeft-24)
	}
}

// scrollQuestion brings a checkpoint question — once answered, its verdict — into
// the lesson panel's view when the panel scrolls inside itself (on a small screen the
// narration above it can fill the panel): the learner must see what is asked.
//
// Without a question, a narration that changed is shown from its top: the panel
// keeps its scroll position otherwise, and after a verdict far down the panel the
// next step's text would stay above its view.
func (a *app) scrollQuestion() {
	q := a.byID("question").Underlying()
	panel := q.Call("closest", "section")
	newText := a.newText
	a.newText = false
	if panel.IsNull() {
		return
	}
	if q.Get("hidden").Bool() {
		if newText && panel.Get("scrollTop").Float() > 0 {
			panel.Set("scrollTop", 0)
		}
		return
	}
	if panel.Get("scrollHeight").Int() <= panel.Get("clientHeight").Int() {
		return
	}
	if v := q.Call("querySelector", ".verdict"); !v.IsNull() {
		q = v
	}
	qr, pr := q.Call("getBoundingClientRect"), panel.Call("getBoundingClientRect")
	top, bottom := qr.Get("top").Float()-pr.Get("top").Float(), qr.Get("bottom").Float()-pr.Get("top").Float()
	if visible := panel.Get("clientHeight").Float(); top < 0 || bottom > visible {
		// The question's top, or as much of it as fits, a little below the panel's top.
		panel.Set("scrollTop", panel.Get("scrollTop").Float()+top-8)
	}
}
