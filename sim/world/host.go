package world

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"smtpsim/sim/auth"
	"smtpsim/sim/fault"
	"smtpsim/sim/imap"
	"smtpsim/sim/mail"
	"smtpsim/sim/mailbox"
	"smtpsim/sim/pop3"
	"smtpsim/sim/scenario"
	"smtpsim/sim/session"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// host is a mail server of the world: the servers it runs, its mailboxes, its queue.
type host struct {
	w       *World
	cfg     *scenario.Host
	name    string
	ip      string
	store   Mailboxes // the world's memory, or the Store of SetStore
	outside Store     // set by SetStore: mail for other domains leaves the world here
	queue   []*entry
	grey    map[string]time.Duration // greylisting: triplet → first seen
	qids    int
	imap    []*conn           // simulated IMAP sessions open on the host, in the order they opened
	nextID  func() string     // nextQueueID as a value, made once for every server engine
	greet   smtp.Reply        // the SMTP greeting, made once for every server engine (Config.Greeting)
	qidHash uint32            // the first part of each queue id, from the host's name (nextQueueID)
	hellos  smtp.HelloReplies // the EHLO replies its server engines made (Config.Hellos)
	boxes   map[string]string // user → "host/user", a mailbox as outcomes name it (boxName)
}

// boxName is the name outcomes give user's mailbox on h, "host/user", made once.
func (h *host) boxName(user string) string {
	name, ok := h.boxes[user]
	if !ok {
		if h.boxes == nil {
			h.boxes = map[string]string{}
		}
		name = h.name + "/" + user
		h.boxes[user] = name
	}
	return name
}

func newHost(w *World, cfg *scenario.Host) *host {
	memory := mailbox.NewMemory()
	h := &host{w: w, cfg: cfg, name: cfg.Name, ip: cfg.IP, store: memory, grey: map[string]time.Duration{}}
	h.nextID = h.nextQueueID
	h.greet = smtp.ReasonGreeting.ReplyString(h.name)
	f := fnv.New32a()
	f.Write([]byte(h.name))
	h.qidHash = f.Sum32() & 0xffff
	memory.OnRemove = func(login string, uid uint32) {
		user := login
		if u, ok := w.userByLogin(login); ok {
			user = u.Address
		}
		w.emit(&trace.Event{Kind: trace.KindRemove, Actor: h.name, Mailbox: user, UID: uid,
			Text: fmt.Sprintf("message %d removed from %s's mailbox", uid, user)})
	}
	if cfg.Has(scenario.RoleMX) {
		for _, u := range w.sc.Users {
			if cfg.Serves(scenario.Domain(u.Address)) {
				memory.AddUser(u.LoginName(), u.Password, u.Quota)
			}
		}
	}
	return h
}

// listens reports whether a server runs on port.
func (h *host) listens(port int) bool {
	switch port {
	case 25:
		return h.cfg.Has(scenario.RoleMX) || h.cfg.Has(scenario.RoleRelay)
	case 587:
		return h.cfg.Has(scenario.RoleMSA)
	case 465:
		return h.cfg.Has(scenario.RoleMSA) && h.cfg.TLS // submissions, RFC 8314 §3
	case 110, 143:
		return h.cfg.Has(scenario.RoleMX)
	}
	return false
}

// isFinal reports whether mail for domain ends in this host's mailboxes.
func (h *host) isFinal(domain string) bool {
	return h.cfg.Has(scenario.RoleMX) && h.cfg.Serves(domain)
}

// nextQueueID names an accepted message the way Postfix logs do (hex): a prefix
// from the host's name, so that two hosts never show the same id, and a counter.
// A host whose Store numbers its messages (QueueNumbers) takes the counter from it.
func (h *host) nextQueueID() string {
	h.qids++
	n := uint32(h.qids)
	if q, ok := h.outside.(QueueNumbers); ok {
		n = q.NextQueueNumber()
	}
	var id [16]byte
	return string(appendHex4(appendHex4(id[:0], h.qidHash), n))
}

// appendHex4 appends n in upper-case hexadecimal, at least 4 digits, as fmt's %04X
// writes it.
func appendHex4(b []byte, n uint32) []byte {
	var d [8]byte
	i := len(d)
	for n > 0 || i > len(d)-4 {
		i--
		d[i] = "0123456789ABCDEF"[n&0xf]
		n >>= 4
	}
	return append(b, d[i:]...)
}

