package scenariofile_test

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/budget"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/yamlfile"
)

func TestParseExample(t *testing.T) {
	src, err := os.ReadFile("testdata/greylisting.yaml")
	require.NoError(t, err)
	s, err := scenariofile.Parse("greylisting.yaml", src)
	require.NoError(t, err)

	assert.Equal(t, "Greylisting delays a message", s.Name)
	assert.Equal(t, uint64(7), s.Seed)
	assert.Equal(t, scenario.EndToEnd, s.Model)
	assert.Equal(t, time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), s.Start.UTC())
	assert.Equal(t, 20*time.Millisecond, s.Latency)
	assert.Equal(t, scenario.Retry{First: 300 * time.Second, Max: 4000 * time.Second, Lifetime: 5 * 24 * time.Hour}, s.Retry)
	assert.Equal(t, 60*time.Second, s.Greylist)
	assert.Equal(t, 6*24*time.Hour, s.Horizon)

	assert.Equal(t, []scenario.Host{
		{Name: "mail.example.org", IP: "192.0.2.10", Roles: []scenario.Role{scenario.RoleMSA, scenario.RoleMX},
			Domains: []string{"example.org"}, Relay: "relay.example.org"},
		{Name: "relay.example.org", IP: "192.0.2.20", Roles: []scenario.Role{scenario.RoleRelay}, Internal: []string{"mail.example.org"}},
		{Name: "mx.example.net", IP: "198.51.100.25", Roles: []scenario.Role{scenario.RoleMX}, Domains: []string{"example.net"},
			Greylist: true, MaxSize: 10485760},
	}, s.Hosts)
	assert.Equal(t, []dns.Record{
		{Name: "example.net", Type: dns.TypeMX, Pref: 10, Value: "mx.example.net"},
		{Name: "mx.example.net", Type: dns.TypeA, Value: "198.51.100.25"},
		{Name: "example.org", Type: dns.TypeTXT, Value: "v=spf1 mx -all"},
	}, s.DNS)
	assert.Equal(t, []scenario.User{
		{Address: "alice@example.org", Password: "secret"},
		{Address: "bob@example.net", Password: "secret", Quota: 1000000},
	}, s.Users)
	assert.Equal(t, []scenario.Message{{
		ID: "m1", From: "alice@example.org", To: []string{"bob@example.net"}, Bcc: []string{"carol@example.net"},
		Subject: "Hello", Body: "Hi Bob!\n",
		Attachments: []scenario.Attachment{{Name: "cat.png", Type: "image/png", Size: 20000}},
	}}, s.Messages)
	assert.Equal(t, []scenario.Fetch{{At: time.Hour, User: "bob@example.net", Protocol: "pop3", Delete: true}}, s.Fetches)
	assert.Equal(t, []fault.Fault{{Kind: fault.Greylist, Target: "mx.example.net", Until: time.Hour}}, s.Faults)
	assert.NoError(t, s.Validate())
}

