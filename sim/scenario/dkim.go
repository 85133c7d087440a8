package scenario

import (
	"slices"
	"strings"

	"smtpsim/sim/auth"
)

// Signing returns how d signs, with the defaults filled in: rsa-sha256, relaxed/relaxed.
func (d DKIM) Signing() auth.Signing {
	s := auth.Signing{Domain: d.Domain, Selector: d.Selector, Algorithm: auth.Algorithm(d.Algorithm), Canonicalization: d.Canonicalization}
	if s.Algorithm == "" {
		s.Algorithm = auth.RSASHA256
	}
	if s.Canonicalization == "" {
		s.Canonicalization = "relaxed/relaxed"
	}
	return s
}

// NeedsSenderAuth reports whether a run of s signs or checks senders: a domain signs
// with DKIM, or a host checks SPF and DKIM. Only such a run needs an evaluator of
// sender authentication (sim/auth.Evaluator); no fault adds a signer or a checker.
func (s *Scenario) NeedsSenderAuth() bool {
	return len(s.DKIM) > 0 || slices.ContainsFunc(s.Hosts, func(h Host) bool { return h.SenderAuth != "" })
}

// DKIMFor returns the signer of mail from domain.
func (s *Scenario) DKIMFor(domain string) (DKIM, bool) {
	for _, d := range s.DKIM {
		if strings.EqualFold(d.Domain, domain) {
			return d, true
		}
	}
	return DKIM{}, false
}

func (v *validator) dkim() {
	domains := map[string]int{}
	for i := range v.s.DKIM {
		d := &v.s.DKIM[i]
		if v.at.Broken(d) {
			continue
		}
		switch {
		case d.Domain == "":
			v.errorf(&d.Domain, "DKIM signer without a domain (expected domain: the domain whose mail is signed, such as example.org)")
		case hostNameProblem(d.Domain).Format != "":
			v.errorf(&d.Domain, "domain %q %s (expected a domain such as example.org)", d.Domain, hostNameProblem(d.Domain))
		default:
			if j, dup := domains[strings.ToLower(d.Domain)]; dup {
				v.errorf(&d.Domain, "domain %s signs twice (first at %s)", d.Domain, v.where(&v.s.DKIM[j].Domain, "DKIM", j))
			} else {
				domains[strings.ToLower(d.Domain)] = i
			}
		}
		switch {
		case d.Selector == "":
			v.errorf(&d.Selector, "DKIM signer %s without a selector (expected selector: a name such as s1, the key's place s1._domainkey.%s)", d.Domain, d.Domain)
		case hostNameProblem(d.Selector).Format != "":
			v.errorf(&d.Selector, "selector %q %s (expected a name such as s1)", d.Selector, hostNameProblem(d.Selector))
		}
		if d.Algorithm != "" && !slices.Contains(auth.Algorithms, auth.Algorithm(d.Algorithm)) {
			v.errorf(&d.Algorithm, "unknown DKIM algorithm %q (expected %s or %s)", d.Algorithm, auth.RSASHA256, auth.Ed25519SHA256)
		}
		if d.Canonicalization != "" && !slices.Contains(auth.Canonicalizations, d.Canonicalization) {
			v.errorf(&d.Canonicalization, "unknown canonicalization %q (expected header/body, each relaxed or simple, such as relaxed/relaxed)", d.Canonicalization)
		}
	}
}
