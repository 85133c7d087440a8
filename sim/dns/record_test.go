package dns_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/dns"
)

func TestRecordString(t *testing.T) {
	tests := []struct {
		r    dns.Record
		want string
	}{
		{mx("example.net", 10, "mx1.example.net"), "example.net. MX 10 mx1.example.net."},
		{mx("example.net.", 10, "mx1.example.net."), "example.net. MX 10 mx1.example.net."},
		{mx("example.net", 0, "."), "example.net. MX 0 ."},
		{a("mx1.example.net", "192.0.2.10"), "mx1.example.net. A 192.0.2.10"},
		{txt("example.net", "v=spf1 -all"), `example.net. TXT "v=spf1 -all"`},
		{txt("example.net", "a \"quote\" and \\ and \x00\xff"), `example.net. TXT "a \"quote\" and \\ and \000\255"`},
		{txt("example.net", ""), `example.net. TXT ""`},
		{a("", "192.0.2.1"), ". A 192.0.2.1"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.r.String())
		})
	}
}

func TestParseRecord(t *testing.T) {
	tests := []struct {
		line string
		want dns.Record
	}{
		{"example.net. MX 10 mx1.example.net.", mx("example.net", 10, "mx1.example.net")},
		{"Example.NET mx 10 MX1.Example.Net", mx("example.net", 10, "mx1.example.net")},
		{"example.net. 3600 IN MX 20 mx2.example.net.", mx("example.net", 20, "mx2.example.net")},
		{"example.net. IN 3600 MX 65535 mx2.example.net.", mx("example.net", 65535, "mx2.example.net")},
		{"nomail.example. MX 0 .", mx("nomail.example", 0, ".")},
		{"mx1.example.net.\tA\t192.0.2.10 ; primary", a("mx1.example.net", "192.0.2.10")},
		{`example.net. TXT "v=spf1 -all"`, txt("example.net", "v=spf1 -all")},
		{`sel._domainkey.example.net. TXT "v=DKIM1; k=rsa; " "p=MIGf"`, txt("sel._domainkey.example.net", "v=DKIM1; k=rsa; p=MIGf")},
		{`example.net. TXT "say \"hi\" \\ \000\255"`, txt("example.net", "say \"hi\" \\ \x00\xff")},
		{`example.net. TXT ""`, txt("example.net", "")},
		{". A 192.0.2.1", a("", "192.0.2.1")},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, err := dns.ParseRecord(tt.line)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := dns.ParseRecord(got.String())
			require.NoError(t, err)
			assert.Equal(t, got, again, "String must read back")
		})
	}
}

func TestParseRecordErrors(t *testing.T) {
	tests := []struct {
		line string
		col  int
		msg  string
	}{
		{"", 1, "empty record"},
		{"; only a comment", 1, "empty record"},
		{"example.net.", 13, "missing record type"},
		{"example.net. 3600 IN", 21, "missing record type"},
		{"@ MX 10 mx.example.net.", 1, `"@" is not supported`},
		{`"example.net" A 192.0.2.1`, 1, "must not be quoted"},
		{"exa mple.net A 192.0.2.1", 5, "unknown record type"},
		{"example..net A 192.0.2.1", 1, "empty label"},
		{"exa!mple.net A 192.0.2.1", 1, "not allowed"},
		{"example.net AAAA 2001:db8::1", 13, "unknown record type"},
		{"example.net A", 14, "A wants one IPv4 address"},
		{"example.net A 192.0.2.1 192.0.2.2", 15, "A wants one IPv4 address"},
		{"example.net A 2001:db8::1", 15, "not an IPv4 address"},
		{"example.net A 192.0.2.010", 15, "not an IPv4 address"},
		{"example.net MX mx.example.net.", 16, "MX wants a preference and a host"},
		{"example.net MX 65536 mx.example.net.", 16, "not a number from 0 to 65535"},
		{"example.net MX -1 mx.example.net.", 16, "not a number"},
		{"example.net MX 10 mx..example.net.", 19, "empty label"},
		{"example.net TXT v=spf1", 17, "must be quoted"},
		{"example.net TXT", 16, "TXT wants quoted text"},
		{`example.net TXT "open`, 17, "not closed"},
		{`example.net TXT "\1x"`, 18, "three digits"},
		{`example.net TXT "\256"`, 18, "more than 255"},
		{`example.net TXT "\`, 18, "backslash at the end"},
		{"example.net MX ( 10 mx.example.net. )", 16, "parentheses"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			_, err := dns.ParseRecord(tt.line)
			var syn *dns.SyntaxError
			require.True(t, errors.As(err, &syn), "want a *SyntaxError, got %v", err)
			assert.Equal(t, tt.col, syn.Col, err.Error())
			assert.Contains(t, syn.Msg, tt.msg)
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		r   dns.Record
		err string // "" for a valid record
	}{
		{mx("example.net", 10, "mx1.example.net"), ""},
		{mx("example.net", 0, "."), ""},
		{mx("example.net", 0, ""), ""},
		{a("mx1.example.net.", "192.0.2.10"), ""},
		{txt("_dmarc.example.net", "v=DMARC1; p=none"), ""},
		{txt("example.net", "\x00 any octets"), ""},
		{a("mx1.example.net", "192.0.2.256"), "not an IPv4 address"},
		{a("mx1.example.net", "2001:db8::1"), "not an IPv4 address"},
		{dns.Record{Name: "mx1.example.net", Type: dns.TypeA, Pref: 10, Value: "192.0.2.1"}, "only MX records have one"},
		{mx("example.net", 10, "mx 1.example.net"), "not allowed"},
		{mx("exa mple.net", 10, "mx1.example.net"), "not allowed"},
		{dns.Record{Name: "example.net", Type: "CNAME", Value: "other.net"}, "unknown type"},
		{a("a."+longLabel(64)+".net", "192.0.2.1"), "longer than 63"},
		{a(longLabel(63)+"."+longLabel(63)+"."+longLabel(63)+"."+longLabel(63), "192.0.2.1"), "longer than 253"},
	}
	for _, tt := range tests {
		t.Run(tt.r.String(), func(t *testing.T) {
			err := tt.r.Validate()
			if tt.err == "" {
				assert.NoError(t, err)
			} else if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tt.err)
			}
		})
	}
}

func longLabel(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'x'
	}
	return string(b)
}
