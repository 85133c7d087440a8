// Package capture turns a simulated run into a packet capture that Wireshark and
// tshark decode: every connection of the trace becomes a TCP conversation on
// Ethernet and IPv4 (handshake, one segment per write carrying the exact octets the
// actors exchanged, FIN at the close, RST for a refused connection, unanswered SYNs
// for an unreachable host), and every DNS question and answer a UDP/53 exchange with
// a real DNS message. The file is classic libpcap; timestamps are the trace's
// virtual clock. It has no clock and no sockets: the same trace gives the same bytes.
package capture

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"

	"smtpsim/internal/onesort"
	"smtpsim/sim/trace"
)

// DNSActor is the name of the resolver in a trace; it gets DefaultDNSAddr unless the
// caller's map names another address.
const DNSActor = "dns"

// DefaultDNSAddr is the address of the simulated resolver (TEST-NET-1, RFC 5737).
const DefaultDNSAddr = "192.0.2.53"

// Link-level constants of the capture.
const (
	linkTypeEthernet = 1     // LINKTYPE_ETHERNET
	snapLen          = 65535 // whole frames
	mss              = 1460  // TCP payload per segment on a 1500-octet Ethernet MTU
	tick             = time.Microsecond
)

// synRetries are the times after the first SYN at which Linux sends it again
// (initial RTO 1 s, doubling: tcp_syn_retries), until the client gives up.
var synRetries = []time.Duration{1 * time.Second, 3 * time.Second, 7 * time.Second, 15 * time.Second, 31 * time.Second, 63 * time.Second}

// WritePCAP writes the trace as a libpcap file. hosts maps actor names (host names,
// "MUA alice@example.org", "dns") to IPv4 addresses; an actor missing from it gets the
// address a DNS answer of the trace gave its name, else a stable made-up one in
// 100.64.0.0/10. It fails on a trace that is not consistent (a line on a connection
// that was never opened) and on write errors.
func WritePCAP(w io.Writer, tr *trace.Trace, hosts map[string]string) error {
	c, err := newCapture(tr, hosts)
	if err != nil {
		return err
	}
	for i, e := range tr.All() {
		c.index = i
		if err := c.event(&e); err != nil {
			return fmt.Errorf("capture: event %d (%s): %w", e.Seq, e.Kind, err)
		}
	}
	c.flush()
	return c.write(w)
}

// packet is one frame and when it was seen.
type packet struct {
	at    time.Duration // since the trace's start
	order int           // tie-breaker: the order frames were made in
	frame []byte
}

// capture is the state of one conversion.
type capture struct {
	tr      *trace.Trace
	addrs   map[string]netip.Addr
	lower   map[string]netip.Addr // the same, by lower-case name
	packets []packet
	last    time.Duration // time of the last frame in trace order; frames stay in order
	started bool
	ipID    map[netip.Addr]uint16
	index   int // of the event being converted

	conns   map[int]*tcpConn
	dialing []*tcpConn // connections without a number (to hosts no machine answers for), oldest first
	anon    int        // how many of those there were

	pending *burst // consecutive writes of one side, sent as one segment burst

	queries  []*dnsQuery // questions waiting for their answer, oldest first
	dnsCount int
}

// endpoint is one side of a conversation.
type endpoint struct {
	addr netip.Addr
	port uint16
}

// tcpConn is one connection: the two endpoints and the next sequence number of each.
type tcpConn struct {
	key            int
	actor, peer    string
	port           int
	client, server endpoint
	clientISN      uint32
	clientSeq      uint32
	serverSeq      uint32
	openedAt       time.Duration
	established    bool
	closed         bool
}

// burst is data one side sends at one moment: the lines of a multi-line reply,
// pipelined commands, a message and its final dot travel together.
type burst struct {
	conn     *tcpConn
	fromServ bool
	at       time.Duration
	data     []byte
}

