package smtp_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"log"
	"net"
	netsmtp "net/smtp"
	"net/textproto"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/smtp"
)

// These tests run the engines over real loopback sockets against SMTP code nobody here
// wrote: Go's net/smtp client and emersion/go-smtp's client and server (docs/tests.md
// lists them; the rules they check are in docs/protocol.md).

// dotBody has the lines dot-stuffing exists for (RFC 5321 §4.5.2): a leading dot, two
// leading dots, and a line that is only a dot and must not end the data.
const dotBody = "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: dots\r\n\r\n" +
	".starts with a dot\r\n..starts with two dots\r\n.\r\nthe line above is a lone dot\r\n"

// onlyDelivery waits for the server side of the connection and returns the one message
// the policy received.
func onlyDelivery(t *testing.T, srv *loopbackServer, pol *testPolicy) smtp.Envelope {
	t.Helper()
	require.NoError(t, srv.waitConn(t), "server side of the connection")
	require.Len(t, pol.delivered, 1)
	return pol.delivered[0]
}

func paths(ps []smtp.Path) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// TestInteropNetSMTPClient drives our server with Go's net/smtp client.
func TestInteropNetSMTPClient(t *testing.T) {
	pol := newTestPolicy()
	srv := serveEngine(t, smtp.Config{Hostname: "mx.example.org", Auth: true}, func() smtp.Policy { return pol })
	conn := dialLoopback(t, srv.Addr)
	require.NoError(t, conn.SetDeadline(time.Now().Add(ioTimeout)))

	// net/smtp's PlainAuth sends a password without TLS only to a server it knows by the
	// name localhost (or 127.0.0.1, ::1); the name given here is the one it checks.
	c, err := netsmtp.NewClient(conn, "localhost")
	require.NoError(t, err)
	require.NoError(t, c.Hello("client.example"))
	for _, ext := range []string{"PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", "SIZE"} {
		ok, _ := c.Extension(ext)
		assert.True(t, ok, "EHLO offers %s", ext)
	}
	ok, mechs := c.Extension("AUTH")
	require.True(t, ok, "EHLO offers AUTH")
	assert.Contains(t, strings.Fields(mechs), "PLAIN")

	require.NoError(t, c.Auth(netsmtp.PlainAuth("", "alice", "secret", "localhost")))

	// net/smtp's Verify wants exactly 250; our 252 (RFC 5321 §3.5.3: cannot verify, will
	// accept) reaches it as a *textproto.Error carrying the code.
	var perr *textproto.Error
	require.ErrorAs(t, c.Verify("bob@example.org"), &perr)
	assert.Equal(t, 252, perr.Code)
	assert.True(t, strings.HasPrefix(perr.Msg, "2.0.0 "), "VRFY reply %q carries its enhanced code", perr.Msg)

	require.NoError(t, c.Noop())

	// A transaction abandoned with RSET delivers nothing.
	require.NoError(t, c.Mail("alice@example.org"))
	require.NoError(t, c.Rcpt("bob@example.org"))
	require.NoError(t, c.Reset())

	require.NoError(t, c.Mail("alice@example.org"))
	err = c.Rcpt("nobody@example.org")
	require.ErrorAs(t, err, &perr, "unknown user")
	assert.Equal(t, 550, perr.Code)
	assert.True(t, strings.HasPrefix(perr.Msg, "5.1.1 <nobody@example.org>"), "reply text %q", perr.Msg)
	require.NoError(t, c.Rcpt("bob@example.org"))
	require.NoError(t, c.Rcpt("carol@far.example"), "relaying is allowed after AUTH")
	w, err := c.Data()
	require.NoError(t, err)
	_, err = io.WriteString(w, dotBody)
	require.NoError(t, err)
	require.NoError(t, w.Close(), "250 after the final dot")
	require.NoError(t, c.Quit())

	env := onlyDelivery(t, srv, pol)
	assert.Equal(t, "alice@example.org", env.From.String())
	assert.Equal(t, []string{"bob@example.org", "carol@far.example"}, paths(env.To), "the refused recipient is not in the envelope")
	assert.Equal(t, dotBody, string(env.Data), "the policy sees the text unstuffed")
}

