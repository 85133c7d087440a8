// Package trace is the record of a simulated run: a sequence of typed events that the
// page, the CLI, the exports and the tests all read.
package trace

import (
	"time"

	"smtpsim/sim/dns"
)

// Kind names what an event is.
type Kind string

// Event kinds. Protocol lines are KindLine; everything else is something an actor did
// or something that happened to one.
const (
	KindConnect      Kind = "connect"       // a TCP connection opened (client → server, port)
	KindRefused      Kind = "refused"       // the connection was refused (nothing listens, RST); Failure "refused"
	KindUnreachable  Kind = "unreachable"   // no connection: nothing answered (Failure "timed-out") or no route (Failure "unreachable")
	KindClose        Kind = "close"         // a connection closed normally or was dropped
	KindLine         Kind = "line"          // one protocol line; Dir says who sent it
	KindData         Kind = "data"          // the message text sent after 354, as one event
	KindTimeout      Kind = "timeout"       // a peer waited too long (RFC 5321 §4.5.3.2)
	KindTLS          Kind = "tls"           // the TLS state of a connection: a handshake done, or why the session stays in clear (TLS field)
	KindDNSQuery     Kind = "dns-query"     // an MTA asks the resolver
	KindDNSAnswer    Kind = "dns-answer"    // the resolver answers
	KindSubmit       Kind = "submit"        // a user sends a message from the MUA
	KindEnqueue      Kind = "enqueue"       // an MTA puts a message in its queue
	KindAttempt      Kind = "attempt"       // an MTA starts a delivery attempt for recipients
	KindDefer        Kind = "defer"         // a recipient stays in the queue; Next says when it is tried again
	KindHandoff      Kind = "handoff"       // a server answered 250 to the final dot: it owns the message now (RFC 5321 §6.1)
	KindDeliver      Kind = "deliver"       // the MDA filed the message into a mailbox
	KindBounce       Kind = "bounce"        // a recipient failed for good; a DSN goes to the sender
	KindDoubleBounce Kind = "double-bounce" // a bounce could not be delivered; logged, never bounced again
	KindExpire       Kind = "expire"        // a message stayed in the queue too long; Status keeps the last attempt's
	KindReject       Kind = "reject"        // a submission was refused; the user sees the error at once
	KindFault        Kind = "fault"         // an injected fault took effect
	KindFetch        Kind = "fetch"         // a user's client retrieved a message over POP3/IMAP
	KindRemove       Kind = "remove"        // a message left a mailbox for good (POP3 DELE then QUIT, IMAP EXPUNGE)
	KindSign         Kind = "sign"          // a server signed a message with DKIM (RFC 6376 §5); Auth says how
	KindAuth         Kind = "auth"          // a receiving server checked the sender (SPF, DKIM); Auth says what it found
	KindSummary      Kind = "summary"       // the last line of a JSON trace (not one of a Trace's events)
)

// Direction of a protocol line from the point of view of the event's actor, who is
// always the client side of the connection: send is "C:", recv is "S:".
const (
	DirSend = "send"
	DirRecv = "recv"
)

// Why a connection could not be made: the Failure of refused and unreachable events,
// and of the defer or bounce they led to. None of them is a reply: no server spoke.
const (
	FailureRefused     = "refused"     // the host answered the connection attempt with a reset: nothing listens on the port
	FailureTimedOut    = "timed-out"   // nothing answered within the client's connect timeout (host down, packets lost)
	FailureUnreachable = "unreachable" // the network said there is no route to the host
)

// The TLS states of a hop, for a padlock per hop: a tls event's TLS.State.
const (
	TLSStarted = "started" // the handshake is done: what follows is encrypted
	TLSOffered = "offered" // the server offered STARTTLS; the client, set up without TLS, sends in clear
	TLSNone    = "none"    // the client saw no STARTTLS offer and sends in clear
	TLSRefused = "refused" // the client will not send in clear (an MTA-STS policy in enforce mode): it quits
)

