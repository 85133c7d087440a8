package world

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/mail"
	"smtpsim/sim/scenario"
	"smtpsim/sim/session"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// entry is one message in a host's queue, with the state of each recipient.
type entry struct {
	msg      string // the simulation's message id
	from     string // envelope sender; "" for a bounce
	data     []byte
	ready    *smtp.Prepared // data made ready for DATA, once for every connection that sends it
	rcpts    []*rcptState
	arrival  time.Duration
	attempts int
	bounceOf string // for a DSN: the message it reports on
	direct   string // the host to send to instead of the recipients' MX (a spoof fault's target)
	// groupsLeft counts the groups of the attempt under way that are not over yet
	// (groupDone); groupRoom and groupList are where its groups live, given back to the
	// world's spares after the last.
	groupsLeft int
	groupRoom  []group
	groupList  []*group
}

type rcptState struct {
	addr     string
	done     bool
	last     smtp.Reply // the reply that decided the last attempt; Code 0 when no server replied
	lastPeer string     // the server that sent last, or could not be reached
	failure  string     // why no connection was made (trace.Failure*), when that decided
	failed   bool       // permanently, waiting to be bounced at the end of the attempt
	tryAgain bool       // deferred in this attempt
}

// failure is a recipient that failed for good and why: the reply that said so, or,
// when no server replied, the sender's own verdict (Code 0, an enhanced status).
type failure struct {
	rcpt    string
	reply   smtp.Reply
	peer    string // the server that replied or could not be reached; "" when DNS decided
	failure string // why no connection was made (trace.Failure*), if that decided
	expired bool   // given up after the queue lifetime; reply is the last attempt's
}

// enqueue puts a message in the host's queue and starts the first attempt at once.
func (h *host) enqueue(msg, from string, rcpts []string, data []byte, bounceOf string) {
	h.enqueueEntry(&entry{msg: msg, from: from, data: data, arrival: h.w.now, bounceOf: bounceOf}, rcpts)
}

// enqueueDirect queues a message that goes to the host direct ("" for the
// recipients' MX), as enqueue does.
func (h *host) enqueueDirect(msg, from string, rcpts []string, data []byte, direct string) {
	h.enqueueEntry(&entry{msg: msg, from: from, data: data, arrival: h.w.now, direct: direct}, rcpts)
}

func (h *host) enqueueEntry(e *entry, rcpts []string) {
	if !h.w.hold(len(e.data)) {
		return
	}
	states := make([]rcptState, len(rcpts)) // one allocation for them all
	if e.rcpts == nil {
		e.rcpts = make([]*rcptState, 0, len(rcpts))
	}
	for i, r := range rcpts {
		states[i].addr = r
		e.rcpts = append(e.rcpts, &states[i])
	}
	h.queue = append(h.queue, e)
	h.w.emit(&trace.Event{Kind: trace.KindEnqueue, Actor: h.name, Msg: e.msg, Rcpts: rcpts, Count: len(h.queue),
		Text: joined("queued for ", rcpts, " ("+strconv.Itoa(len(h.queue))+" in queue)")})
	h.w.schedule(0, &connStep{kind: stepAttempt, host: h, e: e})
}

// group is the recipients of one entry that go to the same next hop.
type group struct {
	domain string // the recipients' domain, or "" when sent through the relay
	relay  string // the relay host, in the store-and-forward model
	rcpts  []*rcptState
	sts    *scenario.STSPolicy // the domain's MTA-STS policy, for a host that checks them (tls.go)
	// Room for a group of one recipient, the usual one: its state and its address
	// for the transaction (addrs), with no allocation of their own.
	one [1]*rcptState
	to  [1]string
	// lookups records the DNS lookups that found the next hop (sendGroup), for the
	// steps that show them: they live as long as the group, not on their own.
	lookups recordingResolver
	route   dns.Route // the next hop, as the lookups found it
}

// addrs returns the addresses of the group's recipients, in the group's own room
// when it has one recipient; the room keeps them as long as the group lives.
func (g *group) addrs() []string {
	if len(g.rcpts) == 1 {
		g.to[0] = g.rcpts[0].addr
		return g.to[:1:1]
	}
	to := make([]string, len(g.rcpts))
	for j, rc := range g.rcpts {
		to[j] = rc.addr
	}
	return to
}

