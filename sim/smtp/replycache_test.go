package smtp_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/smtp"
)

// TestReplyCacheIsAsNone: clients sharing a ReplyCache, filling it and then reading
// from it, converse as clients without one do, in every client/server case; the
// cache holds greetings and EHLO replies, nothing with a queue id.
func TestReplyCacheIsAsNone(t *testing.T) {
	cache := new(smtp.ReplyCache)
	for _, tt := range conversations() {
		t.Run(tt.name, func(t *testing.T) {
			pol, scfg, ccfg := setUp(tt)
			want := converseWith(t, tt, smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)
			for _, run := range []string{"filling", "read from"} {
				pol, scfg, ccfg = setUp(tt)
				ccfg.Replies = cache
				got := converseWith(t, tt, smtp.NewClient(ccfg, tt.txs...), smtp.NewServer(scfg, pol, "192.0.2.7:1"), pol)
				require.Equal(t, want, got, run)
			}
		})
	}
	wires := smtp.CachedWires(cache)
	require.NotEmpty(t, wires)
	assert.Contains(t, wires, "220 mx.example.org ESMTP smtpsim\r\n")
	for _, w := range wires {
		assert.True(t, strings.HasPrefix(w, "220 ") || strings.HasPrefix(w, "250-mx.example.org greets "), "%q", w)
		assert.NotContains(t, w, "queued as")
	}
}