// serverFor starts the server engine for a connection to port: SMTP on 25 and 587 (the
// host's policy decides; the learner may play it instead), POP3 on 110 and IMAP on 143
// on the host's mailboxes. clientIP is where the client connects from.
func (h *host) serverFor(c *conn, clientIP string) serverEngine {
	offer, secure := c.tls == StartTLS, c.tls == ImplicitTLS
	switch c.port {
	case 110:
		return &served[pop3.Response]{s: pop3.NewServer(pop3.Config{Hostname: h.name, STLS: offer, Secure: secure}, h.store)}
	case 143:
		return &served[imap.Response]{s: imap.NewServer(imap.Config{Hostname: h.name, StartTLS: offer, Secure: secure}, h.store)}
	}
	if e, ok := h.manualServerFor(c); ok {
		return e
	}
	submission := c.port == 587 || c.port == 465
	// Inside the world a host with tls: true offers STARTTLS; a real client (External)
	// is offered only what its caller can run.
	offer = offer || h.cfg.TLS && !c.external && !secure
	cfg := smtp.Config{Hostname: h.name, MaxSize: h.cfg.MaxSize, Auth: submission || h.cfg.Auth, RequireAuth: submission, NextID: h.nextID,
		StartTLS: offer, Secure: secure, Greeting: h.greet, Hellos: &h.hellos}
	if f := h.w.fault(fault.TooLarge, h.name, nil); f != nil {
		cfg.MaxSize = f.Size
		h.w.faultEvent(f, h.name, fmt.Sprintf("%s accepts messages up to %d octets", h.name, f.Size))
	}
	if f := h.w.fault(fault.TLSRequired, h.name, nil); f != nil {
		cfg.StartTLS, cfg.RequireTLS = true, true
		h.w.faultEvent(f, h.name, h.name+" requires STARTTLS before MAIL")
		if c.hop == nil && !c.external {
			// The trace tells what the client makes of the offer: one set up without TLS
			// ignores it and sends in clear, which is why the 530 comes.
			c.watchTLS(hopTLS{})
		}
	}
	e := h.w.spares.server()
	e.policy = serverPolicy{h: h, c: c, submission: submission, clientIP: clientIP}
	if e.engine == nil {
		e.engine = smtp.NewServer(cfg, &e.policy, clientIP)
	} else {
		e.engine.Reset(cfg, &e.policy, clientIP)
	}
	e.served = served[smtp.Reply]{s: e.engine, pol: &e.policy, spares: &h.w.spares}
	if !c.external {
		c.smtpServed = e // its end gives the engine to the next connection
	}
	return &e.served
}

// smtpServed is an SMTP server engine and its policy, made together.
type smtpServed struct {
	served served[smtp.Reply]
	policy serverPolicy
	engine *smtp.Server
}

// served drives a protocol engine for the network: its responses as answers, and with
// the 250 to a final dot what the host does once that reply is on the wire.
type served[R session.Response] struct {
	s     session.Server[R]
	pol   *serverPolicy // SMTP only: what the host decided during the conversation
	spare []out         // given back by reuse, for the next outs
	// wires holds the wire forms of the last batch's SMTP replies (those not shared);
	// it is written over only when every batch made was given back (out counts those
	// not), so that no reply on its way loses its octets.
	wires []byte
	out   int
	// spares holds the buffers of connections that ended, which outs takes before it
	// makes its own (SMTP only: nothing of an SMTP reply's octets outlives its batch).
	spares *spares
}

func (e *served[R]) greet() []out        { return e.outs([]R{e.s.Greeting()}) }
func (e *served[R]) feed(p []byte) []out { return e.outs(e.s.Feed(p)) }
func (e *served[R]) timeout() []out      { return e.outs(e.s.Timeout()) }
func (e *served[R]) done() bool          { return e.s.Done() }
func (e *served[R]) reuse(outs []out)    { e.spare, e.out = outs, e.out-1 }