// attempt tries every pending recipient once: one connection per next hop and one
// transaction there with a RCPT per recipient (RFC 5321 §5.1, §4.5.4).
func (h *host) attempt(e *entry) {
	w := h.w
	e.attempts++
	pending := make([]string, 0, len(e.rcpts))
	for _, r := range e.rcpts {
		if !r.done {
			pending = append(pending, r.addr)
			r.tryAgain, r.failed = false, false
		}
	}
	if len(pending) == 0 {
		return
	}
	w.emit(&trace.Event{Kind: trace.KindAttempt, Actor: h.name, Msg: e.msg, Rcpts: pending, Count: e.attempts,
		Text: joined("attempt "+strconv.Itoa(e.attempts)+" for ", pending, "")})
	groups := h.groups(e)
	e.groupsLeft = len(groups)
	for _, g := range groups {
		h.sendGroup(e, g)
	}
}

// groupDone is called once for every group of an attempt, when it is over; after the
// last, afterAttempt.
func (h *host) groupDone(e *entry) {
	e.groupsLeft--
	if e.groupsLeft == 0 {
		h.afterAttempt(e)
		// Nothing refers to the attempt's groups now: their steps have run, their
		// connections have ended (a retry on the next MX makes a group of its own).
		h.w.spares.giveGroups(e.groupRoom, e.groupList)
		e.groupRoom, e.groupList = nil, nil
	}
}

// groups splits the pending recipients by next hop.
func (h *host) groups(e *entry) []*group {
	var out []*group // a few at most: found by a look at each, not through a map
	var made []group // where they live: one allocation, never grown (at most one a recipient)
	// An outside machine uses its relay in either model: the open relay it found.
	relay := h.cfg.Relay
	viaRelay := (h.w.sc.Model == scenario.StoreAndForward || h.cfg.Has(scenario.RoleOutside)) && relay != ""
	if e.direct != "" {
		relay, viaRelay = e.direct, true
	}
	for _, r := range e.rcpts {
		if r.done {
			continue
		}
		d := scenario.Domain(r.addr)
		key := d
		if viaRelay {
			key = ""
		}
		var g *group
		for _, o := range out {
			if o.domain == key {
				g = o
			}
		}
		if g == nil {
			if made == nil {
				made, out = h.w.spares.groups(len(e.rcpts))
				e.groupRoom, e.groupList = made, out
			}
			made = append(made, group{domain: key})
			g = &made[len(made)-1]
			g.rcpts = g.one[:0] // a second recipient moves them out
			if viaRelay {
				g.relay = relay
			}
			out = append(out, g)
		}
		g.rcpts = append(g.rcpts, r)
	}
	return out
}

// sendGroup finds the next hop of a group and delivers to it.
func (h *host) sendGroup(e *entry, g *group) {
	w := h.w
	if h.outside != nil {
		h.sendOut(e, g)
		h.groupDone(e)
		return
	}
	name := g.domain
	self := h.name
	if g.relay != "" {
		name, self = g.relay, ""
	}
	// Room for MX and A in the resolver itself: the trace keeps a copy of each answer
	// it has not seen, not the resolver (nor the world it points to).
	lookups := &g.lookups
	*lookups = recordingResolver{w: w, next: w.dnsDB}
	lookups.log = lookups.room[:0]
	if g.relay != "" {
		g.route = relayRoute(g.relay, lookups, w)
	} else {
		g.sts = h.stsPolicy(g.domain, lookups)
		g.route = dns.FindRoute(name, lookups, w.rnd, self)
	}
	// Show each query and answer in turn, then act on the route.
	t := w.now
	lat := w.sc.Latency
	for i := range lookups.log {
		q := &lookups.log[i] // the steps share the entry rather than each copying it
		w.schedule(t-w.now, &connStep{kind: stepDNSQuestion, host: h, msg: e.msg, lookup: q})
		t += lat
		w.schedule(t-w.now, &connStep{kind: stepDNSAnswer, host: h, msg: e.msg, lookup: q})
		t += lat
	}
	w.schedule(t-w.now, &connStep{kind: stepRoute, host: h, e: e, g: g})
}