// TestFormatExamples keeps the documentation honest: every YAML block in FORMAT.md that
// starts with a top-level key parses.
func TestFormatExamples(t *testing.T) {
	doc, err := os.ReadFile("../scenario/FORMAT.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	require.NotEmpty(t, blocks)
	for _, b := range blocks {
		_, err := scenariofile.Parse("FORMAT.md", []byte(b[1]))
		assert.NoError(t, err, b[1])
	}
}

// world is a valid start that error rows extend: two hosts and two users, six lines.
const world = `hosts:
  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org]}
  - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net]}
users:
  - {address: alice@example.org, password: secret}
  - {address: bob@example.net, password: secret}
`

const stsRecord = "dns:\n  - '_mta-sts.example.net TXT \"v=STSv1; id=20261125T090000\"'\n"

const rootKeys = "name, seed, model, start, latency, retry, greylist, horizon, hosts, dns, users, messages, fetch, faults, mta-sts, dkim, description"

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// Shape and scalar types.
		{"unknown root key", "hostz: []", `t.yaml:1:1: unknown key "hostz" (expected one of ` + rootKeys + `)`},
		{"unknown host key", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx], nmae: x}",
			`t.yaml:2:51: unknown key "nmae" (expected one of name, ip, roles, domains, relay, internal, max-size, greylist, auth, tls, check-mta-sts, sender-auth, open-relay, accept-then-bounce, dnsbl)`},
		{"unknown retry key", "retry: {first: 1m, maxx: 1h}", `t.yaml:1:20: unknown key "maxx" (expected one of first, max, lifetime)`},
		{"repeated key", "name: a\nseed: 1\nname: b", `t.yaml:3:1: key "name" given twice (first at line 1)`},
		{"seed not a number", "seed: seven", `t.yaml:1:7: seed is "seven" (expected a whole number from 0 to 18446744073709551615)`},
		{"name is a list", "name: [a, b]", `t.yaml:1:7: name is a list (expected text)`},
		{"bad duration", "latency: 20 parsecs", `t.yaml:1:10: latency is "20 parsecs" (expected a duration such as 300s, 10m, 2h or 5d)`},
		{"negative duration", "latency: -20ms", `t.yaml:1:10: latency is -20ms (expected a duration of 0s or more)`},
		{"unknown model", "model: p2p", `t.yaml:1:8: model is "p2p" (expected end-to-end or store-and-forward)`},
		{"bad start", "start: tomorrow", `t.yaml:1:8: start is "tomorrow" (expected a time such as 2026-11-25T09:00:00Z, or a date such as 2026-11-25)`},
		{"retry not a mapping", "retry: 5s", `t.yaml:1:8: retry is "5s" (expected a mapping with keys first, max, lifetime)`},
		{"first retry after max", "retry: {first: 2h}",
			`t.yaml:1:16: retry first 2h is longer than retry max 1h6m40s (expected first ≤ max: the wait doubles from first up to max)`},
		{"hosts not a list", "hosts: {name: a}", `t.yaml:1:8: hosts is a mapping (expected a list: one "- " line per item, each a host)`},
		{"yes is not true", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx], greylist: yes}",
			`t.yaml:2:61: greylist is "yes" (expected true or false)`},
		{"bad size", world + "  - {address: carol@example.net, password: x, quota: 1 XB}",
			`t.yaml:7:54: quota is "1 XB" (expected a size such as 10485760, 20KB, 1MB or 1MiB)`},
		{"to is a mapping", world + "messages:\n  - from: alice@example.org\n    to: {bob: x}",
			`t.yaml:9:9: to is a mapping (expected a list: one "- " line per item, each an address)`},

		// Header lines the mail program writes above its own.
		{"header line without colon", world + "messages:\n  - from: alice@example.org\n    to: bob@example.net\n    headers: [Received from nowhere]",
			`t.yaml:10:15: header line "Received from nowhere" has no colon (expected NAME: value, such as "Received: from …")`},
		{"header name with a space", world + "messages:\n  - from: alice@example.org\n    to: bob@example.net\n    headers:\n      - 'X Note: hi'",
			`t.yaml:11:9: header line "X Note: hi": "X Note" is not a field name (expected letters, digits and - before the colon, no spaces)`},
		{"header sets From", world + "messages:\n  - from: alice@example.org\n    to: bob@example.net\n    headers:\n      - 'X-Ok: fine'\n      - 'From: mallory@example.com'",
			`t.yaml:12:9: header line "From: mallory@example.com" sets From, which the mail program writes itself (expected another field, such as Received)`},
		{"header with a line break", world + "messages:\n  - from: alice@example.org\n    to: bob@example.net\n    headers:\n      - \"X-A: one\\r\\nBcc: eve@example.com\"",
			`t.yaml:11:9: header line "X-A: one\r\nBcc: eve@example.com" holds a line break, which would start another field (expected one line)`},
		{"headers not a list of text", world + "messages:\n  - from: alice@example.org\n    to: bob@example.net\n    headers: {Received: x}",
			`t.yaml:10:14: headers is a mapping (expected a list: one "- " line per item, each a header line such as "Received: from …")`},

		// TLS on the way.
		{"submission tls", world + "  - {address: carol@example.net, password: x, tls: ssl}",
			`t.yaml:7:52: tls is "ssl" (expected none, starttls or implicit)`},
		{"host tls not a boolean", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx], tls: on}",
			`t.yaml:2:56: tls is "on" (expected true or false)`},
		{"strip-starttls on no host", world + "faults: [strip-starttls:mx.example.com]",
			`t.yaml:7:25: strip-starttls fault on "mx.example.com", which is not a host of the scenario (expected one of mail.example.org, mx.example.net)`},
		{"policy not published", world + "mta-sts:\n  - {domain: example.net, mode: enforce, mx: [mx.example.net]}",
			`t.yaml:8:14: MTA-STS policy for example.net, but dns has no TXT record at _mta-sts.example.net (expected a record such as '_mta-sts.example.net TXT "v=STSv1; id=20261125T090000"')`},
		{"policy mode", world + stsRecord + "mta-sts:\n  - {domain: example.net, mode: strict, mx: [mx.example.net]}",
			`t.yaml:10:33: mode is "strict" (expected enforce, testing or none)`},
		{"policy without mode", world + stsRecord + "mta-sts:\n  - {domain: example.net, mx: [mx.example.net]}",
			`t.yaml:10:5: MTA-STS policy for example.net without a mode (expected mode: enforce, testing or none)`},
		{"policy without mx", world + stsRecord + "mta-sts:\n  - {domain: example.net, mode: enforce}",
			`t.yaml:10:5: MTA-STS policy for example.net in mode enforce has no mx (expected mx: the names or patterns such as *.example.net of its MX hosts)`},
		{"policy mx pattern", world + stsRecord + "mta-sts:\n  - {domain: example.net, mode: testing, mx: [\"mx_1.example.net\"]}",
			`t.yaml:10:47: mx pattern "mx_1.example.net" has the character '_' (expected a host name such as mx.example.net, or *.example.net)`},
		{"policy max-age", world + stsRecord + "mta-sts:\n  - {domain: example.net, mode: none, max-age: 400d}",
			`t.yaml:10:48: max-age is 400d (expected whole seconds from 1s to 365d6h, RFC 8461 §3.2)`},
		{"policy twice", world + stsRecord + "mta-sts:\n  - {domain: example.net, mode: none}\n  - {domain: Example.net, mode: none}",
			`t.yaml:11:14: MTA-STS policy for Example.net is given twice (first at line 10)`},

		// Hosts.
		{"unknown role", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx, smtp]}", `t.yaml:2:50: unknown role "smtp" (expected msa, mx, relay or outside)`},
		{"relay unknown", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [msa], relay: b.example}",
			`t.yaml:2:59: relay "b.example" is not a host of the scenario (expected one of a.example)`},
		{"internal unknown", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [relay], internal: [b.example]}",
			`t.yaml:2:65: internal host "b.example" is not a host of the scenario (expected one of a.example)`},
		{"host twice", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx]}\n  - {name: A.example, ip: 192.0.2.2, roles: [mx]}",
			`t.yaml:3:12: host A.example is defined twice (first at line 2)`},
		{"ip twice", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx]}\n  - {name: b.example, ip: 192.0.2.1, roles: [mx]}",
			`t.yaml:3:27: ip 192.0.2.1 is already the ip of a.example (expected one host per address)`},
		{"bad ip", "hosts:\n  - {name: a.example, ip: 192.0.2, roles: [mx]}",
			`t.yaml:2:27: ip "192.0.2" is not an IPv4 address (expected four numbers from 0 to 255, such as 192.0.2.10)`},
		{"missing ip", "hosts:\n  - name: a.example\n    roles: [mx]",
			`t.yaml:2:5: host a.example without an ip (expected ip: an IPv4 address such as 192.0.2.10)`},
		{"bad host name", "hosts:\n  - {name: a_b.example, ip: 192.0.2.1, roles: [mx]}",
			`t.yaml:2:12: host name "a_b.example" has the character '_' (expected a host name such as mail.example.org)`},

		// DNS: the column points inside the record line.
		{"unknown record type", "dns:\n  - example.net MXX 10 mx.example.net", `t.yaml:2:17: unknown record type "MXX" (want A, MX or TXT)`},
		{"MX preference too big", "dns:\n  - example.net MX 70000 mx.example.net",
			`t.yaml:2:20: MX preference "70000" is not a number from 0 to 65535 (expected a record such as "example.net MX 10 mx.example.net")`},
		{"A not IPv4", "dns:\n  - mx.example.net A 2001:db8::1",
			`t.yaml:2:22: "2001:db8::1" is not an IPv4 address (expected a record such as "example.net MX 10 mx.example.net")`},
		{"TXT unquoted", "dns:\n  - example.org TXT v=spf1",
			`t.yaml:2:21: TXT text must be quoted: "v=spf1" (expected a record such as "example.net MX 10 mx.example.net")`},
		{"quoted record line", "dns:\n  - \"example.org A 192.0.2.300\"",
			`t.yaml:2:20: "192.0.2.300" is not an IPv4 address (expected a record such as "example.net MX 10 mx.example.net")`},
		{"A disagrees with host", world + "dns:\n  - mail.example.org A 192.0.2.99",
			`t.yaml:8:24: A record gives mail.example.org the address 192.0.2.99, but the host's ip is 192.0.2.10 (expected 192.0.2.10)`},

		// Users.
		{"user without mx", world + "  - {address: carol@example.com, password: x}",
			`t.yaml:7:15: no host with role mx serves example.com, the domain of user carol@example.com (expected a host with roles [mx] and example.com in its domains)`},
		{"display name", world + `  - {address: "Carol <carol@example.net>", password: x}`,
			`t.yaml:7:15: "Carol <carol@example.net>" is more than an address (expected just carol@example.net)`},
		{"no @", world + "  - {address: carol, password: x}",
			`t.yaml:7:15: "carol" is not an address: missing '@' or angle-addr (expected an address such as alice@example.org)`},
		{"user twice", world + "  - {address: Bob@example.net, password: x}", `t.yaml:7:15: user Bob@example.net is defined twice (first at line 6)`},

		// Messages.
		{"sender not a user", world + "messages:\n  - {from: eve@example.org, to: bob@example.net}",
			`t.yaml:8:12: sender eve@example.org is not a user (expected one of alice@example.org, bob@example.net)`},
		{"sender without msa", world + "messages:\n  - {from: bob@example.net, to: alice@example.org}",
			`t.yaml:8:12: no host with role msa serves example.net, the domain of sender bob@example.net (expected a host with roles [msa] and example.net in its domains)`},
		{"no recipients", world + "messages:\n  - from: alice@example.org\n    subject: Hi",
			`t.yaml:8:5: message without recipients (expected at least one address in to, cc or bcc)`},
		{"before the start", world + "messages:\n  - {at: -5m, from: alice@example.org, to: bob@example.net}",
			`t.yaml:8:10: at is -5m, before the start of the run (expected 0s or later)`},
		{"id twice", world + "messages:\n  - {id: m2, from: alice@example.org, to: bob@example.net}\n  - {from: alice@example.org, to: bob@example.net}",
			`t.yaml:9:5: message id "m2" is used twice (first at line 8; messages without an id get m1, m2, … by position)`},
		{"size and data disagree", world + "messages:\n  - from: alice@example.org\n    to: bob@example.net\n    attachments:\n      - {name: a.txt, data: hello, size: 10}",
			`t.yaml:11:42: size is 10, but data has 5 octets (expected size: 5, or no size)`},
		{"bad media type", world + "messages:\n  - from: alice@example.org\n    to: bob@example.net\n    attachments:\n      - {name: a.png, type: png}",
			`t.yaml:11:29: type "png" is not a media type (expected type/subtype, such as image/png)`},

		{"after the horizon", world + "horizon: 1d\nmessages:\n  - {at: 2d, from: alice@example.org, to: bob@example.net}",
			`t.yaml:9:10: at is 2d, after the run stops at the horizon 1d (expected an earlier time, or a later horizon)`},
		{"long value cut short", "retry: " + strings.Repeat("x", 60),
			`t.yaml:1:8: retry is "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (expected a mapping with keys first, max, lifetime)`},

		// Fetches.
		{"fetch by stranger", world + "fetch:\n  - {at: 1h, user: carol@example.net, protocol: pop3}",
			`t.yaml:8:20: fetch by unknown user "carol@example.net" (expected one of alice@example.org, bob@example.net)`},
		{"fetch by smtp", world + "fetch:\n  - {user: bob@example.net, protocol: smtp}", `t.yaml:8:39: unknown protocol "smtp" (expected pop3 or imap)`},

		// Faults: columns inside the spec, plain and quoted.
		{"unknown fault kind", "faults:\n  - downn:mx.example.net",
			`t.yaml:2:5: unknown fault kind "downn" (expected one of down, refuse, drop, slow, partition, nxdomain, servfail, no-mx, dead-mx, null-mx, unknown-user, mailbox-full, too-large, greylist, relay-denied, wrong-password, no-auth, tls-required, shutdown, reply, strip-starttls, spf-record, dkim-break, dmarc-policy, spoof)`},
		{"bad fault duration, quoted", "faults:\n  - \"down:mx.example.net,until=soon\"", `t.yaml:2:26: until: bad duration "soon" (expected e.g. 300s, 10m, 2h, 5d)`},
		{"fault key not key=value", "faults:\n  - down:mx.example.net,forever",
			`t.yaml:2:25: "forever" is not key=value (expected a fault such as "down:mx.example.net,until=30m")`},
		{"fault on unknown host", world + "faults:\n  - down:mx.example.com,until=1h",
			`t.yaml:8:10: down fault on "mx.example.com", which is not a host of the scenario (expected one of mail.example.org, mx.example.net)`},
		{"partition peer unknown", world + "faults:\n  - partition:mail.example.org,peer=mx.example.com",
			`t.yaml:8:37: partition peer "mx.example.com" is not a host of the scenario (expected one of mail.example.org, mx.example.net)`},

		// Values that cannot be meant: they would wrap, flood or exhaust the run.
		{"retry every half second", "retry: {first: 500ms}", `t.yaml:1:16: retry first is 500ms (expected 1s or more: real queues wait minutes between attempts)`},
		{"retry max below a second", "retry: {first: 1s, max: 1ms}", "t.yaml:1:16: retry first 1s is longer than retry max 1ms (expected first ≤ max: the wait doubles from first up to max)\n" +
			"t.yaml:1:25: retry max is 1ms (expected 1s or more: real queues wait minutes between attempts)"},
		{"lifetime overflows", "retry: {lifetime: 213504d}", `t.yaml:1:19: lifetime is "213504d" (expected at most 106751d23h47m16.854775807s: a longer time does not fit the simulator's clock)`},
		{"negative, quoted as written", "latency: -90s", `t.yaml:1:10: latency is -90s (expected a duration of 0s or more)`},
		{"negative retry, quoted as written", "retry: {first: -0.5h}", `t.yaml:1:16: retry first is -0.5h (expected a duration of 0s or more)`},
		{"negative overflow", "latency: -213504d", `t.yaml:1:10: latency is "-213504d" (expected at most 106751d23h47m16.854775807s: a longer time does not fit the simulator's clock)`},
		{"horizon overflows in hours", "horizon: 3000000h", `t.yaml:1:10: horizon is "3000000h" (expected at most 106751d23h47m16.854775807s: a longer time does not fit the simulator's clock)`},
		{"quota past the budget", world + "  - {address: carl@example.net, password: x, quota: 1GB}", `t.yaml:7:53: quota is 1000000000 octets (expected at most 67108864, the octets budget of a run)`},
		{"max-size past the budget", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx], max-size: 1000GB}", `t.yaml:2:61: max-size is 1000000000000 octets (expected at most 67108864, the octets budget of a run)`},
		{"attachment past the budget", world + "messages:\n  - {from: alice@example.org, to: bob@example.net, attachments: [{name: a.bin, size: 1000GB}]}", `t.yaml:8:86: size is 1000000000000 octets (expected at most 67108864, the octets budget of a run)`},
		{"attachments together past the budget", world + "messages:\n  - {from: alice@example.org, to: bob@example.net, attachments: [{name: a.bin, size: 40MiB}, {name: b.bin, size: 40MiB}]}", "t.yaml:8:114: with this one, the message's attachments have 83886080 octets (expected at most 67108864 together, the octets budget of a run)"},
		{"more messages than the budget", world + "messages:\n" + strings.Repeat("  - {from: alice@example.org, to: bob@example.net}\n", 1001), `t.yaml:8:3: 1001 messages (expected at most 1000, the messages budget of a run)`},

		// Spoofing and abuse.
		{"outside with other roles", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx, outside]}",
			`t.yaml:2:50: host a.example is outside and has other roles too (expected outside alone: an outside machine runs no server of the world)`},
		{"via a host that is not outside", world + "messages:\n  - {via: mx.example.net, from: alice@example.org, to: bob@example.net}",
			`t.yaml:8:11: via mx.example.net, which is not an outside machine (expected a host with roles [outside])`},
		{"via no host", world + "messages:\n  - {via: bot.example, from: alice@example.org, to: bob@example.net}",
			`t.yaml:8:11: via "bot.example" is not a host of the scenario (expected a host with role outside)`},
		{"envelope-from without via", world + "messages:\n  - {from: alice@example.org, envelope-from: x@example.com, to: bob@example.net}",
			`t.yaml:8:46: envelope-from without via (expected via: a host with role outside; a user's submission server sends with the user's own address)`},
		{"envelope-from not an address", world + "messages:\n  - {via: mail.example.org, from: alice@example.org, envelope-from: 'x y', to: bob@example.net}",
			`t.yaml:8:11: via mail.example.org, which is not an outside machine (expected a host with roles [outside])` + "\n" +
				`t.yaml:8:69: "x y" is not an address: no angle-addr (expected an address such as alice@example.org)`},
		{"open relay without port 25", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [msa], open-relay: true}",
			`t.yaml:2:64: open-relay on a.example, which runs no server on port 25 (expected roles with mx or relay)`},
		{"accept-then-bounce without mailboxes", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [relay], accept-then-bounce: true}",
			`t.yaml:2:74: accept-then-bounce on a.example, which has no mailboxes (expected roles with mx; a backup MX with role relay accepts and bounces on its own)`},
		{"blocklist zone that is no name", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx], dnsbl: [bl..example]}",
			`t.yaml:2:59: blocklist zone "bl..example" has an empty label (expected a zone such as bl.example.org)`},
		{"spoof on a host that takes no mail", "hosts:\n  - {name: bot.example, ip: 192.0.2.1, roles: [outside]}\nfaults:\n  - spoof:bot.example",
			`t.yaml:4:11: spoof fault on bot.example, which takes no mail on port 25 (expected a host with role mx or relay)`},
		{"spoof on no host", "faults:\n  - spoof:mx.example.net",
			`t.yaml:2:11: spoof fault on "mx.example.net", which is not a host of the scenario (expected a host defined under hosts; there are none)`},

		// Sender authentication.
		{"unknown sender-auth", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx], sender-auth: strict}",
			`t.yaml:2:64: unknown sender-auth "strict" (expected record or reject-spf-fail)`},
		{"DMARC record that does not parse", "dns:\n  - '_dmarc.example.org TXT \"v=DMARC1; p=sometimes\"'",
			`t.yaml:2:29: the DMARC record of example.org does not parse: invalid policy for parameter 'p' (expected a record such as "v=DMARC1; p=reject")`},
		{"unknown DKIM algorithm", "dkim:\n  - {domain: example.org, selector: s1, algorithm: rsa-sha1}",
			`t.yaml:2:52: unknown DKIM algorithm "rsa-sha1" (expected rsa-sha256 or ed25519-sha256)`},
		{"selector without domain", "dkim:\n  - {selector: s1}",
			`t.yaml:2:5: DKIM signer without a domain (expected domain: the domain whose mail is signed, such as example.org)`},
		{"domain without selector", "dkim:\n  - {domain: example.org}",
			`t.yaml:2:5: DKIM signer example.org without a selector (expected selector: a name such as s1, the key's place s1._domainkey.example.org)`},
		{"bad selector", "dkim:\n  - {domain: example.org, selector: s_1}",
			`t.yaml:2:37: selector "s_1" has the character '_' (expected a name such as s1)`},
		{"bad canonicalization", "dkim:\n  - {domain: example.org, selector: s1, canonicalization: relaxed}",
			`t.yaml:2:59: unknown canonicalization "relaxed" (expected header/body, each relaxed or simple, such as relaxed/relaxed)`},
		{"domain signs twice", "dkim:\n  - {domain: example.org, selector: s1}\n  - {domain: Example.org, selector: s2}",
			`t.yaml:3:14: domain Example.org signs twice (first at line 2)`},
		{"dkim-break on no host", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [mx]}\nfaults:\n  - dkim-break:lists.example",
			`t.yaml:4:16: dkim-break fault on "lists.example", which is not a host of the scenario (expected one of a.example)`},

		// YAML itself.
		{"tab", "name: x\nhosts:\n\t- {name: a}", `t.yaml:3:1: tab in indentation (expected spaces: YAML does not allow tabs there)`},
		{"unclosed list", "hosts: [a, b",
			`t.yaml:1:1: YAML syntax: did not find expected ',' or ']' (expected KEY: VALUE lines and "- " list items, indented with spaces)`},
		{"empty file", "", `t.yaml:1:1: empty scenario (expected a mapping with keys ` + rootKeys + `)`},
		{"root is a list", "- a\n- b", `t.yaml:1:1: the scenario is a list (expected a mapping with keys ` + rootKeys + `)`},
		{"two documents", "name: a\n---\nname: b", `t.yaml:2:1: a second YAML document (expected one scenario per file)`},
		{"alias without anchor", "name: x\nhosts: [*nope]", `t.yaml:2:9: alias *nope names no anchor (expected &nope on a value above it)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scenariofile.Parse("t.yaml", []byte(tt.src))
			require.Error(t, err)
			assert.Nil(t, s)
			var list scenario.ErrorList
			require.True(t, errors.As(err, &list), "error is an ErrorList")
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	src := `name: Broken
seed: -3
hosts:
  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org], relay: relay.example.com}
  - {name: mx.example.net, ip: 198.51.100, roles: mx, domains: example.net}
