package trace

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"time"
	"unsafe"

	"smtpsim/sim/dns"
)

// A trace keeps its events packed: an Event is 536 octets, of which a protocol line
// uses a dozen fields, and a run of a million events would keep half a gigabyte of
// mostly empty fields alive. A packed event is one record of octets: a mask of the
// fields that are set, then each set field in the order of its bit, as a varint:
// numbers as they are, strings as their number in the trace's table of strings, which
// holds each distinct string once. Strings that are mostly one of a kind (Text,
// QueueID, DSN) skip the table, and the fields that are more than a number or a
// string (Rcpts, Headers, TLS, Auth, DNS, Payload) stay as they were given; both go
// into lists of their own, and the record holds their place there. Seq and TimeMS are
// not stored: they follow from the event's place and its Time, as Append sets them.

// The bits of a record's mask, one per field, the fields of protocol lines first so
// that their mask takes two octets.
const (
	bitKind = iota
	bitActor
	bitPeer
	bitTime // Time − the block's base, a whole number of milliseconds
	bitConn
	bitProto
	bitDir
	bitLine
	bitCode
	bitStatus
	bitReason
	bitMsg
	bitRcpt
	bitText
	bitRFC
	bitFault
	bitPort
	bitNext
	bitOctets
	bitLines
	bitDSN
	bitFailure
	bitDurationMS
	bitMailbox
	bitUID
	bitQueueID
	bitRcpts
	bitFrom
	bitSubject
	bitMailFrom
	bitCount
	bitStage
	bitLost
	bitPlayed
	bitHeaders
	bitTLS
	bitAltered
	bitAuth
	bitDNS
	bitPayload
	bitTimeNS // Time − the block's base, in nanoseconds (not whole milliseconds)
)

const (
	// Records go into chunks of chunkSize octets, so that a long trace grows without
	// copying what it holds; a record's offset is its chunk's number × chunkSize plus
	// its place in the chunk. The first chunk grows as a slice does, so that a short
	// trace stays small.
	chunkBits = 20
	chunkSize = 1 << chunkBits
	// Each block of blockSize events has a base time; an event stores its time as the
	// difference, which takes two or three octets where the virtual time itself would
	// take seven.
	blockSize = 1 << 12
)

// Where a string field's last value is remembered (see packed.intern): consecutive
// events mostly share their actors, connection, protocol and message.
const (
	slotKind = iota
	slotActor
	slotPeer
	slotProto
	slotDir
	slotLine
	slotStatus
	slotReason
	slotMsg
	slotRcpt
	slotOther
	slots
)

// interned is a string and its number in the table.
type interned struct {
	s  string
	id uint32
}

// packed is the events of a trace.
type packed struct {
	chunks [][]byte
	offs   []uint32        // where each event's record starts
	bases  []time.Duration // the time of each block's first event
	body   []byte          // a record's fields while its mask is made

	strs   []string          // the table of strings, in the order they were first seen
	ids    map[string]uint32 // each string's place in strs
	recent [slots]interned
	seen   *[1 << 12]interned // strings met lately, by the address of their octets
	lines  *[1 << 12]interned // lines met lately, by a hash of their octets (line)

	own      list[string]   // Text, QueueID and DSN
	lists    list[[]string] // Rcpts and Headers
	tlss     []*TLS
	auths    []*Auth
	answers  []*dns.Answer
	answerAt map[answerKey][]uint32 // the answers to each question, by place in answers
	payloads list[[]byte]
}

// list is a list of values that only grows, kept in pieces of listSize values so
// that it grows without copying what it holds: the lists of a long trace hold
// hundreds of thousands of strings and slices, and a slice grown by append copies
// them, pointers and all, at each doubling. The first piece grows as a slice does,
// so that a short trace's lists stay small.
type list[T any] struct {
	pieces [][]T
	n      int
}

const (
	listBits = 12
	listSize = 1 << listBits
)

// add appends v and returns its place.
func (l *list[T]) add(v T) int {
	last := len(l.pieces) - 1
	if last < 0 || len(l.pieces[last]) == listSize {
		capacity := 0 // the first piece grows by append
		if last >= 0 {
			capacity = listSize
		}
		l.pieces = append(l.pieces, make([]T, 0, capacity))
		last++
	}
	l.pieces[last] = append(l.pieces[last], v)
	l.n++
	return l.n - 1
}

// at returns a pointer to the value at place i.
func (l *list[T]) at(i uint64) *T { return &l.pieces[i>>listBits][i&(listSize-1)] }

// reserve makes room for n more events of about 24 octets each.
func (p *packed) reserve(n int) {
	if cap(p.offs)-len(p.offs) < n {
		p.offs = append(make([]uint32, 0, len(p.offs)+n), p.offs...)
	}
	if len(p.chunks) == 0 {
		p.chunks = [][]byte{make([]byte, 0, min(24*n, chunkSize))}
	}
}

