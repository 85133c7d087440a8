package fault_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
)

func TestParseRoundTrip(t *testing.T) {
	tests := []struct {
		spec string
		want fault.Fault
	}{
		{"down:mx.example.net", fault.Fault{Kind: fault.Down, Target: "mx.example.net"}},
		{"down:mx.example.net,until=30m", fault.Fault{Kind: fault.Down, Target: "mx.example.net", Until: 30 * time.Minute}},
		{"refuse:mx.example.net,port=25,from=1h", fault.Fault{Kind: fault.Refuse, Target: "mx.example.net", Port: 25, From: time.Hour}},
		{"drop:mx.example.net", fault.Fault{Kind: fault.Drop, Target: "mx.example.net", When: "before-dot"}},
		{"drop:mx.example.net,when=after-dot,count=1", fault.Fault{Kind: fault.Drop, Target: "mx.example.net", When: "after-dot", Count: 1}},
		{"slow:mx.example.net,delay=6m", fault.Fault{Kind: fault.Slow, Target: "mx.example.net", Delay: 6 * time.Minute}},
		{"partition:relay.example.org,peer=mx.example.net", fault.Fault{Kind: fault.Partition, Target: "relay.example.org", Peer: "mx.example.net"}},
		{"nxdomain:example.net", fault.Fault{Kind: fault.NXDomain, Target: "example.net"}},
		{"servfail:example.net,until=2h", fault.Fault{Kind: fault.ServFail, Target: "example.net", Until: 2 * time.Hour}},
		{"no-mx:example.net", fault.Fault{Kind: fault.NoMX, Target: "example.net"}},
		{"dead-mx:example.net", fault.Fault{Kind: fault.DeadMX, Target: "example.net"}},
		{"null-mx:example.net", fault.Fault{Kind: fault.NullMX, Target: "example.net"}},
		{"unknown-user:bob@example.net", fault.Fault{Kind: fault.UnknownUser, Target: "bob@example.net"}},
		{"mailbox-full:bob@example.net", fault.Fault{Kind: fault.MailboxFull, Target: "bob@example.net"}},
		{"too-large:mx.example.net", fault.Fault{Kind: fault.TooLarge, Target: "mx.example.net", Size: 1000}},
		{"too-large:mx.example.net,size=5000", fault.Fault{Kind: fault.TooLarge, Target: "mx.example.net", Size: 5000}},
		{"greylist:mx.example.net", fault.Fault{Kind: fault.Greylist, Target: "mx.example.net"}},
		{"relay-denied:relay.example.org", fault.Fault{Kind: fault.RelayDenied, Target: "relay.example.org"}},
		{"wrong-password:alice@example.org", fault.Fault{Kind: fault.WrongPassword, Target: "alice@example.org"}},
		{"tls-required:mx.example.net", fault.Fault{Kind: fault.TLSRequired, Target: "mx.example.net"}},
		{"shutdown:mx.example.net,cmd=DATA", fault.Fault{Kind: fault.Shutdown, Target: "mx.example.net", Cmd: "DATA"}},
		{"reply:mx.example.net,cmd=rcpt,rcpt=bob@example.net,code=451,status=4.7.1,count=2",
			fault.Fault{Kind: fault.Reply, Target: "mx.example.net", Cmd: "RCPT", Rcpt: "bob@example.net", Code: 451, Status: "4.7.1", Count: 2}},
		{"reply:mx.example.net,cmd=QUIT,code=421", fault.Fault{Kind: fault.Reply, Target: "mx.example.net", Cmd: "QUIT", Code: 421}},
		{"strip-starttls:mx.example.net", fault.Fault{Kind: fault.StripSTARTTLS, Target: "mx.example.net"}},
		{"Strip-STARTTLS:mx.example.net,until=2d,count=3", fault.Fault{Kind: fault.StripSTARTTLS, Target: "mx.example.net", Until: 48 * time.Hour, Count: 3}},
		{"spf-record:example.org,value=v=spf1 ip4:192.0.2.0/24 -all",
			fault.Fault{Kind: fault.SPFRecord, Target: "example.org", Value: "v=spf1 ip4:192.0.2.0/24 -all"}},
		{"spf-record:example.org", fault.Fault{Kind: fault.SPFRecord, Target: "example.org"}},
		{"dmarc-policy:example.org,value=Quarantine", fault.Fault{Kind: fault.DMARCPolicy, Target: "example.org", Value: "quarantine"}},
		{"dmarc-policy:example.org,value=none", fault.Fault{Kind: fault.DMARCPolicy, Target: "example.org", Value: "none"}},
		{"dmarc-policy:example.org", fault.Fault{Kind: fault.DMARCPolicy, Target: "example.org", Value: "reject"}},
		{"spoof:mx.example.net", fault.Fault{Kind: fault.Spoof, Target: "mx.example.net"}},
		{"spoof:mx.example.net,sender=ceo@example.net,envelope=x@attacker.example,rcpt=bob@example.net,step=40",
			fault.Fault{Kind: fault.Spoof, Target: "mx.example.net", Sender: "ceo@example.net", Envelope: "x@attacker.example", Rcpt: "bob@example.net", Step: 40}},
		{"dkim-break:lists.example.com,count=1", fault.Fault{Kind: fault.DKIMBreak, Target: "lists.example.com", Count: 1}},
		{"down:mx.example.net,from=1d2h,until=5d,step=12", fault.Fault{Kind: fault.Down, Target: "mx.example.net", From: 26 * time.Hour, Until: 120 * time.Hour, Step: 12}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := fault.Parse(tt.spec)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := fault.Parse(got.String())
			require.NoError(t, err, got.String())
			assert.Equal(t, got, again, "String() reads back")
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		spec string
		col  int
		msg  string
	}{
		{"down", 1, `"down" has no target`},
		{"explode:mx", 1, `unknown fault kind "explode"`},
		{"dkim-break:mx.example.net,value=x", 27, `dkim-break does not take "value"`},
		{"spf-record:example.org,value=", 24, `"value=" is not key=value`},
		{"dmarc-policy:example.org,value=sometimes", 26, `dmarc-policy does not take "value=sometimes" (expected one of value=none, value=quarantine, value=reject)`},
		{"dmarc-policy:example.org,size=3", 26, `dmarc-policy does not take "size"`},
		{"spoof:mx.example.net,sender=ceo", 22, `sender: "ceo" is not an address (expected e.g. bob@example.net)`},
		{"spoof:mx.example.net,envelope=<x@example.org>", 22, `envelope: "<x@example.org>" is not an address (expected e.g. bob@example.net)`},
		{"spoof:mx.example.net,value=x", 22, `spoof does not take "value"`},
		{"down:", 6, "bad target"},
		{"down:mx,until", 9, `"until" is not key=value`},
		{"down:mx,until=soon", 9, `until: bad duration "soon"`},
		{"down:mx,size=3", 9, `down does not take "size"`},
		{"down:mx,count=1,count=2", 17, `"count" given twice`},
		{"reply:mx,cmd=RCPT", 1, "reply needs cmd=VERB and code=N"},
		{"reply:mx,cmd=RCPT,code=999", 19, "code: reply code 999"},
		{"reply:mx,cmd=RCPT,code=451,status=5.1.1", 1, "does not match the class"},
		{"reply:mx,cmd=FOO,code=451", 1, "cmd=FOO is no command a server answers with a failure (expected one of HELO, EHLO, MAIL"},
		{"reply:mx,cmd=RCPT,code=250", 1, "code=250 says yes, but an injected reply refuses the command (expected 4xx or 5xx)"},
		{"reply:mx,cmd=DATA,code=354", 1, "code=354 says yes"},
		{"reply:mx,cmd=QUIT,code=554", 1, "QUIT has no failure reply but 421 (RFC 5321 §4.3.2)"},
		{"reply:mx,cmd=noop,code=451", 1, "NOOP has no failure reply but 421"},
		{"drop:mx,when=later", 9, "when=later (expected before-dot or after-dot)"},
		{"down:mx,from=2h,until=1h", 1, "until=1h is not after from=2h"},
		{"partition:a", 1, "partition needs peer=HOST"},
		{"slow:mx", 1, "slow needs delay=DURATION"},
		{"down:mx,step=0", 9, "not a positive number"},
		{"strip-starttls:mx,port=25", 19, `strip-starttls does not take "port"`},
		{"strip-starttls:", 16, "bad target"},
		{"strip-tls:mx", 1, "expected one of down, refuse"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := fault.Parse(tt.spec)
			var se *fault.SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.col, se.Col, se.Msg)
			assert.Contains(t, se.Msg, tt.msg)
		})
	}
}

