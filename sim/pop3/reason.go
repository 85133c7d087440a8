package pop3

import "smtpsim/sim/reason"

// Reason is a reason key of the POP3 engines: why the server answered as it did
// (Reasons), or why the client's session failed (FailureReasons). The string is the
// stable name that traces, lessons and the catalog use; the keys are the constants
// below and in client.go.
type Reason string

// Reason keys, one per distinct cause of a response. They are stable: traces, lesson
// texts and translations refer to them.
const (
	reasonGreeting            Reason = "pop3.greeting"
	reasonCapa                Reason = "pop3.capa"
	reasonUserOK              Reason = "pop3.user-ok"
	reasonNeedUser            Reason = "pop3.need-user"
	reasonLoginOK             Reason = "pop3.login-ok"
	reasonAuthFailed          Reason = "pop3.auth-failed"
	reasonAuthTooMany         Reason = "pop3.auth-too-many"
	reasonMaildropUnavailable Reason = "pop3.maildrop-unavailable"
	reasonStat                Reason = "pop3.stat"
	reasonList                Reason = "pop3.list"
	reasonListMsg             Reason = "pop3.list-msg"
	reasonUIDL                Reason = "pop3.uidl"
	reasonUIDLMsg             Reason = "pop3.uidl-msg"
	reasonRetr                Reason = "pop3.retr"
	reasonTop                 Reason = "pop3.top"
	reasonDele                Reason = "pop3.dele"
	reasonNoop                Reason = "pop3.noop"
	reasonRset                Reason = "pop3.rset"
	reasonQuit                Reason = "pop3.quit"
	reasonUpdate              Reason = "pop3.update"
	reasonUpdateFailed        Reason = "pop3.update-failed"
	reasonNoSuchMessage       Reason = "pop3.no-such-message"
	reasonMessageDeleted      Reason = "pop3.message-deleted"
	reasonReadFailed          Reason = "pop3.read-failed"
	reasonUnknownCommand      Reason = "pop3.unknown-command"
	reasonWrongState          Reason = "pop3.wrong-state"
	reasonSyntax              Reason = "pop3.syntax"
	reasonLineTooLong         Reason = "pop3.line-too-long"
)

// Reasons maps every reason key the engine emits to its response. The bracketed codes
// are RFC 2449 §8 extended response codes, defined in RFC 3206; CAPA announces them.
var Reasons = reason.Table[Reason]{
	// AUTHORIZATION state.
	reasonGreeting:            {Status: "+OK", Text: "%s POP3 server ready", RFC: "RFC 1939 §4"}, // host
	reasonCapa:                {Status: "+OK", Text: "capability list follows", RFC: "RFC 2449 §5"},
	reasonUserOK:              {Status: "+OK", Text: "send PASS", RFC: "RFC 1939 §7, §13"},
	reasonNeedUser:            {Status: "-ERR", Text: "send USER first", RFC: "RFC 1939 §7"},
	reasonLoginOK:             {Status: "+OK", Text: "maildrop has %d messages (%d octets)", RFC: "RFC 1939 §4, §7"}, // count, octets
	reasonAuthFailed:          {Status: "-ERR", Text: "[AUTH] invalid user name or password", RFC: "RFC 1939 §7, §13; RFC 3206 §5"},
	reasonAuthTooMany:         {Status: "-ERR", Text: "[AUTH] too many failed logins, closing connection", RFC: "RFC 1939 §4, §13; RFC 3206 §5"},
	reasonMaildropUnavailable: {Status: "-ERR", Text: "[SYS/TEMP] unable to open maildrop", RFC: "RFC 1939 §4; RFC 3206 §4"},
	reasonQuit:                {Status: "+OK", Text: "%s POP3 server signing off", RFC: "RFC 1939 §4"}, // host

	// TRANSACTION state.
	reasonStat:           {Status: "+OK", Text: "%d %d", RFC: "RFC 1939 §5"},                   // count, octets
	reasonList:           {Status: "+OK", Text: "%d messages (%d octets)", RFC: "RFC 1939 §5"}, // count, octets
	reasonListMsg:        {Status: "+OK", Text: "%d %d", RFC: "RFC 1939 §5"},                   // msg, octets
	reasonUIDL:           {Status: "+OK", Text: "unique-id listing follows", RFC: "RFC 1939 §7"},
	reasonUIDLMsg:        {Status: "+OK", Text: "%d %s", RFC: "RFC 1939 §7"},          // msg, unique-id
	reasonRetr:           {Status: "+OK", Text: "%d octets", RFC: "RFC 1939 §5, §11"}, // octets
	reasonTop:            {Status: "+OK", Text: "top of message follows", RFC: "RFC 1939 §7"},
	reasonDele:           {Status: "+OK", Text: "message %d deleted", RFC: "RFC 1939 §5"}, // msg
	reasonNoop:           {Status: "+OK", RFC: "RFC 1939 §5"},
	reasonRset:           {Status: "+OK", Text: "maildrop has %d messages (%d octets)", RFC: "RFC 1939 §5"},           // count, octets
	reasonNoSuchMessage:  {Status: "-ERR", Text: "no such message, only %d messages in maildrop", RFC: "RFC 1939 §5"}, // count
	reasonMessageDeleted: {Status: "-ERR", Text: "message %d already deleted", RFC: "RFC 1939 §5"},                    // msg
	reasonReadFailed:     {Status: "-ERR", Text: "[SYS/TEMP] message cannot be read", RFC: "RFC 1939 §5; RFC 3206 §4"},

	// UPDATE state.
	reasonUpdate:       {Status: "+OK", Text: "%s POP3 server signing off (%d messages left)", RFC: "RFC 1939 §6"}, // host, count
	reasonUpdateFailed: {Status: "-ERR", Text: "some deleted messages not removed", RFC: "RFC 1939 §6"},

	// Any state.
	reasonUnknownCommand: {Status: "-ERR", Text: "unknown command", RFC: "RFC 1939 §3"},
	reasonWrongState:     {Status: "-ERR", Text: "%s not valid in this state", RFC: "RFC 1939 §3"},  // keyword
	reasonSyntax:         {Status: "-ERR", Text: "syntax error, usage: %s", RFC: "RFC 1939 §3, §9"}, // usage
	reasonLineTooLong:    {Status: "-ERR", Text: "command line too long", RFC: "RFC 2449 §4"},
}

// response builds the response of reason k, its text formatted with args. A key without
// a row in Reasons panics, so that every response can be explained.
func (k Reason) response(args ...any) Response {
	info := Reasons.Of(k)
	return Response{OK: info.Status == "+OK", Text: info.Format(args...), Reason: k}
}

// withBody builds a multi-line response; body must be non-nil, even when empty.
func (k Reason) withBody(body []byte, args ...any) Response {
	r := k.response(args...)
	r.Body = body
	return r
}