func (p *packed) len() int { return len(p.offs) }

// intern is the number of s in the table of strings, s added if it is new. Most
// strings are found before the table is asked: slot is where the field remembers its
// last value (consecutive events mostly share actors, connection and message), and
// p.seen holds the strings met lately by the address of their octets, since the world
// gives equal protocol lines one string. Neither changes which number a string gets.
func (p *packed) intern(slot int, s string) uint64 {
	r := &p.recent[slot]
	if r.s == s && r.s != "" {
		return uint64(r.id)
	}
	c := p.seenAt(s)
	if c.s == s && c.s != "" {
		*r = *c
		return uint64(c.id)
	}
	id, ok := p.ids[s]
	if !ok {
		if p.ids == nil {
			p.ids = map[string]uint32{}
		}
		id = uint32(len(p.strs))
		p.strs = append(p.strs, s)
		p.ids[s] = id
	}
	*r = interned{s, id}
	*c = *r
	return uint64(id)
}

// line is the table's string equal to text, added when new (Trace.Line).
//
// The table holds every distinct string of the trace, hundreds of thousands in a bulk
// run, and a look into a map that large mostly waits for memory. Most lines are one
// of a few hundred ("250 2.1.5 Ok", "QUIT", an EHLO keyword), so p.lines remembers
// the lines met lately by a hash of their octets: a line found there equals the one
// the table holds (the octets are compared), and the table is asked only for the rest.
func (p *packed) line(text []byte) string {
	if p.lines == nil {
		p.lines = new([1 << 12]interned)
	}
	c := &p.lines[lineHash(text)&(1<<12-1)]
	if c.s == string(text) && c.s != "" { // a comparison with a conversion does not allocate
		*p.seenAt(c.s) = *c
		return c.s
	}
	id, ok := p.ids[string(text)] // a lookup by a []byte key does not allocate
	if !ok {
		if p.ids == nil {
			p.ids = map[string]uint32{}
		}
		id = uint32(len(p.strs))
		s := string(text)
		p.ids[s] = id
		p.strs = append(p.strs, s)
	}
	// The line is about to be an event's: remembered by its address, the event finds
	// its number without asking the table again.
	s := p.strs[id]
	*c = interned{s, id}
	*p.seenAt(s) = *c
	return s
}

// lineHash mixes the octets of a line, eight at a time, into a number for its place
// in packed.lines. It needs no seed: equal lines get equal numbers, and lines that
// share a place only take each other's.
func lineHash(b []byte) uint64 {
	const k1, k2 = 0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9
	h := uint64(len(b)) * k1
	for ; len(b) >= 8; b = b[8:] {
		h = bits.RotateLeft64(h^binary.LittleEndian.Uint64(b)*k2, 29) * k1
	}
	var tail uint64
	for i, c := range b {
		tail |= uint64(c) << (8 * i)
	}
	h = bits.RotateLeft64(h^tail*k2, 29) * k1
	return h ^ h>>32
}

// seenAt is the place in p.seen for s, by the address of its octets.
func (p *packed) seenAt(s string) *interned {
	if p.seen == nil {
		p.seen = new([1 << 12]interned)
	}
	return &p.seen[(uintptr(unsafe.Pointer(unsafe.StringData(s)))>>3)&(1<<12-1)]
}

// answerKey is the question of a DNS answer.
type answerKey struct {
	name string
	typ  dns.Type
}

// answer is the place of a in p.answers. An answer equal to one of the last few to
// the same question is stored once: a bulk run asks the same questions thousands of
// times and gets the same answers.
func (p *packed) answer(a *dns.Answer) int {
	k := answerKey{a.Name, a.Type}
	seen := p.answerAt[k]
	for _, n := range seen[max(0, len(seen)-4):] {
		if b := p.answers[n]; b.Rcode == a.Rcode && (b.Records == nil) == (a.Records == nil) && slices.Equal(b.Records, a.Records) {
			return int(n)
		}
	}
	if p.answerAt == nil {
		p.answerAt = map[answerKey][]uint32{}
	}
	n := uint32(len(p.answers))
	kept := *a // a copy: a may sit in something larger, which the trace would keep alive
	p.answers = append(p.answers, &kept)
	p.answerAt[k] = append(seen, n)
	return int(n)
}

// record is a packed event under way: the mask of what is set and the fields.
type record struct {
	p    *packed
	mask uint64
	b    []byte
}

func (r *record) str(bit, slot int, s string) {
	if s != "" {
		r.mask |= 1 << bit
		r.b = binary.AppendUvarint(r.b, r.p.intern(slot, s))
	}
}

