package render

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"smtpsim/lessons/catalog"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// What the transcript, the diagram and the page say about each trace event, in one
// language: rendered from the event's fields (DESIGN.md, principle 3: never from its
// English Text) with the templates event.* of words.LANG.yaml (principle 7). Protocol
// lines, DNS answer data and the replies that decided a defer or bounce are quoted as
// they travelled: they are what the machines said.

// reasonExpired is the reason key of a message given up after its queue lifetime.
const reasonExpired = "queue.expired"

// reasonSTSMXMismatch is the reason key of an MX that an MTA-STS policy does not name.
const reasonSTSMXMismatch = "mta-sts.mx-mismatch"

// Words tells the events of one run in one language.
type Words struct {
	Lang  string
	Trace *trace.Trace // its clock gives the times
}

// t is the event template key, formatted with args.
//
// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func (w Words) t(key string, args ...any) string { return Say(w.Lang, "event."+key, args...) }

// Actor is how the events name an actor: the learner at the console in w's language.
func (w Words) Actor(id string) string {
	if id == world.ConsoleActor {
		return w.t("actor.console")
	}
	return id
}

// Line is one line of the transcript: the event's virtual time, then Describe.
func (w Words) Line(e trace.Event) string { return w.Trace.Clock(e.Time) + " " + w.Describe(e) }

// Describe renders one event without its time, as the transcript shows it: a protocol
// line as it travelled ("mail.example.org → mx.example.net  C: RCPT TO:<bob@example.net>"),
// anything else as its actors and what happened.
func (w Words) Describe(e trace.Event) string {
	actor, peer := w.Actor(e.Actor), w.Actor(e.Peer)
	switch e.Kind {
	case trace.KindLine, trace.KindData:
		var s string
		if e.Dir == trace.DirSend {
			s = actor + " → " + peer + "  C: " + w.Wire(e)
		} else {
			s = actor + " ← " + peer + "  S: " + w.Wire(e)
		}
		if e.Lost {
			s += "   (" + w.t("lost") + ")"
		}
		if e.Altered != "" {
			s += "   (" + w.t("altered."+e.Altered) + ")"
		}
		return s
	case trace.KindConnect, trace.KindDNSQuery:
		return actor + " → " + peer + "  " + w.Note(e)
	case trace.KindDNSAnswer:
		return actor + " ← " + peer + "  " + w.Note(e)
	}
	head := actor
	if peer != "" {
		head += " · " + peer
	}
	return head + "  " + w.Note(e)
}

// Note is what happened in an event, without its actors: the text of a note in the
// diagram, the console and the inspector.
func (w Words) Note(e trace.Event) string {
	addrs := strings.Join(e.Rcpts, ", ")
	switch e.Kind {
	case trace.KindLine, trace.KindData:
		return w.Wire(e)
	case trace.KindConnect:
		return w.t("connect", e.Port, e.Proto)
	case trace.KindRefused, trace.KindUnreachable:
		return w.connectFailed(e)
	case trace.KindClose:
		return w.t("close")
	case trace.KindTimeout:
		if e.DurationMS > 0 {
			return w.t("timeout", e.Peer, w.Duration(e.DurationMS))
		}
		return w.t("timeout.silent", e.Peer)
	case trace.KindTLS:
		return w.tls(e)
	case trace.KindDNSQuery:
		return w.t("dns-query", w.Question(e))
	case trace.KindDNSAnswer:
		return w.t("dns-answer", w.Answer(e))
	case trace.KindSubmit:
		if e.MailFrom != "" {
			return w.t("submit.outside", e.Msg, w.quote(e.Subject), e.From, e.MailFrom, addrs)
		}
		return w.t("submit", e.Msg, e.From, w.quote(e.Subject), addrs)
	case trace.KindEnqueue:
		if len(e.Headers) > 0 {
			return w.t("enqueue.headers", e.Msg, w.and(e.Headers))
		}
		return w.t("enqueue", e.Msg, addrs, e.Count)
	case trace.KindAttempt:
		return w.t("attempt", e.Msg, e.Count, addrs)
	case trace.KindDefer:
		return w.t("defer", e.Msg, e.Rcpt, w.Verdict(e), w.Clock(e.Next))
	case trace.KindHandoff:
		switch {
		case e.Played:
			return w.t("handoff.played", e.Actor, e.Msg)
		case e.QueueID != "":
			return w.t("handoff", e.Actor, e.Msg, e.QueueID)
		}
		return w.t("handoff.bare", e.Actor, e.Msg)
	case trace.KindDeliver:
		switch {
		case e.Mailbox == "":
			return w.t("deliver.logged", e.Msg, e.Rcpt)
		case !strings.EqualFold(e.Mailbox, e.Rcpt):
			return w.t("deliver.postmaster", e.Msg, e.Rcpt, e.Mailbox, e.Count)
		}
		return w.t("deliver", e.Msg, e.Mailbox, e.Count)
	case trace.KindRemove:
		return w.t("remove", e.UID, e.Mailbox)
	case trace.KindBounce:
		if e.Reason == reasonExpired {
			return w.t("bounce.expired", e.Msg, e.Rcpt, w.Duration(e.DurationMS), w.Verdict(e), e.DSN, e.From)
		}
		return w.t("bounce", e.Msg, e.Rcpt, w.Verdict(e), e.DSN, e.From)
	case trace.KindDoubleBounce:
		return w.t("double-bounce", e.Msg, e.Rcpt, w.Verdict(e))
	case trace.KindExpire:
		return w.t("expire", e.Msg, e.Rcpt, w.Duration(e.DurationMS), w.Verdict(e))
	case trace.KindReject:
		if e.Actor != "" && !strings.HasPrefix(e.Actor, "MUA ") {
			// A machine outside (role outside) gave up its own message.
			return w.t("reject.outside", e.Msg, e.Rcpt, w.Verdict(e))
		}
		return w.t("reject", e.Msg, e.Rcpt, w.Verdict(e))
	case trace.KindFault:
		return w.fault(e)
	case trace.KindFetch:
		return w.fetch(e)
	case trace.KindSign, trace.KindAuth:
		return w.auth(e)
	}
	return string(e.Kind)
}

