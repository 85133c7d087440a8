//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
)

// texts are texts and attributes waiting to be set on elements named by id: triples of
// id, attribute name ("" for the text) and value. setTexts hands them to the page in
// one call (smtpsimTexts in loader.js): the page's words in one language are some 150
// of them, and each call from Go into the page costs more than the setting itself.
type texts []string

// text sets the text of the element with the id at the next setTexts.
//
// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func (a *app) text(id, s string) { a.pending = append(a.pending, id, "", s) }

// attr sets an attribute of the element with the id at the next setTexts.
//
//go:noinline
func (a *app) attr(id, name, s string) { a.pending = append(a.pending, id, name, s) }

// setTexts sets what text and attr collected; an element that is not on the page is
// left out.
func (a *app) setTexts() {
	if len(a.pending) == 0 {
		return
	}
	js.Global().Call("smtpsimTexts", strings.Join(a.pending, "\x00"))
	a.pending = a.pending[:0]
}
