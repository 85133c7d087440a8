package capture

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/dns"
	"smtpsim/sim/trace"
)

// frame is one record of a capture, decoded by the test's own small reader.
type frame struct {
	at               time.Time
	src, dst         netip.Addr
	proto            byte
	srcPort, dstPort uint16
	seq, ack         uint32
	flags            byte
	payload          []byte
}

// readPCAP checks the file header and every record: Ethernet II, IPv4 with a valid
// header checksum and length, TCP or UDP with a valid checksum.
func readPCAP(t *testing.T, b []byte) []frame {
	t.Helper()
	require.GreaterOrEqual(t, len(b), 24)
	le := binary.LittleEndian
	require.Equal(t, uint32(0xa1b2c3d4), le.Uint32(b[0:]), "magic")
	require.Equal(t, uint16(2), le.Uint16(b[4:]), "major version")
	require.Equal(t, uint16(4), le.Uint16(b[6:]), "minor version")
	require.Equal(t, uint32(65535), le.Uint32(b[16:]), "snaplen")
	require.Equal(t, uint32(1), le.Uint32(b[20:]), "link type Ethernet")
	var out []frame
	for rest := b[24:]; len(rest) > 0; {
		require.GreaterOrEqual(t, len(rest), 16, "record header")
		sec, usec, incl, orig := le.Uint32(rest[0:]), le.Uint32(rest[4:]), le.Uint32(rest[8:]), le.Uint32(rest[12:])
		require.Equal(t, incl, orig, "whole frames")
		require.Less(t, usec, uint32(1000000))
		require.GreaterOrEqual(t, len(rest), 16+int(incl))
		data := rest[16 : 16+incl]
		rest = rest[16+incl:]
		f := frame{at: time.Unix(int64(sec), int64(usec)*1000).UTC()}
		require.Equal(t, uint16(0x0800), binary.BigEndian.Uint16(data[12:]), "IPv4 in Ethernet II")
		ip := data[14:]
		require.Equal(t, byte(0x45), ip[0])
		require.Equal(t, int(binary.BigEndian.Uint16(ip[2:])), len(ip), "IPv4 total length")
		require.Equal(t, uint16(0), checksum(0, ip[:20]), "IPv4 header checksum")
		f.src, f.dst, f.proto = netip.AddrFrom4([4]byte(ip[12:16])), netip.AddrFrom4([4]byte(ip[16:20])), ip[9]
		s, d := f.src.As4(), f.dst.As4()
		assert.Equal(t, []byte{2, 0, d[0], d[1], d[2], d[3]}, data[0:6], "destination MAC")
		assert.Equal(t, []byte{2, 0, s[0], s[1], s[2], s[3]}, data[6:12], "source MAC")
		seg := ip[20:]
		require.Equal(t, uint16(0), transportChecksum(f.src, f.dst, f.proto, seg), "transport checksum")
		f.srcPort, f.dstPort = binary.BigEndian.Uint16(seg[0:]), binary.BigEndian.Uint16(seg[2:])
		switch f.proto {
		case protoTCP:
			f.seq, f.ack, f.flags = binary.BigEndian.Uint32(seg[4:]), binary.BigEndian.Uint32(seg[8:]), seg[13]
			f.payload = seg[int(seg[12]>>4)*4:]
		case protoUDP:
			require.Equal(t, int(binary.BigEndian.Uint16(seg[4:])), len(seg), "UDP length")
			f.payload = seg[8:]
		default:
			t.Fatalf("protocol %d", f.proto)
		}
		out = append(out, f)
	}
	return out
}

