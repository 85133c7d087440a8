package world_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/world"
)

// TestUnmet: a fault is reported unmet exactly when the run with it is the run without
// it, byte for byte — for each kind, where it takes effect and where nothing meets it.
func TestUnmet(t *testing.T) {
	tests := []struct {
		world, fault string
	}{
		{"first-mail", "down:mx.example.net"},
		{"first-mail", "refuse:mx.example.net"},
		{"first-mail", "refuse:mx.example.net,port=587"},
		{"first-mail", "drop:mx.example.net,when=after-dot"},
		{"first-mail", "slow:mx.example.net,delay=10s"},
		{"first-mail", "partition:mail.example.org,peer=mx.example.net"},
		{"first-mail", "partition:mail.example.org,peer=nothing.example.net"},
		{"first-mail", "nxdomain:example.net"},
		{"first-mail", "servfail:example.net"},
		{"first-mail", "no-mx:example.net"},
		{"first-mail", "dead-mx:example.net"},
		{"first-mail", "null-mx:example.net"},
		{"first-mail", "unknown-user:bob@example.net"},
		{"first-mail", "mailbox-full:bob@example.net"},
		{"first-mail", "too-large:mx.example.net"},
		{"first-mail", "too-large:mx.example.net,size=10000000"},
		{"first-mail", "greylist:mx.example.net"},
		{"first-mail", "relay-denied:mx.example.net"},
		{"first-mail", "wrong-password:alice@example.org"},
		{"first-mail", "no-auth:alice@example.org"},
		{"first-mail", "tls-required:mx.example.net"},
		{"first-mail", "shutdown:mx.example.net"},
		{"first-mail", "shutdown:mx.example.net,cmd=RCPT"},
		{"first-mail", "reply:mx.example.net,cmd=RCPT,code=451"},
		{"first-mail", "reply:mx.example.net,cmd=VRFY,code=502"},
		{"first-mail", "down:mx.example.net,from=30d"},
		{"relay-chain", "relay-denied:relay.example.org"},
		{"relay-chain", "down:mx2.example.net"},
		{"locks", "strip-starttls:mx.example.net"},
		{"spf", "spf-record:example.org,value=v=spf1 ip4:192.0.2.10 -all"},
		{"dkim", "dkim-break:mail.example.org"},
		{"dmarc", "dmarc-policy:example.org,value=reject"},
		{"who-sent-this", "spoof:mx.example.net,sender=ceo@example.org,rcpt=bob@example.net"},
	}
	met, unmetCount := 0, 0
	for _, tt := range tests {
		t.Run(tt.world+" "+tt.fault, func(t *testing.T) {
			sc := load(t, tt.world)
			f, err := fault.Parse(tt.fault)
			require.NoError(t, err)
			without := world.New(sc)
			without.Run()
			with := world.New(sc, f)
			with.Run()
			same := bytes.Equal(jsonOf(t, without.Trace()), jsonOf(t, with.Trace()))
			unmet := slices.Contains(with.Unmet(), len(sc.Faults))
			assert.Equal(t, same, unmet, "the same run without it: %t; reported unmet: %t", same, unmet)
			assert.Empty(t, without.Unmet(), "the scenario's own faults are met")
			if unmet {
				unmetCount++
			} else {
				met++
			}
		})
	}
	assert.Equal(t, [2]int{28, 5}, [2]int{met, unmetCount}, "faults met and unmet")
}