// changed tells an engine that can notify its client (IMAP IDLE, session.Notifier)
// that the store may have changed, and returns its news; nothing from other engines.
func (e *served[R]) changed() []out {
	if n, ok := e.s.(session.Notifier[R]); ok {
		return e.outs(n.Changed())
	}
	return nil
}
func (e *served[R]) outs(rs []R) []out {
	outs := e.spare[:0]
	e.spare = nil
	if outs == nil && e.spares != nil {
		outs = e.spares.outs.take()
	}
	if cap(outs) < len(rs) {
		outs = make([]out, len(rs), max(len(rs), 6)) // room for MAIL, three RCPT and DATA
	} else {
		outs = outs[:len(rs)]
		clear(outs)
	}
	if e.out > 0 {
		e.wires = nil // a batch on its way may hold them
	}
	e.out++
	replies, smtpReplies := any(rs).([]smtp.Reply)
	if smtpReplies && e.wires == nil && e.spares != nil {
		e.wires = e.spares.bytes.take()
	}
	wires := e.wires[:0]
	if smtpReplies && wires == nil {
		wires = make([]byte, 0, 256) // a greeting, an EHLO reply, a few more
	}
	for i, r := range rs {
		if smtpReplies {
			outs[i].Answer, wires = replies[i].AppendAnswer(wires)
		} else {
			outs[i].Answer = r.Answer()
		}
		if outs[i].Reason == string(smtp.ReasonQueued) && e.pol != nil {
			outs[i].then, e.pol.then = e.pol.then, nil
		}
	}
	e.wires = wires
	return outs
}

// giveBack hands the engine's buffers to the connections to come, once its own has
// ended: unless a batch of replies is still on its way, nothing refers to them.
func (e *served[R]) giveBack() {
	if e.spares == nil || e.out > 0 {
		return
	}
	e.spares.outs.give(e.spare)
	e.spares.bytes.give(e.wires)
	e.spare, e.wires = nil, nil
}

// spares are buffers of connections that ended, for the next ones: a bulk run opens
// tens of thousands of connections, and each would otherwise make its own batch of
// answers and buffers of octets. Only a few connections are open at once, so a few
// dozen of each are all the world keeps.
type spares struct {
	outs  pile[out]
	bytes pile[byte]
	// Engines of SMTP connections that ended, Reset for the next: a bulk run would
	// otherwise make a client and a server, a kilobyte each, per connection.
	clients []*smtp.Client
	servers []*smtpServed
	// replies holds the greetings and EHLO replies the world's clients read, which
	// its hosts send over and over.
	replies smtp.ReplyCache
	// groupRooms and groupLists are where the groups of attempts that ended lived
	// (host.groups): an attempt's groups are half a kilobyte each, with room for their
	// DNS lookups. fresh makes every attempt and connection its own, as before they
	// were kept.
	groupRooms pile[group]
	groupLists pile[*group]
	// conns are connections that ended, nothing referring to them (giveConn).
	conns []*conn
	fresh bool
}

// conn returns a spare connection, or a new one.
func (s *spares) conn() *conn {
	if n := len(s.conns); n > 0 && !s.fresh {
		c := s.conns[n-1]
		s.conns[n-1], s.conns = nil, s.conns[:n-1]
		return c
	}
	return new(conn)
}

// giveConn takes c for the next connection when it is a spare one that has ended and
// nothing refers to: called once a step that named it has run.
func (s *spares) giveConn(c *conn) {
	if c.spare && c.ended && c.refs == 0 && !c.pinned && !s.fresh && len(s.conns) < maxSpares {
		*c = conn{}
		s.conns = append(s.conns, c)
	}
}

// groups returns room for the groups of an attempt of n recipients: a spare one if
// there is one with room enough, else new.
func (s *spares) groups(n int) ([]group, []*group) {
	if !s.fresh && len(s.groupRooms) > 0 && len(s.groupLists) > 0 {
		room, list := s.groupRooms.take(), s.groupLists.take()
		if cap(room) >= n && cap(list) >= n {
			return room, list
		}
	}
	return make([]group, 0, n), make([]*group, 0, n)
}

// giveGroups takes the groups of an attempt that ended, for the next.
func (s *spares) giveGroups(room []group, list []*group) {
	if !s.fresh {
		s.groupRooms.give(room)
		s.groupLists.give(list)
	}
}

// client returns an SMTP client engine for the transaction, a spare one Reset if
// there is one; conn.end gives it back (conn.spareClient).
func (s *spares) client(cfg smtp.ClientConfig, tx smtp.Transaction) *smtp.Client {
	cfg.Replies = &s.replies
	n := len(s.clients)
	if n == 0 {
		return smtp.NewClient(cfg, tx)
	}
	c := s.clients[n-1]
	s.clients[n-1], s.clients = nil, s.clients[:n-1]
	c.Reset(cfg, tx)
	return c
}

