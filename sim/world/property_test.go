// The property test of principle 5, "Nothing is lost" (DESIGN.md): random worlds
// with random faults, each checked recipient by recipient. Two environment variables
// choose the worlds, so that a long search and the replay of one failure need no edit:
//
//	PROP_RUNS  how many worlds to run: default 1000 (100 with -short), quick enough for every go test
//	PROP_SEED  the seed of the first world: default 1; the others follow it one by one
//
// For example PROP_RUNS=20000 go test ./sim/world -run TestNothingIsLost searches
// long, and PROP_SEED=4711 PROP_RUNS=1 replays the world of seed 4711 alone.
package world_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/world"
)

// randomScenario builds a world of 2–5 domains, optional backup MXs and relays,
// users, messages to good and bad addresses, and random faults.
func randomScenario(r *rand.Rand, seed uint64) scenario.Scenario {
	sc := scenario.Scenario{Name: fmt.Sprintf("random %d", seed), Seed: seed,
		Retry: scenario.Retry{First: 300 * time.Second, Max: 4000 * time.Second, Lifetime: 24 * time.Hour}}
	if r.IntN(2) == 0 {
		sc.Model = scenario.StoreAndForward
	}
	nd := 2 + r.IntN(4)
	var users []string
	var hosts []string
	var domains []string
	for i := range nd {
		d := fmt.Sprintf("d%d.example", i)
		domains = append(domains, d)
		mx := "mx." + d
		h := scenario.Host{Name: mx, IP: fmt.Sprintf("10.0.%d.1", i), Roles: []scenario.Role{scenario.RoleMSA, scenario.RoleMX}, Domains: []string{d}}
		sc.DNS = append(sc.DNS, dns.Record{Name: d, Type: dns.TypeMX, Pref: 10, Value: mx}, dns.Record{Name: mx, Type: dns.TypeA, Value: h.IP})
		if r.IntN(3) == 0 {
			relay := "relay." + d
			h.Relay = relay
			sc.Hosts = append(sc.Hosts, scenario.Host{Name: relay, IP: fmt.Sprintf("10.0.%d.3", i), Roles: []scenario.Role{scenario.RoleRelay}, Internal: []string{mx}})
			sc.DNS = append(sc.DNS, dns.Record{Name: relay, Type: dns.TypeA, Value: fmt.Sprintf("10.0.%d.3", i)})
			hosts = append(hosts, relay)
		}
		if r.IntN(3) == 0 {
			backup := "mx2." + d
			sc.Hosts = append(sc.Hosts, scenario.Host{Name: backup, IP: fmt.Sprintf("10.0.%d.2", i), Roles: []scenario.Role{scenario.RoleRelay}, Domains: []string{d}})
			sc.DNS = append(sc.DNS, dns.Record{Name: d, Type: dns.TypeMX, Pref: 20, Value: backup}, dns.Record{Name: backup, Type: dns.TypeA, Value: fmt.Sprintf("10.0.%d.2", i)})
			hosts = append(hosts, backup)
		}
		h.Greylist = r.IntN(5) == 0
		sc.Hosts = append(sc.Hosts, h)
		hosts = append(hosts, mx)
		for j := range 1 + r.IntN(3) {
			u := scenario.User{Address: fmt.Sprintf("u%d@%s", j, d), Password: "pw"}
			if r.IntN(6) == 0 {
				u.Quota = 2000 + r.IntN(4000)
			}
			sc.Users = append(sc.Users, u)
			users = append(users, u.Address)
		}
	}
	addr := func() string {
		switch r.IntN(12) {
		case 0:
			return fmt.Sprintf("nobody@%s", domains[r.IntN(len(domains))])
		case 1:
			return "someone@nx.example"
		}
		return users[r.IntN(len(users))]
	}
	for i := range 1 + r.IntN(5) {
		m := scenario.Message{ID: fmt.Sprintf("m%d", i+1), At: time.Duration(r.IntN(3600)) * time.Second, From: users[r.IntN(len(users))],
			Subject: fmt.Sprintf("test %d", i), Body: strings.Repeat("line of text\n.dot\n", 1+r.IntN(30))}
		for range 1 + r.IntN(3) {
			m.To = append(m.To, addr())
		}
		if r.IntN(3) == 0 {
			m.Cc = append(m.Cc, addr())
		}
		if r.IntN(3) == 0 {
			m.Bcc = append(m.Bcc, addr())
		}
		if r.IntN(4) == 0 {
			m.Attachments = []scenario.Attachment{{Name: "a.png", Type: "image/png", Size: 500 + r.IntN(5000)}}
		}
		sc.Messages = append(sc.Messages, m)
	}
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	window := func() string {
		from := r.IntN(3600)
		return fmt.Sprintf(",from=%ds,until=%ds", from, from+60+r.IntN(6*3600))
	}
	specs := []func() string{
		func() string { return "down:" + pick(hosts) + window() },
		func() string { return "refuse:" + pick(hosts) + window() },
		func() string { return "greylist:" + pick(hosts) },
		func() string { return "unknown-user:" + pick(users) },
		func() string { return "mailbox-full:" + pick(users) + ",count=1" },
		func() string { return "nxdomain:" + pick(domains) + ",count=2" },
		func() string { return "servfail:" + pick(domains) + window() },
		func() string { return "null-mx:" + pick(domains) + ",count=1" },
		func() string { return "no-mx:" + pick(domains) + ",count=1" },
		func() string { return "dead-mx:" + pick(domains) + window() },
		func() string { return "reply:" + pick(hosts) + ",cmd=RCPT,code=451,count=2" },
		func() string { return "reply:" + pick(hosts) + ",cmd=MAIL,code=550,count=1" },
		func() string { return "reply:" + pick(hosts) + ",cmd=DATA,code=421,count=1" },
		func() string { return "drop:" + pick(hosts) + ",when=before-dot,count=1" },
		func() string { return "drop:" + pick(hosts) + ",when=after-dot,count=1" },
		func() string { return "slow:" + pick(hosts) + ",delay=11m,count=1" },
		func() string { return "too-large:" + pick(hosts) + ",size=3000" },
		func() string { return "relay-denied:" + pick(hosts) + ",count=1" },
		func() string { return "wrong-password:" + pick(users) + ",count=1" },
		func() string { return "tls-required:" + pick(hosts) + ",count=1" },
		func() string { return "shutdown:" + pick(hosts) + ",count=1" },
		func() string { return "partition:" + pick(hosts) + ",peer=" + pick(hosts) + window() },
	}
	for range r.IntN(4) {
		f, err := fault.Parse(specs[r.IntN(len(specs))]())
		if err == nil {
			sc.Faults = append(sc.Faults, f)
		}
	}
	// TLS on the way, drawn last so that the worlds above stay as they were: STARTTLS
	// and port 465 here and there, MTA-STS policies, an attacker stripping STARTTLS.
	for i := range sc.Hosts {
		sc.Hosts[i].TLS = r.IntN(2) == 0
		sc.Hosts[i].CheckMTASTS = r.IntN(3) == 0
	}
	for i := range sc.Users {
		sc.Users[i].TLS = []string{"", scenario.SubmitSTARTTLS, scenario.SubmitImplicit}[r.IntN(3)]
	}
	for _, d := range domains {
		if r.IntN(3) == 0 {
			mode := []string{scenario.STSEnforce, scenario.STSTesting}[r.IntN(2)]
			sc.MTASTS = append(sc.MTASTS, scenario.STSPolicy{Domain: d, Mode: mode, MX: []string{"*." + d}})
			sc.DNS = append(sc.DNS, dns.Record{Name: "_mta-sts." + d, Type: dns.TypeTXT, Value: "v=STSv1; id=1"})
			// A domain that publishes a policy offers STARTTLS on its MX hosts.
			for i := range sc.Hosts {
				if sc.Hosts[i].Serves(d) {
					sc.Hosts[i].TLS = true
				}
			}
		}
	}
	if r.IntN(3) == 0 {
		f, err := fault.Parse("strip-starttls:" + pick(hosts) + window())
		if err == nil {
			sc.Faults = append(sc.Faults, f)
		}
	}
	// Abuse, drawn after TLS for the same reason: servers that accept then bounce or
	// relay for anyone, and forged messages from a machine outside, with their own or
	// a user's envelope sender, to a known or an unknown recipient.
	var mxs []string
	for i := range sc.Hosts {
		if sc.Hosts[i].Has(scenario.RoleMX) {
			sc.Hosts[i].AcceptThenBounce = r.IntN(4) == 0
			sc.Hosts[i].OpenRelay = r.IntN(6) == 0
			mxs = append(mxs, sc.Hosts[i].Name)
		}
	}
	for range r.IntN(3) {
		spec := fmt.Sprintf("spoof:%s,from=%ds,rcpt=%s", pick(mxs), r.IntN(3600), addr())
		if r.IntN(2) == 0 {
			spec += ",envelope=" + pick(users)
		}
		if f, err := fault.Parse(spec); err == nil {
			sc.Faults = append(sc.Faults, f)
		}
	}
	return sc
}