dns:
  - example.net MX 10 mx.example.net
  - mail.example.org A 192.0.2.99
users:
  - {address: alice@example.org, password: secret}
messages:
  - {from: eve@example.org, to: bob@example.net}
fetch:
  - {user: alice@example.org, protocol: smtp}
faults:
  - greylist:mx.example.com
`
	_, err := scenariofile.Parse("broken.yaml", []byte(src))
	var list scenario.ErrorList
	require.True(t, errors.As(err, &list))
	want := []string{
		`broken.yaml:2:7: seed is "-3" (expected a whole number from 0 to 18446744073709551615)`,
		`broken.yaml:4:95: relay "relay.example.com" is not a host of the scenario (expected one of mail.example.org, mx.example.net)`,
		`broken.yaml:5:32: ip "198.51.100" is not an IPv4 address (expected four numbers from 0 to 255, such as 192.0.2.10)`,
		`broken.yaml:8:24: A record gives mail.example.org the address 192.0.2.99, but the host's ip is 192.0.2.10 (expected 192.0.2.10)`,
		`broken.yaml:12:12: sender eve@example.org is not a user (expected one of alice@example.org)`,
		`broken.yaml:14:41: unknown protocol "smtp" (expected pop3 or imap)`,
		`broken.yaml:16:14: greylist fault on "mx.example.com", which is not a host of the scenario (expected one of mail.example.org, mx.example.net)`,
	}
	assert.Equal(t, strings.Join(want, "\n"), err.Error())
	require.Len(t, list, len(want))
	first := *list[0]
	first.Text = yamlfile.Phrase{}
	assert.Equal(t, scenario.Error{File: "broken.yaml", Line: 2, Col: 7, Msg: `seed is "-3" (expected a whole number from 0 to 18446744073709551615)`}, first)
}

