//go:build js && wasm

package main

import (
	"errors"
	"slices"
	"syscall/js"

	"smtpsim/wasm/view"
)

// The faults panel: the menu of faults for a machine of the network, the help card
// with the syntax of every fault, and adding a fault (the menu and the form share it).

// topologySize is the size of the network's picture in CSS px: its width (a panel not
// laid out, hidden, counts as wide as the window) and, where the picture fills a cell
// of the one-screen page, its height; 0 where its height follows from its width (a
// phone).
func (a *app) topologySize() (width, height int) {
	if topologyKnown {
		return topologyWidth, topologyHeight
	}
	return a.measureTopology()
}

// The network panel's size as last measured, kept so that a step does not force the
// browser to lay the page out just to read it: the ResizeObserver measures again
// whenever the panel changes size.
var (
	topologyKnown                 bool
	topologyWidth, topologyHeight int
)

// measureTopology reads the network panel's size from the page.
func (a *app) measureTopology() (width, height int) {
	svg := a.byID("topology").Underlying()
	width = svg.Get("clientWidth").Int()
	if width <= 0 {
		return js.Global().Get("innerWidth").Int(), 0
	}
	if js.Global().Call("matchMedia", oneScreen).Get("matches").Bool() {
		height = svg.Get("clientHeight").Int()
	}
	return width, height
}

// oneScreen is the media query of web/style.css under which the lesson page is one
// screen high and the network fills its cell.
const oneScreen = "(min-width: 901px)"

// renderLegend writes the network's legend: a sample and a text for each entry.
func (a *app) renderLegend() {
	legend := a.page.Legend()
	if slices.Equal(legend, drawnLegend) {
		return // most steps change nothing in it
	}
	drawnLegend = legend
	list := a.byID("network-key-list")
	clear(list)
	for _, k := range legend {
		li := a.el("li", "")
		sample := a.el("span", "")
		sample.SetAttribute("class", "sample "+k.Class)
		sample.SetAttribute("aria-hidden", "true")
		li.AppendChild(sample)
		li.AppendChild(a.el("span", k.Text))
		list.AppendChild(li)
	}
}

// drawnLegend is the legend on the page.
var drawnLegend []view.Key

// faultMenuNode is the machine whose menu is open, "" when closed; faultMenuPage the
// run it was opened for.
var (
	faultMenuNode string
	faultMenuPage *view.Page
)

// keepFaultMenu closes the menu when another lesson or scenario is open.
func (a *app) keepFaultMenu() {
	if faultMenuNode != "" && faultMenuPage != a.page {
		show(a.byID("fault-menu"), false)
		faultMenuNode = ""
	}
}

// bindNodeKeys lets Enter and Space press a machine of the network as they press a
// button: the key going down does nothing else (the page does not scroll), the key
// coming up on the same machine opens its menu. So the key that chose a fault in the
// menu, coming up on the machine that has the focus back, opens nothing.
func (a *app) bindNodeKeys() {
	// A phone turned, a window resized, presenter mode, the tool drawer: the network
	// is drawn again for its panel's new size.
	resized := js.FuncOf(func(js.Value, []js.Value) any {
		a.do(func() {
			w, h := a.measureTopology()
			if w <= 0 {
				topologyKnown = false // hidden: measure again when drawn
				return
			}
			changed := !topologyKnown || w != topologyWidth || h != topologyHeight
			topologyKnown, topologyWidth, topologyHeight = true, w, h
			if changed && a.page != nil {
				a.renderTopology()
			}
		})
		return nil
	})
	js.Global().Get("ResizeObserver").New(resized).Call("observe", a.byID("topology").Underlying())
	var pressed js.Value
	topology := a.byID("topology")
	isPress := func(ev *event) bool {
		ke, ok := keyboard(ev)
		return ok && (ke.Key() == "Enter" || ke.Key() == " ")
	}
	topology.AddEventListener("keydown", false, func(ev *event) {
		if isPress(ev) {
			ev.PreventDefault() // at once, in the event: neither Enter nor Space scrolls the page
			pressed = ev.Target().Underlying()
		}
	})
	// Any key coming up ends the press, wherever the focus went meanwhile.
	a.doc.AddEventListener("keyup", false, func(ev *event) {
		was := pressed
		pressed = js.Undefined()
		if isPress(ev) && was.Truthy() && was.Equal(ev.Target().Underlying()) {
			a.do(func() { a.nodeEvent(ev) })
		}
	})
}

