//go:build js && wasm

// Command senderauth is the page's sender-authentication module (senderauth.wasm): SPF
// and DKIM with their libraries (sim/auth/spfdkim), which the page's own module does
// not carry. The page loads it the first time it runs a world that signs or checks
// senders (web/loader.js) and calls it for each check, signature and key
// (sim/auth/remote).
//
// It sets one function, smtpsimSenderAuthCall(request, message, lookup) → answer:
// request and answer are remote's JSON texts, message a Uint8Array or null, and
// lookup(name, type) the page's DNS, which returns remote.Answer's text. It runs
// while the page waits for it: lookup calls back into the page's module.
package main

import (
	"fmt"
	"syscall/js"

	"smtpsim/sim/auth/remote"
	"smtpsim/sim/auth/spfdkim"
)

// call answers one request. Arguments it cannot read, or a panic, give an answer with
// an error, so that the page can say so rather than stop with this module.
func call(_ js.Value, args []js.Value) (answer any) {
	defer func() {
		if r := recover(); r != nil {
			answer = string(remote.Refusal(fmt.Sprint(r)))
		}
	}()
	if len(args) != 3 || args[0].Type() != js.TypeString || args[2].Type() != js.TypeFunction {
		return string(remote.Refusal("expected a request, a message and a lookup function"))
	}
	var msg []byte
	if m := args[1]; m.Truthy() {
		msg = make([]byte, m.Get("length").Int())
		js.CopyBytesToGo(msg, m)
	}
	lookup := args[2]
	r := remote.Resolver(func(name, t string) (string, error) {
		out := lookup.Invoke(name, t)
		if out.Type() != js.TypeString {
			return "", fmt.Errorf("no answer for %s %s", name, t)
		}
		return out.String(), nil
	})
	return string(remote.Serve(spfdkim.Evaluator{}, []byte(args[0].String()), msg, r))
}

func main() {
	js.Global().Set("smtpsimSenderAuthCall", js.FuncOf(call))
	if ready := js.Global().Get("smtpsimSenderAuthReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
