package remote

import (
	"encoding/json"

	"smtpsim/sim/dns"
)

// Answer is the asking side of a DNS question from the other program: r's answer to
// name and type t, as the text Resolver reads.
func Answer(r dns.Resolver, name, t string) string {
	out, err := json.Marshal(r.Lookup(name, dns.Type(t)))
	if err != nil {
		return ""
	}
	return string(out)
}

// Resolver is the answering side's view of the asking side's DNS: lookup carries a
// question across and returns Answer's text. A question that gets no readable answer
// is a SERVFAIL, which a check reports as a temporary error (RFC 7208 §2.6.6).
func Resolver(lookup func(name, t string) (string, error)) dns.Resolver {
	return dns.ResolverFunc(func(name string, t dns.Type) dns.Answer {
		// Decoded into a zero answer: an answer without an rcode (omitted when empty)
		// reads as NOERROR on this side as on the asking side.
		var a dns.Answer
		out, err := lookup(name, string(t))
		if err != nil || json.Unmarshal([]byte(out), &a) != nil {
			return dns.Answer{Name: name, Type: t, Rcode: dns.ServFail}
		}
		return a
	})
}