func newCapture(tr *trace.Trace, hosts map[string]string) (*capture, error) {
	c := &capture{tr: tr, addrs: map[string]netip.Addr{}, lower: map[string]netip.Addr{}, ipID: map[netip.Addr]uint16{}, conns: map[int]*tcpConn{}}
	// In name order, so that names differing only in case resolve the same way every time.
	for _, name := range slices.Sorted(maps.Keys(hosts)) {
		s := hosts[name]
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			return nil, fmt.Errorf("capture: address %q of %s is not an IPv4 address", s, name)
		}
		c.addrs[name] = a
		c.lower[strings.ToLower(name)] = a
	}
	if _, ok := c.lower[DNSActor]; !ok {
		a := netip.MustParseAddr(DefaultDNSAddr)
		c.addrs[DNSActor], c.lower[DNSActor] = a, a
	}
	// Names no caller knows, such as the host of a dead MX, get the address the DNS
	// gave them in this run.
	for _, e := range tr.All() {
		if e.Kind != trace.KindDNSAnswer || e.DNS == nil {
			continue
		}
		ans, err := wireAnswer(*e.DNS)
		if err != nil {
			continue
		}
		for _, r := range ans.records {
			if r.typ != typeA {
				continue
			}
			if _, ok := c.lower[strings.ToLower(ans.name)]; !ok {
				if a, err := netip.ParseAddr(r.value); err == nil && a.Is4() {
					c.lower[strings.ToLower(ans.name)] = a
				}
			}
		}
	}
	return c, nil
}

// addr returns the IPv4 address of an actor.
func (c *capture) addr(name string) netip.Addr {
	if a, ok := c.addrs[name]; ok {
		return a
	}
	if a, ok := c.lower[strings.ToLower(name)]; ok {
		return a
	}
	// A stable address in the shared address space (RFC 6598) that no scenario uses.
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(name)))
	v := h.Sum32()
	a := netip.AddrFrom4([4]byte{100, 64 + byte(v>>16)&0x3f, byte(v >> 8), 1 + byte(v)%254})
	c.lower[strings.ToLower(name)] = a
	return a
}

// next returns the time of the next frame in trace order: the event's time, or a
// microsecond after the frame before, so that frames never swap places.
func (c *capture) next(at time.Duration) time.Duration {
	if c.started && at <= c.last {
		at = c.last + tick
	}
	c.last, c.started = at, true
	return at
}

// emit adds a frame at the next time in trace order.
func (c *capture) emit(at time.Duration, frame []byte) {
	c.add(c.next(at), frame)
}

// add adds a frame at a given time (SYN retransmissions, which lie between later
// events of other connections).
func (c *capture) add(at time.Duration, frame []byte) {
	c.packets = append(c.packets, packet{at: at, order: len(c.packets), frame: frame})
}

func (c *capture) event(e *trace.Event) error {
	if c.pending != nil && !c.continues(e) {
		c.flush()
	}
	switch e.Kind {
	case trace.KindConnect:
		c.connect(e)
	case trace.KindRefused, trace.KindUnreachable:
		conn, err := c.find(e)
		if err != nil {
			return err
		}
		c.failed(conn, e)
	case trace.KindLine, trace.KindData:
		conn, err := c.find(e)
		if err != nil {
			return err
		}
		if !conn.established {
			return fmt.Errorf("%s on connection %d, which was never established", e.Kind, e.Conn)
		}
		data := e.Payload
		if e.Kind == trace.KindLine {
			data = append([]byte(e.Line), '\r', '\n')
		}
		fromServer := e.Dir == trace.DirRecv
		if c.pending == nil {
			c.pending = &burst{conn: conn, fromServ: fromServer, at: e.Time}
		}
		c.pending.data = append(c.pending.data, data...)
	case trace.KindClose:
		conn, err := c.find(e)
		if err != nil {
			return err
		}
		c.close(conn, e.Time)
	case trace.KindDNSQuery:
		return c.dnsQuery(e)
	case trace.KindDNSAnswer:
		return c.dnsAnswer(e)
	}
	return nil
}