// stripTrace removes the Return-Path: and Received: fields (with their continuation
// lines) that hops put in front of a message.
func stripTrace(msg []byte) []byte {
	for {
		if !bytes.HasPrefix(msg, []byte("Return-Path:")) && !bytes.HasPrefix(msg, []byte("Received:")) {
			return msg
		}
		i := bytes.Index(msg, []byte("\r\n"))
		msg = msg[i+2:]
		for len(msg) > 0 && (msg[0] == ' ' || msg[0] == '\t') {
			i = bytes.Index(msg, []byte("\r\n"))
			msg = msg[i+2:]
		}
	}
}

// propRange reads PROP_RUNS and PROP_SEED (empty counts as unset). A value that is
// not a number fails loudly rather than quietly testing something else.
func propRange(runsEnv, seedEnv string, short bool) (first, runs uint64, err error) {
	first, runs = 1, 1000
	if short {
		runs = 100
	}
	if runsEnv != "" {
		n, err := strconv.ParseUint(runsEnv, 10, 64)
		if err != nil || n == 0 {
			return 0, 0, fmt.Errorf("PROP_RUNS=%q: want the number of worlds to run, a whole number from 1 up", runsEnv)
		}
		runs = n
	}
	if seedEnv != "" {
		n, err := strconv.ParseUint(seedEnv, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("PROP_SEED=%q: want the seed of the first world, a whole number from 0 to %d", seedEnv, uint64(math.MaxUint64))
		}
		first = n
	}
	if first > math.MaxUint64-(runs-1) {
		return 0, 0, fmt.Errorf("PROP_SEED=%d with PROP_RUNS=%d: the last seed would pass %d", first, runs, uint64(math.MaxUint64))
	}
	return first, runs, nil
}

