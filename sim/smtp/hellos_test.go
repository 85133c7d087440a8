package smtp_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/smtp"
)

// TestHelloRepliesAreAsNone: servers sharing one HelloReplies, filling it and then
// answering from it, converse as servers without one do, in every client/server case
// (with and without STARTTLS, AUTH, DSN, a SIZE limit): a reply made for one name
// or one set of offers is never given for another.
func TestHelloRepliesAreAsNone(t *testing.T) {
	hellos := new(smtp.HelloReplies)
	for _, tt := range conversations() {
		t.Run(tt.name, func(t *testing.T) {
			pol, scfg, ccfg := setUp(tt)
			want := converseWith(t, tt, smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)
			for _, run := range []string{"filling", "answered from"} {
				pol, scfg, ccfg = setUp(tt)
				scfg.Hellos = hellos
				got := converseWith(t, tt, smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)
				require.Equal(t, want, got, run)
			}
		})
	}
	require.NotZero(t, smtp.HelloRepliesHeld(hellos))
}
