package world_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
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

// TestNothingIsLost runs many random scenarios: every recipient of every accepted
// message ends delivered exactly once, or bounced with a DSN that reaches the sender,
// or double-bounced; delivered octets are the submitted octets plus trace fields;
// duplicates come only from a drop after the dot.
func TestNothingIsLost(t *testing.T) {
	runs := 1000
	if testing.Short() {
		runs = 100
	}
	for seed := uint64(1); seed <= uint64(runs); seed++ {
		sc := randomScenario(rand.New(rand.NewPCG(seed, 42)), seed)
		w := world.New(sc)
		w.Run()
		tr := w.Trace()
		afterDot := false
		for _, f := range sc.Faults {
			afterDot = afterDot || f.Kind == fault.Drop && f.When == "after-dot"
		}
		fail := func(format string, args ...any) {
			var specs []string
			for _, f := range sc.Faults {
				specs = append(specs, f.String())
			}
			t.Fatalf("seed %d (model %s, faults %v): %s", seed, sc.Model, specs, fmt.Sprintf(format, args...))
		}
		for _, o := range tr.Outcomes {
			switch o.Outcome {
			case trace.OutcomeDelivered:
				if o.Copies != 1 && !afterDot {
					fail("%s %s delivered %d times", o.Msg, o.Rcpt, o.Copies)
				}
				host, user, _ := strings.Cut(o.Mailbox, "/")
				want := w.Submitted(o.Msg)
				found := false
				for _, m := range w.Mailbox(host, user) {
					if bytes.Equal(stripTrace(m), want) {
						found = true
					}
				}
				if !found {
					fail("%s for %s: no message in %s equals the submitted one plus trace fields", o.Msg, o.Rcpt, o.Mailbox)
				}
			case trace.OutcomeBounced:
				b := tr.Find(func(e trace.Event) bool {
					return e.Kind == trace.KindBounce && e.Msg == o.Msg && strings.EqualFold(e.Rcpt, o.Rcpt)
				})
				if b < 0 {
					fail("%s %s bounced without a bounce event", o.Msg, o.Rcpt)
				}
				dsn := tr.Events[b].DSN
				var sender string
				for _, m := range sc.Messages {
					if m.ID == o.Msg {
						sender = m.From
					}
				}
				if tr.Find(func(e trace.Event) bool {
					return e.Kind == trace.KindDeliver && e.Msg == dsn && strings.EqualFold(e.Rcpt, sender)
				}) < 0 {
					fail("the DSN %s for %s %s never reached %s", dsn, o.Msg, o.Rcpt, sender)
				}
			case trace.OutcomeDoubleBounce, trace.OutcomeRejected:
			default:
				fail("%s %s ended %q", o.Msg, o.Rcpt, o.Outcome)
			}
		}
	}
}
