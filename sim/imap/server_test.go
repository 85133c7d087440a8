package imap

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/mailbox"
)

// The fixture mailbox: bob's INBOX with three messages, the last one read.
const (
	msgHello = "Received: from mx.example.org by mail.example.net; Mon, 2 Sep 2024 10:00:00 +0000\r\n" +
		"Date: Mon, 2 Sep 2024 09:59:00 +0000\r\n" +
		"From: Alice <alice@example.org>\r\n" +
		"To: bob@example.net\r\n" +
		"Subject: Hello\r\n" +
		"Message-ID: <1@example.org>\r\n" +
		"\r\n" +
		"Hi Bob.\r\n"
	msgLunch = "Date: Tue, 3 Sep 2024 08:00:00 +0200\r\n" +
		"From: \"Doe, Jane \\\"JD\\\"\" <jane@example.org>\r\n" +
		"To: bob@example.net, Carol <carol@example.net>\r\n" +
		"Cc: dave@example.net\r\n" +
		"Subject: Lunch?\r\n" +
		"Message-ID: <2@example.org>\r\n" +
		"In-Reply-To: <1@example.org>\r\n" +
		"\r\n" +
		"Shall we meet at noon?\r\n"
	msgGreeting = "From: mallory@example.com\r\n" +
		"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n" +
		"\r\n" +
		"x\r\n"
)

const caps = "IMAP4rev2 IMAP4rev1 AUTH=PLAIN SASL-IR ENABLE IDLE LITERAL- NAMESPACE UNSELECT UIDPLUS MOVE LIST-EXTENDED LIST-STATUS SPECIAL-USE BINARY"

func fixture() *mailbox.Memory {
	st := mailbox.NewMemory()
	box := st.AddUser("bob", "secret", 0)
	box.Append([]byte(msgHello), nil)
	box.Append([]byte(msgLunch), nil)
	box.Append([]byte(msgGreeting), []string{mailbox.FlagSeen})
	alice := st.AddUser("alice", "wonderland", 0)
	alice.Append([]byte(msgMixed), nil)
	return st
}

// msgMixed is alice's one message: text, a base64 attachment and a
// forwarded message (RFC 2046 §5.1, §5.2.1).
const msgMixed = "From: bob@example.net\r\n" +
	"Subject: Files\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"b1\"\r\n" +
	"\r\n" +
	"Preamble.\r\n" +
	"--b1\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Gr=C3=BC=C3=9Fe\r\n" +
	"--b1\r\n" +
	"Content-Type: application/octet-stream; name=\"a.bin\"\r\n" +
	"Content-Disposition: attachment; filename=\"a.bin\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"AAEC\r\n" +
	"--b1\r\n" +
	"Content-Type: message/rfc822\r\n" +
	"\r\n" +
	"From: carol@example.net\r\n" +
	"Subject: Old\r\n" +
	"\r\n" +
	"Inner.\r\n" +
	"--b1\r\n" +
	"Content-Type: text/plain\r\n" +
	"Content-Transfer-Encoding: x-uuencode\r\n" +
	"\r\n" +
	"begin\r\n" +
	"--b1--\r\n"

// lines joins response lines with CRLF and ends them with CRLF.
func lines(ls ...string) string { return strings.Join(ls, "\r\n") + "\r\n" }

func wire(rs []Response) string {
	var b strings.Builder
	for _, r := range rs {
		b.Write(r.Wire())
	}
	return b.String()
}

func size(msg string) string { return strconv.Itoa(len(msg)) }

// step is one exchange: what the client sends and the exact bytes the
// server answers. before, when set, changes the store first, as another
// session or the delivery agent would.
type step struct {
	send   string
	want   string
	before func(st *mailbox.Memory)
	// changed calls Server.Changed instead of sending anything, as the caller
	// does when the store may have changed.
	changed bool
}

type conversation struct {
	name  string
	steps []step
}

const login = "a0 LOGIN bob secret\r\n"

var loginOK = lines("a0 OK [CAPABILITY " + caps + "] LOGIN completed")

var selectInbox = lines(
	"* 3 EXISTS",
	"* 0 RECENT",
	"* OK [UIDVALIDITY 1] UIDs valid",
	"* OK [UIDNEXT 4] Predicted next UID",
	`* FLAGS (\Answered \Deleted \Draft \Flagged \Seen)`,
	`* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted`,
	"* OK [UNSEEN 1] Message 1 is the first unseen",
)

const (
	envHello = `("Mon, 2 Sep 2024 09:59:00 +0000" "Hello" (("Alice" NIL "alice" "example.org")) (("Alice" NIL "alice" "example.org")) (("Alice" NIL "alice" "example.org")) ((NIL NIL "bob" "example.net")) NIL NIL NIL "<1@example.org>")`
	jane     = "(({14}\r\nDoe, Jane \"JD\" NIL \"jane\" \"example.org\"))"
	envLunch = `("Tue, 3 Sep 2024 08:00:00 +0200" "Lunch?" ` + jane + " " + jane + " " + jane +
		` ((NIL NIL "bob" "example.net")("Carol" NIL "carol" "example.net")) ((NIL NIL "dave" "example.net")) NIL "<1@example.org>" "<2@example.org>")`
	mallory       = `((NIL NIL "mallory" "example.com"))`
	envGreeting   = `(NIL "=?utf-8?q?Gr=C3=BC=C3=9Fe?=" ` + mallory + " " + mallory + " " + mallory + ` NIL NIL NIL NIL NIL)`
	bigLiteralLen = 70000
)

func conversations() []conversation {
	return append(baseConversations(), mimeConversation(), authConversation(), saslIRConversation(), folderConversation(), quotaConversation(), idleConversation())
}