// routeFound acts on the route of a group once the host has its DNS answers.
func (h *host) routeFound(e *entry, g *group) {
	if err := g.route.Err; err != nil {
		// No server was asked: the DNS decided, so there is no reply code.
		r := smtp.Reason(err.Reason).Custom(0, err.Status, err.Text)
		for _, rc := range g.rcpts {
			rc.last, rc.lastPeer, rc.failure = r, "", ""
			if err.Temporary {
				rc.tryAgain = true
			} else {
				rc.failed = true
			}
		}
		h.groupDone(e)
		return
	}
	h.tryTarget(e, g, g.route.Targets, 0)
}

// sendOut hands a group to the host's outside store (SetStore): the world's network ends
// at this host. A recipient the store cannot take waits for the next attempt.
func (h *host) sendOut(e *entry, g *group) {
	w := h.w
	for _, rc := range g.rcpts {
		where, err := h.outside.Outbound(e.from, rc.addr, e.data)
		if err != nil {
			rc.last, rc.lastPeer, rc.failure, rc.tryAgain = smtp.ReasonDataLocalError.Custom(0, "4.3.0", err.Error()), "", "", true
			continue
		}
		rc.done, rc.tryAgain = true, false
		w.emit(&trace.Event{Kind: trace.KindDeliver, Actor: h.name, Msg: e.msg, Rcpt: rc.addr, Text: "leaves the world here: kept in " + where})
		w.fates.delivered(e.msg, rc.addr, h.name+"/outbound")
	}
}

// tryTarget delivers to targets[i], moving on to the next MX when this one cannot be
// reached or will not talk (RFC 5321 §5.1).
func (h *host) tryTarget(e *entry, g *group, targets []dns.Target, i int) {
	w := h.w
	if i >= len(targets) {
		h.groupDone(e)
		return
	}
	tg := targets[i]
	to, ok := w.hostByAddr(tg.Host, tg.IPs)
	if !ok {
		// A name that no simulated machine answers for: the connection times out.
		w.emit(&trace.Event{Kind: trace.KindConnect, Actor: h.name, Peer: tg.Host, Port: 25, Proto: "smtp", Msg: e.msg})
		w.after(session.ConnectTimeout, func() {
			text := connectFailureText(trace.FailureTimedOut, tg.Host, strings.Join(tg.IPs, ","), 25)
			w.emit(&trace.Event{Kind: trace.KindUnreachable, Actor: h.name, Peer: tg.Host, Port: 25, Proto: "smtp", Msg: e.msg,
				Failure: trace.FailureTimedOut, DurationMS: session.ConnectTimeout.Milliseconds(), Status: "4.4.1", Text: text})
			r := smtp.ReasonClientConnectFailed.Reply(text)
			for _, rc := range g.rcpts {
				if !rc.done {
					rc.last, rc.tryAgain = r, true
					rc.lastPeer, rc.failure = tg.Host, trace.FailureTimedOut
				}
			}
			h.tryTarget(e, g, targets, i+1)
		})
		return
	}
	rcpts := g.addrs()
	hop := h.clientTLS(g.sts, tg.Host)
	if e.ready == nil {
		e.ready = smtp.Prepare(e.data)
	}
	cli := w.spares.client(hop.config(h.name), smtp.Transaction{From: e.from, To: rcpts, Data: e.data, Prepared: e.ready})
	c := w.dial(h.name, h.name, to, 25, "smtp", e.msg, cli, h.ip, func(c *conn) {
		retryNext := false
		results := cli.Results()[0]
		stsVerdicts(results, g.sts, to)
		for j, res := range results {
			rc := g.rcpts[j]
			rc.last, rc.lastPeer, rc.failure = res.Reply, to.name, c.failure
			switch res.Outcome {
			case smtp.Accepted:
				rc.done, rc.tryAgain = true, false
			case smtp.Failed:
				rc.failed, rc.tryAgain = true, false
			default:
				rc.tryAgain = true
				// Another MX may do better when this one could not be reached or would not talk.
				if res.Stage == "connection" || res.Stage == "greeting" || res.Stage == "ehlo" || res.Stage == "helo" || res.Stage == "starttls" {
					retryNext = true
				}
			}
		}
		if retryNext && i+1 < len(targets) {
			var rest []*rcptState
			for _, rc := range g.rcpts {
				if !rc.done && !rc.failed {
					rest = append(rest, rc)
				}
			}
			h.tryTarget(e, &group{domain: g.domain, relay: g.relay, rcpts: rest, sts: g.sts}, targets, i+1)
			return
		}
		h.groupDone(e)
	})
	c.spareClient, c.spare = true, true
	if hop.tracesTLS(to) {
		c.watchTLS(hop)
	}
}

