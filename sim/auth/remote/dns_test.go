package remote_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/auth/remote"
	"smtpsim/sim/dns"
)

// TestResolverCrossesAnswersUnchanged: an answer carried from the asking side
// (Answer) to the answering side (Resolver) is the same answer, the zero rcode (which
// reads as NOERROR) included; a question that gets no readable answer is a SERVFAIL.
func TestResolverCrossesAnswersUnchanged(t *testing.T) {
	txt := dns.Record{Name: "example.org", Type: dns.TypeTXT, Value: "v=spf1 -all"}
	for _, tc := range []struct {
		name string
		in   dns.Answer
	}{
		{"records", dns.Answer{Name: "example.org", Type: dns.TypeTXT, Rcode: dns.NoError, Records: []dns.Record{txt}}},
		{"no rcode", dns.Answer{Name: "example.org", Type: dns.TypeTXT}},
		{"nxdomain", dns.Answer{Name: "nowhere.example", Type: dns.TypeTXT, Rcode: dns.NXDomain}},
		{"servfail", dns.Answer{Name: "example.org", Type: dns.TypeMX, Rcode: dns.ServFail}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asking := dns.ResolverFunc(func(string, dns.Type) dns.Answer { return tc.in })
			r := remote.Resolver(func(name, typ string) (string, error) {
				return remote.Answer(asking, name, typ), nil
			})
			assert.Equal(t, tc.in, r.Lookup(tc.in.Name, tc.in.Type))
		})
	}
	for name, lookup := range map[string]func(string, string) (string, error){
		"error":      func(string, string) (string, error) { return "", errors.New("gone") },
		"unreadable": func(string, string) (string, error) { return `{"rcode":`, nil },
	} {
		got := remote.Resolver(lookup).Lookup("example.org", dns.TypeTXT)
		assert.Equal(t, dns.Answer{Name: "example.org", Type: dns.TypeTXT, Rcode: dns.ServFail}, got, name)
	}
}

// TestRefusalIsAnError: a refusal, whatever its words, reaches the asking side as the
// error it names.
func TestRefusalIsAnError(t *testing.T) {
	for _, why := range []string{"runtime error: index out of range", "quote \" and \x01 control", "ü"} {
		c := remote.Client{Call: func([]byte, []byte, dns.Resolver) ([]byte, error) { return remote.Refusal(why), nil }}
		_, err := c.SPF(dns.NewDB(), "192.0.2.1", "c.example", "a@example.org")
		assert.EqualError(t, err, why)
	}
}