// A value that does not decode gets one message, not a second one from a check that
// reads it.
func TestParseNoFollowOnErrors(t *testing.T) {
	src := world + `messages:
  - {from: alice@example.org, to: {bob: x}}
  - {from: [alice@example.org], to: bob@example.net}
fetch:
  - {user: bob@example.net, protocol: [pop3]}
`
	_, err := scenariofile.Parse("t.yaml", []byte(src))
	require.Error(t, err)
	assert.Equal(t, `t.yaml:8:35: to is a mapping (expected a list: one "- " line per item, each an address)
t.yaml:9:12: from is a list (expected text)
t.yaml:11:39: protocol is a list (expected text)`, err.Error())
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name, src string
		check     func(t *testing.T, s *scenario.Scenario)
	}{
		{"empty mapping means defaults", "name: x", func(t *testing.T, s *scenario.Scenario) {
			want := scenario.Scenario{Name: "x"}
			want.Defaults()
			assert.Equal(t, want, *s)
			assert.Equal(t, scenario.EndToEnd, s.Model)
		}},
		{"trailing document marker", "name: x\n---\n", func(t *testing.T, s *scenario.Scenario) {
			assert.Equal(t, "x", s.Name)
		}},
		{"MX to a name without an A record", world + "dns:\n  - example.net MX 10 nowhere.example.net", func(t *testing.T, s *scenario.Scenario) {
			assert.Equal(t, "nowhere.example.net", s.DNS[0].Value)
		}},
		{"fault on a domain that does not exist", world + "faults:\n  - nxdomain:nowhere.example", func(t *testing.T, s *scenario.Scenario) {
			assert.Equal(t, fault.NXDomain, s.Faults[0].Kind)
		}},
		{"store-and-forward, date start, days", "model: store-and-forward\nstart: 2027-01-02\nhorizon: 2d12h\nretry: {lifetime: 2d}",
			func(t *testing.T, s *scenario.Scenario) {
				assert.Equal(t, scenario.StoreAndForward, s.Model)
				assert.Equal(t, time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC), s.Start)
				assert.Equal(t, 60*time.Hour, s.Horizon)
				assert.Equal(t, 48*time.Hour, s.Retry.Lifetime)
			}},
		{"single values for lists", "hosts:\n  - {name: a.example, ip: 192.0.2.1, roles: [msa, mx], domains: example.org}\n" +
			"  - {name: r.example, ip: 192.0.2.2, roles: relay, internal: a.example}\n" +
			"users:\n  - {address: u@example.org, password: 1234}\nmessages:\n  - {from: u@example.org, to: v@example.com}\n" +
			"  - {from: u@example.org, bcc: w@example.com, cc: ~}",
			func(t *testing.T, s *scenario.Scenario) {
				assert.Equal(t, []string{"example.org"}, s.Hosts[0].Domains)
				assert.Equal(t, []scenario.Role{scenario.RoleRelay}, s.Hosts[1].Roles)
				assert.Equal(t, []string{"a.example"}, s.Hosts[1].Internal)
				assert.Equal(t, "1234", s.Users[0].Password)
				assert.Equal(t, []string{"v@example.com"}, s.Messages[0].To)
				assert.Equal(t, []string{"w@example.com"}, s.Messages[1].Bcc)
				assert.Nil(t, s.Messages[1].Cc)
				assert.Equal(t, []string{"m1", "m2"}, []string{s.Messages[0].ID, s.Messages[1].ID})
			}},
		{"anchors and merge keys", "hosts:\n" +
			"  - &mx {name: mx1.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net], greylist: true}\n" +
			"  - {<<: *mx, name: mx2.example.net, ip: 198.51.100.26}",
			func(t *testing.T, s *scenario.Scenario) {
				require.Len(t, s.Hosts, 2)
				assert.Equal(t, scenario.Host{Name: "mx2.example.net", IP: "198.51.100.26", Roles: []scenario.Role{scenario.RoleMX},
					Domains: []string{"example.net"}, Greylist: true}, s.Hosts[1])
			}},
		{"attachment data", world + "messages:\n  - from: alice@example.org\n    to: bob@example.net\n    attachments:\n" +
			"      - {name: a.txt, type: text/plain, data: hello}\n      - {name: b.bin, data: !!binary AAEC}",
			func(t *testing.T, s *scenario.Scenario) {
				a := s.Messages[0].Attachments
				assert.Equal(t, scenario.Attachment{Name: "a.txt", Type: "text/plain", Size: 5, Data: []byte("hello")}, a[0])
				assert.Equal(t, scenario.Attachment{Name: "b.bin", Size: 3, Data: []byte{0, 1, 2}}, a[1])
			}},
		{"sizes", world + "  - {address: c1@example.net, password: x, quota: 20KB}\n" +
			"  - {address: c2@example.net, password: x, quota: 2 MiB}\n" +
			"  - {address: c3@example.net, password: x, quota: 64 MiB}\n" +
			"  - {address: c4@example.net, password: x, quota: 4096}",
			func(t *testing.T, s *scenario.Scenario) {
				var quotas []int
				for _, u := range s.Users[2:] {
					quotas = append(quotas, u.Quota)
				}
				assert.Equal(t, []int{20000, 2 << 20, 64 << 20, 4096}, quotas)
			}},
		{"null MX and TXT joined", world + "dns:\n  - example.com MX 0 .\n  - 'example.org TXT \"v=spf1 \" \"-all\"'",
			func(t *testing.T, s *scenario.Scenario) {
				assert.Equal(t, dns.Record{Name: "example.org", Type: dns.TypeTXT, Value: "v=spf1 -all"}, s.DNS[1])
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scenariofile.Parse("t.yaml", []byte(tt.src))
			require.NoError(t, err)
			tt.check(t, s)
			assert.NoError(t, s.Validate())
		})
	}
}