func baseConversations() []conversation {
	bigLine := "a1 NOOP " + strings.Repeat("x", 9000) + "\r\n"
	return []conversation{
		{"protocol flow", []step{
			{send: "a1 LOGIN bob secret\r\n", want: lines("a1 OK [CAPABILITY " + caps + "] LOGIN completed")},
			{send: "a2 SELECT INBOX\r\n", want: selectInbox + lines("a2 OK [READ-WRITE] SELECT completed")},
			{send: "a3 FETCH 1:* (FLAGS ENVELOPE)\r\n", want: lines(
				"* 1 FETCH (FLAGS () ENVELOPE "+envHello+")",
				"* 2 FETCH (FLAGS () ENVELOPE "+envLunch+")",
				`* 3 FETCH (FLAGS (\Seen) ENVELOPE `+envGreeting+")",
				"a3 OK FETCH completed")},
			{send: "a4 FETCH 1 BODY[]\r\n", want: "* 1 FETCH (BODY[] {" + size(msgHello) + "}\r\n" + msgHello + lines(` FLAGS (\Seen))`, "a4 OK FETCH completed")},
			{send: "a5 STORE 1 +FLAGS (\\Deleted)\r\n", want: lines(`* 1 FETCH (FLAGS (\Deleted \Seen))`, "a5 OK STORE completed")},
			{send: "a6 EXPUNGE\r\n", want: lines("* 1 EXPUNGE", "a6 OK EXPUNGE completed")},
			{send: "a7 LOGOUT\r\n", want: lines("* BYE mail.example.net IMAP4rev2 server logging out", "a7 OK LOGOUT completed")},
		}},
		{"states, errors and literals", []step{
			{send: "a1 SELECT INBOX\r\n", want: lines("a1 BAD SELECT is not valid before login; log in first with LOGIN user password")},
			{send: "a2 LOGIN bob wrong\r\n", want: lines("a2 NO [AUTHENTICATIONFAILED] Invalid credentials")},
			{send: "a3 LOGIN nobody secret\r\n", want: lines("a3 NO [AUTHENTICATIONFAILED] Invalid credentials")},
			{send: "a4 FROB\r\n", want: lines("a4 BAD Unknown command FROB")},
			{send: "(nonsense)\r\n", want: lines("* BAD Syntax error: a command is a tag, a space and the command name")},
			{send: "a5 LOGIN bob\r\n", want: lines("a5 BAD Syntax error in LOGIN: missing argument")},
			{send: "a6 capability\r\n", want: lines("* CAPABILITY "+caps, "a6 OK CAPABILITY completed")},
			{send: "a7 NOOP\r\n", want: lines("a7 OK NOOP completed")},
			{send: "a8 STARTTLS\r\n", want: lines("a8 NO [CANNOT] STARTTLS is not part of this simulator")},
			{send: "a9 LOGIN \"bob\" {6}\r\n", want: lines("+ Ready for literal data")},
			{send: "secret\r\n", want: lines("a9 OK [CAPABILITY " + caps + "] LOGIN completed")},
			{send: "a10 LOGIN bob secret\r\n", want: lines("a10 BAD LOGIN is only valid before login; you are already logged in")},
			{send: "a11 FETCH 1 FLAGS\r\n", want: lines("a11 BAD FETCH needs a selected mailbox; SELECT or EXAMINE one first")},
			{send: "a12 ENABLE CONDSTORE IMAP4rev2\r\n", want: lines("* ENABLED IMAP4rev2", "a12 OK ENABLE completed")},
			{send: "a13 select inbox\r\n", want: lines(
				"* 3 EXISTS",
				"* OK [UIDVALIDITY 1] UIDs valid",
				"* OK [UIDNEXT 4] Predicted next UID",
				`* FLAGS (\Answered \Deleted \Draft \Flagged \Seen)`,
				`* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted`,
				`* LIST (\HasNoChildren) "/" INBOX`,
				"a13 OK [READ-WRITE] SELECT completed")},
			{send: "a14 ENABLE IMAP4rev2\r\n", want: lines("a14 BAD ENABLE must be sent before a mailbox is selected")},
			{send: "a15 SEARCH UNSEEN\r\n", want: lines(`* ESEARCH (TAG "a15") ALL 1:2`, "a15 OK SEARCH completed")},
			{send: "a16 UID SEARCH RETURN (MIN MAX COUNT) ALL\r\n", want: lines(`* ESEARCH (TAG "a16") UID MIN 1 MAX 3 COUNT 3`, "a16 OK UID SEARCH completed")},
			{send: "a17 SEARCH DELETED\r\n", want: lines(`* ESEARCH (TAG "a17")`, "a17 OK SEARCH completed")},
			{send: "a18 FETCH 4 FLAGS\r\n", want: lines("a18 BAD message 4 does not exist: the mailbox has 3")},
			{send: "a19 FETCH 0 FLAGS\r\n", want: lines(`a19 BAD Syntax error in FETCH: expected a number from 1 or * in the sequence set at "0 FLAGS"`)},
			{send: "a20 FETCH 1 (FLAGS\r\n", want: lines(`a20 BAD Syntax error in FETCH: expected a space or ")" between fetch items at the end of the command`)},
			{send: "a21 FETCH 1 BODYSTRUCTURE\r\n", want: lines(`* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 9 1 NIL NIL NIL NIL))`, "a21 OK FETCH completed")},
			{send: "a22 FETCH 1 BODY.PEEK[1]\r\n", want: lines("* 1 FETCH (BODY[1] {9}", "Hi Bob.", ")", "a22 OK FETCH completed")},
			{send: "a23 STORE 1 +FLAGS (\\Recent)\r\n", want: lines(`a23 BAD \Recent is not a flag a client can store; use \Seen \Answered \Flagged \Deleted \Draft or a keyword`)},
			{send: "a24 SEARCH CHARSET KOI8-R ALL\r\n", want: lines("a24 NO [BADCHARSET (US-ASCII UTF-8)] Charset KOI8-R is not supported")},
			{send: "a25 SELECT Archive\r\n", want: lines("* OK [CLOSED] Previous mailbox is now closed", "a25 NO [NONEXISTENT] No mailbox named Archive; LIST \"\" * shows them")},
			{send: "a26 EXPUNGE\r\n", want: lines("a26 BAD EXPUNGE needs a selected mailbox; SELECT or EXAMINE one first")},
			{send: "a27 UID\r\n", want: lines("a27 BAD Unknown command UID")},
			{send: "a28 LOGOUT\r\n", want: lines("* BYE mail.example.net IMAP4rev2 server logging out", "a28 OK LOGOUT completed")},
			{send: "a29 NOOP\r\n", want: ""},
		}},
		{"examine is read-only", []step{
			{send: login, want: loginOK},
			{send: "b1 EXAMINE INBOX\r\n", want: lines(
				"* 3 EXISTS",
				"* 0 RECENT",
				"* OK [UIDVALIDITY 1] UIDs valid",
				"* OK [UIDNEXT 4] Predicted next UID",
				`* FLAGS (\Answered \Deleted \Draft \Flagged \Seen)`,
				"* OK [PERMANENTFLAGS ()] No permanent flags permitted: read-only",
				"* OK [UNSEEN 1] Message 1 is the first unseen",
				"b1 OK [READ-ONLY] EXAMINE completed")},
			{send: "b2 FETCH 1 (BODY[TEXT] FLAGS)\r\n", want: lines("* 1 FETCH (BODY[TEXT] {9}", "Hi Bob.", " FLAGS ())", "b2 OK FETCH completed")},
			{send: "b3 STORE 1 +FLAGS (\\Seen)\r\n", want: lines("b3 NO Mailbox is read-only (opened with EXAMINE); SELECT it to change flags")},
			{send: "b4 EXPUNGE\r\n", want: lines("b4 NO Mailbox is read-only (opened with EXAMINE); SELECT it to expunge")},
			{send: "b5 CLOSE\r\n", want: lines("b5 OK CLOSE completed")},
			{send: "b6 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)\r\n", want: lines("* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1 UNSEEN 2)", "b6 OK STATUS completed")},
			{send: "b7 STATUS Sent (MESSAGES)\r\n", want: lines("* STATUS Sent (MESSAGES 0)", "b7 OK STATUS completed")},
			{send: "b8 STATUS INBOX (FROBS)\r\n", want: lines("b8 BAD Unknown STATUS item FROBS; try MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE")},
			{send: "b9 LIST \"\" *\r\n", want: lines(`* LIST (\HasNoChildren) "/" INBOX`, `* LIST (\HasNoChildren \Drafts) "/" Drafts`, `* LIST (\HasNoChildren \Sent) "/" Sent`, `* LIST (\HasNoChildren \Trash) "/" Trash`, "b9 OK LIST completed")},
			{send: "b10 LIST \"\" \"\"\r\n", want: lines(`* LIST (\Noselect) "/" ""`, "b10 OK LIST completed")},
			{send: "b11 LIST \"\" Drafts%\r\n", want: lines(`* LIST (\HasNoChildren \Drafts) "/" Drafts`, "b11 OK LIST completed")},
			{send: "b12 NAMESPACE\r\n", want: lines(`* NAMESPACE (("" "/")) NIL NIL`, "b12 OK NAMESPACE completed")},
			{send: "b13 APPEND INBOX {5}\r\n", want: lines("+ Ready for literal data")},
			{send: "Hello\r\n", want: lines("b13 OK [APPENDUID 1 4] APPEND completed")},
			{send: "b14 LOGIN bob secret\r\n", want: lines("b14 BAD LOGIN is only valid before login; you are already logged in")},
		}},
		{"uid fetch, search and store", []step{
			{send: login, want: loginOK},
			{send: "c1 SELECT INBOX\r\n", want: selectInbox + lines("c1 OK [READ-WRITE] SELECT completed")},
			{send: "c2 UID FETCH 2:* (FLAGS RFC822.SIZE)\r\n", want: lines(
				"* 2 FETCH (UID 2 FLAGS () RFC822.SIZE "+size(msgLunch)+")",
				`* 3 FETCH (UID 3 FLAGS (\Seen) RFC822.SIZE `+size(msgGreeting)+")",
				"c2 OK UID FETCH completed")},
			{send: "c3 FETCH 1 (UID BODY.PEEK[HEADER.FIELDS (Subject from)])\r\n", want: lines(
				"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (Subject from)] {51}",
				"From: Alice <alice@example.org>",
				"Subject: Hello",
				"",
				")",
				"c3 OK FETCH completed")},
			{send: "c4 FETCH 2 (BODY.PEEK[TEXT]<6.7> INTERNALDATE)\r\n", want: lines(
				`* 2 FETCH (BODY[TEXT]<6> {7}`,
				`we meet INTERNALDATE " 3-Sep-2024 08:00:00 +0200")`,
				"c4 OK FETCH completed")},
			{send: "c5 SEARCH UNSEEN\r\n", want: lines("* SEARCH 1 2", "c5 OK SEARCH completed")},
			{send: "c6 SEARCH SEEN\r\n", want: lines("* SEARCH 3", "c6 OK SEARCH completed")},
			{send: "c7 SEARCH 2:* NOT SEEN\r\n", want: lines("* SEARCH 2", "c7 OK SEARCH completed")},
			{send: "c8 SEARCH OR FROM alice SUBJECT lunch\r\n", want: lines("* SEARCH 1 2", "c8 OK SEARCH completed")},
			{send: "c9 UID SEARCH BODY noon\r\n", want: lines("* SEARCH 2", "c9 OK UID SEARCH completed")},
			{send: "c10 SEARCH SENTSINCE 3-Sep-2024 LARGER 10\r\n", want: lines("* SEARCH 2", "c10 OK SEARCH completed")},
			{send: "c11 UID STORE 2 FLAGS.SILENT (\\Flagged $Important)\r\n", want: lines("c11 OK UID STORE completed")},
			{send: "c12 UID STORE 1:2 +FLAGS \\Deleted\r\n", want: lines(
				`* 1 FETCH (UID 1 FLAGS (\Deleted))`,
				`* 2 FETCH (UID 2 FLAGS ($Important \Deleted \Flagged))`,
				"c12 OK UID STORE completed")},
			{send: "c13 SEARCH DELETED UNDELETED\r\n", want: lines("* SEARCH", "c13 OK SEARCH completed")},
			{send: "c14 SEARCH (OR DELETED SEEN) KEYWORD $Important\r\n", want: lines("* SEARCH 2", "c14 OK SEARCH completed")},
			{send: "c15 STORE 1 -FLAGS (\\deleted)\r\n", want: lines(`* 1 FETCH (FLAGS ())`, "c15 OK STORE completed")},
			{send: "c16 UID EXPUNGE 1:2\r\n", want: lines("* 2 EXPUNGE", "c16 OK UID EXPUNGE completed")},
			{send: "c17 FETCH 1:* FAST\r\n", want: lines(
				`* 1 FETCH (FLAGS () INTERNALDATE " 2-Sep-2024 10:00:00 +0000" RFC822.SIZE `+size(msgHello)+")",
				`* 2 FETCH (FLAGS (\Seen) INTERNALDATE " 1-Jan-1970 00:00:00 +0000" RFC822.SIZE `+size(msgGreeting)+")",
				"c17 OK FETCH completed")},
			{send: "c18 CHECK\r\n", want: lines("c18 OK CHECK completed")},
			{send: "c19 UNSELECT\r\n", want: lines("c19 OK UNSELECT completed")},
			{send: "c20 STATUS INBOX (MESSAGES DELETED SIZE RECENT)\r\n", want: lines(
				"* STATUS INBOX (MESSAGES 2 DELETED 0 SIZE "+strconv.Itoa(len(msgHello)+len(msgGreeting))+" RECENT 0)", "c20 OK STATUS completed")},
		}},
		{"close expunges silently", []step{
			{send: login, want: loginOK},
			{send: "d1 SELECT INBOX\r\nd2 STORE 2:3 +FLAGS.SILENT (\\Deleted)\r\nd3 CLOSE\r\n", want: selectInbox + lines(
				"d1 OK [READ-WRITE] SELECT completed", "d2 OK STORE completed", "d3 OK CLOSE completed")},
			{send: "d4 STATUS INBOX (MESSAGES)\r\n", want: lines("* STATUS INBOX (MESSAGES 1)", "d4 OK STATUS completed")},
		}},
		{"updates from other sessions", []step{
			{send: login, want: loginOK},
			{send: "e1 SELECT INBOX\r\n", want: selectInbox + lines("e1 OK [READ-WRITE] SELECT completed")},
			{send: "e2 NOOP\r\n", want: lines("* 4 EXISTS", "e2 OK NOOP completed"), before: func(st *mailbox.Memory) {
				_, _ = st.Deliver("bob", []byte("Subject: new\r\n\r\nhi\r\n"))
			}},
			{send: "e3 NOOP\r\n", want: lines(`* 2 FETCH (UID 2 FLAGS (\Answered))`, "e3 OK NOOP completed"), before: func(st *mailbox.Memory) {
				box, _ := st.Box("bob")
				_ = box.SetFlags(2, []string{mailbox.FlagAnswered})
			}},
			{send: "e4 FETCH 1 (FLAGS BODY.PEEK[])\r\n", want: lines("e4 OK [EXPUNGEISSUED] FETCH completed; some messages were expunged by another session"), before: func(st *mailbox.Memory) {
				box, _ := st.Box("bob")
				_ = box.Remove(1)
			}},
			{send: "e5 FETCH 1 FLAGS\r\n", want: lines("* 1 FETCH (FLAGS ())", "e5 OK FETCH completed")},
			{send: "e6 NOOP\r\n", want: lines("* 1 EXPUNGE", "e6 OK NOOP completed")},
			{send: "e7 FETCH * UID\r\n", want: lines("* 3 FETCH (UID 4)", "e7 OK FETCH completed")},
		}},
		{"limits", []step{
			{send: bigLine, want: lines("a1 BAD [TOOBIG] Command line longer than 8192 octets; discarded up to the next line")},
			{send: "a2 LOGIN {" + strconv.Itoa(bigLiteralLen) + "}\r\n", want: lines("a2 BAD [TOOBIG] Literal of 70000 octets is over the limit of 65536 octets per command")},
			{send: "a3 LOGIN {" + strconv.Itoa(bigLiteralLen) + "+}\r\n" + strings.Repeat("x NOOP\r\n", bigLiteralLen/8) + " more\r\n",
				want: lines("a3 BAD [TOOBIG] Literal of 70000 octets is over the limit of 65536 octets per command")},
			{send: "a4 LOGIN {3+}\r\nbob {6+}\r\nsecret\r\n", want: lines("a4 OK [CAPABILITY " + caps + "] LOGIN completed")},
			{send: "\r\na5 NOOP\r\na6 NOOP\r\n", want: lines("a5 OK NOOP completed", "a6 OK NOOP completed")},
		}},
	}
}

