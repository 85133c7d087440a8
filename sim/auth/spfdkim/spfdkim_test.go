package spfdkim_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/auth"
	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/dns"
)

func txt(name, value string) dns.Record {
	return dns.Record{Name: name, Type: dns.TypeTXT, Value: value}
}
func a(name, ip string) dns.Record { return dns.Record{Name: name, Type: dns.TypeA, Value: ip} }

// chain publishes n SPF records that include each other: checking l1 takes n-1 include
// lookups (the first TXT query does not count, RFC 7208 §4.6.4).
func chain(n int) []dns.Record {
	var rs []dns.Record
	for i := 1; i < n; i++ {
		rs = append(rs, txt(fmt.Sprintf("l%d.example.org", i), fmt.Sprintf("v=spf1 include:l%d.example.org -all", i+1)))
	}
	return append(rs, txt(fmt.Sprintf("l%d.example.org", n), "v=spf1 ip4:198.51.100.7 -all"))
}

func TestSPF(t *testing.T) {
	db := dns.NewDB(
		txt("example.org", "v=spf1 ip4:192.0.2.0/24 mx -all"),
		dns.Record{Name: "example.org", Type: dns.TypeMX, Pref: 10, Value: "mx.example.org"},
		a("mx.example.org", "198.51.100.25"),
		txt("soft.example", "v=spf1 a ~all"), a("soft.example", "192.0.2.9"),
		txt("neutral.example", "v=spf1 ?all"),
		txt("broken.example", "v=spf1 ip4:300.1.2.3 -all"),
		txt("mail.example.net", "v=spf1 a -all"), a("mail.example.net", "203.0.113.5"),
	)
	for _, r := range chain(12) {
		db.Add(r)
	}
	servfail := dns.ResolverFunc(func(name string, t dns.Type) dns.Answer {
		return dns.Answer{Name: name, Type: t, Rcode: dns.ServFail}
	})
	for _, tc := range []struct {
		name, ip, helo, from string
		r                    dns.Resolver
		want                 auth.Result
		domain, identity     string
	}{
		{"ip4 pass", "192.0.2.55", "c.example", "alice@example.org", db, auth.Pass, "example.org", "mailfrom"},
		{"mx pass", "198.51.100.25", "c.example", "alice@example.org", db, auth.Pass, "example.org", "mailfrom"},
		{"fail", "203.0.113.66", "c.example", "alice@Example.ORG", db, auth.Fail, "example.org", "mailfrom"},
		{"softfail", "203.0.113.66", "c.example", "bob@soft.example", db, auth.SoftFail, "soft.example", "mailfrom"},
		{"neutral", "203.0.113.66", "c.example", "bob@neutral.example", db, auth.Neutral, "neutral.example", "mailfrom"},
		{"none", "203.0.113.66", "c.example", "bob@nospf.example.org", db, auth.None, "nospf.example.org", "mailfrom"},
		{"permerror syntax", "203.0.113.66", "c.example", "x@broken.example", db, auth.PermError, "broken.example", "mailfrom"},
		{"ten lookups pass", "198.51.100.7", "c.example", "x@l2.example.org", db, auth.Pass, "l2.example.org", "mailfrom"},
		{"eleven lookups permerror", "198.51.100.7", "c.example", "x@l1.example.org", db, auth.PermError, "l1.example.org", "mailfrom"},
		{"temperror", "192.0.2.55", "c.example", "alice@example.org", servfail, auth.TempError, "example.org", "mailfrom"},
		{"helo when bounce", "203.0.113.5", "mail.example.net", "", db, auth.Pass, "mail.example.net", "helo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := spfdkim.SPF(tc.r, tc.ip, tc.helo, tc.from)
			assert.Equal(t, tc.want, c.Result, c.Reason)
			assert.Equal(t, tc.domain, c.Domain)
			assert.Equal(t, tc.identity, c.Identity)
			assert.Equal(t, auth.MethodSPF, c.Method)
		})
	}
	c := spfdkim.SPF(db, "198.51.100.7", "c.example", "x@l1.example.org")
	assert.Contains(t, c.Reason, "lookup limit")
}