// How a session became encrypted: TLS.How.
const (
	TLSHowSTARTTLS = "starttls" // STARTTLS on a plain connection (RFC 3207)
	TLSHowImplicit = "implicit" // TLS from the first octet, port 465 (RFC 8314 §3)
)

// Values of Event.Altered.
const (
	AlteredSent     = "sent"     // the line as the server sent it; the client never received it so
	AlteredReceived = "received" // the line as the client received it, changed on the path
)

// TLS is the encryption state of one hop (a connection) at a tls event. The handshake
// is simulated: no keys are made, Version names what a real one would agree on.
type TLS struct {
	State   string `json:"state"`             // TLSStarted, TLSOffered, TLSNone or TLSRefused
	How     string `json:"how,omitempty"`     // started: TLSHowSTARTTLS or TLSHowImplicit
	Version string `json:"version,omitempty"` // started: the protocol version, "TLSv1.3"
	// Policy is the mode of the recipient domain's MTA-STS policy that the sending MTA
	// applied (RFC 8461 §3.2: "enforce" or "testing"), "" when it had none.
	Policy string `json:"policy,omitempty"`
}

// Event is one observable thing. Fields that do not apply stay empty. What an event
// states is in its fields; Text is only a rendering of them for people and is never
// read back by code.
type Event struct {
	Seq    int           `json:"seq"`
	Time   time.Duration `json:"-"`
	TimeMS int64         `json:"time_ms"`
	Kind   Kind          `json:"kind"`
	Actor  string        `json:"actor"`
	Peer   string        `json:"peer,omitempty"`
	Conn   int           `json:"conn,omitempty"`  // connection number, for lines, connect and close
	Proto  string        `json:"proto,omitempty"` // smtp, pop3, imap, dns
	Port   int           `json:"port,omitempty"`
	Dir    string        `json:"dir,omitempty"`
	Line   string        `json:"line,omitempty"` // a protocol line; on defer, bounce, expire, reject and fetch, the reply that decided
	Code   int           `json:"code,omitempty"` // a reply code a server sent; 0 when no server answered
	Status string        `json:"status,omitempty"`
	Reason string        `json:"reason,omitempty"` // reason key of the reply or decision
	Msg    string        `json:"msg,omitempty"`    // message id in the simulation ("m1")
	Rcpt   string        `json:"rcpt,omitempty"`
	Next   int64         `json:"next_ms,omitempty"` // defer: virtual time of the next attempt
	Text   string        `json:"text,omitempty"`    // a short human explanation
	RFC    string        `json:"rfc,omitempty"`
	Fault  string        `json:"fault,omitempty"` // the fault spec that caused this event
	Octets int           `json:"octets,omitempty"`
	Lines  int           `json:"lines,omitempty"` // data sent after 354: the message's lines (its line field is only a summary)
	DSN    string        `json:"dsn,omitempty"`   // bounce: the id of the DSN sent back
	// Failure says why no connection was made (Failure* constants): on refused and
	// unreachable events, and on the defer or bounce that followed one.
	Failure string `json:"failure,omitempty"`
	// DurationMS is how long something took: for a connection that failed, from the
	// attempt to the failure; for a timeout, the time the client waited for a reply;
	// for an expire and the bounce it causes, the time the message spent in the queue;
	// for a greylist fault, how long the server wants the client to wait.
	DurationMS int64 `json:"duration_ms,omitempty"`
	// Mailbox is the user whose mailbox a deliver, remove or fetch event is about (on
	// host Actor, or Peer for fetch); for mail to postmaster, the mailbox it really went to.
	Mailbox string `json:"mailbox,omitempty"`
	// UID is the message's unique id in Mailbox (RFC 9051 §2.3.1.1), on deliver and remove.
	UID uint32 `json:"uid,omitempty"`
	// QueueID is the id under which a server took a message (handoff), as its 250 said.
	QueueID string `json:"queue_id,omitempty"`
	// Rcpts lists the recipients a submit, enqueue or attempt event is about (for
	// submit, the envelope recipients: To, Cc and Bcc).
	Rcpts []string `json:"rcpts,omitempty"`
	// From is an envelope sender: of the message a user submits (submit), and the
	// address a DSN goes back to (bounce).
	From string `json:"from,omitempty"`
	// Subject is the Subject: of the message a user submits (submit).
	Subject string `json:"subject,omitempty"`
	// MailFrom is, on the submit of a machine outside the world's organisations
	// (role outside), the envelope sender it gives at MAIL FROM; From is then the
	// address it writes in From:, and the two may differ (RFC 5321 §3.3, RFC 5322 §3.6.2).
	MailFrom string `json:"mail_from,omitempty"`
	// Count is a number the event states: enqueue, the messages in the queue after it;
	// attempt, the attempt's number; deliver, the messages in Mailbox after filing;
	// fetch, the messages the client retrieved.
	Count int `json:"count,omitempty"`
	// Stage is the command whose answer ended a fetch that failed (pop3.Failure.Stage,
	// imap.Failure.Stage: "pass", "login", …, or "greeting", "connection").
	Stage string `json:"stage,omitempty"`
	// Lost marks a reply line that the server sent but the client never received: the
	// connection broke after the final dot (a drop fault, RFC 1047).
	Lost bool `json:"lost,omitempty"`
	// Played marks a handoff to a server that the learner played (world.ManualServer).
	Played bool `json:"played,omitempty"`
	// Headers lists the header fields an MSA added to a submitted message (enqueue).
	Headers []string `json:"headers,omitempty"`
	// TLS is the state of a connection's encryption that a tls event states (see TLS).
	// A tls event without it is a real handshake run by a caller (smtpsim bridge).
	TLS *TLS `json:"tls,omitempty"`
	// Altered marks a reply line that something on the path between client and server
	// changed (a strip-starttls fault): AlteredSent on the line as the server sent it,
	// which never reached the client so; AlteredReceived on the line the client got
	// instead. Fault names the fault on both.
	Altered string `json:"altered,omitempty"`
	// Auth is what a sign or auth event states: the method, the result, the domain.
	Auth *Auth `json:"auth,omitempty"`
	// DNS is the question of a dns-query event and the answer of a dns-answer event.
	DNS *dns.Answer `json:"dns,omitempty"`
	// Payload holds exact octets, for exports and the inspector: of a data event, the
	// message as sent after 354 (dot-stuffed, without the final ".\r\n") or the body of
	// a POP3/IMAP answer after its first line; of a deliver event, the message as filed
	// (Return-Path and all). In the JSON trace only when asked for (JSONOptions).
	Payload []byte `json:"-"`
}

