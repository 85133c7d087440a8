package dns_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/dns"
)

// world is the simulated internet of the routing tests.
func world() *dns.DB {
	return dns.NewDB(
		// Two MXs at different preferences; the primary is multihomed.
		mx("example.net", 20, "mx2.example.net"),
		mx("example.net", 10, "mx1.example.net"),
		a("mx1.example.net", "192.0.2.10"),
		a("mx1.example.net", "192.0.2.11"),
		a("mx2.example.net", "192.0.2.20"),

		mx("solo.example", 10, "mx.solo.example"),
		a("mx.solo.example", "192.0.2.30"),

		// Two MXs share the best preference.
		mx("equal.example", 10, "a.equal.example"),
		mx("equal.example", 10, "b.equal.example"),
		mx("equal.example", 20, "c.equal.example"),
		a("a.equal.example", "192.0.2.41"),
		a("b.equal.example", "192.0.2.42"),
		a("c.equal.example", "192.0.2.43"),

		// No MX: the A record is the implicit MX.
		a("implicit.example", "192.0.2.50"),
		txt("implicit.example", "v=spf1 a -all"),

		// The name exists, but neither MX nor A.
		txt("nomail.example", "v=spf1 -all"),

		// An empty non-terminal: only a host below it has records.
		a("host.ent.example", "192.0.2.55"),

		// Null MX; the A record must not be used as an implicit MX.
		mx("null.example", 0, "."),
		a("null.example", "192.0.2.60"),

		// Null MX mixed with a real one, against RFC 7505 §3.
		mx("mixed.example", 0, "."),
		mx("mixed.example", 10, "mx1.example.net"),

		// The only MX names a host that does not exist.
		mx("dangling.example", 10, "ghost.dangling.example"),

		// The primary exists but has no address; the backup works.
		mx("broken.example", 10, "noaddr.broken.example"),
		mx("broken.example", 20, "backup.broken.example"),
		txt("noaddr.broken.example", "no address here"),
		a("backup.broken.example", "192.0.2.70"),

		// A primary and two backup relays.
		mx("relay.example", 10, "primary.relay.example"),
		mx("relay.example", 20, "backup.relay.example"),
		mx("relay.example", 30, "third.relay.example"),
		a("primary.relay.example", "192.0.2.80"),
		a("backup.relay.example", "192.0.2.81"),
		a("third.relay.example", "192.0.2.82"),

		// The same exchange twice.
		mx("dupe.example", 20, "mx2.example.net"),
		mx("dupe.example", 10, "mx2.example.net"),

		// An A record whose data is no address.
		mx("badip.example", 10, "mx.badip.example"),
		a("mx.badip.example", "not-an-ip"),
		a("mx.badip.example", "192.0.2.90"),
	)
}

// faulty answers SERVFAIL or NXDOMAIN for chosen questions, as the simulation's fault
// layer does, and passes the rest to the DB.
type faulty struct {
	next  dns.Resolver
	fault map[string]dns.Rcode // "name TYPE" → rcode
}

func (f faulty) Lookup(name string, t dns.Type) dns.Answer {
	if rc, ok := f.fault[name+" "+string(t)]; ok {
		return dns.Answer{Name: name, Type: t, Rcode: rc}
	}
	return f.next.Lookup(name, t)
}

type hop struct {
	host string
	pref uint16
	ips  []string
}