// server returns a spare SMTP server engine with its policy, or a new one whose
// engine is still to make.
func (s *spares) server() *smtpServed {
	n := len(s.servers)
	if n == 0 {
		return new(smtpServed)
	}
	e := s.servers[n-1]
	s.servers[n-1], s.servers = nil, s.servers[:n-1]
	return e
}

// giveEngines takes the engines of the connection c, which has ended, for the next
// connections: those that are the world's own and that nothing on the agenda can
// still reach (a batch of the server's replies on its way holds its answers).
func (s *spares) giveEngines(c *conn) {
	if cli, ok := c.cli.(*smtp.Client); ok && c.spareClient && len(s.clients) < maxSpares {
		s.clients = append(s.clients, cli)
		c.cli = nil
	}
	if e := c.smtpServed; e != nil && e.served.out == 0 && len(s.servers) < maxSpares {
		e.served = served[smtp.Reply]{}
		e.policy = serverPolicy{}
		s.servers = append(s.servers, e)
		c.srv, c.smtpServed = nil, nil
	}
}

// pile is a few spare slices of one kind.
type pile[E any] [][]E

const maxSpares = 32

// take returns an empty slice with room, or nil when the pile is empty.
func (p *pile[E]) take() []E {
	n := len(*p)
	if n == 0 {
		return nil
	}
	s := (*p)[n-1]
	(*p)[n-1], *p = nil, (*p)[:n-1]
	return s[:0]
}

// give puts s on the pile, cleared so that it holds on to nothing, unless the pile
// is full.
func (p *pile[E]) give(s []E) {
	if s != nil && len(*p) < maxSpares {
		clear(s[:cap(s)])
		*p = append(*p, s[:0])
	}
}

// serverPolicy is what a host decides during an SMTP conversation.
type serverPolicy struct {
	smtp.Accept
	h          *host
	c          *conn
	submission bool
	clientIP   string
	then       func()
	queued     smtp.Reply // the 250 to the last final dot, in room of the policy's own
	queuedLine [1]string
	// The sender and the recipients of this transaction as far as they were accepted,
	// written once as Mail and Rcpt saw them, for Deliver.
	from   string
	rcpts  []string
	checks []auth.Check  // sender checks made so far in this transaction (auth.go)
	spf    spfFacts      // what the SPF check of this transaction was about (auth.go)
	dnsbl  *dnsblVerdict // what the blocklists said of the client, once asked (abuse.go)
}

// Connect implements smtp.Policy.
func (p *serverPolicy) Connect(*smtp.Session) *smtp.Reply {
	if f := p.h.w.fault(fault.Shutdown, p.h.name, func(f *fault.Fault) bool { return f.Cmd == "" }); f != nil {
		p.h.w.faultEvent(f, p.h.name, p.h.name+" is shutting down")
		return refuse(smtp.ReasonConnShuttingDown.Reply(p.h.name))
	}
	return nil
}

// Command implements smtp.Policy: injected replies for a command.
func (p *serverPolicy) Command(_ *smtp.Session, cmd smtp.Command) *smtp.Reply {
	w := p.h.w
	if f := w.fault(fault.Shutdown, p.h.name, func(f *fault.Fault) bool { return f.Cmd == cmd.Verb }); f != nil {
		w.faultEvent(f, p.h.name, fmt.Sprintf("%s shuts down at %s", p.h.name, cmd.Verb))
		return refuse(smtp.ReasonConnShuttingDown.Reply(p.h.name))
	}
	f := w.fault(fault.Reply, p.h.name, func(f *fault.Fault) bool {
		return f.Cmd == cmd.Verb && (f.Rcpt == "" || strings.Contains(strings.ToLower(cmd.Arg), "<"+strings.ToLower(f.Rcpt)+">"))
	})
	if f == nil {
		return nil
	}
	text := f.Text
	if text == "" {
		text = "injected reply"
	}
	w.faultEvent(f, p.h.name, fmt.Sprintf("%s answers %s with %d", p.h.name, cmd.Verb, f.Code))
	return refuse(smtp.ReasonInjected.Custom(f.Code, injectedStatus(&f.Fault, cmd.Verb), text))
}