// Aliases let a short file name a list many times; the walk stops instead of
// expanding them without end.
func TestParseTooBig(t *testing.T) {
	var b strings.Builder
	b.WriteString(world + "x: &to [" + strings.Repeat("bob@example.net, ", 1000) + "bob@example.net]\nmessages:\n")
	for range 300 {
		b.WriteString("  - {from: alice@example.org, to: *to}\n")
	}
	_, err := scenariofile.Parse("t.yaml", []byte(b.String()))
	var list scenario.ErrorList
	require.True(t, errors.As(err, &list))
	assert.Contains(t, err.Error(), "t.yaml:7:1: unknown key \"x\"")
	assert.Contains(t, err.Error(), ": the scenario is too big: more than 200000 values once aliases are expanded")
	assert.Len(t, list, 2)
}

// A lesson holds a scenario under a key, decoded with the rules of Parse; problems
// carry the lesson file's lines and columns.
func TestInline(t *testing.T) {
	type lesson struct {
		Title    string              `yaml:"title"`
		Scenario *scenariofile.World `yaml:"scenario"`
	}
	decode := func(src string) (lesson, yamlfile.Problems, *yamlfile.Places) {
		docs, err := yamlfile.Read("lesson.yaml", []byte(src), 1)
		require.Nil(t, err)
		var l lesson
		problems, places := docs[0].Root.Decode(&yamlfile.Format{}, "the lesson", &l)
		return l, problems, places
	}
	l, problems, places := decode(`title: Greylisting
scenario:
  hosts:
    - {name: mx.example.net, ip: 198.51.100.25, roles: [mx], domains: [example.net]}
  faults:
    - greylist:mx.example.org
`)
	assert.Equal(t, `lesson.yaml:6:16: greylist fault on "mx.example.org", which is not a host of the scenario (expected one of mx.example.net)`, problems.Error())
	assert.True(t, places.Broken(l.Scenario), "a scenario with problems is broken")

	l, problems, _ = decode("scenario:\n  hosts:\n    - {name: a.example, ip: 192.0.2.1, roles: [mx]}")
	require.Empty(t, problems)
	assert.Equal(t, "a.example", l.Scenario.Hosts[0].Name)
	assert.Equal(t, scenario.EndToEnd, l.Scenario.Model, "defaults applied")

	_, problems, _ = decode("title: x\nscenario: ~\n")
	assert.EqualError(t, problems, "lesson.yaml:2:11: empty scenario (expected a mapping with keys "+rootKeys+")")
}

