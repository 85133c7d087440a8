package world

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// Spoofing and abuse: a machine outside the world's organisations (role outside) sends
// its own mail straight to port 25, with an envelope sender and a From: of its choice
// (RFC 5321 §3.3 and RFC 5322 §3.6.2 do not tie them together), through an open relay
// if its relay key names one. A spoof fault makes such a machine send a forged message.
// A receiver may accept every recipient and bounce later (backscatter, RFC 3834 §2
// warns against it), and may ask DNS blocklists about its clients (RFC 5782).

// outsiderDefault is the machine a spoof fault sends from when the scenario has no
// outside host of its own: a name under .example (RFC 2606) and an address from
// TEST-NET-3 (RFC 5737), moved up while a host of the scenario has it.
var outsiderDefault = scenario.Host{Name: "bot.attacker.example", IP: "203.0.113.66", Roles: []scenario.Role{scenario.RoleOutside}}

// addOutsider adds outsiderDefault to a world whose faults forge mail and whose
// scenario has no outside machine.
func (w *World) addOutsider() {
	if !slices.ContainsFunc(w.faults, func(f *activeFault) bool { return f.Kind == fault.Spoof }) ||
		slices.ContainsFunc(w.sc.Hosts, func(h scenario.Host) bool { return h.Has(scenario.RoleOutside) }) {
		return
	}
	cfg := outsiderDefault
	cfg.Roles = slices.Clone(cfg.Roles)
	ip := netip.MustParseAddr(cfg.IP)
	for slices.ContainsFunc(w.sc.Hosts, func(h scenario.Host) bool { return h.IP == ip.String() }) {
		ip = ip.Next()
	}
	cfg.IP = ip.String()
	h := newHost(w, &cfg)
	w.hosts = append(w.hosts, h)
	w.byName[lower(h.name)] = h
}

// outsider is the machine spoof faults send from: the first outside host.
func (w *World) outsider() *host {
	for _, h := range w.hosts {
		if h.cfg.Has(scenario.RoleOutside) {
			return h
		}
	}
	return nil
}

// planSpoofs schedules the forged message of each spoof fault: at its from= time, or
// as soon as the trace holds step= events (spoofAt), so that the steps before stay as
// they were.
func (w *World) planSpoofs() {
	for _, f := range w.faults {
		switch {
		case f.Kind != fault.Spoof:
		case f.Step == 0:
			w.at(f.From, func() { w.spoof(f) })
		default:
			w.spoofsDue = append(w.spoofsDue, f)
		}
	}
}

// spoofAt schedules the spoof faults whose step the trace has reached.
func (w *World) spoofAt(events int) {
	w.spoofsDue = slices.DeleteFunc(w.spoofsDue, func(f *activeFault) bool {
		if events < f.Step {
			return false
		}
		w.at(f.From, func() { w.spoof(f) })
		return true
	})
}

// spoof has the outside machine forge a message to the fault's target host, straight
// to its port 25: From: is sender= (by default a user of another domain, someone the
// recipient knows), MAIL FROM is envelope= (by default the same address), the
// recipient rcpt= (by default the target's first user).
func (w *World) spoof(f *activeFault) {
	h, target := w.outsider(), w.byName[lower(f.Target)]
	if h == nil || target == nil || f.Until != 0 && w.now >= f.Until {
		return
	}
	rcpt := cmp.Or(f.Rcpt, w.firstUser(func(d string) bool { return target.cfg.Serves(d) }))
	if rcpt == "" && len(target.cfg.Domains) > 0 {
		rcpt = "postmaster@" + target.cfg.Domains[0]
	}
	if rcpt == "" {
		return
	}
	sender := cmp.Or(f.Sender, w.firstUser(func(d string) bool { return d != scenario.Domain(rcpt) }), "ceo@"+scenario.Domain(rcpt))
	envelope := cmp.Or(f.Envelope, sender)
	f.used++
	f.applied = true
	// s1, s2 … unless the scenario named a message so.
	var id string
	for id == "" || slices.ContainsFunc(w.sc.Messages, func(m scenario.Message) bool { return strings.EqualFold(m.ID, id) }) {
		w.spoofs++
		id = fmt.Sprintf("s%d", w.spoofs)
	}
	w.faultEventWith(f, trace.Event{Actor: h.name, Peer: target.name, Msg: id, Rcpt: rcpt, From: sender,
		Text: fmt.Sprintf("%s forges a message From: %s with MAIL FROM:<%s> to %s and sends it to %s", h.name, sender, envelope, rcpt, target.name)})
	h.send(scenario.Message{ID: id, From: sender, EnvelopeFrom: envelope, To: []string{rcpt},
		Subject: "Invoice 4711", Body: "Invoice 4711: IBAN XX00 1234 5678 9000\n"}, target.name)
}

// firstUser is the address of the first user whose domain fits, "" when none does.
func (w *World) firstUser(fits func(domain string) bool) string {
	for _, u := range w.sc.Users {
		if fits(scenario.Domain(u.Address)) {
			return u.Address
		}
	}
	return ""
}

