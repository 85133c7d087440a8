package dns_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/dns"
)

func mx(name string, pref uint16, host string) dns.Record {
	return dns.Record{Name: name, Type: dns.TypeMX, Pref: pref, Value: host}
}

func a(name, ip string) dns.Record { return dns.Record{Name: name, Type: dns.TypeA, Value: ip} }

func txt(name, text string) dns.Record { return dns.Record{Name: name, Type: dns.TypeTXT, Value: text} }

func TestLookup(t *testing.T) {
	db := dns.NewDB(
		mx("example.net", 20, "mx2.example.net"),
		mx("Example.NET.", 10, "MX1.example.net."),
		a("mx1.example.net", "192.0.2.10"),
		a("mx1.example.net", "192.0.2.11"),
		txt("example.net", "v=spf1 mx -all"),
		txt("sel._domainkey.example.net", "v=DKIM1; p=AAAA"),
	)
	tests := []struct {
		name   string
		qname  string
		qtype  dns.Type
		rcode  dns.Rcode
		values []string
	}{
		{"MX records sorted by preference", "example.net", dns.TypeMX, dns.NoError, []string{"mx1.example.net", "mx2.example.net"}},
		{"upper case and trailing dot", "EXAMPLE.Net.", dns.TypeMX, dns.NoError, []string{"mx1.example.net", "mx2.example.net"}},
		{"two A records", "mx1.example.net.", dns.TypeA, dns.NoError, []string{"192.0.2.10", "192.0.2.11"}},
		{"TXT", "example.net", dns.TypeTXT, dns.NoError, []string{"v=spf1 mx -all"}},
		{"name exists, no record of the type", "example.net", dns.TypeA, dns.NoError, nil},
		{"exchange named but holding no records", "mx2.example.net", dns.TypeA, dns.NXDomain, nil},
		{"no such name", "nope.example", dns.TypeMX, dns.NXDomain, nil},
		{"no such name under an existing one", "www.example.net", dns.TypeA, dns.NXDomain, nil},
		{"empty non-terminal", "_domainkey.example.net", dns.TypeTXT, dns.NoError, nil},
		{"empty non-terminal, any case", "_DomainKey.Example.net.", dns.TypeMX, dns.NoError, nil},
		{"parent of everything", "net", dns.TypeMX, dns.NoError, nil},
		{"root", ".", dns.TypeA, dns.NoError, nil},
		{"unknown type at an existing name", "example.net", dns.Type("AAAA"), dns.NoError, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := db.Lookup(tt.qname, tt.qtype)
			assert.Equal(t, tt.rcode, ans.Rcode)
			assert.Equal(t, tt.qtype, ans.Type)
			var values []string
			for _, r := range ans.Records {
				assert.Equal(t, tt.qtype, r.Type)
				values = append(values, r.Value)
			}
			assert.Equal(t, tt.values, values)
		})
	}
}

func TestLookupAnswerName(t *testing.T) {
	ans := dns.NewDB(a("host.example", "192.0.2.1")).Lookup("HOST.Example.", dns.TypeA)
	assert.Equal(t, "host.example", ans.Name)
	assert.Equal(t, "host.example", ans.Records[0].Name)
}

func TestZeroDB(t *testing.T) {
	var db dns.DB
	assert.Equal(t, dns.NXDomain, db.Lookup("example.net", dns.TypeMX).Rcode)
	assert.Equal(t, 0, db.Remove("example.net", dns.TypeMX, "mx.example.net"))
	assert.Empty(t, db.Records())
	assert.Empty(t, db.Clone().Records())
	db.Add(a("example.net", "192.0.2.1"))
	assert.Len(t, db.Lookup("example.net", dns.TypeA).Records, 1)
}

func TestAddIgnoresDuplicates(t *testing.T) {
	db := dns.NewDB(mx("example.net", 10, "mx.example.net"))
	db.Add(mx("EXAMPLE.net.", 10, "MX.Example.Net."))
	db.Add(mx("example.net", 20, "mx.example.net")) // other data: another record
	assert.Equal(t, []dns.Record{mx("example.net", 10, "mx.example.net"), mx("example.net", 20, "mx.example.net")}, db.Records())
}

