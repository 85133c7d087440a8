package world_test

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// This file holds the checks of TestNothingIsLost. They compare two independent
// accounts of a run: what the scenario (users, quotas, domains, faults) makes possible
// for each recipient, and what the trace says happened. The summary's outcomes are
// only ever checked against those two, never used to decide what to expect.

// problem is one way a run broke the property. kind names the sort of problem, so
// that a run over many seeds can say how often each sort occurred; detail is for people.
type problem struct{ kind, detail string }

// rkey names one recipient of one message (or of one DSN); addresses compare
// without regard to case, as the simulator's own summary does.
type rkey struct{ msg, rcpt string }

func keyOf(msg, rcpt string) rkey { return rkey{msg, strings.ToLower(rcpt)} }

// conversation is one SMTP connection as the trace shows it.
type conversation struct {
	msg     string
	cmds    []string // the client's lines in order
	replies []int    // the code of each complete server reply in order; the first is the greeting
	handoff bool     // the server took responsibility for the message (its 250 to the dot)
}

// acceptedRcpts returns the recipients the server accepted with a 2xx to RCPT. Each
// client line is answered by exactly one reply, in order, also when commands are
// pipelined (RFC 5321 §4.1, RFC 2920 §3.1), so the n-th line pairs with reply n+1.
// The lines are the raw protocol, not a rendering, so reading them is fair.
func (c *conversation) acceptedRcpts() []string {
	var out []string
	for i, cmd := range c.cmds {
		if i+1 >= len(c.replies) {
			break
		}
		if c.replies[i+1]/100 != 2 || len(cmd) < 9 || !strings.EqualFold(cmd[:9], "RCPT TO:<") {
			continue
		}
		addr, _, _ := strings.Cut(cmd[9:], ">")
		out = append(out, addr)
	}
	return out
}

// finalReplyLine reports whether a server line ends its reply ("250 x", not "250-x").
func finalReplyLine(line string) bool { return len(line) == 3 || len(line) > 3 && line[3] == ' ' }

// ledger is what the trace of one run says happened to each recipient.
type ledger struct {
	delivers map[rkey][]trace.Event // KindDeliver, originals and DSNs
	bounces  map[rkey][]trace.Event // KindBounce
	rejects  map[rkey][]trace.Event // KindReject
	doubles  map[rkey][]trace.Event // KindDoubleBounce, keyed by the DSN's id and recipient
	dsnOf    map[string]trace.Event // DSN id → a bounce event that announced it
	applied  map[string]bool        // fault specs that took effect somewhere
	// dups counts, per recipient, the copies a drop after the dot made: the server
	// took the message and the client, never hearing so, still holds its own (RFC 1047).
	dups map[rkey]int
}

func readLedger(tr *trace.Trace) *ledger {
	l := &ledger{delivers: map[rkey][]trace.Event{}, bounces: map[rkey][]trace.Event{}, rejects: map[rkey][]trace.Event{},
		doubles: map[rkey][]trace.Event{}, dsnOf: map[string]trace.Event{},
		applied: map[string]bool{}, dups: map[rkey]int{}}
	convs := map[int]*conversation{}
	var drops []int
	for i, e := range tr.All() {
		if e.Fault != "" {
			l.applied[e.Fault] = true
		}
		switch e.Kind {
		case trace.KindConnect:
			if e.Conn != 0 && e.Proto == "smtp" {
				convs[e.Conn] = &conversation{msg: e.Msg}
			}
		case trace.KindLine:
			c := convs[e.Conn]
			switch {
			case c == nil:
			case e.Dir == trace.DirSend:
				c.cmds = append(c.cmds, e.Line)
			case finalReplyLine(e.Line):
				c.replies = append(c.replies, e.Code)
			}
		case trace.KindHandoff:
			if c := convs[e.Conn]; c != nil {
				c.handoff = true
			}
		case trace.KindDeliver:
			k := keyOf(e.Msg, e.Rcpt)
			l.delivers[k] = append(l.delivers[k], e)
		case trace.KindBounce:
			k := keyOf(e.Msg, e.Rcpt)
			l.bounces[k] = append(l.bounces[k], e)
			l.dsnOf[e.DSN] = e
		case trace.KindReject:
			k := keyOf(e.Msg, e.Rcpt)
			l.rejects[k] = append(l.rejects[k], e)
		case trace.KindDoubleBounce:
			k := keyOf(e.Msg, e.Rcpt)
			l.doubles[k] = append(l.doubles[k], e)
		case trace.KindFault:
			if f, err := fault.Parse(e.Fault); err == nil && f.Kind == fault.Drop && f.When == "after-dot" {
				drops = append(drops, i)
			}
		}
	}
	for _, i := range drops {
		// The drop's fault event names the connection it breaks.
		c := convs[tr.At(i).Conn]
		if c == nil || !c.handoff {
			continue // the server did not take the message (its reply was lost, but was no 250): no copy
		}
		for _, r := range c.acceptedRcpts() {
			l.dups[keyOf(c.msg, r)]++
		}
	}
	return l
}