// Validate applies the file's rules to a scenario built in Go, without positions.
func TestValidate(t *testing.T) {
	s := scenario.Scenario{
		Model:    "p2p",
		Hosts:    []scenario.Host{{Name: "a.example", IP: "192.0.2.1", Roles: []scenario.Role{scenario.RoleMX}, Domains: []string{"example.org"}}},
		Users:    []scenario.User{{Address: "u@example.org", Password: "x"}},
		Messages: []scenario.Message{{From: "u@example.org", To: []string{"v@example.com"}}},
		Faults:   []fault.Fault{{Kind: fault.Down, Target: "b.example"}},
	}
	assert.EqualError(t, s.Validate(), `model is "p2p" (expected end-to-end or store-and-forward)
no host with role msa serves example.org, the domain of sender u@example.org (expected a host with roles [msa] and example.org in its domains)
down fault on "b.example", which is not a host of the scenario (expected one of a.example)`)
	assert.Empty(t, s.Messages[0].ID, "Validate does not apply the defaults")

	s.Hosts = append(s.Hosts, scenario.Host{Name: "A.example", IP: "192.0.2.2", Roles: []scenario.Role{scenario.RoleMSA}})
	s.Model = ""
	assert.EqualError(t, s.Validate(), `host A.example is defined twice (first at Hosts[0])
no host with role msa serves example.org, the domain of sender u@example.org (expected a host with roles [msa] and example.org in its domains)
down fault on "b.example", which is not a host of the scenario (expected one of a.example)`)
}

