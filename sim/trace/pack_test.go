package trace_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/dns"
	"smtpsim/sim/trace"
)

// stored are the fields of an Event that a trace keeps as given: all but Seq and
// TimeMS, which Append derives.
func stored() []reflect.StructField {
	var out []reflect.StructField
	for _, f := range reflect.VisibleFields(reflect.TypeFor[trace.Event]()) {
		if f.Name != "Seq" && f.Name != "TimeMS" {
			out = append(out, f)
		}
	}
	return out
}

// set gives field f of e a value that is not its zero value; odd asks for the
// extreme ones (negative, largest, a time between two milliseconds).
func set(e *trace.Event, f reflect.StructField, odd bool) {
	v := reflect.ValueOf(e).Elem().FieldByIndex(f.Index)
	switch {
	case f.Type == reflect.TypeFor[time.Duration]():
		if odd {
			v.SetInt(-(26*int64(time.Hour) + 3))
		} else {
			v.SetInt(int64(3140 * time.Millisecond))
		}
	case f.Type.Kind() == reflect.String:
		v.SetString(strings.ToLower(f.Name) + " value")
	case f.Type.Kind() == reflect.Int, f.Type.Kind() == reflect.Int64:
		if odd {
			v.SetInt(math.MinInt64)
		} else {
			v.SetInt(450)
		}
	case f.Type.Kind() == reflect.Uint32:
		v.SetUint(math.MaxUint32)
	case f.Type.Kind() == reflect.Bool:
		v.SetBool(true)
	case f.Type == reflect.TypeFor[[]string]():
		if odd {
			v.Set(reflect.ValueOf([]string{})) // empty, but not nil
		} else {
			v.Set(reflect.ValueOf([]string{"bob@example.net", "carol@example.com"}))
		}
	case f.Type == reflect.TypeFor[[]byte]():
		if odd {
			v.Set(reflect.ValueOf([]byte{}))
		} else {
			v.Set(reflect.ValueOf([]byte("Subject: hi\r\n\r\nhello\r\n")))
		}
	case f.Type == reflect.TypeFor[*trace.TLS]():
		v.Set(reflect.ValueOf(&trace.TLS{State: trace.TLSStarted, How: trace.TLSHowSTARTTLS, Version: "TLSv1.3"}))
	case f.Type == reflect.TypeFor[*trace.Auth]():
		v.Set(reflect.ValueOf(&trace.Auth{Method: "spf", Result: "pass", Domain: "example.org"}))
	case f.Type == reflect.TypeFor[*dns.Answer]():
		v.Set(reflect.ValueOf(&dns.Answer{}))
	default:
		panic(fmt.Sprintf("no test value for field %s of type %s", f.Name, f.Type))
	}
}

// appended is e as the trace gives it back at index i: numbered, with its milliseconds.
func appended(e trace.Event, i int) trace.Event {
	e.Seq, e.TimeMS = i+1, e.Time.Milliseconds()
	return e
}

// requireRoundTrip appends the events to a trace and requires each back as it was.
func requireRoundTrip(t *testing.T, events []trace.Event, names []string) {
	t.Helper()
	tr := &trace.Trace{}
	for _, e := range events {
		tr.Append(e)
	}
	require.Equal(t, len(events), tr.Len())
	for i, e := range events {
		require.Equal(t, appended(e, i), tr.At(i), names[i])
		require.Equal(t, e.Kind, tr.At(i).Kind, names[i])
	}
	for i, e := range tr.All() {
		require.Equal(t, appended(events[i], i), e, names[i])
	}
}

