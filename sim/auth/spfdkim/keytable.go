package spfdkim

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"

	"smtpsim/sim/auth"
)

//go:generate go run ./internal/keytable/genkeys

// KeyUse is a key a world signs with: its signer and the world's seed.
type KeyUse struct {
	Signing auth.Signing
	Seed    uint64
}

func (u KeyUse) id() keyID {
	return keyID{u.Seed, strings.ToLower(u.Signing.Domain), strings.ToLower(u.Signing.Selector), u.Signing.Algorithm}
}

// Derive makes the key of u from its seed, domain, selector and algorithm, as Key does
// for a key the table of derived keys lacks, and never reads that table: for the
// table's generator and its test.
func (u KeyUse) Derive() crypto.Signer { return u.id().derive() }

// TableKey is the key of u as the table of derived keys (keys_gen.go) holds it, or
// nil: for the table's test.
func (u KeyUse) TableKey() crypto.Signer {
	if key := fromTable(u.id()); key != nil {
		return key
	}
	return nil
}

// fromTable is the key of k from the table of derived keys (keys_gen.go), or nil.
// The table holds the RSA keys of the built-in worlds: finding an RSA key's primes
// takes math/big about 0.2 s natively and over a second in the web page, for a key
// that is the same on every run. Its test (internal/keytable) derives every key
// again, so the table changes only how soon a key is there, never the key.
func fromTable(k keyID) *rsa.PrivateKey {
	enc, ok := derivedRSA[k]
	if !ok {
		return nil
	}
	der, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return nil
	}
	key, err := x509.ParsePKCS1PrivateKey(der)
	if err != nil {
		return nil
	}
	return key
}

// KeyTableEntry is one entry of the table of derived keys, as its generator writes
// it: the Go key and the PKCS #1 DER of the RSA key of u, in base64. ok is false for
// a key that is not RSA (an Ed25519 key is made at once from its seed).
func (u KeyUse) KeyTableEntry() (key, value string, ok bool) {
	k := u.id()
	if k.alg != auth.RSASHA256 {
		return "", "", false
	}
	der := x509.MarshalPKCS1PrivateKey(k.derive().(*rsa.PrivateKey))
	return goKey(k), base64.StdEncoding.EncodeToString(der), true
}

// goKey is k as a Go composite literal of keyID.
func goKey(k keyID) string {
	return fmt.Sprintf("{%d, %q, %q, %q}", k.seed, k.domain, k.selector, string(k.alg))
}
