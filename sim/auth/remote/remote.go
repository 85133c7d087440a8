// Package remote carries sender authentication to an evaluator in another program:
// the page's module asks, the sender-authentication module (wasm/senderauth) answers
// with the libraries. Client is an auth.Evaluator that encodes each call as a request;
// Serve answers a request with a real evaluator. The DNS questions the evaluator asks
// meanwhile go back to the asking side's resolver, one at a time, as they are asked,
// so that a resolver that records or changes answers (a fault) sees them as it would
// in one program. Times cross as text, the seed as JSON digits: nothing is rounded.
package remote

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
)

// The operations, one for each method of auth.Evaluator.
const (
	opSPF    = "spf"
	opVerify = "verify-dkim"
	opSign   = "sign"
	opKey    = "key-record"
)

// request is one call: its operation and arguments; the message travels beside it.
type request struct {
	Op      string       `json:"op"`
	IP      string       `json:"ip,omitempty"`
	Helo    string       `json:"helo,omitempty"`
	Sender  string       `json:"sender,omitempty"`
	Signing auth.Signing `json:"signing"`
	Seed    uint64       `json:"seed,omitempty"`
	At      string       `json:"at,omitempty"` // time.Time.MarshalText
}

// answer is what a call returned; Error when the evaluator could not do its work.
type answer struct {
	Check  auth.Check   `json:"check"`
	Checks []auth.Check `json:"checks,omitempty"`
	Field  string       `json:"field,omitempty"`
	Record dns.Record   `json:"record"`
	Error  string       `json:"error,omitempty"`
}

// Call carries one request to the other program and returns its answer; while the
// other side works it asks r, on the caller's goroutine. An error says the request did
// not reach an evaluator or no answer came back.
type Call func(req, msg []byte, r dns.Resolver) ([]byte, error)

// Client is an auth.Evaluator whose work Call carries to another program.
type Client struct{ Call Call }

var _ auth.Evaluator = Client{}

func (c Client) do(req request, msg []byte, r dns.Resolver) (answer, error) {
	var a answer
	data, err := json.Marshal(req)
	if err != nil {
		return a, err
	}
	if r == nil {
		r = dns.ResolverFunc(func(name string, t dns.Type) dns.Answer { return dns.Answer{Name: name, Type: t, Rcode: dns.ServFail} })
	}
	out, err := c.Call(data, msg, r)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(out, &a); err != nil {
		return a, fmt.Errorf("unreadable answer: %w", err)
	}
	if a.Error != "" {
		return a, errors.New(a.Error)
	}
	return a, nil
}

func timeText(at time.Time) string {
	b, err := at.MarshalText()
	if err != nil { // a year outside 0–9999: not a time a world has
		return ""
	}
	return string(b)
}

// SPF asks the other program's SPF.
func (c Client) SPF(r dns.Resolver, ip, helo, sender string) (auth.Check, error) {
	a, err := c.do(request{Op: opSPF, IP: ip, Helo: helo, Sender: sender}, nil, r)
	return a.Check, err
}

// VerifyDKIM asks the other program's VerifyDKIM.
func (c Client) VerifyDKIM(r dns.Resolver, msg []byte, at time.Time) ([]auth.Check, error) {
	a, err := c.do(request{Op: opVerify, At: timeText(at)}, msg, r)
	return a.Checks, err
}

// Sign asks the other program's Sign.
func (c Client) Sign(s auth.Signing, msg []byte, seed uint64, at time.Time) (string, error) {
	a, err := c.do(request{Op: opSign, Signing: s, Seed: seed, At: timeText(at)}, msg, nil)
	return a.Field, err
}

// KeyRecord asks the other program's KeyRecord.
func (c Client) KeyRecord(s auth.Signing, seed uint64) (dns.Record, error) {
	a, err := c.do(request{Op: opKey, Signing: s, Seed: seed}, nil, nil)
	return a.Record, err
}

// Serve answers one request of a Client with e, asking r for DNS. It always answers:
// a request it cannot read, or an evaluator that fails, gives an answer with Error.
func Serve(e auth.Evaluator, req, msg []byte, r dns.Resolver) []byte {
	a, err := serve(e, req, msg, r)
	if err != nil {
		return Refusal(err.Error())
	}
	out, err := json.Marshal(a)
	if err != nil {
		return Refusal(err.Error())
	}
	return out
}

// Refusal is the answer that carries only why a request was not done: what Serve
// answers when it cannot, and what the answering program says when it cannot even
// call Serve (its arguments are not a request, or it panicked).
func Refusal(why string) []byte {
	out, _ := json.Marshal(answer{Error: why}) // strings and zero values always encode
	return out
}

func serve(e auth.Evaluator, data, msg []byte, r dns.Resolver) (a answer, err error) {
	var req request
	if err := json.Unmarshal(data, &req); err != nil {
		return a, fmt.Errorf("unreadable request: %w", err)
	}
	var at time.Time
	if req.At != "" {
		if err := at.UnmarshalText([]byte(req.At)); err != nil {
			return a, fmt.Errorf("unreadable time: %w", err)
		}
	}
	switch req.Op {
	case opSPF:
		a.Check, err = e.SPF(r, req.IP, req.Helo, req.Sender)
	case opVerify:
		a.Checks, err = e.VerifyDKIM(r, msg, at)
	case opSign:
		a.Field, err = e.Sign(req.Signing, msg, req.Seed, at)
	case opKey:
		a.Record, err = e.KeyRecord(req.Signing, req.Seed)
	default:
		err = fmt.Errorf("unknown operation %q", req.Op)
	}
	return a, err
}
