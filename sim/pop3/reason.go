package pop3

import "fmt"

// ReasonInfo explains one reason key: the status it goes with, its text and the clause
// that requires or allows it.
type ReasonInfo struct {
	// OK is true for "+OK" responses and false for "-ERR".
	OK bool
	// Text is the response text as a fmt format; its verbs take the values named in the
	// key's comment in Reasons (a host name, counts, octets, a command's usage).
	Text string
	// RFC names the clause that explains the response, e.g. "RFC 1939 §5".
	RFC string
}

// Reason keys, one per distinct cause of a response. They are stable: traces, lesson
// texts and translations refer to them.
const (
	reasonGreeting            = "pop3.greeting"
	reasonCapa                = "pop3.capa"
	reasonUserOK              = "pop3.user-ok"
	reasonNeedUser            = "pop3.need-user"
	reasonLoginOK             = "pop3.login-ok"
	reasonAuthFailed          = "pop3.auth-failed"
	reasonAuthTooMany         = "pop3.auth-too-many"
	reasonMaildropUnavailable = "pop3.maildrop-unavailable"
	reasonStat                = "pop3.stat"
	reasonList                = "pop3.list"
	reasonListMsg             = "pop3.list-msg"
	reasonUIDL                = "pop3.uidl"
	reasonUIDLMsg             = "pop3.uidl-msg"
	reasonRetr                = "pop3.retr"
	reasonTop                 = "pop3.top"
	reasonDele                = "pop3.dele"
	reasonNoop                = "pop3.noop"
	reasonRset                = "pop3.rset"
	reasonQuit                = "pop3.quit"
	reasonUpdate              = "pop3.update"
	reasonUpdateFailed        = "pop3.update-failed"
	reasonNoSuchMessage       = "pop3.no-such-message"
	reasonMessageDeleted      = "pop3.message-deleted"
	reasonReadFailed          = "pop3.read-failed"
	reasonUnknownCommand      = "pop3.unknown-command"
	reasonWrongState          = "pop3.wrong-state"
	reasonSyntax              = "pop3.syntax"
	reasonLineTooLong         = "pop3.line-too-long"
)

// Reasons maps every reason key the engine emits to its response. The bracketed codes
// are RFC 2449 §8 extended response codes, defined in RFC 3206; CAPA announces them.
var Reasons = map[string]ReasonInfo{
	// AUTHORIZATION state.
	reasonGreeting:            {true, "%s POP3 server ready", "RFC 1939 §4"}, // host
	reasonCapa:                {true, "capability list follows", "RFC 2449 §5"},
	reasonUserOK:              {true, "send PASS", "RFC 1939 §7, §13"},
	reasonNeedUser:            {false, "send USER first", "RFC 1939 §7"},
	reasonLoginOK:             {true, "maildrop has %d messages (%d octets)", "RFC 1939 §4, §7"}, // count, octets
	reasonAuthFailed:          {false, "[AUTH] invalid user name or password", "RFC 1939 §7, §13; RFC 3206 §5"},
	reasonAuthTooMany:         {false, "[AUTH] too many failed logins, closing connection", "RFC 1939 §4, §13; RFC 3206 §5"},
	reasonMaildropUnavailable: {false, "[SYS/TEMP] unable to open maildrop", "RFC 1939 §4; RFC 3206 §4"},
	reasonQuit:                {true, "%s POP3 server signing off", "RFC 1939 §4"}, // host

	// TRANSACTION state.
	reasonStat:           {true, "%d %d", "RFC 1939 §5"},                   // count, octets
	reasonList:           {true, "%d messages (%d octets)", "RFC 1939 §5"}, // count, octets
	reasonListMsg:        {true, "%d %d", "RFC 1939 §5"},                   // msg, octets
	reasonUIDL:           {true, "unique-id listing follows", "RFC 1939 §7"},
	reasonUIDLMsg:        {true, "%d %s", "RFC 1939 §7"},          // msg, unique-id
	reasonRetr:           {true, "%d octets", "RFC 1939 §5, §11"}, // octets
	reasonTop:            {true, "top of message follows", "RFC 1939 §7"},
	reasonDele:           {true, "message %d deleted", "RFC 1939 §5"}, // msg
	reasonNoop:           {true, "", "RFC 1939 §5"},
	reasonRset:           {true, "maildrop has %d messages (%d octets)", "RFC 1939 §5"},           // count, octets
	reasonNoSuchMessage:  {false, "no such message, only %d messages in maildrop", "RFC 1939 §5"}, // count
	reasonMessageDeleted: {false, "message %d already deleted", "RFC 1939 §5"},                    // msg
	reasonReadFailed:     {false, "[SYS/TEMP] message cannot be read", "RFC 1939 §5; RFC 3206 §4"},

	// UPDATE state.
	reasonUpdate:       {true, "%s POP3 server signing off (%d messages left)", "RFC 1939 §6"}, // host, count
	reasonUpdateFailed: {false, "some deleted messages not removed", "RFC 1939 §6"},

	// Any state.
	reasonUnknownCommand: {false, "unknown command", "RFC 1939 §3"},
	reasonWrongState:     {false, "%s not valid in this state", "RFC 1939 §3"},  // keyword
	reasonSyntax:         {false, "syntax error, usage: %s", "RFC 1939 §3, §9"}, // usage
	reasonLineTooLong:    {false, "command line too long", "RFC 2449 §4"},
}

// reply builds the response of a reason key, formatting the key's text with args. An
// unknown key is a programming error and panics, so that every response can be explained.
func reply(key string, args ...any) Response {
	info, ok := Reasons[key]
	if !ok {
		panic(fmt.Sprintf("pop3: response for unknown reason key %q", key))
	}
	text := info.Text
	if len(args) > 0 {
		text = fmt.Sprintf(text, args...)
	}
	return Response{OK: info.OK, Text: text, Reason: key}
}

// replyBody builds a multi-line response; body must be non-nil, even when empty.
func replyBody(key string, body []byte, args ...any) Response {
	r := reply(key, args...)
	r.Body = body
	return r
}