// The structure of msgMixed, without (BODY) and with (BODYSTRUCTURE) extension data.
const (
	bodyMixed = `(("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "QUOTED-PRINTABLE" 15 1)` +
		`("APPLICATION" "OCTET-STREAM" ("NAME" "a.bin") NIL NIL "BASE64" 4)` +
		`("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 47 (NIL "Old" ((NIL NIL "carol" "example.net")) ((NIL NIL "carol" "example.net")) ((NIL NIL "carol" "example.net")) NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 6 1) 4)` +
		`("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "X-UUENCODE" 5 1) "MIXED")`
	bodyStructureMixed = `(("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "QUOTED-PRINTABLE" 15 1 NIL NIL NIL NIL)` +
		`("APPLICATION" "OCTET-STREAM" ("NAME" "a.bin") NIL NIL "BASE64" 4 NIL ("ATTACHMENT" ("FILENAME" "a.bin")) NIL NIL)` +
		`("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 47 (NIL "Old" ((NIL NIL "carol" "example.net")) ((NIL NIL "carol" "example.net")) ((NIL NIL "carol" "example.net")) NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 6 1 NIL NIL NIL NIL) 4 NIL NIL NIL NIL)` +
		`("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "X-UUENCODE" 5 1 NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "b1") NIL NIL NIL)`
)