// hostByAddr finds the simulated host for an MX target.
func (w *World) hostByAddr(name string, ips []string) (*host, bool) {
	if h, ok := w.byName[lower(name)]; ok {
		return h, true
	}
	for _, h := range w.hosts {
		for _, ip := range ips {
			if h.ip == ip {
				return h, true
			}
		}
	}
	return nil, false
}

// afterAttempt bounces what failed, and defers or expires what may still succeed.
func (h *host) afterAttempt(e *entry) {
	w := h.w
	if h.cfg.Has(scenario.RoleOutside) {
		h.giveUp(e)
		return
	}
	var failed []failure
	var again []*rcptState
	for _, r := range e.rcpts {
		switch {
		case r.done:
		case r.failed:
			r.done = true
			failed = append(failed, failure{rcpt: r.addr, reply: r.last, peer: r.lastPeer, failure: r.failure})
		case r.tryAgain:
			again = append(again, r)
		}
	}
	if len(again) > 0 && w.now-e.arrival >= w.sc.Retry.Lifetime {
		// RFC 5321 §4.5.4.1: give up after the queue lifetime and tell the sender. The
		// status stays the last attempt's, as RFC 3463 asks ("the code for the actual
		// problem … rather than" X.4.7) and as Postfix reports it; the action is failed.
		for _, r := range again {
			r.done = true
			ev := trace.Event{Kind: trace.KindExpire, Actor: h.name, Msg: e.msg, Rcpt: r.addr, Peer: r.lastPeer, Status: lastStatus(r.last),
				Reason: string(reasonExpired), Failure: r.failure, DurationMS: (w.now - e.arrival).Milliseconds(), RFC: "RFC 5321 §4.5.4.1, RFC 3463 §3.5",
				Text: Reasons.Of(reasonExpired).Format(fault.FormatDuration((w.now - e.arrival).Round(time.Second)), replyOrVerdict(r.last))}
			if r.last.FromServer() {
				ev.Line = serverSaid(r.last)
			}
			w.emit(&ev)
			failed = append(failed, failure{rcpt: r.addr, reply: r.last, peer: r.lastPeer, failure: r.failure, expired: true})
		}
		again = nil
	}
	if len(failed) > 0 {
		h.bounce(e.msg, e.from, failed, e.data, e.arrival)
	}
	if len(again) == 0 {
		h.dequeue(e)
		return
	}
	wait := w.sc.Retry.First
	for i := 1; i < e.attempts && wait < w.sc.Retry.Max; i++ {
		wait *= 2
	}
	wait = min(wait, w.sc.Retry.Max)
	next := w.now + wait
	for _, r := range again {
		ev := trace.Event{Kind: trace.KindDefer, Actor: h.name, Msg: e.msg, Rcpt: r.addr, Peer: r.lastPeer, Code: r.last.Code, Status: lastStatus(r.last),
			Reason: string(r.last.Reason), Failure: r.failure, Text: r.last.Text(), Next: next.Milliseconds(), RFC: "RFC 5321 §4.5.4.1"}
		if r.last.FromServer() {
			ev.Line = serverSaid(r.last)
		}
		w.emit(&ev)
	}
	w.scheduleAt(next, &connStep{kind: stepAttempt, host: h, e: e})
}

