package world_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// quietWorld is a built-in scenario without its own messages and fetches.
func quietWorld(t *testing.T, id string, extra ...fault.Fault) *world.World {
	sc := load(t, id)
	sc.Messages, sc.Fetches = nil, nil
	return world.New(sc, extra...)
}

func eventLines(tr *trace.Trace, from int) []string {
	var out []string
	for _, e := range tr.Events()[from:] {
		s := string(e.Kind)
		if e.Line != "" {
			s += " " + e.Line
		}
		out = append(out, s)
	}
	return out
}

func TestRunUntil(t *testing.T) {
	full := world.Run(load(t, "greylisting"))
	w := world.New(load(t, "greylisting"))
	w.RunUntil(time.Minute)
	assert.Equal(t, time.Minute, w.Now(), "the clock moves to t even without events")
	next, ok := w.Next()
	require.True(t, ok)
	assert.Greater(t, next, time.Minute, "later events wait")
	n := w.Trace().Len()
	assert.Equal(t, full.Events()[:n], w.Trace().Events(), "the same events as a whole run, so far")
	w.RunUntil(30 * time.Second)
	assert.Equal(t, time.Minute, w.Now(), "the clock never goes back")
	w.RunUntil(10 * 24 * time.Hour)
	assert.Equal(t, full.Events(), w.Trace().Events(), "step by step or at once: the same trace")
	_, ok = w.Next()
	assert.False(t, ok)
	assert.Equal(t, full.Outcomes, w.Outcomes())
}

// TestExternalSubmission: a real client's conversation with the MSA, pipelined in one
// chunk, becomes trace events, and the message travels through the world (greylisted
// once) into the recipient's mailbox.
func TestExternalSubmission(t *testing.T) {
	w := quietWorld(t, "greylisting")
	w.RunUntil(time.Second)
	x, err := w.External("mail.example.org", 587, "203.0.113.5:40000")
	require.NoError(t, err)
	assert.Equal(t, "220 mail.example.org ESMTP smtpsim\r\n", string(x.Greeting()))
	got := string(x.Feed([]byte("EHLO client.example\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n" +
		"MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.net>\r\nDATA\r\n")))
	assert.Contains(t, got, "235 2.7.0 Authentication successful\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 ")
	// The message arrives in pieces that split lines and the final dot.
	assert.Empty(t, x.Feed([]byte("Subject: hi\r\n\r\n..a dot\r")))
	assert.Empty(t, x.Feed([]byte("\n.")))
	got = string(x.Feed([]byte("\r\nQUIT\r\n")))
	assert.Regexp(t, `^250 2\.0\.0 Ok: queued as [0-9A-F]+\r\n221 2\.0\.0 Bye\r\n$`, got)
	assert.True(t, x.Done())
	x.Close()
	x.Close()

	tr := w.Trace()
	first := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindConnect })
	assert.Equal(t, []string{
		"connect", "line 220 mail.example.org ESMTP smtpsim", "line EHLO client.example",
	}, eventLines(tr, first)[:3])
	data := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindData })
	require.GreaterOrEqual(t, data, 0)
	assert.Equal(t, "(message x1, 3 lines, 24 octets)", tr.At(data).Line)
	assert.Equal(t, "Subject: hi\r\n\r\n..a dot\r\n", string(tr.At(data).Payload))
	assert.Equal(t, "client 203.0.113.5:40000", tr.At(data).Actor)
	assert.Equal(t, ".", tr.At(data+1).Line)
	handoff := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindHandoff })
	require.Greater(t, handoff, data+1, "the hand-off follows the 250")
	assert.Equal(t, "x1", tr.At(handoff).Msg)
	closed := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindClose && e.Actor == "client 203.0.113.5:40000" })
	assert.Greater(t, closed, handoff, "closed once")

	w.RunUntil(time.Hour)
	boxes := w.Mailbox("mx.example.net", "bob@example.net")
	require.Len(t, boxes, 1)
	msg := string(boxes[0])
	assert.True(t, strings.HasPrefix(msg, "Return-Path: <alice@example.org>\r\nReceived: from mail.example.org"), msg)
	assert.Contains(t, msg, "Received: from client.example (unknown [203.0.113.5])\r\n\tby mail.example.org with ESMTPA id")
	assert.Contains(t, msg, "Message-ID: ", "the MSA added what was missing")
	assert.Contains(t, msg, "\r\n\r\n.a dot\r\n", "dot-stuffing undone")
	deferred := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindDefer && e.Msg == "x1" })
	delivered := tr.Find(func(e trace.Event) bool { return e.Kind == trace.KindDeliver && e.Msg == "x1" })
	require.GreaterOrEqual(t, deferred, 0, "greylisted first")
	assert.Greater(t, delivered, deferred)
	assert.Equal(t, []trace.Outcome{{Msg: "x1", Rcpt: "bob@example.net", Outcome: trace.OutcomeDelivered, Code: 250, Status: "2.0.0",
		Mailbox: "mx.example.net/bob@example.net", Copies: 1, TimeMS: tr.At(delivered).TimeMS}}, w.Outcomes())
}