var start = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// sampleTrace is a small run by hand: a delivery with a long message, a refused and
// an unreachable connection, and DNS answers of every kind.
func sampleTrace(message []byte) *trace.Trace {
	tr := &trace.Trace{Start: start}
	add := func(e trace.Event) { tr.Append(e) }
	c, s := "mail.example.org", "mx.example.net"
	line := func(at int, dir, l string) trace.Event {
		return trace.Event{Time: ms(at), Kind: trace.KindLine, Actor: c, Peer: s, Conn: 1, Proto: "smtp", Dir: dir, Line: l}
	}
	q := func(name string, t dns.Type) *dns.Answer { return &dns.Answer{Name: name, Type: t} }
	rec := func(name string, t dns.Type, pref uint16, v string) dns.Record {
		return dns.Record{Name: name, Type: t, Pref: pref, Value: v}
	}
	add(trace.Event{Time: 0, Kind: trace.KindDNSQuery, Actor: c, Peer: "dns", DNS: q("example.net", dns.TypeMX)})
	add(trace.Event{Time: 0, Kind: trace.KindDNSQuery, Actor: c, Peer: "dns", DNS: q("example.net", dns.TypeTXT)})
	add(trace.Event{Time: ms(20), Kind: trace.KindDNSAnswer, Actor: c, Peer: "dns", DNS: &dns.Answer{Name: "example.net", Type: dns.TypeMX, Rcode: dns.NoError,
		Records: []dns.Record{rec("example.net", dns.TypeMX, 10, "mx.example.net"), rec("example.net", dns.TypeMX, 20, "mx2.example.net")}}})
	add(trace.Event{Time: ms(20), Kind: trace.KindDNSAnswer, Actor: c, Peer: "dns", DNS: &dns.Answer{Name: "example.net", Type: dns.TypeTXT, Rcode: dns.NoError,
		Records: []dns.Record{rec("example.net", dns.TypeTXT, 0, "v=spf1 -all"), rec("example.net", dns.TypeTXT, 0, "a, \"b\"\\c\000")}}})
	add(trace.Event{Time: ms(40), Kind: trace.KindDNSQuery, Actor: c, Peer: "dns", DNS: q("nowhere.example", dns.TypeMX)})
	add(trace.Event{Time: ms(60), Kind: trace.KindDNSAnswer, Actor: c, Peer: "dns", DNS: &dns.Answer{Name: "nowhere.example", Type: dns.TypeMX, Rcode: dns.NXDomain}})
	add(trace.Event{Time: ms(100), Kind: trace.KindConnect, Actor: c, Peer: s, Conn: 1, Port: 25, Proto: "smtp"})
	add(line(120, trace.DirRecv, "220 mx.example.net ESMTP"))
	add(line(140, trace.DirSend, "EHLO mail.example.org"))
	add(line(160, trace.DirRecv, "250-mx.example.net"))
	add(line(160, trace.DirRecv, "250 PIPELINING"))
	add(line(180, trace.DirSend, "DATA"))
	add(line(200, trace.DirRecv, "354 go ahead"))
	add(trace.Event{Time: ms(220), Kind: trace.KindData, Actor: c, Peer: s, Conn: 1, Proto: "smtp", Dir: trace.DirSend, Payload: message})
	add(line(220, trace.DirSend, "."))
	// Another connection's event at the same moment ends the write before it.
	add(trace.Event{Time: ms(220), Kind: trace.KindConnect, Actor: c, Peer: "other.example", Conn: 2, Port: 25, Proto: "smtp"})
	add(line(240, trace.DirRecv, "250 2.0.0 Ok"))
	add(trace.Event{Time: ms(260), Kind: trace.KindRefused, Actor: c, Peer: "other.example", Conn: 2, Port: 25})
	add(line(260, trace.DirSend, "QUIT"))
	add(line(280, trace.DirRecv, "221 Bye"))
	add(trace.Event{Time: ms(300), Kind: trace.KindClose, Actor: c, Peer: s, Conn: 1})
	add(trace.Event{Time: ms(400), Kind: trace.KindConnect, Actor: c, Peer: "dead.example.net", Port: 25, Proto: "smtp"})
	add(trace.Event{Time: ms(400) + 30*time.Second, Kind: trace.KindUnreachable, Actor: c, Peer: "dead.example.net", Port: 25})
	return tr
}

var sampleHosts = map[string]string{"mail.example.org": "192.0.2.10", "mx.example.net": "198.51.100.25", "other.example": "203.0.113.9"}