// Wire is what a line or data event carried: the line itself, or for message text
// (which the console and inspector show whole) its size.
func (w Words) Wire(e trace.Event) string {
	if e.Kind != trace.KindData {
		return e.Line
	}
	if e.Dir == trace.DirSend {
		return w.t("data.send", e.Msg, bytes.Count(e.Payload, []byte("\r\n")), e.Octets)
	}
	return w.t("data.recv", e.Octets)
}

// connectFailed says why no connection was made; never a reply, since no server spoke.
func (w Words) connectFailed(e trace.Event) string {
	var s string
	switch e.Failure {
	case trace.FailureRefused:
		s = w.t("refused", e.Peer, e.Port)
	case trace.FailureTimedOut:
		s = w.t("timed-out", e.Peer, e.Port, w.Duration(e.DurationMS))
	case trace.FailureUnreachable:
		s = w.t("no-route", e.Peer, e.Port)
	default:
		s = w.t("no-connection", e.Peer, e.Port)
	}
	if e.Status != "" {
		s += w.t("status", e.Status)
	}
	return s
}

// Question is what a DNS query asks: "example.net MX".
func (w Words) Question(e trace.Event) string {
	if e.DNS == nil {
		return e.Line
	}
	return strings.TrimSuffix(e.DNS.Name, ".") + " " + string(e.DNS.Type)
}

// Answer is a DNS answer as the resolver gave it, with "no records" in words.
func (w Words) Answer(e trace.Event) string {
	if e.DNS != nil && (e.DNS.Rcode == "" || e.DNS.Rcode == dns.NoError) && len(e.DNS.Records) == 0 {
		return w.t("dns-nodata", w.Question(e))
	}
	return e.Line
}

// Verdict says what decided a defer, bounce, expiry or rejection: the reply a server
// sent, quoted; or, when no server replied, the enhanced status with the reason in
// plain words from the explanation catalog (and why no connection was made).
func (w Words) Verdict(e trace.Event) string {
	if e.Line != "" {
		if e.Peer != "" {
			return w.t("verdict.reply", e.Peer, w.quote(e.Line))
		}
		return w.t("verdict.reply-anon", w.quote(e.Line))
	}
	title := w.title(e)
	if e.Failure != "" {
		if title != "" {
			title += " "
		}
		title += "(" + w.t("failure."+e.Failure) + ")"
	}
	switch {
	case title == "":
		return w.t("verdict.none-bare", e.Status)
	}
	return w.t("verdict.none", e.Status, title)
}

// title names the reason of a verdict from the catalog; for an expiry, whose reason is
// the expiry itself, the status of the last attempt.
func (w Words) title(e trace.Event) string {
	if e.Reason != "" && e.Reason != reasonExpired {
		if en, ok := catalog.Reason(w.Lang, e.Reason); ok {
			return en.Title
		}
	}
	if en, ok := catalog.Code(w.Lang, e.Status); ok && e.Status != "" {
		return en.Title
	}
	return ""
}