func TestRemove(t *testing.T) {
	tests := []struct {
		name   string
		qname  string
		qtype  dns.Type
		value  string
		n      int
		remain []string
	}{
		{"MX at every preference, any case", "Example.NET.", dns.TypeMX, "MX1.example.net.", 2, []string{"example.net. MX 20 mx2.example.net.", `example.net. TXT "v=spf1 -all"`, "mx1.example.net. A 192.0.2.10"}},
		{"one MX", "example.net", dns.TypeMX, "mx2.example.net", 1, []string{"example.net. MX 10 mx1.example.net.", "example.net. MX 30 mx1.example.net.", `example.net. TXT "v=spf1 -all"`, "mx1.example.net. A 192.0.2.10"}},
		{"A is compared exactly", "mx1.example.net", dns.TypeA, "192.0.2.10", 1, []string{"example.net. MX 10 mx1.example.net.", "example.net. MX 20 mx2.example.net.", "example.net. MX 30 mx1.example.net.", `example.net. TXT "v=spf1 -all"`}},
		{"TXT is case-sensitive", "example.net", dns.TypeTXT, "V=SPF1 -ALL", 0, nil},
		{"wrong type", "example.net", dns.TypeA, "mx1.example.net", 0, nil},
		{"no such name", "nope.example", dns.TypeMX, "mx1.example.net", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := dns.NewDB(
				mx("example.net", 10, "mx1.example.net"),
				mx("example.net", 20, "mx2.example.net"),
				mx("example.net", 30, "mx1.example.net"),
				txt("example.net", "v=spf1 -all"),
				a("mx1.example.net", "192.0.2.10"),
			)
			before := zoneLines(db.Records())
			assert.Equal(t, tt.n, db.Remove(tt.qname, tt.qtype, tt.value))
			if tt.n == 0 {
				assert.Equal(t, before, zoneLines(db.Records()))
			} else {
				assert.Equal(t, tt.remain, zoneLines(db.Records()))
			}
		})
	}
}

func TestRemoveLastRecordMakesNXDOMAIN(t *testing.T) {
	db := dns.NewDB(txt("sel._domainkey.example.net", "v=DKIM1; p=AAAA"), a("other.net", "192.0.2.1"))
	require.Equal(t, dns.NoError, db.Lookup("_domainkey.example.net", dns.TypeTXT).Rcode)
	assert.Equal(t, 1, db.Remove("sel._domainkey.example.net", dns.TypeTXT, "v=DKIM1; p=AAAA"))
	for _, name := range []string{"sel._domainkey.example.net", "_domainkey.example.net", "example.net"} {
		assert.Equal(t, dns.NXDomain, db.Lookup(name, dns.TypeTXT).Rcode, name)
	}
	assert.Equal(t, dns.NoError, db.Lookup("net", dns.TypeTXT).Rcode, "other.net is still below net")
}

func TestRemoveType(t *testing.T) {
	db := dns.NewDB(mx("example.net", 10, "mx1.example.net"), mx("example.net", 20, "mx2.example.net"), a("example.net", "192.0.2.1"))
	assert.Equal(t, 2, db.RemoveType("EXAMPLE.NET", dns.TypeMX))
	assert.Equal(t, 0, db.RemoveType("example.net", dns.TypeMX))
	ans := db.Lookup("example.net", dns.TypeMX)
	assert.Equal(t, dns.NoError, ans.Rcode, "the A record keeps the name")
	assert.Empty(t, ans.Records)
}

func TestRecordsOrder(t *testing.T) {
	records := []dns.Record{
		txt("_dmarc.example.org", "v=DMARC1; p=reject"),
		a("mx.example.org", "192.0.2.2"),
		mx("example.org", 10, "mx.example.org"),
		a("b.example.net", "192.0.2.3"),
		mx("example.net", 20, "b.example.net"),
		mx("example.net", 10, "a.example.net"),
		a("example.net", "192.0.2.1"),
		txt("example.net", "v=spf1 -all"),
		a("a.example.net", "192.0.2.4"),
	}
	want := []string{
		"example.net. A 192.0.2.1",
		"example.net. MX 10 a.example.net.",
		"example.net. MX 20 b.example.net.",
		`example.net. TXT "v=spf1 -all"`,
		"a.example.net. A 192.0.2.4",
		"b.example.net. A 192.0.2.3",
		"example.org. MX 10 mx.example.org.",
		`_dmarc.example.org. TXT "v=DMARC1; p=reject"`,
		"mx.example.org. A 192.0.2.2",
	}
	assert.Equal(t, want, zoneLines(dns.NewDB(records...).Records()))
	reversed := make([]dns.Record, len(records))
	for i, r := range records {
		reversed[len(records)-1-i] = r
	}
	assert.Equal(t, want, zoneLines(dns.NewDB(reversed...).Records()))
}

