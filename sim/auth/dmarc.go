package auth

import (
	"strings"

	"github.com/emersion/go-msgauth/dmarc"

	"smtpsim/sim/dns"
)

// DMARC evaluates the policy of the From: domain fromDomain (RFC 7489 §6.6.2) against
// the SPF and DKIM checks already made for the message: it looks up _dmarc.fromDomain
// in r, and the message passes when an SPF pass for the MAIL FROM domain or a DKIM
// pass for a signing domain is aligned with fromDomain (RFC 7489 §3.1). policy, when
// not empty, replaces the record's p= (a dmarc-policy fault); for a domain without a
// record it stands for "v=DMARC1; p=policy".
//
// The organisational domain (RFC 7489 §3.2) is the From: domain itself: the
// simulation has no public-suffix list. So the record is looked up for the From:
// domain only, and relaxed alignment takes two names as aligned when one is the other
// or a subdomain of it (d=news.example.org with From: example.org, and the other way
// round), as they would be under a common organisational domain.
func DMARC(r dns.Resolver, fromDomain string, checks []Check, policy string) Check {
	fromDomain = strings.ToLower(strings.TrimSuffix(fromDomain, "."))
	c := Check{Method: MethodDMARC, Domain: fromDomain, Result: None}
	a := r.Lookup("_dmarc."+fromDomain, dns.TypeTXT)
	if a.Rcode == dns.ServFail {
		c.Result, c.Reason = TempError, "DNS lookup of _dmarc."+fromDomain+" failed"
		return c
	}
	var rec *dmarc.Record
	for _, t := range a.Records {
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(t.Value)), "v=dmarc1") {
			continue
		}
		parsed, err := dmarc.Parse(t.Value)
		if err != nil {
			c.Result, c.Reason = PermError, err.Error()
			return c
		}
		rec = parsed
		break
	}
	if rec == nil && policy != "" {
		rec = &dmarc.Record{Policy: dmarc.Policy(policy)}
	}
	if rec == nil {
		c.Reason = "no DMARC record"
		return c
	}
	c.Policy = string(rec.Policy)
	if policy != "" {
		c.Policy = policy
	}
	for _, k := range checks {
		if k.Result != Pass {
			continue
		}
		switch {
		case k.Method == MethodDKIM && Aligned(k.Domain, fromDomain, rec.DKIMAlignment):
			c.Result, c.Reason = Pass, "aligned DKIM pass for "+k.Domain
			return c
		case k.Method == MethodSPF && k.Identity == "mailfrom" && Aligned(k.Domain, fromDomain, rec.SPFAlignment):
			c.Result, c.Reason = Pass, "aligned SPF pass for "+k.Domain
		}
	}
	if c.Result == Pass {
		return c
	}
	c.Result, c.Reason = Fail, "no aligned SPF or DKIM pass"
	return c
}

// Aligned reports whether an authenticated domain is aligned with the From: domain
// (RFC 7489 §3.1): the same name in strict mode; in relaxed mode (the default) also
// when one is a subdomain of the other, standing in for a shared organisational domain.
func Aligned(authenticated, from string, mode dmarc.AlignmentMode) bool {
	authenticated = strings.ToLower(authenticated)
	if authenticated == from {
		return true
	}
	return mode != dmarc.AlignmentStrict &&
		(strings.HasSuffix(authenticated, "."+from) || strings.HasSuffix(from, "."+authenticated))
}
