package dns_test

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"smtpsim/sim/dns"
)

// FuzzFindRoute builds a DB from zone lines — records that ParseRecord rejects go in
// raw, so that malformed names and data reach the DB too — and routes a domain through
// it. Names starting with "servfail." answer SERVFAIL. It checks that the DB answers
// for every record it holds, that routing never panics, that the same seed gives the
// same route, and the invariants of checkRoute.
func FuzzFindRoute(f *testing.F) {
	types := []dns.Type{dns.TypeMX, dns.TypeA, dns.TypeTXT}
	f.Fuzz(func(t *testing.T, zone, domain, self string, seed uint64) {
		db := dns.NewDB()
		for line := range strings.Lines(zone) {
			r, err := dns.ParseRecord(line)
			if err != nil {
				name, value, _ := strings.Cut(strings.TrimSpace(line), " ")
				r = dns.Record{Name: name, Type: types[len(line)%len(types)], Pref: uint16(len(value)), Value: value}
			}
			db.Add(r)
		}
		checkDB(t, db)

		r := dns.ResolverFunc(func(name string, typ dns.Type) dns.Answer {
			if strings.HasPrefix(name, "servfail.") {
				return dns.Answer{Name: name, Type: typ, Rcode: dns.ServFail}
			}
			return db.Lookup(name, typ)
		})
		route := dns.FindRoute(domain, r, rand.New(rand.NewPCG(seed, 0)), self)
		checkRoute(t, route, self)
		again := dns.FindRoute(domain, r, rand.New(rand.NewPCG(seed, 0)), self)
		if !reflect.DeepEqual(route, again) {
			t.Fatalf("same seed, different routes:\n%+v\n%+v", route, again)
		}
	})
}

// FuzzParseRecord checks that a line either parses into a valid record that String
// writes back to the same record, or fails with a column inside the line.
func FuzzParseRecord(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		r, err := dns.ParseRecord(line)
		if err != nil {
			var syn *dns.SyntaxError
			if !errors.As(err, &syn) {
				t.Fatalf("%q: error %v is not a *SyntaxError", line, err)
			}
			if syn.Col < 1 || syn.Col > len(line)+1 {
				t.Fatalf("%q: column %d outside the line", line, syn.Col)
			}
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("%q parsed into an invalid record %+v: %v", line, r, err)
		}
		again, err := dns.ParseRecord(r.String())
		if err != nil {
			t.Fatalf("%q: String %q does not parse: %v", line, r.String(), err)
		}
		if again != r {
			t.Fatalf("%q: round trip changed %+v into %+v", line, r, again)
		}
	})
}

// checkDB checks that every record the DB lists is found by a lookup, and that the
// listing does not change between calls or in a clone.
func checkDB(t *testing.T, db *dns.DB) {
	t.Helper()
	all := db.Records()
	if again := db.Records(); !slices.Equal(all, again) {
		t.Fatalf("Records changed between calls:\n%v\n%v", all, again)
	}
	if clone := db.Clone().Records(); !slices.Equal(all, clone) {
		t.Fatalf("clone differs:\n%v\n%v", all, clone)
	}
	for _, r := range all {
		ans := db.Lookup(r.Name, r.Type)
		if ans.Rcode != dns.NoError || !slices.Contains(ans.Records, r) {
			t.Fatalf("%v listed but Lookup answers %v", r, ans)
		}
	}
}

// checkRoute checks what a caller of FindRoute relies on: a route without error has a
// target, every target has a valid address, targets come in preference order, no
// target is self; a failed route has no targets and an error that matches its reason.
func checkRoute(t *testing.T, route dns.Route, self string) {
	t.Helper()
	if route.Err != nil {
		e := route.Err
		if len(route.Targets) != 0 {
			t.Fatalf("route with error %v has targets %+v", e, route.Targets)
		}
		info, ok := dns.Reasons[e.Reason]
		if !ok {
			t.Fatalf("unknown reason %q", e.Reason)
		}
		if e.Status != info.Status || e.RFC != info.RFC {
			t.Fatalf("error %+v does not match its reason %+v", e, info)
		}
		if e.Temporary != (e.Status[0] == '4') || e.Status[0] != '4' && e.Status[0] != '5' {
			t.Fatalf("error %+v: status and Temporary disagree", e)
		}
		return
	}
	if len(route.Targets) == 0 {
		t.Fatalf("route to %q has neither targets nor error", route.Domain)
	}
	self = asciiLower(strings.TrimRight(self, "."))
	seen := map[string]bool{}
	for i, tg := range route.Targets {
		if len(tg.IPs) == 0 {
			t.Fatalf("target %+v has no address", tg)
		}
		for _, ip := range tg.IPs {
			if addr, err := netip.ParseAddr(ip); err != nil || !addr.Is4() {
				t.Fatalf("target %+v: %q is no IPv4 address", tg, ip)
			}
		}
		if i > 0 && tg.Pref < route.Targets[i-1].Pref {
			t.Fatalf("targets out of preference order: %+v", route.Targets)
		}
		if seen[tg.Host] {
			t.Fatalf("host %q listed twice: %+v", tg.Host, route.Targets)
		}
		seen[tg.Host] = true
		if self != "" && tg.Host == self {
			t.Fatalf("route to %q includes self %q", route.Domain, self)
		}
		if tg.Implicit && (len(route.Targets) != 1 || tg.Host != route.Domain || tg.Pref != 0) {
			t.Fatalf("bad implicit MX: %+v", route.Targets)
		}
	}
}

// asciiLower folds ASCII letters only, as DNS does (RFC 4343).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
