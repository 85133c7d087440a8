package world

import (
	"fmt"
	netmail "net/mail"
	"strings"

	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/mail"
	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// Sender authentication: a submission server signs the mail of a domain the scenario
// lists under dkim (RFC 6376 §5), and a host whose sender-auth is set checks SPF at
// MAIL FROM (RFC 7208 §2.4) and DKIM after the final dot (RFC 6376 §6), records both
// in the trace and in Authentication-Results: (RFC 8601), and refuses only what its
// policy says. A world without sender-auth and dkim runs exactly as before.

// publishKeys puts the public key of every DKIM signer of the scenario into the DNS at
// selector._domainkey.domain, as the domain's owner would (RFC 6376 §3.6.2.1).
func (w *World) publishKeys() {
	for _, d := range w.sc.DKIM {
		w.dnsDB.Add(d.Signing().Record(w.sc.Seed))
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
	c := auth.SPF(h.authResolver(), p.clientIP, s.Helo, from.String())
	p.checks = []auth.Check{c}
	h.authEvent(p.c, c)
	if c.Result == auth.Fail && h.cfg.SenderAuth == scenario.SenderAuthRejectSPFFail {
		return refuse(smtp.ReasonMailSPFFail.Reply(from.String(), p.clientIP, c.Domain))
	}
	return nil
}

// checkDKIM verifies the signatures of data on port 25, records the results and
// returns the message with the host's Authentication-Results: on top.
func (p *serverPolicy) checkDKIM(data []byte) []byte {
	h := p.h
	if p.submission || !h.checksSenders() {
		return data
	}
	checks := p.checks
	for _, c := range auth.VerifyDKIM(h.authResolver(), data, h.w.clock()) {
		h.authEvent(p.c, c)
		checks = append(checks, c)
	}
	p.checks = nil
	return mail.Prepend(data, strings.TrimSuffix(auth.ResultsField(h.name, checks), "\r\n"))
}

// authEvent records what a check found.
func (h *host) authEvent(c *conn, check auth.Check) {
	h.w.emit(trace.Event{Kind: trace.KindAuth, Actor: h.name, Peer: c.client, Conn: c.id, Msg: c.msg,
		Auth: &trace.Auth{Method: string(check.Method), Result: string(check.Result), Domain: check.Domain,
			Identity: check.Identity, Detail: check.Reason},
		Text: authText(check), RFC: authRFC[check.Method]})
}

// authText says what a check found, and why when it did not pass.
func authText(c auth.Check) string {
	s := fmt.Sprintf("%s %s for %s", c.Method, c.Result, c.Domain)
	if c.Result != auth.Pass && c.Reason != "" {
		s += " (" + c.Reason + ")"
	}
	return s
}

var authRFC = map[auth.Method]string{auth.MethodSPF: "RFC 7208 §2.6", auth.MethodDKIM: "RFC 6376 §6"}

// sign adds a DKIM-Signature: to a submitted message whose From: domain the scenario
// signs for, dated by the virtual clock, and returns the message and the event that
// tells it (nil when nothing was signed).
func (p *serverPolicy) sign(data []byte) ([]byte, *trace.Event) {
	h, w := p.h, p.h.w
	hdr, err := mail.HeaderOf(data)
	if err != nil {
		return data, nil
	}
	from, err := netmail.ParseAddress(hdr.Get("From"))
	if err != nil {
		return data, nil
	}
	d, ok := w.sc.DKIMFor(scenario.Domain(from.Address))
	if !ok {
		return data, nil
	}
	s := d.Signing()
	field, err := s.Sign(data, w.sc.Seed, w.clock())
	if err != nil {
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