func TestExternalRetrievalAndTimeout(t *testing.T) {
	w := world.New(load(t, "greylisting"))
	w.RunUntil(time.Hour) // the scenario's message is in bob's mailbox
	x, err := w.External("mx.example.net", 110, "127.0.0.1")
	require.NoError(t, err)
	assert.Contains(t, string(x.Greeting()), "+OK")
	assert.Equal(t, "+OK send PASS\r\n+OK maildrop has 1 messages (592 octets)\r\n",
		string(x.Feed([]byte("USER bob@example.net\r\nPASS secret\r\n"))))
	assert.Contains(t, string(x.Feed([]byte("RETR 1\r\n"))), "Subject: Are you there?")
	last := w.Trace().At(w.Trace().Len() - 1)
	assert.Equal(t, trace.KindData, last.Kind, "the retrieved message is one data event")
	assert.Empty(t, x.Timeout(), "POP3 closes an idle session without a word (RFC 1939 §3)")
	assert.True(t, x.Done())
	assert.Equal(t, trace.KindTimeout, w.Trace().At(w.Trace().Len()-1).Kind)
	assert.Nil(t, x.Feed([]byte("NOOP\r\n")), "nothing after the timeout")

	m, err := w.External("mx.example.net", 143, "127.0.0.1")
	require.NoError(t, err)
	m.Greeting()
	assert.Contains(t, string(m.Feed([]byte("a1 LOGIN bob@example.net secret\r\n"))), "a1 OK ")
	assert.Equal(t, "* BYE Autologout; idle for too long\r\n", string(m.Timeout()))
}

func TestExternalRefused(t *testing.T) {
	down, err := fault.Parse("down:mx.example.net")
	require.NoError(t, err)
	w := quietWorld(t, "first-mail", down)
	_, err = w.External("relay.example.org", 587, "127.0.0.1")
	assert.EqualError(t, err, "connect to relay.example.org[192.0.2.20]:587: Connection refused", "a relay runs no MSA")
	_, err = w.External("mx.example.net", 25, "127.0.0.1")
	assert.EqualError(t, err, "connect to mx.example.net[198.51.100.25]:25: mx.example.net is down")
	_, err = w.External("nowhere.example", 25, "127.0.0.1")
	assert.Error(t, err)
	_, err = w.External("mail.example.org", 8080, "127.0.0.1")
	assert.Error(t, err)
	assert.Equal(t, []string{"connect", "refused", "connect", "fault", "unreachable"}, eventLines(w.Trace(), 0))
}

// TestOneCopyPerMailbox: addresses that lead to one mailbox — the bare postmaster, a
// postmaster address, the user's own in capitals — give that mailbox one copy, and every
// recipient is delivered.
func TestOneCopyPerMailbox(t *testing.T) {
	w := world.New(scenario.Scenario{
		Name: "one host",
		Hosts: []scenario.Host{{Name: "mx.example.org", IP: "192.0.2.10", Roles: []scenario.Role{scenario.RoleMX},
			Domains: []string{"example.org"}}},
		Users: []scenario.User{{Address: "alice@example.org", Password: "secret"}, {Address: "bob@example.org", Password: "secret"}},
	})
	x, err := w.External("mx.example.org", 25, "192.0.2.99:4000")
	require.NoError(t, err)
	x.Greeting()
	got := string(x.Feed([]byte("EHLO c.example\r\nMAIL FROM:<carol@far.example>\r\nRCPT TO:<postmaster>\r\n" +
		"RCPT TO:<Postmaster@example.org>\r\nRCPT TO:<ALICE@example.org>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nSubject: x\r\n\r\nx\r\n.\r\n")))
	require.Contains(t, got, "250 2.0.0 Ok: queued as ")
	assert.Equal(t, 1, len(w.Mailbox("mx.example.org", "alice@example.org")), "copies for alice")
	assert.Equal(t, 1, len(w.Mailbox("mx.example.org", "bob@example.org")), "copies for bob")
	for _, o := range w.Outcomes() {
		assert.Equal(t, trace.OutcomeDelivered, o.Outcome, o.Rcpt)
		assert.Equal(t, 1, o.Copies, o.Rcpt)
	}
	assert.Len(t, w.Outcomes(), 4)
}

// TestExternalTimeoutCitesItsProtocol: the trace explains a timeout with the RFC of the
// protocol that timed out.
func TestExternalTimeoutCitesItsProtocol(t *testing.T) {
	w := quietWorld(t, "greylisting")
	for port, rfc := range map[int]string{25: "RFC 5321 §4.5.3.2.7", 110: "RFC 1939 §3", 143: "RFC 9051 §5.4"} {
		x, err := w.External("mx.example.net", port, "127.0.0.1")
		require.NoError(t, err)
		x.Greeting()
		x.Timeout()
		last := w.Trace().At(w.Trace().Len() - 1)
		i := w.Trace().Find(func(e trace.Event) bool { return e.Kind == trace.KindTimeout && e.Conn == x.Conn() })
		require.GreaterOrEqual(t, i, 0, last)
		assert.Equal(t, rfc, w.Trace().At(i).RFC, port)
	}
}