// authConversation logs in with AUTHENTICATE PLAIN after a challenge,
// after trying what fails (RFC 9051 §6.2.2, RFC 4616).
func authConversation() conversation {
	return conversation{"authenticate plain", []step{
		{send: "x1 AUTHENTICATE CRAM-MD5\r\n", want: lines("x1 NO Authentication mechanism CRAM-MD5 is not offered; this server offers AUTHENTICATE PLAIN")},
		{send: "x2 AUTHENTICATE PLAIN\r\n", want: "+ \r\n"},
		{send: "*\r\n", want: lines("x2 BAD AUTHENTICATE cancelled by the client")},
		{send: "x3 AUTHENTICATE plain\r\n", want: "+ \r\n"},
		{send: "!!!\r\n", want: lines("x3 BAD AUTHENTICATE response is not valid base64")},
		{send: "x4 AUTHENTICATE PLAIN AGJvYgB3cm9uZw==\r\n", want: lines("x4 NO [AUTHENTICATIONFAILED] Invalid credentials")},
		{send: "x5 AUTHENTICATE PLAIN YWxpY2UAYm9iAHNlY3JldA==\r\n", want: lines("x5 NO [AUTHORIZATIONFAILED] User bob may not act as alice")},
		{send: "x6 AUTHENTICATE PLAIN Ym9i\r\n", want: lines("x6 BAD PLAIN response must be authorization identity, NUL, user name, NUL, password")},
		{send: "x7 AUTHENTICATE PLAIN =\r\n", want: lines("x7 BAD PLAIN response must be authorization identity, NUL, user name, NUL, password")},
		{send: "x8 AUTHENTICATE PLAIN\r\n", want: "+ \r\n"},
		{send: "AGJvYgBzZWNyZXQ=\r\n", want: lines("x8 OK [CAPABILITY " + caps + "] AUTHENTICATE completed")},
		{send: "x9 AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=\r\n", want: lines("x9 BAD AUTHENTICATE is only valid before login; you are already logged in")},
		{send: "x10 SELECT INBOX\r\n", want: selectInbox + lines("x10 OK [READ-WRITE] SELECT completed")},
	}}
}