func TestPropRange(t *testing.T) {
	tests := []struct {
		runs, seed  string
		short       bool
		first, n    uint64
		errContains string
	}{
		{"", "", false, 1, 1000, ""},
		{"", "", true, 1, 100, ""},
		{"20000", "", true, 1, 20000, ""},
		{"1", "4711", false, 4711, 1, ""},
		{"", "0", false, 0, 1000, ""},
		{"0", "", false, 0, 0, `PROP_RUNS="0"`},
		{"-5", "", false, 0, 0, `PROP_RUNS="-5"`},
		{"1e3", "", false, 0, 0, `PROP_RUNS="1e3"`},
		{"", "seven", false, 0, 0, `PROP_SEED="seven"`},
		{"", "-1", false, 0, 0, `PROP_SEED="-1"`},
		{"2", "18446744073709551615", false, 0, 0, "would pass"},
		{"1", "18446744073709551615", false, math.MaxUint64, 1, ""},
	}
	for _, tt := range tests {
		first, n, err := propRange(tt.runs, tt.seed, tt.short)
		if tt.errContains != "" {
			require.Error(t, err, "PROP_RUNS=%q PROP_SEED=%q", tt.runs, tt.seed)
			assert.Contains(t, err.Error(), tt.errContains)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, [2]uint64{tt.first, tt.n}, [2]uint64{first, n}, "PROP_RUNS=%q PROP_SEED=%q", tt.runs, tt.seed)
	}
}

// TestNothingIsLost runs random scenarios and checks each recipient of each message:
// every copy a server took ends exactly once — delivered, bounced with a DSN that
// reaches the sender, or double-bounced — where a drop after the dot (RFC 1047) may
// add a copy; each bounce, rejection and double bounce carries the status its cause
// in the scenario gives; delivered mail is the submitted octets plus trace fields, in
// the recipient's own mailbox; the summary agrees with the trace. See checkRun.
func TestNothingIsLost(t *testing.T) {
	first, runs, err := propRange(os.Getenv("PROP_RUNS"), os.Getenv("PROP_SEED"), testing.Short())
	require.NoError(t, err)
	last := first + (runs - 1)
	t.Logf("seeds %d to %d (PROP_SEED=%d PROP_RUNS=%d)", first, last, first, runs)
	// Every sort of problem is counted over the whole range, and the first few worlds
	// of each are shown in full: a long search should report all it found, not stop at
	// the first failure or drown it in thousands of alike.
	const shown = 3
	count := map[string]int{}
	firstSeed := map[string]uint64{}
	started := time.Now()
	for seed := first; ; seed++ {
		sc := randomScenario(rand.New(rand.NewPCG(seed, 42)), seed)
		w := world.New(sc)
		w.Run()
		kinds := map[string]bool{}
		for _, p := range checkRun(sc, w) {
			if !kinds[p.kind] {
				kinds[p.kind] = true
				if count[p.kind] == 0 {
					firstSeed[p.kind] = seed
				}
				count[p.kind]++
			}
			if count[p.kind] <= shown {
				model := sc.Model
				if model == "" {
					model = scenario.EndToEnd
				}
				var specs []string
				for _, f := range sc.Faults {
					specs = append(specs, f.String())
				}
				t.Errorf("seed %d (model %s, faults %v): %s: %s\n\treplay: PROP_SEED=%d PROP_RUNS=1 go test ./sim/world -run TestNothingIsLost -v",
					seed, model, specs, p.kind, p.detail, seed)
			}
		}
		if seed == last {
			break
		}
	}
	t.Logf("ran seeds %d to %d in %s", first, last, time.Since(started).Round(time.Millisecond))
	if len(count) > 0 {
		kinds := make([]string, 0, len(count))
		for k := range count {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds)
		var b strings.Builder
		for _, k := range kinds {
			fmt.Fprintf(&b, "\n\tin %5d of %d worlds, first seed %d: %s", count[k], runs, firstSeed[k], k)
		}
		t.Errorf("problems in seeds %d to %d:%s", first, last, b.String())
	}
}