func TestLayoutOfACapture(t *testing.T) {
	message := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyz\r\n"), 100) // 3800 octets: three segments
	var buf bytes.Buffer
	require.NoError(t, WritePCAP(&buf, sampleTrace(message), sampleHosts))
	frames := readPCAP(t, buf.Bytes())

	mta, mx, dns := netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("198.51.100.25"), netip.MustParseAddr(DefaultDNSAddr)
	other := netip.MustParseAddr("203.0.113.9")
	for i := 1; i < len(frames); i++ {
		assert.False(t, frames[i].at.Before(frames[i-1].at), "frame %d is not earlier than the one before", i+1)
	}

	// The TCP conversation with the MX: handshake, data both ways, the FIN exchange.
	var conv []frame
	for _, f := range frames {
		if f.proto == protoTCP && (f.src == mx || f.dst == mx) {
			conv = append(conv, f)
		}
	}
	require.GreaterOrEqual(t, len(conv), 3)
	syn, synAck, ack := conv[0], conv[1], conv[2]
	assert.Equal(t, byte(flagSYN), syn.flags)
	assert.Equal(t, uint16(40001), syn.srcPort, "client port 40000 + connection number")
	assert.Equal(t, uint16(25), syn.dstPort)
	assert.Equal(t, start.Add(ms(100)), syn.at, "the SYN at the connect event's time")
	assert.Equal(t, byte(flagSYN|flagACK), synAck.flags)
	assert.Equal(t, syn.seq+1, synAck.ack)
	assert.Equal(t, byte(flagACK), ack.flags)
	assert.Equal(t, synAck.seq+1, ack.ack)

	var client, server []byte
	nextSeq := map[netip.Addr]uint32{mta: syn.seq + 1, mx: synAck.seq + 1}
	var times []time.Time
	for _, f := range conv[3:] {
		if len(f.payload) == 0 {
			continue
		}
		assert.Equal(t, byte(flagPSH|flagACK), f.flags)
		assert.LessOrEqual(t, len(f.payload), 1460, "one MSS at most")
		assert.Equal(t, nextSeq[f.src], f.seq, "sequence numbers follow the octets sent")
		assert.Equal(t, nextSeq[f.dst], f.ack, "each segment acknowledges all the peer sent")
		nextSeq[f.src] += uint32(len(f.payload))
		if f.src == mta {
			client = append(client, f.payload...)
		} else {
			server = append(server, f.payload...)
		}
		times = append(times, f.at)
	}
	assert.Equal(t, "EHLO mail.example.org\r\nDATA\r\n"+string(message)+".\r\nQUIT\r\n", string(client), "the exact octets the client sent")
	assert.Equal(t, "220 mx.example.net ESMTP\r\n250-mx.example.net\r\n250 PIPELINING\r\n354 go ahead\r\n250 2.0.0 Ok\r\n221 Bye\r\n", string(server))
	assert.Equal(t, start.Add(ms(120)), times[0], "the greeting at its event's time")

	// Lines of one reply at one moment travel in one segment; the message and its dot too.
	var segments []string
	for _, f := range conv {
		if len(f.payload) > 0 && len(f.payload) < 1460 {
			segments = append(segments, string(f.payload))
		}
	}
	assert.Contains(t, segments, "250-mx.example.net\r\n250 PIPELINING\r\n")
	// 3800 + 3 octets: 1460 + 1460 + 883, with an ACK from the server after the second.
	var dataFlow []string
	for _, f := range conv {
		if f.src == mta && len(f.payload) >= 883 || f.src == mx && len(f.payload) == 0 && f.flags == flagACK {
			dataFlow = append(dataFlow, fmt.Sprintf("%s %d", f.src, len(f.payload)))
		}
	}
	assert.Equal(t, []string{"192.0.2.10 1460", "192.0.2.10 1460", "198.51.100.25 0", "192.0.2.10 883"}, dataFlow)

	end := conv[len(conv)-3:]
	assert.Equal(t, byte(flagFIN|flagACK), end[0].flags)
	assert.Equal(t, mta, end[0].src)
	assert.Equal(t, byte(flagFIN|flagACK), end[1].flags)
	assert.Equal(t, end[0].seq+1, end[1].ack, "the FIN counts one")
	assert.Equal(t, byte(flagACK), end[2].flags)
	assert.Equal(t, end[1].seq+1, end[2].ack)

	// Refused: SYN, then RST/ACK from the server.
	var refused []frame
	for _, f := range frames {
		if f.src == other || f.dst == other {
			refused = append(refused, f)
		}
	}
	require.Len(t, refused, 2)
	assert.Equal(t, byte(flagSYN), refused[0].flags)
	assert.Equal(t, uint16(40002), refused[0].srcPort)
	assert.Equal(t, byte(flagRST|flagACK), refused[1].flags)
	assert.Equal(t, refused[0].seq+1, refused[1].ack)
	assert.Equal(t, start.Add(ms(260)), refused[1].at)

	// Unreachable: the SYN again after 1, 3, 7 and 15 s, never an answer. The host
	// has no address from the caller: it gets a stable one from the shared space.
	var unanswered []frame
	for _, f := range frames {
		if f.proto == protoTCP && f.dstPort == 25 && f.src == mta && f.dst != mx && f.dst != other {
			unanswered = append(unanswered, f)
		}
	}
	require.Len(t, unanswered, 5)
	for i, d := range []time.Duration{0, time.Second, 3 * time.Second, 7 * time.Second, 15 * time.Second} {
		assert.Equal(t, byte(flagSYN), unanswered[i].flags)
		assert.Equal(t, unanswered[0].seq, unanswered[i].seq, "a retransmission")
		assert.Equal(t, start.Add(ms(400)+d), unanswered[i].at)
	}
	assert.True(t, netip.MustParsePrefix("100.64.0.0/10").Contains(unanswered[0].dst), unanswered[0].dst)
	for _, f := range frames {
		assert.NotEqual(t, unanswered[0].dst, f.src, "nothing answers from the unreachable host")
	}

	// DNS: a question and its answer per pair, matched by id and port.
	var queries, answers []frame
	for _, f := range frames {
		switch {
		case f.proto == protoUDP && f.dst == dns:
			assert.Equal(t, uint16(53), f.dstPort)
			queries = append(queries, f)
		case f.proto == protoUDP && f.src == dns:
			assert.Equal(t, uint16(53), f.srcPort)
			answers = append(answers, f)
		}
	}
	require.Len(t, queries, 3)
	require.Len(t, answers, 3)
	want := []struct {
		name  string
		typ   uint16
		rcode uint16
		data  []string
	}{
		{"example.net", typeMX, 0, []string{"MX 10 mx.example.net", "MX 20 mx2.example.net"}},
		{"example.net", typeTXT, 0, []string{`TXT ["v=spf1 -all"]`, `TXT ["a, \"b\"\\c\x00"]`}},
		{"nowhere.example", typeMX, 3, nil},
	}
	for i, w := range want {
		q := parseDNS(t, queries[i].payload)
		a := parseDNS(t, answers[i].payload)
		assert.False(t, q.response)
		assert.True(t, a.response)
		assert.Equal(t, q.id, a.id)
		assert.Equal(t, queries[i].srcPort, answers[i].dstPort)
		assert.Equal(t, w.name, q.name)
		assert.Equal(t, w.typ, q.typ)
		assert.Equal(t, w.name, a.name)
		assert.Equal(t, w.rcode, a.rcode)
		assert.Equal(t, w.data, a.answers, "answer %d", i)
	}
	assert.Equal(t, start.Add(ms(20)), answers[0].at)
}

