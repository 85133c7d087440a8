//go:build js

package catalog

import (
	"sync"
	"syscall/js"
)

// compiled is what the web page's build has of the catalog: nothing. The page fetches
// the file before it runs anything that a lookup explains, and hands it in (Provide).
var compiled []byte

// missing says on the browser's console, once, that an explanation was looked up
// before the catalog came: a way through the page that does not wait for the catalog
// drops explanations without a word on the page, and the browser tests look for this.
var missing = sync.OnceFunc(func() {
	js.Global().Get("console").Call("error", "smtpsim: an explanation was looked up before the catalog was provided (catalog.Provide)")
})