// Every field comes back as it went in: set alone, unset among all others set, with
// ordinary and with extreme values.
func TestPackRoundTrip(t *testing.T) {
	fields := stored()
	var all, allOdd trace.Event
	for _, f := range fields {
		set(&all, f, false)
		set(&allOdd, f, true)
	}
	var events []trace.Event
	var names []string
	add := func(name string, e trace.Event) {
		events = append(events, e)
		names = append(names, name)
	}
	add("nothing set", trace.Event{})
	add("everything set", all)
	add("everything set, extreme values", allOdd)
	for _, f := range fields {
		for _, odd := range []bool{false, true} {
			var only trace.Event
			set(&only, f, odd)
			add(fmt.Sprintf("only %s (extreme %v)", f.Name, odd), only)
			but := all
			if odd {
				but = allOdd
			}
			reflect.ValueOf(&but).Elem().FieldByIndex(f.Index).SetZero()
			add(fmt.Sprintf("all but %s (extreme %v)", f.Name, odd), but)
		}
	}
	add("a protocol line", trace.Event{Time: 3140 * time.Millisecond, Kind: trace.KindLine, Actor: "mta.example.org", Peer: "mx.example.net",
		Conn: 2, Proto: "smtp", Dir: trace.DirRecv, Line: "450 4.2.0 Greylisted", Code: 450, Status: "4.2.0", Reason: "rcpt.greylisted", Msg: "m1"})
	mx := []dns.Record{{Name: "example.net", Type: dns.TypeMX, Pref: 10, Value: "mx.example.net"}}
	for _, a := range []dns.Answer{
		{Name: "example.net", Type: dns.TypeMX, Records: mx},
		{Name: "example.net", Type: dns.TypeMX, Records: slices.Clone(mx)}, // equal to the one before
		{Name: "example.net", Type: dns.TypeMX, Records: []dns.Record{{Name: "example.net", Type: dns.TypeMX, Pref: 20, Value: "mx.example.net"}}},
		{Name: "example.net", Type: dns.TypeMX, Rcode: dns.NXDomain},
		{Name: "example.net", Type: dns.TypeMX, Records: []dns.Record{}}, // no records, but not nil
		{Name: "example.net", Type: dns.TypeMX},
		{Name: "example.net", Type: dns.TypeA, Records: mx},
	} {
		add("a DNS answer "+a.String(), trace.Event{Kind: trace.KindDNSAnswer, DNS: &a})
	}
	add("the largest time", trace.Event{Time: math.MaxInt64, Kind: trace.KindClose})
	add("the smallest time", trace.Event{Time: math.MinInt64, Kind: trace.KindClose})
	requireRoundTrip(t, events, names)
	tr := &trace.Trace{}
	for _, e := range events {
		tr.Append(e)
	}
	first := tr.Find(func(e trace.Event) bool {
		return e.DNS != nil && len(e.DNS.Records) == 1 && e.DNS.Records[0].Pref == 10
	})
	assert.Same(t, tr.At(first).DNS, tr.At(first+1).DNS, "an answer equal to the last one is stored once")
}

// A trace far longer than a block of events and a chunk of octets: every event comes
// back, the strings of events long gone and the times of each block.
func TestPackLongTrace(t *testing.T) {
	tr := &trace.Trace{}
	tr.Reserve(10)
	const n = 120_000 // about 20 octets a record: more than two chunks of a MiB
	event := func(i int) trace.Event {
		e := trace.Event{Time: time.Duration(i) * 7 * time.Millisecond, Kind: trace.KindLine, Actor: "mta.example.org",
			Peer: fmt.Sprintf("mx%d.example", i%50), Conn: i / 20, Line: fmt.Sprintf("RCPT TO:<u%d@example.net>", i%500), Code: i % 600}
		if i%3 == 0 {
			e.Text = fmt.Sprint("unique ", i)
		}
		if i%1000 == 0 {
			e.Payload = []byte(fmt.Sprint(i))
		}
		return e
	}
	for i := range n {
		tr.Append(event(i))
	}
	require.Equal(t, n, tr.Len())
	for i, e := range tr.All() {
		require.Equal(t, appended(event(i), i), e)
	}
	assert.Equal(t, n-1, tr.Prev(n, trace.KindLine))
	assert.Equal(t, -1, tr.Next(n-1, trace.KindLine))
	tr.DropPayload(3000)
	assert.Nil(t, tr.At(3000).Payload, "a dropped payload is gone")
	assert.Equal(t, []byte("4000"), tr.At(4000).Payload, "the others stay")
}

// fuzzEvents makes events of arbitrary octets: for each field, one octet says whether
// it is set, the next ones what to.
func fuzzEvents(data []byte) []trace.Event {
	next := func(n int) []byte {
		n = min(n, len(data))
		b := data[:n]
		data = data[n:]
		return b
	}
	num := func() int64 {
		var b [8]byte
		copy(b[:], next(8))
		return int64(binary.LittleEndian.Uint64(b[:]))
	}
	var out []trace.Event
	for len(data) > 0 {
		var e trace.Event
		ev := reflect.ValueOf(&e).Elem()
		for _, f := range stored() {
			c := next(1)
			if len(c) == 0 || c[0]&1 == 0 {
				continue
			}
			v := ev.FieldByIndex(f.Index)
			switch f.Type.Kind() {
			case reflect.String:
				v.SetString(string(next(int(c[0] >> 5)))) // short strings, which repeat
			case reflect.Int, reflect.Int64:
				v.SetInt(num())
			case reflect.Uint32:
				v.SetUint(uint64(uint32(num())))
			case reflect.Bool:
				v.SetBool(true)
			case reflect.Slice:
				if f.Type.Elem().Kind() == reflect.Uint8 {
					v.SetBytes(append([]byte{}, next(int(c[0]>>4))...))
				} else {
					list := []string{}
					for range c[0] >> 6 {
						list = append(list, string(next(3)))
					}
					v.Set(reflect.ValueOf(list))
				}
			case reflect.Pointer:
				v.Set(reflect.New(f.Type.Elem()))
			}
		}
		out = append(out, e)
	}
	return out
}

// FuzzPack: whatever events go into a trace come out of it as they were.
func FuzzPack(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x01\x21line\x01\x41mta.example.org"))
	f.Add(make([]byte, 64))
	f.Add([]byte(strings.Repeat("\xff", 300)))
	f.Fuzz(func(t *testing.T, data []byte) {
		events := fuzzEvents(data)
		names := make([]string, len(events))
		for i := range names {
			names[i] = fmt.Sprint("event ", i)
		}
		requireRoundTrip(t, events, names)
	})
}

