package view_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/trace"
	"smtpsim/sim/world"
	"smtpsim/wasm/view"
)

func logText(log []view.ConsoleLine) []string {
	var out []string
	for _, l := range log {
		out = append(out, l.Kind+" "+l.Text)
	}
	return out
}

// send types lines at host:port and fails the test on an error.
func send(t *testing.T, p *view.Page, host string, port int, lines ...string) {
	t.Helper()
	for _, l := range lines {
		require.NoError(t, p.ConsoleSend(host, port, l), l)
	}
}

func TestConsoleTargets(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	var got []string
	for _, tg := range p.ConsoleTargets() {
		got = append(got, tg.Label)
	}
	assert.Contains(t, got, "mx.example.net:25 — SMTP, server to server (MTA)")
	assert.Contains(t, got, "mail.example.org:587 — submission, for mail programs (MSA)")
	assert.Contains(t, got, "mx.example.net:110 — POP3, pick up mail")
	assert.NotContains(t, got, "relay.example.org:587 — submission, for mail programs (MSA)")
	assert.Error(t, p.ConsoleSend("relay.example.org", 587, "EHLO x"))
	assert.Error(t, p.ConsoleSend("nowhere.example", 25, "EHLO x"))
	assert.Error(t, p.ConsoleSend("mx.example.net", 25, "EHLO x\r\nQUIT"))
}

func TestConsoleFullTransactionByHand(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	p.End()
	assert.Contains(t, p.ConsoleHint(), "Choose a server")
	assert.Empty(t, p.ConsoleSuggest())
	require.NoError(t, p.ConsoleConnect("mx.example.net", 25))
	cur, _ := p.Current()
	assert.Equal(t, world.ConsoleActor, cur.Actor)
	assert.Contains(t, cur.Line, "220 mx.example.net", "the view shows the greeting")
	assert.Contains(t, p.ConsoleHint(), "Server ready")
	// "Show me" leads through a whole session; the learner follows it.
	var typed []string
	for range 20 {
		s := p.ConsoleSuggest()
		typed = append(typed, s)
		send(t, p, "mx.example.net", 25, s)
		if s == "QUIT" {
			break
		}
	}
	assert.Equal(t, []string{"EHLO my-laptop.example", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>", "DATA",
		"From: <alice@example.org>", "To: <bob@example.net>", "Subject: Typed by hand", "", "Hello! I typed this message myself, line by line.", ".", "QUIT"}, typed)
	log := logText(p.ConsoleLog())
	assert.Equal(t, "note connect to mx.example.net, port 25", log[0])
	assert.Contains(t, log, "client Subject: Typed by hand")
	assert.Contains(t, log, "server 221 2.0.0 Bye")
	assert.Equal(t, "note connection closed", log[len(log)-1])
	assert.Contains(t, p.ConsoleHint(), "connection is closed")
	assert.Equal(t, 11, p.ConsoleLines())
	// The message went into Bob's mailbox, and the view's inspector shows it.
	var mails []string
	for _, m := range p.Mailboxes("mx.example.net") {
		mails = append(mails, m.Msg+" "+m.User)
		if m.Msg == "c1" {
			assert.Contains(t, m.Source, "Subject: Typed by hand")
			assert.Contains(t, m.Envelope, "MAIL FROM:<alice@example.org>")
		}
	}
	assert.Contains(t, mails, "c1 bob@example.net")
	assert.Contains(t, strings.Join(p.Transcript(), "\n"), "you → mx.example.net  C: RCPT TO:<bob@example.net>")
	// The console has its own lane, left, like a mail program.
	lanes := p.Lanes()
	assert.Contains(t, lanes, view.Lane{ID: "you", Label: "you (console)", Role: "console", Caption: "console"})
	p.Lang = "de"
	assert.Contains(t, p.Lanes(), view.Lane{ID: "you", Label: "Du (Konsole)", Role: "console", Caption: "Konsole"})
	assert.Contains(t, strings.Join(p.Transcript(), "\n"), "Du → mx.example.net  C: RCPT TO:<bob@example.net>")
	p.Lang = "en"
	// A new line after QUIT opens a new connection.
	send(t, p, "mx.example.net", 25, "NOOP")
	log = logText(p.ConsoleLog())
	assert.Equal(t, "server 250 2.0.0 Ok", log[len(log)-1])
	var connects int
	for _, l := range log {
		if strings.HasPrefix(l, "note connect to") {
			connects++
		}
	}
	assert.Equal(t, 2, connects)
}

