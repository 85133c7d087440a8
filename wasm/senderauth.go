//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"syscall/js"

	"smtpsim/sim/auth/remote"
	"smtpsim/sim/dns"
	"smtpsim/sim/world"
)

// The page's worlds sign and check senders in the sender-authentication module
// (senderauth.wasm, wasm/senderauth): the page gets it (senderauthgate.go) before it
// makes a world that needs it, and each check is a call into it that waits for the
// answer, while the module's DNS questions come back here, to the world's resolver.
func init() { world.UseSenderAuth(remote.Client{Call: callSenderAuth}) }

// callSenderAuth carries one request to the module and returns its answer. A module
// that is not there, throws or answers something else is an error: the world stops
// and the page says why.
func callSenderAuth(req, msg []byte, r dns.Resolver) (answer []byte, err error) {
	call := js.Global().Get("smtpsimSenderAuthCall")
	if call.Type() != js.TypeFunction {
		// The page did not get the module, or it has stopped. The error wraps
		// world.ErrNoSenderAuth, which the page says in its language; made here, not
		// as a package variable, so that the page's start formats nothing.
		return nil, fmt.Errorf("%w: the sender-authentication module is not loaded", world.ErrNoSenderAuth)
	}
	defer func() {
		if p := recover(); p != nil { // syscall/js panics when the called function throws
			answer, err = nil, fmt.Errorf("%v", p)
		}
		if err != nil { // broken: the next world that needs it loads it afresh
			js.Global().Get("console").Call("warn", err.Error()) // its words, for the console
			js.Global().Call("smtpsimSenderAuthForget")
		}
	}()
	lookup := js.FuncOf(func(_ js.Value, args []js.Value) any {
		return remote.Answer(r, args[0].String(), args[1].String())
	})
	defer lookup.Release()
	message := js.Null()
	if msg != nil {
		message = js.Global().Get("Uint8Array").New(len(msg))
		js.CopyBytesToJS(message, msg)
	}
	out := call.Invoke(string(req), message, lookup)
	if out.Type() != js.TypeString {
		return nil, errors.New("the sender-authentication module gave no answer")
	}
	return []byte(out.String()), nil
}