// terminals counts the ends of a recipient's copies: a delivery, a bounce, a
// rejection shown by the user's mail program, or (for a DSN) a double bounce.
func (l *ledger) terminals(k rkey) int {
	return len(l.delivers[k]) + len(l.bounces[k]) + len(l.rejects[k]) + len(l.doubles[k])
}

// cause is something in a scenario that can make a recipient fail, and the enhanced
// status (RFC 3463) it must produce. A status of a class digit and a dot ("5.")
// stands for any status of that class: for causes whose detail the scenario leaves to
// the simulator, such as an injected reply code without a status.
type cause struct{ status, why string }

func allows(causes []cause, status string) bool {
	for _, c := range causes {
		if c.status == status || strings.HasSuffix(c.status, ".") && strings.HasPrefix(status, c.status) {
			return true
		}
	}
	return false
}

func describe(causes []cause) string {
	if len(causes) == 0 {
		return "none"
	}
	parts := make([]string, len(causes))
	for i, c := range causes {
		parts[i] = c.status + " (" + c.why + ")"
	}
	return strings.Join(parts, ", ")
}

// expired reports a bounce or double bounce given up after the queue lifetime: it
// keeps the last attempt's temporary status (RFC 3463 §3.5, as Postfix does).
func expired(e trace.Event) bool {
	return e.Reason == "queue.expired" && strings.HasPrefix(e.Status, "4.")
}

// hopSlack bounds what the hops add to a message before a server measures it: the
// Return-Path: and Received: fields of at most four hops (MSA, relay, backup MX, MX).
const hopSlack = 4 * 300

// expectations derives from the scenario alone where mail goes and what can make it fail.
type expectations struct {
	sc      scenario.Scenario
	applied map[string]bool
}

func (x *expectations) host(role scenario.Role, domain string) string {
	if h, ok := x.sc.HostFor(role, domain); ok {
		return h.Name
	}
	return ""
}

// relayOf is the next hop a host sends all outgoing mail to, in the store-and-forward model.
func (x *expectations) relayOf(name string) string {
	if h, ok := x.sc.Host(name); ok && x.sc.Model == scenario.StoreAndForward {
		return h.Relay
	}
	return ""
}

// path lists the hosts that may handle mail to rcpt starting at from: its relay, the
// domain's MX and its backup MX (which forwards to the MX).
func (x *expectations) path(from, rcpt string) []string {
	d := scenario.Domain(rcpt)
	p := []string{from}
	for _, h := range []string{x.relayOf(from), x.host(scenario.RoleMX, d), x.host(scenario.RoleRelay, d)} {
		if h != "" {
			p = append(p, h)
		}
	}
	return p
}

func onPath(path []string, name string) bool {
	return slices.ContainsFunc(path, func(h string) bool { return strings.EqualFold(h, name) })
}

// fired reports whether a fault of the scenario took effect at all in the run. Count
// and time windows make a fault hit some messages and not others; requiring only that
// it hit somewhere keeps the expectation honest without re-deriving the simulator's timing.
func (x *expectations) fired(f fault.Fault) bool { return x.applied[f.String()] }

