// Package spfdkim makes the checks and signatures of sender authentication with
// their libraries: SPF (RFC 7208, blitiri.com.ar/go/spf) against the simulated DNS,
// DKIM (RFC 6376, go-msgauth) signing with keys derived from a seed and verification
// with keys from the simulated DNS. Evaluator is package auth's Evaluator over them.
// It has no sockets, no clock and no global random source: the caller passes the
// resolver, the time and the seed.
package spfdkim

import (
	"context"

	"net"
	"strings"

	"blitiri.com.ar/go/spf"

	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
)

// SPF evaluates the sender policy of sender's domain (RFC 7208 §4) for a client at ip
// that greeted with helo. An empty sender (a bounce) is checked with the HELO identity
// as "postmaster@helo" (RFC 7208 §2.4). DNS questions go to r only; a SERVFAIL answer
// is a temperror, more than ten lookups a permerror (RFC 7208 §4.6.4).
func SPF(r dns.Resolver, ip, helo, sender string) auth.Check {
	c := auth.Check{Method: auth.MethodSPF, Identity: "mailfrom", Domain: domainOf(sender)}
	if sender == "" {
		c.Identity, c.Domain = "helo", strings.ToLower(helo)
		sender = "postmaster@" + helo
	}
	addr := net.ParseIP(ip)
	res, err := spf.CheckHostWithSender(addr, helo, sender,
		spf.WithResolver(resolver{r}), spf.WithContext(context.Background()))
	c.Result = auth.Result(res)
	if err != nil {
		c.Reason = err.Error()
	}
	return c
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(addr[i+1:])
	}
	return ""
}

// resolver answers the SPF library's questions from the simulated DNS, with the errors
// the library reads as "no such name" and "try again" (net.DNSError). Names that the
// simulated DNS has no type for (AAAA, PTR) have no records.
type resolver struct{ r dns.Resolver }

func (s resolver) lookup(name string, t dns.Type) ([]dns.Record, error) {
	a := s.r.Lookup(strings.TrimSuffix(name, "."), t)
	switch a.Rcode {
	case dns.NXDomain:
		return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
	case dns.ServFail:
		return nil, &net.DNSError{Err: "server misbehaving", Name: name, IsTemporary: true}
	}
	return a.Records, nil
}

func (s resolver) LookupTXT(_ context.Context, name string) ([]string, error) {
	recs, err := s.lookup(name, dns.TypeTXT)
	var txt []string
	for _, r := range recs {
		txt = append(txt, r.Value)
	}
	return txt, err
}

func (s resolver) LookupMX(_ context.Context, name string) ([]*net.MX, error) {
	recs, err := s.lookup(name, dns.TypeMX)
	var mx []*net.MX
	for _, r := range recs {
		mx = append(mx, &net.MX{Host: r.Value + ".", Pref: r.Pref})
	}
	return mx, err
}

func (s resolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	recs, err := s.lookup(host, dns.TypeA)
	var ips []net.IPAddr
	for _, r := range recs {
		ips = append(ips, net.IPAddr{IP: net.ParseIP(r.Value)})
	}
	return ips, err
}

// LookupAddr answers reverse lookups (the ptr mechanism, RFC 7208 §5.5): the
// simulated DNS holds no PTR records.
func (s resolver) LookupAddr(_ context.Context, addr string) ([]string, error) {
	return nil, &net.DNSError{Err: "no PTR records in the simulated DNS", Name: addr, IsNotFound: true}
}