// continues reports whether e is more of the pending write: the same side of the
// same connection at the same moment.
func (c *capture) continues(e *trace.Event) bool {
	p := c.pending
	if e.Kind != trace.KindLine && e.Kind != trace.KindData {
		return false
	}
	if e.Kind == trace.KindData && e.Dir == trace.DirRecv {
		// A POP3 or IMAP server writes the status line, then streams the message:
		// Wireshark hands a POP3 message to its IMF dissector only when it comes in
		// segments of its own.
		return false
	}
	conn, ok := c.conns[e.Conn]
	return ok && conn == p.conn && (e.Dir == trace.DirRecv) == p.fromServ && e.Time == p.at
}

// find returns the connection an event belongs to.
func (c *capture) find(e *trace.Event) (*tcpConn, error) {
	if e.Conn != 0 {
		conn, ok := c.conns[e.Conn]
		if !ok {
			return nil, fmt.Errorf("connection %d was never opened", e.Conn)
		}
		if conn.closed {
			return nil, fmt.Errorf("connection %d is already closed", e.Conn)
		}
		return conn, nil
	}
	// Connections to a name no machine answers for carry no number: the oldest one
	// between the same actors and port.
	for i, conn := range c.dialing {
		if conn.actor == e.Actor && conn.peer == e.Peer && (e.Port == 0 || conn.port == e.Port) {
			c.dialing = slices.Delete(c.dialing, i, i+1)
			return conn, nil
		}
	}
	return nil, fmt.Errorf("no open connection from %s to %s", e.Actor, e.Peer)
}

// connect opens a connection: the three-way handshake, or only the SYN when the
// trace says later that nobody answered.
func (c *capture) connect(e *trace.Event) {
	key := e.Conn
	if key == 0 {
		c.anon++
		key = -c.anon
	}
	conn := &tcpConn{
		key: key, actor: e.Actor, peer: e.Peer, port: e.Port, openedAt: e.Time,
		client: endpoint{addr: c.addr(e.Actor), port: ephemeralPort(key)},
		server: endpoint{addr: c.addr(e.Peer), port: uint16(e.Port)},
	}
	conn.clientISN = isn(key, 0x6a09e667)
	serverISN := isn(key, 0xbb67ae85)
	if e.Conn == 0 {
		c.dialing = append(c.dialing, conn)
	} else {
		c.conns[e.Conn] = conn
	}
	c.emit(e.Time, c.tcp(conn.client, conn.server, conn.clientISN, 0, flagSYN, nil))
	if !c.answered(e) {
		return
	}
	c.emit(e.Time, c.tcp(conn.server, conn.client, serverISN, conn.clientISN+1, flagSYN|flagACK, nil))
	c.emit(e.Time, c.tcp(conn.client, conn.server, conn.clientISN+1, serverISN+1, flagACK, nil))
	conn.clientSeq, conn.serverSeq = conn.clientISN+1, serverISN+1
	conn.established = true
}

// answered reports whether the server answers the SYN of a connect event: not when
// the trace later says the connection was refused or unreachable, and never for a
// connection without a number (a name no simulated machine answers for).
func (c *capture) answered(e *trace.Event) bool {
	if e.Conn == 0 {
		return false
	}
	for i := c.index + 1; i < c.tr.Len(); i++ {
		x := c.tr.At(i)
		if x.Conn != e.Conn {
			continue
		}
		switch x.Kind {
		case trace.KindRefused, trace.KindUnreachable:
			return false
		case trace.KindLine, trace.KindData, trace.KindClose:
			return true
		}
	}
	return true
}

// failed ends a connection attempt: RST for a refusal, SYN retransmissions that
// nobody answers for an unreachable host.
func (c *capture) failed(conn *tcpConn, e *trace.Event) {
	if e.Kind == trace.KindRefused {
		c.emit(e.Time, c.tcp(conn.server, conn.client, 0, conn.clientISN+1, flagRST|flagACK, nil))
	} else {
		for _, d := range synRetries {
			if conn.openedAt+d >= e.Time {
				break
			}
			c.add(conn.openedAt+d, c.tcp(conn.client, conn.server, conn.clientISN, 0, flagSYN, nil))
		}
	}
	conn.closed = true
	if conn.key > 0 {
		delete(c.conns, conn.key)
	}
}

