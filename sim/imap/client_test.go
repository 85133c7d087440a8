package imap

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mailbox"
)

// Messages that test how the client reads literals: one whose lines look
// like IMAP responses, an empty one, one with 8-bit text, bare LFs and no
// final line end, and one whose single line is longer than the client's
// line limit, which binds response lines but not literal data.
var (
	msgLookalike = "Subject: {5}\r\n\r\na3 OK fake\r\n* BYE not really\r\n)\r\n* 4 FETCH (BODY[] {3}\r\n"
	msgEmpty     = ""
	msgRaw       = "Subject: Grüße\n\nno final line end {2}"
	msgLongLine  = "Subject: long\r\n\r\n" + strings.Repeat("x", clientMaxLine+10)
)

var bobMessages = []string{msgHello, msgLunch, msgLookalike, msgEmpty, msgRaw, msgLongLine}

// Credentials that cannot all be sent as quoted strings.
const (
	daveUser     = `d"a\ve`
	davePassword = "grüß\r\ngott"
)

// clientStore holds bob's six messages, alice's empty INBOX, and dave, whose
// user name needs escapes and whose password needs a literal.
func clientStore(t *testing.T) *mailbox.Memory {
	t.Helper()
	st := mailbox.NewMemory()
	bob := st.AddUser("bob", "secret", 0)
	for _, m := range bobMessages {
		bob.Append([]byte(m), nil)
	}
	st.AddUser("alice", "wonderland", 0)
	dave := st.AddUser(daveUser, davePassword, 0)
	dave.Append([]byte(msgHello), nil)
	return st
}

// feedChunked gives the client octets whole (chunk 0) or in pieces of chunk
// octets and returns what it sent back.
func feedChunked(c *Client, p []byte, chunk int) []byte {
	if chunk <= 0 {
		return c.Feed(p)
	}
	var out []byte
	for len(p) > 0 && !c.Done() {
		n := min(chunk, len(p))
		out = append(out, c.Feed(p[:n])...)
		p = p[n:]
	}
	return out
}

// runAgainstServer runs c against s in memory, delivering the server's
// output in pieces of chunk octets (0: whole), and returns what the client
// sent, one entry per write. When the server has closed and the client
// still waits, the connection is lost.
func runAgainstServer(t *testing.T, c *Client, s *Server, chunk int) []string {
	t.Helper()
	var sent []string
	in := s.Greeting().Wire()
	for i := 0; !c.Done(); i++ {
		require.Less(t, i, 100, "the conversation does not end")
		out := feedChunked(c, in, chunk)
		in = nil
		if len(out) > 0 {
			require.True(t, bytes.HasSuffix(out, []byte("\r\n")), "%q", out)
			sent = append(sent, string(out))
			if !s.Done() {
				in = []byte(wire(s.Feed(out)))
			}
		}
		if !c.Done() && len(in) == 0 {
			require.True(t, s.Done(), "the client waits for an answer the server will not give")
			c.Lost(true)
		}
	}
	return sent
}

// asStrings makes messages comparable with the fixtures.
func asStrings(msgs [][]byte) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = string(m)
	}
	return out
}

// storedMessages returns what is left in user's INBOX.
func storedMessages(t *testing.T, st *mailbox.Memory, user string) []string {
	t.Helper()
	box, ok := st.Box(user)
	require.True(t, ok)
	out := []string{}
	for _, m := range box.List() {
		data, err := box.Read(m.UID)
		require.NoError(t, err)
		out = append(out, string(data))
	}
	return out
}