const message = "From: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: Hello\r\n" +
	"Date: Wed, 25 Nov 2026 09:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nHello Bob,\r\nsee you.\r\n"

func TestDKIMSignVerify(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, alg := range auth.Algorithms {
		for _, canon := range []string{"", "simple/simple"} {
			t.Run(string(alg)+" "+canon, func(t *testing.T) {
				s := auth.Signing{Domain: "example.org", Selector: "s1", Algorithm: alg, Canonicalization: canon}
				db := dns.NewDB(spfdkim.Record(s, 42))
				field, err := spfdkim.Sign(s, []byte(message), 42, at)
				require.NoError(t, err)
				assert.Contains(t, field, "a="+string(alg))
				assert.Contains(t, field, fmt.Sprintf("t=%d", at.Unix()), "t= is the virtual time")
				again, err := spfdkim.Sign(s, []byte(message), 42, at)
				require.NoError(t, err)
				assert.Equal(t, field, again, "same seed, same time: same signature")

				signed := []byte(field + message)
				got := spfdkim.VerifyDKIM(db, signed, at)
				require.Len(t, got, 1)
				assert.Equal(t, auth.Check{Method: auth.MethodDKIM, Result: auth.Pass, Domain: "example.org"}, got[0])

				footer := append([]byte(field+message), "-- \r\nlist footer\r\n"...)
				got = spfdkim.VerifyDKIM(db, footer, at)
				require.Len(t, got, 1)
				assert.Equal(t, auth.Fail, got[0].Result, got[0].Reason)
				assert.Contains(t, got[0].Reason, "body hash")

				other := auth.Signing{Domain: "example.org", Selector: "s1", Algorithm: alg}
				assert.NotEqual(t, spfdkim.Record(other, 42).Value, spfdkim.Record(other, 43).Value, "another seed, another key")
			})
		}
	}
}

func TestDKIMWithoutKeyOrSignature(t *testing.T) {
	s := auth.Signing{Domain: "example.org", Selector: "s1", Algorithm: auth.Ed25519SHA256}
	field, err := spfdkim.Sign(s, []byte(message), 1, time.Unix(0, 0))
	require.NoError(t, err)
	got := spfdkim.VerifyDKIM(dns.NewDB(), []byte(field+message), time.Unix(0, 0))
	require.Len(t, got, 1)
	assert.Equal(t, auth.PermError, got[0].Result, "no key published: permerror (RFC 6376 §6.1.2)")
	got = spfdkim.VerifyDKIM(dns.NewDB(), []byte(message), time.Unix(0, 0))
	assert.Equal(t, []auth.Check{{Method: auth.MethodDKIM, Result: auth.None, Reason: "no signature"}}, got)
}

// TestDKIMExpiryOnTheVirtualClock: a signature's x= is checked against the time the
// caller gives, not the wall clock: valid half an hour after signing in 2001, expired
// two hours after.
func TestDKIMExpiryOnTheVirtualClock(t *testing.T) {
	at := time.Date(2001, 1, 1, 9, 0, 0, 0, time.UTC)
	s := auth.Signing{Domain: "example.org", Selector: "s1", Algorithm: auth.Ed25519SHA256}
	var signed bytes.Buffer
	require.NoError(t, dkim.Sign(&signed, strings.NewReader(message), &dkim.SignOptions{
		Domain: s.Domain, Selector: s.Selector, Signer: spfdkim.Key(s, 1), Expiration: at.Add(time.Hour)}))
	db := dns.NewDB(spfdkim.Record(s, 1))
	got := spfdkim.VerifyDKIM(db, signed.Bytes(), at.Add(30*time.Minute))
	require.Len(t, got, 1)
	assert.Equal(t, auth.Pass, got[0].Result, got[0].Reason)
	got = spfdkim.VerifyDKIM(db, signed.Bytes(), at.Add(2*time.Hour))
	require.Len(t, got, 1)
	assert.Equal(t, auth.PermError, got[0].Result)
	assert.Contains(t, got[0].Reason, "expired")
}