// dnsMsg is what the test reads back from a DNS message.
type dnsMsg struct {
	id       uint16
	response bool
	rcode    uint16
	name     string
	typ      uint16
	answers  []string
}

// parseDNS is an independent reader of RFC 1035 messages, with name compression.
func parseDNS(t *testing.T, b []byte) dnsMsg {
	t.Helper()
	be := binary.BigEndian
	require.GreaterOrEqual(t, len(b), 12)
	m := dnsMsg{id: be.Uint16(b), response: b[2]&0x80 != 0, rcode: be.Uint16(b[2:]) & 0xf}
	require.Equal(t, uint16(1), be.Uint16(b[4:]), "one question")
	var name func(off int) (string, int)
	name = func(off int) (string, int) {
		var labels []string
		for {
			n := int(b[off])
			switch {
			case n == 0:
				return strings.Join(labels, "."), off + 1
			case n&0xc0 == 0xc0:
				rest, _ := name(int(be.Uint16(b[off:]) & 0x3fff))
				if rest != "" {
					labels = append(labels, rest)
				}
				return strings.Join(labels, "."), off + 2
			}
			labels = append(labels, string(b[off+1:off+1+n]))
			off += 1 + n
		}
	}
	var off int
	m.name, off = name(12)
	m.typ = be.Uint16(b[off:])
	require.Equal(t, uint16(classIN), be.Uint16(b[off+2:]))
	off += 4
	for range int(be.Uint16(b[6:])) {
		owner, o := name(off)
		require.Equal(t, m.name, owner)
		typ, rdlen := be.Uint16(b[o:]), int(be.Uint16(b[o+8:]))
		rdata := b[o+10 : o+10+rdlen]
		switch typ {
		case typeMX:
			host, _ := name(o + 12)
			m.answers = append(m.answers, fmt.Sprintf("MX %d %s", be.Uint16(rdata), host))
		case typeA:
			m.answers = append(m.answers, "A "+netip.AddrFrom4([4]byte(rdata)).String())
		case typeTXT:
			var parts []string
			for i := 0; i < len(rdata); i += 1 + int(rdata[i]) {
				parts = append(parts, fmt.Sprintf("%q", rdata[i+1:i+1+int(rdata[i])]))
			}
			m.answers = append(m.answers, "TXT ["+strings.Join(parts, " ")+"]")
		}
		off = o + 10 + rdlen
	}
	require.Equal(t, len(b), off, "nothing after the last record")
	return m
}