// permanent lists what can make rcpt fail for good on path, for a message of at most
// maxSize octets at any host.
func (x *expectations) permanent(rcpt string, path []string, maxSize int) []cause {
	var cs []cause
	d := scenario.Domain(rcpt)
	switch {
	case x.host(scenario.RoleMX, d) == "":
		cs = append(cs, cause{dns.Reasons[dns.ReasonNXDomain].Status, d + " is in no zone: NXDOMAIN"})
	case !x.isUser(rcpt):
		cs = append(cs, cause{"5.1.1", rcpt + " has no mailbox"})
	}
	if u, ok := x.sc.User(rcpt); ok && u.Quota > 0 {
		cs = append(cs, cause{"5.2.2", fmt.Sprintf("quota of %d octets", u.Quota)})
	}
	for _, f := range x.sc.Faults {
		if !x.fired(f) {
			continue
		}
		switch {
		case f.Kind == fault.UnknownUser && strings.EqualFold(f.Target, rcpt):
			cs = append(cs, cause{"5.1.1", f.String()})
		case f.Kind == fault.MailboxFull && strings.EqualFold(f.Target, rcpt):
			cs = append(cs, cause{"5.2.2", f.String()})
		case f.Kind == fault.NXDomain && strings.EqualFold(f.Target, d):
			// NXDOMAIN for the MX query, or for the address query of an implicit MX.
			cs = append(cs, cause{dns.Reasons[dns.ReasonNXDomain].Status, f.String()}, cause{dns.Reasons[dns.ReasonNoAddress].Status, f.String()})
		case f.Kind == fault.NoMX && strings.EqualFold(f.Target, d):
			cs = append(cs, cause{dns.Reasons[dns.ReasonNoAddress].Status, f.String() + ": no MX and no address"})
		case f.Kind == fault.NullMX && strings.EqualFold(f.Target, d):
			cs = append(cs, cause{dns.Reasons[dns.ReasonNullMX].Status, f.String()})
		case !onPath(path, f.Target):
		case f.Kind == fault.TooLarge && maxSize > f.Size:
			cs = append(cs, cause{"5.3.4", f.String()})
		case f.Kind == fault.RelayDenied:
			cs = append(cs, cause{"5.7.1", f.String()})
		case f.Kind == fault.TLSRequired:
			// The MTAs do not speak STARTTLS: MAIL gets 530 5.7.0 (RFC 3207 §4).
			cs = append(cs, cause{"5.7.0", f.String()})
		case f.Kind == fault.Reply && f.Code/100 == 5:
			cs = append(cs, cause{replyStatus(f), f.String()})
		}
	}
	return cs
}

// replyStatus is the status an injected reply must carry: its own, or any of its class.
func replyStatus(f fault.Fault) string {
	if f.Status != "" {
		return f.Status
	}
	return fmt.Sprintf("%d.", f.Code/100)
}

func (x *expectations) isUser(addr string) bool {
	_, ok := x.sc.User(addr)
	return ok
}

// undeliverable says why rcpt can never be delivered into its mailbox on host mx, for
// a message of at least minSize octets, or "" if it can be. Every original message
// reaches a mailbox through an SMTP transaction at the domain's MX (for mail within a
// domain its MSA, the same host); a DSN may be filed without one, so it passes 0.
func (x *expectations) undeliverable(rcpt string, mx string, minSize int) string {
	d := scenario.Domain(rcpt)
	switch {
	case mx == "":
		return d + " is in no zone"
	case !x.isUser(rcpt):
		return rcpt + " has no mailbox"
	}
	for _, f := range x.sc.Faults {
		always := f.From == 0 && f.Until == 0 && f.Step == 0 && f.Count == 0
		switch {
		case !always:
		case f.Kind == fault.UnknownUser && strings.EqualFold(f.Target, rcpt):
			return f.String() + " says the mailbox does not exist"
		case f.Kind == fault.TooLarge && strings.EqualFold(f.Target, mx) && minSize > f.Size:
			return fmt.Sprintf("%s: the message has %d octets or more", f.String(), minSize)
		}
	}
	return ""
}

// canExpire reports whether a temporary failure on path can outlast the queue
// lifetime for a message that arrived at at: only such a cause may end in 4.4.7.
func (x *expectations) canExpire(path []string, domain string, at time.Duration) bool {
	for _, f := range x.sc.Faults {
		if f.Count != 0 || f.Until != 0 && f.Until < at+x.sc.Retry.Lifetime {
			continue
		}
		switch f.Kind {
		case fault.Down, fault.Refuse, fault.Slow, fault.Shutdown:
			if onPath(path, f.Target) {
				return true
			}
		case fault.Reply:
			if f.Code/100 == 4 && onPath(path, f.Target) {
				return true
			}
		case fault.Partition:
			if onPath(path, f.Target) || onPath(path, f.Peer) {
				return true
			}
		case fault.ServFail, fault.DeadMX:
			if strings.EqualFold(f.Target, domain) {
				return true
			}
		}
	}
	return false
}