// saslIRConversation logs in the way curl does: the credentials ride on
// the command line (SASL-IR, RFC 4959).
func saslIRConversation() conversation {
	return conversation{"authenticate with an initial response", []step{
		{send: "A001 CAPABILITY\r\n", want: lines("* CAPABILITY "+caps, "A001 OK CAPABILITY completed")},
		{send: "A002 AUTHENTICATE PLAIN Ym9iAGJvYgBzZWNyZXQ=\r\n", want: lines("A002 OK [CAPABILITY " + caps + "] AUTHENTICATE completed")},
	}}
}

// draft is what a client files in Drafts with APPEND.
const draft = "Subject: Later\r\n\r\nTo be continued.\r\n"

// folderConversation creates, fills, renames and deletes folders of bob's
// (RFC 9051 §6.3.4–§6.3.12, §6.4.7, §6.4.8).
func folderConversation() conversation {
	return conversation{"folders, append, copy and move", []step{
		{send: login, want: loginOK},
		{send: "f1 CREATE Work/2024/\r\n", want: lines("f1 OK CREATE completed")},
		{send: "f2 LIST \"\" Work*\r\n", want: lines(`* LIST (\HasChildren) "/" Work`, `* LIST (\HasNoChildren) "/" Work/2024`, "f2 OK LIST completed")},
		{send: "f3 CREATE Work\r\n", want: lines("f3 NO [ALREADYEXISTS] Mailbox Work already exists")},
		{send: "f4 CREATE inbox\r\n", want: lines("f4 NO [ALREADYEXISTS] Mailbox inbox already exists")},
		{send: "f5 SELECT INBOX\r\n", want: selectInbox + lines("f5 OK [READ-WRITE] SELECT completed")},
		{send: "f6 COPY 1:2 Work/2024\r\n", want: lines("f6 OK [COPYUID 6 1:2 1:2] COPY completed")},
		{send: "f7 MOVE 3 Trash\r\n", want: lines("* OK [COPYUID 4 3 1] Moved", "* 3 EXPUNGE", "f7 OK MOVE completed")},
		{send: "f8 UID MOVE 1 Nowhere\r\n", want: lines("f8 NO [TRYCREATE] No mailbox named Nowhere; CREATE it first")},
		{send: "f9 STATUS Trash (MESSAGES UNSEEN UIDNEXT)\r\n", want: lines("* STATUS Trash (MESSAGES 1 UNSEEN 0 UIDNEXT 2)", "f9 OK STATUS completed")},
		{send: "f10 DELETE INBOX\r\n", want: lines("f10 NO [CANNOT] INBOX cannot be deleted; it is where new mail arrives")},
		{send: "f11 EXAMINE Work/2024\r\n", want: lines(
			"* OK [CLOSED] Previous mailbox is now closed",
			"* 2 EXISTS",
			"* 0 RECENT",
			"* OK [UIDVALIDITY 6] UIDs valid",
			"* OK [UIDNEXT 3] Predicted next UID",
			`* FLAGS (\Answered \Deleted \Draft \Flagged \Seen)`,
			"* OK [PERMANENTFLAGS ()] No permanent flags permitted: read-only",
			"* OK [UNSEEN 1] Message 1 is the first unseen",
			"f11 OK [READ-ONLY] EXAMINE completed")},
		{send: "f12 DELETE Work/2024\r\n", want: lines("f12 NO [INUSE] Mailbox Work/2024 is selected; CLOSE or UNSELECT it first")},
		{send: "f13 MOVE 1 INBOX\r\n", want: lines("f13 NO Mailbox is read-only (opened with EXAMINE); SELECT it to move messages")},
		{send: "f14 RENAME Work Projects\r\n", want: lines("f14 OK RENAME completed")},
		{send: "f15 DELETE Projects/2024\r\n", want: lines("f15 NO [INUSE] Mailbox Projects/2024 is selected; CLOSE or UNSELECT it first")},
		{send: "f16 UNSELECT\r\n", want: lines("f16 OK UNSELECT completed")},
		{send: "f17 RENAME Projects Sent\r\n", want: lines("f17 NO [ALREADYEXISTS] Mailbox Sent already exists")},
		{send: "f18 LIST \"\" *\r\n", want: lines(
			`* LIST (\HasNoChildren) "/" INBOX`,
			`* LIST (\HasNoChildren \Drafts) "/" Drafts`,
			`* LIST (\HasChildren) "/" Projects`,
			`* LIST (\HasNoChildren) "/" Projects/2024`,
			`* LIST (\HasNoChildren \Sent) "/" Sent`,
			`* LIST (\HasNoChildren \Trash) "/" Trash`,
			"f18 OK LIST completed")},
		{send: "f19 DELETE Projects/2024\r\n", want: lines("f19 OK DELETE completed")},
		{send: "f20 DELETE Nowhere\r\n", want: lines(`f20 NO [NONEXISTENT] No mailbox named Nowhere; LIST "" * shows them`)},
		{send: "f21 SUBSCRIBE Projects\r\n", want: lines("f21 OK SUBSCRIBE completed")},
		{send: "f22 UNSUBSCRIBE Drafts\r\n", want: lines("f22 OK UNSUBSCRIBE completed")},
		{send: "f23 SUBSCRIBE Gone\r\n", want: lines("f23 OK SUBSCRIBE completed")},
		{send: "f24 LSUB \"\" *\r\n", want: lines(`* LSUB (\Noselect) "/" Gone`, `* LSUB () "/" INBOX`, `* LSUB () "/" Projects`, `* LSUB () "/" Sent`, `* LSUB () "/" Trash`, "f24 OK LSUB completed")},
		{send: "f25 LIST (SUBSCRIBED) \"\" * RETURN (CHILDREN)\r\n", want: lines(
			`* LIST (\NonExistent \Subscribed) "/" Gone`,
			`* LIST (\HasNoChildren \Subscribed) "/" INBOX`,
			`* LIST (\HasNoChildren \Subscribed) "/" Projects`,
			`* LIST (\HasNoChildren \Sent \Subscribed) "/" Sent`,
			`* LIST (\HasNoChildren \Trash \Subscribed) "/" Trash`,
			"f25 OK LIST completed")},
		{send: "f26 LIST \"\" (INBOX Drafts) RETURN (SUBSCRIBED SPECIAL-USE)\r\n", want: lines(`* LIST (\HasNoChildren \Subscribed) "/" INBOX`, `* LIST (\HasNoChildren \Drafts) "/" Drafts`, "f26 OK LIST completed")},
		{send: "f27 LIST (SPECIAL-USE) \"\" *\r\n", want: lines(`* LIST (\HasNoChildren \Drafts) "/" Drafts`, `* LIST (\HasNoChildren \Sent) "/" Sent`, `* LIST (\HasNoChildren \Trash) "/" Trash`, "f27 OK LIST completed")},
		{send: "f28 LIST (FROB) \"\" *\r\n", want: lines("f28 BAD Syntax error in LIST: unknown LIST selection option FROB; try SUBSCRIBED or SPECIAL-USE")},
		{send: "f29 APPEND Drafts (\\Draft) \"05-Dec-2026 10:00:00 +0000\" {" + size(draft) + "}\r\n", want: lines("+ Ready for literal data")},
		{send: draft + "\r\n", want: lines("f29 OK [APPENDUID 2 1] APPEND completed")},
		{send: "f30 APPEND Nowhere {1+}\r\nx\r\n", want: lines("f30 NO [TRYCREATE] No mailbox named Nowhere; CREATE it first")},
		{send: "f31 EXAMINE Drafts\r\n", want: lines(
			"* 1 EXISTS",
			"* 0 RECENT",
			"* OK [UIDVALIDITY 2] UIDs valid",
			"* OK [UIDNEXT 2] Predicted next UID",
			`* FLAGS (\Answered \Deleted \Draft \Flagged \Seen)`,
			"* OK [PERMANENTFLAGS ()] No permanent flags permitted: read-only",
			"* OK [UNSEEN 1] Message 1 is the first unseen",
			"f31 OK [READ-ONLY] EXAMINE completed")},
		{send: "f32 FETCH 1 (FLAGS BODY.PEEK[TEXT])\r\n", want: lines(`* 1 FETCH (FLAGS (\Draft) BODY[TEXT] {18}`, "To be continued.", ")", "f32 OK FETCH completed")},
		{send: "f33 CLOSE\r\n", want: lines("f33 OK CLOSE completed")},
		{send: "f34 RENAME INBOX Old\r\n", want: lines("f34 OK RENAME completed; the messages of INBOX are now in Old")},
		{send: "f35 STATUS INBOX (MESSAGES)\r\n", want: lines("* STATUS INBOX (MESSAGES 0)", "f35 OK STATUS completed")},
		{send: "f36 STATUS Old (MESSAGES)\r\n", want: lines("* STATUS Old (MESSAGES 2)", "f36 OK STATUS completed")},
		{send: "f37 CREATE \"\"\r\n", want: lines("f37 BAD Syntax error in CREATE: a mailbox name must not be empty, contain * or %, or have an empty level")},
		{send: "f37a LIST \"\" (INBOX Old) RETURN (STATUS (MESSAGES UNSEEN))\r\n", want: lines(
			`* LIST (\HasNoChildren) "/" INBOX`,
			"* STATUS INBOX (MESSAGES 0 UNSEEN 0)",
			`* LIST (\HasNoChildren) "/" Old`,
			"* STATUS Old (MESSAGES 2 UNSEEN 2)",
			"f37a OK LIST completed")},
		{send: "f37b LIST \"\" * RETURN (STATUS (FROBS))\r\n", want: lines("f37b BAD Syntax error in LIST: RETURN (STATUS (...)) needs STATUS items such as MESSAGES UNSEEN")},
		{send: "f38 ENABLE IMAP4rev2\r\n", want: lines("* ENABLED IMAP4rev2", "f38 OK ENABLE completed")},
		{send: "f39 LSUB \"\" *\r\n", want: lines(`f39 BAD LSUB is not part of IMAP4rev2; use LIST (SUBSCRIBED) "" *`)},
	}}
}

