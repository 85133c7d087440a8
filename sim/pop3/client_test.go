package pop3

import (
	"bytes"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mailbox"
)

// msgDots has the lines "." and ".x" that byte-stuffing must carry through RETR unharmed,
// and ends with a "." line so that the last line before the terminator is a dot too.
const msgDots = "Subject: more dots\r\n\r\n.\r\n.x\r\n..\r\n. \r\nx.\r\n.\r\n"

// newClientFixture is newFixture with msgDots as alice's fourth message (UID 5), and erin,
// whose mailbox holds an empty message and one stored with bare LF line endings.
func newClientFixture(t testing.TB) *mailbox.Memory {
	t.Helper()
	store := newFixture(t)
	box, ok := store.Box("alice")
	require.True(t, ok)
	box.Append([]byte(msgDots), nil)
	erin := store.AddUser("erin", "pw", 0)
	erin.Append(nil, nil)
	erin.Append([]byte("a\nb"), nil)
	return store
}

var aliceMessages = []string{msg1, msg2, msg3, msgDots}

// feedAnswer gives the client one answer of the server, whole (chunk 0) or in pieces of
// chunk octets, and returns what the client sent back.
func feedAnswer(c *Client, answer []byte, chunk int) []byte {
	if chunk <= 0 {
		return c.Feed(answer)
	}
	var out []byte
	for len(answer) > 0 && !c.Done() {
		n := min(chunk, len(answer))
		out = append(out, c.Feed(answer[:n])...)
		answer = answer[n:]
	}
	return out
}

// converse runs c against s in memory, delivering each answer of the server in pieces of
// chunk octets (0: whole), and returns the client's commands without their CRLF. When
// the server has closed and the client still waits, the connection is lost.
func converse(t *testing.T, c *Client, s *Server, chunk int) []string {
	t.Helper()
	var sent []string
	in := s.Greeting().Wire()
	for i := 0; !c.Done(); i++ {
		require.Less(t, i, 1000, "the conversation does not end")
		out := feedAnswer(c, in, chunk)
		in = nil
		if len(out) > 0 {
			require.Equal(t, 1, bytes.Count(out, []byte("\n")), "one command at a time: %q", out)
			require.True(t, bytes.HasSuffix(out, []byte("\r\n")), "%q", out)
			sent = append(sent, string(out[:len(out)-2]))
			if !s.Done() {
				in = []byte(wireOf(s.Feed(out)))
			}
		}
		if !c.Done() && len(in) == 0 {
			require.True(t, s.Done(), "the client waits for an answer the server will not give")
			c.Lost(true)
		}
	}
	return sent
}

// asStrings makes messages comparable with the fixtures and prints readably on failure.
func asStrings(msgs [][]byte) []string {
	out := []string{}
	for _, m := range msgs {
		out = append(out, string(m))
	}
	return out
}

// clientCommands lists what the client sends for a session that logs in and retrieves
// messages first..last, with DELE after each one if del.
func clientCommands(user, password string, first, last int, del bool) []string {
	out := []string{"USER " + user, "PASS " + password, "STAT"}
	for n := first; n <= last; n++ {
		out = append(out, "RETR "+strconv.Itoa(n))
		if del {
			out = append(out, "DELE "+strconv.Itoa(n))
		}
	}
	return append(out, "QUIT")
}

type clientCase struct {
	name  string
	cfg   ClientConfig
	scfg  Config
	fault *faultyStore // when set, the store is the fixture wrapped with these faults
	sent  []string
	msgs  []string
	err   *Failure
	left  []uint32 // UIDs left in the user's mailbox; nil means alice's are unchanged
}

var (
	aliceConfig = ClientConfig{User: "alice", Password: "secret"}
	aliceLeft   = []uint32{2, 3, 4, 5}
)

func withConfig(cfg ClientConfig, change func(*ClientConfig)) ClientConfig {
	change(&cfg)
	return cfg
}

