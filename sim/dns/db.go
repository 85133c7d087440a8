package dns

import (
	"cmp"
	"slices"
	"strings"
)

// Rcode is the response code of an answer (RFC 1035 §4.1.1). The zero value reads as
// NOERROR, so that a stub resolver in a test can return Answer{} for "nothing here".
type Rcode string

// The response codes the simulation uses.
const (
	NoError  Rcode = "NOERROR"  // the name exists; Records may still be empty ("NODATA", RFC 2308 §2.2)
	NXDomain Rcode = "NXDOMAIN" // the name does not exist (RFC 1035 §4.1.1, RFC 8020)
	ServFail Rcode = "SERVFAIL" // the resolver could not get an answer; a client tries later (RFC 5321 §5.1)
)

// Answer is what a lookup returns: the question, the response code and the records of
// the asked type at that name.
type Answer struct {
	Name    string   `json:"name"`
	Type    Type     `json:"type"`
	Rcode   Rcode    `json:"rcode,omitempty"`
	Records []Record `json:"records,omitempty"`
}

// String returns the answer on one line for a trace:
// "example.net MX: 10 mx1.example.net, 20 mx2.example.net", "nope.example MX: NXDOMAIN",
// "example.org MX: no records (NOERROR)".
func (a Answer) String() string { return string(a.AppendText(nil)) }

// AppendText appends the answer as String writes it to b: a caller that already holds
// an equal line can look it up by the octets without making a string.
func (a Answer) AppendText(b []byte) []byte {
	b = append(append(append(append(b, display(a.Name)...), ' '), a.Type...), ": "...)
	if rc := a.rcode(); rc != NoError {
		return append(b, rc...)
	}
	if len(a.Records) == 0 {
		return append(b, "no records (NOERROR)"...)
	}
	for i, r := range a.Records {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = r.appendData(b, false)
	}
	return b
}

// rcode returns the response code with the zero value read as NOERROR.
func (a Answer) rcode() Rcode {
	if a.Rcode == "" {
		return NoError
	}
	return a.Rcode
}

// Resolver answers lookups. *DB answers from the simulated zones; fault layers wrap a
// Resolver to answer SERVFAIL or NXDOMAIN, and the simulation wraps one to put every
// query and answer in the trace.
type Resolver interface {
	Lookup(name string, t Type) Answer
}

// ResolverFunc makes a function a Resolver.
type ResolverFunc func(name string, t Type) Answer

// Lookup calls f.
func (f ResolverFunc) Lookup(name string, t Type) Answer { return f(name, t) }

// DB holds every record of the simulated internet, as if one authoritative server
// answered for all zones. Names are case-insensitive and the trailing dot is optional.
// The zero value is an empty DB. A DB is not safe for concurrent use: the simulation
// runs in one goroutine.
type DB struct {
	// records maps a canonical owner name to its records, kept in Records order.
	records map[string][]Record
	// subtree counts the records at or below each name that has any, so that an
	// "empty non-terminal" — a name with no records but with records under it, such as
	// "_domainkey.example.net" — answers NOERROR, not NXDOMAIN (RFC 8020 §2,
	// RFC 4592 §2.2.2).
	subtree map[string]int
}

// NewDB returns a DB holding records.
func NewDB(records ...Record) *DB {
	db := &DB{}
	for _, r := range records {
		db.Add(r)
	}
	return db
}

// Add puts r in the DB, with its names in canonical form. Adding a record that is
// already there does nothing: a record set holds no duplicates (RFC 2181 §5).
func (db *DB) Add(r Record) {
	r = canonicalRecord(r)
	if db.records == nil {
		db.records = map[string][]Record{}
		db.subtree = map[string]int{}
	}
	set := db.records[r.Name]
	i, found := slices.BinarySearchFunc(set, r, compareRecords)
	if found {
		return
	}
	db.records[r.Name] = slices.Insert(slices.Clip(set), i, r) // a new array: Lookup hands out the old one
	db.count(r.Name, +1)
}

// Remove deletes the records of type t at name whose value is value (host names
// compare case-insensitively, any preference) and returns how many it deleted.
func (db *DB) Remove(name string, t Type, value string) int {
	key := canonicalRecord(Record{Name: name, Type: t, Value: value})
	return db.remove(key.Name, func(r Record) bool { return r.Type == t && r.Value == key.Value })
}