// idleConversation waits in IDLE while mail arrives, flags change and a
// message goes (RFC 9051 §6.3.13).
func idleConversation() conversation {
	box := func(st *mailbox.Memory) *mailbox.MemoryBox { b, _ := st.Box("bob"); return b }
	return conversation{"idle", []step{
		{send: login, want: loginOK},
		{send: "i1 SELECT INBOX\r\n", want: selectInbox + lines("i1 OK [READ-WRITE] SELECT completed")},
		{send: "i2 IDLE\r\n", want: "+ idling\r\n"},
		{changed: true, want: ""},
		{changed: true, before: func(st *mailbox.Memory) { _, _ = st.Deliver("bob", []byte(msgHello)) }, want: lines("* 4 EXISTS")},
		{changed: true, before: func(st *mailbox.Memory) { _ = box(st).SetFlags(1, []string{mailbox.FlagFlagged}) }, want: lines(`* 1 FETCH (UID 1 FLAGS (\Flagged))`)},
		{changed: true, before: func(st *mailbox.Memory) { _ = box(st).Remove(2) }, want: lines("* 2 EXPUNGE")},
		{send: "DONE\r\n", want: lines("i2 OK IDLE terminated")},
		{changed: true, before: func(st *mailbox.Memory) { _, _ = st.Deliver("bob", []byte(msgHello)) }, want: ""},
		{send: "i3 NOOP\r\n", want: lines("* 4 EXISTS", "i3 OK NOOP completed")},
		{send: "i4 IDLE\r\n", want: "+ idling\r\n"},
		{send: "i5 NOOP\r\n", want: lines("i4 BAD Expected DONE to end IDLE; IDLE ended")},
		{send: "i6 UNSELECT\r\n", want: lines("i6 OK UNSELECT completed")},
		{send: "i7 IDLE\r\n", want: "+ idling\r\n"},
		{changed: true, want: ""},
		{send: "done\r\n", want: lines("i7 OK IDLE terminated")},
	}}
}

// quotaConversation fills a small mailbox with APPEND until the quota stops it.
func quotaConversation() conversation {
	return conversation{"append over quota", []step{
		{before: func(st *mailbox.Memory) { st.AddUser("carol", "pw", 40) }, send: "q1 LOGIN carol pw\r\n", want: lines("q1 OK [CAPABILITY " + caps + "] LOGIN completed")},
		{send: "q2 APPEND Sent {" + size(draft) + "+}\r\n" + draft + "\r\n", want: lines("q2 OK [APPENDUID 3 1] APPEND completed")},
		{send: "q3 APPEND Sent {" + size(draft) + "+}\r\n" + draft + "\r\n", want: lines("q3 NO [OVERQUOTA] The mailbox is over its quota")},
	}}
}

