package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

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

// dnsRecord is one record of an answer, with its data as the trace shows it.
type dnsRecord struct {
	typ   uint16
	pref  uint16 // MX
	value string // A: the address; MX: the exchange ("." for a null MX); TXT: the text
}

// dnsAnswer is an answer event read back into its parts.
type dnsAnswer struct {
	name    string
	typ     uint16
	rcode   uint16
	records []dnsRecord
}

// parseType reads a record type name.
func parseType(s string) (uint16, error) {
	switch strings.ToUpper(s) {
	case "A":
		return typeA, nil
	case "MX":
		return typeMX, nil
	case "TXT":
		return typeTXT, nil
	}
	return 0, fmt.Errorf("unknown record type %q", s)
}

// parseQuery reads the line of a dns-query event: "example.net MX".
func parseQuery(line string) (name string, typ uint16, err error) {
	name, t, ok := strings.Cut(line, " ")
	if !ok {
		return "", 0, fmt.Errorf("query %q: want NAME TYPE", line)
	}
	typ, err = parseType(t)
	return strings.TrimSuffix(name, "."), typ, err
}

// parseAnswer reads the line of a dns-answer event as dns.Answer.String writes it:
// "example.net MX: 10 mx1.example.net, 20 mx2.example.net", "mx.example.net A:
// 198.51.100.25", `example.net TXT: "v=spf1 -all"`, "x.example MX: NXDOMAIN",
// "example.com MX: no records (NOERROR)".
func parseAnswer(line string) (dnsAnswer, error) {
	var a dnsAnswer
	head, data, ok := strings.Cut(line, ": ")
	if !ok {
		if head, ok = strings.CutSuffix(line, ":"); !ok {
			return a, fmt.Errorf("answer %q: want NAME TYPE: DATA", line)
		}
	}
	name, typ, err := parseQuery(head)
	if err != nil {
		return a, err
	}
	a.name, a.typ = name, typ
	data = strings.TrimSpace(data)
	if rc, ok := rcodes[data]; ok {
		a.rcode = rc
		return a, nil
	}
	if data == "" || strings.HasPrefix(data, "no records") {
		return a, nil
	}
	if typ == typeTXT {
		a.records, err = parseTXT(data)
		return a, err
	}
	for item := range strings.SplitSeq(data, ", ") {
		r := dnsRecord{typ: typ, value: strings.TrimSpace(item)}
		if typ == typeMX {
			pref, host, ok := strings.Cut(r.value, " ")
			n, err := strconv.ParseUint(pref, 10, 16)
			if !ok || err != nil {
				return a, fmt.Errorf("answer %q: MX data %q: want PREFERENCE HOST", line, item)
			}
			r.pref, r.value = uint16(n), host
		}
		if typ == typeA {
			if ip, err := netip.ParseAddr(r.value); err != nil || !ip.Is4() {
				return a, fmt.Errorf("answer %q: %q is not an IPv4 address", line, item)
			}
		}
		a.records = append(a.records, r)
	}
	return a, nil
}

// parseTXT reads quoted TXT data separated by ", ", undoing the escapes of a zone
// file (\" \\ \DDD, RFC 1035 §5.1).
func parseTXT(data string) ([]dnsRecord, error) {
	var out []dnsRecord
	for i := 0; i < len(data); {
		if data[i] != '"' {
			return nil, fmt.Errorf("TXT data %q: want a quoted string at column %d", data, i+1)
		}
		var b []byte
		i++
		for {
			if i >= len(data) {
				return nil, fmt.Errorf("TXT data %q: unterminated string", data)
			}
			ch := data[i]
			if ch == '"' {
				i++
				break
			}
			if ch == '\\' && i+1 < len(data) {
				if i+3 < len(data) && isDigit(data[i+1]) && isDigit(data[i+2]) && isDigit(data[i+3]) {
					n, _ := strconv.Atoi(data[i+1 : i+4])
					b = append(b, byte(n))
					i += 4
					continue
				}
				b = append(b, data[i+1])
				i += 2
				continue
			}
			b = append(b, ch)
			i++
		}
		out = append(out, dnsRecord{typ: typeTXT, value: string(b)})
		if i < len(data) {
			if !strings.HasPrefix(data[i:], ", ") {
				return nil, fmt.Errorf("TXT data %q: want \", \" between strings at column %d", data, i+1)
			}
			i += len(", ")
		}
	}
	return out, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

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
	name, typ, err := parseQuery(e.Line)
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
	a, err := parseAnswer(e.Line)
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
		return fmt.Errorf("answer %q to %s without a question", e.Line, e.Actor)
	}
	msg, err := dnsMessage(q.id, q.name, q.typ, &a)
	if err != nil {
		return err
	}
	c.emit(e.Time, c.udp(endpoint{c.addr(e.Peer), 53}, endpoint{c.addr(e.Actor), q.port}, msg))
	return nil
}
