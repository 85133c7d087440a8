package world_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// consoleLines returns what the console said (C:) and heard (S:) on its connections.
func consoleLines(tr *trace.Trace) []string {
	var out []string
	for _, e := range tr.All() {
		if e.Actor != world.ConsoleActor || e.Kind != trace.KindLine && e.Kind != trace.KindData {
			continue
		}
		prefix := "S: "
		if e.Dir == trace.DirSend {
			prefix = "C: "
		}
		out = append(out, prefix+e.Line)
	}
	return out
}

func kinds(tr *trace.Trace, k trace.Kind, pred func(trace.Event) bool) []trace.Event {
	var out []trace.Event
	for _, e := range tr.All() {
		if e.Kind == k && (pred == nil || pred(e)) {
			out = append(out, e)
		}
	}
	return out
}

func TestConsoleTransactionToMX(t *testing.T) {
	sc := load(t, "first-mail")
	w := world.New(sc)
	run := w.AddConsole(world.Console{At: time.Hour, Host: "mx.example.net", Port: 25, Lines: []string{
		"EHLO my-laptop.example", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>", "DATA",
		"Subject: typed by hand", "", "Hello Bob", ".", "QUIT",
	}})
	w.Run()
	tr := w.Trace()
	lines := consoleLines(tr)
	require.NotEmpty(t, lines)
	assert.True(t, strings.HasPrefix(lines[0], "S: 220 mx.example.net"), lines[0])
	assert.Contains(t, lines, "C: EHLO my-laptop.example")
	assert.Contains(t, lines, "S: 354 End data with <CR><LF>.<CR><LF>")
	assert.Contains(t, lines, "C: (message c1, 3 lines, 37 octets)")
	assert.Contains(t, lines, "C: .")
	assert.Contains(t, lines, "S: 221 2.0.0 Bye")
	var queued bool
	for _, l := range lines {
		queued = queued || strings.HasPrefix(l, "S: 250 2.0.0 Ok: queued as")
	}
	assert.True(t, queued, "the message was accepted")
	assert.Equal(t, 9, run.Sent)
	assert.True(t, run.Closed)
	assert.False(t, run.Waiting)
	assert.Equal(t, []string{"c1"}, run.Msgs)
	deliveries := kinds(tr, trace.KindDeliver, func(e trace.Event) bool { return e.Msg == "c1" })
	require.Len(t, deliveries, 1)
	assert.Equal(t, "bob@example.net", deliveries[0].Rcpt)
	assert.Equal(t, "delivered", outcome(tr, "c1", "bob@example.net").Outcome)
	box := w.Mailbox("mx.example.net", "bob@example.net")
	require.Len(t, box, 2, "the scenario's message and the typed one")
	assert.Contains(t, string(box[1]), "Subject: typed by hand\r\n\r\nHello Bob\r\n")
	assert.Contains(t, string(box[1]), "Received: from my-laptop.example")
}

// TestConsoleKeepsThePast: a console changes nothing before it connects, and a world
// without one is the world as it was (the golden traces check the latter too).
func TestConsoleKeepsThePast(t *testing.T) {
	sc := load(t, "first-mail")
	plain := world.Run(sc)
	w := world.New(sc)
	w.AddConsole(world.Console{At: 2 * time.Minute, Host: "mx.example.net", Port: 25, Lines: []string{"NOOP"}})
	w.Run()
	tr := w.Trace()
	first := kinds(tr, trace.KindConnect, func(e trace.Event) bool { return e.Actor == world.ConsoleActor })
	require.Len(t, first, 1)
	assert.Equal(t, plain.Events()[:first[0].Seq-1], tr.Events()[:first[0].Seq-1])
}

func TestConsoleSubmissionFlowsOn(t *testing.T) {
	sc := load(t, "first-mail")
	w := world.New(sc)
	auth := base64.StdEncoding.EncodeToString([]byte("\x00alice@example.org\x00secret"))
	w.AddConsole(world.Console{At: time.Hour, Host: "mail.example.org", Port: 587, Lines: []string{
		"EHLO my-laptop.example", "MAIL FROM:<alice@example.org>", "AUTH PLAIN " + auth, "MAIL FROM:<alice@example.org>",
		"RCPT TO:<bob@example.net>", "DATA", "Subject: via the MSA", "", "hi", ".", "QUIT",
	}})
	w.Run()
	tr := w.Trace()
	lines := consoleLines(tr)
	assert.Contains(t, lines, "S: 530 5.7.0 Authentication required")
	assert.Contains(t, lines, "S: 235 2.7.0 Authentication successful")
	// The MSA queues the message, asks DNS for example.net and relays it to the MX.
	assert.NotEmpty(t, kinds(tr, trace.KindEnqueue, func(e trace.Event) bool { return e.Msg == "c1" && e.Actor == "mail.example.org" }))
	assert.NotEmpty(t, kinds(tr, trace.KindDNSQuery, func(e trace.Event) bool { return e.Msg == "c1" }))
	assert.Equal(t, "delivered", outcome(tr, "c1", "bob@example.net").Outcome)
	assert.Equal(t, "mx.example.net/bob@example.net", outcome(tr, "c1", "bob@example.net").Mailbox)
}