func TestWireAnswer(t *testing.T) {
	mx := func(pref uint16, host string) dns.Record {
		return dns.Record{Name: "example.net", Type: dns.TypeMX, Pref: pref, Value: host}
	}
	tests := []struct {
		name    string
		answer  dns.Answer
		want    dnsAnswer
		wantErr string
	}{
		{"two MX", dns.Answer{Name: "example.net", Type: dns.TypeMX, Rcode: dns.NoError, Records: []dns.Record{mx(10, "mx1.example.net"), mx(20, "mx2.example.net")}},
			dnsAnswer{name: "example.net", typ: typeMX, records: []dnsRecord{{typeMX, 10, "mx1.example.net"}, {typeMX, 20, "mx2.example.net"}}}, ""},
		{"null MX", dns.Answer{Name: "example.edu.", Type: dns.TypeMX, Records: []dns.Record{mx(0, ".")}},
			dnsAnswer{name: "example.edu", typ: typeMX, records: []dnsRecord{{typeMX, 0, "."}}}, ""},
		{"TXT with a comma", dns.Answer{Name: "example.net", Type: dns.TypeTXT, Records: []dns.Record{{Name: "example.net", Type: dns.TypeTXT, Value: "v=spf1 ip4:192.0.2.0/24, -all"}}},
			dnsAnswer{name: "example.net", typ: typeTXT, records: []dnsRecord{{typeTXT, 0, "v=spf1 ip4:192.0.2.0/24, -all"}}}, ""},
		{"NXDOMAIN", dns.Answer{Name: "nope.example", Type: dns.TypeMX, Rcode: dns.NXDomain}, dnsAnswer{name: "nope.example", typ: typeMX, rcode: 3}, ""},
		{"SERVFAIL", dns.Answer{Name: "example.net", Type: dns.TypeA, Rcode: dns.ServFail}, dnsAnswer{name: "example.net", typ: typeA, rcode: 2}, ""},
		{"NODATA", dns.Answer{Name: "example.com", Type: dns.TypeMX, Rcode: dns.NoError}, dnsAnswer{name: "example.com", typ: typeMX}, ""},
		{"unknown type", dns.Answer{Name: "example.com", Type: "AAAA"}, dnsAnswer{}, `unknown record type "AAAA"`},
		{"unknown rcode", dns.Answer{Name: "example.com", Type: dns.TypeA, Rcode: "BOGUS"}, dnsAnswer{}, `unknown rcode "BOGUS"`},
	}
	for _, tt := range tests {
		got, err := wireAnswer(tt.answer)
		if tt.wantErr != "" {
			assert.ErrorContains(t, err, tt.wantErr, tt.name)
			continue
		}
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.want, got, tt.name)
	}
}