// mimeConversation reads the parts of alice's multipart message.
func mimeConversation() conversation {
	return conversation{"mime parts, bodystructure and binary", []step{
		{send: "m0 LOGIN alice wonderland\r\n", want: lines("m0 OK [CAPABILITY " + caps + "] LOGIN completed")},
		{send: "m1 EXAMINE INBOX\r\n", want: lines(
			"* 1 EXISTS",
			"* 0 RECENT",
			"* OK [UIDVALIDITY 1] UIDs valid",
			"* OK [UIDNEXT 2] Predicted next UID",
			`* FLAGS (\Answered \Deleted \Draft \Flagged \Seen)`,
			"* OK [PERMANENTFLAGS ()] No permanent flags permitted: read-only",
			"* OK [UNSEEN 1] Message 1 is the first unseen",
			"m1 OK [READ-ONLY] EXAMINE completed")},
		{send: "m2 FETCH 1 BODY\r\n", want: lines("* 1 FETCH (BODY "+bodyMixed+")", "m2 OK FETCH completed")},
		{send: "m3 FETCH 1 BODYSTRUCTURE\r\n", want: lines("* 1 FETCH (BODYSTRUCTURE "+bodyStructureMixed+")", "m3 OK FETCH completed")},
		{send: "m4 FETCH 1 (BODY[1] BODY[2.MIME])\r\n", want: lines(
			"* 1 FETCH (BODY[1] {15}",
			"Gr=C3=BC=C3=9Fe BODY[2.MIME] {142}",
			`Content-Type: application/octet-stream; name="a.bin"`,
			`Content-Disposition: attachment; filename="a.bin"`,
			"Content-Transfer-Encoding: base64",
			"",
			")",
			"m4 OK FETCH completed")},
		{send: "m5 FETCH 1 (BODY[3.HEADER] BODY[3.TEXT] BODY[3.1] BODY[3.1.1] BODY[5] BODY[1.HEADER])\r\n", want: lines(
			"* 1 FETCH (BODY[3.HEADER] {41}",
			"From: carol@example.net",
			"Subject: Old",
			"",
			" BODY[3.TEXT] {6}",
			"Inner. BODY[3.1] {6}",
			"Inner. BODY[3.1.1] NIL BODY[5] NIL BODY[1.HEADER] NIL)",
			"m5 OK FETCH completed")},
		{send: "m6 FETCH 1 (BINARY[1] BINARY.SIZE[2] BINARY.PEEK[2]<0.5>)\r\n", want: "* 1 FETCH (BINARY[1] {7}\r\nGrüße BINARY.SIZE[2] 3 BINARY[2]<0> ~{3}\r\n\x00\x01\x02)\r\n" + lines("m6 OK FETCH completed")},
		{send: "m7 FETCH 1 BINARY[4]\r\n", want: lines("m7 NO [UNKNOWN-CTE] BINARY cannot decode the content transfer encoding of message 1; fetch it with BODY[] instead")},
		{send: "m8 FETCH 1 BINARY[1.TEXT]\r\n", want: lines("m8 BAD Syntax error in FETCH: BINARY takes only a part number, such as BINARY[1]")},
		{send: "m9 FETCH 1 BODY[MIME]\r\n", want: lines("m9 BAD Syntax error in FETCH: MIME needs a part number, such as BODY[1.MIME]")},
		{send: "m10 FETCH 1 BODY[0]\r\n", want: lines("m10 BAD Syntax error in FETCH: a part number is a number from 1, such as 1 or 2.1")},
		{send: "m11 FETCH 1 FULL\r\n", want: lines(`* 1 FETCH (FLAGS () INTERNALDATE " 1-Jan-1970 00:00:00 +0000" RFC822.SIZE `+size(msgMixed)+` ENVELOPE (NIL "Files" ((NIL NIL "bob" "example.net")) ((NIL NIL "bob" "example.net")) ((NIL NIL "bob" "example.net")) NIL NIL NIL NIL NIL) BODY `+bodyMixed+")", "m11 OK FETCH completed")},
	}}
}

func TestConversations(t *testing.T) {
	rows := 0
	for _, conv := range conversations() {
		rows += len(conv.steps)
		t.Run(conv.name, func(t *testing.T) {
			st := fixture()
			s := NewServer(Config{Hostname: "mail.example.net"}, st)
			for i, step := range conv.steps {
				if step.before != nil {
					step.before(st)
				}
				var got string
				if step.changed {
					got = wire(s.Changed())
				} else {
					got = wire(s.Feed([]byte(step.send)))
				}
				require.Equal(t, step.want, got, "step %d: %q", i, step.send)
			}
		})
	}
	assert.GreaterOrEqual(t, rows, 30)
}

// TestChunking feeds each conversation once in one piece and once an octet
// at a time: the responses must be the same bytes with the same reasons.
func TestChunking(t *testing.T) {
	for _, conv := range conversations() {
		t.Run(conv.name, func(t *testing.T) {
			var input []byte
			for _, step := range conv.steps {
				if step.before != nil {
					t.Skip("the store changes between steps, so this is not one stream")
				}
				input = append(input, step.send...)
			}
			whole := NewServer(Config{}, fixture()).Feed(input)
			bytewise := NewServer(Config{}, fixture())
			var split []Response
			for i := range input {
				split = append(split, bytewise.Feed(input[i:i+1])...)
			}
			require.Equal(t, wire(whole), wire(split))
			require.Equal(t, reasons(whole), reasons(split))
		})
	}
}

func reasons(rs []Response) []string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r.Reason))
	}
	return out
}

func TestGreeting(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{}, "* OK [CAPABILITY " + caps + "] localhost IMAP4rev2 server ready\r\n"},
		{Config{Hostname: "imap.example.net"}, "* OK [CAPABILITY " + caps + "] imap.example.net IMAP4rev2 server ready\r\n"},
	}
	for _, tt := range tests {
		g := NewServer(tt.cfg, fixture()).Greeting()
		assert.Equal(t, tt.want, string(g.Wire()))
		assert.Equal(t, reasonGreeting, g.Reason)
		assert.Equal(t, "OK", g.Status)
		assert.Equal(t, "*", g.Tag)
	}
}

func TestTimeout(t *testing.T) {
	s := NewServer(Config{}, fixture())
	s.Feed([]byte("a1 LOGIN bob secret\r\n"))
	require.False(t, s.Done())
	rs := s.Timeout()
	require.Len(t, rs, 1)
	assert.Equal(t, "* BYE Autologout; idle for too long\r\n", string(rs[0].Wire()))
	assert.Equal(t, reasonAutologout, rs[0].Reason)
	assert.True(t, s.Done())
	assert.Empty(t, s.Feed([]byte("a2 NOOP\r\n")))
	assert.Empty(t, s.Timeout())
}

func TestLogoutEndsSession(t *testing.T) {
	s := NewServer(Config{}, fixture())
	rs := s.Feed([]byte("a1 LOGOUT\r\na2 NOOP\r\n"))
	require.Len(t, rs, 2)
	assert.Equal(t, "BYE", rs[0].Status)
	assert.Equal(t, "a1", rs[1].Tag)
	assert.True(t, s.Done())
}

