package pop3

import "smtpsim/sim/reason"

// Reason is a reason key of the POP3 engines: why the server answered as it did
// (Reasons), or why the client's session failed (FailureReasons). The string is the
// stable name that traces, lessons and the catalog use; the keys are the constants
// below and in client.go.
type Reason string

// Reason keys of the AUTHORIZATION state (RFC 1939 §4), one per distinct cause of a
// response. They are stable: traces, lesson texts and translations refer to them.
const (
	reasonGreeting            Reason = "pop3.greeting"
	reasonCapa                Reason = "pop3.capa"
	reasonUserOK              Reason = "pop3.user-ok"
	reasonNeedUser            Reason = "pop3.need-user"
	reasonLoginOK             Reason = "pop3.login-ok"
	reasonAuthFailed          Reason = "pop3.auth-failed"
	reasonAuthTooMany         Reason = "pop3.auth-too-many"
	reasonMaildropUnavailable Reason = "pop3.maildrop-unavailable"
	reasonQuit                Reason = "pop3.quit"
	reasonSTLS                Reason = "pop3.stls"
	reasonSTLSActive          Reason = "pop3.stls-active"
)

// Reason keys of the TRANSACTION state (RFC 1939 §5).
const (
	reasonStat           Reason = "pop3.stat"
	reasonList           Reason = "pop3.list"
	reasonListMsg        Reason = "pop3.list-msg"
	reasonUIDL           Reason = "pop3.uidl"
	reasonUIDLMsg        Reason = "pop3.uidl-msg"
	reasonRetr           Reason = "pop3.retr"
	reasonTop            Reason = "pop3.top"
	reasonDele           Reason = "pop3.dele"
	reasonNoop           Reason = "pop3.noop"
	reasonRset           Reason = "pop3.rset"
	reasonNoSuchMessage  Reason = "pop3.no-such-message"
	reasonMessageDeleted Reason = "pop3.message-deleted"
	reasonReadFailed     Reason = "pop3.read-failed"
)

// Reason keys of the UPDATE state (RFC 1939 §6).
const (
	reasonUpdate       Reason = "pop3.update"
	reasonUpdateFailed Reason = "pop3.update-failed"
)

// Reason keys of responses in any state.
const (
	reasonUnknownCommand Reason = "pop3.unknown-command"
	reasonWrongState     Reason = "pop3.wrong-state"
	reasonSyntax         Reason = "pop3.syntax"
	reasonLineTooLong    Reason = "pop3.line-too-long"
)

// Reasons maps every reason key the engine emits to its response. The bracketed codes
// are RFC 2449 §8 extended response codes, defined in RFC 3206; CAPA announces them.
var Reasons = reason.Table[Reason]{
	// AUTHORIZATION state.
	reasonGreeting:            {Status: "+OK", Text: "%s POP3 server ready", Args: "host", RFC: "RFC 1939 §4"},
	reasonCapa:                {Status: "+OK", Text: "capability list follows", Args: "", RFC: "RFC 2449 §5"},
	reasonUserOK:              {Status: "+OK", Text: "send PASS", Args: "", RFC: "RFC 1939 §7, §13"},
	reasonNeedUser:            {Status: "-ERR", Text: "send USER first", Args: "", RFC: "RFC 1939 §7"},
	reasonLoginOK:             {Status: "+OK", Text: "maildrop has %d messages (%d octets)", Args: "count, octets", RFC: "RFC 1939 §4, §7"},
	reasonAuthFailed:          {Status: "-ERR", Text: "[AUTH] invalid user name or password", Args: "", RFC: "RFC 1939 §7, §13; RFC 3206 §5"},
	reasonAuthTooMany:         {Status: "-ERR", Text: "[AUTH] too many failed logins, closing connection", Args: "", RFC: "RFC 1939 §4, §13; RFC 3206 §5"},
	reasonMaildropUnavailable: {Status: "-ERR", Text: "[SYS/TEMP] unable to open maildrop", Args: "", RFC: "RFC 1939 §4; RFC 3206 §4"},
	reasonQuit:                {Status: "+OK", Text: "%s POP3 server signing off", Args: "host", RFC: "RFC 1939 §4"},
	reasonSTLS:                {Status: "+OK", Text: "Begin TLS negotiation", Args: "", RFC: "RFC 2595 §4"},
	reasonSTLSActive:          {Status: "-ERR", Text: "TLS already active", Args: "", RFC: "RFC 2595 §4"},

	// TRANSACTION state.
	reasonStat:           {Status: "+OK", Text: "%d %d", Args: "count, octets", RFC: "RFC 1939 §5"},
	reasonList:           {Status: "+OK", Text: "%d messages (%d octets)", Args: "count, octets", RFC: "RFC 1939 §5"},
	reasonListMsg:        {Status: "+OK", Text: "%d %d", Args: "msg, octets", RFC: "RFC 1939 §5"},
	reasonUIDL:           {Status: "+OK", Text: "unique-id listing follows", Args: "", RFC: "RFC 1939 §7"},
	reasonUIDLMsg:        {Status: "+OK", Text: "%d %s", Args: "msg, unique-id", RFC: "RFC 1939 §7"},
	reasonRetr:           {Status: "+OK", Text: "%d octets", Args: "octets", RFC: "RFC 1939 §5, §11"},
	reasonTop:            {Status: "+OK", Text: "top of message follows", Args: "", RFC: "RFC 1939 §7"},
	reasonDele:           {Status: "+OK", Text: "message %d deleted", Args: "msg", RFC: "RFC 1939 §5"},
	reasonNoop:           {Status: "+OK", Text: "", Args: "", RFC: "RFC 1939 §5"},
	reasonRset:           {Status: "+OK", Text: "maildrop has %d messages (%d octets)", Args: "count, octets", RFC: "RFC 1939 §5"},
	reasonNoSuchMessage:  {Status: "-ERR", Text: "no such message, only %d messages in maildrop", Args: "count", RFC: "RFC 1939 §5"},
	reasonMessageDeleted: {Status: "-ERR", Text: "message %d already deleted", Args: "msg", RFC: "RFC 1939 §5"},
	reasonReadFailed:     {Status: "-ERR", Text: "[SYS/TEMP] message cannot be read", Args: "", RFC: "RFC 1939 §5; RFC 3206 §4"},

	// UPDATE state.
	reasonUpdate:       {Status: "+OK", Text: "%s POP3 server signing off (%d messages left)", Args: "host, count", RFC: "RFC 1939 §6"},
	reasonUpdateFailed: {Status: "-ERR", Text: "some deleted messages not removed", Args: "", RFC: "RFC 1939 §6"},

	// Any state.
	reasonUnknownCommand: {Status: "-ERR", Text: "unknown command", Args: "", RFC: "RFC 1939 §3"},
	reasonWrongState:     {Status: "-ERR", Text: "%s not valid in this state", Args: "keyword", RFC: "RFC 1939 §3"},
	reasonSyntax:         {Status: "-ERR", Text: "syntax error, usage: %s", Args: "usage", RFC: "RFC 1939 §3, §9"},
	reasonLineTooLong:    {Status: "-ERR", Text: "command line too long", Args: "", RFC: "RFC 2449 §4"},
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
