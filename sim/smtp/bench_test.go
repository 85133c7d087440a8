//go:build unix

package smtp_test

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"smtpsim/sim/smtp"
)

// The server benchmarks send the same workload with the same client (our client engine
// on a net.Conn, pipelining: both servers offer PIPELINING) over loopback to our server
// engine and to emersion/go-smtp's server, each discarding what it receives. One op of
// BenchmarkServerOurs and BenchmarkServerGoSMTP is one message; BenchmarkServer10k runs
// the fixed workload of 10,000 messages per op and reports msgs/s.
//
// Besides msgs/s (wall time) they report cpu-µs/msg: the process's user+system CPU time
// per message, client and server together. Wall time on a loaded 2-core machine swings
// with the scheduler; CPU time much less, and the client's share is the same for both
// servers, so the difference is the servers'.

const (
	benchConns    = 4     // connections per workload, each with many transactions
	benchMessages = 10000 // messages per op of BenchmarkServer10k
)

// benchMessage returns a message of about 1 KiB; one line starts with a dot, so both
// servers do the unstuffing work of §4.5.2.
func benchMessage() []byte {
	var b strings.Builder
	b.WriteString("From: sender@example.org\r\nTo: rcpt@example.org\r\nSubject: benchmark\r\n" +
		"Message-ID: <bench@example.org>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n")
	for i := 0; b.Len() < 1000; i++ {
		if i == 3 {
			b.WriteString(".a line that starts with a dot\r\n")
			continue
		}
		fmt.Fprintf(&b, "line %02d of the message body, long enough to look like ordinary prose.\r\n", i)
	}
	return []byte(b.String())
}

// benchTarget is a running server and a count of the messages it took.
type benchTarget struct {
	addr      string
	delivered func() int64
	// connsEnded, when set, waits for the server side of n connections to end.
	connsEnded func(tb testing.TB, n int)
}

// discardPolicy accepts every request and throws each message away, counting it.
type discardPolicy struct {
	smtp.Accept
	delivered *atomic.Int64
}

func (p discardPolicy) Deliver(*smtp.Session, smtp.Envelope) *smtp.Reply {
	p.delivered.Add(1)
	return nil
}

func startOurs(tb testing.TB) benchTarget {
	var delivered atomic.Int64
	pol := discardPolicy{delivered: &delivered}
	srv := serveEngine(tb, smtp.Config{Hostname: "mx.example.org"}, func() smtp.Policy { return pol })
	return benchTarget{
		addr:      srv.Addr,
		delivered: delivered.Load,
		connsEnded: func(tb testing.TB, n int) {
			for range n {
				if err := srv.waitConn(tb); err != nil {
					tb.Fatalf("server side: %v", err)
				}
			}
		},
	}
}

// discardBackend is a go-smtp backend that accepts every request and reads each
// message to io.Discard, counting it.
type discardBackend struct{ delivered atomic.Int64 }

func (b *discardBackend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) {
	return discardSession{b}, nil
}

type discardSession struct{ backend *discardBackend }

func (discardSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (discardSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (discardSession) Reset()                                 {}
func (discardSession) Logout() error                          { return nil }

func (s discardSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.backend.delivered.Add(1)
	return nil
}

func startGoSMTP(tb testing.TB) benchTarget {
	be := &discardBackend{}
	return benchTarget{addr: serveGoSMTP(tb, be), delivered: be.delivered.Load}
}

// sendMessages sends n messages of data to target over conns concurrent connections,
// one transaction per message, and fails unless the client saw every one accepted and
// the server counted every one.
func sendMessages(tb testing.TB, target benchTarget, n, conns int, data []byte) {
	conns = max(1, min(conns, n))
	before := target.delivered()
	clients := make([]*smtp.Client, conns)
	errs := make([]error, conns)
	var wg sync.WaitGroup
	for i := range clients {
		txs := make([]smtp.Transaction, n/conns)
		if i < n%conns {
			txs = append(txs, smtp.Transaction{})
		}
		for j := range txs {
			txs[j] = smtp.Transaction{From: "sender@example.org", To: []string{"rcpt@example.org"}, Data: data}
		}
		clients[i] = smtp.NewClient(smtp.ClientConfig{Hostname: "bench.example"}, txs...)
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.DialTimeout("tcp", target.addr, ioTimeout)
			if err != nil {
				errs[i] = err
				return
			}
			defer conn.Close()
			errs[i] = driveClient(conn, clients[i], nil)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			tb.Fatalf("connection %d: %v", i, err)
		}
	}
	if target.connsEnded != nil {
		target.connsEnded(tb, conns)
	}
	accepted := 0
	for _, c := range clients {
		for _, rs := range c.Results() {
			for _, r := range rs {
				if r.Outcome != smtp.Accepted {
					tb.Fatalf("recipient %s: %s at %s: %s", r.Rcpt, r.Outcome, r.Stage, r.Reply)
				}
				accepted++
			}
		}
	}
	if accepted != n {
		tb.Fatalf("client saw %d of %d messages accepted", accepted, n)
	}
	if got := target.delivered() - before; got != int64(n) {
		tb.Fatalf("server took %d of %d messages", got, n)
	}
}

// TestBenchWorkload keeps the benchmark workload working in an ordinary test run.
func TestBenchWorkload(t *testing.T) {
	for _, tt := range []struct {
		name  string
		start func(testing.TB) benchTarget
	}{{"ours", startOurs}, {"go-smtp", startGoSMTP}} {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.start(t)
			sendMessages(t, target, 50, benchConns, benchMessage())
			sendMessages(t, target, 3, benchConns, benchMessage()) // fewer messages than connections
		})
	}
}

// cpuTime returns the user+system CPU time the process has used so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates adds msgs/s and cpu-µs/msg for msgs messages sent since cpuStart.
func reportRates(b *testing.B, msgs int, cpuStart time.Duration) {
	b.ReportMetric(float64(msgs)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64((cpuTime(b)-cpuStart).Microseconds())/float64(msgs), "cpu-µs/msg")
}

func benchPerMessage(b *testing.B, target benchTarget) {
	data := benchMessage()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime(b)
	sendMessages(b, target, b.N, benchConns, data)
	b.StopTimer()
	reportRates(b, b.N, cpu)
}

// BenchmarkServerOurs measures our server engine; one op is one message.
func BenchmarkServerOurs(b *testing.B) { benchPerMessage(b, startOurs(b)) }

// BenchmarkServerGoSMTP measures emersion/go-smtp's server; one op is one message.
func BenchmarkServerGoSMTP(b *testing.B) { benchPerMessage(b, startGoSMTP(b)) }

// BenchmarkServer10k runs the fixed workload of 10,000 messages (4 connections of 2,500
// transactions) per op against each server.
func BenchmarkServer10k(b *testing.B) {
	for _, tt := range []struct {
		name  string
		start func(testing.TB) benchTarget
	}{{"ours", startOurs}, {"go-smtp", startGoSMTP}} {
		b.Run(tt.name, func(b *testing.B) {
			target := tt.start(b)
			data := benchMessage()
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime(b)
			for range b.N {
				sendMessages(b, target, benchMessages, benchConns, data)
			}
			b.StopTimer()
			reportRates(b, benchMessages*b.N, cpu)
		})
	}
}