func (h *host) dequeue(e *entry) {
	for i, x := range h.queue {
		if x == e {
			h.w.release(len(e.data))
			h.queue = append(h.queue[:i], h.queue[i+1:]...)
			return
		}
	}
}

// bounce tells the envelope sender that recipients failed, with an RFC 3464 DSN from
// the null sender. A failed bounce is never bounced again: it is a double bounce.
// arrival is when the message reached this host, for the DSN's Arrival-Date.
func (h *host) bounce(msg, from string, failed []failure, original []byte, arrival time.Duration) {
	w := h.w
	if from == "" {
		for _, f := range failed {
			ev := trace.Event{Kind: trace.KindDoubleBounce, Actor: h.name, Msg: msg, Rcpt: f.rcpt, Peer: f.peer, Status: lastStatus(f.reply),
				Reason: string(f.reply.Reason), Failure: f.failure, Text: "a bounce could not be delivered: logged for the postmaster, never bounced again", RFC: "RFC 5321 §4.5.5, §6.1"}
			if f.reply.FromServer() {
				ev.Line = serverSaid(f.reply)
				if !f.expired {
					ev.Code = f.reply.Code // the reply decided now; an expiry only quotes the last one
				}
			}
			if f.expired {
				ev.Reason = string(reasonExpired)
			}
			w.emit(&ev)
		}
		w.fates.doubleBounce(msg)
		return
	}
	w.bounces++
	dsnID := fmt.Sprintf("b%d", w.bounces)
	d := mail.DSN{ReportingMTA: h.name, From: "MAILER-DAEMON@" + h.name, To: from, Date: w.clock(),
		MessageID: mail.Stamp(w.clock()) + "." + dsnID + "@" + h.name, ArrivalDate: w.sc.Start.Add(arrival), Original: original}
	for _, f := range failed {
		status := lastStatus(f.reply)
		r := mail.DSNRecipient{Final: "rfc822;" + f.rcpt, Action: "failed", Status: status, LastAttempt: w.clock()}
		if f.reply.FromServer() {
			// RFC 3464 §2.3.6: the diagnostic quotes what the remote server said.
			r.RemoteMTA = "dns;" + f.peer
			r.Diagnostic = "smtp; " + serverSaid(f.reply)
		} else {
			r.Reason = f.reply.Text()
		}
		d.Recipients = append(d.Recipients, r)
		ev := trace.Event{Kind: trace.KindBounce, Actor: h.name, Msg: msg, Rcpt: f.rcpt, Peer: f.peer, Status: status, Reason: string(f.reply.Reason), DSN: dsnID,
			From: from, Failure: f.failure, RFC: "RFC 3464, RFC 5321 §6.1",
			Text: fmt.Sprintf("%s; a DSN (%s) goes back to %s", f.reply.Text(), dsnID, from)}
		code := 0
		if f.expired {
			ev.Reason, ev.DurationMS = string(reasonExpired), (w.now - arrival).Milliseconds()
			ev.Text = fmt.Sprintf("gave up after %s, last: %s; a DSN (%s) goes back to %s", fault.FormatDuration((w.now - arrival).Round(time.Second)), replyOrVerdict(f.reply), dsnID, from)
			if f.reply.FromServer() {
				ev.Line = serverSaid(f.reply)
			}
		} else if f.reply.FromServer() {
			code, ev.Line = f.reply.Code, serverSaid(f.reply)
		}
		ev.Code = code
		w.emit(&ev)
		w.fates.bounced(msg, f.rcpt, code, status, dsnID)
	}
	// Written with the Return-Path: a delivery here files it with, in one buffer; passed
	// on from below it.
	returnPath := mail.ReturnPath("")
	dsn := delivery{}
	if filed, err := mail.BuildDSNBelow(d, returnPath); err != nil {
		dsn.data = []byte(fmt.Sprintf("From: MAILER-DAEMON@%s\r\nTo: %s\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\n%v\r\n", h.name, from, err))
	} else {
		dsn = delivery{data: filed[len(returnPath)+2:], filed: filed}
	}
	h.deliverOrQueue(dsnID, "", []string{from}, dsn, msg)
}