// injectedStatus is the enhanced status of an injected reply to verb: the fault's
// own, else, as the servers announce ENHANCEDSTATUSCODES, one that claims no more
// than the code says — 421's own (the service closes), or the class alone, X.0.0,
// "for all errors for which only the class of the error is known" (RFC 3463 §3.1).
// Replies to HELO and EHLO carry none (RFC 2034 §3).
func injectedStatus(f *fault.Fault, verb string) string {
	switch {
	case f.Status != "":
		return f.Status
	case verb == "HELO" || verb == "EHLO":
		return ""
	case f.Code == 421:
		return smtp.Reasons[smtp.ReasonConnShuttingDown].Status
	}
	return strconv.Itoa(f.Code/100) + ".0.0"
}

// Authenticate implements smtp.Policy: the user logs in with the login name, which is
// the full address unless the scenario gives another.
func (p *serverPolicy) Authenticate(_ *smtp.Session, identity, user, password string) bool {
	u, ok := p.h.w.userByLogin(user)
	return ok && (identity == "" || equalFold(identity, user)) && u.Password == password
}

// Mail implements smtp.Policy: on submission the sender must be the user's own address.
func (p *serverPolicy) Mail(s *smtp.Session, from smtp.Path, _ []smtp.Param) *smtp.Reply {
	p.from, p.rcpts = p.h.w.addr(from), nil // a new transaction
	if u, ok := p.h.w.userByLogin(s.User); p.submission && !(ok && equalFold(p.from, u.Address)) {
		return refuse(smtp.ReasonMailSenderRefused.Reply(p.from, s.User))
	}
	return p.checkSPF(s, from)
}

// Rcpt implements smtp.Policy.
func (p *serverPolicy) Rcpt(s *smtp.Session, to smtp.Path, _ []smtp.Param) *smtp.Reply {
	addr := p.h.w.addr(to)
	r := p.rcpt(s, to, addr)
	if r == nil {
		if p.rcpts == nil {
			p.rcpts = make([]string, 0, 4)
		}
		p.rcpts = append(p.rcpts, addr) // the server takes every recipient its policy accepts
	}
	return r
}

// rcpt decides on a recipient, addr being to as a string.
func (p *serverPolicy) rcpt(s *smtp.Session, to smtp.Path, addr string) *smtp.Reply {
	h, w := p.h, p.h.w
	domain := strings.ToLower(to.Domain)
	if to.IsPostmaster() && to.Domain == "" {
		return nil
	}
	if s.User == "" {
		if r := p.blocklisted(); r != nil {
			return r
		}
	}
	if p.submission {
		if h.isFinal(domain) {
			// The host's own users are checked on submission too, as Postfix's
			// local recipient check does: the server knows them at RCPT.
			return p.localRcpt(s, to, addr, false)
		}
		return nil // an authenticated user may send anywhere (RFC 6409 §4.3)
	}
	switch {
	case h.isFinal(domain):
		return p.localRcpt(s, to, addr, true)
	case h.cfg.Has(scenario.RoleRelay) && h.cfg.Serves(domain):
		return p.greylist(s, addr) // a backup MX accepts for its domains and forwards later
	}
	if f := w.fault(fault.RelayDenied, h.name, nil); f != nil {
		w.faultEvent(f, h.name, h.name+" refuses to relay")
		return refuse(smtp.ReasonRcptRelayDenied.Reply(addr))
	}
	if s.User != "" || h.relaysFor(p.c.client) || h.cfg.OpenRelay {
		return nil
	}
	return refuse(smtp.ReasonRcptRelayDenied.Reply(addr))
}

