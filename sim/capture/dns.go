package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"smtpsim/sim/dns"
	"smtpsim/sim/trace"
)

// DNS record types and classes on the wire (RFC 1035 §3.2.2, §3.2.4).
const (
	typeA   = 1
	typeMX  = 15
	typeTXT = 16
	classIN = 1
)

// rcodes by the names a trace gives them (RFC 1035 §4.1.1).
var rcodes = map[string]uint16{"NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5}

// answerTTL is the time to live of every answer record; the simulation has none.
const answerTTL = 3600

// dnsQuery is a question on its way to the resolver, waiting for its answer.
type dnsQuery struct {
	actor string
	name  string
	typ   uint16
	id    uint16
	port  uint16
}

// dnsRecord is one record of an answer, its type as a wire number.
type dnsRecord struct {
	typ   uint16
	pref  uint16 // MX
	value string // A: the address; MX: the exchange ("." for a null MX); TXT: the text
}

// dnsAnswer is the answer of an event in wire terms.
type dnsAnswer struct {
	name    string
	typ     uint16
	rcode   uint16
	records []dnsRecord
}

// parseType maps a record type to its number on the wire.
func parseType(t dns.Type) (uint16, error) {
	switch strings.ToUpper(string(t)) {
	case "A":
		return typeA, nil
	case "MX":
		return typeMX, nil
	case "TXT":
		return typeTXT, nil
	}
	return 0, fmt.Errorf("unknown record type %q", t)
}

// wireAnswer turns the answer a dns-answer event carries into its wire parts.
func wireAnswer(a dns.Answer) (dnsAnswer, error) {
	typ, err := parseType(a.Type)
	if err != nil {
		return dnsAnswer{}, err
	}
	out := dnsAnswer{name: strings.TrimSuffix(a.Name, "."), typ: typ}
	if a.Rcode != "" {
		rc, ok := rcodes[string(a.Rcode)]
		if !ok {
			return dnsAnswer{}, fmt.Errorf("answer for %s: unknown rcode %q", a.Name, a.Rcode)
		}
		out.rcode = rc
	}
	for _, r := range a.Records {
		rt, err := parseType(r.Type)
		if err != nil {
			return dnsAnswer{}, err
		}
		out.records = append(out.records, dnsRecord{typ: rt, pref: r.Pref, value: r.Value})
	}
	return out, nil
}

// appendName writes a domain name as labels (RFC 1035 §3.1), without compression.
func appendName(b []byte, name string) ([]byte, error) {
	name = strings.TrimSuffix(name, ".")
	if name != "" {
		for label := range strings.SplitSeq(name, ".") {
			if label == "" || len(label) > 63 {
				return nil, fmt.Errorf("name %q: label %q is empty or longer than 63 octets", name, label)
			}
			b = append(b, byte(len(label)))
			b = append(b, label...)
		}
	}
	return append(b, 0), nil
}

// dnsMessage builds a query (answer == nil) or a response: header, the question, and
// the answer records, whose owner is a pointer to the question's name.
func dnsMessage(id uint16, name string, typ uint16, answer *dnsAnswer) ([]byte, error) {
	b := make([]byte, 12, 512)
	binary.BigEndian.PutUint16(b[0:], id)
	flags := uint16(0x0100) // RD: a mail server asks its recursive resolver
	if answer != nil {
		flags |= 0x8000 | 0x0080 | answer.rcode // QR, RA
	}
	binary.BigEndian.PutUint16(b[2:], flags)
	binary.BigEndian.PutUint16(b[4:], 1)
	var err error
	if b, err = appendName(b, name); err != nil {
		return nil, err
	}
	b = binary.BigEndian.AppendUint16(b, typ)
	b = binary.BigEndian.AppendUint16(b, classIN)
	if answer == nil {
		return b, nil
	}
	count := 0
	for _, r := range answer.records {
		rdata, err := r.data()
		if err != nil {
			return nil, err
		}
		b = append(b, 0xc0, 12) // the owner is the question's name, at offset 12
		b = binary.BigEndian.AppendUint16(b, r.typ)
		b = binary.BigEndian.AppendUint16(b, classIN)
		b = binary.BigEndian.AppendUint32(b, answerTTL)
		b = binary.BigEndian.AppendUint16(b, uint16(len(rdata)))
		b = append(b, rdata...)
		count++
	}
	binary.BigEndian.PutUint16(b[6:], uint16(count))
	return b, nil
}

// data is a record's RDATA (RFC 1035 §3.3.9, §3.3.14, §3.4.1).
func (r dnsRecord) data() ([]byte, error) {
	switch r.typ {
	case typeA:
		ip, err := netip.ParseAddr(r.value)
		if err != nil || !ip.Is4() {
			return nil, fmt.Errorf("address %q of an A record is not IPv4", r.value)
		}
		a := ip.As4()
		return a[:], nil
	case typeMX:
		b := binary.BigEndian.AppendUint16(nil, r.pref)
		return appendName(b, r.value)
	case typeTXT:
		// Character-strings hold at most 255 octets; longer text is split, and
		// readers join the pieces again (RFC 7208 §3.3).
		var b []byte
		s := r.value
		for {
			n := min(len(s), 255)
			b = append(b, byte(n))
			b = append(b, s[:n]...)
			s = s[n:]
			if s == "" {
				return b, nil
			}
		}
	}
	return nil, errors.New("unknown record type")
}

// dnsQuery sends a question from an MTA to the resolver.
func (c *capture) dnsQuery(e *trace.Event) error {
	if e.DNS == nil {
		return fmt.Errorf("dns-query %d carries no question", e.Seq)
	}
	name := strings.TrimSuffix(e.DNS.Name, ".")
	typ, err := parseType(e.DNS.Type)
	if err != nil {
		return err
	}
	c.dnsCount++
	q := &dnsQuery{actor: e.Actor, name: name, typ: typ, id: uint16(c.dnsCount), port: uint16(50000 + c.dnsCount%10000)}
	msg, err := dnsMessage(q.id, name, typ, nil)
	if err != nil {
		return err
	}
	c.queries = append(c.queries, q)
	c.emit(e.Time, c.udp(endpoint{c.addr(e.Actor), q.port}, endpoint{c.addr(e.Peer), 53}, msg))
	return nil
}

// dnsAnswer sends the resolver's answer back to the port the question came from.
func (c *capture) dnsAnswer(e *trace.Event) error {
	if e.DNS == nil {
		return fmt.Errorf("dns-answer %d carries no answer", e.Seq)
	}
	a, err := wireAnswer(*e.DNS)
	if err != nil {
		return err
	}
	var q *dnsQuery
	for i, x := range c.queries {
		if x.actor == e.Actor && strings.EqualFold(x.name, a.name) && x.typ == a.typ {
			q = x
			c.queries = append(c.queries[:i], c.queries[i+1:]...)
			break
		}
	}
	if q == nil {
		return fmt.Errorf("answer for %s %s to %s without a question", a.name, e.DNS.Type, e.Actor)
	}
	msg, err := dnsMessage(q.id, q.name, q.typ, &a)
	if err != nil {
		return err
	}
	c.emit(e.Time, c.udp(endpoint{c.addr(e.Peer), 53}, endpoint{c.addr(e.Actor), q.port}, msg))
	return nil
}