// TestResponseFields checks the parts of a Response against its wire form.
func TestResponseFields(t *testing.T) {
	s := NewServer(Config{}, fixture())
	rs := s.Feed([]byte("a1 LOGIN bob secret\r\na2 SELECT INBOX\r\na3 FETCH 1 BODY.PEEK[]\r\na4 LOGIN {3}\r\n"))
	for _, r := range rs {
		assert.True(t, strings.HasSuffix(string(r.Wire()), "\r\n"))
		rebuilt := Response{Tag: r.Tag, Status: r.Status, Code: r.Code, Text: r.Text}
		if r.Status != "" {
			assert.Equal(t, string(r.Wire()), string(rebuilt.Wire()), "status responses are their fields")
		}
	}
	login := rs[0]
	assert.Equal(t, Response{Tag: "a1", Status: "OK", Code: "CAPABILITY " + caps, Text: "LOGIN completed",
		Data: login.Data, Reason: "imap.login-ok"}, login)
	fetch := rs[len(rs)-3]
	assert.Equal(t, "*", fetch.Tag)
	assert.Equal(t, "", fetch.Status)
	assert.Equal(t, "1 FETCH (BODY[] {"+size(msgHello)+"}", fetch.Text)
	assert.Equal(t, reasonFetch, fetch.Reason)
	cont := rs[len(rs)-1]
	assert.Equal(t, Response{Tag: "+", Text: "Ready for literal data", Data: []byte("+ Ready for literal data\r\n"), Reason: "imap.continue"}, cont)
}

// TestEchoedTextIsSafe: client text echoed in a status line cannot end it early.
func TestEchoedTextIsSafe(t *testing.T) {
	s := NewServer(Config{}, fixture())
	rs := s.Feed([]byte("a1 LOGIN bob secret\r\na2 SELECT {12}\r\nX\r\n* OK evil\r\n"))
	require.Len(t, rs, 3)
	assert.Equal(t, "a2 NO [NONEXISTENT] No mailbox named X??* OK evil; LIST \"\" * shows them\r\n", string(rs[2].Wire()))
}

// TestReasons runs every conversation and checks that each reason emitted
// is in the Reasons table with the status it was sent with, and that every
// entry of the table is emitted somewhere.
func TestReasons(t *testing.T) {
	seen := map[Reason]bool{}
	check := func(r Response) {
		info, ok := Reasons[r.Reason]
		if assert.True(t, ok, "reason %q of %q is not in Reasons", r.Reason, r.Wire()) {
			assert.Equal(t, info.Status, r.Status, "status of %q", r.Reason)
		}
		seen[r.Reason] = true
	}
	for _, conv := range conversations() {
		st := fixture()
		s := NewServer(Config{}, st)
		check(s.Greeting())
		for _, step := range conv.steps {
			if step.before != nil {
				step.before(st)
			}
			for _, r := range s.Feed([]byte(step.send)) {
				check(r)
			}
		}
		for _, r := range s.Timeout() {
			check(r)
		}
	}
	broken := NewServer(Config{}, failingStore{})
	for _, r := range broken.Feed([]byte("a1 LOGIN bob secret\r\n")) {
		check(r)
	}
	for _, r := range startTLSConversation(t) {
		check(r)
	}
	for _, r := range refusingFolderConversation(t) {
		check(r)
	}
	for key, info := range Reasons {
		assert.True(t, seen[key], "reason %q is never emitted by the tests", key)
		assert.NotEmpty(t, info.Text, key)
		assert.True(t, strings.HasPrefix(info.RFC, "RFC "), key)
	}
}

// refusingStore has folders but cannot make new ones, as a disk store that refuses a
// name or has a full disk.
type refusingStore struct{ box *mailbox.MemoryBox }

type refusingBox struct{ *mailbox.MemoryBox }

func (refusingBox) CreateFolder(string) error { return assert.AnError }

func (s refusingStore) Login(string, string) (mailbox.Mailbox, error) { return refusingBox{s.box}, nil }

// refusingFolderConversation: a CREATE the store refuses for another reason than an
// existing name is CANNOT, never ALREADYEXISTS.
func refusingFolderConversation(t *testing.T) []Response {
	t.Helper()
	st := mailbox.NewMemory()
	box := st.AddUser("bob", "secret", 0)
	s := NewServer(Config{}, refusingStore{box})
	rs := s.Feed([]byte("a1 LOGIN bob secret\r\na2 CREATE Work\r\n"))
	require.NotEmpty(t, rs)
	last := rs[len(rs)-1]
	assert.Equal(t, "a2 NO [CANNOT] Mailbox Work cannot be made here\r\n", string(last.Wire()))
	return rs
}

// failingStore stands for a store that cannot be reached.
type failingStore struct{}

func (failingStore) Login(string, string) (mailbox.Mailbox, error) {
	return nil, assert.AnError
}

func TestLineLimitBoundary(t *testing.T) {
	tests := []struct {
		line   string
		reason Reason
	}{
		{"a1 NOOP " + strings.Repeat("x", DefaultMaxLine-8) + "\r\n", "imap.bad-syntax"},
		{"a1 NOOP " + strings.Repeat("x", DefaultMaxLine-8) + "\n", "imap.bad-syntax"},
		{"a1 NOOP " + strings.Repeat("x", DefaultMaxLine-7) + "\r\n", "imap.line-too-long"},
		{"a1 LOGIN {3}\r\nbob " + strings.Repeat("x", DefaultMaxLine-13) + "\r\n", "imap.auth-failed"},
		{"a1 LOGIN {3}\r\nbob " + strings.Repeat("x", DefaultMaxLine-12) + "\r\n", "imap.line-too-long"},
	}
	for _, tt := range tests {
		rs := NewServer(Config{}, fixture()).Feed([]byte(tt.line))
		require.NotEmpty(t, rs)
		assert.Equal(t, tt.reason, rs[len(rs)-1].Reason, "%d octets", len(tt.line))
	}
}

func TestConfigLimits(t *testing.T) {
	s := NewServer(Config{MaxLine: 32, MaxLiteral: 4}, fixture())
	got := wire(s.Feed([]byte("a1 LOGIN bob secret\r\na2 NOOP 12345678901234567890123456789\r\na3 LOGIN {5}\r\na4 NOOP\r\n")))
	assert.Equal(t, lines(
		"a1 OK [CAPABILITY "+caps+"] LOGIN completed",
		"a2 BAD [TOOBIG] Command line longer than 32 octets; discarded up to the next line",
		"a3 BAD [TOOBIG] Literal of 5 octets is over the limit of 4 octets per command",
		"a4 OK NOOP completed"), got)
}