func TestConsoleWrongSequenceAndHeldText(t *testing.T) {
	sc := load(t, "first-mail")
	w := world.New(sc)
	run := w.AddConsole(world.Console{At: time.Hour, Host: "mx.example.net", Port: 25, Lines: []string{
		"EHLO x.example", "RCPT TO:<bob@example.net>", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>", "DATA", "Subject: not yet",
	}})
	w.Run()
	tr := w.Trace()
	var need []trace.Event
	for _, e := range tr.All() {
		if e.Actor == world.ConsoleActor && e.Reason == "rcpt.need-mail" {
			need = append(need, e)
		}
	}
	require.Len(t, need, 1)
	assert.Equal(t, "503 5.5.1 Error: need MAIL command", need[0].Line)
	assert.True(t, run.InData, "after 354 the text is held until the final dot")
	assert.Equal(t, 5, run.Sent)
	assert.False(t, run.Closed, "without QUIT the connection stays open")
	assert.Empty(t, kinds(tr, trace.KindData, func(e trace.Event) bool { return e.Actor == world.ConsoleActor }))
}

func TestConsolePOP3AndUnknownPort(t *testing.T) {
	sc := load(t, "first-mail")
	w := world.New(sc)
	w.AddConsole(world.Console{At: time.Hour, Host: "mx.example.net", Port: 110, Lines: []string{"USER bob@example.net", "PASS secret", "STAT", "QUIT"}})
	refused := w.AddConsole(world.Console{At: time.Hour, Host: "relay.example.org", Port: 110})
	w.Run()
	lines := consoleLines(w.Trace())
	assert.Contains(t, lines, "C: PASS secret")
	assert.Contains(t, lines, "S: +OK 1 717")
	assert.True(t, refused.Closed)
	assert.NotEmpty(t, kinds(w.Trace(), trace.KindRefused, func(e trace.Event) bool { return e.Actor == world.ConsoleActor }))
}

// manualTrace runs first-mail with the learner playing mx.example.net.
func manualTrace(t *testing.T, replies ...string) (*world.World, *world.ManualRun) {
	t.Helper()
	w := world.New(load(t, "first-mail"))
	run := w.SetManualServer(world.ManualServer{Host: "mx.example.net", Replies: replies})
	w.Run()
	return w, run
}

func TestManualServerTemporaryFailure(t *testing.T) {
	w, run := manualTrace(t, "220 mx.example.net ESMTP", "250 mx.example.net", "250 2.1.0 Ok", "451 4.3.0 Try again later", "221 2.0.0 Bye")
	tr := w.Trace()
	defers := kinds(tr, trace.KindDefer, func(e trace.Event) bool { return e.Msg == "m1" })
	require.NotEmpty(t, defers)
	assert.Equal(t, 451, defers[0].Code)
	assert.Equal(t, "4.3.0", defers[0].Status)
	assert.Positive(t, defers[0].Next, "a next attempt is planned")
	require.GreaterOrEqual(t, len(run.Requests), 6)
	assert.Equal(t, "", run.Requests[0].What, "the greeting first")
	assert.Equal(t, "EHLO mail.example.org", run.Requests[1].What)
	assert.Equal(t, "RCPT TO:<bob@example.net>", run.Requests[3].What)
	assert.Equal(t, "QUIT", run.Requests[4].What)
	waiting, ok := run.Waiting()
	require.True(t, ok, "the retry connects and waits for a greeting")
	assert.Equal(t, "", waiting.What)
	assert.Greater(t, tr.At(waiting.Event).Time, time.Duration(defers[0].Next-1)*time.Millisecond-time.Minute)
	// With no reply the client times out, and in the end the message expires.
	assert.NotEmpty(t, kinds(tr, trace.KindTimeout, func(e trace.Event) bool { return e.Peer == "mx.example.net" }))
	assert.Equal(t, "bounced", outcome(tr, "m1", "bob@example.net").Outcome)
}

func TestManualServerAccepts(t *testing.T) {
	w, run := manualTrace(t, "220 mx.example.net ESMTP", "250-mx.example.net", "250 PIPELINING", "250 2.1.0 Ok", "250 2.1.5 Ok",
		"354 go ahead", "250 2.0.0 Ok: queued as 1", "221 2.0.0 Bye")
	tr := w.Trace()
	hand := kinds(tr, trace.KindHandoff, func(e trace.Event) bool { return e.Msg == "m1" && e.Actor == "mx.example.net" })
	require.Len(t, hand, 1)
	assert.Contains(t, hand[0].Text, "played by you")
	o := outcome(tr, "m1", "bob@example.net")
	assert.Equal(t, "delivered", o.Outcome)
	assert.Equal(t, "mx.example.net/you", o.Mailbox)
	_, waiting := run.Waiting()
	assert.False(t, waiting)
	// With PIPELINING offered, MAIL, RCPT and DATA came in one packet and were answered in order.
	var whats []string
	for _, r := range run.Requests {
		whats = append(whats, r.What)
	}
	assert.Equal(t, []string{"", "EHLO mail.example.org", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>", "DATA",
		"(message, 519 octets)", "QUIT"}, whats[:7])
	assert.Equal(t, run.Requests[2].Event, run.Requests[4].Event, "MAIL to DATA arrived together")
}

func TestManualServerSilence(t *testing.T) {
	w, run := manualTrace(t)
	tr := w.Trace()
	timeouts := kinds(tr, trace.KindTimeout, func(e trace.Event) bool { return e.Peer == "mx.example.net" })
	require.NotEmpty(t, timeouts)
	assert.Contains(t, timeouts[0].Text, "no reply from mx.example.net for 5m")
	require.NotEmpty(t, run.Requests)
	assert.False(t, run.Requests[0].Answered)
	defers := kinds(tr, trace.KindDefer, func(e trace.Event) bool { return e.Msg == "m1" })
	require.NotEmpty(t, defers)
	assert.Equal(t, "client.timeout", defers[0].Reason)
}