// localRcpt checks a recipient of one of the host's own domains: the user must exist
// and have room; greylisting applies to mail from other servers only.
func (p *serverPolicy) localRcpt(s *smtp.Session, to smtp.Path, addr string, greylist bool) *smtp.Reply {
	h, w := p.h, p.h.w
	late := p.lateRecipients() // the delivery agent finds out, after the final dot
	if f := w.fault(fault.UnknownUser, addr, func(*fault.Fault) bool { return !late }); f != nil {
		w.faultEvent(f, h.name, addr+" does not exist")
		return refuse(smtp.ReasonRcptUnknownUser.Reply(addr))
	}
	u, ok := h.mailboxOf(addr)
	if !ok {
		if strings.EqualFold(to.Local, "postmaster") || late {
			return nil
		}
		return refuse(smtp.ReasonRcptUnknownUser.ReplyString(addr))
	}
	if f := w.fault(fault.MailboxFull, addr, nil); f != nil {
		w.faultEvent(f, h.name, addr+"'s mailbox is full")
		return refuse(smtp.ReasonRcptMailboxFull.Reply(addr))
	}
	if u.Quota > 0 { // the store is asked only about a mailbox that has a quota
		if _, used, _ := h.store.Count(u.LoginName()); used >= u.Quota {
			return refuse(smtp.ReasonRcptMailboxFull.Reply(addr))
		}
	}
	if !greylist {
		return nil
	}
	return p.greylist(s, addr)
}

// relaysFor reports whether client may relay through this host without AUTH: it is
// listed as internal, or it names this host as its relay.
func (h *host) relaysFor(client string) bool {
	if !h.cfg.Has(scenario.RoleRelay) {
		return false
	}
	for _, n := range h.cfg.Internal {
		if equalFold(n, client) {
			return true
		}
	}
	if c, ok := h.w.sc.Host(client); ok && equalFold(c.Relay, h.name) {
		return true
	}
	return false
}

// greylist answers 450 to the first attempt of a new (client, sender, recipient)
// triplet and to any retry sooner than the scenario's greylisting delay (RFC 6647).
func (p *serverPolicy) greylist(s *smtp.Session, addr string) *smtp.Reply {
	h, w := p.h, p.h.w
	f := w.fault(fault.Greylist, h.name, nil)
	if !h.cfg.Greylist && f == nil {
		return nil
	}
	key := p.clientIP + "|" + strings.ToLower(s.From.String()) + "|" + strings.ToLower(addr)
	first, seen := h.grey[key]
	if !seen {
		h.grey[key] = w.now
	}
	if seen && w.now-first >= w.sc.Greylist {
		return nil
	}
	if f != nil {
		w.faultEventWith(f, trace.Event{Actor: h.name, Rcpt: addr, DurationMS: w.sc.Greylist.Milliseconds(),
			Text: fmt.Sprintf("%s greylists %s: try again in %s", h.name, addr, fault.FormatDuration(w.sc.Greylist))})
	}
	return refuse(smtp.ReasonRcptGreylisted.Reply(addr))
}

// Deliver implements smtp.Policy: the host takes the message. It answers at once;
// filing and queueing run once the 250 is on the wire (see served.outs).
func (p *serverPolicy) Deliver(s *smtp.Session, env smtp.Envelope) *smtp.Reply {
	h, w := p.h, p.h.w
	if n := mail.CountReceived(env.Data); n >= 100 {
		return refuse(smtp.ReasonDataTooManyHops.Reply(fmt.Sprint(n))) // RFC 5321 §6.3
	}
	qid := h.nextQueueID()
	data := env.Data
	quarantine := false
	if p.submission {
		var added []string
		data, added = mail.AddMissing(data, w.clock(), mail.Stamp(w.clock())+"."+qid, h.name)
		if len(added) > 0 {
			msg := p.c.msg
			p.then = chain(p.then, func() {
				w.emit(&trace.Event{Kind: trace.KindEnqueue, Actor: h.name, Msg: msg, Headers: added, Text: "the MSA added " + strings.Join(added, " and "), RFC: "RFC 6409 §8"})
			})
		}
		var signed *trace.Event
		if data, signed = p.sign(data); signed != nil {
			p.then = chain(p.then, func() { w.emit(signed) })
		}
	} else {
		var refused *smtp.Reply
		if data, quarantine, refused = p.checkMessage(data); refused != nil {
			return refused
		}
	}
	data = p.breakBody(data)
	received := mail.Received{Helo: s.Helo, Host: p.c.clientHost, IP: p.clientIP, By: h.name,
		With: mail.Protocol(s.ESMTP, s.Secure, s.User != ""), ID: qid, Date: w.clock()}
	if len(env.To) == 1 {
		received.For = env.To[0].String()
	}
	from, rcpts := p.from, p.rcpts
	if !isAddr(from, env.From) {
		from = env.From.String()
	}
	// One copy of the message serves both ways on: filed here with Return-Path: on
	// top (fileLocal), and passed on from the fields below it.
	returnPath := mail.ReturnPath(from)
	var filed []byte
	if spf := p.receivedSPF(); spf != "" {
		filed = received.PrependBelow(data, returnPath, spf)
	} else {
		filed = received.PrependBelow(data, returnPath)
	}
	data = filed[len(returnPath)+2:]
	if !sameAddrs(rcpts, env.To) {
		rcpts = make([]string, len(env.To))
		for i, t := range env.To {
			rcpts[i] = t.String()
		}
	}
	p.rcpts = nil // handed on with the message
	msg := p.c.msg
	if p.c.external {
		// A message from outside enters the world here: follow its recipients to the summary.
		for _, r := range rcpts {
			w.fates.expect(msg, r)
		}
	}
	before, client, conn := p.then, p.c.client, p.c.id // what the MSA did to the message, told after the hand-off
	p.then = func() {
		w.fates.handedOff(msg, rcpts)
		w.emit(&trace.Event{Kind: trace.KindHandoff, Actor: h.name, Peer: client, Msg: msg, Conn: conn, QueueID: qid,
			Text: h.name + " took responsibility for " + msg + " (queue id " + qid + ")", RFC: "RFC 5321 §6.1"})
		if before != nil {
			before()
		}
		h.accept(msg, from, rcpts, delivery{data: data, filed: filed}, quarantine)
	}
	// The reply lives in the policy, which outlives the batch its octets go in.
	p.queued = smtp.ReasonQueued.ReplyStringIn(&p.queuedLine, qid)
	return &p.queued
}