// flush sends the pending write as segments of at most one MSS; the receiver
// acknowledges every second segment, as a delayed-ACK stack does.
func (c *capture) flush() {
	p := c.pending
	if p == nil {
		return
	}
	c.pending = nil
	conn := p.conn
	from, to := conn.client, conn.server
	seq, ack := &conn.clientSeq, &conn.serverSeq
	if p.fromServ {
		from, to = to, from
		seq, ack = ack, seq
	}
	for i, n := 0, 0; i < len(p.data); n++ {
		end := min(i+mss, len(p.data))
		c.emit(p.at, c.tcp(from, to, *seq, *ack, flagPSH|flagACK, p.data[i:end]))
		*seq += uint32(end - i)
		i = end
		if n%2 == 1 && i < len(p.data) {
			c.emit(p.at, c.tcp(to, from, *ack, *seq, flagACK, nil))
		}
	}
}

// close is the orderly release: FIN from the client, FIN from the server, last ACK.
func (c *capture) close(conn *tcpConn, at time.Duration) {
	if conn.established {
		c.emit(at, c.tcp(conn.client, conn.server, conn.clientSeq, conn.serverSeq, flagFIN|flagACK, nil))
		conn.clientSeq++
		c.emit(at, c.tcp(conn.server, conn.client, conn.serverSeq, conn.clientSeq, flagFIN|flagACK, nil))
		conn.serverSeq++
		c.emit(at, c.tcp(conn.client, conn.server, conn.clientSeq, conn.serverSeq, flagACK, nil))
	}
	conn.closed = true
	if conn.key > 0 {
		delete(c.conns, conn.key)
	}
}

// ephemeralPort is the client's port of connection key: 40000 + its number, wrapping
// inside the dynamic range (RFC 6335 §6); connections without a number count down
// from 60000 (all inside Linux's 32768–60999).
func ephemeralPort(key int) uint16 {
	if key < 0 {
		return uint16(60000 + (-key-1)%1000)
	}
	return uint16(40000 + key%20000)
}

// isn is a made-up but stable initial sequence number (RFC 9293 §3.4.1 wants them
// unpredictable; a capture for teaching wants them reproducible).
func isn(key int, salt uint32) uint32 {
	x := uint32(key)*0x9e3779b1 ^ salt
	x ^= x >> 15
	x *= 0x2c1b3c6d
	x ^= x >> 12
	return x
}

// write puts out the file: the global header, then every frame in time order.
func (c *capture) write(w io.Writer) error {
	onesort.StableFunc(c.packets, func(a, b packet) int {
		if a.at != b.at {
			if a.at < b.at {
				return -1
			}
			return 1
		}
		return a.order - b.order
	})
	bw := bufio.NewWriter(w)
	var hdr [24]byte
	binary.LittleEndian.PutUint32(hdr[0:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(hdr[4:], 2)
	binary.LittleEndian.PutUint16(hdr[6:], 4)
	// thiszone and sigfigs stay zero: timestamps are UTC.
	binary.LittleEndian.PutUint32(hdr[16:], snapLen)
	binary.LittleEndian.PutUint32(hdr[20:], linkTypeEthernet)
	bw.Write(hdr[:])
	for _, p := range c.packets {
		at := c.tr.Start.Add(p.at)
		var rec [16]byte
		binary.LittleEndian.PutUint32(rec[0:], uint32(at.Unix()))
		binary.LittleEndian.PutUint32(rec[4:], uint32(at.Nanosecond()/1000))
		binary.LittleEndian.PutUint32(rec[8:], uint32(len(p.frame)))
		binary.LittleEndian.PutUint32(rec[12:], uint32(len(p.frame)))
		bw.Write(rec[:])
		bw.Write(p.frame)
	}
	return bw.Flush()
}
