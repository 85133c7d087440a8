package smtp

// Session is what a policy may know about the conversation so far. The server engine
// owns it; policies read it and must not change it.
type Session struct {
	RemoteAddr string // the client's address as the caller named it ("192.0.2.7:40112")
	Helo       string // the EHLO/HELO argument, "" before it
	ESMTP      bool   // the client said EHLO, not HELO
	Secure     bool   // STARTTLS completed (simulated or real)
	User       string // the authenticated user, "" if none
	From       *Path  // reverse-path of the open transaction, nil if none
	MailParams []Param
	Rcpts      []Path // accepted recipients of the open transaction
	RcptParams [][]Param
	Attempts   int // RCPT commands tried in this transaction, accepted or not
	Messages   int // messages accepted on this connection
}

// Envelope is what a finished DATA hands to the policy: the envelope and the message.
type Envelope struct {
	From       Path
	MailParams []Param
	To         []Path
	RcptParams [][]Param
	// Data is the message as received, dot-unstuffed, with CRLF line endings. It is
	// the engine's buffer, valid until Deliver returns: the next message of the
	// connection is read into it (go-smtp's Data reader and net/http's request body
	// work the same way). A policy that keeps the message keeps a copy.
	Data []byte
}

// Policy makes every decision about who may do what. The engine enforces grammar,
// sequence and limits and asks the policy for the rest; a nil reply means "accept with
// the engine's default reply". Faults ("421 now", "reply 451 to RCPT for bob") are
// policies too, usually wrapping another one.
type Policy interface {
	// Connect is asked before the greeting. A 554 reply refuses service (the engine then
	// answers 503 to everything but QUIT); a 421 reply closes at once.
	Connect(s *Session) *Reply
	// Command is asked for every command line before the engine acts on it. A non-nil
	// reply is sent instead and the command has no effect; a 421 reply also closes.
	Command(s *Session, cmd Command) *Reply
	// Authenticate checks SASL credentials. identity is the PLAIN authorization
	// identity ("" when absent).
	Authenticate(s *Session, identity, user, password string) bool
	// Mail decides on a syntactically valid MAIL FROM.
	Mail(s *Session, from Path, params []Param) *Reply
	// Rcpt decides on a syntactically valid RCPT TO within the recipient limit.
	Rcpt(s *Session, to Path, params []Param) *Reply
	// Data decides whether to send 354 for DATA.
	Data(s *Session) *Reply
	// Deliver receives a complete message; it takes responsibility for it by returning
	// nil or a 2xx reply (RFC 5321 §6.1), or refuses it with a 4xx/5xx reply.
	Deliver(s *Session, env Envelope) *Reply
}

// Accept is a Policy that accepts every well-formed request and refuses every
// authentication. Embed it to override only some decisions.
type Accept struct{}

// Connect implements Policy.
func (Accept) Connect(*Session) *Reply { return nil }

// Command implements Policy.
func (Accept) Command(*Session, Command) *Reply { return nil }

// Authenticate implements Policy.
func (Accept) Authenticate(*Session, string, string, string) bool { return false }

// Mail implements Policy.
func (Accept) Mail(*Session, Path, []Param) *Reply { return nil }

// Rcpt implements Policy.
func (Accept) Rcpt(*Session, Path, []Param) *Reply { return nil }

// Data implements Policy.
func (Accept) Data(*Session) *Reply { return nil }

// Deliver implements Policy.
func (Accept) Deliver(*Session, Envelope) *Reply { return nil }

// DefaultMaxSize is the SIZE limit of a server configured without one: Postfix's
// message_size_limit, in octets.
const DefaultMaxSize = 10240000

// Config holds the server's fixed settings: its name and the extensions it offers.
type Config struct {
	Hostname string
	// MaxSize is the SIZE limit in octets (RFC 1870) and the bound on buffered message
	// data; 0 means DefaultMaxSize.
	MaxSize int
	// MaxRecipients per transaction; RFC 5321 §4.5.3.1.8 requires at least 100, so
	// smaller values are raised to 100. 0 means 1000, Postfix's default.
	MaxRecipients int
	// Auth offers AUTH PLAIN LOGIN.
	Auth bool
	// AuthRequiresTLS hides AUTH until STARTTLS and answers 538 before it.
	AuthRequiresTLS bool
	// StartTLS offers STARTTLS (the handshake itself is the caller's business).
	StartTLS bool
	// RequireTLS answers 530 to MAIL before STARTTLS.
	RequireTLS bool
	// Secure says the connection is encrypted from its first octet (implicit TLS, the
	// submissions port of RFC 8314 §3): the session starts secure and STARTTLS is
	// neither offered nor accepted.
	Secure bool
	// RequireAuth answers 530 to MAIL before AUTH (submission, RFC 6409 §4.3).
	RequireAuth bool
	// NoDSN leaves DSN out of the EHLO reply and answers its MAIL and RCPT parameters
	// (RET, ENVID, NOTIFY, ORCPT) with 555, as a server without the extension does
	// (RFC 5321 §4.1.1.11). The zero value offers DSN, as Postfix does by default.
	NoDSN bool
	// NextID names the queue id for "250 Ok: queued as ID"; nil numbers from 1.
	NextID func() string
	// Greeting is the 220 reply the server opens with when the policy has no other
	// (Policy.Connect), made once as ReasonGreeting.ReplyString(Hostname) for all the
	// connections a host serves; its lines are shared and never written. Code 0: made
	// at each connection.
	Greeting Reply
	// Hellos, when set, keeps the EHLO replies the server made, for the connections
	// to come that give the same name and are offered the same: the connections of
	// one host share one, and a bulk run's hosts answer the same few names thousands
	// of times. The replies' lines are shared and never written.
	Hellos *HelloReplies
}

func (c Config) maxSize() int {
	if c.MaxSize <= 0 {
		return DefaultMaxSize
	}
	return c.MaxSize
}

func (c Config) maxRecipients() int {
	switch {
	case c.MaxRecipients <= 0:
		return 1000
	case c.MaxRecipients < 100:
		return 100
	}
	return c.MaxRecipients
}