// TestInteropGoSMTPClient drives our server with emersion/go-smtp's client: a
// submission with AUTH, then refusals, each of which must leave the session usable.
func TestInteropGoSMTPClient(t *testing.T) {
	cfg := smtp.Config{Hostname: "mx.example.org", Auth: true}
	dial := func(t *testing.T, srv *loopbackServer) *gosmtp.Client {
		conn := dialLoopback(t, srv.Addr)
		c := gosmtp.NewClient(conn)
		// go-smtp sets its own deadline around every command from these.
		c.CommandTimeout, c.SubmissionTimeout = ioTimeout, ioTimeout
		require.NoError(t, c.Hello("client.example"))
		return c
	}

	// go-sasl's LOGIN client sends the user name as an initial response
	// ("AUTH LOGIN Ym9i"), so the server's first challenge is for the password.
	for _, mech := range []struct {
		name   string
		client sasl.Client
	}{
		{sasl.Plain, sasl.NewPlainClient("", "bob", "secret")},
		{sasl.Login, sasl.NewLoginClient("bob", "secret")},
	} {
		t.Run("submission with AUTH "+mech.name, func(t *testing.T) {
			pol := newTestPolicy()
			srv := serveEngine(t, cfg, func() smtp.Policy { return pol })
			c := dial(t, srv)
			require.True(t, c.SupportsAuth(mech.name))
			require.NoError(t, c.Auth(mech.client))
			require.NoError(t, c.SendMail("bob@example.org", []string{"alice@example.org", "dave@far.example"}, strings.NewReader(dotBody)))
			require.NoError(t, c.Quit())

			env := onlyDelivery(t, srv, pol)
			assert.Equal(t, "bob@example.org", env.From.String())
			assert.Equal(t, []string{"alice@example.org", "dave@far.example"}, paths(env.To), "dave is relayed: bob logged in")
			assert.Equal(t, dotBody, string(env.Data))
			assert.Contains(t, env.MailParams, smtp.Param{Key: "BODY", Value: "8BITMIME"}, "go-smtp sends BODY=8BITMIME when offered")
		})
	}

	refusals := []struct {
		name     string
		step     func(c *gosmtp.Client) error
		wantCode int
		wantEnh  gosmtp.EnhancedCode
	}{
		{"relay denied without AUTH", func(c *gosmtp.Client) error {
			if err := c.Mail("someone@far.example", nil); err != nil {
				return err
			}
			return c.Rcpt("carol@far.example", nil)
		}, 554, gosmtp.EnhancedCode{5, 7, 1}},
		{"unknown local user", func(c *gosmtp.Client) error {
			if err := c.Mail("someone@far.example", nil); err != nil {
				return err
			}
			return c.Rcpt("nobody@example.org", nil)
		}, 550, gosmtp.EnhancedCode{5, 1, 1}},
		{"recipient syntax", func(c *gosmtp.Client) error {
			if err := c.Mail("someone@far.example", nil); err != nil {
				return err
			}
			return c.Rcpt("no address here", nil)
		}, 501, gosmtp.EnhancedCode{5, 1, 3}},
		{"SIZE over the limit", func(c *gosmtp.Client) error {
			return c.Mail("someone@far.example", &gosmtp.MailOptions{Size: 20_000_000})
		}, 552, gosmtp.EnhancedCode{5, 3, 4}},
		{"DATA before RCPT", func(c *gosmtp.Client) error {
			if err := c.Mail("someone@far.example", nil); err != nil {
				return err
			}
			_, err := c.Data()
			return err
		}, 503, gosmtp.EnhancedCode{5, 5, 1}},
		{"wrong password", func(c *gosmtp.Client) error {
			return c.Auth(sasl.NewPlainClient("", "alice", "wrong"))
		}, 535, gosmtp.EnhancedCode{5, 7, 8}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			pol := newTestPolicy()
			srv := serveEngine(t, cfg, func() smtp.Policy { return pol })
			c := dial(t, srv)

			var serr *gosmtp.SMTPError
			require.ErrorAs(t, tt.step(c), &serr)
			assert.Equal(t, tt.wantCode, serr.Code, "reply %q", serr.Message)
			assert.Equal(t, tt.wantEnh, serr.EnhancedCode, "reply %q", serr.Message)

			// The refusal costs the transaction, not the session.
			require.NoError(t, c.Reset())
			require.NoError(t, c.SendMail("someone@far.example", []string{"bob@example.org"}, strings.NewReader(dotBody)))
			require.NoError(t, c.Quit())
			env := onlyDelivery(t, srv, pol)
			assert.Equal(t, []string{"bob@example.org"}, paths(env.To))
		})
	}
}

