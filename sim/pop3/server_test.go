package pop3

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mailbox"
)

// expect is one expected response: its reason key and, when wire is set, its exact octets.
type expect struct {
	reason string
	wire   string
}

func r(reason string) expect          { return expect{reason: reason} }
func w(reason, wire string) expect    { return expect{reason: reason, wire: wire} }
func repeat(e expect, n int) []expect { return slices.Repeat([]expect{e}, n) }

func join(parts ...[]expect) []expect {
	var out []expect
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// conversation is one session: what the client sends and what the server must answer.
type conversation struct {
	name  string
	cfg   Config
	fault *faultyStore // when set, the store is the fixture wrapped with these faults
	login bool         // send "USER alice" and "PASS secret" first (their answers are checked too)
	in    string       // everything the client sends, fed in one call (so it is pipelined)
	want  []expect
	done  bool     // Done afterwards
	left  []uint32 // UIDs left in alice's mailbox afterwards; nil means unchanged (2 3 4)
}

const loginLines = "USER alice\r\nPASS secret\r\n"

var longPad = strings.Repeat(" ", 506) // "NOOP"+longPad+CRLF is exactly 512 octets

func conversations() []conversation {
	return []conversation{
		{name: "QUIT in AUTHORIZATION closes without UPDATE", in: "QUIT\r\n",
			want: []expect{w("pop3.quit", "+OK pop.example.org POP3 server signing off\r\n")}, done: true},
		{name: "USER and PASS log in", in: loginLines,
			want: []expect{w("pop3.user-ok", "+OK send PASS\r\n"), w("pop3.login-ok", "+OK maildrop has 3 messages (137 octets)\r\n")}},
		{name: "wrong password", in: "USER alice\r\nPASS wrong\r\n",
			want: []expect{r("pop3.user-ok"), w("pop3.auth-failed", "-ERR [AUTH] invalid user name or password\r\n")}},
		{name: "unknown user gets the same answers as a wrong password", in: "USER mallory\r\nPASS secret\r\n",
			want: []expect{w("pop3.user-ok", "+OK send PASS\r\n"), w("pop3.auth-failed", "-ERR [AUTH] invalid user name or password\r\n")}},
		{name: "PASS without USER", in: "PASS secret\r\n",
			want: []expect{w("pop3.need-user", "-ERR send USER first\r\n")}},
		{name: "PASS must follow USER immediately", in: "USER alice\r\nCAPA\r\nPASS secret\r\n",
			want: []expect{r("pop3.user-ok"), r("pop3.capa"), r("pop3.need-user")}},
		{name: "a failed PASS forgets the user name", in: "USER alice\r\nPASS wrong\r\nPASS secret\r\n",
			want: []expect{r("pop3.user-ok"), r("pop3.auth-failed"), r("pop3.need-user")}},
		{name: "password with a space", in: "USER carol\r\nPASS correct horse\r\n",
			want: []expect{r("pop3.user-ok"), w("pop3.login-ok", "+OK maildrop has 0 messages (0 octets)\r\n")}},
		{name: "USER and PASS need their argument", in: "USER\r\nUSER a b\r\nUSER alice\r\nPASS\r\nPASS \r\n",
			want: []expect{w("pop3.syntax", "-ERR syntax error, usage: USER name\r\n"), r("pop3.syntax"), r("pop3.user-ok"),
				w("pop3.syntax", "-ERR syntax error, usage: PASS string\r\n"), r("pop3.syntax")}},
		{name: "TRANSACTION commands before login", in: "STAT\r\nLIST\r\nRETR 1\r\nDELE 1\r\nNOOP\r\nRSET\r\nUIDL\r\nTOP 1 1\r\n",
			want: join([]expect{w("pop3.wrong-state", "-ERR STAT not valid in this state\r\n")}, repeat(r("pop3.wrong-state"), 7))},
		{name: "USER and PASS after login", login: true, in: "USER alice\r\nPASS secret\r\n",
			want: []expect{w("pop3.wrong-state", "-ERR USER not valid in this state\r\n"), r("pop3.wrong-state")}},
		{name: "CAPA before login", in: "CAPA\r\n",
			want: []expect{w("pop3.capa", "+OK capability list follows\r\nTOP\r\nUSER\r\nUIDL\r\nPIPELINING\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n.\r\n")}},
		{name: "CAPA after login", login: true, in: "CAPA\r\n", want: []expect{r("pop3.capa")}},
		{name: "STAT", login: true, in: "STAT\r\n", want: []expect{w("pop3.stat", "+OK 3 137\r\n")}},
		{name: "LIST", login: true, in: "LIST\r\n",
			want: []expect{w("pop3.list", "+OK 3 messages (137 octets)\r\n1 67\r\n2 31\r\n3 39\r\n.\r\n")}},
		{name: "LIST one message", login: true, in: "LIST 2\r\n", want: []expect{w("pop3.list-msg", "+OK 2 31\r\n")}},
		{name: "LIST on an empty maildrop", in: "USER carol\r\nPASS correct horse\r\nLIST\r\nUIDL\r\nSTAT\r\n",
			want: []expect{r("pop3.user-ok"), r("pop3.login-ok"),
				w("pop3.list", "+OK 0 messages (0 octets)\r\n.\r\n"),
				w("pop3.uidl", "+OK unique-id listing follows\r\n.\r\n"),
				w("pop3.stat", "+OK 0 0\r\n")}},
		{name: "UIDL lists mailbox UIDs", login: true, in: "UIDL\r\n",
			want: []expect{w("pop3.uidl", "+OK unique-id listing follows\r\n1 2\r\n2 3\r\n3 4\r\n.\r\n")}},
		{name: "UIDL one message", login: true, in: "UIDL 3\r\n", want: []expect{w("pop3.uidl-msg", "+OK 3 4\r\n")}},
		{name: "RETR", login: true, in: "RETR 1\r\n",
			want: []expect{w("pop3.retr", "+OK 67 octets\r\n"+msg1+".\r\n")}},
		{name: "RETR dot-stuffs lines starting with a dot", login: true, in: "RETR 2\r\n",
			want: []expect{w("pop3.retr", "+OK 31 octets\r\nSubject: dots\r\n\r\n..\r\n..foo\r\nend\r\n.\r\n")}},
		{name: "TOP with no body lines", login: true, in: "TOP 1 0\r\n",
			want: []expect{w("pop3.top", "+OK top of message follows\r\nFrom: bob@example.org\r\nSubject: one\r\n\r\n.\r\n")}},
		{name: "TOP dot-stuffs body lines", login: true, in: "TOP 2 2\r\n",
			want: []expect{w("pop3.top", "+OK top of message follows\r\nSubject: dots\r\n\r\n..\r\n..foo\r\n.\r\n")}},
		{name: "TOP with more lines than the body has", login: true, in: "TOP 3 99999999999999999999999\r\n",
			want: []expect{w("pop3.top", "+OK top of message follows\r\n"+msg3+".\r\n")}},
		{name: "DELE hides the message from STAT, LIST and UIDL", login: true, in: "DELE 2\r\nSTAT\r\nLIST\r\nUIDL\r\n",
			want: []expect{
				w("pop3.dele", "+OK message 2 deleted\r\n"),
				w("pop3.stat", "+OK 2 106\r\n"),
				w("pop3.list", "+OK 2 messages (106 octets)\r\n1 67\r\n3 39\r\n.\r\n"),
				w("pop3.uidl", "+OK unique-id listing follows\r\n1 2\r\n3 4\r\n.\r\n")}},
		{name: "a deleted message cannot be used", login: true, in: "DELE 2\r\nRETR 2\r\nTOP 2 0\r\nDELE 2\r\nLIST 2\r\nUIDL 2\r\n",
			want: join([]expect{r("pop3.dele"), w("pop3.message-deleted", "-ERR message 2 already deleted\r\n")}, repeat(r("pop3.message-deleted"), 4))},
		{name: "deletions wait for QUIT", login: true, in: "DELE 1\r\nDELE 3\r\n",
			want: []expect{r("pop3.dele"), r("pop3.dele")}},
		{name: "QUIT applies deletions", login: true, in: "DELE 1\r\nDELE 3\r\nQUIT\r\n",
			want: []expect{r("pop3.dele"), r("pop3.dele"), w("pop3.update", "+OK pop.example.org POP3 server signing off (1 messages left)\r\n")},
			done: true, left: []uint32{3}},
		{name: "QUIT emptying the maildrop", login: true, in: "DELE 1\r\nDELE 2\r\nDELE 3\r\nQUIT\r\n",
			want: []expect{r("pop3.dele"), r("pop3.dele"), r("pop3.dele"), w("pop3.update", "+OK pop.example.org POP3 server signing off (0 messages left)\r\n")},
			done: true, left: []uint32{}},
		{name: "RSET undeletes", login: true, in: "DELE 1\r\nDELE 2\r\nRSET\r\nSTAT\r\nRETR 2\r\nQUIT\r\n",
			want: []expect{r("pop3.dele"), r("pop3.dele"), w("pop3.rset", "+OK maildrop has 3 messages (137 octets)\r\n"),
				w("pop3.stat", "+OK 3 137\r\n"), r("pop3.retr"), w("pop3.update", "+OK pop.example.org POP3 server signing off (3 messages left)\r\n")},
			done: true},
		{name: "NOOP", login: true, in: "NOOP\r\n", want: []expect{w("pop3.noop", "+OK\r\n")}},
		{name: "message numbers outside the maildrop", login: true,
			in:   "RETR 4\r\nRETR 0\r\nLIST 99999999999999999999999999\r\nDELE 18446744073709551616\r\nUIDL 00004\r\nTOP 9 1\r\n",
			want: join([]expect{w("pop3.no-such-message", "-ERR no such message, only 3 messages in maildrop\r\n")}, repeat(r("pop3.no-such-message"), 5))},
		{name: "leading zeros name the same message", login: true, in: "LIST 002\r\n", want: []expect{w("pop3.list-msg", "+OK 2 31\r\n")}},
		{name: "malformed numeric arguments", login: true,
			in: "RETR -1\r\nRETR +1\r\nRETR 1x\r\nRETR 0x1\r\nRETR\r\nRETR 1 2\r\nTOP 1\r\nTOP 1 -1\r\nTOP 1 x\r\nLIST 1 2\r\nDELE ١\r\n",
			want: join([]expect{w("pop3.syntax", "-ERR syntax error, usage: RETR msg\r\n")}, repeat(r("pop3.syntax"), 5),
				[]expect{w("pop3.syntax", "-ERR syntax error, usage: TOP msg n\r\n"), r("pop3.syntax"), r("pop3.syntax"),
					w("pop3.syntax", "-ERR syntax error, usage: LIST [msg]\r\n"), r("pop3.syntax")})},
		{name: "arguments where none are allowed", login: true, in: "STAT 1\r\nNOOP x\r\nRSET x\r\nCAPA x\r\nQUIT now\r\n",
			want: join([]expect{w("pop3.syntax", "-ERR syntax error, usage: STAT\r\n")}, repeat(r("pop3.syntax"), 4))},
		{name: "unknown and unimplemented commands", in: "APOP alice c4c9334bac560ecc979e58001b3e22fb\r\nSTLS\r\nHELO x\r\n\r\n",
			want: []expect{w("pop3.unknown-command", "-ERR unknown command\r\n"), r("pop3.unknown-command"), r("pop3.unknown-command"),
				r("pop3.unknown-command")}},
		{name: "keywords are case-insensitive", in: "user alice\r\npAsS secret\r\nstat\r\nQuIt\r\n",
			want: []expect{r("pop3.user-ok"), r("pop3.login-ok"), r("pop3.stat"), r("pop3.update")}, done: true},
		{name: "keywords fold ASCII only", login: true, in: "ſtat\r\n", want: []expect{r("pop3.unknown-command")}},
		{name: "bare LF ends a command", in: "USER alice\nPASS secret\nSTAT\n",
			want: []expect{r("pop3.user-ok"), r("pop3.login-ok"), w("pop3.stat", "+OK 3 137\r\n")}},
		{name: "a partial line waits for its end", login: true, in: "STAT\r\nNOO", want: []expect{r("pop3.stat")}},
		{name: "input after QUIT is ignored", in: "QUIT\r\nNOOP\r\nUSER alice\r\n", want: []expect{r("pop3.quit")}, done: true},
		{name: "too long a line is refused and the next one answered", login: true,
			in:   "NOOP " + strings.Repeat("x", 600) + "\r\nNOOP\r\n",
			want: []expect{w("pop3.line-too-long", "-ERR command line too long\r\n"), r("pop3.noop")}},
		{name: "512 octets with CRLF is the longest line", login: true,
			in:   "NOOP" + longPad + "\r\nNOOP" + longPad + " \r\nNOOP" + longPad + " \n",
			want: []expect{r("pop3.noop"), r("pop3.line-too-long"), r("pop3.noop")}},
		{name: "too many failed logins close the session", cfg: Config{Hostname: testHost, MaxAuthFailures: 2},
			in: "USER alice\r\nPASS a\r\nUSER alice\r\nPASS b\r\nNOOP\r\n",
			want: []expect{r("pop3.user-ok"), r("pop3.auth-failed"), r("pop3.user-ok"),
				w("pop3.auth-too-many", "-ERR [AUTH] too many failed logins, closing connection\r\n")}, done: true},
		{name: "maildrop that cannot be opened", fault: &faultyStore{loginErr: mailbox.ErrQuotaExceeded}, in: loginLines + "STAT\r\n",
			want: []expect{r("pop3.user-ok"), w("pop3.maildrop-unavailable", "-ERR [SYS/TEMP] unable to open maildrop\r\n"), r("pop3.wrong-state")}},
		{name: "message that cannot be read", fault: &faultyStore{readFail: 3}, login: true, in: "RETR 2\r\nTOP 2 0\r\nRETR 1\r\n",
			want: []expect{w("pop3.read-failed", "-ERR [SYS/TEMP] message cannot be read\r\n"), r("pop3.read-failed"), r("pop3.retr")}},
		{name: "UPDATE removes what it can and reports the rest", fault: &faultyStore{removeFail: 2}, login: true, in: "DELE 1\r\nDELE 2\r\nQUIT\r\n",
			want: []expect{r("pop3.dele"), r("pop3.dele"), w("pop3.update-failed", "-ERR some deleted messages not removed\r\n")},
			done: true, left: []uint32{2, 4}},
		{name: "a message already gone counts as removed", fault: &faultyStore{removeGone: 3}, login: true, in: "DELE 2\r\nQUIT\r\n",
			want: []expect{r("pop3.dele"), w("pop3.update", "+OK pop.example.org POP3 server signing off (2 messages left)\r\n")},
			done: true, left: []uint32{2, 4}},
		// STLS (RFC 2595 §4) comes last in each row: what follows it in the same read is discarded.
		{name: "STLS is not offered unless configured", in: "STLS\r\n",
			want: []expect{r("pop3.unknown-command")}},
		{name: "CAPA offers STLS, which begins TLS", cfg: Config{STLS: true}, in: "CAPA\r\nSTLS\r\n",
			want: []expect{w("pop3.capa", "+OK capability list follows\r\nTOP\r\nUSER\r\nUIDL\r\nPIPELINING\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nSTLS\r\n.\r\n"),
				w("pop3.stls", "+OK Begin TLS negotiation\r\n")}},
		{name: "STLS only before login", cfg: Config{STLS: true}, login: true, in: "STLS\r\n",
			want: []expect{w("pop3.wrong-state", "-ERR STLS not valid in this state\r\n")}},
		{name: "implicit TLS: no STLS in CAPA, STLS refused", cfg: Config{STLS: true, Secure: true}, in: "CAPA\r\nSTLS\r\n",
			want: []expect{w("pop3.capa", "+OK capability list follows\r\n"+capabilities+".\r\n"), w("pop3.stls-active", "-ERR TLS already active\r\n")}},
	}
}

// run plays c, feeding the input in chunks of the given sizes (cycled; none means all at
// once), and returns the responses after the greeting, the server and the fixture store.
func (c conversation) run(t testing.TB, chunks ...int) ([]Response, *Server, *mailbox.Memory) {
	t.Helper()
	memory := newFixture(t)
	var store mailbox.Store = memory
	if c.fault != nil {
		fault := *c.fault
		fault.Memory = memory
		store = &fault
	}
	cfg := c.cfg
	if cfg.Hostname == "" {
		cfg.Hostname = testHost
	}
	s := NewServer(cfg, store)
	in := c.in
	if c.login {
		in = loginLines + in
	}
	var got []Response
	for i := 0; in != ""; i++ {
		n := len(in)
		if len(chunks) > 0 {
			n = min(chunks[i%len(chunks)], len(in))
		}
		got = append(got, s.Feed([]byte(in[:n]))...)
		in = in[n:]
	}
	return got, s, memory
}

func TestConversations(t *testing.T) {
	rows := conversations()
	require.GreaterOrEqual(t, len(rows), 30)
	for _, c := range rows {
		t.Run(c.name, func(t *testing.T) {
			got, s, store := c.run(t)
			want := c.want
			if c.login {
				want = join([]expect{r("pop3.user-ok"), r("pop3.login-ok")}, want)
			}
			gotReasons := make([]string, len(got))
			for i, resp := range got {
				gotReasons[i] = string(resp.Reason)
			}
			wantReasons := make([]string, len(want))
			for i, e := range want {
				wantReasons[i] = e.reason
			}
			require.Equal(t, wantReasons, gotReasons)
			for i, e := range want {
				if e.wire != "" {
					assert.Equal(t, e.wire, string(got[i].Wire()), "response %d", i)
				}
			}
			assert.Equal(t, c.done, s.Done(), "Done")
			left := c.left
			if left == nil {
				left = []uint32{2, 3, 4}
			}
			assert.Equal(t, left, uidsOf(t, store, "alice"), "UIDs left in the mailbox")
		})
	}
}

// TestChunking checks that how the input is split into Feed calls changes nothing: byte
// by byte, in odd sizes and all at once give the same octets.
func TestChunking(t *testing.T) {
	for _, c := range conversations() {
		t.Run(c.name, func(t *testing.T) {
			whole, _, _ := c.run(t)
			for _, chunks := range [][]int{{1}, {2, 3, 5, 7}, {13, 1}} {
				got, _, _ := c.run(t, chunks...)
				assert.Equal(t, wireOf(whole), wireOf(got), "chunks %v", chunks)
			}
		})
	}
}

func TestGreeting(t *testing.T) {
	tests := []struct {
		host string
		want string
	}{
		{testHost, "+OK pop.example.org POP3 server ready\r\n"},
		{"", "+OK localhost POP3 server ready\r\n"},
		{"evil\r\n-ERR x", "+OK evil  -ERR x POP3 server ready\r\n"},
	}
	for _, tt := range tests {
		g := NewServer(Config{Hostname: tt.host}, newFixture(t)).Greeting()
		assert.Equal(t, reasonGreeting, g.Reason)
		assert.Equal(t, tt.want, string(g.Wire()))
	}
}

// TestTimeout checks RFC 1939 §3: autologout sends nothing and never enters UPDATE.
func TestTimeout(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"in AUTHORIZATION", "USER alice\r\n"},
		{"in TRANSACTION with deletions", loginLines + "DELE 1\r\nDELE 2\r\n"},
		{"with a partial line", loginLines + "DELE 1\r\nQUI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFixture(t)
			s := NewServer(Config{Hostname: testHost}, store)
			s.Feed([]byte(tt.in))
			require.False(t, s.Done())
			assert.Empty(t, s.Timeout())
			assert.True(t, s.Done())
			assert.Empty(t, s.Feed([]byte("T\r\nQUIT\r\n")), "input after the timeout")
			assert.Empty(t, s.Timeout(), "a second timeout")
			assert.Equal(t, []uint32{2, 3, 4}, uidsOf(t, store, "alice"))
		})
	}
}

