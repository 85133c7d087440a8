//go:build js && wasm

// Command author is the page's authoring module (author.wasm): it reads a teacher's own
// lesson or scenario files — YAML and Markdown, which the page's own module does not
// parse — and hands the page the compiled lesson or scenario, or the problems found.
// The page loads it the first time own files are opened (web/loader.js).
//
// It sets one function, smtpsimAuthorCompile(request) → response, both JSON: the
// request {"lang": "de", "files": {NAME: base64}}, the response a lessons.Own.
package main

import (
	"encoding/json"
	"strconv"
	"syscall/js"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
)

// request is what the page asks for: the files by name, and the language of problems.
type request struct {
	Lang  string            `json:"lang"`
	Files map[string][]byte `json:"files"`
}

func main() {
	js.Global().Set("smtpsimAuthorCompile", js.FuncOf(func(_ js.Value, args []js.Value) any {
		var req request
		var own lessons.Own
		if len(args) != 1 || args[0].Type() != js.TypeString {
			own.Problems = []string{"smtpsimAuthorCompile: expected one JSON string"}
		} else if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
			own.Problems = []string{"smtpsimAuthorCompile: " + err.Error()}
		} else {
			own = lessonfile.CompileOwn(req.Files, req.Lang)
		}
		out, err := json.Marshal(own)
		if err != nil {
			return `{"problems":[` + strconv.Quote("smtpsimAuthorCompile: "+err.Error()) + `]}`
		}
		return string(out)
	}))
	if ready := js.Global().Get("smtpsimAuthorReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