// Auth is a sender-authentication fact: a check a receiving server made (auth event)
// or a signature a server added (sign event).
type Auth struct {
	// Method is "spf", "dkim" or "dmarc" (RFC 8601 §2.7).
	Method string `json:"method"`
	// Result is the outcome of a check: pass, fail, softfail, neutral, none, temperror
	// or permerror (RFC 7208 §2.6, RFC 8601 §2.7.1); empty on a sign event.
	Result string `json:"result,omitempty"`
	// Domain is the domain checked or signed for: the MAIL FROM or HELO domain for SPF,
	// the signing domain (d=) for DKIM.
	Domain string `json:"domain"`
	// Identity is which identity SPF checked: "mailfrom" or "helo" (RFC 7208 §2.4).
	Identity string `json:"identity,omitempty"`
	// Selector and Algorithm are the DKIM key's selector (s=) and the algorithm (a=).
	Selector  string `json:"selector,omitempty"`
	Algorithm string `json:"algorithm,omitempty"`
	// Detail is why, in the checker's words ("matched ip", "lookup limit reached",
	// "body hash did not verify"); English, from the library that decided.
	Detail string `json:"detail,omitempty"`
	// Policy is, for DMARC, what the receiver did with the message by the domain's
	// policy (RFC 7489 §6.3 p=): "none", "quarantine" or "reject"; empty without a
	// DMARC record.
	Policy string `json:"policy,omitempty"`
}
