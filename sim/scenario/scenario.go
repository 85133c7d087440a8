// Package scenario describes a simulated mail world: hosts and their roles, DNS,
// users, the messages to send and fetch, the faults, and the settings of the run.
// A teacher writes it by hand (see Parse); the world package runs it.
package scenario

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
)

// Model is how mail leaves an organisation.
type Model string

const (
	// EndToEnd: the sending system connects straight to the destination's MX and keeps
	// the message until that server has accepted it.
	EndToEnd Model = "end-to-end"
	// StoreAndForward: the message passes through the organisation's relays, each
	// storing it and taking responsibility at its 250 after DATA.
	StoreAndForward Model = "store-and-forward"
)

// Role is a job a host does.
type Role string

const (
	RoleMSA   Role = "msa"   // accepts submissions on port 587 with AUTH from users of its domains
	RoleMX    Role = "mx"    // accepts mail for its domains on port 25, files it in mailboxes, serves POP3/IMAP
	RoleRelay Role = "relay" // forwards mail: an outgoing relay for internal hosts, or a backup MX for its domains
	// RoleOutside is a machine outside every organisation of the world: it runs no
	// server and sends its own mail straight to port 25 of the recipient's MX (or of
	// its relay), with no submission server and no AUTH, from whatever envelope and
	// From: it likes. It keeps no queue: what is not accepted at once is given up.
	RoleOutside Role = "outside"
)

// Scenario is one simulated world and what happens in it. The tags are the keys of a
// scenario file (FORMAT.md), in the order messages list them; noun and item word the
// messages about a value of the wrong kind.
type Scenario struct {
	Name     string        `yaml:"name"`
	Seed     uint64        `yaml:"seed"`
	Model    Model         `yaml:"model"`
	Start    time.Time     `yaml:"start"`   // the virtual clock's zero
	Latency  time.Duration `yaml:"latency"` // one-way delay of every link
	Retry    Retry         `yaml:"retry"`
	Greylist time.Duration `yaml:"greylist"` // how long a greylisting server makes a new sender wait
	Horizon  time.Duration `yaml:"horizon"`  // stop the run here even if queues are not empty; 0: lifetime + 2h
	Hosts    []Host        `yaml:"hosts" noun:"a host"`
	DNS      []dns.Record  `yaml:"dns" noun:"a DNS record" item:"a record such as \"example.net MX 10 mx.example.net\""`
	Users    []User        `yaml:"users" noun:"a user"`
	Messages []Message     `yaml:"messages" noun:"a message"`
	Fetches  []Fetch       `yaml:"fetch" noun:"a fetch"`
	Faults   []fault.Fault `yaml:"faults" noun:"a fault" item:"a fault such as \"down:mx.example.net\""`
	// MTASTS are the MTA-STS policies that receiving domains publish (RFC 8461 §3.2). A
	// real sender fetches one over HTTPS from https://mta-sts.DOMAIN/.well-known/mta-sts.txt
	// once DNS has a TXT record at _mta-sts.DOMAIN; the simulation has no HTTPS, so the
	// policy is written here and the TXT record under dns.
	MTASTS []STSPolicy `yaml:"mta-sts" noun:"an MTA-STS policy"`
	// DKIM lists the domains whose mail is signed on submission (RFC 6376); their
	// public keys are published in the DNS by the run.
	DKIM []DKIM `yaml:"dkim" noun:"a DKIM signer"`
	// Description says in one line what the world shows, for the list of sandbox worlds.
	Description string `yaml:"description"`
}

// Retry is the queue's retry schedule (Postfix's names in brackets).
type Retry struct {
	First    time.Duration `yaml:"first"`    // first retry after this [minimal_backoff_time 300s]
	Max      time.Duration `yaml:"max"`      // the interval doubles up to this [maximal_backoff_time 4000s]
	Lifetime time.Duration `yaml:"lifetime"` // give up and bounce with 4.4.7 after this [maximal_queue_lifetime 5d]
}

