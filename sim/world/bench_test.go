package world_test

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/budget"
	"smtpsim/sim/dns"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
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
// Besides the wall time it reports cpu-s/op, the process's CPU time per run (the
// garbage collector's included), which a loaded machine disturbs much less.
func BenchmarkBulk(b *testing.B) {
	b.Run("full", func(b *testing.B) { benchBulk(b, false) })
	b.Run("outline", func(b *testing.B) { benchBulk(b, true) })
}

func benchBulk(b *testing.B, outline bool) {
	sc := bulkScenario(10000)
	b.ReportAllocs()
	var events int
	var live uint64
	var cpu time.Duration // of the runs alone, not of the collections between them
	for b.Loop() {
		start := cpuTime(b)
		w := world.New(sc)
		// 10,000 messages are far past what a lesson needs: lift the budget.
		w.SetBudget(budget.Budget{Events: 1 << 30, Octets: 1 << 30, Messages: 1 << 30})
		if outline {
			w.Outline()
		}
		w.Run()
		tr := w.Trace()
		b.StopTimer()
		cpu += cpuTime(b) - start
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		events = tr.Len()
		live = max(live, after.HeapAlloc) // what the finished trace keeps alive
		b.StartTimer()
	}
	b.ReportMetric(float64(events), "events")
	b.ReportMetric(float64(live)/(1<<20), "live-MiB")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
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

// BenchmarkBulkScale runs the outline of the bulk world at 1k, 10k and 100k messages,
// to show that the cost grows linearly with the number of messages: per op the whole
// run, with the peak of the live heap during it (peak-MiB, read every 4,096 events)
// and the messages simulated per second.
func BenchmarkBulkScale(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			sc := bulkScenario(n)
			b.ReportAllocs()
			var peak uint64
			var cpu time.Duration // of the runs alone, not of the collections before them
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				base := heapObjects()
				b.StartTimer()
				start := cpuTime(b)
				w := world.New(sc)
				w.SetBudget(budget.Budget{Events: 1 << 30, Octets: 1 << 30, Messages: 1 << 30})
				w.Outline()
				events := 0
				w.Watch(func(trace.Event) {
					if events++; events%4096 == 0 {
						peak = max(peak, heapObjects()-min(base, heapObjects()))
					}
				})
				w.Run()
				cpu += cpuTime(b) - start
				peak = max(peak, heapObjects()-min(base, heapObjects()))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// heapObjects is the memory taken by heap objects, live or not yet swept: read
// without stopping the world, so it can be sampled during a run.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// The default budget refuses a world of 100,000 messages before it starts, with a
// message that says which budget and what to do.
func TestBulkRefusedByDefaultBudget(t *testing.T) {
	w := world.New(bulkScenario(100_000))
	w.Run()
	var ex *budget.Exceeded
	require.ErrorAs(t, w.Err(), &ex)
	assert.Equal(t, "messages", ex.Budget)
	assert.Equal(t, budget.Default.Messages, ex.Limit)
	assert.Equal(t, "the run stopped at virtual time 0s: it went past its messages budget of 1000 messages (a run this big is not a lesson; make the scenario smaller)", ex.Error())
	assert.Zero(t, w.Trace().Len())
}
