package spfdkim

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/big"
	"math/rand/v2"

	"strings"
	"sync"
	"time"
	_ "unsafe" // go:linkname, see signingTime

	"github.com/emersion/go-msgauth/dkim"

	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
)

// Key returns the private key of s for a world with seed: the same seed, domain,
// selector and algorithm always give the same key, so that a run can be replayed and
// a signature checked again outside the simulation.
func Key(s auth.Signing, seed uint64) crypto.Signer {
	k := KeyUse{s, seed}.id()
	keys.Lock()
	defer keys.Unlock()
	if key, ok := keys.m[k]; ok {
		return key
	}
	var key crypto.Signer
	if table := fromTable(k); table != nil {
		key = table
	} else {
		key = k.derive()
	}
	keys.m[k] = key
	return key
}

// derive makes the key of k from its seed, domain, selector and algorithm.
func (k keyID) derive() crypto.Signer {
	var seedBytes [8]byte
	binary.BigEndian.PutUint64(seedBytes[:], k.seed)
	sum := sha256.Sum256([]byte(fmt.Sprintf("smtpsim dkim key %x %s %s %s", seedBytes, k.domain, k.selector, k.alg)))
	if k.alg == auth.Ed25519SHA256 {
		return ed25519.NewKeyFromSeed(sum[:])
	}
	return rsaKey(rand.New(rand.NewChaCha8(sum)))
}

type keyID struct {
	seed             uint64
	domain, selector string
	alg              auth.Algorithm
}

// keys caches derived keys: an RSA key takes a noticeable time to find, and every
// replay of a world needs the same one again. Derivation is deterministic, so the
// cache changes only speed, never a result.
var keys = struct {
	sync.Mutex
	m map[keyID]crypto.Signer
}{m: map[keyID]crypto.Signer{}}

// rsaKey makes a 2048-bit RSA key (RFC 8301 §3.2) from a seeded stream. The standard
// library's rsa.GenerateKey ignores the reader it is given, so the primes are found
// here: random odd 1024-bit numbers with the top two bits set, stepped by two until
// one is a probable prime.
func rsaKey(src *rand.Rand) *rsa.PrivateKey {
	e := big.NewInt(65537)
	one := big.NewInt(1)
	for {
		p, q := prime(src, 1024), prime(src, 1024)
		if p.Cmp(q) == 0 {
			continue
		}
		n := new(big.Int).Mul(p, q)
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		d := new(big.Int).ModInverse(e, phi)
		if d == nil || n.BitLen() != 2048 {
			continue
		}
		key := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: d, Primes: []*big.Int{p, q}}
		key.Precompute()
		if key.Validate() == nil {
			return key
		}
	}
}

func prime(src *rand.Rand, bits int) *big.Int {
	buf := make([]byte, bits/8)
	for i := 0; i < len(buf); i += 8 {
		binary.BigEndian.PutUint64(buf[i:], src.Uint64())
	}
	buf[0] |= 0xc0
	buf[len(buf)-1] |= 1
	p := new(big.Int).SetBytes(buf)
	two := big.NewInt(2)
	for !p.ProbablyPrime(20) {
		p.Add(p, two)
	}
	return p
}

// Record returns the TXT record that publishes the public key of s for a world with
// seed (RFC 6376 §3.6.1, RFC 8463 §4.2).
func Record(s auth.Signing, seed uint64) dns.Record {
	var k, p string
	switch pub := Key(s, seed).Public().(type) {
	case ed25519.PublicKey:
		k, p = "ed25519", base64.StdEncoding.EncodeToString(pub)
	case *rsa.PublicKey:
		der, _ := x509.MarshalPKIXPublicKey(pub)
		k, p = "rsa", base64.StdEncoding.EncodeToString(der)
	}
	return dns.Record{Name: s.KeyName(), Type: dns.TypeTXT, Value: "v=DKIM1; k=" + k + "; p=" + p}
}

// signedFields are the header fields a signature covers (RFC 6376 §5.4.1). From is
// required; the others are those a reader sees.
var signedFields = []string{"From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"}

// Sign returns the DKIM-Signature field for msg (with its CRLF), dated at, signed with
// the key of s for seed.
func Sign(s auth.Signing, msg []byte, seed uint64, at time.Time) (string, error) {
	head, body := "relaxed", "relaxed"
	if s.Canonicalization != "" {
		head, body, _ = strings.Cut(s.Canonicalization, "/")
	}
	opts := &dkim.SignOptions{
		Domain: s.Domain, Selector: s.Selector, Signer: Key(s, seed), Hash: crypto.SHA256,
		HeaderCanonicalization: dkim.Canonicalization(head), BodyCanonicalization: dkim.Canonicalization(body),
		HeaderKeys: signedFields,
	}
	// go-msgauth stamps t= with its package clock: for a signature that a replay
	// reproduces byte for byte, that clock reads the virtual time while we sign.
	defer virtualClock(at)()
	signer, err := dkim.NewSigner(opts)
	if err != nil {
		return "", err
	}
	if _, err := signer.Write(msg); err != nil {
		signer.Close()
		return "", err
	}
	if err := signer.Close(); err != nil {
		return "", err
	}
	return signer.Signature(), nil
}

// clock serialises the users of go-msgauth's package clock.
var clock sync.Mutex

// dkimNow is go-msgauth's package clock (dkim.now, time.Now unless set), which it
// reads for a signature's t= and to check a signature's expiry x=. The library has no
// option for either; the simulation has no wall clock.
//
//go:linkname dkimNow github.com/emersion/go-msgauth/dkim.now
var dkimNow func() time.Time

// virtualClock sets go-msgauth's clock to at, for one signing or verification, and
// returns the function that gives the clock back.
func virtualClock(at time.Time) (restore func()) {
	clock.Lock()
	saved := dkimNow
	dkimNow = func() time.Time { return at }
	return func() {
		dkimNow = saved
		clock.Unlock()
	}
}

// VerifyDKIM checks the DKIM signatures of msg with keys from r at time at (for a
// signature's expiry, RFC 6376 §3.5 x=) (RFC 6376 §6). A message without a signature
// has result none (RFC 8601 §2.7.1).
func VerifyDKIM(r dns.Resolver, msg []byte, at time.Time) []auth.Check {
	defer virtualClock(at)()
	lookup := func(name string) ([]string, error) { return resolver{r}.LookupTXT(context.Background(), name) }
	verifs, err := dkim.VerifyWithOptions(bytes.NewReader(msg), &dkim.VerifyOptions{LookupTXT: lookup, MaxVerifications: 5})
	if err != nil && len(verifs) == 0 {
		return []auth.Check{{Method: auth.MethodDKIM, Result: auth.PermError, Reason: err.Error()}}
	}
	if len(verifs) == 0 {
		return []auth.Check{{Method: auth.MethodDKIM, Result: auth.None, Reason: "no signature"}}
	}
	var out []auth.Check
	for _, v := range verifs {
		c := auth.Check{Method: auth.MethodDKIM, Result: auth.Pass, Domain: strings.ToLower(v.Domain)}
		switch {
		case v.Err == nil:
		case dkim.IsTempFail(v.Err):
			c.Result = auth.TempError
		case dkim.IsPermFail(v.Err):
			c.Result = auth.PermError
		default:
			c.Result = auth.Fail
		}
		if v.Err != nil {
			c.Reason = strings.TrimPrefix(v.Err.Error(), "dkim: ")
		}
		out = append(out, c)
	}
	return out
}
