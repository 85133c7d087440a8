package spfdkim

import (
	"time"

	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
)

// Evaluator is auth.Evaluator with this package's functions. It never fails to work:
// its errors are only those of signing (options the library refuses).
type Evaluator struct{}

var _ auth.Evaluator = Evaluator{}

// SPF is SPF.
func (Evaluator) SPF(r dns.Resolver, ip, helo, sender string) (auth.Check, error) {
	return SPF(r, ip, helo, sender), nil
}

// VerifyDKIM is VerifyDKIM.
func (Evaluator) VerifyDKIM(r dns.Resolver, msg []byte, at time.Time) ([]auth.Check, error) {
	return VerifyDKIM(r, msg, at), nil
}

// Sign is Sign.
func (Evaluator) Sign(s auth.Signing, msg []byte, seed uint64, at time.Time) (string, error) {
	return Sign(s, msg, seed, at)
}

// KeyRecord is Record.
func (Evaluator) KeyRecord(s auth.Signing, seed uint64) (dns.Record, error) {
	return Record(s, seed), nil
}