func clientCases() []clientCase {
	authFailed := &Failure{Stage: "pass", Line: "-ERR [AUTH] invalid user name or password", Reason: "pop3.client.refused"}
	return []clientCase{
		{name: "every message byte-exactly, dots included", cfg: aliceConfig,
			sent: clientCommands("alice", "secret", 1, 4, false), msgs: aliceMessages},
		{name: "Delete removes them after QUIT", cfg: withConfig(aliceConfig, func(c *ClientConfig) { c.Delete = true }),
			sent: clientCommands("alice", "secret", 1, 4, true), msgs: aliceMessages, left: []uint32{}},
		{name: "Max retrieves the first messages", cfg: withConfig(aliceConfig, func(c *ClientConfig) { c.Max = 2; c.Delete = true }),
			sent: clientCommands("alice", "secret", 1, 2, true), msgs: aliceMessages[:2], left: []uint32{4, 5}},
		{name: "Max beyond the maildrop", cfg: withConfig(aliceConfig, func(c *ClientConfig) { c.Max = 9 }),
			sent: clientCommands("alice", "secret", 1, 4, false), msgs: aliceMessages},
		{name: "empty mailbox, password with a space", cfg: ClientConfig{User: "carol", Password: "correct horse", Delete: true},
			sent: clientCommands("carol", "correct horse", 1, 0, true), msgs: []string{}},
		{name: "empty message and bare LF come back with CRLF", cfg: ClientConfig{User: "erin", Password: "pw"},
			sent: clientCommands("erin", "pw", 1, 2, false), msgs: []string{"", "a\r\nb\r\n"}},
		{name: "wrong password", cfg: ClientConfig{User: "alice", Password: "wrong", Delete: true},
			sent: []string{"USER alice", "PASS wrong", "QUIT"}, msgs: []string{}, err: authFailed},
		{name: "unknown user", cfg: ClientConfig{User: "mallory", Password: "secret"},
			sent: []string{"USER mallory", "PASS secret", "QUIT"}, msgs: []string{}, err: authFailed},
		{name: "server closes after a failed login", cfg: ClientConfig{User: "alice", Password: "wrong"}, scfg: Config{MaxAuthFailures: 1},
			sent: []string{"USER alice", "PASS wrong", "QUIT"}, msgs: []string{},
			err: &Failure{Stage: "pass", Line: "-ERR [AUTH] too many failed logins, closing connection", Reason: "pop3.client.refused"}},
		{name: "maildrop cannot be opened", cfg: aliceConfig, fault: &faultyStore{loginErr: mailbox.ErrQuotaExceeded},
			sent: []string{"USER alice", "PASS secret", "QUIT"}, msgs: []string{},
			err: &Failure{Stage: "pass", Line: "-ERR [SYS/TEMP] unable to open maildrop", Reason: "pop3.client.refused"}},
		{name: "RETR fails: messages before it are kept and deleted", cfg: withConfig(aliceConfig, func(c *ClientConfig) { c.Delete = true }),
			fault: &faultyStore{readFail: 3},
			sent:  []string{"USER alice", "PASS secret", "STAT", "RETR 1", "DELE 1", "RETR 2", "QUIT"}, msgs: aliceMessages[:1],
			err:  &Failure{Stage: "retr", Line: "-ERR [SYS/TEMP] message cannot be read", Reason: "pop3.client.refused"},
			left: []uint32{3, 4, 5}},
		{name: "UPDATE fails", cfg: withConfig(aliceConfig, func(c *ClientConfig) { c.Delete = true }), fault: &faultyStore{removeFail: 3},
			sent: clientCommands("alice", "secret", 1, 4, true), msgs: aliceMessages,
			err:  &Failure{Stage: "quit", Line: "-ERR some deleted messages not removed", Reason: "pop3.client.refused"},
			left: []uint32{3}},
		{name: "a line break in the password is not sent", cfg: ClientConfig{User: "alice", Password: "secret\r\nDELE 1", Delete: true},
			sent: []string{"USER alice", "QUIT"}, msgs: []string{},
			err: &Failure{Stage: "pass", Reason: "pop3.client.line-break"}},
		{name: "a line break in the user name is not sent", cfg: ClientConfig{User: "alice\nQUIT", Password: "secret"},
			sent: []string{"QUIT"}, msgs: []string{},
			err: &Failure{Stage: "user", Reason: "pop3.client.line-break"}},
	}
}

