//go:build js && wasm

package main

import (
	"strings"
)

// Keyboard and screen reader: where focus goes after an answer, the help dialog's
// focus trap, and the live region that tells each step.

// focusAfterAnswer moves focus to the verdict once a checkpoint is answered. The
// clicked option is drawn anew and disabled, which would drop focus on <body>; the
// verdict is where the learner's attention belongs next — a screen reader reads
// "Right!" or which option was right, then the explanation follows in reading order —
// and the step keys (→, Space) still work from there, since it is not a control.
// The Forward button would skip the verdict for anyone who cannot see it.
func (a *app) focusAfterAnswer() {
	v := a.doc.QuerySelector("#question .verdict")
	if v == nil {
		return
	}
	v.SetAttribute("tabindex", "-1") // focusable by script, not a Tab stop
	v.Focus()
}

// helpOpener is the element that had focus when the help dialog opened; focus returns
// there when it closes.
var helpOpener *elem

// toggleHelp opens the help dialog, or closes it when it is open.
func (a *app) toggleHelp() {
	if a.byID("help").HasAttribute("hidden") {
		a.openHelp()
	} else {
		a.closeHelp()
	}
}

func (a *app) openHelp() {
	h := a.byID("help")
	if !h.HasAttribute("hidden") {
		return
	}
	helpOpener = a.active()
	a.lessonTexts() // the help's words, should it open before they were set
	show(h, true)
	a.byID("help-close").Focus()
}

// closeHelp hides the help dialog and gives focus back to what opened it, or to the
// help button when that is gone.
func (a *app) closeHelp() {
	h := a.byID("help")
	if h.HasAttribute("hidden") {
		return
	}
	show(h, false)
	back := helpOpener
	helpOpener = nil
	if back == nil || !a.doc.Contains(back) || strings.EqualFold(back.TagName(), "body") {
		back = a.byID("nav-help")
	}
	back.Focus()
}

// trapHelpFocus keeps Tab and Shift-Tab inside the open help dialog (aria-modal): from
// the last control Tab goes to the first, from the first Shift-Tab to the last. The
// page behind a modal dialog is inert: keys other than Escape and ? (which close it)
// do not reach the step keys.
func (a *app) trapHelpFocus(ev *event) {
	ke, ok := keyboard(ev)
	if !ok {
		return
	}
	switch ke.Key() {
	case "Tab":
	case "Escape", "?":
		return
	default:
		ev.StopPropagation()
		return
	}
	stops := a.byID("help").QuerySelectorAll(`button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])`)
	if len(stops) == 0 {
		ev.PreventDefault()
		return
	}
	first, last := stops[0], stops[len(stops)-1]
	active := a.active()
	inside := active != nil && a.byID("help").Contains(active)
	is := func(el *elem) bool { return active != nil && active.Underlying().Equal(el.Underlying()) }
	switch {
	case ke.ShiftKey() && (!inside || is(first)):
		ev.PreventDefault()
		last.Focus()
	case !ke.ShiftKey() && (!inside || is(last)):
		ev.PreventDefault()
		first.Focus()
	}
}

// active is the element that has focus, or nil.
func (a *app) active() *elem {
	if a.doc.Underlying().Get("activeElement").IsNull() {
		return nil
	}
	return a.doc.ActiveElement()
}

// announcer is the polite live region that tells each step in a short text; the
// narration panel is not live, so that it is not re-read whole on every step.
func (a *app) announcer() *elem {
	if el := a.byID("announce"); el != nil {
		return el
	}
	el := a.doc.CreateElement("div")
	el.SetID("announce")
	el.SetAttribute("class", "sr-only")
	el.SetAttribute("aria-live", "polite")
	el.SetAttribute("aria-atomic", "true")
	a.doc.Body().AppendChild(el)
	return el
}

// announce puts the current step's text in the live region when it changed.
func (a *app) announce() {
	el := a.announcer()
	text := ""
	if a.page != nil {
		text = a.page.Announcement()
	}
	if el.TextContent() != text {
		el.SetTextContent(text)
	}
}

// bindFocus wires the help dialog's trap and creates the live region.
func (a *app) bindFocus() {
	a.on("help", "keydown", a.trapHelpFocus)
	a.announcer()
}