func TestFindRoute(t *testing.T) {
	tests := []struct {
		name     string
		domain   string
		self     string
		fault    map[string]dns.Rcode
		want     []hop // in order; nil when the route fails
		implicit bool
		err      string // "code status", e.g. "550 5.1.2"
		reason   dns.Reason
		temp     bool
	}{
		{name: "single MX", domain: "solo.example",
			want: []hop{{"mx.solo.example", 10, []string{"192.0.2.30"}}}},
		{name: "lowest preference first", domain: "example.net",
			want: []hop{{"mx1.example.net", 10, []string{"192.0.2.10", "192.0.2.11"}}, {"mx2.example.net", 20, []string{"192.0.2.20"}}}},
		{name: "domain in any case with trailing dot", domain: "EXAMPLE.Net.",
			want: []hop{{"mx1.example.net", 10, []string{"192.0.2.10", "192.0.2.11"}}, {"mx2.example.net", 20, []string{"192.0.2.20"}}}},
		{name: "implicit MX from the A record", domain: "implicit.example", implicit: true,
			want: []hop{{"implicit.example", 0, []string{"192.0.2.50"}}}},
		{name: "no MX and no A", domain: "nomail.example",
			err: "5.1.2", reason: dns.ReasonNoAddress},
		{name: "empty non-terminal: no MX and no A", domain: "ent.example",
			err: "5.1.2", reason: dns.ReasonNoAddress},
		{name: "NXDOMAIN", domain: "nope.example",
			err: "5.1.2", reason: dns.ReasonNXDomain},
		{name: "NXDOMAIN from a fault layer", domain: "example.net", fault: map[string]dns.Rcode{"example.net MX": dns.NXDomain},
			err: "5.1.2", reason: dns.ReasonNXDomain},
		{name: "SERVFAIL on the MX lookup defers", domain: "example.net", fault: map[string]dns.Rcode{"example.net MX": dns.ServFail},
			err: "4.4.3", reason: dns.ReasonTemporary, temp: true},
		{name: "unknown rcode is temporary too", domain: "example.net", fault: map[string]dns.Rcode{"example.net MX": "REFUSED"},
			err: "4.4.3", reason: dns.ReasonTemporary, temp: true},
		{name: "null MX", domain: "null.example",
			err: "5.1.10", reason: dns.ReasonNullMX},
		{name: "null MX among real MXs is skipped", domain: "mixed.example",
			want: []hop{{"mx1.example.net", 10, []string{"192.0.2.10", "192.0.2.11"}}}},
		{name: "MX pointing to a name that does not exist", domain: "dangling.example",
			err: "5.4.4", reason: dns.ReasonMXNoAddress},
		{name: "MX without address, good backup", domain: "broken.example",
			want: []hop{{"backup.broken.example", 20, []string{"192.0.2.70"}}}},
		{name: "SERVFAIL on the primary's A, backup used", domain: "example.net", fault: map[string]dns.Rcode{"mx1.example.net A": dns.ServFail},
			want: []hop{{"mx2.example.net", 20, []string{"192.0.2.20"}}}},
		{name: "SERVFAIL on the only exchange defers", domain: "solo.example", fault: map[string]dns.Rcode{"mx.solo.example A": dns.ServFail},
			err: "4.4.3", reason: dns.ReasonMXTemporary, temp: true},
		{name: "SERVFAIL on one exchange, no address on the other, defers", domain: "broken.example", fault: map[string]dns.Rcode{"backup.broken.example A": dns.ServFail},
			err: "4.4.3", reason: dns.ReasonMXTemporary, temp: true},
		{name: "SERVFAIL on the implicit MX's A defers", domain: "implicit.example", fault: map[string]dns.Rcode{"implicit.example A": dns.ServFail},
			err: "4.4.3", reason: dns.ReasonTemporary, temp: true},
		{name: "self not in the list changes nothing", domain: "example.net", self: "relay.other.example",
			want: []hop{{"mx1.example.net", 10, []string{"192.0.2.10", "192.0.2.11"}}, {"mx2.example.net", 20, []string{"192.0.2.20"}}}},
		{name: "backup MX relays only to the primary", domain: "relay.example", self: "backup.relay.example",
			want: []hop{{"primary.relay.example", 10, []string{"192.0.2.80"}}}},
		{name: "third MX relays to both better ones", domain: "relay.example", self: "Third.Relay.Example.",
			want: []hop{{"primary.relay.example", 10, []string{"192.0.2.80"}}, {"backup.relay.example", 20, []string{"192.0.2.81"}}}},
		{name: "primary finds itself first: loop", domain: "relay.example", self: "primary.relay.example",
			err: "5.4.6", reason: dns.ReasonLoop},
		{name: "self as the only MX: loop", domain: "solo.example", self: "mx.solo.example",
			err: "5.4.6", reason: dns.ReasonLoop},
		{name: "self shares the best preference: loop", domain: "equal.example", self: "b.equal.example",
			err: "5.4.6", reason: dns.ReasonLoop},
		{name: "self is the implicit MX: loop", domain: "implicit.example", self: "implicit.example",
			err: "5.4.6", reason: dns.ReasonLoop},
		{name: "exchange listed twice is tried once, at its best preference", domain: "dupe.example",
			want: []hop{{"mx2.example.net", 10, []string{"192.0.2.20"}}}},
		{name: "A data that is no address is ignored", domain: "badip.example",
			want: []hop{{"mx.badip.example", 10, []string{"192.0.2.90"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r dns.Resolver = world()
			if tt.fault != nil {
				r = faulty{r, tt.fault}
			}
			route := dns.FindRoute(tt.domain, r, rand.New(rand.NewPCG(1, 2)), tt.self)
			checkRoute(t, route, tt.self)
			if tt.err != "" {
				require.NotNil(t, route.Err, "want %s", tt.err)
				assert.Equal(t, tt.err, codeStatus(route.Err))
				assert.Equal(t, tt.reason, route.Err.Reason)
				assert.Equal(t, tt.temp, route.Err.Temporary)
				return
			}
			require.Nil(t, route.Err)
			var got []hop
			for _, tg := range route.Targets {
				got = append(got, hop{tg.Host, tg.Pref, tg.IPs})
				assert.Equal(t, tt.implicit, tg.Implicit)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFindRouteErrorText(t *testing.T) {
	tests := []struct {
		domain string
		fault  map[string]dns.Rcode
		want   string
		rfc    string
	}{
		{"Nope.Example.", nil, "5.1.2 Host or domain name not found. Name service error for name=nope.example type=MX: Host not found", "RFC 5321 §5.1"},
		{"example.net", map[string]dns.Rcode{"example.net MX": dns.ServFail}, "4.4.3 Host or domain name not found. Name service error for name=example.net type=MX: Host not found, try again", "RFC 5321 §5.1, §4.5.4.1"},
		{"null.example", nil, "5.1.10 Domain null.example does not accept mail (null MX)", "RFC 7505 §3"},
		{"broken.example", map[string]dns.Rcode{"backup.broken.example A": dns.NXDomain}, "5.4.4 Unable to route: no address for any mail exchanger of broken.example (noaddr.broken.example, backup.broken.example)", "RFC 5321 §5.1; RFC 3463 §3.5"},
		{"nomail.example", nil, "5.1.2 Host or domain name not found: nomail.example has no MX and no address record", "RFC 5321 §5.1"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			var r dns.Resolver = world()
			if tt.fault != nil {
				r = faulty{r, tt.fault}
			}
			route := dns.FindRoute(tt.domain, r, nil, "")
			require.NotNil(t, route.Err)
			assert.Equal(t, tt.want, route.Err.Error())
			assert.Equal(t, tt.rfc, route.Err.RFC)
		})
	}
	route := dns.FindRoute("relay.example", world(), nil, "primary.relay.example")
	assert.Equal(t, "5.4.6 mail for relay.example loops back to myself", route.Err.Error())
}

// TestFindRouteQueries checks that every lookup goes through the resolver, in the
// order a trace shows them: the MX first, then the A of each exchange by preference.
func TestFindRouteQueries(t *testing.T) {
	db := world()
	var asked []string
	r := dns.ResolverFunc(func(name string, t dns.Type) dns.Answer {
		ans := db.Lookup(name, t)
		asked = append(asked, ans.String())
		return ans
	})
	route := dns.FindRoute("broken.example", r, nil, "")
	require.Nil(t, route.Err)
	assert.Equal(t, []string{
		"broken.example MX: 10 noaddr.broken.example, 20 backup.broken.example",
		"noaddr.broken.example A: no records (NOERROR)",
		"backup.broken.example A: 192.0.2.70",
	}, asked)

	asked = nil
	dns.FindRoute("null.example", r, nil, "")
	assert.Equal(t, []string{"null.example MX: 0 ."}, asked, "a null MX needs no further lookup")

	asked = nil
	dns.FindRoute("relay.example", r, nil, "backup.relay.example")
	assert.Equal(t, []string{
		"relay.example MX: 10 primary.relay.example, 20 backup.relay.example, 30 third.relay.example",
		"primary.relay.example A: 192.0.2.80",
	}, asked, "a relay does not resolve itself or less preferred MXs")
}

func TestFindRouteEqualPreferences(t *testing.T) {
	db := world()
	order := func(rnd *rand.Rand) []string {
		route := dns.FindRoute("equal.example", db, rnd, "")
		require.Nil(t, route.Err)
		checkRoute(t, route, "")
		var hosts []string
		for _, tg := range route.Targets {
			hosts = append(hosts, tg.Host)
		}
		return hosts
	}
	assert.Equal(t, []string{"a.equal.example", "b.equal.example", "c.equal.example"}, order(nil), "nil rnd keeps name order")

	seen := map[string]int{}
	for seed := range uint64(64) {
		first := order(rand.New(rand.NewPCG(seed, 7)))
		again := order(rand.New(rand.NewPCG(seed, 7)))
		require.Equal(t, first, again, "seed %d: same seed, same order", seed)
		assert.ElementsMatch(t, []string{"a.equal.example", "b.equal.example"}, first[:2])
		assert.Equal(t, "c.equal.example", first[2], "a worse preference stays last")
		seen[first[0]]++
	}
	assert.Positive(t, seen["a.equal.example"], "a first for some seed")
	assert.Positive(t, seen["b.equal.example"], "b first for some seed")
}

// TestFindRouteIgnoresAnswerOrder checks that the order before shuffling comes from the
// records, not from the order a resolver lists them in, so that a fault layer that
// reorders answers does not change the route for a seed.
func TestFindRouteIgnoresAnswerOrder(t *testing.T) {
	db := world()
	reversed := dns.ResolverFunc(func(name string, t dns.Type) dns.Answer {
		ans := db.Lookup(name, t)
		for i, j := 0, len(ans.Records)-1; i < j; i, j = i+1, j-1 {
			ans.Records[i], ans.Records[j] = ans.Records[j], ans.Records[i]
		}
		return ans
	})
	for seed := range uint64(16) {
		want := dns.FindRoute("equal.example", db, rand.New(rand.NewPCG(seed, 0)), "")
		got := dns.FindRoute("equal.example", reversed, rand.New(rand.NewPCG(seed, 0)), "")
		for i := range want.Targets {
			assert.Equal(t, want.Targets[i].Host, got.Targets[i].Host, "seed %d", seed)
		}
	}
}

func codeStatus(e *dns.RouteError) string { return e.Status }
