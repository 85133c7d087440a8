package smtp_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/smtp"
)

// TestHelloRepliesAreAsNone: servers sharing one HelloReplies, filling it and then
// answering from it, converse as servers without one do, in every client/server case
// (with and without STARTTLS, AUTH, a SIZE limit), each also with a server that offers
// no DSN, under another server name, and with a client of another name: a reply made
// for one name or one set of offers is never given for another.
func TestHelloRepliesAreAsNone(t *testing.T) {
	hellos := new(smtp.HelloReplies)
	variants := []struct {
		name   string
		change func(scfg *smtp.Config, ccfg *smtp.ClientConfig)
	}{
		{"as set", func(*smtp.Config, *smtp.ClientConfig) {}},
		{"no DSN", func(scfg *smtp.Config, _ *smtp.ClientConfig) { scfg.NoDSN = true }},
		{"another server", func(scfg *smtp.Config, _ *smtp.ClientConfig) { scfg.Hostname = "mx2.example.org" }},
		{"another client", func(_ *smtp.Config, ccfg *smtp.ClientConfig) { ccfg.Hostname = "other.example.net" }},
	}
	for _, tt := range conversations() {
		for _, v := range variants {
			t.Run(tt.name+"/"+v.name, func(t *testing.T) {
				pol, scfg, ccfg := setUp(tt)
				v.change(&scfg, &ccfg)
				want := converseWith(t, tt, smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)
				for _, run := range []string{"filling", "answered from"} {
					pol, scfg, ccfg = setUp(tt)
					v.change(&scfg, &ccfg)
					scfg.Hellos = hellos
					got := converseWith(t, tt, smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)
					require.Equal(t, want, got, run)
				}
			})
		}
	}
	require.NotZero(t, smtp.HelloRepliesHeld(hellos))
}