// benchTrace is a trace of n events as a run writes them: mostly protocol lines, with
// a submit, a defer and a deliver now and then.
func benchTrace(n int) *trace.Trace {
	tr := &trace.Trace{}
	tr.Reserve(n)
	lines := []string{"EHLO mta.example.org", "250-mx.example.net", "250 PIPELINING", "MAIL FROM:<alice@example.org>", "250 2.1.0 Ok",
		"RCPT TO:<bob@example.net>", "250 2.1.5 Ok", "DATA", "354 End data", "250 2.0.0 Ok: queued as 1A2B", "QUIT", "221 2.0.0 Bye"}
	for i := range n {
		e := trace.Event{Time: time.Duration(i) * 20 * time.Millisecond, Actor: "mta.example.org", Peer: "mx.example.net",
			Conn: i / 20, Proto: "smtp", Msg: fmt.Sprint("m", i/40)}
		switch i % 40 {
		case 0:
			e = trace.Event{Time: e.Time, Kind: trace.KindSubmit, Actor: "MUA alice@example.org", Msg: e.Msg, Rcpts: []string{"bob@example.net"},
				From: "alice@example.org", Subject: "Hello", Octets: 300, Text: fmt.Sprint("alice writes ", i)}
		case 19:
			e.Kind, e.Rcpt, e.Code, e.Status, e.Next, e.Text = trace.KindDefer, "bob@example.net", 450, "4.2.0", 300000, "greylisted"
		case 39:
			e.Kind, e.Rcpt, e.Mailbox, e.UID, e.Count, e.Payload = trace.KindDeliver, "bob@example.net", "bob", uint32(i), 1, []byte("x")
		default:
			e.Kind, e.Line = trace.KindLine, lines[i%len(lines)]
			if i%2 == 0 {
				e.Dir = trace.DirSend
			} else {
				e.Dir, e.Code, e.Status, e.Reason = trace.DirRecv, 250, "2.1.0", "mail.ok"
			}
		}
		tr.Append(e)
	}
	return tr
}

// BenchmarkAt reads every event of a trace, as the page does at each step; "slice"
// reads the same events from a slice of Event, as a trace kept them before they were
// packed.
func BenchmarkAt(b *testing.B) {
	tr := benchTrace(4000)
	b.Run("packed", func(b *testing.B) {
		for b.Loop() {
			for _, e := range tr.All() {
				if e.Kind == trace.KindBounce {
					b.Fatal("no bounce here")
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tr.Len()), "ns/event")
	})
	events := tr.Events()
	b.Run("slice", func(b *testing.B) {
		for b.Loop() {
			for _, e := range events {
				if e.Kind == trace.KindBounce {
					b.Fatal("no bounce here")
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
	})
}

// BenchmarkAppend writes the events of a run.
func BenchmarkAppend(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchTrace(100_000)
	}
}

// Line gives equal lines of text one string, the one the trace then keeps.
func TestLineSharesOneString(t *testing.T) {
	var tr trace.Trace
	buf := []byte("250 2.1.5 Ok")
	first := tr.Line(buf)
	buf[0] = '5' // the caller's buffer is its own again
	assert.Equal(t, "250 2.1.5 Ok", first)
	second := tr.Line([]byte("250 2.1.5 Ok"))
	assert.Same(t, unsafe.StringData(first), unsafe.StringData(second))
	assert.NotSame(t, unsafe.StringData(first), unsafe.StringData(tr.Line([]byte("250 2.1.0 Ok"))))
	tr.Append(trace.Event{Kind: trace.KindLine, Line: second})
	assert.Equal(t, first, tr.At(0).Line)
}

// A trace keeps a DNS answer, not what the answer was part of: a simulation hands
// it answers that sit inside its own bookkeeping, which must not live as long as the
// trace. Equal answers to one question are still kept once.
func TestTraceKeepsTheAnswerAlone(t *testing.T) {
	type lookup struct { // a caller's record that holds the answer
		question dns.Answer
		_        [1 << 16]byte // the rest of the record
	}
	var tr trace.Trace
	freed := make(chan struct{})
	func() {
		l := &lookup{question: dns.Answer{Name: "example.net", Type: dns.TypeMX}}
		runtime.AddCleanup(l, func(ch chan struct{}) { close(ch) }, freed)
		tr.Append(trace.Event{Kind: trace.KindDNSQuery, DNS: &l.question})
	}()
	runtime.GC()
	select {
	case <-freed:
	case <-time.After(10 * time.Second):
		t.Fatal("the trace keeps the caller's record alive")
	}
	tr.Append(trace.Event{Kind: trace.KindDNSQuery, DNS: &dns.Answer{Name: "example.net", Type: dns.TypeMX}})
	assert.Equal(t, dns.Answer{Name: "example.net", Type: dns.TypeMX}, *tr.At(0).DNS)
	assert.Same(t, tr.At(0).DNS, tr.At(1).DNS, "an equal answer is kept once")
}