// TestClientAgainstServer drives the client against the server engine. Every
// case runs with the server's output delivered whole, byte by byte, and in
// pieces of 7 octets, and must give the same result each time.
func TestClientAgainstServer(t *testing.T) {
	loginBob := `a1 LOGIN "bob" "secret"` + "\r\n"
	loginAlice := `a1 LOGIN "alice" "wonderland"` + "\r\n"
	tests := []struct {
		name     string
		cfg      ClientConfig
		sent     []string
		messages []string
		err      *Failure
		user     string   // whose store is checked afterwards
		left     []string // the messages left in it
	}{
		{
			name:     "fetch all, keep",
			cfg:      ClientConfig{User: "bob", Password: "secret"},
			sent:     []string{loginBob, "a2 SELECT INBOX\r\n", "a3 FETCH 1:6 (BODY[])\r\n", "a4 LOGOUT\r\n"},
			messages: bobMessages,
			user:     "bob", left: bobMessages,
		},
		{
			name: "fetch all, delete empties the mailbox",
			cfg:  ClientConfig{User: "bob", Password: "secret", Delete: true},
			sent: []string{loginBob, "a2 SELECT INBOX\r\n", "a3 FETCH 1:6 (BODY[])\r\n",
				"a4 STORE 1:6 +FLAGS.SILENT (\\Deleted)\r\n", "a5 EXPUNGE\r\n", "a6 LOGOUT\r\n"},
			messages: bobMessages,
			user:     "bob", left: []string{},
		},
		{
			name: "max 2 with delete leaves the rest",
			cfg:  ClientConfig{User: "bob", Password: "secret", Delete: true, Max: 2},
			sent: []string{loginBob, "a2 SELECT INBOX\r\n", "a3 FETCH 1:2 (BODY[])\r\n",
				"a4 STORE 1:2 +FLAGS.SILENT (\\Deleted)\r\n", "a5 EXPUNGE\r\n", "a6 LOGOUT\r\n"},
			messages: bobMessages[:2],
			user:     "bob", left: bobMessages[2:],
		},
		{
			name:     "max 1",
			cfg:      ClientConfig{User: "bob", Password: "secret", Max: 1},
			sent:     []string{loginBob, "a2 SELECT INBOX\r\n", "a3 FETCH 1 (BODY[])\r\n", "a4 LOGOUT\r\n"},
			messages: bobMessages[:1],
			user:     "bob", left: bobMessages,
		},
		{
			name:     "max above the count fetches all",
			cfg:      ClientConfig{User: "bob", Password: "secret", Max: 100},
			sent:     []string{loginBob, "a2 SELECT INBOX\r\n", "a3 FETCH 1:6 (BODY[])\r\n", "a4 LOGOUT\r\n"},
			messages: bobMessages,
			user:     "bob", left: bobMessages,
		},
		{
			name:     "empty mailbox",
			cfg:      ClientConfig{User: "alice", Password: "wonderland"},
			sent:     []string{loginAlice, "a2 SELECT INBOX\r\n", "a3 LOGOUT\r\n"},
			messages: []string{},
			user:     "alice", left: []string{},
		},
		{
			name:     "empty mailbox with delete",
			cfg:      ClientConfig{User: "alice", Password: "wonderland", Delete: true},
			sent:     []string{loginAlice, "a2 SELECT INBOX\r\n", "a3 LOGOUT\r\n"},
			messages: []string{},
			user:     "alice", left: []string{},
		},
		{
			name:     "wrong password",
			cfg:      ClientConfig{User: "bob", Password: "wrong", Delete: true},
			sent:     []string{`a1 LOGIN "bob" "wrong"` + "\r\n", "a2 LOGOUT\r\n"},
			messages: []string{},
			err:      &Failure{Stage: "login", Line: "a1 NO [AUTHENTICATIONFAILED] Invalid credentials"},
			user:     "bob", left: bobMessages,
		},
		{
			name:     "unknown user",
			cfg:      ClientConfig{User: "nobody", Password: "secret"},
			sent:     []string{`a1 LOGIN "nobody" "secret"` + "\r\n", "a2 LOGOUT\r\n"},
			messages: []string{},
			err:      &Failure{Stage: "login", Line: "a1 NO [AUTHENTICATIONFAILED] Invalid credentials"},
			user:     "bob", left: bobMessages,
		},
		{
			name: "escaped user name and password as a literal",
			cfg:  ClientConfig{User: daveUser, Password: davePassword, Delete: true},
			sent: []string{
				`a1 LOGIN "d\"a\\ve" {` + strconv.Itoa(len(davePassword)) + "}\r\n",
				davePassword + "\r\n",
				"a2 SELECT INBOX\r\n", "a3 FETCH 1 (BODY[])\r\n",
				"a4 STORE 1 +FLAGS.SILENT (\\Deleted)\r\n", "a5 EXPUNGE\r\n", "a6 LOGOUT\r\n"},
			messages: []string{msgHello},
			user:     daveUser, left: []string{},
		},
	}
	for _, tt := range tests {
		for _, chunk := range []int{0, 1, 7} {
			t.Run(tt.name+"/chunk="+strconv.Itoa(chunk), func(t *testing.T) {
				st := clientStore(t)
				c := NewClient(tt.cfg)
				sent := runAgainstServer(t, c, NewServer(Config{Hostname: "mail.example.net"}, st), chunk)
				assert.Equal(t, tt.sent, sent)
				assert.Equal(t, tt.messages, asStrings(c.Messages()))
				assert.Equal(t, tt.err, c.Err())
				assert.True(t, c.Done())
				assert.Equal(t, tt.left, storedMessages(t, st, tt.user))
			})
		}
	}
}