// goSMTPMessage is what a go-smtp backend received in one transaction.
type goSMTPMessage struct {
	User, From string
	To         []string
	Data       string
}

// recordingBackend is a go-smtp backend for example.org that knows alice (password
// "secret") and refuses every recipient whose local part starts with "nobody", as a
// server refuses unknown users: 550 5.1.1.
type recordingBackend struct {
	mu       sync.Mutex
	messages []goSMTPMessage
}

func (b *recordingBackend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) {
	return &recordingSession{backend: b}, nil
}

func (b *recordingBackend) received() []goSMTPMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.messages)
}

type recordingSession struct {
	backend *recordingBackend
	user    string
	from    string
	to      []string
}

var _ gosmtp.AuthSession = (*recordingSession)(nil)

func (s *recordingSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *recordingSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != "alice" || password != "secret" {
			return gosmtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *recordingSession) Mail(from string, _ *gosmtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *recordingSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if strings.HasPrefix(to, "nobody") {
		return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: no such user"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *recordingSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.backend.mu.Lock()
	defer s.backend.mu.Unlock()
	s.backend.messages = append(s.backend.messages, goSMTPMessage{User: s.user, From: s.from, To: s.to, Data: string(data)})
	return nil
}

func (s *recordingSession) Reset() {
	s.from = ""
	s.to = nil
}

func (s *recordingSession) Logout() error { return nil }

// serveGoSMTP runs emersion/go-smtp's server on 127.0.0.1 with be until the test ends
// and returns its address.
func serveGoSMTP(tb testing.TB, be gosmtp.Backend) string {
	tb.Helper()
	s := gosmtp.NewServer(be)
	s.Domain = "mx.gosmtp.example"
	s.ReadTimeout, s.WriteTimeout = ioTimeout, ioTimeout
	s.MaxMessageBytes = 10240000 // as our engine's default
	s.AllowInsecureAuth = true
	s.ErrorLog = log.New(os.Stderr, "go-smtp server: ", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = s.Serve(ln)
	}()
	tb.Cleanup(func() {
		_ = s.Close()
		<-served
	})
	return ln.Addr().String()
}

// commandVerbs lists the verbs of the command lines in what a client sent, skipping
// message text (the bodies used here have no line that starts with a verb).
func commandVerbs(sent []byte) []string {
	var verbs []string
	sc := bufio.NewScanner(bytes.NewReader(sent))
	for sc.Scan() {
		verb, _, _ := strings.Cut(sc.Text(), " ")
		switch verb {
		case "EHLO", "HELO", "AUTH", "MAIL", "RCPT", "DATA", "RSET", "QUIT":
			verbs = append(verbs, verb)
		}
	}
	return verbs
}

// TestInteropClientAgainstGoSMTPServer runs our client engine against go-smtp's server,
// which answers sequence errors with 502 where RFC 5321 says 503.
func TestInteropClientAgainstGoSMTPServer(t *testing.T) {
	mail8bit := "From: alice@example.org\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n\r\nGr\xc3\xbc\xc3\x9fe aus K\xc3\xb6ln\r\n"
	msg := func(n string) string { return "Subject: " + n + "\r\n\r\nbody " + n + "\r\n" }
	ok := rcptWant{smtp.Accepted, "250 2.0.0", "dot"}
	unknown := rcptWant{smtp.Failed, "550 5.1.1", "rcpt"}

	tests := []struct {
		name      string
		ccfg      smtp.ClientConfig
		txs       []smtp.Transaction
		want      [][]rcptWant
		wantMsgs  []goSMTPMessage
		wantVerbs []string // the client's commands, in order
		wantReply string   // a reply line the server must have sent
	}{
		{
			name: "AUTH, per-recipient results, two transactions",
			ccfg: smtp.ClientConfig{Hostname: "client.example", Username: "alice", Password: "secret"},
			txs: []smtp.Transaction{
				{From: "alice@example.org", To: []string{"bob@example.org", "nobody@example.org", "carol@far.example"}, Data: []byte(dotBody)},
				{From: "", To: []string{"alice@example.org"}, Data: []byte(mail8bit)},
			},
			want: [][]rcptWant{{ok, unknown, ok}, {ok}},
			wantMsgs: []goSMTPMessage{
				{User: "alice", From: "alice@example.org", To: []string{"bob@example.org", "carol@far.example"}, Data: dotBody},
				{User: "alice", From: "", To: []string{"alice@example.org"}, Data: mail8bit},
			},
			wantVerbs: []string{"EHLO", "AUTH", "MAIL", "RCPT", "RCPT", "RCPT", "DATA", "MAIL", "RCPT", "DATA", "QUIT"},
		},
		{
			name: "every recipient refused: 502 to DATA, RSET, next transaction",
			txs: []smtp.Transaction{
				{From: "alice@example.org", To: []string{"nobody1@example.org", "nobody2@example.org"}, Data: []byte(msg("1"))},
				{From: "alice@example.org", To: []string{"bob@example.org"}, Data: []byte(msg("2"))},
			},
			want:      [][]rcptWant{{unknown, unknown}, {ok}},
			wantMsgs:  []goSMTPMessage{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg("2")}},
			wantVerbs: []string{"EHLO", "MAIL", "RCPT", "RCPT", "DATA", "RSET", "MAIL", "RCPT", "DATA", "QUIT"},
			wantReply: "502 5.5.1 Missing RCPT TO command.\r\n",
		},
		{
			name: "last transaction refused: straight to QUIT",
			txs: []smtp.Transaction{
				{From: "alice@example.org", To: []string{"bob@example.org"}, Data: []byte(msg("1"))},
				{From: "alice@example.org", To: []string{"nobody@example.org"}, Data: []byte(msg("2"))},
			},
			want:      [][]rcptWant{{ok}, {unknown}},
			wantMsgs:  []goSMTPMessage{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: msg("1")}},
			wantVerbs: []string{"EHLO", "MAIL", "RCPT", "DATA", "MAIL", "RCPT", "DATA", "QUIT"}, // QUIT needs no RSET first
			wantReply: "502 5.5.1 Missing RCPT TO command.\r\n",
		},
		{
			name: "one command at a time: no DATA without a recipient",
			ccfg: smtp.ClientConfig{NoPipelining: true},
			txs: []smtp.Transaction{
				{From: "alice@example.org", To: []string{"nobody@example.org"}, Data: []byte(msg("1"))},
				{From: "alice@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: []byte(msg("2"))},
			},
			want:      [][]rcptWant{{unknown}, {ok, ok}},
			wantMsgs:  []goSMTPMessage{{From: "alice@example.org", To: []string{"bob@example.org", "alice@example.org"}, Data: msg("2")}},
			wantVerbs: []string{"EHLO", "MAIL", "RCPT", "RSET", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"},
		},
		{
			name:      "wrong password fails every recipient",
			ccfg:      smtp.ClientConfig{Username: "alice", Password: "wrong"},
			txs:       []smtp.Transaction{{From: "alice@example.org", To: []string{"bob@example.org"}, Data: []byte(msg("1"))}},
			want:      [][]rcptWant{{{smtp.Failed, "535 5.7.8", "auth"}}},
			wantVerbs: []string{"EHLO", "AUTH", "QUIT"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			be := &recordingBackend{}
			conn := dialLoopback(t, serveGoSMTP(t, be))
			cli := smtp.NewClient(tt.ccfg, tt.txs...)
			var tr transcript
			require.NoError(t, driveClient(conn, cli, &tr), "transcript:\n%s", tr.received)

			got := make([][]rcptWant, len(tt.txs))
			for i, rs := range cli.Results() {
				for _, r := range rs {
					got[i] = append(got[i], rcptWant{r.Outcome, codeStatus(r.Reply), r.Stage})
				}
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.wantVerbs, commandVerbs(tr.sent))
			assert.True(t, bytes.HasSuffix(tr.received, []byte("\r\n221 2.0.0 Bye\r\n")), "go-smtp answered QUIT:\n%s", tr.received)
			if tt.wantReply != "" {
				assert.Contains(t, string(tr.received), tt.wantReply)
			}
			// go-smtp answered 250 to each final dot only after Data returned.
			assert.Equal(t, tt.wantMsgs, be.received())
		})
	}
}

// TestInteropClientServerLoopback is the pair of our own engines over a socket, the way
// smtpsim bridge runs them: the helpers themselves must not lose or reorder octets.
func TestInteropClientServerLoopback(t *testing.T) {
	pol := newTestPolicy()
	srv := serveEngine(t, smtp.Config{Hostname: "mx.example.org", Auth: true}, func() smtp.Policy { return pol })
	txs := make([]smtp.Transaction, 50)
	for i := range txs {
		txs[i] = smtp.Transaction{From: "alice@example.org", To: []string{"bob@example.org", "nobody@example.org"}, Data: []byte(dotBody)}
	}
	cli := smtp.NewClient(smtp.ClientConfig{Hostname: "client.example"}, txs...)
	require.NoError(t, driveClient(dialLoopback(t, srv.Addr), cli, nil))
	require.NoError(t, srv.waitConn(t))
	for i, rs := range cli.Results() {
		require.Len(t, rs, 2)
		assert.Equal(t, smtp.Accepted, rs[0].Outcome, "transaction %d", i)
		assert.Equal(t, smtp.Failed, rs[1].Outcome, "transaction %d", i)
	}
	require.Len(t, pol.delivered, len(txs))
	for _, env := range pol.delivered {
		assert.Equal(t, dotBody, string(env.Data))
	}
}

// TestInteropLostConnection checks the helpers' EOF path: a server that greets and then
// hangs up leaves every recipient deferred, not pending.
func TestInteropLostConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		_ = writeAll(conn, []byte("220 flaky.example ESMTP\r\n"))
		// Read the EHLO so the close is a FIN, not a reset.
		_ = conn.SetReadDeadline(time.Now().Add(ioTimeout))
		_, _ = conn.Read(make([]byte, 512))
		conn.Close()
	}()
	cli := smtp.NewClient(smtp.ClientConfig{}, smtp.Transaction{From: "a@x.example", To: []string{"b@y.example"}, Data: []byte("hi\r\n")})
	err = driveClient(dialLoopback(t, ln.Addr().String()), cli, nil)
	require.True(t, errors.Is(err, errServerLeft), "got %v", err)
	r := cli.Results()[0][0]
	assert.Equal(t, smtp.Deferred, r.Outcome)
	assert.Equal(t, "connection", r.Stage)
}
