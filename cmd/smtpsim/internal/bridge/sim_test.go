package bridge

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/smtp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/trace"
)

// simSpeed makes the greylisting lesson's five-minute retry come back after a tenth
// of a real second.
const simSpeed = 3000

// waitLimit bounds every wait for the simulated world: far longer than it needs.
const waitLimit = 20 * time.Second

// recorder keeps the trace events the bridge reports and lets a test wait for one.
type recorder struct {
	mu      sync.Mutex
	events  []trace.Event
	changed chan struct{} // closed and replaced at every event
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{})} }

func (r *recorder) add(e trace.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	close(r.changed)
	r.changed = make(chan struct{})
}

// waitFor returns the index and the first event that matches, waiting for it to happen.
func (r *recorder) waitFor(t *testing.T, what string, match func(trace.Event) bool) (int, trace.Event) {
	t.Helper()
	deadline := time.NewTimer(waitLimit)
	defer deadline.Stop()
	for i := 0; ; {
		r.mu.Lock()
		for ; i < len(r.events); i++ {
			if match(r.events[i]) {
				e := r.events[i]
				r.mu.Unlock()
				return i, e
			}
		}
		changed := r.changed
		r.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("no %s within %s", what, waitLimit)
		}
	}
}

// lockedBuffer is a log the bridge writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func builtin(t *testing.T, id string) scenario.Scenario {
	t.Helper()
	src, name, ok := lessons.Scenario(id)
	require.True(t, ok, id)
	sc, err := scenariofile.Parse(name, src)
	require.NoError(t, err)
	return *sc
}

// startLesson runs a built-in scenario's world behind the bridge, without the
// scenario's own messages so that only the test's mail travels.
func startLesson(t *testing.T, id string, mutate func(*Sim)) (*Bridge, *recorder, *lockedBuffer) {
	t.Helper()
	rec, log := newRecorder(), &lockedBuffer{}
	s := &Sim{Scenario: builtin(t, id), Speed: simSpeed, Quiet: true, OnEvent: rec.add}
	if mutate != nil {
		mutate(s)
	}
	b, err := Start(Config{SMTP: "127.0.0.1:0", Submission: "127.0.0.1:0", POP3: "127.0.0.1:0", IMAP: "127.0.0.1:0", Sim: s, Log: log, Now: fixedNow})
	require.NoError(t, err)
	t.Cleanup(b.Close)
	return b, rec, log
}

// journey waits for a message that a real client handed to the MSA to be greylisted
// by the destination's MX, retried and filed into rcpt's mailbox, and returns its id.
func journey(t *testing.T, rec *recorder, rcpt string) string {
	t.Helper()
	_, handoff := rec.waitFor(t, "hand-off at the MSA", func(e trace.Event) bool {
		return e.Kind == trace.KindHandoff && e.Actor == "mail.example.org" && strings.HasPrefix(e.Peer, "client 127.0.0.1:")
	})
	msg := handoff.Msg
	require.True(t, strings.HasPrefix(msg, "x"), "an outside message gets an x id: %s", msg)
	deferAt, deferred := rec.waitFor(t, "greylisting defer", func(e trace.Event) bool {
		return e.Kind == trace.KindDefer && e.Msg == msg && strings.EqualFold(e.Rcpt, rcpt)
	})
	assert.Equal(t, 450, deferred.Code)
	assert.Equal(t, "4.2.0", deferred.Status)
	assert.Contains(t, deferred.Text, "Greylisted")
	deliverAt, delivered := rec.waitFor(t, "delivery", func(e trace.Event) bool {
		return e.Kind == trace.KindDeliver && e.Msg == msg && strings.EqualFold(e.Rcpt, rcpt)
	})
	assert.Equal(t, "mx.example.net", delivered.Actor)
	assert.Less(t, deferAt, deliverAt)
	assert.GreaterOrEqual(t, delivered.Time-deferred.Time, 300*time.Second, "the retry waited the queue's five minutes of virtual time")
	return msg
}

func outcomeOf(b *Bridge, msg, rcpt string) trace.Outcome {
	for _, o := range b.Outcomes() {
		if o.Msg == msg && strings.EqualFold(o.Rcpt, rcpt) {
			return o
		}
	}
	return trace.Outcome{}
}