// TestClientMarksFetchedSeen checks that FETCH BODY[] reads the messages the
// way a mail client does: the server sets \Seen (RFC 9051 §6.4.5).
func TestClientMarksFetchedSeen(t *testing.T) {
	st := clientStore(t)
	c := NewClient(ClientConfig{User: "bob", Password: "secret", Max: 2})
	runAgainstServer(t, c, NewServer(Config{}, st), 0)
	require.Nil(t, c.Err())
	box, _ := st.Box("bob")
	var seen []bool
	for _, m := range box.List() {
		seen = append(seen, m.HasFlag(mailbox.FlagSeen))
	}
	assert.Equal(t, []bool{true, true, false, false, false, false}, seen)
}

// TestClientLostMidFetch cuts the server's answer to FETCH at several
// points and then loses the connection: the session fails, and Messages
// holds only the messages whose FETCH response arrived completely.
func TestClientLostMidFetch(t *testing.T) {
	// Run the conversation up to the FETCH and keep the server's answer.
	st := clientStore(t)
	s := NewServer(Config{}, st)
	probe := NewClient(ClientConfig{User: "bob", Password: "secret", Max: 2})
	out := probe.Feed(s.Greeting().Wire())
	var prefix []byte // what the server sent before its answer to FETCH
	prefix = append(prefix, s.Greeting().Wire()...)
	for !bytes.Contains(out, []byte("FETCH")) {
		in := []byte(wire(s.Feed(out)))
		prefix = append(prefix, in...)
		out = probe.Feed(in)
	}
	answer := []byte(wire(s.Feed(out)))
	first := bytes.Index(answer, []byte(msgHello))
	second := bytes.Index(answer, []byte(msgLunch))
	require.Positive(t, first)
	require.Greater(t, second, first)

	tests := []struct {
		name     string
		cut      int // octets of the answer that arrive
		messages []string
	}{
		{"before the first response", 0, []string{}},
		{"in the first literal's announcement", first - 3, []string{}},
		{"in the middle of the first literal", first + len(msgHello)/2, []string{}},
		{"one octet short of the first literal's end", first + len(msgHello) - 1, []string{}},
		{"after the first literal, before its closing parenthesis", first + len(msgHello), []string{}},
		{"in the middle of the second literal", second + 10, []string{msgHello}},
		{"before the tagged OK", bytes.Index(answer, []byte("a3 OK")), []string{msgHello, msgLunch}},
	}
	for _, tt := range tests {
		for _, chunk := range []int{0, 1} {
			t.Run(tt.name+"/chunk="+strconv.Itoa(chunk), func(t *testing.T) {
				c := NewClient(ClientConfig{User: "bob", Password: "secret", Max: 2, Delete: true})
				c.Feed(prefix)
				assert.Empty(t, feedChunked(c, answer[:tt.cut], chunk))
				require.False(t, c.Done())
				c.Lost(true)
				assert.True(t, c.Done())
				assert.Equal(t, &Failure{Stage: "connection"}, c.Err())
				assert.Equal(t, tt.messages, asStrings(c.Messages()))
				assert.Nil(t, c.Feed(answer[tt.cut:]), "input after Lost is ignored")
			})
		}
	}
}

