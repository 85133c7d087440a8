package spfdkim_test

import (
	"net/mail"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/auth"
	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/dns"
)

// TestReceivedSPF: the field states the result of a real check, with the comment in
// the words of RFC 7208 §9.1's examples and the key-value pairs, and parses as a
// header field whose first word is the result.
func TestReceivedSPF(t *testing.T) {
	db := dns.NewDB(
		txt("example.org", "v=spf1 ip4:192.0.2.10 -all"),
		txt("soft.example.org", "v=spf1 ip4:192.0.2.10 ~all"),
		txt("open.example.org", "v=spf1 ?all"),
	)
	for _, tc := range []struct {
		ip, sender, comment string
		result              auth.Result
	}{
		{"192.0.2.10", "alice@example.org", "domain of alice@example.org designates 192.0.2.10 as permitted sender", auth.Pass},
		{"203.0.113.66", "alice@example.org", "domain of alice@example.org does not designate 203.0.113.66 as permitted sender", auth.Fail},
		{"203.0.113.66", "bob@soft.example.org", "domain of transitioning bob@soft.example.org does not designate 203.0.113.66 as permitted sender", auth.SoftFail},
		{"203.0.113.66", "carol@open.example.org", "203.0.113.66 is neither permitted nor denied by domain of carol@open.example.org", auth.Neutral},
		{"203.0.113.66", "dave@none.example.org", "domain of dave@none.example.org does not designate permitted sender hosts", auth.None},
	} {
		t.Run(string(tc.result), func(t *testing.T) {
			c := spfdkim.SPF(db, tc.ip, "bot.attacker.example", tc.sender)
			require.Equal(t, tc.result, c.Result)
			field := auth.ReceivedSPFField("mx.example.com", c, tc.ip, tc.sender, "bot.attacker.example")
			msg, err := mail.ReadMessage(strings.NewReader(field + "\r\nbody\r\n"))
			require.NoError(t, err)
			value := msg.Header.Get("Received-SPF")
			assert.True(t, strings.HasPrefix(value, string(tc.result)+" (mx.example.com: "+tc.comment+")"), value)
			for _, kv := range []string{"client-ip=" + tc.ip + ";", `envelope-from="` + tc.sender + `";`, "helo=bot.attacker.example;", "receiver=mx.example.com;", "identity=mailfrom;"} {
				assert.Contains(t, value, kv)
			}
			for line := range strings.SplitSeq(field, "\r\n") {
				assert.LessOrEqual(t, len(line), 998, "RFC 5322 §2.1.1")
			}
		})
	}
}