// submission lists what can make the MSA refuse a message to rcpt, and the status each
// gives the user's mail program.
func (x *expectations) submission(m scenario.Message, size int, rcpt string) []cause {
	msa := x.host(scenario.RoleMSA, scenario.Domain(m.From))
	var cs []cause
	if msa != "" && strings.EqualFold(msa, x.host(scenario.RoleMX, scenario.Domain(rcpt))) {
		// The MSA is also the recipient's MX: it knows its users at RCPT (Postfix's
		// local recipient check), so unknown or full mailboxes are refused there.
		if !x.isUser(rcpt) {
			cs = append(cs, cause{"5.1.1", rcpt + " has no mailbox on " + msa})
		}
		if u, ok := x.sc.User(rcpt); ok && u.Quota > 0 {
			cs = append(cs, cause{"5.2.2", fmt.Sprintf("quota of %d octets", u.Quota)})
		}
		for _, f := range x.sc.Faults {
			switch {
			case !x.fired(f) || !strings.EqualFold(f.Target, rcpt):
			case f.Kind == fault.UnknownUser:
				cs = append(cs, cause{"5.1.1", f.String()})
			case f.Kind == fault.MailboxFull:
				cs = append(cs, cause{"5.2.2", f.String()})
			}
		}
	}
	if u, ok := x.sc.User(m.From); ok && u.TLS != "" && u.TLS != scenario.SubmitPlain {
		// A mail program set up for TLS never sends in clear (RFC 8314 §5.2): an MSA
		// without TLS, or an attacker stripping its STARTTLS, stops it.
		if h, ok := x.sc.Host(msa); ok && !h.TLS {
			cs = append(cs, cause{"4.4.1", msa + " does not listen on 465"}, cause{"4.7.0", msa + " offers no STARTTLS"})
		}
		for _, f := range x.sc.Faults {
			if f.Kind == fault.StripSTARTTLS && x.fired(f) && strings.EqualFold(f.Target, msa) {
				cs = append(cs, cause{"4.7.0", f.String()})
			}
		}
	}
	for _, f := range x.sc.Faults {
		if !x.fired(f) {
			continue
		}
		if strings.EqualFold(f.Target, m.From) {
			switch f.Kind {
			case fault.WrongPassword:
				cs = append(cs, cause{"5.7.8", f.String()}) // RFC 4954 §6
			case fault.NoAuth:
				cs = append(cs, cause{"5.7.0", f.String()})
			}
		}
		if !strings.EqualFold(f.Target, msa) {
			continue
		}
		switch f.Kind {
		case fault.TLSRequired:
			cs = append(cs, cause{"5.7.0", f.String()})
		case fault.TooLarge:
			if size > f.Size {
				cs = append(cs, cause{"5.3.4", f.String()})
			}
		case fault.Reply:
			cs = append(cs, cause{replyStatus(f), f.String()})
		case fault.Shutdown:
			cs = append(cs, cause{"4.3.2", f.String()}) // 421: the service is closing
		case fault.Down, fault.Refuse:
			cs = append(cs, cause{"4.4.1", f.String()}) // no answer from the host (RFC 3463 §3.5)
		case fault.Slow, fault.Drop:
			cs = append(cs, cause{"4.4.2", f.String()}) // bad connection (RFC 3463 §3.5)
		}
	}
	return cs
}

