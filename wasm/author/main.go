//go:build js && wasm

// Command author is the page's authoring module (author.wasm): it reads a teacher's own
// lesson or scenario files — YAML and Markdown, which the page's own module does not
// parse — and hands the page the compiled lesson or scenario, or the problems found.
// The page loads it the first time own files are opened (web/loader.js).
//
// It sets one function, smtpsimAuthorCompile(request) → response: the request is JSON
// {"lang": "de", "files": {NAME: base64}}, the response a lessons.Own as JSON, or an
// object {"error": why} when the module could not do its work.
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/world"
)

// request is what the page asks for: the files by name, and the language of problems.
type request struct {
	Lang  string            `json:"lang"`
	Files map[string][]byte `json:"files"`
}

// compile answers one request with a lessons.Own as JSON. A request it cannot read, or
// files that make the compiler fail, give {"error": why} instead, so that the page can
// say so rather than stop with this module.
func compile(_ js.Value, args []js.Value) (answer any) {
	defer func() {
		if r := recover(); r != nil {
			answer = map[string]any{"error": fmt.Sprint(r)}
		}
	}()
	var req request
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return map[string]any{"error": "expected one JSON string"}
	}
	if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
		return map[string]any{"error": err.Error()}
	}
	out, err := json.Marshal(lessonfile.CompileOwn(req.Files, req.Lang))
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