// TestClientAgainstServer drives the client against the server engine of this package
// over every chunking of the server's answers, from whole to one octet at a time: the
// result must not depend on how the octets arrive.
func TestClientAgainstServer(t *testing.T) {
	for _, tt := range clientCases() {
		t.Run(tt.name, func(t *testing.T) {
			for _, chunk := range []int{0, 1, 2, 7} {
				memory := newClientFixture(t)
				var store mailbox.Store = memory
				if tt.fault != nil {
					fault := *tt.fault
					fault.Memory = memory
					store = &fault
				}
				scfg := tt.scfg
				scfg.Hostname = testHost
				c := NewClient(tt.cfg)
				sent := converse(t, c, NewServer(scfg, store), chunk)

				assert.Equal(t, tt.sent, sent, "commands, chunk %d", chunk)
				assert.Equal(t, tt.msgs, asStrings(c.Messages()), "messages, chunk %d", chunk)
				assert.Equal(t, tt.err, c.Err(), "failure, chunk %d", chunk)
				assert.True(t, c.Done())
				user, left := tt.cfg.User, tt.left
				if left == nil {
					user, left = "alice", aliceLeft
				}
				if memory.Has(user) {
					assert.Equal(t, left, uidsOf(t, memory, user), "UIDs left, chunk %d", chunk)
				}
			}
		})
	}
}

// referenceSession runs alice's session with Delete once, octets whole, and returns the server's
// octets in order and the offsets in them at which each RETR answer ends.
func referenceSession(t *testing.T) (stream []byte, retrEnds []int) {
	t.Helper()
	c := NewClient(withConfig(aliceConfig, func(c *ClientConfig) { c.Delete = true }))
	s := NewServer(Config{Hostname: testHost}, newClientFixture(t))
	in := s.Greeting().Wire()
	for !c.Done() {
		stream = append(stream, in...)
		out := c.Feed(in)
		if c.Done() {
			break
		}
		require.NotEmpty(t, out)
		in = []byte(wireOf(s.Feed(out)))
		if bytes.HasPrefix(out, []byte("RETR ")) {
			retrEnds = append(retrEnds, len(stream)+len(in))
		}
	}
	require.Nil(t, c.Err())
	return stream, retrEnds
}

// cutSession runs alice's session with Delete but lets only the first budget octets of
// the server's answers through, then breaks the connection.
func cutSession(t *testing.T, budget int) *Client {
	t.Helper()
	c := NewClient(withConfig(aliceConfig, func(c *ClientConfig) { c.Delete = true }))
	s := NewServer(Config{Hostname: testHost}, newClientFixture(t))
	in := s.Greeting().Wire()
	for !c.Done() {
		if len(in) >= budget {
			c.Feed(in[:budget])
			c.Lost(true)
			break
		}
		budget -= len(in)
		in = []byte(wireOf(s.Feed(c.Feed(in))))
	}
	return c
}

// TestClientLost breaks the connection at chosen points and then after every octet of a
// whole session: Err is set unless the answer to QUIT arrived whole, and Messages holds
// exactly the messages whose answers arrived whole, never a part of one.
func TestClientLost(t *testing.T) {
	stream, retrEnds := referenceSession(t)
	require.Len(t, retrEnds, 4)
	retr2 := bytes.Index(stream, []byte("+OK 31 octets\r\n"))
	require.Positive(t, retr2)
	quitAnswer := bytes.Index(stream, []byte("+OK pop.example.org POP3 server signing off"))
	require.Positive(t, quitAnswer)

	lost := &Failure{Stage: "connection", Reason: "pop3.client.connection-lost"}
	tests := []struct {
		name   string
		budget int
		msgs   int
		err    *Failure
	}{
		{"before the greeting", 0, 0, lost},
		{"in the greeting", 5, 0, lost},
		{"in the status line of RETR 2", retr2 + 5, 1, lost},
		{"in the body of RETR 2", retr2 + 30, 1, lost},
		{"before the final dot of RETR 2", retrEnds[1] - 3, 1, lost},
		{"before the LF of the final dot of RETR 2", retrEnds[1] - 1, 1, lost},
		{"after RETR 2", retrEnds[1], 2, lost},
		{"before the answer to QUIT", quitAnswer, 4, lost},
		{"before the LF of the answer to QUIT", len(stream) - 1, 4, lost},
		{"after the answer to QUIT", len(stream), 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cutSession(t, tt.budget)
			assert.True(t, c.Done())
			assert.Equal(t, tt.err, c.Err())
			assert.Equal(t, aliceMessages[:tt.msgs], asStrings(c.Messages()))
			assert.Empty(t, c.Feed([]byte("+OK late\r\n")), "input after the loss")
		})
	}
	t.Run("after every octet", func(t *testing.T) {
		for budget := 0; budget <= len(stream); budget++ {
			c := cutSession(t, budget)
			whole := 0
			for _, end := range retrEnds {
				if end <= budget {
					whole++
				}
			}
			require.Equal(t, aliceMessages[:whole], asStrings(c.Messages()), "budget %d", budget)
			if budget == len(stream) {
				require.Nil(t, c.Err())
			} else {
				require.Equal(t, lost, c.Err(), "budget %d", budget)
			}
		}
	})
}

