// Package dns is the simulated Domain Name System: the records of every domain in a
// scenario, the lookups an MTA makes, and the choice of the next hop for a recipient
// domain (RFC 5321 §5.1, RFC 7505). It has no sockets and no clock; fault layers wrap
// a Resolver to make answers fail.
package dns

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Type is a DNS record type. The simulator knows only the three that mail needs.
type Type string

// The record types the simulated DNS holds.
const (
	TypeA   Type = "A"   // an IPv4 address of a host (RFC 1035 §3.4.1)
	TypeMX  Type = "MX"  // a mail exchanger of a domain (RFC 1035 §3.3.9, RFC 5321 §5.1)
	TypeTXT Type = "TXT" // text: SPF, DKIM keys, DMARC policies (RFC 1035 §3.3.14)
)

// Record is one resource record. Name is the owner; names compare without regard to
// ASCII case and with or without a trailing dot (RFC 4343, RFC 1034 §3.1).
type Record struct {
	Name string `json:"name"`
	Type Type   `json:"type"`
	// Pref is the MX preference: lower values are tried first (RFC 5321 §5.1). It is
	// zero for other types. JSON always carries it: a null MX has preference 0.
	Pref uint16 `json:"pref"`
	// Value is the data: for A a dotted IPv4 address, for MX the exchange host ("."
	// for a null MX, RFC 7505 §3), for TXT the text, with several character-strings
	// already joined as SPF and DKIM read them (RFC 7208 §3.3, RFC 6376 §3.6.2.2).
	Value string `json:"value"`
}

// String returns the record in master-file style (RFC 1035 §5.1), names fully
// qualified: "example.net. MX 10 mx1.example.net.", "mx1.example.net. A 192.0.2.10",
// `example.net. TXT "v=spf1 -all"`. ParseRecord reads it back.
func (r Record) String() string {
	return fqdn(r.Name) + " " + string(r.Type) + " " + r.data(true)
}

// data returns the record's data as a zone file writes it, or, when qualified is
// false, as a trace shows it (host names without the final dot).
func (r Record) data(qualified bool) string { return string(r.appendData(nil, qualified)) }

// appendData appends the record's data, as data writes it, to b.
func (r Record) appendData(b []byte, qualified bool) []byte {
	switch r.Type {
	case TypeMX:
		host := display(r.Value) // fqdn without its final dot, made without a copy
		if qualified {
			host = fqdn(r.Value)
		}
		return append(append(strconv.AppendInt(b, int64(r.Pref), 10), ' '), host...)
	case TypeTXT:
		return append(b, quoteTXT(r.Value)...)
	default:
		return append(b, r.Value...)
	}
}

// Error is a record a zone could not hold, or the part of one that is wrong. Format
// and Args are its English text, for a page that says it in another language; an
// argument may be an *Error itself.
type Error struct {
	Format string
	Args   []any
	record bool // the whole record's problem, which Error starts with "dns: "
}

func (e *Error) Error() string {
	msg := fmt.Sprintf(e.Format, e.Args...)
	if e.record {
		return "dns: " + msg
	}
	return msg
}

// zoneError is the problem of a whole record.
func zoneError(format string, args ...any) error {
	return &Error{Format: format, Args: args, record: true}
}

// nameError is the problem of a part of a record: a name, an address.
func nameError(format string, args ...any) error { return &Error{Format: format, Args: args} }

// Validate reports the first thing that a real zone could not hold: an unknown type, a
// malformed name, an A value that is not an IPv4 address, a preference on a record
// that is not MX. The DB accepts any record; lesson checks call Validate.
func (r Record) Validate() error {
	if err := checkName(r.Name); err != nil {
		return zoneError("owner name %q: %v", r.Name, err)
	}
	if r.Type != TypeMX && r.Pref != 0 {
		return zoneError("%s record %s has a preference; only MX records have one", r.Type, fqdn(r.Name))
	}
	switch r.Type {
	case TypeA:
		if _, err := parseIPv4(r.Value); err != nil {
			return zoneError("A record %s: %v", fqdn(r.Name), err)
		}
	case TypeMX:
		if canonical(r.Value) == "" {
			return nil // null MX (RFC 7505 §3)
		}
		if err := checkName(r.Value); err != nil {
			return zoneError("MX record %s: exchange %q: %v", fqdn(r.Name), r.Value, err)
		}
	case TypeTXT:
		// Any octets: TXT data is opaque to DNS (RFC 1035 §3.3.14).
	default:
		return zoneError("record %s: unknown type %q (want A, MX or TXT)", fqdn(r.Name), r.Type)
	}
	return nil
}

// canonical is the form names are stored and compared in: ASCII lower case, since DNS
// matching ignores ASCII case only (RFC 4343 §3), and without the final dot, so that
// "Example.NET." and "example.net" are one name. The root is "". All final dots go, not
// one, so that canonical(canonical(x)) == canonical(x) even for a malformed "a..".
func canonical(name string) string {
	name = strings.TrimRight(name, ".")
	for i := 0; i < len(name); i++ {
		if c := name[i]; 'A' <= c && c <= 'Z' {
			b := []byte(name)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return name
}

// canonicalRecord stores names in canonical form; an MX exchange that names the root
// becomes "." so that a null MX reads as RFC 7505 writes it.
func canonicalRecord(r Record) Record {
	r.Name = canonical(r.Name)
	if r.Type == TypeMX {
		r.Value = canonical(r.Value)
		if r.Value == "" {
			r.Value = "."
		}
	}
	return r
}

// fqdn writes a name with exactly one final dot; the root is ".".
func fqdn(name string) string {
	return strings.TrimRight(name, ".") + "."
}

// display writes a name as a trace shows it: without the final dot, the root as ".".
func display(name string) string {
	if name = strings.TrimRight(name, "."); name == "" {
		return "."
	}
	return name
}

// checkName accepts a domain name in text form: labels of 1 to 63 letters, digits,
// hyphens and underscores, 253 octets in all (RFC 1035 §2.3.4, RFC 1123 §2.1). The
// underscore is there for the owner names of DKIM keys and DMARC policies
// ("sel._domainkey.example.net", RFC 6376 §3.6.2.1; "_dmarc.example.net", RFC 7489 §6.1).
func checkName(name string) error {
	name = strings.TrimSuffix(name, ".")
	if name == "" {
		return nil // the root
	}
	if len(name) > 253 {
		return nameError("longer than 253 octets")
	}
	for label := range strings.SplitSeq(name, ".") {
		if label == "" {
			return nameError("empty label")
		}
		if len(label) > 63 {
			return nameError("label %q longer than 63 octets", label)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return nameError("character %q not allowed (letters, digits, '-', '_')", c)
			}
		}
	}
	return nil
}

// parseIPv4 accepts a dotted-quad IPv4 address, the only data an A record holds
// (RFC 1035 §3.4.1).
func parseIPv4(s string) (netip.Addr, error) {
	ip, err := netip.ParseAddr(s)
	if err != nil || !ip.Is4() {
		return netip.Addr{}, nameError("%q is not an IPv4 address", s)
	}
	return ip, nil
}
