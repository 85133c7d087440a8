// Package auth is sender authentication as a receiving MTA records it: the results of
// SPF (RFC 7208) and DKIM (RFC 6376) checks, DMARC (RFC 7489) over them, and the
// Authentication-Results: (RFC 8601) and Received-SPF: fields that record them. The
// checks and signatures themselves, with their libraries, keys and cryptography, are
// behind Evaluator (package spfdkim implements it), so that a program that only shows
// results need not carry them. It has no sockets, no clock and no global random
// source: the caller passes the resolver, the time and the seed.
package auth

import (
	"strings"
	"time"

	"smtpsim/sim/dns"
)

// Method is an authentication method, as Authentication-Results names it (RFC 8601 §2.7).
type Method string

// The methods the simulation evaluates.
const (
	MethodSPF   Method = "spf"
	MethodDKIM  Method = "dkim"
	MethodDMARC Method = "dmarc"
)

// Result is the outcome of one method (RFC 7208 §2.6, RFC 8601 §2.7.1).
type Result string

// The results of SPF (RFC 7208 §2.6) and DKIM (RFC 8601 §2.7.1).
const (
	Pass      Result = "pass"
	Fail      Result = "fail"
	SoftFail  Result = "softfail"
	Neutral   Result = "neutral"
	None      Result = "none"
	TempError Result = "temperror"
	PermError Result = "permerror"
)

// Check is what one method found about a message: the result, the domain it was
// about, and why, in a few words from the evaluator.
type Check struct {
	Method Method `json:"method"`
	Result Result `json:"result"`
	// Domain is the domain checked: for SPF the MAIL FROM domain, or the HELO name
	// when MAIL FROM is empty (RFC 7208 §2.4); for DKIM the signing domain (d=).
	Domain string `json:"domain,omitempty"`
	// Identity is, for SPF, "mailfrom" or "helo": which identity Domain came from.
	Identity string `json:"identity,omitempty"`
	// Selector is the DKIM selector (s=) whose key was used.
	Selector string `json:"selector,omitempty"`
	// Policy is, for DMARC, the policy the receiver applies (RFC 7489 §6.3 p=):
	// "none", "quarantine" or "reject"; empty when the domain has no DMARC record.
	Policy string `json:"policy,omitempty"`
	// Reason is why, in the evaluator's words ("matched ip", "lookup limit reached",
	// "body hash did not verify").
	Reason string `json:"reason,omitempty"`
}

// Algorithm is a DKIM signing algorithm (RFC 6376 §3.3, RFC 8463).
type Algorithm string

// The algorithms a scenario may choose.
const (
	RSASHA256     Algorithm = "rsa-sha256"
	Ed25519SHA256 Algorithm = "ed25519-sha256"
)

// Algorithms lists the algorithms, for messages that say what is expected.
var Algorithms = []Algorithm{RSASHA256, Ed25519SHA256}

// Canonicalizations lists the header/body canonicalizations a signer may use
// (RFC 6376 §3.4).
var Canonicalizations = []string{"relaxed/relaxed", "relaxed/simple", "simple/relaxed", "simple/simple"}

// Signing is what a domain's signer uses: the key's place in DNS, the algorithm and
// the canonicalization "header/body".
type Signing struct {
	Domain           string    `json:"domain"`
	Selector         string    `json:"selector"`
	Algorithm        Algorithm `json:"algorithm"`
	Canonicalization string    `json:"canonicalization,omitempty"` // "" is relaxed/relaxed
}

// KeyName is the DNS name of the public key: selector._domainkey.domain (RFC 6376 §3.6.2.1).
func (s Signing) KeyName() string {
	return strings.ToLower(s.Selector + "._domainkey." + s.Domain)
}

// Evaluator makes the checks and signatures of sender authentication. Every answer
// depends only on the arguments: the same resolver answers, message, seed and time
// give the same result, so that a run can be replayed. An error says the evaluator
// could not do its work at all (it is not there, or broke): a check that fails is a
// Check with its Result, never an error.
type Evaluator interface {
	// SPF evaluates the sender policy of sender's domain (RFC 7208 §4) for a client at
	// ip that greeted with helo, asking r only. An empty sender (a bounce) is checked
	// with the HELO identity (RFC 7208 §2.4).
	SPF(r dns.Resolver, ip, helo, sender string) (Check, error)
	// VerifyDKIM checks the DKIM signatures of msg with keys from r at time at (RFC
	// 6376 §6); a message without a signature has one check with result none.
	VerifyDKIM(r dns.Resolver, msg []byte, at time.Time) ([]Check, error)
	// Sign returns the DKIM-Signature field for msg (with its CRLF), dated at, signed
	// with the key of s for a world with seed.
	Sign(s Signing, msg []byte, seed uint64, at time.Time) (string, error)
	// KeyRecord returns the TXT record that publishes the public key of s for a world
	// with seed (RFC 6376 §3.6.1), at s.KeyName().
	KeyRecord(s Signing, seed uint64) (dns.Record, error)
}
