//go:build js && wasm

package main

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// The page takes its nodes and events from dom/v2 through the few functions of this
// file, never through dom/v2's own constructors (GetWindow, Document, GetElementByID,
// QuerySelector, Event.Target, AddEventListener). Those pick a concrete type for every
// node and event (HTMLDivElement, KeyboardEvent, ... — a switch over some 150 types)
// and so convert each of them to an interface, and Go's linker keeps every method of
// a type that reaches an interface when that method is called through one anywhere:
// about a megabyte of wrappers the page never calls. Here every node is one type,
// elem (dom/v2's BasicHTMLElement), and every event is one, event (its BasicEvent).

// elem is a node of the page: an HTML or SVG element, or a text node (FirstChild).
// The page holds nodes and events by these concrete types, never as dom/v2's
// interfaces: a method called through an interface keeps that method of every type
// in an interface, and the embedded dom/v2 types count as such; FirstChild, Target
// and the like of those call the switch.
type elem struct{ *dom.BasicHTMLElement }

// wrap is the node v, or nil for JavaScript's null and undefined.
func wrap(v js.Value) *elem {
	if v.IsNull() || v.IsUndefined() {
		return nil
	}
	return &elem{&dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}}
}

func (e *elem) QuerySelector(sel string) *elem { return wrap(e.Call("querySelector", sel)) }

func (e *elem) QuerySelectorAll(sel string) []*elem { return all(e.Call("querySelectorAll", sel)) }

func (e *elem) FirstChild() *elem { return wrap(e.Get("firstChild")) }

// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func (e *elem) AppendChild(child *elem) { e.Call("appendChild", child.Value) }

// SetAttribute, SetTextContent and SetInnerHTML do what dom/v2's do, as calls: the
// page calls them at some 120 places, and each of dom/v2's, inlined there, is some
// hundreds of octets of WebAssembly.
//
//go:noinline
func (e *elem) SetAttribute(name, value string) { e.Call("setAttribute", name, value) }

//go:noinline
func (e *elem) SetTextContent(s string) { e.Set("textContent", s) }

//go:noinline
func (e *elem) SetInnerHTML(s string) { e.Set("innerHTML", s) }

func (e *elem) Contains(other *elem) bool { return e.Call("contains", other.Value).Bool() }

// InsertBefore inserts which before the child before, or at the end when before is nil.
func (e *elem) InsertBefore(which, before *elem) {
	at := js.Null()
	if before != nil {
		at = before.Value
	}
	e.Call("insertBefore", which.Value, at)
}

//go:noinline
func (e *elem) AddEventListener(typ string, useCapture bool, listener func(*event)) js.Func {
	return listen(e.Value, typ, useCapture, listener)
}

// all is a NodeList as a slice.
func all(list js.Value) []*elem {
	out := make([]*elem, list.Length())
	for i := range out {
		out[i] = wrap(list.Index(i))
	}
	return out
}

// listen adds listener to target (a node, the document or the window).
func listen(target js.Value, typ string, useCapture bool, listener func(*event)) js.Func {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		listener(&event{&dom.BasicEvent{Value: args[0]}})
		return nil
	})
	target.Call("addEventListener", typ, f, useCapture)
	return f
}

// event is any event of the page.
type event struct{ *dom.BasicEvent }

func (ev *event) Target() *elem { return wrap(ev.Get("target")) }

var keyboardEvent = js.Global().Get("KeyboardEvent")

// keyboard is ev as a keyboard event, if it is one.
func keyboard(ev *event) (*dom.KeyboardEvent, bool) {
	if !ev.Underlying().InstanceOf(keyboardEvent) {
		return nil, false
	}
	return &dom.KeyboardEvent{BasicEvent: &dom.BasicEvent{Value: ev.Underlying()}}, true
}

// document is the page's document.
type document struct{ *dom.BasicNode }

func theDocument() document {
	return document{&dom.BasicNode{Value: js.Global().Get("document")}}
}

func (d document) GetElementByID(id string) *elem { return wrap(d.Call("getElementById", id)) }

func (d document) QuerySelector(sel string) *elem { return wrap(d.Call("querySelector", sel)) }

func (d document) QuerySelectorAll(sel string) []*elem { return all(d.Call("querySelectorAll", sel)) }

func (d document) CreateElement(tag string) *elem { return wrap(d.Call("createElement", tag)) }

func (d document) CreateElementNS(ns, tag string) *elem {
	return wrap(d.Call("createElementNS", ns, tag))
}

func (d document) ActiveElement() *elem { return wrap(d.Get("activeElement")) }

func (d document) Body() *elem { return wrap(d.Get("body")) }

func (d document) AddEventListener(typ string, useCapture bool, listener func(*event)) js.Func {
	return listen(d.Value, typ, useCapture, listener)
}

func (d document) Contains(other *elem) bool { return d.Call("contains", other.Value).Bool() }

func (d document) DocumentElement() *elem { return wrap(d.Get("documentElement")) }