func TestClientTimeout(t *testing.T) {
	timeout := &Failure{Stage: "connection", Reason: "pop3.client.timeout"}
	tests := []struct {
		name   string
		answer string // what the server said before falling silent, after the greeting
		sent   string // the Timeout's output
		msgs   []string
		err    *Failure
	}{
		{name: "waiting for the greeting", sent: "QUIT\r\n", msgs: []string{}, err: timeout},
		{name: "in the middle of RETR", answer: "+OK\r\n+OK\r\n+OK\r\n+OK 2 10\r\n+OK\r\nline\r\n",
			sent: "QUIT\r\n", msgs: []string{}, err: timeout},
		{name: "after a message, before DELE is answered", answer: "+OK\r\n+OK\r\n+OK\r\n+OK 2 10\r\n+OK\r\nline\r\n.\r\n",
			sent: "QUIT\r\n", msgs: []string{"line\r\n"}, err: timeout},
		{name: "QUIT sent already", answer: "+OK\r\n+OK\r\n+OK\r\n+OK 0 0\r\n", msgs: []string{}, err: timeout},
		{name: "after a failure", answer: "+OK\r\n+OK\r\n-ERR no\r\n", msgs: []string{},
			err: &Failure{Stage: "pass", Line: "-ERR no", Reason: "pop3.client.refused"}},
		{name: "after the session", answer: "+OK\r\n+OK\r\n+OK\r\n+OK 0 0\r\n+OK\r\n", msgs: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClient(ClientConfig{User: "u", Password: "p", Delete: true})
			if tt.answer != "" {
				// One line at a time, as the answers would come.
				for _, line := range strings.SplitAfter(tt.answer, "\r\n") {
					c.Feed([]byte(line))
				}
			}
			assert.Equal(t, tt.sent, string(c.Timeout()))
			assert.True(t, c.Done())
			assert.Equal(t, tt.err, c.Err())
			assert.Equal(t, tt.msgs, asStrings(c.Messages()))
			assert.Empty(t, c.Timeout(), "a second timeout")
			assert.Empty(t, c.Feed([]byte("+OK\r\n")), "input after the timeout")
		})
	}
}

// scriptedCase is a server that answers from a script: the greeting, then one answer per
// command the client sends.
type scriptedCase struct {
	name    string
	cfg     ClientConfig
	answers []string
	sent    []string
	msgs    []string
	err     *Failure
	// timing marks scripts whose outcome depends on chunking: octets that arrive in
	// the same Feed as a complete answer answer nothing, but arriving later they read
	// as the answer to the next command. Such scripts run with whole answers only.
	timing bool
}

var loginOK = []string{"+OK ready\r\n", "+OK\r\n", "+OK\r\n"} // greeting, USER, PASS

func loginScript(answers ...string) []string { return append(slices.Clone(loginOK), answers...) }

