package world_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"smtpsim/sim/budget"
	"smtpsim/sim/dns"
	"smtpsim/sim/scenario"
	"smtpsim/sim/world"
)

// bulkScenario is the benchmark world: 10,000 messages with 3 recipients each over
// 50 domains; one recipient in ten does not exist.
func bulkScenario(messages int) scenario.Scenario {
	sc := scenario.Scenario{Name: "bulk", Seed: 1}
	const domains = 50
	for i := range domains {
		d := fmt.Sprintf("d%02d.example", i)
		mx := "mx." + d
		ip := fmt.Sprintf("10.1.%d.1", i)
		sc.Hosts = append(sc.Hosts, scenario.Host{Name: mx, IP: ip, Roles: []scenario.Role{scenario.RoleMSA, scenario.RoleMX}, Domains: []string{d}})
		sc.DNS = append(sc.DNS, dns.Record{Name: d, Type: dns.TypeMX, Pref: 10, Value: mx}, dns.Record{Name: mx, Type: dns.TypeA, Value: ip})
		for u := range 10 {
			sc.Users = append(sc.Users, scenario.User{Address: fmt.Sprintf("u%d@%s", u, d), Password: "pw"})
		}
	}
	n := 0
	for i := range messages {
		m := scenario.Message{At: time.Duration(i) * time.Second, From: sc.Users[i%len(sc.Users)].Address, Subject: "bulk", Body: "hello\n"}
		for range 3 {
			d := (n * 7) % domains
			user := fmt.Sprintf("u%d", n%10)
			if n%10 == 9 {
				user = "nobody" // 10% of recipients are faulty
			}
			m.To = append(m.To, fmt.Sprintf("%s@d%02d.example", user, d))
			n++
		}
		sc.Messages = append(sc.Messages, m)
	}
	return sc
}

// BenchmarkBulk simulates the bulk world to the end; each op is the whole run.
// "full" records every protocol line; "outline" only what happens to messages.
func BenchmarkBulk(b *testing.B) {
	b.Run("full", func(b *testing.B) { benchBulk(b, false) })
	b.Run("outline", func(b *testing.B) { benchBulk(b, true) })
}

func benchBulk(b *testing.B, outline bool) {
	sc := bulkScenario(10000)
	b.ReportAllocs()
	var events int
	var live uint64
	for b.Loop() {
		w := world.New(sc)
		// 10,000 messages are far past what a lesson needs: lift the budget.
		w.SetBudget(budget.Budget{Events: 1 << 30, Octets: 1 << 30, Messages: 1 << 30})
		if outline {
			w.Outline()
		}
		w.Run()
		tr := w.Trace()
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		events = tr.Len()
		live = max(live, after.HeapAlloc) // what the finished trace keeps alive
		b.StartTimer()
	}
	b.ReportMetric(float64(events), "events")
	b.ReportMetric(float64(live)/(1<<20), "live-MiB")
}

// TestOutlineKeepsOutcomes: leaving the wire out of the trace changes no outcome.
func TestOutlineKeepsOutcomes(t *testing.T) {
	sc := bulkScenario(200)
	full := world.Run(sc)
	w := world.New(sc)
	w.Outline()
	w.Run()
	if len(w.Trace().Outcomes) != len(full.Outcomes) {
		t.Fatalf("%d outcomes, want %d", len(w.Trace().Outcomes), len(full.Outcomes))
	}
	for i, o := range w.Trace().Outcomes {
		if o != full.Outcomes[i] {
			t.Fatalf("outcome %d: %+v, want %+v", i, o, full.Outcomes[i])
		}
	}
	if w.Trace().Len()*3 > full.Len() {
		t.Fatalf("outline trace has %d events of %d", w.Trace().Len(), full.Len())
	}
}