// exchange is one step of a scripted server: what it sends and what the
// client must answer.
type exchange struct{ server, client string }

// Steps that bring a client configured with user "u" and password "p" to
// the point where it waits for the answer to "a3 FETCH 1:n (BODY[])".
func toFetch(n int) []exchange {
	fetch := "a3 FETCH 1:" + strconv.Itoa(n) + " (BODY[])\r\n"
	if n == 1 {
		fetch = "a3 FETCH 1 (BODY[])\r\n"
	}
	return []exchange{
		{"* OK [CAPABILITY IMAP4rev1] ready\r\n", `a1 LOGIN "u" "p"` + "\r\n"},
		{"a1 OK logged in\r\n", "a2 SELECT INBOX\r\n"},
		{"* " + strconv.Itoa(n) + " EXISTS\r\na2 OK [READ-WRITE] selected\r\n", fetch},
	}
}

func script(parts ...[]exchange) []exchange {
	var out []exchange
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestClientScripted plays servers that answer in ways the server engine
// never does: items around and after the literal, untagged responses the
// client does not need, responses out of order, refusals at every stage,
// broken limits. Each script runs with every server write delivered whole
// and byte by byte.
func TestClientScripted(t *testing.T) {
	up := ClientConfig{User: "u", Password: "p"}
	upDelete := ClientConfig{User: "u", Password: "p", Delete: true}
	logout := func(tag string) []exchange {
		return []exchange{{"* BYE logging out\r\n" + tag + " OK LOGOUT completed\r\n", ""}}
	}
	longLine := "* OK " + strings.Repeat("x", clientMaxLine-5)
	tests := []struct {
		name     string
		cfg      ClientConfig
		steps    []exchange
		after    string // "lost" or "timeout" after the steps, or ""
		timeout  string // what Timeout returns
		done     bool
		err      *Failure
		messages []string
	}{
		{
			name: "FLAGS after the literal and extra untagged responses",
			cfg:  up,
			steps: script([]exchange{
				{"* OK [CAPABILITY IMAP4rev2] ready\r\n", `a1 LOGIN "u" "p"` + "\r\n"},
				{"* CAPABILITY IMAP4rev2\r\na1 OK logged in\r\n", "a2 SELECT INBOX\r\n"},
				{"* FLAGS (\\Seen \\Deleted)\r\n* 2 EXISTS\r\n* 3 RECENT\r\n* OK [UNSEEN 1] first unseen\r\n" +
					"* OK [UIDVALIDITY 9] UIDs valid\r\n* LIST () \"/\" INBOX\r\na2 OK [READ-WRITE] selected\r\n", "a3 FETCH 1:2 (BODY[])\r\n"},
				{"* 1 FETCH (UID 7 BODY[] {14}\r\nfirst\r\nbody)\r\n FLAGS (\\Seen))\r\n* 3 RECENT\r\n* OK [UNSEEN 1] still\r\n" +
					"* 2 FETCH (FLAGS (\\Seen $Junk) ENVELOPE (NIL {3}\r\nx)y ((NIL NIL \"a\" \"b\")) NIL NIL NIL NIL NIL NIL NIL) " +
					"BODY[] {4}\r\nzzzz RFC822.SIZE 4 MODSEQ (12))\r\na3 OK FETCH completed\r\n", "a4 LOGOUT\r\n"},
			}, logout("a4")),
			done:     true,
			messages: []string{"first\r\nbody)\r\n", "zzzz"},
		},
		{
			name: "responses out of order, flag updates and messages not asked for",
			cfg:  upDelete,
			steps: script(toFetch(3), []exchange{
				{"* 3 FETCH (BODY[] {5}\r\nthree)\r\n* 1 FETCH (FLAGS (\\Seen))\r\n* 9 FETCH (BODY[] {4}\r\nnine)\r\n" +
					"* 1 FETCH (BODY[] {3}\r\none)\r\n* 4 EXISTS\r\n* 2 FETCH (BODY[] \"two\")\r\na3 OK done\r\n",
					"a4 STORE 1:3 +FLAGS.SILENT (\\Deleted)\r\n"},
				{"a4 OK stored\r\n", "a5 EXPUNGE\r\n"},
				{"* 3 EXPUNGE\r\n* 2 EXPUNGE\r\n* 1 EXPUNGE\r\na5 OK expunged\r\n", "a6 LOGOUT\r\n"},
			}, logout("a6")),
			done:     true,
			messages: []string{"one", "two", "three"},
		},
		{
			name: "a message left out is not deleted",
			cfg:  upDelete,
			steps: script(toFetch(3), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\n* 3 FETCH (BODY[] {5}\r\nthree)\r\n" +
					"a3 OK [EXPUNGEISSUED] some messages were expunged\r\n", "a4 STORE 1,3 +FLAGS.SILENT (\\Deleted)\r\n"},
			}),
			messages: []string{"one", "three"},
		},
		{
			name: "only BODY[] is taken: literal8, quoted string, NIL, sections and partials",
			cfg:  up,
			steps: script(toFetch(4), []exchange{
				{"* 1 FETCH (BODY[HEADER] {4}\r\nhead BODY[] ~{3}\r\nabc)\r\n" +
					"* 2 FETCH (BODY[]<0> {2}\r\nab BODY[] \"quoted \\\"body\\\"\")\r\n" +
					"* 3 FETCH (BODY[] NIL)\r\n" +
					"* 4 FETCH (BODY[HEADER.FIELDS (FROM TO)] {0}\r\n body[] {2}\r\nok)\r\n" +
					"a3 OK done\r\n", "a4 LOGOUT\r\n"},
			}, logout("a4")),
			done:     true,
			messages: []string{"abc", `quoted "body"`, "ok"},
		},
		{
			name:  "greeting BYE",
			cfg:   up,
			steps: []exchange{{"* BYE too busy\r\n", ""}},
			done:  true,
			err:   &Failure{Stage: "greeting", Line: "* BYE too busy"},
		},
		{
			name:  "greeting PREAUTH",
			cfg:   up,
			steps: []exchange{{"* PREAUTH welcome back\r\n", "a1 LOGOUT\r\n"}},
			done:  true,
			err:   &Failure{Stage: "greeting", Line: "* PREAUTH welcome back"},
		},
		{
			name:  "a POP3 greeting",
			cfg:   up,
			steps: []exchange{{"+OK POP3 ready\r\n", "a1 LOGOUT\r\n"}},
			done:  true,
			err:   &Failure{Stage: "greeting", Line: "+OK POP3 ready"},
		},
		{
			name:  "untagged data before the greeting",
			cfg:   up,
			steps: []exchange{{"* 3 EXISTS\r\n", "a1 LOGOUT\r\n"}},
			done:  true,
			err:   &Failure{Stage: "greeting", Line: "* 3 EXISTS"},
		},
		{
			name: "login NO",
			cfg:  up,
			steps: script([]exchange{
				{"* OK ready\r\n", `a1 LOGIN "u" "p"` + "\r\n"},
				{"a1 NO [AUTHENTICATIONFAILED] Invalid credentials\r\n", "a2 LOGOUT\r\n"},
			}, logout("a2")),
			done: true,
			err:  &Failure{Stage: "login", Line: "a1 NO [AUTHENTICATIONFAILED] Invalid credentials"},
		},
		{
			name: "literal credentials wait for each continuation",
			cfg:  ClientConfig{User: "jö", Password: "a\r\nb"},
			steps: []exchange{
				{"* OK ready\r\n", "a1 LOGIN {3}\r\n"},
				{"+ go on\r\n", "jö {4}\r\n"},
				{"+ go on\r\n", "a\r\nb\r\n"},
				{"a1 OK logged in\r\n", "a2 SELECT INBOX\r\n"},
			},
		},
		{
			name: "the literal is not sent after a refusal",
			cfg:  ClientConfig{User: "u", Password: "pässword"},
			steps: script([]exchange{
				{"* OK ready\r\n", `a1 LOGIN "u" {9}` + "\r\n"},
				{"a1 BAD [TOOBIG] no literals here\r\n", "a2 LOGOUT\r\n"},
			}, logout("a2")),
			done: true,
			err:  &Failure{Stage: "login", Line: "a1 BAD [TOOBIG] no literals here"},
		},
		{
			name: "quoted credentials are escaped",
			cfg:  ClientConfig{User: `a"b`, Password: `c\d e`},
			steps: []exchange{
				{"* OK ready\r\n", `a1 LOGIN "a\"b" "c\\d e"` + "\r\n"},
			},
		},
		{
			name: "a NUL in the password is not sent",
			cfg:  ClientConfig{User: "u", Password: "p\x00"},
			steps: script([]exchange{
				{"* OK ready\r\n", "a1 LOGOUT\r\n"},
			}, logout("a1")),
			done: true,
			err:  &Failure{Stage: "login"},
		},
		{
			name: "select NO",
			cfg:  up,
			steps: script(toFetch(1)[:2], []exchange{
				{"a2 NO [NONEXISTENT] no INBOX\r\n", "a3 LOGOUT\r\n"},
			}, logout("a3")),
			done: true,
			err:  &Failure{Stage: "select", Line: "a2 NO [NONEXISTENT] no INBOX"},
		},
		{
			name: "select without EXISTS",
			cfg:  up,
			steps: script(toFetch(1)[:2], []exchange{
				{"* FLAGS ()\r\na2 OK selected\r\n", "a3 LOGOUT\r\n"},
			}),
			err: &Failure{Stage: "select", Line: "a2 OK selected"},
		},
		{
			name: "fetch BAD keeps what arrived",
			cfg:  upDelete,
			steps: script(toFetch(2), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\na3 BAD try again\r\n", "a4 LOGOUT\r\n"},
			}, logout("a4")),
			done:     true,
			err:      &Failure{Stage: "fetch", Line: "a3 BAD try again"},
			messages: []string{"one"},
		},
		{
			name: "a malformed FETCH response stops before STORE",
			cfg:  upDelete,
			steps: script(toFetch(2), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none FLAGS)\r\n* 2 FETCH (BODY[] {3}\r\ntwo)\r\na3 OK done\r\n", "a4 LOGOUT\r\n"},
			}, logout("a4")),
			done:     true,
			err:      &Failure{Stage: "fetch", Line: "* 1 FETCH (BODY[] {3}"},
			messages: []string{"two"},
		},
		{
			name: "store NO",
			cfg:  upDelete,
			steps: script(toFetch(1), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\na3 OK done\r\n", "a4 STORE 1 +FLAGS.SILENT (\\Deleted)\r\n"},
				{"a4 NO [READ-ONLY] mailbox is read-only\r\n", "a5 LOGOUT\r\n"},
			}, logout("a5")),
			done:     true,
			err:      &Failure{Stage: "store", Line: "a4 NO [READ-ONLY] mailbox is read-only"},
			messages: []string{"one"},
		},
		{
			name: "expunge NO",
			cfg:  upDelete,
			steps: script(toFetch(1), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\na3 OK done\r\n", "a4 STORE 1 +FLAGS.SILENT (\\Deleted)\r\n"},
				{"a4 OK stored\r\n", "a5 EXPUNGE\r\n"},
				{"a5 NO expunge failed\r\n", "a6 LOGOUT\r\n"},
			}, logout("a6")),
			done:     true,
			err:      &Failure{Stage: "expunge", Line: "a5 NO expunge failed"},
			messages: []string{"one"},
		},
		{
			name: "logout BAD",
			cfg:  up,
			steps: script(toFetch(1), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\na3 OK done\r\n", "a4 LOGOUT\r\n"},
				{"a4 BAD what\r\n", ""},
			}),
			done:     true,
			err:      &Failure{Stage: "logout", Line: "a4 BAD what"},
			messages: []string{"one"},
		},
		{
			name: "BYE in the middle of the fetch",
			cfg:  upDelete,
			steps: script(toFetch(2), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\n* BYE shutting down\r\n", ""},
			}),
			done:     true,
			err:      &Failure{Stage: "fetch", Line: "* BYE shutting down"},
			messages: []string{"one"},
		},
		{
			name: "a completion of a command never sent",
			cfg:  up,
			steps: script(toFetch(1)[:2], []exchange{
				{"a9 OK what\r\n", "a3 LOGOUT\r\n"},
			}),
			done: true,
			err:  &Failure{Stage: "select", Line: "a9 OK what"},
		},
		{
			name: "a continuation request nobody asked for",
			cfg:  up,
			steps: script(toFetch(1)[:2], []exchange{
				{"+ more please\r\n", "a3 LOGOUT\r\n"},
			}),
			done: true,
			err:  &Failure{Stage: "select", Line: "+ more please"},
		},
		{
			name: "a literal of 64 MiB is accepted",
			cfg:  up,
			steps: script(toFetch(1), []exchange{
				{"* 1 FETCH (BODY[] {" + strconv.Itoa(clientMaxLiteral) + "}\r\n", ""},
			}),
		},
		{
			name: "a literal over 64 MiB",
			cfg:  upDelete,
			steps: script(toFetch(1), []exchange{
				{"* 1 FETCH (BODY[] {" + strconv.Itoa(clientMaxLiteral+1) + "}\r\n", "a4 LOGOUT\r\n"},
			}),
			done: true,
			err:  &Failure{Stage: "fetch", Line: "* 1 FETCH (BODY[] {" + strconv.Itoa(clientMaxLiteral+1) + "}"},
		},
		{
			name: "a line of 64 KiB is accepted",
			cfg:  up,
			steps: script(toFetch(1)[:2], []exchange{
				{longLine + "\r\n", ""},
			}),
		},
		{
			name: "a line over 64 KiB",
			cfg:  up,
			steps: script(toFetch(1)[:2], []exchange{
				{longLine + "x\r\n", "a3 LOGOUT\r\n"},
			}),
			done: true,
			err:  &Failure{Stage: "select", Line: longLine[:clientMaxFailureLine]},
		},
		{
			name:  "lost after BYE in LOGOUT",
			cfg:   up,
			steps: script(toFetch(1)[:1], []exchange{{"a1 NO no\r\n", "a2 LOGOUT\r\n"}, {"* BYE\r\n", ""}}),
			after: "lost",
			done:  true,
			err:   &Failure{Stage: "login", Line: "a1 NO no"},
		},
		{
			name: "lost after LOGOUT, with all done",
			cfg:  up,
			steps: script(toFetch(1), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\na3 OK done\r\n", "a4 LOGOUT\r\n"},
			}),
			after:    "lost",
			done:     true,
			messages: []string{"one"},
		},
		{
			name:    "timeout before the greeting",
			cfg:     up,
			after:   "timeout",
			timeout: "a1 LOGOUT\r\n",
			done:    true,
			err:     &Failure{Stage: "connection"},
		},
		{
			name: "timeout during the fetch",
			cfg:  upDelete,
			steps: script(toFetch(2), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\n* 2 FETCH (BODY[] {3}\r\ntw", ""},
			}),
			after:    "timeout",
			timeout:  "a4 LOGOUT\r\n",
			done:     true,
			err:      &Failure{Stage: "connection"},
			messages: []string{"one"},
		},
		{
			name: "timeout waiting for the answer to LOGOUT",
			cfg:  up,
			steps: script(toFetch(1), []exchange{
				{"* 1 FETCH (BODY[] {3}\r\none)\r\na3 OK done\r\n", "a4 LOGOUT\r\n"},
			}),
			after:    "timeout",
			done:     true,
			messages: []string{"one"},
		},
	}
	for _, tt := range tests {
		for _, chunk := range []int{0, 1} {
			t.Run(tt.name+"/chunk="+strconv.Itoa(chunk), func(t *testing.T) {
				c := NewClient(tt.cfg)
				for i, ex := range tt.steps {
					got := feedChunked(c, []byte(ex.server), chunk)
					require.Equal(t, ex.client, string(got), "step %d", i)
				}
				switch tt.after {
				case "lost":
					c.Lost(true)
				case "timeout":
					assert.Equal(t, tt.timeout, string(c.Timeout()))
				}
				assert.Equal(t, tt.done, c.Done())
				assert.Equal(t, tt.err, c.Err())
				if tt.messages == nil {
					tt.messages = []string{}
				}
				assert.Equal(t, tt.messages, asStrings(c.Messages()))
			})
		}
	}
}