// TestLessonGoSMTP: Go's net/smtp, a third client written independently of ours,
// submits; the message takes the same way and is filed.
func TestLessonGoSMTP(t *testing.T) {
	b, rec, _ := startLesson(t, "greylisting", nil)
	submitWithGoSMTP(t, b, "Sent by net/smtp")
	msg := journey(t, rec, "bob@example.net")
	o := outcomeOf(b, msg, "bob@example.net")
	assert.Equal(t, trace.OutcomeDelivered, o.Outcome)
	assert.Equal(t, "mx.example.net/bob@example.net", o.Mailbox)
}

// submitWithGoSMTP sends alice's message to bob through the MSA with Go's net/smtp.
func submitWithGoSMTP(t *testing.T, b *Bridge, subject string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", b.Addr("submission"), 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(waitLimit)))
	c, err := smtp.NewClient(conn, "127.0.0.1")
	require.NoError(t, err)
	require.NoError(t, c.Hello("go.example"))
	ok, params := c.Extension("AUTH")
	require.True(t, ok)
	assert.Contains(t, params, "PLAIN")
	// net/smtp sends a plain password only to localhost: the bridge is on loopback.
	require.NoError(t, c.Auth(smtp.PlainAuth("", "alice@example.org", "secret", "127.0.0.1")))
	require.NoError(t, c.Mail("alice@example.org"))
	require.NoError(t, c.Rcpt("bob@example.net"))
	w, err := c.Data()
	require.NoError(t, err)
	_, err = fmt.Fprint(w, "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: "+subject+"\r\n\r\nHello Bob.\r\n")
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.NoError(t, c.Quit())
}

// smtpConn is a minimal SMTP client for checking single replies.
type smtpConn struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func dialSMTP(t *testing.T, addr string) *smtpConn {
	c, r, greeting := dial(t, addr)
	require.True(t, strings.HasPrefix(greeting, "220 "), greeting)
	return &smtpConn{t, c, r}
}

// do sends one command and returns the last line of its reply.
func (s *smtpConn) do(cmd string) string {
	s.t.Helper()
	_, err := s.c.Write([]byte(cmd + "\r\n"))
	require.NoError(s.t, err)
	for {
		line, err := s.r.ReadString('\n')
		require.NoError(s.t, err)
		if len(line) < 4 || line[3] != '-' {
			return strings.TrimRight(line, "\r\n")
		}
	}
}

// TestLessonMXGreylistsARealClient: a real client talking to the MX port is itself
// greylisted, and accepted once the greylisting delay has passed in virtual time.
func TestLessonMXGreylistsARealClient(t *testing.T) {
	b, rec, _ := startLesson(t, "greylisting", nil)
	s := dialSMTP(t, b.Addr("smtp"))
	assert.True(t, strings.HasPrefix(s.do("EHLO real.example"), "250 "))
	assert.Equal(t, "250 2.1.0 Ok", s.do("MAIL FROM:<carol@far.example>"))
	assert.Equal(t, "450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted, try again later", s.do("RCPT TO:<bob@example.net>"))
	assert.Equal(t, "554 5.7.1 <dave@elsewhere.example>: Relay access denied", s.do("RCPT TO:<dave@elsewhere.example>"))
	assert.Equal(t, "221 2.0.0 Bye", s.do("QUIT"))

	// Wait (on a timer, not a guess) until the scenario's greylisting delay has passed
	// in virtual time.
	var after time.Duration
	b.loop.do(func() { after = b.loop.w.Now() + 60*time.Second })
	timer := time.NewTimer(b.loop.realWait(after))
	<-timer.C

	s = dialSMTP(t, b.Addr("smtp"))
	s.do("EHLO real.example")
	s.do("MAIL FROM:<carol@far.example>")
	assert.Equal(t, "250 2.1.5 Ok", s.do("RCPT TO:<bob@example.net>"))
	assert.Equal(t, "354 End data with <CR><LF>.<CR><LF>", s.do("DATA"))
	reply := s.do("Subject: late\r\n\r\nHello.\r\n.")
	assert.True(t, strings.HasPrefix(reply, "250 2.0.0 Ok: queued as "), reply)
	s.do("QUIT")
	_, e := rec.waitFor(t, "delivery", func(e trace.Event) bool { return e.Kind == trace.KindDeliver })
	assert.Equal(t, "bob@example.net", e.Rcpt)
	assert.Equal(t, trace.OutcomeDelivered, outcomeOf(b, e.Msg, "bob@example.net").Outcome)
}