// checkRun runs the checks on one finished world.
func checkRun(sc scenario.Scenario, w *world.World) []problem {
	sc.Defaults()
	tr := w.Trace()
	l := readLedger(tr)
	x := &expectations{sc: sc, applied: l.applied}
	var probs []problem
	report := func(kind, format string, args ...any) {
		probs = append(probs, problem{kind, fmt.Sprintf(format, args...)})
	}

	messages := map[string]scenario.Message{}
	want := map[rkey]bool{}
	for _, m := range sc.Messages {
		messages[m.ID] = m
		for _, r := range slices.Concat(m.To, m.Cc, m.Bcc) {
			want[keyOf(m.ID, r)] = true
		}
	}
	// Forged messages (spoof faults) are followed to the summary too, and their bounces
	// go back to the envelope sender the forger gave.
	for _, e := range tr.All() {
		if e.Kind == trace.KindSubmit && e.MailFrom != "" && !slices.ContainsFunc(sc.Messages, func(m scenario.Message) bool { return m.ID == e.Msg }) {
			messages[e.Msg] = scenario.Message{ID: e.Msg, At: e.Time, From: e.MailFrom, To: e.Rcpts}
			for _, r := range e.Rcpts {
				want[keyOf(e.Msg, r)] = true
			}
		}
	}
	outcomes := map[rkey]trace.Outcome{}
	for _, o := range tr.Outcomes {
		k := keyOf(o.Msg, o.Rcpt)
		if _, seen := outcomes[k]; seen || !want[k] {
			report("summary lists a recipient twice or one never sent to", "%s %s in the summary", o.Msg, o.Rcpt)
		}
		outcomes[k] = o
	}
	for k := range want {
		if _, ok := outcomes[k]; !ok {
			report("recipient missing from the summary", "%s %s is not in the summary", k.msg, k.rcpt)
		}
	}

	// Every recipient of every message, from what the scenario says.
	for _, m := range sc.Messages {
		submitted := w.Submitted(m.ID)
		size := len(submitted)
		msa := x.host(scenario.RoleMSA, scenario.Domain(m.From))
		seen := map[string]bool{}
		for _, rcpt := range slices.Concat(m.To, m.Cc, m.Bcc) {
			k := keyOf(m.ID, rcpt)
			if seen[k.rcpt] {
				continue
			}
			seen[k.rcpt] = true
			o, ok := outcomes[k]
			if !ok {
				continue
			}
			path := x.path(msa, rcpt)
			mx := x.host(scenario.RoleMX, scenario.Domain(rcpt))
			perm := x.permanent(rcpt, path, size+hopSlack)
			expire := x.canExpire(path, scenario.Domain(rcpt), m.At)
			refused := x.submission(m, size, rcpt)
			probs = append(probs, checkRecipient(l, o, recipientCase{
				k: k, sender: m.From, mx: mx, submitted: submitted, w: w,
				perm: perm, expire: expire, refused: refused,
				undeliverable: x.undeliverable(rcpt, mx, size),
			})...)
		}
	}

	// Every DSN: it reaches the sender or is logged as a double bounce, once per copy,
	// and a double bounce has a cause on the DSN's own way back.
	for dsn, b := range l.dsnOf {
		m, ok := messages[b.Msg]
		if !ok {
			report("bounce of a message the scenario never sent", "bounce %s of %s", dsn, b.Msg)
			continue
		}
		k := keyOf(dsn, m.From)
		want := 1 + l.dups[k]
		if got := l.terminals(k); got != want {
			report(fmt.Sprintf("DSN ends %s", countWord(got, want)), "DSN %s (for %s %s, from %s) to %s: %d deliveries, %d double bounces; %d copies made by drops after the dot",
				dsn, b.Msg, b.Rcpt, b.Actor, m.From, len(l.delivers[k]), len(l.doubles[k]), l.dups[k])
		}
		if why := x.undeliverable(m.From, x.host(scenario.RoleMX, scenario.Domain(m.From)), 0); why != "" && len(l.delivers[k]) > 0 {
			report("DSN delivered though the sender cannot receive mail", "DSN %s to %s delivered: %s", dsn, m.From, why)
		}
		perm := x.permanent(m.From, x.path(b.Actor, m.From), math.MaxInt)
		for _, d := range l.doubles[k] {
			if !allows(perm, d.Status) && !(expired(d) && x.canExpire(x.path(b.Actor, m.From), scenario.Domain(m.From), b.Time)) {
				report("double bounce with a status no cause explains ("+d.Status+")", "DSN %s to %s double-bounced at %s with %d %s; the scenario allows %s",
					dsn, m.From, d.Actor, d.Code, d.Status, describe(perm))
			}
		}
	}
	return probs
}

func countWord(got, want int) string {
	switch {
	case got == 0:
		return "nowhere (lost)"
	case got > want:
		return "more often than it was copied"
	}
	return "less often than it was copied (a copy lost)"
}

// recipientCase is one recipient and what the scenario makes possible for it.
type recipientCase struct {
	k             rkey
	sender        string
	mx            string // the host whose mailbox it ends in; "" for a domain in no zone
	submitted     []byte
	w             *world.World
	perm          []cause // what can make it fail for good on its way
	expire        bool    // a temporary failure can outlast the queue lifetime
	refused       []cause // what can make the MSA refuse it
	undeliverable string  // why it can never be delivered, or ""
}