// TestRetrSeen checks the one flag the engine touches: RETR sets \Seen unless KeepUnseen.
func TestRetrSeen(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		in   string
		seen []uint32
	}{
		{"RETR marks seen", Config{}, "RETR 1\r\nRETR 3\r\nRETR 3\r\n", []uint32{2, 4}},
		{"TOP does not", Config{}, "TOP 1 5\r\n", nil},
		{"KeepUnseen", Config{KeepUnseen: true}, "RETR 1\r\n", nil},
		{"a failed RETR does not", Config{}, "RETR 4\r\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFixture(t)
			box, _ := store.Box("alice")
			require.NoError(t, box.SetFlags(4, []string{mailbox.FlagFlagged}))
			s := NewServer(tt.cfg, store)
			s.Feed([]byte(loginLines + tt.in))
			var seen []uint32
			for _, m := range box.List() {
				if m.HasFlag(mailbox.FlagSeen) {
					seen = append(seen, m.UID)
				}
			}
			assert.Equal(t, tt.seen, seen)
			assert.True(t, box.List()[2].HasFlag(mailbox.FlagFlagged), "other flags are kept")
		})
	}
}

// TestLongLineBounded checks that a line without end does not make the engine buffer it.
func TestLongLineBounded(t *testing.T) {
	s := NewServer(Config{}, newFixture(t))
	chunk := []byte(strings.Repeat("A", 4096))
	for range 256 { // 1 MiB
		require.Empty(t, s.Feed(chunk))
		require.LessOrEqual(t, cap(s.line), 2*maxCommandLine)
	}
	got := s.Feed([]byte("\r\nQUIT\r\n"))
	require.Len(t, got, 2)
	assert.Equal(t, reasonLineTooLong, got[0].Reason)
	assert.Equal(t, reasonQuit, got[1].Reason)
}