func TestConsoleWrongSequenceHint(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	send(t, p, "mx.example.net", 25, "EHLO me.example", "RCPT TO:<bob@example.net>")
	assert.Equal(t, "503 5.5.1 — Sender missing: RCPT names a recipient, but no transaction has been started with MAIL FROM yet. The server answers 503 (bad sequence of commands).",
		p.ConsoleHint())
	log := p.ConsoleLog()
	last := log[len(log)-1]
	assert.Equal(t, "fail", last.Class)
	assert.Equal(t, "503 5.5.1 Error: need MAIL command", last.Text)
	assert.Equal(t, "MAIL FROM:<bob@example.net>", strings.Replace(p.ConsoleSuggest(), "alice@example.org", "bob@example.net", 1))
	p.Lang = "de"
	assert.Contains(t, p.ConsoleHint(), "503 5.5.1 — ")
	assert.NotContains(t, p.ConsoleHint(), "Sender missing")
}

func TestConsoleMessageTextIsHeldUntilTheDot(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	send(t, p, "mx.example.net", 25, "HELO me.example", "MAIL FROM:<carol@far.example>", "RCPT TO:<bob@example.net>", "DATA", "Subject: hi", "")
	assert.Contains(t, p.ConsoleHint(), "A line with only a dot ends it")
	log := p.ConsoleLog()
	assert.Equal(t, "held", log[len(log)-1].Kind)
	assert.Equal(t, "Hello! I typed this message myself, line by line.", p.ConsoleSuggest(), "the header is done")
	send(t, p, "mx.example.net", 25, "..leading dot", ".")
	log = p.ConsoleLog()
	assert.Contains(t, logText(log), "client ..leading dot", "the log shows the wire")
	assert.True(t, strings.HasPrefix(log[len(log)-1].Text, "250 2.0.0 Ok: queued as"))
	var found bool
	for _, m := range p.World.Mailbox("mx.example.net", "bob@example.net") {
		found = found || strings.Contains(string(m), "Subject: hi\r\n\r\n.leading dot\r\n")
	}
	assert.True(t, found, "the server removed the stuffed dot")
	assert.Equal(t, "QUIT", p.ConsoleSuggest())
}

func TestConsoleSubmissionWithAuthPlain(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	enc, explain := p.ConsoleAuthPlain("alice@example.org", "secret")
	assert.Equal(t, "AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==", enc)
	assert.Contains(t, explain, `\0alice@example.org\0secret`)
	assert.Contains(t, explain, enc)
	require.NoError(t, p.ConsoleConnect("mail.example.org", 587))
	send(t, p, "mail.example.org", 587, p.ConsoleSuggest())
	assert.Equal(t, "AUTH PLAIN "+enc, p.ConsoleSuggest())
	for s := p.ConsoleSuggest(); s != "QUIT"; s = p.ConsoleSuggest() {
		send(t, p, "mail.example.org", 587, s)
	}
	assert.Contains(t, logText(p.ConsoleLog()), "server 235 2.7.0 Authentication successful")
	var delivered bool
	for _, o := range p.Trace.Outcomes {
		delivered = delivered || o.Msg == "c1" && o.Rcpt == "bob@example.net" && o.Outcome == trace.OutcomeDelivered
	}
	assert.True(t, delivered, "the MSA relays the typed message to Bob's MX")
}