// fault says what an injected fault does, from its spec (the documented fault syntax)
// and the facts the event adds: the port refused, the recipient greylisted.
func (w Words) fault(e trace.Event) string {
	f, err := fault.Parse(e.Fault)
	if err != nil {
		return w.t("fault", e.Fault)
	}
	key := "fault." + string(f.Kind)
	switch f.Kind {
	case fault.Down, fault.NXDomain, fault.ServFail, fault.NoMX, fault.DeadMX, fault.NullMX, fault.UnknownUser,
		fault.MailboxFull, fault.RelayDenied, fault.WrongPassword, fault.NoAuth, fault.TLSRequired, fault.StripSTARTTLS:
		return w.t(key, f.Target)
	case fault.Refuse:
		port := cmp.Or(e.Port, f.Port)
		if port == 0 {
			return w.t(key+".any", f.Target)
		}
		return w.t(key, f.Target, port)
	case fault.Drop:
		return w.t(key+"."+f.When, f.Target)
	case fault.Slow:
		return w.t(key, f.Target, w.Duration(f.Delay.Milliseconds()))
	case fault.Partition:
		return w.t(key, f.Target, f.Peer)
	case fault.TooLarge:
		return w.t(key, f.Target, f.Size)
	case fault.Greylist:
		if e.Rcpt == "" {
			return w.t(key+".any", f.Target)
		}
		return w.t(key, f.Target, e.Rcpt, w.Duration(e.DurationMS))
	case fault.Shutdown:
		if f.Cmd == "" {
			return w.t(key, f.Target)
		}
		return w.t(key+".cmd", f.Target, f.Cmd)
	case fault.Reply:
		return w.t(key, f.Target, f.Cmd, f.Code)
	case fault.SPFRecord:
		if f.Value == "" {
			return w.t(key+".none", f.Target)
		}
		return w.t(key, f.Target, w.quote(f.Value))
	case fault.DKIMBreak:
		return w.t(key, f.Target)
	case fault.DMARCPolicy:
		return w.t(key, f.Target, f.Value)
	case fault.Spoof:
		if e.Actor == "" || e.Rcpt == "" {
			return w.t(key+".any", f.Target)
		}
		return w.t(key, e.Actor, f.Target, e.From, cmp.Or(f.Envelope, e.From), e.Rcpt)
	}
	return w.t("fault", e.Fault)
}

// tls says what a hop's TLS state is: the handshake (how and which version), or why
// the client sends in clear or will not send at all. A tls event without a state is
// a real handshake that a caller ran (smtpsim bridge).
func (w Words) tls(e trace.Event) string {
	if e.TLS == nil {
		return w.t("tls")
	}
	switch t := e.TLS; t.State {
	case trace.TLSStarted:
		return w.t("tls.started."+t.How, t.Version)
	case trace.TLSOffered:
		return w.t("tls.offered", e.Peer)
	case trace.TLSNone:
		if t.Policy != "" {
			return w.t("tls.none.policy", e.Peer, t.Policy)
		}
		return w.t("tls.none", e.Peer)
	case trace.TLSRefused:
		if e.Reason == reasonSTSMXMismatch {
			return w.t("tls.refused.mx", e.Peer, e.Status)
		}
		if t.Policy != "" {
			return w.t("tls.refused.policy", e.Peer, t.Policy, e.Status)
		}
		return w.t("tls.refused", e.Peer, e.Status)
	}
	return w.t("tls")
}

// detail is a checker's reason in w's language: the library's words that the
// phrasebook knows (event.detail.*), else quoted as the checker gave them, as a
// protocol line is.
func (w Words) detail(d string) string {
	if s, ok := phrases.template(w.Lang, "event.detail."+d); ok {
		return s
	}
	return w.t("auth.detail.quoted", d)
}

// auth says what a sign or auth event states: who signed for which domain, or which
// check gave which result, and the checker's reason for anything but a pass.
func (w Words) auth(e trace.Event) string {
	a := e.Auth
	if a == nil {
		return string(e.Kind)
	}
	if e.Kind == trace.KindSign {
		return w.t("sign", e.Msg, a.Domain, a.Selector, a.Algorithm)
	}
	if a.Method == "dkim" && a.Domain == "" {
		// No signature, so no signing domain: the words say so, not the checker's.
		return w.t("auth.dkim.unsigned", a.Result)
	}
	key := "auth." + a.Method
	if a.Method == "spf" && a.Identity == "helo" {
		key += ".helo"
	}
	s := w.t(key, a.Result, a.Domain)
	if a.Result != "pass" && a.Detail != "" {
		s += w.t("auth.detail", w.detail(a.Detail))
	}
	if a.Method == "dmarc" && a.Policy != "" {
		s += w.t("auth.dmarc.policy", a.Policy)
	}
	return s
}