// sameAddrs reports whether addrs are paths written out, one for one.
func sameAddrs(addrs []string, paths []smtp.Path) bool {
	if len(addrs) != len(paths) {
		return false
	}
	for i, a := range addrs {
		if !isAddr(a, paths[i]) {
			return false
		}
	}
	return true
}

// isAddr reports whether s is p.String(), without writing p out.
func isAddr(s string, p smtp.Path) bool {
	if p.Domain == "" {
		return s == p.Local
	}
	n := len(p.Local)
	return len(s) == n+1+len(p.Domain) && s[:n] == p.Local && s[n] == '@' && s[n+1:] == p.Domain
}

// accept files local recipients and queues the rest, each recipient once however
// often the client named it (as Postfix's cleanup drops duplicates), and each mailbox
// once however many of its addresses were named (<postmaster>, <ALICE@…> and
// <alice@…> are one copy for alice, as Postfix's local delivery de-duplicates).
//
// quarantine files local copies into the recipient's Junk folder (a DMARC
// p=quarantine that failed, RFC 7489 §6.3).
func (h *host) accept(msg, from string, rcpts []string, m delivery, quarantine bool) {
	var remote []string
	seen := map[string]bool{}
	filed := map[string]uint32{} // mailbox login → UID of the copy filed there
	for _, r := range rcpts {
		if key := lower(r); seen[key] {
			continue
		} else {
			seen[key] = true
		}
		if d := scenario.Domain(r); h.isFinal(d) || d == "" {
			user, login := h.mailboxFor(r)
			box := lower(login)
			if uid, ok := filed[box]; ok && user != "" {
				h.w.emit(&trace.Event{Kind: trace.KindDeliver, Actor: h.name, Msg: msg, Rcpt: r, Mailbox: user, UID: uid,
					Text: fmt.Sprintf("the same mailbox as an earlier recipient: %s has its copy already", user)})
				h.w.fates.delivered(msg, r, h.name+"/"+user)
				continue
			}
			if uid, ok := h.fileLocal(msg, from, r, user, login, m, quarantine); ok {
				filed[box] = uid
			}
		} else {
			remote = append(remote, r)
		}
	}
	if len(remote) > 0 {
		h.enqueue(msg, from, remote, m.data, "")
	}
}

// delivery is a message a host has taken: as it passes it on (data) and, when the
// one who took it made it at once, as it files it here, with Return-Path: on top of
// data (filed, which then ends with data's octets).
type delivery struct {
	data, filed []byte
}

// mailboxFor returns the user whose mailbox receives rcpt here ("" when postmaster
// mail has no mailbox) and that mailbox's login name.
func (h *host) mailboxFor(rcpt string) (user, login string) {
	user = rcpt
	u, ok := h.mailboxOf(rcpt)
	if !strings.Contains(rcpt, "@") || !ok && strings.EqualFold(scenario.Local(rcpt), "postmaster") {
		user = h.postmaster()
		u, ok = h.mailboxOf(user)
	}
	login = user
	if ok {
		login = u.LoginName()
	}
	return user, login
}