// own adds a string that is not looked up in the table.
func (r *record) own(bit int, s string) {
	if s != "" {
		r.mask |= 1 << bit
		r.b = binary.AppendUvarint(r.b, uint64(r.p.own.add(s)))
	}
}

func (r *record) num(bit int, v int64) {
	if v != 0 {
		r.mask |= 1 << bit
		r.b = binary.AppendVarint(r.b, v)
	}
}

func (r *record) flag(bit int, v bool) {
	if v {
		r.mask |= 1 << bit
	}
}

// index sets bit when set and appends n, the place of the field's value in its list.
func (r *record) index(bit int, set bool, n int) bool {
	if set {
		r.mask |= 1 << bit
		r.b = binary.AppendUvarint(r.b, uint64(n))
	}
	return set
}

// append packs e as the next event: its fields in the order of their bits. Seq and
// TimeMS are not stored.
func (p *packed) append(e *Event) {
	i := len(p.offs)
	if i%blockSize == 0 {
		p.bases = append(p.bases, e.Time)
	}
	r := record{p: p, b: p.body[:0]}
	r.str(bitKind, slotKind, string(e.Kind))
	r.str(bitActor, slotActor, e.Actor)
	r.str(bitPeer, slotPeer, e.Peer)
	d := e.Time - p.bases[i/blockSize]
	if d%time.Millisecond == 0 {
		r.num(bitTime, int64(d/time.Millisecond))
	}
	r.num(bitConn, int64(e.Conn))
	r.str(bitProto, slotProto, e.Proto)
	r.str(bitDir, slotDir, e.Dir)
	r.str(bitLine, slotLine, e.Line)
	r.num(bitCode, int64(e.Code))
	r.str(bitStatus, slotStatus, e.Status)
	r.str(bitReason, slotReason, e.Reason)
	r.str(bitMsg, slotMsg, e.Msg)
	r.str(bitRcpt, slotRcpt, e.Rcpt)
	r.own(bitText, e.Text)
	r.str(bitRFC, slotOther, e.RFC)
	r.str(bitFault, slotOther, e.Fault)
	r.num(bitPort, int64(e.Port))
	r.num(bitNext, e.Next)
	r.num(bitOctets, int64(e.Octets))
	r.num(bitLines, int64(e.Lines))
	r.own(bitDSN, e.DSN)
	r.str(bitFailure, slotOther, e.Failure)
	r.num(bitDurationMS, e.DurationMS)
	r.str(bitMailbox, slotOther, e.Mailbox)
	r.num(bitUID, int64(e.UID))
	r.own(bitQueueID, e.QueueID)
	if e.Rcpts != nil {
		r.index(bitRcpts, true, p.lists.add(e.Rcpts))
	}
	r.str(bitFrom, slotOther, e.From)
	r.str(bitSubject, slotOther, e.Subject)
	r.str(bitMailFrom, slotOther, e.MailFrom)
	r.num(bitCount, int64(e.Count))
	r.str(bitStage, slotOther, e.Stage)
	r.flag(bitLost, e.Lost)
	r.flag(bitPlayed, e.Played)
	if e.Headers != nil {
		r.index(bitHeaders, true, p.lists.add(e.Headers))
	}
	if r.index(bitTLS, e.TLS != nil, len(p.tlss)) {
		p.tlss = append(p.tlss, e.TLS)
	}
	r.str(bitAltered, slotOther, e.Altered)
	if r.index(bitAuth, e.Auth != nil, len(p.auths)) {
		p.auths = append(p.auths, e.Auth)
	}
	if e.DNS != nil {
		r.index(bitDNS, true, p.answer(e.DNS))
	}
	if e.Payload != nil {
		r.index(bitPayload, true, p.payloads.add(e.Payload))
	}
	if d%time.Millisecond != 0 {
		r.num(bitTimeNS, int64(d))
	}
	p.body = r.b

	n := len(r.b) + binary.MaxVarintLen64
	if len(p.chunks) == 0 {
		p.chunks = [][]byte{nil}
	}
	last := len(p.chunks) - 1
	if c := p.chunks[last]; len(c)+n > chunkSize {
		p.chunks = append(p.chunks, make([]byte, 0, chunkSize))
		last++
	}
	c := p.chunks[last]
	if last >= 1<<(32-chunkBits) {
		panic("trace: more than 4 GiB of packed events")
	}
	p.offs = append(p.offs, uint32(last)<<chunkBits|uint32(len(c)))
	c = binary.AppendUvarint(c, r.mask)
	p.chunks[last] = append(c, r.b...)
}

// record is where the record of event i starts.
func (p *packed) record(i int) []byte {
	off := p.offs[i]
	return p.chunks[off>>chunkBits][off&(chunkSize-1):]
}