func checkRecipient(l *ledger, o trace.Outcome, rc recipientCase) []problem {
	var probs []problem
	report := func(kind, format string, args ...any) {
		probs = append(probs, problem{kind, fmt.Sprintf("%s %s: ", rc.k.msg, o.Rcpt) + fmt.Sprintf(format, args...)})
	}
	k := rc.k
	delivers, bounces, rejects := l.delivers[k], l.bounces[k], l.rejects[k]
	dups := l.dups[k]

	// Principle 5: each copy a server took ends exactly once. Without a drop after the
	// dot there is one copy; each such drop, where the server accepted this recipient,
	// adds one (RFC 1047): delivered twice, delivered and bounced, or bounced twice.
	if got, want := l.terminals(k), 1+dups; got != want {
		report(fmt.Sprintf("recipient ends %s", countWord(got, want)), "%d deliveries, %d bounces, %d rejections; %d copies made by drops after the dot",
			len(delivers), len(bounces), len(rejects), dups)
	}

	// Each end must have a cause in the scenario.
	if len(delivers) > 0 && rc.undeliverable != "" {
		report("delivered though the scenario forbids it", "delivered %d times, but %s", len(delivers), rc.undeliverable)
	}
	for _, b := range bounces {
		switch {
		case allows(rc.perm, b.Status):
		case expired(b) && rc.expire:
		default:
			report("bounced with a status no cause explains ("+b.Status+")", "%s bounced it with %d %s; the scenario allows %s",
				b.Actor, b.Code, b.Status, describe(rc.perm))
		}
	}
	for _, r := range rejects {
		if !allows(rc.refused, r.Status) {
			report("rejected with a status no cause explains ("+r.Status+")", "the MUA showed %d %s; the scenario allows %s", r.Code, r.Status, describe(rc.refused))
		}
	}

	// The summary must agree with the trace: its outcome is one of the recipient's ends.
	switch o.Outcome {
	case trace.OutcomeDelivered:
		if len(delivers) == 0 || o.Copies != len(delivers) {
			report("summary disagrees with the trace", "delivered %d copies in the summary, %d deliver events", o.Copies, len(delivers))
		}
		if o.Code != 250 || !strings.HasPrefix(o.Status, "2.") {
			report("delivered with a status not of class 2", "delivered with %d %s", o.Code, o.Status)
		}
		host, user, _ := strings.Cut(o.Mailbox, "/")
		if !strings.EqualFold(host, rc.mx) || !strings.EqualFold(user, o.Rcpt) {
			report("delivered into the wrong mailbox", "in %s, want %s/%s", o.Mailbox, rc.mx, o.Rcpt)
		}
		copies := 0
		for _, m := range rc.w.Mailbox(host, user) {
			if bytes.Equal(stripTrace(m), rc.submitted) {
				copies++
			}
		}
		if copies != len(delivers) {
			report("mailbox content differs from the submitted message", "%d copies in %s equal the submitted message plus trace fields, %d deliveries",
				copies, o.Mailbox, len(delivers))
		}
	case trace.OutcomeBounced, trace.OutcomeDoubleBounce:
		// The summary keeps the status of a bounce event; double bounce or not is
		// decided by the DSN's fate.
		var match bool
		var dsnFailed bool
		for _, b := range bounces {
			match = match || b.Code == o.Code && b.Status == o.Status
			dsnFailed = dsnFailed || len(l.doubles[keyOf(b.DSN, rc.sender)]) > 0
		}
		if !match {
			report("summary disagrees with the trace", "%s with %d %s in the summary; bounce events: %s", o.Outcome, o.Code, o.Status, statuses(bounces))
		}
		if o.Outcome == trace.OutcomeDoubleBounce && !dsnFailed {
			report("summary disagrees with the trace", "double-bounce in the summary, but no DSN for it failed")
		}
		if o.Outcome == trace.OutcomeBounced && dsnFailed && dups == 0 {
			report("summary disagrees with the trace", "bounced in the summary, but its DSN failed: a double bounce")
		}
	case trace.OutcomeRejected:
		if len(rejects) == 0 {
			report("summary disagrees with the trace", "rejected in the summary, but no reject event")
		}
		if len(delivers)+len(bounces) > 0 {
			// "Rejected" says nobody owed a bounce; once a server said 250 to the dot it
			// owns the message and this recipient's fate is a delivery or a bounce
			// (principle 5), even if the user's program never heard the 250.
			report("rejected in the summary though a server took the message", "%d deliveries and %d bounces in the trace", len(delivers), len(bounces))
		}
	default:
		report("outcome is no end ("+o.Outcome+")", "ended %q", o.Outcome)
	}
	return probs
}

func statuses(evs []trace.Event) string {
	var s []string
	for _, e := range evs {
		s = append(s, fmt.Sprintf("%d %s", e.Code, e.Status))
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