// lastStatus is the enhanced status of a reply, or the class default when the server
// sent none (RFC 3463 §3.1: X.0.0); a client verdict always has one.
func lastStatus(r smtp.Reply) string {
	if r.Status != "" || !r.FromServer() {
		return r.Status
	}
	return fmt.Sprintf("%d.0.0", r.Class())
}

// serverSaid is a server reply on one line, its lines joined as Postfix logs them: "550
// 5.1.1 <bob@example.net>: Recipient address rejected: …".
func serverSaid(r smtp.Reply) string {
	return fmt.Sprintf("%d %s", r.Code, strings.TrimSpace(r.Status+" "+r.Text()))
}

// replyOrVerdict says what decided: the server's reply, or the sender's own verdict
// as an MTA logs it ("dsn=4.4.1 connect to …: Connection timed out").
func replyOrVerdict(r smtp.Reply) string {
	if r.FromServer() {
		return serverSaid(r)
	}
	return "dsn=" + r.Status + " " + r.Text()
}

// deliverOrQueue files mail for this host's own domains and queues the rest. m.filed,
// when set, must be m.data with the Return-Path: of from on top.
func (h *host) deliverOrQueue(msg, from string, rcpts []string, m delivery, bounceOf string) {
	var remote []string
	for _, r := range rcpts {
		if h.isFinal(scenario.Domain(r)) {
			user, login := h.mailboxFor(r)
			h.fileLocal(msg, from, r, user, login, m, false)
		} else {
			remote = append(remote, r)
		}
	}
	if len(remote) > 0 {
		h.enqueue(msg, from, remote, m.data, bounceOf)
	}
}

// relayRoute resolves the relay host's address, as an MTA does for a configured
// next hop (no MX lookup).
func relayRoute(relay string, r dns.Resolver, w *World) dns.Route {
	a := r.Lookup(relay, dns.TypeA)
	switch {
	case a.Rcode == dns.ServFail:
		return dns.Route{Domain: relay, Err: &dns.RouteError{Temporary: true, Status: "4.4.3", Text: "relay " + relay + ": temporary DNS failure", Reason: dns.ReasonTemporary}}
	case len(a.Records) == 0:
		return dns.Route{Domain: relay, Err: &dns.RouteError{Temporary: true, Status: "4.4.3", Text: "relay " + relay + ": host not found", Reason: dns.ReasonTemporary}}
	}
	var ips []string
	for _, rec := range a.Records {
		ips = append(ips, rec.Value)
	}
	return dns.Route{Domain: relay, Targets: []dns.Target{{Host: relay, IPs: ips}}}
}

// recordingResolver applies DNS faults and remembers each lookup so that the trace
// can show it.
type recordingResolver struct {
	w    *World
	next dns.Resolver
	log  []lookup
	room [2]lookup // log's first array: MX and A, made with the resolver
}

type lookup struct {
	question  dns.Answer // the name and type asked, for the trace's question event
	answer    dns.Answer
	fault     *activeFault
	faultText string
}

// Lookup implements dns.Resolver.
func (r *recordingResolver) Lookup(name string, t dns.Type) dns.Answer {
	w := r.w
	l := lookup{question: dns.Answer{Name: name, Type: t}}
	d := strings.TrimSuffix(name, ".")
	found := false
	for _, k := range dnsFaults {
		if k != fault.ServFail && k != fault.NXDomain && t != dns.TypeMX {
			continue // the others are faults of MX records
		}
		if af := w.fault(k, d, nil); af != nil {
			l.fault, found = af, true
			l.faultText, l.answer = dnsFaultAnswer(k, name, d, t)
			break
		}
	}
	if !found {
		if t == dns.TypeA && strings.HasPrefix(lower(d), "dead.") && w.deadMX(strings.TrimPrefix(lower(d), "dead.")) {
			// The dead MX's name resolves to an address where no machine answers.
			l.answer = dns.Answer{Name: name, Type: t, Rcode: dns.NoError, Records: []dns.Record{{Name: d, Type: dns.TypeA, Value: "192.0.2.254"}}}
		} else {
			l.answer = r.next.Lookup(name, t)
		}
	}
	r.log = append(r.log, l)
	return l.answer
}