// fetch says how many messages a user's client fetched, and where it failed if it did:
// the server's line, or the client's reason in plain words.
func (w Words) fetch(e trace.Event) string {
	s := w.t("fetch", e.Mailbox, e.Count)
	if e.Count == 1 {
		s = w.t("fetch.one", e.Mailbox)
	}
	if e.Stage == "" {
		return s
	}
	stage := strings.ToUpper(e.Stage) // the command whose answer went wrong
	if e.Stage == "greeting" || e.Stage == "connection" {
		stage = w.t("stage." + e.Stage)
	}
	why := ""
	if e.Failure != "" {
		why = w.t("failure." + e.Failure)
	} else if e.Line != "" {
		why = w.quote(e.Line)
	} else if en, ok := catalog.Reason(w.Lang, e.Reason); ok {
		why = en.Title
	}
	if why == "" {
		return s + w.t("fetch.failed-bare", stage)
	}
	return s + w.t("fetch.failed", stage, why)
}

func (w Words) quote(s string) string { return w.t("quote", s) }

// and joins a short list: "Date and Message-ID".
func (w Words) and(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + w.t("and") + items[len(items)-1]
}

// Clock is a virtual time in milliseconds (an event's Next, a plot's point) as the
// transcript writes times.
func (w Words) Clock(ms int64) string { return w.Trace.Clock(msDuration(ms)) }

// Duration writes a span of virtual time in the language's units: whole seconds and
// up in days, hours, minutes and seconds ("1d12h", "1 Tag 12 Std."), shorter or
// uneven spans under a minute in milliseconds.
func (w Words) Duration(ms int64) string {
	d := msDuration(ms)
	if d < time.Second || d < time.Minute && d%time.Second != 0 {
		return w.t("duration.ms", ms)
	}
	var parts []string
	day := 24 * time.Hour
	if days := int64(d / day); days == 1 {
		parts = append(parts, w.t("duration.day", days))
	} else if days > 1 {
		parts = append(parts, w.t("duration.days", days))
	}
	for _, u := range []struct {
		key  string
		unit time.Duration
		mod  time.Duration
	}{{"duration.h", time.Hour, day}, {"duration.min", time.Minute, time.Hour}, {"duration.s", time.Second, time.Minute}} {
		if n := int64(d % u.mod / u.unit); n > 0 {
			parts = append(parts, w.t(u.key, n))
		}
	}
	return strings.Join(parts, w.t("duration.sep"))
}

// Outcome says what finally became of a recipient: "delivered 250 2.0.0", "bounced
// 4.4.1" — a reply code only where a server sent one.
func (w Words) Outcome(o trace.Outcome) string {
	return Say(w.Lang, "outcome."+o.Outcome) + outcomeStatus(o)
}

// outcomeStatus is " 550 5.1.1" when a server replied, " 4.4.1" when only a status
// was decided (no code: nobody sent one), "" when neither.
func outcomeStatus(o trace.Outcome) string {
	switch {
	case o.Code != 0:
		return strings.TrimRight(fmt.Sprintf(" %d %s", o.Code, o.Status), " ")
	case o.Status != "":
		return " " + o.Status
	}
	return ""
}

// WriteTranscript writes the run's transcript, one event a line, then what became of
// every recipient: the .txt export.
func (w Words) WriteTranscript(out io.Writer) error {
	b := bufio.NewWriter(out)
	for _, e := range w.Trace.All() {
		fmt.Fprintln(b, w.Line(e))
	}
	if len(w.Trace.Outcomes) > 0 {
		fmt.Fprintf(b, "\n%s\n", Say(w.Lang, "transcript.outcome"))
		for _, o := range w.Trace.Outcomes {
			fmt.Fprintf(b, "  %s %-28s %s", o.Msg, o.Rcpt, w.Outcome(o))
			if o.Mailbox != "" {
				b.WriteString(Say(w.Lang, "transcript.mailbox", o.Mailbox))
			}
			if o.Copies > 1 {
				b.WriteString(Say(w.Lang, "transcript.copies", o.Copies))
			}
			b.WriteString("\n")
		}
	}
	return b.Flush()
}

func msDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