// fileLocal is the MDA: it adds Return-Path: and files the message (RFC 5321 §4.4),
// into the Junk folder when quarantine is set. ok says the message was filed, with
// UID uid. user and login are where rcpt's mail goes, as mailboxFor says: the caller
// has looked them up already.
func (h *host) fileLocal(msg, from, rcpt, user, login string, d delivery, quarantine bool) (uid uint32, ok bool) {
	w := h.w
	if user == "" {
		w.emit(&trace.Event{Kind: trace.KindDeliver, Actor: h.name, Msg: msg, Rcpt: rcpt, Text: "no postmaster mailbox: logged only"})
		w.fates.delivered(msg, rcpt, h.name+"/log")
		return 0, false
	}
	// The delivery agent decides on its own, after the 250: what fails here bounces
	// with an enhanced status and no reply code, because no server replied.
	filed := d.filed
	if filed == nil {
		filed = mail.Prepend(d.data, mail.ReturnPath(from))
	}
	var failed *smtp.Reply
	if f := w.fault(fault.UnknownUser, user, nil); f != nil {
		w.faultEvent(f, h.name, user+" does not exist")
		failed = refuse(reasonMDAUnknownUser.reply(user))
	} else if f := w.fault(fault.MailboxFull, user, nil); f != nil {
		w.faultEvent(f, h.name, user+"'s mailbox is full")
		failed = refuse(reasonMDAMailboxFull.reply(user))
	}
	if failed == nil {
		if !w.hold(len(filed)) {
			return
		}
		var err error
		junk, isJunk := h.junk(login, quarantine)
		if quarantine = isJunk; quarantine {
			uid, err = junk.Add(filed, nil)
		} else {
			uid, err = h.store.Deliver(login, filed)
		}
		if err != nil {
			w.release(len(filed))
		}
		switch {
		case errors.Is(err, mailbox.ErrNoSuchUser):
			failed = refuse(reasonMDAUnknownUser.reply(user))
		case err != nil:
			failed = refuse(reasonMDAMailboxFull.reply(user))
		}
	}
	if failed != nil {
		h.bounce(msg, from, []failure{{rcpt: rcpt, reply: *failed}}, d.data, w.now)
		return 0, false
	}
	n, _, _ := h.store.Count(login)
	text, rfc := "filed into "+user+"'s mailbox (now "+strconv.Itoa(n)+" in it)", "RFC 5321 §4.4"
	if quarantine {
		junk, _ := h.junk(login, true)
		n = junk.Len()
		text, rfc = fmt.Sprintf("filed into %s's Junk folder by the DMARC policy quarantine (now %d in it)", user, n), "RFC 7489 §6.3"
	}
	w.emit(&trace.Event{Kind: trace.KindDeliver, Actor: h.name, Msg: msg, Rcpt: rcpt, Mailbox: user, UID: uid, Count: n, Payload: filed,
		Text: text, RFC: rfc})
	w.fates.delivered(msg, rcpt, h.boxName(user))
	h.changed()
	return uid, true
}

// changed tells the host's simulated IMAP sessions that the store has changed, and
// sends what a client in IDLE is to hear (RFC 9051 §6.3.13). Simulated clients do not
// idle yet, so nothing is sent; sessions of real clients (ExternalConn) are told by
// their caller.
func (h *host) changed() {
	for _, c := range h.imap {
		if n, ok := c.srv.(interface{ changed() []out }); ok && !c.ended {
			c.serverSays(n.changed())
		}
	}
}

// postmaster is the mailbox that receives postmaster mail: the first user of the host.
func (h *host) postmaster() string {
	for _, u := range h.w.sc.Users {
		if h.isFinal(scenario.Domain(u.Address)) {
			return u.Address
		}
	}
	return ""
}

// downFault returns the fault that has the host down right now, counting one use.
func (h *host) downFault() *activeFault { return h.w.fault(fault.Down, h.name, nil) }

// chain runs the non-nil functions in order.
func chain(fns ...func()) func() {
	return func() {
		for _, f := range fns {
			if f != nil {
				f()
			}
		}
	}
}