// dnsFaults are the faults a lookup may meet, in the order they are tried.
var dnsFaults = [...]fault.Kind{fault.ServFail, fault.NXDomain, fault.NullMX, fault.NoMX, fault.DeadMX}

// dnsFaultAnswer is what the resolver answers for name under fault k, and the text of
// the fault event; d is name without its final dot. Built only when k applies: every
// delivery asks the resolver.
func dnsFaultAnswer(k fault.Kind, name, d string, t dns.Type) (string, dns.Answer) {
	mx := func(pref uint16, value string) []dns.Record {
		return []dns.Record{{Name: d, Type: dns.TypeMX, Pref: pref, Value: value}}
	}
	switch k {
	case fault.ServFail:
		return "the resolver fails: SERVFAIL for " + d, dns.Answer{Name: name, Type: t, Rcode: dns.ServFail}
	case fault.NXDomain:
		return d + " does not exist: NXDOMAIN", dns.Answer{Name: name, Type: t, Rcode: dns.NXDomain}
	case fault.NullMX:
		return d + " publishes a null MX: it accepts no mail (RFC 7505)", dns.Answer{Name: name, Type: t, Rcode: dns.NoError, Records: mx(0, ".")}
	case fault.NoMX:
		return "the MX records of " + d + " are gone", dns.Answer{Name: name, Type: t, Rcode: dns.NoError}
	}
	return "the MX of " + d + " points to a host that does not answer", dns.Answer{Name: name, Type: t, Rcode: dns.NoError, Records: mx(10, "dead."+d)}
}

// deadMX reports whether a dead-mx fault names domain (without using it up).
func (w *World) deadMX(domain string) bool {
	for _, f := range w.faults {
		if f.Kind == fault.DeadMX && equalFold(f.Target, domain) && f.ActiveAt(w.now, w.tr.Len()) {
			return true
		}
	}
	return false
}

func lower(s string) string { return strings.ToLower(s) }

// joined is prefix, the items separated by ", ", and suffix, made as one string: what
// a trace text with a list of recipients says.
func joined(prefix string, items []string, suffix string) string {
	n := len(prefix) + len(suffix) + 2*len(items)
	for _, s := range items {
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(prefix)
	for i, s := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	b.WriteString(suffix)
	return b.String()
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// dnsAsked shows a host asking the resolver what q records, at the time its question
// goes out.
func (h *host) dnsAsked(msg string, q *lookup) {
	if !h.w.wireOff() {
		ev := h.w.dnsQuestion(h.name, msg, &q.question)
		h.w.emit(&ev)
	}
}

// dnsAnswered shows the resolver's answer to q, with the fault that made it, if any.
func (h *host) dnsAnswered(msg string, q *lookup) {
	w := h.w
	if q.fault != nil {
		w.faultEvent(q.fault, "dns", q.faultText)
	}
	if w.wireOff() {
		return
	}
	ev := w.dnsReply(h.name, msg, &q.answer)
	if q.fault != nil {
		ev.Fault = q.fault.String()
	}
	w.emit(&ev)
}

// dnsQuestion is the event of a host asking the resolver q.Name's records of type
// q.Type, for message msg; q has no more than these two.
func (w *World) dnsQuestion(actor, msg string, q *dns.Answer) trace.Event {
	w.scratch = append(append(append(w.scratch[:0], q.Name...), ' '), q.Type...)
	return trace.Event{Kind: trace.KindDNSQuery, Actor: actor, Peer: "dns", Proto: "dns", Line: w.line(w.scratch), Msg: msg, DNS: q}
}

// dnsReply is the event of the resolver's answer a to a host's question.
func (w *World) dnsReply(actor, msg string, a *dns.Answer) trace.Event {
	w.scratch = a.AppendText(w.scratch[:0])
	return trace.Event{Kind: trace.KindDNSAnswer, Actor: actor, Peer: "dns", Proto: "dns", Line: w.line(w.scratch), Msg: msg, DNS: a}
}