func TestActiveAt(t *testing.T) {
	f, err := fault.Parse("down:mx,from=10m,until=1h,step=5")
	require.NoError(t, err)
	assert.False(t, f.ActiveAt(20*time.Minute, 4), "before step 5")
	assert.True(t, f.ActiveAt(20*time.Minute, 5))
	assert.False(t, f.ActiveAt(5*time.Minute, 9), "before from")
	assert.False(t, f.ActiveAt(time.Hour, 9), "until is exclusive")
}

func FuzzParse(f *testing.F) {
	f.Add("reply:mx.example.net,cmd=RCPT,rcpt=bob@example.net,code=451,status=4.7.1,count=2")
	f.Add("strip-starttls:mx.example.net,from=1h,count=2")
	f.Add("spf-record:example.org,value=v=spf1 include:_spf.example.com ~all")
	f.Add("dkim-break:lists.example.com,from=1h")
	f.Add("dmarc-policy:example.org,value=quarantine,count=1")
	f.Add("spoof:mx.example.net,sender=a@example.org,envelope=b@example.com,rcpt=c@example.net")
	f.Fuzz(func(t *testing.T, spec string) {
		got, err := fault.Parse(spec)
		if err != nil {
			return
		}
		again, err := fault.Parse(got.String())
		if err != nil {
			t.Fatalf("%q parsed, but its String %q does not: %v", spec, got.String(), err)
		}
		if again != got {
			t.Fatalf("round trip of %q: %+v != %+v", spec, again, got)
		}
	})
}

// A duration too long for time.Duration is an error that quotes what was written;
// before, 213504d wrapped to a negative number and "lifetime" expired at once.
func TestParseDurationNeverWraps(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  string
	}{
		{in: "5d", want: 5 * 24 * time.Hour},
		{in: "2d12h", want: 60 * time.Hour},
		{in: "106751d", want: 106751 * 24 * time.Hour},
		{in: "213504d", err: `duration too long: "213504d" is longer than 106751d23h47m16.854775807s`},
		{in: "99999999999999999999d", err: `duration too long: "99999999999999999999d" is longer than`},
		{in: "106751d23h59m59s", err: `duration too long: "106751d23h59m59s" is longer than`},
		{in: "9999999999h", err: `duration too long: "9999999999h" is longer than`},
		{in: "3000000h", err: `duration too long: "3000000h" is longer than`},
		{in: "-5d", err: `bad duration "-5d" (expected`},
		{in: "1d-5h", err: `bad duration "1d-5h" (expected`},
		{in: "soon", err: `bad duration "soon" (expected`},
		{in: "m", err: `bad duration "m" (expected`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := fault.ParseDuration(tt.in)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, d)
		})
	}
	_, err := fault.Parse("down:mx,until=213504d")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"213504d"`)
}