// bindFaultMenu wires the menu's keys and its close button.
func (a *app) bindFaultMenu() {
	a.on("fault-menu-close", "click", func(*event) { a.closeFaultMenu() })
	a.byID("fault-menu").AddEventListener("keydown", false, func(ev *event) {
		ke, ok := keyboard(ev)
		if !ok {
			return
		}
		switch ke.Key() {
		case "Escape":
			ev.PreventDefault()
			ev.StopPropagation()
			a.do(a.closeFaultMenu)
		case "ArrowDown", "ArrowUp":
			ev.PreventDefault() // the arrows move in the menu, they do not scroll
			items := a.byID("fault-menu").QuerySelectorAll("button")
			at := -1
			for i, b := range items {
				if b.Underlying().Equal(a.doc.Underlying().Get("activeElement")) {
					at = i
				}
			}
			n := len(items)
			if n == 0 {
				return
			}
			if ke.Key() == "ArrowDown" {
				at = (at + 1) % n
			} else {
				at = (at - 1 + n) % n
			}
			items[at].Focus()
		}
	})
}

// openFaultMenu lists the faults that fit a machine, each with what it does, and
// moves the focus to the first of them.
func (a *app) openFaultMenu(node string) {
	faultMenuNode, faultMenuPage = node, a.page
	menu := a.byID("fault-menu")
	a.byID("fault-menu-h").SetTextContent(view.T(a.lang, "faults.menu.heading", view.NodeLabel(a.lang, node)))
	list := a.byID("fault-menu-list")
	clear(list)
	items := a.page.FaultMenu(node)
	if len(items) == 0 {
		list.AppendChild(a.el("li", view.T(a.lang, "faults.menu.none")))
	}
	for _, it := range items {
		li := a.el("li", "")
		b := a.el("button", "")
		b.SetAttribute("type", "button")
		b.SetAttribute("class", "fault-choice")
		b.SetAttribute("data-spec", it.Spec)
		b.AppendChild(a.el("code", it.Spec))
		b.AppendChild(a.el("span", it.Text))
		spec := it.Spec
		if it.Flag != "" {
			// Still focusable, so the arrows pass over it; it says why it adds nothing.
			b.SetAttribute("aria-disabled", "true")
			flag := a.el("span", "⚠ "+it.Flag)
			flag.SetAttribute("class", "fault-flag")
			b.AppendChild(flag)
		} else {
			b.AddEventListener("click", false, func(*event) {
				a.do(func() {
					if a.addFault(spec) {
						a.closeFaultMenu()
					}
				})
			})
		}
		li.AppendChild(b)
		list.AppendChild(li)
	}
	show(menu, true)
	revealPanel(menu)
	first := menu.QuerySelector("button")
	first.Focus()
	menu.Underlying().Call("scrollIntoView", map[string]any{"block": "nearest"})
}

// closeFaultMenu hides the menu and gives the focus back to its machine.
func (a *app) closeFaultMenu() {
	show(a.byID("fault-menu"), false)
	node := faultMenuNode
	faultMenuNode = ""
	if node == "" {
		return
	}
	sel := `#topology g[data-node="` + js.Global().Get("CSS").Call("escape", node).String() + `"]`
	if g := a.doc.QuerySelector(sel); g != nil {
		g.Underlying().Call("focus", map[string]any{"preventScroll": true})
	}
}

// revealPanel shows el where it sits in a closed drawer (<details>) or a hidden tab
// panel: it opens the drawer, it clicks the tab.
func revealPanel(el *elem) {
	for n := el.Underlying(); n.Truthy() && n.Get("nodeType").Int() == 1; n = n.Get("parentElement") {
		if n.Get("tagName").String() == "DETAILS" {
			n.Set("open", true)
		}
		if !n.Call("hasAttribute", "hidden").Bool() || n.Get("id").String() == "" {
			continue
		}
		tab := js.Global().Get("document").Call("querySelector", `[role="tab"][aria-controls="`+n.Get("id").String()+`"]`)
		if tab.Truthy() {
			tab.Call("click")
		}
	}
}

// addFault adds a fault (from the form or the menu), replays the run and reports
// whether it was taken; a fault that is not valid or cannot take effect is said why.
func (a *app) addFault(spec string) bool {
	err := a.page.AddFault(spec)
	if err != nil {
		err = errors.New(view.T(a.lang, "faults.bad", view.Say(a.lang, err)))
	}
	return a.consoleResult(err, "fault-error")
}

// faultTexts puts the fault help card's words in the page's language; its list follows
// with the lesson (lessonTexts).
func (a *app) faultTexts() {
	a.text("fault-help-s", view.T(a.lang, "faults.help.summary"))
	a.text("fault-help-intro", view.T(a.lang, "faults.help.intro"))
	a.text("fault-menu-close", view.T(a.lang, "faults.menu.close"))
	// A menu open in the other language closes.
	show(a.byID("fault-menu"), false)
	faultMenuNode = ""
}

// faultFlag marks a fault of the list that cannot take effect, with the reason.
func (a *app) faultFlag(li *elem, i int) {
	why := a.page.FaultFlag(i)
	if why == "" {
		return
	}
	li.Class().Add("flagged")
	flag := a.el("span", "⚠ "+view.T(a.lang, "faults.flagged", why)+" ")
	flag.SetAttribute("class", "fault-flag")
	li.AppendChild(flag)
}