// TestHeaderLineErrorsInGerman: a bad header line is reported at its place in the
// page's language too.
func TestHeaderLineErrorsInGerman(t *testing.T) {
	_, err := scenariofile.Parse("t.yaml", []byte(world+"messages:\n  - from: alice@example.org\n    to: bob@example.net\n    headers: [Received from nowhere]"))
	var list scenario.ErrorList
	require.ErrorAs(t, err, &list)
	assert.Equal(t, `t.yaml:10:15: Kopffeld „Received from nowhere“ hat keinen Doppelpunkt (erwartet: NAME: Wert, etwa "Received: from …")`, list.In("de"))
}

func TestErrorFormat(t *testing.T) {
	assert.Equal(t, "f.yaml:3:7: bad", (&scenario.Error{File: "f.yaml", Line: 3, Col: 7, Msg: "bad"}).Error())
	assert.Equal(t, "3:7: bad", (&scenario.Error{Line: 3, Col: 7, Msg: "bad"}).Error())
	assert.Equal(t, "bad", (&scenario.Error{Msg: "bad"}).Error())
	assert.Equal(t, "a\nb", scenario.ErrorList{{Msg: "a"}, {Msg: "b"}}.Error())
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/greylisting.yaml"} {
		src, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(src)
	}
	f.Add([]byte(world + "messages:\n  - {from: alice@example.org, to: bob@example.net}"))
	f.Add([]byte(world + stsRecord + "mta-sts:\n  - {domain: example.net, mode: enforce, mx: ['*.example.net'], max-age: 1d}\nfaults: [strip-starttls:mx.example.net]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := scenariofile.Parse("f.yaml", src)
		if err != nil {
			var list scenario.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			for i, e := range list {
				if e.Line < 1 || e.Col < 1 || e.File != "f.yaml" || e.Msg == "" {
					t.Fatalf("error without a place: %#v", e)
				}
				if i > 0 && (e.Line < list[i-1].Line || e.Line == list[i-1].Line && e.Col < list[i-1].Col) {
					t.Fatalf("errors out of file order: %v", err)
				}
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("parsed, but Validate says: %v", err)
		}
		again, err := scenariofile.Parse("f.yaml", src)
		if err != nil || !reflect.DeepEqual(s, again) {
			t.Fatalf("second parse differs: %v", err)
		}
		before := *s
		s.Defaults()
		if !reflect.DeepEqual(before, *s) {
			t.Fatalf("Defaults changed a parsed scenario")
		}
	})
}