// send is an outside machine sending its own message: it writes it, then delivers it
// as an MTA does — to the recipients' MX, to its relay if it has one, or to the host
// named direct — on port 25 without AUTH.
func (h *host) send(msg scenario.Message, direct string) {
	w := h.w
	rcpts, data, err, ok := w.compose(msg)
	if !ok {
		return
	}
	w.emit(&trace.Event{Kind: trace.KindSubmit, Actor: h.name, Msg: msg.ID, Octets: len(data), From: msg.From, MailFrom: msg.MailFrom(),
		Subject: msg.Subject, Rcpts: rcpts,
		Text: fmt.Sprintf("%s sends %q From: %s with MAIL FROM:<%s> to %s", h.name, msg.Subject, msg.From, msg.MailFrom(), strings.Join(rcpts, ", "))})
	for _, r := range rcpts {
		w.fates.expect(msg.ID, r)
	}
	if err != nil {
		for _, r := range rcpts {
			h.giveUpOn(msg.ID, r, reasonMUABadMessage.reply(err.Error()))
		}
		return
	}
	h.enqueueDirect(msg.ID, msg.MailFrom(), rcpts, data, direct)
}

// giveUp ends every recipient of an outside machine's message that was not accepted:
// such a machine keeps no queue to retry from and writes no bounce (which is why
// greylisting stops much of it, RFC 6647 §2.2).
func (h *host) giveUp(e *entry) {
	for _, r := range e.rcpts {
		if !r.done {
			r.done = true
			h.giveUpOn(e.msg, r.addr, r.last)
		}
	}
	h.dequeue(e)
}

func (h *host) giveUpOn(msg, rcpt string, r smtp.Reply) {
	line := ""
	if r.FromServer() {
		line = serverSaid(r)
	}
	h.w.emit(&trace.Event{Kind: trace.KindReject, Actor: h.name, Msg: msg, Rcpt: rcpt, Code: r.Code, Status: r.Status, Reason: string(r.Reason), Line: line,
		Text: "given up: " + r.Text() + " (no queue, no retry, no bounce)"})
	h.w.fates.rejected(msg, rcpt, r.Code, r.Status)
}

// lateRecipients reports whether the host accepts every recipient of its domains at
// RCPT and finds out at delivery who exists (accept-then-bounce), on port 25.
func (p *serverPolicy) lateRecipients() bool {
	return !p.submission && p.h.cfg.AcceptThenBounce
}

// blocklisted asks the host's DNS blocklists about the client (RFC 5782 §2.1): the
// client's address, its octets reversed, under each zone; an A record 127.0.0.x
// lists it, and the TXT record there says why. The answer is asked once a
// connection, as Postfix caches it for the session; the reply is the 554 5.7.1
// Postfix gives, nil when no zone lists the client.
func (p *serverPolicy) blocklisted() *smtp.Reply {
	h := p.h
	if p.submission || len(h.cfg.DNSBL) == 0 {
		return nil
	}
	if p.dnsbl != nil {
		return p.dnsbl.reply
	}
	p.dnsbl = &dnsblVerdict{}
	ip, err := netip.ParseAddr(p.clientIP)
	if err != nil || !ip.Is4() {
		return nil
	}
	o := ip.As4()
	reversed := fmt.Sprintf("%d.%d.%d.%d", o[3], o[2], o[1], o[0])
	for _, zone := range h.cfg.DNSBL {
		name := reversed + "." + strings.ToLower(strings.TrimSuffix(zone, "."))
		a := h.askDNS(p.c, name, dns.TypeA)
		if !slices.ContainsFunc(a.Records, func(r dns.Record) bool { return strings.HasPrefix(r.Value, "127.0.0.") }) {
			continue
		}
		var why []string
		for _, r := range h.askDNS(p.c, name, dns.TypeTXT).Records {
			why = append(why, r.Value)
		}
		r := smtp.ReasonRcptDNSBL.Reply(p.clientIP, zone, strings.Join(why, " "))
		if len(why) == 0 {
			// Postfix ends the text after the zone when the list gives no reason.
			r = smtp.ReasonRcptDNSBL.Custom(r.Code, r.Status, strings.TrimSuffix(r.Text(), "; "))
		}
		p.dnsbl.reply = refuse(r)
		break
	}
	return p.dnsbl.reply
}

// dnsblVerdict is what the blocklists said of a connection's client.
type dnsblVerdict struct{ reply *smtp.Reply }

// askDNS looks name up for the server, recording the question and the answer as the
// client side's lookups are recorded.
func (h *host) askDNS(c *conn, name string, t dns.Type) dns.Answer {
	w := h.w
	q := w.dnsQuestion(h.name, c.msg, &dns.Answer{Name: name, Type: t})
	q.RFC = "RFC 5782 §2.1"
	w.emit(&q)
	a := w.dnsDB.Lookup(name, t)
	r := w.dnsReply(h.name, c.msg, &a)
	r.RFC = q.RFC
	w.emit(&r)
	return a
}