// RemoveType deletes every record of type t at name, as a lesson does to take a
// domain's MX away, and returns how many it deleted.
func (db *DB) RemoveType(name string, t Type) int {
	return db.remove(canonical(name), func(r Record) bool { return r.Type == t })
}

func (db *DB) remove(name string, match func(Record) bool) int {
	set := db.records[name]
	kept := slices.DeleteFunc(slices.Clone(set), match)
	n := len(set) - len(kept)
	if n == 0 {
		return 0
	}
	if len(kept) == 0 {
		delete(db.records, name)
	} else {
		db.records[name] = kept
	}
	db.count(name, -n)
	return n
}

// count adds n to the subtree count of name and of every name above it, up to the root.
func (db *DB) count(name string, n int) {
	for {
		if db.subtree[name] += n; db.subtree[name] == 0 {
			delete(db.subtree, name)
		}
		if name == "" {
			return
		}
		_, parent, _ := strings.Cut(name, ".")
		name = parent
	}
}

// Records returns every record, sorted as DNSSEC orders names (RFC 4034 §6.1: by
// labels from the right, so that a zone's names stay together), then by type,
// preference and value.
func (db *DB) Records() []Record {
	var all []Record
	for _, set := range db.records {
		all = append(all, set...)
	}
	slices.SortFunc(all, compareRecords)
	return all
}

// Lookup answers a query as an authoritative server would: NXDOMAIN when nothing
// exists at or below name; NOERROR with no records when the name exists but holds no
// record of type t (RFC 2308 §2.2); otherwise NOERROR with the records, in Records
// order. The records are the DB's own, shared by every answer: read them, do not
// change them. A DB never writes into a set of records it has handed out (Add and
// Remove make new ones), so an answer stays what it was when the zone changes.
func (db *DB) Lookup(name string, t Type) Answer {
	name = canonical(name)
	a := Answer{Name: name, Type: t, Rcode: NoError}
	if db.subtree[name] == 0 {
		a.Rcode = NXDomain
		return a
	}
	// A set is sorted by type, so the records of type t stand together; every
	// delivery asks for them, and a slice of the set spares a copy each time.
	set := db.records[name]
	i := slices.IndexFunc(set, func(r Record) bool { return r.Type == t })
	if i < 0 {
		return a
	}
	j := i + 1
	for j < len(set) && set[j].Type == t {
		j++
	}
	a.Records = set[i:j:j]
	return a
}

// Clone returns a DB with the same records that changes independently, so that a
// scenario can be re-run with different zones from the same start.
func (db *DB) Clone() *DB {
	c := &DB{records: make(map[string][]Record, len(db.records)), subtree: make(map[string]int, len(db.subtree))}
	for name, set := range db.records {
		c.records[name] = slices.Clone(set)
	}
	for name, n := range db.subtree {
		c.subtree[name] = n
	}
	return c
}

// compareRecords orders canonical records by name (RFC 4034 §6.1), type, preference
// and value. The plain name comparison last makes the order total even for malformed
// names ("x" and ".x" have the same labels), so that Records never depends on map order.
func compareRecords(a, b Record) int {
	return cmp.Or(
		compareNames(a.Name, b.Name),
		cmp.Compare(a.Type, b.Type),
		cmp.Compare(a.Pref, b.Pref),
		cmp.Compare(a.Value, b.Value),
		strings.Compare(a.Name, b.Name),
	)
}

// compareNames compares canonical names label by label from the right; a name sorts
// before the names below it (RFC 4034 §6.1).
func compareNames(a, b string) int {
	for {
		if a == b {
			return 0
		}
		if a == "" {
			return -1
		}
		if b == "" {
			return 1
		}
		ra, la := lastLabel(a)
		rb, lb := lastLabel(b)
		if c := strings.Compare(la, lb); c != 0 {
			return c
		}
		a, b = ra, rb
	}
}

// lastLabel splits "mx1.example.net" into "mx1.example" and "net".
func lastLabel(name string) (rest, label string) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}