func scriptedCases() []scriptedCase {
	login := []string{"USER u", "PASS p"}
	loginStat := []string{"USER u", "PASS p", "STAT"}
	then := func(cmds ...string) []string { return append(slices.Clone(loginStat), cmds...) }
	long := func(n int) string { return "+OK " + strings.Repeat("x", n-len("+OK \r\n")) + "\r\n" } // a status line of n octets
	return []scriptedCase{
		{name: "greeting -ERR", answers: []string{"-ERR busy\r\n", "+OK bye\r\n"},
			sent: []string{"QUIT"}, err: &Failure{Stage: "greeting", Line: "-ERR busy", Reason: "pop3.client.refused"}},
		{name: "greeting -ERR and the connection closes", answers: []string{"-ERR busy\r\n"},
			sent: []string{"QUIT"}, err: &Failure{Stage: "greeting", Line: "-ERR busy", Reason: "pop3.client.refused"}},
		{name: "greeting garbage", answers: []string{"HELLO there\r\n"},
			sent: []string{"QUIT"}, err: &Failure{Stage: "greeting", Line: "HELLO there", Reason: "pop3.client.bad-status"}},
		{name: "SMTP greeting", answers: []string{"220 mail.example.org ESMTP\r\n"},
			sent: []string{"QUIT"}, err: &Failure{Stage: "greeting", Line: "220 mail.example.org ESMTP", Reason: "pop3.client.bad-status"}},
		{name: "lower-case status", answers: []string{"+ok ready\r\n"},
			sent: []string{"QUIT"}, err: &Failure{Stage: "greeting", Line: "+ok ready", Reason: "pop3.client.bad-status"}},
		{name: "status glued to its text", answers: []string{"+OK\r\n", "+OKAY\r\n"},
			sent: []string{"USER u", "QUIT"}, err: &Failure{Stage: "user", Line: "+OKAY", Reason: "pop3.client.bad-status"}},
		{name: "USER -ERR", answers: []string{"+OK\r\n", "-ERR no such user\r\n", "+OK bye\r\n"},
			sent: []string{"USER u", "QUIT"}, err: &Failure{Stage: "user", Line: "-ERR no such user", Reason: "pop3.client.refused"}},
		{name: "bare status lines", answers: loginScript("+OK 0 0\r\n", "+OK\r\n"), sent: then("QUIT")},
		{name: "bare LF line ends", answers: []string{"+OK hi\n", "+OK\n", "+OK\n", "+OK 1 7\n", "+OK\n.x\nab\n.\n", "+OK\n"},
			sent: then("RETR 1", "QUIT"), msgs: []string{"x\r\nab\r\n"}},
		{name: "STAT without a size", answers: loginScript("+OK 3\r\n"),
			sent: then("QUIT"), err: &Failure{Stage: "stat", Line: "+OK 3", Reason: "pop3.client.bad-stat"}},
		{name: "STAT with words", answers: loginScript("+OK lots of mail\r\n"),
			sent: then("QUIT"), err: &Failure{Stage: "stat", Line: "+OK lots of mail", Reason: "pop3.client.bad-stat"}},
		{name: "STAT with a negative count", answers: loginScript("+OK -1 0\r\n"),
			sent: then("QUIT"), err: &Failure{Stage: "stat", Line: "+OK -1 0", Reason: "pop3.client.bad-stat"}},
		{name: "STAT with more information", answers: loginScript("+OK 1 5 more information\r\n", "+OK\r\nabc\r\n.\r\n", "+OK\r\n"),
			sent: then("RETR 1", "QUIT"), msgs: []string{"abc\r\n"}},
		{name: "STAT -ERR", answers: loginScript("-ERR locked\r\n", "+OK\r\n"),
			sent: then("QUIT"), err: &Failure{Stage: "stat", Line: "-ERR locked", Reason: "pop3.client.refused"}},
		{name: "only a line that is exactly a dot ends the message",
			answers: loginScript("+OK 1 40\r\n", "+OK\r\n. \r\n..\r\n.x\r\nx.\r\n .\r\n...\r\n.\r\r\n\r\n.\r\n", "+OK\r\n"),
			sent:    then("RETR 1", "QUIT"), msgs: []string{" \r\n.\r\nx\r\nx.\r\n .\r\n..\r\n\r\r\n\r\n"}},
		{name: "an empty message", answers: loginScript("+OK 1 0\r\n", "+OK 0 octets\r\n.\r\n", "+OK\r\n"),
			sent: then("RETR 1", "QUIT"), msgs: []string{""}},
		{name: "RETR -ERR keeps earlier messages", cfg: ClientConfig{Delete: true},
			answers: loginScript("+OK 2 10\r\n", "+OK\r\na\r\n.\r\n", "+OK\r\n", "-ERR gone\r\n", "+OK\r\n"),
			sent:    then("RETR 1", "DELE 1", "RETR 2", "QUIT"), msgs: []string{"a\r\n"},
			err: &Failure{Stage: "retr", Line: "-ERR gone", Reason: "pop3.client.refused"}},
		{name: "RETR garbage", answers: loginScript("+OK 1 10\r\n", "From: x\r\n"),
			sent: then("RETR 1", "QUIT"), err: &Failure{Stage: "retr", Line: "From: x", Reason: "pop3.client.bad-status"}},
		{name: "DELE -ERR", cfg: ClientConfig{Delete: true}, answers: loginScript("+OK 1 10\r\n", "+OK\r\na\r\n.\r\n", "-ERR no\r\n", "+OK\r\n"),
			sent: then("RETR 1", "DELE 1", "QUIT"), msgs: []string{"a\r\n"},
			err: &Failure{Stage: "dele", Line: "-ERR no", Reason: "pop3.client.refused"}},
		{name: "QUIT -ERR", answers: loginScript("+OK 0 0\r\n", "-ERR some deleted messages not removed\r\n"),
			sent: then("QUIT"), err: &Failure{Stage: "quit", Line: "-ERR some deleted messages not removed", Reason: "pop3.client.refused"}},
		{name: "garbage answer to QUIT", answers: loginScript("+OK 0 0\r\n", "bye\r\n"),
			sent: then("QUIT"), err: &Failure{Stage: "quit", Line: "bye", Reason: "pop3.client.bad-status"}},
		{name: "a 512-octet status line is accepted", answers: []string{long(512), "+OK\r\n", "+OK\r\n", "+OK 0 0\r\n", "+OK\r\n"},
			sent: then("QUIT")},
		{name: "a 513-octet status line is refused", answers: []string{long(513)},
			sent: []string{"QUIT"}, err: &Failure{Stage: "greeting", Line: long(513)[:510], Reason: "pop3.client.line-too-long"}},
		{name: "a status line without end is refused", answers: []string{strings.Repeat("+", 4000)},
			sent: []string{"QUIT"}, err: &Failure{Stage: "greeting", Line: strings.Repeat("+", 510), Reason: "pop3.client.line-too-long"}},
		{name: "body lines may be longer than status lines", answers: loginScript("+OK 1 2000\r\n", "+OK\r\n"+strings.Repeat("b", 2000)+"\r\n.\r\n", "+OK\r\n"),
			sent: then("RETR 1", "QUIT"), msgs: []string{strings.Repeat("b", 2000) + "\r\n"}},
		{name: "two answers to one command", answers: []string{"+OK hi\r\n+OK extra\r\n"}, timing: true,
			sent: []string{"QUIT"}, err: &Failure{Stage: "greeting", Line: "+OK extra", Reason: "pop3.client.unsolicited"}},
		{name: "octets after the final dot", answers: loginScript("+OK 1 3\r\n", "+OK\r\nx\r\n.\r\n+OK more"), timing: true,
			sent: then("RETR 1", "QUIT"), msgs: []string{"x\r\n"},
			err: &Failure{Stage: "retr", Line: "+OK more", Reason: "pop3.client.unsolicited"}},
		{name: "-ERR to PASS then the connection closes", answers: []string{"+OK\r\n", "+OK\r\n", "-ERR [AUTH] no\r\n"},
			sent: append(slices.Clone(login), "QUIT"), err: &Failure{Stage: "pass", Line: "-ERR [AUTH] no", Reason: "pop3.client.refused"}},
	}
}