func TestLongTXTIsSplitIntoCharacterStrings(t *testing.T) {
	long := strings.Repeat("k", 300)
	rdata, err := dnsRecord{typ: typeTXT, value: long}.data()
	require.NoError(t, err)
	require.Len(t, rdata, 302)
	assert.Equal(t, byte(255), rdata[0])
	assert.Equal(t, byte(45), rdata[256])
}

func TestSameTraceSameBytes(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, WritePCAP(&a, sampleTrace([]byte("hi\r\n")), sampleHosts))
	require.NoError(t, WritePCAP(&b, sampleTrace([]byte("hi\r\n")), sampleHosts))
	assert.Equal(t, a.Bytes(), b.Bytes())
}

func TestInconsistentTraces(t *testing.T) {
	tests := []struct {
		name   string
		events []trace.Event
		hosts  map[string]string
		err    string
	}{
		{"line without connect", []trace.Event{{Kind: trace.KindLine, Actor: "a", Peer: "b", Conn: 7, Dir: trace.DirSend, Line: "x"}}, nil, "connection 7 was never opened"},
		{"line after close", []trace.Event{
			{Kind: trace.KindConnect, Actor: "a", Peer: "b", Conn: 1, Port: 25},
			{Kind: trace.KindClose, Actor: "a", Peer: "b", Conn: 1},
			{Kind: trace.KindLine, Actor: "a", Peer: "b", Conn: 1, Dir: trace.DirSend, Line: "x"},
		}, nil, "connection 1 was never opened"},
		{"line on a refused connection", []trace.Event{
			{Kind: trace.KindConnect, Actor: "a", Peer: "b", Conn: 1, Port: 25},
			{Kind: trace.KindRefused, Actor: "a", Peer: "b", Conn: 1},
			{Kind: trace.KindLine, Actor: "a", Peer: "b", Conn: 1, Dir: trace.DirSend, Line: "x"},
		}, nil, "never opened"},
		{"answer without question", []trace.Event{{Kind: trace.KindDNSAnswer, Actor: "a", Peer: "dns",
			DNS: &dns.Answer{Name: "x.example", Type: dns.TypeA, Records: []dns.Record{{Name: "x.example", Type: dns.TypeA, Value: "192.0.2.1"}}}}}, nil, "without a question"},
		{"query without question", []trace.Event{{Kind: trace.KindDNSQuery, Actor: "a", Peer: "dns", Line: "x.example A"}}, nil, "carries no question"},
		{"bad address", []trace.Event{
			{Kind: trace.KindDNSQuery, Actor: "a", Peer: "dns", DNS: &dns.Answer{Name: "x.example", Type: dns.TypeA}},
			{Kind: trace.KindDNSAnswer, Actor: "a", Peer: "dns", DNS: &dns.Answer{Name: "x.example", Type: dns.TypeA, Records: []dns.Record{{Name: "x.example", Type: dns.TypeA, Value: "300.1.1.1"}}}},
		}, nil, "not IPv4"},
		{"bad address", nil, map[string]string{"a": "2001:db8::1"}, "not an IPv4 address"},
	}
	for _, tt := range tests {
		tr := &trace.Trace{Start: start}
		for _, e := range tt.events {
			tr.Append(e)
		}
		err := WritePCAP(&bytes.Buffer{}, tr, tt.hosts)
		assert.ErrorContains(t, err, tt.err, tt.name)
	}
}