func TestConsolePOP3AndIMAPSuggestions(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	p.End()
	require.NoError(t, p.ConsoleConnect("mx.example.net", 110))
	assert.Equal(t, "USER bob@example.net", p.ConsoleSuggest())
	send(t, p, "mx.example.net", 110, "USER bob@example.net", "PASS wrong")
	assert.Equal(t, "USER bob@example.net", p.ConsoleSuggest(), "a failed login starts over")
	assert.Contains(t, p.ConsoleHint(), "-ERR")
	for s := ""; s != "QUIT"; {
		s = p.ConsoleSuggest()
		send(t, p, "mx.example.net", 110, s)
	}
	log := logText(p.ConsoleLog())
	assert.Contains(t, log, "client RETR 1")
	assert.Contains(t, log, "server Subject: Lunch on Friday?", "the message is shown line by line")
	require.NoError(t, p.ConsoleConnect("mx.example.net", 143))
	assert.Equal(t, "a1 LOGIN bob@example.net secret", p.ConsoleSuggest())
	for s := ""; !strings.HasSuffix(s, "LOGOUT"); {
		s = p.ConsoleSuggest()
		send(t, p, "mx.example.net", 143, s)
	}
	log = logText(p.ConsoleLog())
	assert.Contains(t, log, "client a4 LOGOUT")
}

func TestBeTheServerWithTemporaryFailure(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	assert.Equal(t, []string{"mail.example.org", "relay.example.org", "mx.example.net"}, p.ServerHosts())
	assert.Error(t, p.ServerReply("220 hi"), "no server chosen")
	assert.Contains(t, p.ServerHint(), "take it over")
	require.NoError(t, p.BeServer("mx.example.net"))
	assert.Equal(t, "mx.example.net", p.ServerHost())
	cur, _ := p.Current()
	assert.Equal(t, "mail.example.org", cur.Actor, "the view waits where the client connected")
	assert.Contains(t, p.ServerHint(), "the greeting (mail.example.org has connected)")
	assert.Equal(t, "220 mx.example.net ESMTP smtpsim", p.ServerSuggest())
	// Silence: the log shows what will happen, marked as later.
	log := p.ServerLog()
	var later []string
	for _, l := range log {
		if l.Later {
			later = append(later, l.Text)
		}
	}
	require.NotEmpty(t, later)
	assert.Contains(t, later[0], "no reply from mx.example.net for 5m")
	assert.Contains(t, later[len(later)-1], "next attempt")
	assert.Error(t, p.ServerReply("hello"))
	for _, r := range []string{"220 mx.example.net ESMTP", "250 mx.example.net", "250 2.1.0 Ok"} {
		require.NoError(t, p.ServerReply(r))
	}
	assert.Contains(t, p.ServerHint(), "RCPT TO:<bob@example.net>")
	assert.Equal(t, "250 2.1.5 Ok", p.ServerSuggest())
	require.NoError(t, p.ServerReply("451 4.3.0 Try again later"))
	assert.Contains(t, p.ServerHint(), "QUIT")
	require.NoError(t, p.ServerReply("221 2.0.0 Bye"))
	// The client deferred and comes back: the view waits at its next greeting.
	assert.Contains(t, p.ServerHint(), "the greeting")
	out := strings.Join(p.Transcript(), "\n")
	assert.Contains(t, out, "S: 451 4.3.0 Try again later")
	assert.Contains(t, out, `m1 to bob@example.net stays in the queue, next attempt `)
	assert.Contains(t, out, `: mx.example.net replied "451 4.3.0 Try again later"`)
	assert.Equal(t, []string{"220 mx.example.net ESMTP", "250 mx.example.net", "250 2.1.0 Ok", "451 4.3.0 Try again later", "221 2.0.0 Bye"}, p.ServerReplies())
	require.NoError(t, p.BeServer(""))
	assert.Empty(t, p.ServerHost())
	assert.Nil(t, p.ServerLog())
}

func TestBeTheServerAccepts(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	require.NoError(t, p.BeServer("mx.example.net"))
	for s := p.ServerSuggest(); s != ""; s = p.ServerSuggest() {
		require.NoError(t, p.ServerReply(s))
	}
	log := logText(p.ServerLog())
	assert.Contains(t, log, "client (message m1, 17 lines, 519 octets)")
	assert.Contains(t, log, "server 250 2.0.0 Ok: queued as 1")
	assert.Contains(t, log, "note mx.example.net (played by you) took responsibility for m1")
	assert.Contains(t, p.ServerHint(), "No client waits")
	for _, o := range p.Trace.Outcomes {
		if o.Msg == "m1" {
			assert.Equal(t, trace.OutcomeDelivered, o.Outcome)
		}
	}
}
