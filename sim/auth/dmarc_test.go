package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
)

func TestDMARC(t *testing.T) {
	spf := func(r auth.Result, d string) auth.Check {
		return auth.Check{Method: auth.MethodSPF, Result: r, Domain: d, Identity: "mailfrom"}
	}
	dkim := func(r auth.Result, d string) auth.Check {
		return auth.Check{Method: auth.MethodDKIM, Result: r, Domain: d}
	}
	db := dns.NewDB(
		txt("_dmarc.example.org", "v=DMARC1; p=reject"),
		txt("_dmarc.news.example.org", "v=DMARC1; p=none"),
		txt("_dmarc.strict.example", "v=DMARC1; p=quarantine; adkim=s; aspf=s"),
		txt("_dmarc.bad.example", "v=DMARC1; p=sometimes"),
		txt("_dmarc.other.example", "not a dmarc record"),
	)
	for _, tc := range []struct {
		name, from, policy string
		checks             []auth.Check
		result             auth.Result
		applied, reason    string
	}{
		{"dkim aligned", "example.org", "", []auth.Check{spf(auth.Fail, "example.org"), dkim(auth.Pass, "example.org")},
			auth.Pass, "reject", "aligned DKIM pass for example.org"},
		{"spf aligned only", "example.org", "", []auth.Check{spf(auth.Pass, "example.org"), dkim(auth.None, "")},
			auth.Pass, "reject", "aligned SPF pass for example.org"},
		{"relaxed subdomain", "example.org", "", []auth.Check{dkim(auth.Pass, "news.example.org")},
			auth.Pass, "reject", "aligned DKIM pass for news.example.org"},
		{"relaxed parent domain", "news.example.org", "", []auth.Check{dkim(auth.Pass, "example.org")},
			auth.Pass, "none", "aligned DKIM pass for example.org"},
		{"a sibling does not align", "news.example.org", "", []auth.Check{dkim(auth.Pass, "shop.example.org")},
			auth.Fail, "none", "no aligned SPF or DKIM pass"},
		{"a name ending alike does not align", "example.org", "", []auth.Check{dkim(auth.Pass, "badexample.org")},
			auth.Fail, "reject", "no aligned SPF or DKIM pass"},
		{"strict subdomain fails", "strict.example", "", []auth.Check{dkim(auth.Pass, "mail.strict.example"), spf(auth.Pass, "bounce.strict.example")},
			auth.Fail, "quarantine", "no aligned SPF or DKIM pass"},
		{"strict same domain", "strict.example", "", []auth.Check{spf(auth.Pass, "strict.example")},
			auth.Pass, "quarantine", "aligned SPF pass for strict.example"},
		{"pass for another domain", "example.org", "", []auth.Check{spf(auth.Pass, "example.com"), dkim(auth.Pass, "example.com")},
			auth.Fail, "reject", "no aligned SPF or DKIM pass"},
		{"helo identity does not count", "example.org", "", []auth.Check{{Method: auth.MethodSPF, Result: auth.Pass, Domain: "example.org", Identity: "helo"}},
			auth.Fail, "reject", "no aligned SPF or DKIM pass"},
		{"fault replaces p=", "example.org", "none", []auth.Check{spf(auth.Fail, "example.org")},
			auth.Fail, "none", "no aligned SPF or DKIM pass"},
		{"no record", "example.net", "", nil, auth.None, "", "no DMARC record"},
		{"fault gives a record", "example.net", "quarantine", []auth.Check{spf(auth.Pass, "example.net")},
			auth.Pass, "quarantine", "aligned SPF pass for example.net"},
		{"other TXT only", "other.example", "", nil, auth.None, "", "no DMARC record"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := auth.DMARC(db, tc.from, tc.checks, tc.policy)
			assert.Equal(t, auth.MethodDMARC, got.Method)
			assert.Equal(t, tc.from, got.Domain)
			assert.Equal(t, tc.result, got.Result)
			assert.Equal(t, tc.applied, got.Policy)
			assert.Equal(t, tc.reason, got.Reason)
		})
	}
	bad := auth.DMARC(db, "bad.example", nil, "")
	assert.Equal(t, auth.PermError, bad.Result, "a record that does not parse")
	servfail := dns.ResolverFunc(func(name string, t dns.Type) dns.Answer { return dns.Answer{Name: name, Rcode: dns.ServFail} })
	assert.Equal(t, auth.TempError, auth.DMARC(servfail, "example.org", nil, "").Result)
}

func TestResultsFieldDMARC(t *testing.T) {
	got := auth.ResultsField("mx.example.net", []auth.Check{
		{Method: auth.MethodSPF, Result: auth.Pass, Domain: "example.org", Identity: "mailfrom"},
		{Method: auth.MethodDMARC, Result: auth.Fail, Domain: "example.org", Policy: "reject", Reason: "no aligned SPF or DKIM pass"},
	})
	assert.Equal(t, "Authentication-Results: mx.example.net;\r\n\tspf=pass smtp.mailfrom=example.org;\r\n\tdmarc=fail reason=\"no aligned SPF or DKIM pass\" header.from=example.org\r\n", got)
}

func txt(name, value string) dns.Record {
	return dns.Record{Name: name, Type: dns.TypeTXT, Value: value}
}