func TestClone(t *testing.T) {
	orig := dns.NewDB(mx("example.net", 10, "mx1.example.net"), a("mx1.example.net", "192.0.2.10"))
	clone := orig.Clone()
	require.Equal(t, orig.Records(), clone.Records())

	clone.Add(mx("example.net", 20, "mx2.example.net"))
	clone.Remove("mx1.example.net", dns.TypeA, "192.0.2.10")
	assert.Equal(t, []string{"example.net. MX 10 mx1.example.net.", "mx1.example.net. A 192.0.2.10"}, zoneLines(orig.Records()))
	assert.Equal(t, dns.NoError, orig.Lookup("mx1.example.net", dns.TypeA).Rcode)
	assert.Equal(t, dns.NXDomain, clone.Lookup("mx1.example.net", dns.TypeA).Rcode)

	orig.Add(txt("example.net", "v=spf1 -all"))
	assert.Empty(t, clone.Lookup("example.net", dns.TypeTXT).Records)
	assert.Len(t, clone.Lookup("example.net", dns.TypeMX).Records, 2)
}

func TestAnswerString(t *testing.T) {
	tests := []struct {
		ans  dns.Answer
		want string
	}{
		{dns.Answer{Name: "example.net", Type: dns.TypeMX, Rcode: dns.NoError, Records: []dns.Record{mx("example.net", 10, "mx1.example.net"), mx("example.net", 20, "mx2.example.net")}},
			"example.net MX: 10 mx1.example.net, 20 mx2.example.net"},
		{dns.Answer{Name: "nope.example", Type: dns.TypeMX, Rcode: dns.NXDomain}, "nope.example MX: NXDOMAIN"},
		{dns.Answer{Name: "example.org", Type: dns.TypeMX, Rcode: dns.NoError}, "example.org MX: no records (NOERROR)"},
		{dns.Answer{Name: "example.org", Type: dns.TypeMX}, "example.org MX: no records (NOERROR)"},
		{dns.Answer{Name: "example.org.", Type: dns.TypeA, Rcode: dns.ServFail}, "example.org A: SERVFAIL"},
		{dns.Answer{Name: "null.example", Type: dns.TypeMX, Rcode: dns.NoError, Records: []dns.Record{mx("null.example", 0, ".")}}, "null.example MX: 0 ."},
		{dns.Answer{Name: "mx.example", Type: dns.TypeA, Rcode: dns.NoError, Records: []dns.Record{a("mx.example", "192.0.2.1"), a("mx.example", "192.0.2.2")}},
			"mx.example A: 192.0.2.1, 192.0.2.2"},
		{dns.Answer{Name: "example.net", Type: dns.TypeTXT, Rcode: dns.NoError, Records: []dns.Record{txt("example.net", `say "hi"`)}}, `example.net TXT: "say \"hi\""`},
		{dns.Answer{Name: "", Type: dns.TypeA, Rcode: dns.NXDomain}, ". A: NXDOMAIN"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.ans.String())
		})
	}
}

// zoneLines returns the zone-file form of records.
func zoneLines(records []dns.Record) []string {
	var s []string
	for _, r := range records {
		s = append(s, r.String())
	}
	return s
}

// An answer shares its records with the DB, yet keeps them when the zone changes
// afterwards: a record added in front of them or between, or records taken away.
func TestAnswerOutlivesZoneChanges(t *testing.T) {
	tests := []struct {
		name   string
		change func(db *dns.DB)
		now    []string // the MX hosts of example.net after the change
	}{
		{"a record added in front", func(db *dns.DB) { db.Add(mx("example.net", 5, "mx0.example.net")) },
			[]string{"mx0.example.net", "mx1.example.net", "mx2.example.net"}},
		{"a record added between", func(db *dns.DB) { db.Add(mx("example.net", 15, "mx15.example.net")) },
			[]string{"mx1.example.net", "mx15.example.net", "mx2.example.net"}},
		{"a record of another type added", func(db *dns.DB) { db.Add(a("example.net", "192.0.2.1")) },
			[]string{"mx1.example.net", "mx2.example.net"}},
		{"one removed", func(db *dns.DB) { db.Remove("example.net", dns.TypeMX, "mx1.example.net") }, []string{"mx2.example.net"}},
		{"all removed", func(db *dns.DB) { db.RemoveType("example.net", dns.TypeMX) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := dns.NewDB(mx("example.net", 10, "mx1.example.net"), mx("example.net", 20, "mx2.example.net"), txt("example.net", "v=spf1 -all"))
			before := db.Lookup("example.net", dns.TypeMX)
			tt.change(db)
			hosts := func(ans dns.Answer) (h []string) {
				for _, r := range ans.Records {
					h = append(h, r.Value)
				}
				return h
			}
			assert.Equal(t, []string{"mx1.example.net", "mx2.example.net"}, hosts(before), "the answer given before")
			assert.Equal(t, tt.now, hosts(db.Lookup("example.net", dns.TypeMX)))
			assert.Len(t, db.Lookup("example.net", dns.TypeTXT).Records, 1)
		})
	}
}