// TestLoginAndAuth: the fields the bridge's built-in world uses are readable from a file.
func TestLoginAndAuth(t *testing.T) {
	src := `name: logins
hosts:
  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org], auth: true}
dns:
  - example.org MX 10 mail.example.org
  - mail.example.org A 192.0.2.10
users:
  - {address: bob@example.org, login: bob, password: secret}
`
	sc, err := scenariofile.Parse("logins.yaml", []byte(src))
	require.NoError(t, err)
	assert.True(t, sc.Hosts[0].Auth)
	assert.Equal(t, "bob", sc.Users[0].Login)
}

// A file past the byte budget is refused before it is parsed: a million messages took
// 26 s and 3 GB to be refused by the value limit before.
func TestParseRefusesLargeFilesFirst(t *testing.T) {
	var b strings.Builder
	b.WriteString(world + "messages:\n")
	for b.Len() <= budget.FileBytes {
		b.WriteString("  - {from: alice@example.org, to: bob@example.net}\n")
	}
	start := time.Now()
	_, err := scenariofile.Parse("t.yaml", []byte(b.String()))
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("t.yaml:1:1: the file has %d octets (expected at most 1048576: a scenario or lesson a learner can follow is far smaller)", b.Len()), err.Error())
	assert.Less(t, time.Since(start), time.Second/10)
}