// Host is one machine of the world.
type Host struct {
	Name     string   `yaml:"name"`
	IP       string   `yaml:"ip"`
	Roles    []Role   `yaml:"roles" item:"msa, mx, relay or outside"`
	Domains  []string `yaml:"domains" item:"a domain"`     // msa: whose users submit here; mx: whose mailboxes live here; relay: domains it is backup MX for
	Relay    string   `yaml:"relay"`                       // the next hop for outgoing mail in the store-and-forward model
	Internal []string `yaml:"internal" item:"a host name"` // relay: hosts it relays for without AUTH
	MaxSize  int      `yaml:"max-size"`                    // SIZE limit; 0: 10240000
	Greylist bool     `yaml:"greylist"`
	Auth     bool     `yaml:"auth"` // port 25 offers AUTH as well (587 always does): a client that logs in may relay
	// TLS: the host offers STARTTLS on 25 and 587 (RFC 3207), listens on 465 with
	// implicit TLS if it is an MSA (RFC 8314 §3), and as a sending MTA uses STARTTLS
	// whenever the next hop offers it (opportunistic TLS). The handshakes are simulated.
	TLS bool `yaml:"tls"`
	// CheckMTASTS: as a sending MTA the host looks up and applies the MTA-STS policy of
	// each recipient domain (RFC 8461 §5); it uses STARTTLS when offered, as with TLS.
	CheckMTASTS bool `yaml:"check-mta-sts"`
	// SenderAuth is what the host does with SPF and DKIM on port 25: "" checks
	// nothing; the SenderAuth* values check and record, and may refuse.
	SenderAuth SenderAuth `yaml:"sender-auth"`
	// OpenRelay: on port 25 the host relays mail for any domain from anyone, as
	// misconfigured servers once did (RFC 5321 §7.1 asks servers not to); the default
	// refuses with 554 5.7.1 Relay access denied.
	OpenRelay bool `yaml:"open-relay"`
	// AcceptThenBounce: the host accepts every recipient of its domains at RCPT without
	// knowing its users and bounces unknown ones after the final dot, to the envelope
	// sender — who, when MAIL FROM was forged, never sent the message (backscatter).
	AcceptThenBounce bool `yaml:"accept-then-bounce"`
	// DNSBL lists DNS blocklist zones (RFC 5782) the host asks about each client on
	// port 25; a client listed in one is refused at RCPT with 554 5.7.1.
	DNSBL []string `yaml:"dnsbl" item:"a blocklist zone such as bl.example.org"`
}

// STSPolicy is one domain's MTA-STS policy (RFC 8461 §3.2).
type STSPolicy struct {
	Domain string        `yaml:"domain"`
	Mode   string        `yaml:"mode"`                          // enforce, testing or none
	MX     []string      `yaml:"mx" item:"a host name pattern"` // mx.example.net or *.example.net
	MaxAge time.Duration `yaml:"max-age"`                       // how long a sender may cache it; 0: 1 week
}

// The modes of an MTA-STS policy (RFC 8461 §5).
const (
	STSEnforce = "enforce" // do not deliver to an MX without TLS or outside the mx patterns
	STSTesting = "testing" // deliver anyway, report the failure (TLSRPT, RFC 8460)
	STSNone    = "none"    // no policy is in force
)

// STSMaxAge is the longest max_age a policy may give, about a year (RFC 8461 §3.2).
const STSMaxAge = 31557600 * time.Second

// Matches reports whether the MX host name mx fits one of the policy's mx patterns: an
// exact name, or "*." and a name for any one label in its place (RFC 8461 §4.1).
func (p STSPolicy) Matches(mx string) bool {
	mx = strings.ToLower(strings.TrimSuffix(mx, "."))
	for _, pat := range p.MX {
		pat = strings.ToLower(pat)
		if rest, ok := strings.CutPrefix(pat, "*."); ok {
			if label, parent, ok := strings.Cut(mx, "."); ok && label != "" && parent == rest {
				return true
			}
		} else if pat == mx {
			return true
		}
	}
	return false
}