// playScript gives c a scripted server's answers, each whole (chunk 0) or in pieces, and
// returns the client's commands without their CRLF.
func playScript(t *testing.T, c *Client, answers []string, chunk int) []string {
	t.Helper()
	var sent []string
	for i, answer := range answers {
		require.False(t, c.Done(), "the client ended before answer %d", i)
		out := feedAnswer(c, []byte(answer), chunk)
		for _, line := range strings.SplitAfter(string(out), "\r\n") {
			if line != "" {
				sent = append(sent, strings.TrimSuffix(line, "\r\n"))
			}
		}
	}
	return sent
}

// runScript plays the whole script and then, if the client still waits, breaks the
// connection, as a scripted server has nothing more to say.
func runScript(t *testing.T, c *Client, answers []string, chunk int) []string {
	t.Helper()
	sent := playScript(t, c, answers, chunk)
	if !c.Done() {
		c.Lost(true)
	}
	return sent
}

// TestClientScripted plays servers that misbehave, or behave in ways the server engine
// never does, and checks what the client sends and how it fails.
func TestClientScripted(t *testing.T) {
	for _, tt := range scriptedCases() {
		t.Run(tt.name, func(t *testing.T) {
			chunks := []int{0, 1, 3}
			if tt.timing {
				chunks = []int{0}
			}
			for _, chunk := range chunks {
				cfg := tt.cfg
				cfg.User, cfg.Password = "u", "p"
				c := NewClient(cfg)
				sent := runScript(t, c, tt.answers, chunk)
				assert.Equal(t, tt.sent, sent, "commands, chunk %d", chunk)
				msgs := tt.msgs
				if msgs == nil {
					msgs = []string{}
				}
				assert.Equal(t, msgs, asStrings(c.Messages()), "messages, chunk %d", chunk)
				assert.Equal(t, tt.err, c.Err(), "failure, chunk %d", chunk)
				assert.True(t, c.Done())
			}
		})
	}
}