// TestLessonFaultDown: a host that a fault has down takes no connection.
func TestLessonFaultDown(t *testing.T) {
	f, err := fault.Parse("down:mail.example.org")
	require.NoError(t, err)
	b, rec, log := startLesson(t, "greylisting", func(s *Sim) { s.Faults = []fault.Fault{f} })
	c, err := net.DialTimeout("tcp", b.Addr("submission"), 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(waitLimit)))
	_, err = bufio.NewReader(c).ReadByte()
	assert.Error(t, err, "closed without a greeting")
	rec.waitFor(t, "the fault", func(e trace.Event) bool { return e.Kind == trace.KindFault })
	assert.Contains(t, log.String(), "mail.example.org is down")
}

// TestLessonScripted: without Quiet the scenario's own message travels too.
func TestLessonScripted(t *testing.T) {
	_, rec, _ := startLesson(t, "greylisting", func(s *Sim) { s.Quiet = false })
	_, e := rec.waitFor(t, "the scenario's delivery", func(e trace.Event) bool { return e.Kind == trace.KindDeliver })
	assert.Equal(t, "m1", e.Msg)
	_, f := rec.waitFor(t, "the scenario's fetch", func(e trace.Event) bool { return e.Kind == trace.KindFetch })
	assert.Equal(t, "MUA bob@example.net", f.Actor)
}

func TestPlan(t *testing.T) {
	tests := []struct {
		id, domain string
		want       []string // service=host:port
		err        string
	}{
		{"greylisting", "", []string{"submission=mail.example.org:587", "smtp=mx.example.net:25", "pop3=mx.example.net:110", "imap=mx.example.net:143"}, ""},
		{"greylisting", "example.org", []string{"submission=mail.example.org:587", "smtp=mail.example.org:25", "pop3=mail.example.org:110", "imap=mail.example.org:143"}, ""},
		{"first-mail", "", []string{"submission=mail.example.org:587", "smtp=mx.example.net:25", "pop3=mx.example.net:110", "imap=mx.example.net:143"}, ""},
		{"greylisting", "nowhere.example", nil, "serves nowhere.example (domains: example.org, example.net)"},
	}
	for _, tt := range tests {
		sc := builtin(t, tt.id)
		got, err := Plan(&sc, tt.domain)
		if tt.err != "" {
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
			continue
		}
		require.NoError(t, err)
		var s []string
		for _, e := range got {
			s = append(s, fmt.Sprintf("%s=%s:%d", e.Service, e.Host, e.Port))
		}
		assert.Equal(t, tt.want, s, "%s %s", tt.id, tt.domain)
	}
}

// TestLessonLimits: the connection limit and the idle timeout hold for the world's
// servers too, and the timeout is in the trace.
func TestLessonLimits(t *testing.T) {
	start := func(mutate func(*Config)) (*Bridge, *recorder) {
		rec := newRecorder()
		s := &Sim{Scenario: builtin(t, "greylisting"), Speed: simSpeed, Quiet: true, OnEvent: rec.add}
		cfg := Config{SMTP: "127.0.0.1:0", Sim: s}
		mutate(&cfg)
		b, err := Start(cfg)
		require.NoError(t, err)
		t.Cleanup(b.Close)
		return b, rec
	}
	b, _ := start(func(c *Config) { c.MaxConns = 1 })
	_, _, greeting := dial(t, b.Addr("smtp"))
	assert.Equal(t, "220 mx.example.net ESMTP smtpsim\r\n", greeting)
	_, _, second := dial(t, b.Addr("smtp"))
	assert.Equal(t, "421 4.7.0 mx.example.net Error: too many connections, try again later\r\n", second)

	b, rec := start(func(c *Config) { c.SMTPIdle = 100 * time.Millisecond })
	_, r, _ := dial(t, b.Addr("smtp"))
	line, err := r.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "421 4.4.2 mx.example.net Error: timeout exceeded\r\n", line)
	_, err = r.ReadByte()
	assert.Error(t, err, "closed after the 421")
	rec.waitFor(t, "the timeout in the trace", func(e trace.Event) bool { return e.Kind == trace.KindTimeout })
	rec.waitFor(t, "the close in the trace", func(e trace.Event) bool { return e.Kind == trace.KindClose })
}