// Text is the policy as the file at /.well-known/mta-sts.txt holds it (RFC 8461 §3.2).
func (p STSPolicy) Text() string {
	lines := []string{"version: STSv1", "mode: " + p.Mode}
	for _, m := range p.MX {
		lines = append(lines, "mx: "+m)
	}
	lines = append(lines, fmt.Sprintf("max_age: %d", int64(p.MaxAge/time.Second)))
	return strings.Join(lines, "\n")
}

// STS returns the MTA-STS policy the scenario publishes for domain.
func (s *Scenario) STS(domain string) (*STSPolicy, bool) {
	for i := range s.MTASTS {
		if strings.EqualFold(s.MTASTS[i].Domain, strings.TrimSuffix(domain, ".")) {
			return &s.MTASTS[i], true
		}
	}
	return nil, false
}

// SenderAuth is a receiving host's sender-authentication policy: the checks are the
// same, only what the host does with a result differs.
type SenderAuth string

const (
	// SenderAuthRecord checks SPF and DKIM and records the results in the trace and in
	// Authentication-Results:, refusing nothing.
	SenderAuthRecord SenderAuth = "record"
	// SenderAuthRejectSPFFail records as SenderAuthRecord does and refuses MAIL FROM
	// when SPF fails (RFC 7208 §8.4).
	SenderAuthRejectSPFFail SenderAuth = "reject-spf-fail"
)

// DKIM is a domain whose outgoing mail its submission server signs (RFC 6376 §5).
type DKIM struct {
	Domain    string `yaml:"domain"`
	Selector  string `yaml:"selector"`  // the key's name under _domainkey (RFC 6376 §3.1)
	Algorithm string `yaml:"algorithm"` // rsa-sha256 or ed25519-sha256; "": rsa-sha256
	// Canonicalization is header/body: relaxed/relaxed (""), relaxed/simple,
	// simple/relaxed or simple/simple (RFC 6376 §3.4).
	Canonicalization string `yaml:"canonicalization"`
}

// Has reports whether the host does role.
func (h Host) Has(r Role) bool { return slices.Contains(h.Roles, r) }

// Serves reports whether domain is one of the host's domains.
func (h Host) Serves(domain string) bool {
	return slices.ContainsFunc(h.Domains, func(d string) bool { return strings.EqualFold(d, domain) })
}

// User is one mailbox and its owner's login.
type User struct {
	Address  string `yaml:"address"`
	Login    string `yaml:"login"` // the name to log in with (AUTH, POP3 USER, IMAP LOGIN); "": the address
	Password string `yaml:"password"`
	Quota    int    `yaml:"quota"` // octets; 0: unlimited
	// TLS is how the user's mail program protects its submission: "" or "none" sends on
	// port 587 in clear, "starttls" on 587 with STARTTLS, "implicit" on port 465 with
	// TLS from the first octet (RFC 8314 §3). With TLS it never sends in clear.
	TLS string `yaml:"tls"`
}

// The ways a mail program submits (User.TLS).
const (
	SubmitPlain    = "none"
	SubmitSTARTTLS = "starttls"
	SubmitImplicit = "implicit"
)

// LoginName returns the name the user logs in with.
func (u User) LoginName() string {
	if u.Login != "" {
		return u.Login
	}
	return u.Address
}