// TestClientMessageTooLarge checks the memory bound: a message of 64 MiB is retrieved, one
// octet more fails the session, and a line without end is not buffered without bound.
func TestClientMessageTooLarge(t *testing.T) {
	line := strings.Repeat("a", 1022) + "\r\n"
	mib := []byte(strings.Repeat(line, 1024)) // 1 MiB of 1 KiB lines
	tooLarge := func(status string) *Failure {
		return &Failure{Stage: "retr", Line: status, Reason: "pop3.client.message-too-large"}
	}
	tests := []struct {
		name string
		body func(c *Client) []byte // feeds the body, returns the client's output
		size int                    // the size of the message retrieved, when it is
		err  *Failure
	}{
		{name: "64 MiB exactly", size: maxMessageSize, body: func(c *Client) []byte {
			for range 64 {
				require.Empty(t, c.Feed(mib))
			}
			// The terminator arrives in pieces: "." and ".\r" must not count as
			// content that would overflow the limit.
			require.Empty(t, c.Feed([]byte(".")))
			require.Empty(t, c.Feed([]byte("\r")))
			return c.Feed([]byte("\n"))
		}},
		{name: "64 MiB and a line more", err: tooLarge("+OK 42 octets"), body: func(c *Client) []byte {
			for range 64 {
				require.Empty(t, c.Feed(mib))
			}
			return c.Feed([]byte("b\r\n.\r\n"))
		}},
		{name: "64 MiB and part of a line more", err: tooLarge("+OK 42 octets"), body: func(c *Client) []byte {
			for range 64 {
				require.Empty(t, c.Feed(mib))
			}
			return c.Feed([]byte("bbb"))
		}},
		{name: "a line without end", err: tooLarge("+OK 42 octets"), body: func(c *Client) []byte {
			endless := bytes.Repeat([]byte("z"), 1<<20)
			for range 100 {
				if out := c.Feed(endless); len(out) > 0 {
					return out
				}
				require.LessOrEqual(t, cap(c.partial), 2*maxMessageSize)
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClient(ClientConfig{User: "u", Password: "p"})
			sent := playScript(t, c, loginScript("+OK 1 42\r\n"), 0)
			require.Equal(t, []string{"USER u", "PASS p", "STAT", "RETR 1"}, sent)
			require.Empty(t, c.Feed([]byte("+OK 42 octets\r\n")))
			out := tt.body(c)
			assert.Equal(t, "QUIT\r\n", string(out))
			assert.Equal(t, tt.err, c.Err())
			if tt.err != nil {
				assert.True(t, c.Done())
				assert.Empty(t, c.Messages())
				assert.Nil(t, c.partial, "the buffers are released")
				assert.Nil(t, c.body, "the buffers are released")
				return
			}
			require.Len(t, c.Messages(), 1)
			assert.Len(t, c.Messages()[0], tt.size)
		})
	}
}

// TestFailureReasons checks the table of failure reasons and that the tests above expect
// every one of them.
func TestFailureReasons(t *testing.T) {
	for key, info := range FailureReasons {
		assert.True(t, strings.HasPrefix(string(key), "pop3.client."), key)
		assert.Empty(t, info.Status, key)
		assert.True(t, strings.HasPrefix(info.RFC, "RFC "), "%s: %q", key, info.RFC)
		assert.NotContains(t, info.Text, "%", key)
		_, clash := Reasons[key]
		assert.False(t, clash, "%s is also a server reason", key)
	}
	expected := map[Reason]bool{ // the reasons that TestClientLost, TestClientTimeout and TestClientMessageTooLarge expect
		failLost: true, failTimeout: true, failTooLarge: true,
	}
	for _, tt := range clientCases() {
		if tt.err != nil {
			expected[tt.err.Reason] = true
		}
	}
	for _, tt := range scriptedCases() {
		if tt.err != nil {
			expected[tt.err.Reason] = true
		}
	}
	assert.ElementsMatch(t, slices.Collect(maps.Keys(FailureReasons)), slices.Collect(maps.Keys(expected)))
}

// FuzzClientFeed plays arbitrary servers: the input is the server's answers separated by
// NUL octets. It checks that the client sends at most one command per answer, that every
// message is bounded and ends with CRLF, and that feeding each answer one octet at a time
// gives the same outcome unless the whole feed found octets that answer nothing.
func FuzzClientFeed(f *testing.F) {
	for _, seed := range []string{
		"+OK\x00+OK\x00+OK\x00+OK 2 10\x00+OK\r\n..a\r\n.\r\n\x00+OK\x00+OK\r\nb\r\n.\r\n\x00+OK\x00+OK\r\n",
		"-ERR\x00+OK\r\n",
		"+OK\r\n\x00+OK\r\n\x00-ERR [AUTH] no\r\n\x00+OK\r\n",
		"+OK\n\x00+OK\n\x00+OK\n\x00+OK 1 1\n\x00+OK\n.\n\x00+OK\n",
		"+OK\r\n+OK\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		answers := strings.Split(string(data), "\x00")
		cfg := ClientConfig{User: "u", Password: "p", Delete: true}
		whole, split := NewClient(cfg), NewClient(cfg)
		var wholeOut, splitOut []byte
		for _, answer := range answers {
			if whole.Done() {
				break
			}
			out := whole.Feed([]byte(answer))
			if n := bytes.Count(out, []byte("\n")); n > 1 {
				t.Fatalf("%d commands in answer to %q", n, answer)
			}
			wholeOut = append(wholeOut, out...)
		}
		for _, answer := range answers {
			splitOut = append(splitOut, feedAnswer(split, []byte(answer), 1)...)
		}
		whole.Lost(true)
		split.Lost(true)
		for _, m := range whole.Messages() {
			if len(m) > maxMessageSize || (len(m) > 0 && !bytes.HasSuffix(m, []byte("\r\n"))) {
				t.Fatalf("bad message of %d octets: %.40q", len(m), m)
			}
		}
		if whole.Err() != nil && whole.Err().Reason == failUnsolicited {
			return
		}
		if !bytes.Equal(wholeOut, splitOut) {
			t.Fatalf("chunking changed the commands:\nwhole %q\nsplit %q", wholeOut, splitOut)
		}
		if !assert.ObjectsAreEqual(asStrings(whole.Messages()), asStrings(split.Messages())) ||
			!assert.ObjectsAreEqual(whole.Err(), split.Err()) {
			t.Fatalf("chunking changed the outcome: %+v %q and %+v %q", whole.Err(), whole.Messages(), split.Err(), split.Messages())
		}
	})
}