// TestClientAfterDone checks that a finished client ignores the server and
// sends nothing more, whatever the caller does.
func TestClientAfterDone(t *testing.T) {
	c := NewClient(ClientConfig{User: "u", Password: "p"})
	c.Feed([]byte("* BYE go away\r\n"))
	require.True(t, c.Done())
	want := &Failure{Stage: "greeting", Line: "* BYE go away"}
	assert.Nil(t, c.Feed([]byte("* OK ready\r\n")))
	assert.Nil(t, c.Timeout())
	c.Lost(true)
	assert.Equal(t, want, c.Err())
}

// FuzzClientFeed feeds arbitrary server output to a client with small
// limits. It must not panic, and what it sends, whether it is done, its
// failure and its messages must not depend on how the input is chunked.
func FuzzClientFeed(f *testing.F) {
	f.Add([]byte("* OK ready\r\na1 OK\r\n* 2 EXISTS\r\na2 OK\r\n* 1 FETCH (FLAGS (\\Seen) BODY[] {3}\r\nabc UID 4)\r\n"+
		"* 2 FETCH (BODY[] \"x\")\r\na3 OK\r\na4 OK\r\na5 OK\r\n* BYE\r\na6 OK\r\n"), true)
	f.Add([]byte("* OK ready\r\n+ go\r\n+ go\r\na1 NO\r\n"), false)
	f.Add([]byte("* OK\r\na1 OK\r\n* 1 EXISTS\r\na2 OK\r\n* 1 FETCH (ENVELOPE ((({2}\r\nab NIL))) BODY[] ~{1}\r\nz)\r\na3 OK\r\n"), true)
	f.Fuzz(func(t *testing.T, input []byte, del bool) {
		run := func(chunk int) (string, bool, *Failure, []string) {
			c := NewClient(ClientConfig{User: "u", Password: "p\r\n", Delete: del})
			c.reader.maxLine, c.reader.maxLiteral = 64, 256
			out := feedChunked(c, input, chunk)
			msgs := asStrings(c.Messages())
			total := 0
			for _, m := range msgs {
				total += len(m)
			}
			if total > len(input) {
				t.Fatalf("messages hold %d octets from %d of input", total, len(input))
			}
			return string(out), c.Done(), c.Err(), msgs
		}
		out, done, err, msgs := run(0)
		for _, chunk := range []int{1, 3} {
			out2, done2, err2, msgs2 := run(chunk)
			assert.Equal(t, out, out2, "chunk %d", chunk)
			assert.Equal(t, done, done2, "chunk %d", chunk)
			assert.Equal(t, err, err2, "chunk %d", chunk)
			assert.Equal(t, msgs, msgs2, "chunk %d", chunk)
		}
	})
}