// Message is one message a user sends.
type Message struct {
	ID          string        `yaml:"id"` // "m1", … assigned in order when empty
	At          time.Duration `yaml:"at"`
	From        string        `yaml:"from"`
	To          []string      `yaml:"to" item:"an address"`
	Cc          []string      `yaml:"cc" item:"an address"`
	Bcc         []string      `yaml:"bcc" item:"an address"`
	Subject     string        `yaml:"subject"`
	Body        string        `yaml:"body"`
	Attachments []Attachment  `yaml:"attachments" noun:"an attachment"`
	// Headers are header lines the sender's mail program writes above its own fields,
	// "Received: from …": a forged hop at the bottom of the Received chain, say.
	Headers []string `yaml:"headers" item:"a header line such as \"Received: from …\""`
	// Via names a host with role outside that sends the message straight to port 25;
	// From is then only the From: line it writes and need not be a user.
	Via string `yaml:"via"`
	// EnvelopeFrom is the MAIL FROM of a message sent via an outside machine; "" means From.
	EnvelopeFrom string `yaml:"envelope-from"`
}

// MailFrom is the envelope sender of the message: EnvelopeFrom if given, else From.
func (m Message) MailFrom() string {
	if m.EnvelopeFrom != "" {
		return m.EnvelopeFrom
	}
	return m.From
}

// Attachment is a file attached to a message. Without Data, Size octets of
// deterministic filler stand in for the file.
type Attachment struct {
	Name string `yaml:"name"`
	Type string `yaml:"type"` // MIME type: image/png, audio/ogg, video/mp4 …
	Size int    `yaml:"size"`
	Data []byte `yaml:"data"`
}

// Fetch is a user picking up mail with POP3 or IMAP.
type Fetch struct {
	At       time.Duration `yaml:"at"`
	User     string        `yaml:"user"`
	Protocol string        `yaml:"protocol"` // pop3 or imap
	Password string        `yaml:"password"` // "": the user's own
	Delete   bool          `yaml:"delete"`   // delete what was fetched
}

// Defaults fills what a scenario left out with the values real servers use.
func (s *Scenario) Defaults() {
	if s.Model == "" {
		s.Model = EndToEnd
	}
	if s.Start.IsZero() {
		s.Start = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	}
	if s.Latency == 0 {
		s.Latency = 20 * time.Millisecond
	}
	if s.Retry.First == 0 {
		s.Retry.First = 300 * time.Second
	}
	if s.Retry.Max == 0 {
		s.Retry.Max = 4000 * time.Second
	}
	if s.Retry.Lifetime == 0 {
		s.Retry.Lifetime = 5 * 24 * time.Hour
	}
	if s.Greylist == 0 {
		s.Greylist = 60 * time.Second
	}
	if s.Horizon == 0 {
		// Past the lifetime plus one longest retry interval every queue has emptied.
		s.Horizon = s.Retry.Lifetime + 2*time.Hour
	}
	for i := range s.MTASTS {
		if s.MTASTS[i].MaxAge == 0 {
			s.MTASTS[i].MaxAge = 7 * 24 * time.Hour
		}
	}
	for i := range s.Messages {
		if s.Messages[i].ID == "" {
			s.Messages[i].ID = fmt.Sprintf("m%d", i+1)
		}
	}
}

// Host returns the host called name.
func (s *Scenario) Host(name string) (*Host, bool) {
	for i := range s.Hosts {
		if strings.EqualFold(s.Hosts[i].Name, name) {
			return &s.Hosts[i], true
		}
	}
	return nil, false
}

// User returns the user with address addr.
func (s *Scenario) User(addr string) (*User, bool) {
	for i := range s.Users {
		if strings.EqualFold(s.Users[i].Address, addr) {
			return &s.Users[i], true
		}
	}
	return nil, false
}

// HostFor returns the first host with role r serving domain.
func (s *Scenario) HostFor(r Role, domain string) (*Host, bool) {
	for i := range s.Hosts {
		if s.Hosts[i].Has(r) && s.Hosts[i].Serves(domain) {
			return &s.Hosts[i], true
		}
	}
	return nil, false
}

// Domain returns the part of addr after the last "@", lower case.
func Domain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(addr[i+1:])
	}
	return ""
}

// Local returns the part of addr before the last "@".
func Local(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[:i]
	}
	return addr
}
