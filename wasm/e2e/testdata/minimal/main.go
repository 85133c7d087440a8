//go:build js && wasm

// Command minimal is the baseline of BenchmarkColdLoad: the smallest Go program that
// does what the real page's start does in kind — take the DOM through dom/v2, show a
// list of links and wait for clicks — so that the real page's start-up is measured
// against what Go and dom/v2 cost by themselves.
package main

import (
	"strconv"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

func main() {
	mark("smtpsim:main")
	doc := dom.GetWindow().Document()
	list := doc.GetElementByID("lesson-list")
	for i := 1; i <= 3; i++ {
		li := doc.CreateElement("li")
		a := doc.CreateElement("a")
		a.SetAttribute("href", "#lesson="+strconv.Itoa(i))
		a.SetTextContent("Lesson " + strconv.Itoa(i))
		a.AddEventListener("click", false, func(dom.Event) { a.SetTextContent("opened") })
		li.AppendChild(a)
		list.AppendChild(li)
	}
	doc.GetElementByID("loading").SetAttribute("hidden", "")
	doc.GetElementByID("app").RemoveAttribute("hidden")
	mark("smtpsim:ready")
	select {}
}

// mark sets the performance marks the real page sets, for BenchmarkColdLoad.
func mark(name string) { js.Global().Get("performance").Call("mark", name) }
