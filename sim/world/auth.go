package world

import (
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"

	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/mail"
	"smtpsim/sim/mailbox"
	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// Sender authentication: a submission server signs the mail of a domain the scenario
// lists under dkim (RFC 6376 §5), and a host whose sender-auth is set checks SPF at
// MAIL FROM (RFC 7208 §2.4), DKIM and DMARC after the final dot (RFC 6376 §6, RFC
// 7489 §6.6), records them
// in the trace and in Authentication-Results: (RFC 8601), and refuses only what its
// policy says. A world without sender-auth and dkim runs exactly as before.

// publishKeys puts the public key of every DKIM signer of the scenario into the DNS at
// selector._domainkey.domain, as the domain's owner would (RFC 6376 §3.6.2.1).
func (w *World) publishKeys() {
	for _, d := range w.sc.DKIM {
		if w.stop != nil {
			return
		}
		r, err := w.evaluator.KeyRecord(d.Signing(), w.sc.Seed)
		if err != nil {
			w.authFailed(err)
			return
		}
		w.dnsDB.Add(r)
	}
}

// checksSenders reports whether the host checks SPF and DKIM on port 25.
func (h *host) checksSenders() bool { return h.cfg.SenderAuth != "" }

// authResolver is the DNS as SPF and DKIM checks see it: the world's records, with an
// spf-record fault's record in place of the domain's own SPF record.
func (h *host) authResolver() dns.Resolver {
	w := h.w
	return dns.ResolverFunc(func(name string, t dns.Type) dns.Answer {
		a := w.dnsDB.Lookup(name, t)
		if t != dns.TypeTXT {
			return a
		}
		f := w.fault(fault.SPFRecord, strings.TrimSuffix(name, "."), nil)
		if f == nil {
			return a
		}
		var kept []dns.Record
		for _, r := range a.Records {
			if !isSPF(r.Value) {
				kept = append(kept, r)
			}
		}
		if f.Value != "" {
			kept = append(kept, dns.Record{Name: a.Name, Type: dns.TypeTXT, Value: f.Value})
			a.Rcode = dns.NoError
		}
		a.Records = kept
		if !f.applied {
			f.applied = true
			text := "the SPF record of " + f.Target + " is now \"" + f.Value + "\""
			if f.Value == "" {
				text = f.Target + " publishes no SPF record"
			}
			w.faultEventWith(f, trace.Event{Actor: h.name, Text: text})
		}
		return a
	})
}

// isSPF reports whether a TXT record is an SPF record (RFC 7208 §4.5).
func isSPF(txt string) bool {
	t := strings.ToLower(txt)
	return t == "v=spf1" || strings.HasPrefix(t, "v=spf1 ")
}

// checkSPF is the SPF check at MAIL FROM on port 25: it records the result and, when
// the host's policy says so, refuses a fail with 550 5.7.23 (RFC 7372 §3.2).
func (p *serverPolicy) checkSPF(s *smtp.Session, from smtp.Path) *smtp.Reply {
	h := p.h
	if p.submission || !h.checksSenders() {
		return nil
	}
	c, err := h.w.evaluator.SPF(h.authResolver(), p.clientIP, s.Helo, from.String())
	if err != nil {
		h.w.authFailed(err)
		return nil
	}
	p.checks = []auth.Check{c}
	p.spf = spfFacts{check: c, mailFrom: from.String(), helo: s.Helo}
	h.authEvent(p.c, c)
	if c.Result == auth.Fail && h.cfg.SenderAuth == scenario.SenderAuthRejectSPFFail {
		return refuse(smtp.ReasonMailSPFFail.Reply(from.String(), p.clientIP, c.Domain))
	}
	return nil
}

// spfFacts is what an SPF check at MAIL FROM was about, for Received-SPF:.
type spfFacts struct {
	check          auth.Check
	mailFrom, helo string
}

// receivedSPF is the host's Received-SPF: field (without CRLF), which goes on top of
// the message, above its own Received: (RFC 7208 §9.1), when it checked SPF in this
// transaction; "" when it did not.
func (p *serverPolicy) receivedSPF() string {
	f := p.spf
	p.spf = spfFacts{}
	if f.check.Method != auth.MethodSPF {
		return ""
	}
	return strings.TrimSuffix(auth.ReceivedSPFField(p.h.name, f.check, p.clientIP, f.mailFrom, f.helo), "\r\n")
}

// checkMessage verifies the signatures of data on port 25 (RFC 6376 §6), then the
// DMARC policy of its From: domain (RFC 7489 §6.6), records the results and returns
// the message with the host's Authentication-Results: on top — or, when the From:
// domain's policy is reject and DMARC fails, the 550 5.7.1 that refuses it. quarantine
// reports whether the policy asks to file it as suspicious (p=quarantine and a fail).
func (p *serverPolicy) checkMessage(data []byte) (_ []byte, quarantine bool, refused *smtp.Reply) {
	h := p.h
	if p.submission || !h.checksSenders() {
		return data, false, nil
	}
	checks := p.checks
	verified, err := h.w.evaluator.VerifyDKIM(h.authResolver(), data, h.w.clock())
	if err != nil {
		h.w.authFailed(err)
		return data, false, nil
	}
	for _, c := range verified {
		h.authEvent(p.c, c)
		checks = append(checks, c)
	}
	p.checks = nil
	if d := fromDomain(data); d != "" {
		c := auth.DMARC(h.authResolver(), d, checks, h.dmarcPolicy(d))
		h.authEvent(p.c, c)
		checks = append(checks, c)
		if c.Result == auth.Fail {
			switch c.Policy {
			case "reject":
				return data, false, refuse(smtp.ReasonDataDMARCReject.Reply(d))
			case "quarantine":
				quarantine = true
			}
		}
	}
	return mail.Prepend(data, strings.TrimSuffix(auth.ResultsField(h.name, checks), "\r\n")), quarantine, nil
}

// fromDomain is the domain of a message's From: address, "" when it has none that
// parses (RFC 7489 §6.6.1 leaves such a message to local policy: no DMARC check).
func fromDomain(data []byte) string {
	hdr, err := mail.HeaderOf(data)
	if err != nil {
		return ""
	}
	from, err := netmail.ParseAddress(hdr.Get("From"))
	if err != nil {
		return ""
	}
	return strings.ToLower(scenario.Domain(from.Address))
}

// dmarcPolicy is the policy a dmarc-policy fault puts in place of the domain's p=
// ("" without such a fault), recorded the first time it takes effect.
func (h *host) dmarcPolicy(domain string) string {
	f := h.w.fault(fault.DMARCPolicy, domain, nil)
	if f == nil {
		return ""
	}
	if !f.applied {
		f.applied = true
		h.w.faultEventWith(f, trace.Event{Actor: h.name, Text: "the DMARC policy of " + f.Target + " is now p=" + f.Value})
	}
	return f.Value
}

// authEvent records what a check found.
func (h *host) authEvent(c *conn, check auth.Check) {
	h.w.emit(&trace.Event{Kind: trace.KindAuth, Actor: h.name, Peer: c.client, Conn: c.id, Msg: c.msg,
		Auth: &trace.Auth{Method: string(check.Method), Result: string(check.Result), Domain: check.Domain,
			Identity: check.Identity, Detail: check.Reason, Policy: check.Policy},
		Text: authText(check), RFC: authRFC[check.Method]})
}

// authText says what a check found, and why when it did not pass.
func authText(c auth.Check) string {
	s := fmt.Sprintf("%s %s for %s", c.Method, c.Result, c.Domain)
	if c.Result != auth.Pass && c.Reason != "" {
		s += " (" + c.Reason + ")"
	}
	if c.Policy != "" {
		s += ", policy " + c.Policy
	}
	return s
}

var authRFC = map[auth.Method]string{auth.MethodSPF: "RFC 7208 §2.6", auth.MethodDKIM: "RFC 6376 §6", auth.MethodDMARC: "RFC 7489 §6.6"}

// sign adds a DKIM-Signature: to a submitted message whose From: domain the scenario
// signs for, dated by the virtual clock, and returns the message and the event that
// tells it (nil when nothing was signed).
func (p *serverPolicy) sign(data []byte) ([]byte, *trace.Event) {
	h, w := p.h, p.h.w
	if len(w.sc.DKIM) == 0 {
		return data, nil // no domain signs: no need to read the From: field
	}
	d, ok := w.sc.DKIMFor(fromDomain(data))
	if !ok {
		return data, nil
	}
	s := d.Signing()
	field, err := w.evaluator.Sign(s, data, w.sc.Seed, w.clock())
	if err != nil {
		w.authFailed(err)
		return data, nil
	}
	ev := &trace.Event{Kind: trace.KindSign, Actor: h.name, Msg: p.c.msg,
		Auth: &trace.Auth{Method: string(auth.MethodDKIM), Domain: strings.ToLower(s.Domain), Selector: s.Selector, Algorithm: string(s.Algorithm)},
		Text: fmt.Sprintf("signed with DKIM for %s (selector %s, %s)", s.Domain, s.Selector, s.Algorithm), RFC: "RFC 6376 §5"}
	return mail.Prepend(data, strings.TrimSuffix(field, "\r\n")), ev
}

// breakBody applies a dkim-break fault: the host appends a footer to the body of what
// it passes on, as a mailing list does, after any signature was made.
func (p *serverPolicy) breakBody(data []byte) []byte {
	h := p.h
	f := h.w.fault(fault.DKIMBreak, h.name, nil)
	if f == nil {
		return data
	}
	h.w.faultEventWith(f, trace.Event{Actor: h.name, Msg: p.c.msg, Text: h.name + " changes the body after signing (a list footer)"})
	if !strings.HasSuffix(string(data), "\r\n") {
		data = append(data, '\r', '\n')
	}
	return append(data, "-- \r\nSent through "+h.name+"\r\n"...)
}

// junkFolder is the folder a quarantined message is filed into, the name most mail
// programs give it.
const junkFolder = "Junk"

// junk returns login's Junk folder, made on first use, when want is set and the
// host's store has folders (the world's own memory has; an outside store of SetStore
// files into the INBOX instead).
func (h *host) junk(login string, want bool) (*mailbox.MemoryBox, bool) {
	if !want {
		return nil, false // nearly every delivery: no need to look the mailbox up
	}
	box, ok := h.memoryBox(login)
	if !ok {
		return nil, false
	}
	f, err := box.Folder(junkFolder)
	if errors.Is(err, mailbox.ErrNoSuchFolder) && box.CreateFolder(junkFolder) == nil {
		f, err = box.Folder(junkFolder)
	}
	junk, ok := f.(*mailbox.MemoryBox)
	return junk, err == nil && ok
}

// Folder returns the messages in a folder of user's mailbox on a host (Mailbox is
// the INBOX), oldest first; nil when there is no such folder.
func (w *World) Folder(hostName, user, folder string) [][]byte {
	h, ok := w.byName[lower(hostName)]
	if !ok {
		return nil
	}
	u, ok := h.mailboxOf(user)
	if !ok {
		return nil
	}
	box, ok := h.memoryBox(u.LoginName())
	if !ok {
		return nil
	}
	f, err := box.Folder(folder)
	if err != nil {
		return nil
	}
	return contents(f)
}

// memoryBox is login's INBOX in the world's own memory, which has folders; false
// for an outside store (SetStore).
func (h *host) memoryBox(login string) (*mailbox.MemoryBox, bool) {
	m, ok := h.store.(interface {
		Box(user string) (*mailbox.MemoryBox, bool)
	})
	if !ok {
		return nil, false
	}
	return m.Box(login)
}