// uvarint reads a varint at the start of b and returns the rest.
func uvarint(b []byte) (uint64, []byte) {
	var x uint64
	var s uint
	for i, c := range b {
		if c < 0x80 {
			return x | uint64(c)<<s, b[i+1:]
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	panic("trace: a packed event ends in a varint")
}

// signed undoes the zig-zag of binary.AppendVarint.
func signed(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// kindIDs are the numbers of the kinds in the table of strings; a kind no event has
// is not there.
func (p *packed) kindIDs(kinds []Kind) []uint64 {
	var ids []uint64
	for _, k := range kinds {
		if id, ok := p.ids[string(k)]; ok {
			ids = append(ids, uint64(id))
		}
	}
	return ids
}

// kindID is the number of the kind of event i in the table of strings, read without
// the rest; false for an event without a kind.
func (p *packed) kindID(i int) (uint64, bool) {
	m, b := uvarint(p.record(i))
	if m&(1<<bitKind) == 0 {
		return 0, false
	}
	id, _ := uvarint(b)
	return id, true
}

// kind is the kind of event i, read without the rest.
func (p *packed) kind(i int) Kind {
	if id, ok := p.kindID(i); ok {
		return Kind(p.strs[id])
	}
	return ""
}

// event unpacks event i and says where its payload is in p.payloads (-1: none). It
// visits only the fields the mask has, and fills a value of its own rather than one
// it is pointed to: writing to the stack needs no write barriers.
func (p *packed) event(i int) (e Event, payload int) {
	m, b := uvarint(p.record(i))
	payload = -1
	for m != 0 {
		bit := bits.TrailingZeros64(m)
		m &= m - 1
		switch bit {
		case bitLost:
			e.Lost = true
			continue
		case bitPlayed:
			e.Played = true
			continue
		}
		var u uint64
		if c := b[0]; c < 0x80 { // most values take one octet, nearly all the others two
			u, b = uint64(c), b[1:]
		} else if d := b[1]; d < 0x80 {
			u, b = uint64(c&0x7f)|uint64(d)<<7, b[2:]
		} else {
			u, b = uvarint(b)
		}
		switch bit {
		case bitKind:
			e.Kind = Kind(p.strs[u])
		case bitActor:
			e.Actor = p.strs[u]
		case bitPeer:
			e.Peer = p.strs[u]
		case bitTime:
			e.Time = time.Duration(signed(u)) * time.Millisecond
		case bitTimeNS:
			e.Time = time.Duration(signed(u))
		case bitConn:
			e.Conn = int(signed(u))
		case bitProto:
			e.Proto = p.strs[u]
		case bitDir:
			e.Dir = p.strs[u]
		case bitLine:
			e.Line = p.strs[u]
		case bitCode:
			e.Code = int(signed(u))
		case bitStatus:
			e.Status = p.strs[u]
		case bitReason:
			e.Reason = p.strs[u]
		case bitMsg:
			e.Msg = p.strs[u]
		case bitRcpt:
			e.Rcpt = p.strs[u]
		case bitText:
			e.Text = *p.own.at(u)
		case bitRFC:
			e.RFC = p.strs[u]
		case bitFault:
			e.Fault = p.strs[u]
		case bitPort:
			e.Port = int(signed(u))
		case bitNext:
			e.Next = signed(u)
		case bitOctets:
			e.Octets = int(signed(u))
		case bitLines:
			e.Lines = int(signed(u))
		case bitDSN:
			e.DSN = *p.own.at(u)
		case bitFailure:
			e.Failure = p.strs[u]
		case bitDurationMS:
			e.DurationMS = signed(u)
		case bitMailbox:
			e.Mailbox = p.strs[u]
		case bitUID:
			e.UID = uint32(signed(u))
		case bitQueueID:
			e.QueueID = *p.own.at(u)
		case bitRcpts:
			e.Rcpts = *p.lists.at(u)
		case bitFrom:
			e.From = p.strs[u]
		case bitSubject:
			e.Subject = p.strs[u]
		case bitMailFrom:
			e.MailFrom = p.strs[u]
		case bitCount:
			e.Count = int(signed(u))
		case bitStage:
			e.Stage = p.strs[u]
		case bitHeaders:
			e.Headers = *p.lists.at(u)
		case bitTLS:
			e.TLS = p.tlss[u]
		case bitAltered:
			e.Altered = p.strs[u]
		case bitAuth:
			e.Auth = p.auths[u]
		case bitDNS:
			e.DNS = p.answers[u]
		case bitPayload:
			payload = int(u)
			e.Payload = *p.payloads.at(u)
		}
	}
	e.Seq = i + 1
	e.Time += p.bases[i/blockSize]
	e.TimeMS = e.Time.Milliseconds()
	return e, payload
}
