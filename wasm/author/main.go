//go:build js && wasm

// Command author is the page's authoring module (author.wasm): it reads a teacher's own
// lesson or scenario files — YAML and Markdown, which the page's own module does not
// parse — and hands the page the compiled lesson or scenario, or the problems found.
// The page loads it the first time own files are opened (web/loader.js).
//
// It sets one function, smtpsimAuthorCompile(request) → response: the request is JSON
// {"lang": "de", "files": {NAME: base64}}, or {"lang": "de", "name": NAME, "packed":
// PART} for the scenario a link carries (packed there by this module); the response an
// ownfile.Answer as JSON, or an object {"error": why} when the module could not do its
// work.
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/world"
	"smtpsim/wasm/author/ownfile"
)

// compile answers one request with an ownfile.Answer as JSON. A request it cannot read, or
// files that make the compiler fail, give {"error": why} instead, so that the page can
// say so rather than stop with this module.
func compile(_ js.Value, args []js.Value) (answer any) {
	defer func() {
		if r := recover(); r != nil {
			answer = map[string]any{"error": fmt.Sprint(r)}
		}
	}()
	var req ownfile.Request
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return map[string]any{"error": "expected one JSON string"}
	}
	if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
		return map[string]any{"error": err.Error()}
	}
	out, err := json.Marshal(ownfile.Compile(req))
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	return string(out)
}

func main() {
	// Own files run their worlds here, and may sign and check senders.
	world.UseSenderAuth(spfdkim.Evaluator{})
	js.Global().Set("smtpsimAuthorCompile", js.FuncOf(compile))
	if ready := js.Global().Get("smtpsimAuthorReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
