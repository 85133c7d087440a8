//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"
	"time"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// progressUI keeps the learner's progress (view.Progress) in localStorage. A storage
// that throws — private mode, a full quota, storage switched off — leaves the page
// working: progress is then kept for this visit only, and the start page says so once.
type progressUI struct {
	record *view.Progress
	loaded bool
	// unkept is set once storage failed; the start page then shows a quiet note.
	unkept bool
	// asking is set while the start page asks "Really reset?".
	asking bool
}

// storage runs f on localStorage; a JS exception (thrown by the getter or the call)
// comes back as an error instead of ending the program.
func storage(f func(ls js.Value) js.Value) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("localStorage: %v", r)
		}
	}()
	ls := js.Global().Get("localStorage")
	if !ls.Truthy() {
		return js.Undefined(), fmt.Errorf("localStorage: not available")
	}
	return f(ls), nil
}

// progress is the record, read from storage the first time. A damaged or foreign
// value is ignored (and replaced at the next write).
func (a *app) progress() *view.Progress {
	pr := &a.prog
	if pr.loaded {
		return pr.record
	}
	pr.loaded = true
	v, err := storage(func(ls js.Value) js.Value { return ls.Call("getItem", view.ProgressKey) })
	if err != nil {
		pr.unkept = true
	}
	data := ""
	if err == nil && v.Type() == js.TypeString {
		data = v.String()
	}
	pr.record, _ = view.DecodeProgress(data)
	return pr.record
}

// saveProgress writes the record; a failure is remembered, not raised.
func (a *app) saveProgress() {
	data := a.progress().Encode()
	if _, err := storage(func(ls js.Value) js.Value { return ls.Call("setItem", view.ProgressKey, data) }); err != nil {
		a.prog.unkept = true
	}
}

// observeProgress records what the page shows now — an answer, a step, a lesson
// opened at a link's answers — and stores the record if it changed.
func (a *app) observeProgress() {
	if a.page == nil {
		return
	}
	if a.progress().Observe(a.page, time.Now().Format("2006-01-02")) {
		a.saveProgress()
	}
}

// renderProgressHead is the start page's summary line, the reset button (with its
// inline confirmation) and the note when progress cannot be kept.
func (a *app) renderProgressHead(course []lessons.Entry) {
	prog := a.progress()
	done, total := prog.CoreDone(course)
	a.text("progress-core", view.T(a.lang, "progress.core", done, total)+" "+view.T(a.lang, "progress.local"))
	a.text("progress-unkept", view.T(a.lang, "progress.unkept"))
	show(a.byID("progress-unkept"), a.prog.unkept)
	a.text("progress-reset", view.T(a.lang, "progress.reset"))
	a.text("progress-ask-text", view.T(a.lang, "progress.reset.ask"))
	a.text("progress-yes", view.T(a.lang, "progress.reset.yes"))
	a.text("progress-no", view.T(a.lang, "progress.reset.no"))
	show(a.byID("progress-reset"), !a.prog.asking)
	show(a.byID("progress-ask"), a.prog.asking)
	a.setTexts()
}

// bindProgress wires the reset button and its "Really reset? Yes / No".
func (a *app) bindProgress() {
	a.on("progress-reset", "click", func(*event) {
		a.prog.asking = true
		a.render()
		a.byID("progress-no").Focus()
	})
	a.on("progress-no", "click", func(*event) {
		a.prog.asking = false
		a.render()
		a.byID("progress-reset").Focus()
	})
	a.on("progress-yes", "click", func(*event) {
		a.prog.asking = false
		a.prog.record = view.NewProgress()
		a.prog.loaded = true
		if _, err := storage(func(ls js.Value) js.Value { return ls.Call("removeItem", view.ProgressKey) }); err != nil {
			a.prog.unkept = true
		}
		a.render()
		a.byID("progress-reset").Focus()
	})
}

// teacherBlock is the end of a lesson in a form to show the teacher on screen or on
// paper: the lesson, the day it was completed, the score and each question ✓/✗ in words.
func (a *app) teacherBlock(s *view.Summary) *elem {
	sec := a.el("section", "")
	sec.SetAttribute("id", "teacher-summary")
	sec.SetAttribute("aria-labelledby", "teacher-summary-heading")
	h := a.el("h5", view.T(a.lang, "teacher.heading"))
	h.SetAttribute("id", "teacher-summary-heading")
	sec.AppendChild(h)
	day := time.Now().Format("2006-01-02")
	if r := a.progress().Of(a.page); r != nil && r.CompletedOn != "" {
		day = r.CompletedOn // the first completion
	}
	sec.AppendChild(a.el("p", view.T(a.lang, "teacher.lesson", s.Title)))
	sec.AppendChild(a.el("p", view.T(a.lang, "teacher.date", view.Day(a.lang, day))))
	sec.AppendChild(a.el("p", view.T(a.lang, "teacher.score", s.Right, s.Total)))
	if len(s.Questions) > 0 {
		sec.AppendChild(a.el("p", view.T(a.lang, "teacher.questions")))
		ol := a.el("ol", "")
		for _, q := range s.Questions {
			li := a.el("li", "")
			li.SetAttribute("class", "q-"+q.Mark)
			text := a.el("div", "")
			// Checkpoint questions are goldmark output with raw HTML dropped.
			text.SetInnerHTML(q.HTML)
			li.AppendChild(text)
			mark := a.el("p", view.T(a.lang, "teacher."+q.Mark))
			mark.SetAttribute("class", "mark")
			li.AppendChild(mark)
			ol.AppendChild(li)
		}
		sec.AppendChild(ol)
	}
	b := a.el("button", view.T(a.lang, "teacher.print"))
	b.SetAttribute("type", "button")
	b.SetAttribute("id", "teacher-print")
	b.AddEventListener("click", false, func(*event) {
		// Only this block is printed (style.css, body.print-teacher); print() returns
		// once the print dialog is closed.
		body := a.doc.QuerySelector("body")
		body.Class().Add("print-teacher")
		js.Global().Call("print")
		body.Class().Remove("print-teacher")
	})
	sec.AppendChild(b)
	return sec
}
