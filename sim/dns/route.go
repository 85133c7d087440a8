package dns

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"

	"smtpsim/internal/onesort"
)

// Target is one host an MTA may connect to for a domain, with its addresses.
type Target struct {
	Host string
	Pref uint16
	IPs  []string
	// Implicit says the domain has no MX and Host is the domain itself, used as if it
	// had "MX 0 <domain>" (RFC 5321 §5.1).
	Implicit bool
}

// Route is the outcome of MX selection for a domain: the hosts to try in order, or
// why there are none. When Err is nil there is at least one Target and every Target
// has at least one IP; when Err is set, Targets is empty.
type Route struct {
	Domain  string
	Targets []Target
	Err     *RouteError
}

// RouteError says why a domain has no route and what the MTA does about it: defer and
// retry when Temporary, bounce otherwise.
type RouteError struct {
	Temporary bool
	Status    string // enhanced status code (RFC 3463), e.g. "5.1.2"
	Text      string
	RFC       string
	Reason    Reason // a key of Reasons
}

// Error returns the error as an MTA logs it: "5.1.2 Host or domain name not found…".
func (e *RouteError) Error() string {
	return e.Status + " " + e.Text
}

// candidate is an MX (or the implicit MX) before its addresses are known.
type candidate struct {
	host string
	pref uint16
}

// FindRoute chooses the hosts to which an MTA hands mail for domain, following
// RFC 5321 §5.1 and RFC 7505. Every lookup goes through r, so that a caller can show
// each query and answer. rnd orders MXs of equal preference; the same seed gives the
// same order, and a nil rnd keeps them sorted by name. self is this MTA's host name,
// or "" when it is not in any MX list (a submission server or an end-to-end client).
//
// Where the RFCs leave room:
//   - Any Rcode but NOERROR and NXDOMAIN (SERVFAIL, a timeout a fault layer makes up)
//     is a temporary failure: the safe reading of "temporary error" in §5.1.
//   - A null MX is recognised when every MX record has the root as exchange, whatever
//     its preference: RFC 7505 §3 writes it with preference 0, but no preference can
//     make the root a host to connect to. A "." among real MXs breaks RFC 7505 §3
//     ("MUST NOT advertise any other MX RR"); it is skipped and the real ones used.
//   - An exchange listed twice is tried once, at its best preference.
//   - Every exchange is resolved, not only the first usable one, so that the trace
//     shows the whole list; an exchange with no address, NXDOMAIN or SERVFAIL is
//     skipped. If none is left, the error is temporary when any lookup failed
//     temporarily (the next attempt may succeed), permanent otherwise.
//   - self is matched by name only; §5.1 also asks for the addresses a relay is known
//     by, which the simulation gives every host under one name.
//   - The implicit MX obeys the self rule too, as §5.1 says it is "treated as if" it
//     were an MX RR: a host that routes mail for its own name to itself has a loop.
//   - Only A records count as addresses; the simulation has no IPv6.
func FindRoute(domain string, r Resolver, rnd *rand.Rand, self string) Route {
	domain, self = canonical(domain), canonical(self)
	route := Route{Domain: domain}
	fail := func(err *RouteError) Route {
		route.Err = err
		return route
	}

	mx := r.Lookup(domain, TypeMX)
	switch mx.rcode() {
	case NoError:
	case NXDomain:
		return fail(ReasonNXDomain.routeError(display(domain), TypeMX))
	default:
		return fail(ReasonTemporary.routeError(display(domain), TypeMX))
	}

	var cands []candidate
	for _, rec := range mx.Records {
		if rec.Type == TypeMX {
			cands = append(cands, candidate{host: canonical(rec.Value), pref: rec.Pref})
		}
	}
	implicit := len(cands) == 0
	if implicit {
		// §5.1: "If an empty list of MXs is returned, the address is treated as if it
		// was associated with an implicit MX RR, with a preference of 0, pointing to
		// that host."
		cands = []candidate{{host: domain}}
	} else {
		cands = slices.DeleteFunc(cands, func(c candidate) bool { return c.host == "" })
		if len(cands) == 0 {
			return fail(ReasonNullMX.routeError(display(domain)))
		}
	}
	cands = byPreference(cands)

	if self != "" {
		// §5.1: "If a matching record is found, all records at that preference level
		// and higher-numbered ones MUST be discarded from consideration."
		if i := slices.IndexFunc(cands, func(c candidate) bool { return c.host == self }); i >= 0 {
			mine := cands[i].pref
			cands = slices.DeleteFunc(cands, func(c candidate) bool { return c.pref >= mine })
			if len(cands) == 0 {
				return fail(ReasonLoop.routeError(display(domain)))
			}
		}
	}

	// §5.1: equal preferences with no reason to favour one "MUST" be randomized "to
	// spread the load across multiple mail exchangers".
	if rnd != nil {
		for i := 0; i < len(cands); {
			j := i + 1
			for j < len(cands) && cands[j].pref == cands[i].pref {
				j++
			}
			if group := cands[i:j]; len(group) > 1 {
				rnd.Shuffle(len(group), func(a, b int) { group[a], group[b] = group[b], group[a] })
			}
			i = j
		}
	}

	temporary := false
	for _, c := range cands {
		a := r.Lookup(c.host, TypeA)
		switch a.rcode() {
		case NoError:
		case NXDomain:
			continue
		default:
			temporary = true
			continue
		}
		if ips := addresses(a); len(ips) > 0 {
			route.Targets = append(route.Targets, Target{Host: c.host, Pref: c.pref, IPs: ips, Implicit: implicit})
		}
	}
	if len(route.Targets) > 0 {
		return route
	}
	hosts := make([]string, len(cands))
	for i, c := range cands {
		hosts[i] = display(c.host)
	}
	switch {
	case implicit && temporary:
		return fail(ReasonTemporary.routeError(display(domain), TypeA))
	case implicit:
		return fail(ReasonNoAddress.routeError(display(domain)))
	case temporary:
		return fail(ReasonMXTemporary.routeError(display(domain), strings.Join(hosts, ", ")))
	default:
		return fail(ReasonMXNoAddress.routeError(display(domain), strings.Join(hosts, ", ")))
	}
}

// byPreference sorts candidates by preference, most preferred (lowest) first
// (§5.1), with host names breaking ties so that the order before shuffling depends
// only on the records, not on the order an answer lists them in. Of an exchange
// listed more than once only the best entry stays.
func byPreference(cands []candidate) []candidate {
	onesort.Func(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.pref, b.pref), strings.Compare(a.host, b.host))
	})
	seen := make(map[string]bool, len(cands))
	return slices.DeleteFunc(cands, func(c candidate) bool {
		dup := seen[c.host]
		seen[c.host] = true
		return dup
	})
}

// addresses returns the distinct IPv4 addresses of an answer in its order. Records of
// another type, and A data that is no IPv4 address (which a real zone could not hold,
// RFC 1035 §3.4.1), are left out, so that every Target has somewhere to connect to.
func addresses(a Answer) []string {
	var ips []string
	for _, rec := range a.Records {
		if rec.Type != TypeA {
			continue
		}
		ip, err := parseIPv4(rec.Value)
		if err != nil {
			continue
		}
		s := rec.Value // as the zone wrote it, when that is the address's own form
		var b [16]byte
		if string(ip.AppendTo(b[:0])) != s {
			s = ip.String()
		}
		if !slices.Contains(ips, s) {
			if ips == nil {
				ips = make([]string, 0, len(a.Records))
			}
			ips = append(ips, s)
		}
	}
	return ips
}
