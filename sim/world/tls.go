package world

import (
	"bytes"
	"fmt"
	"strings"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/smtp"
	"smtpsim/sim/trace"
)

// TLS on the way, simulated: a host with tls: true offers STARTTLS (RFC 3207) and, as
// an MSA, implicit TLS on port 465 (RFC 8314 §3); a sending MTA uses STARTTLS when the
// next hop offers it; an attacker on the path can overwrite the offer (strip-starttls);
// and a sender that checks MTA-STS (RFC 8461) refuses to go on in clear. No keys are
// made: a handshake is an event that says what a real one would agree on.

// tlsVersion is the protocol version a simulated handshake agrees on.
const tlsVersion = "TLSv1.3"

// hopTLS is what the trace tells about one SMTP connection's TLS.
type hopTLS struct {
	want   bool                // the client uses STARTTLS when it is offered
	must   bool                // the client never sends in clear (a submission with TLS, an MTA-STS policy in enforce mode)
	policy *scenario.STSPolicy // the recipient domain's MTA-STS policy the sending MTA applies; nil without one
	mx     string              // the MX host name the sending MTA connects to, as DNS gave it
}

// reasonSTSNoTLS is the sending MTA's verdict when an MTA-STS policy in enforce mode
// forbids delivery in clear. Status and words are Postfix's for a required TLS that the
// host did not offer (dsn=4.7.4, RFC 3463 §3.8 "security features not supported").
const reasonSTSNoTLS Verdict = "mta-sts.tls-not-offered"

// reasonSTSMXMismatch is the sending MTA's verdict when the MX it reached is not one
// the enforced policy names (RFC 8461 §4.1). A real MTA finds out when the server's
// certificate does not match the policy's names, and Postfix says so with dsn=4.7.5
// "Server certificate not verified" (RFC 3463 §3.8, cryptographic failure).
const reasonSTSMXMismatch Verdict = "mta-sts.mx-mismatch"

// watchTLS has the trace tell the TLS state of c (tls events): only where a scenario
// turned TLS on, so that runs without it keep their traces as they were.
func (c *conn) watchTLS(h hopTLS) { c.hop = &h }

// handshake records a simulated TLS handshake on c: after the server's 220 to
// STARTTLS (RFC 3207 §4), or before the greeting on port 465 (RFC 8314 §3).
func (c *conn) handshake(how string) {
	rfc := "RFC 3207 §4"
	if how == trace.TLSHowImplicit {
		rfc = "RFC 8314 §3"
	}
	c.w.emit(&trace.Event{Kind: trace.KindTLS, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto, Port: c.port, Msg: c.msg,
		TLS: c.tlsState(trace.TLSStarted, how), RFC: rfc,
		Text: fmt.Sprintf("TLS handshake done (%s, %s): what follows is encrypted", how, tlsVersion)})
}

func (c *conn) tlsState(state, how string) *trace.TLS {
	t := &trace.TLS{State: state, How: how}
	if state == trace.TLSStarted {
		t.Version = tlsVersion
	}
	if c.hop != nil && c.hop.policy != nil {
		t.Policy = c.hop.policy.Mode
	}
	return t
}

// repliesArrived tells the trace what the client made of the server's replies outs
// about TLS, before it answers: a handshake after the 220 to STARTTLS; after an EHLO
// reply in clear, whether STARTTLS was offered and what the client does without it.
func (c *conn) repliesArrived(outs []out) {
	cli, ok := c.cli.(*smtp.Client)
	if c.hop == nil || !ok || c.external {
		return
	}
	for _, o := range outs {
		switch {
		case o.StartsTLS && cli.Secure():
			c.handshake(trace.TLSHowSTARTTLS)
			if p := c.hop.policy; p != nil && c.hop.must && !p.Matches(c.hop.mx) {
				c.w.emit(&trace.Event{Kind: trace.KindTLS, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto, Port: c.port, Msg: c.msg,
					TLS: c.tlsState(trace.TLSRefused, ""), RFC: "RFC 8461 §4.1", Reason: string(reasonSTSMXMismatch), Status: Reasons.Of(reasonSTSMXMismatch).Status,
					Text: fmt.Sprintf("%s is not among the MX hosts of the MTA-STS policy of %s (%s): the client quits", c.hop.mx, p.Domain, strings.Join(p.MX, ", "))})
			}
		case o.Reason == string(smtp.ReasonEhloOK) && !cli.Secure() && c.tls != ImplicitTLS:
			c.ehloInClear(cli)
		}
	}
}

// ehloInClear tells what the client does after an EHLO reply on a plain connection.
func (c *conn) ehloInClear(cli *smtp.Client) {
	_, offered := cli.Extensions()["STARTTLS"]
	ev := trace.Event{Kind: trace.KindTLS, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto, Port: c.port, Msg: c.msg}
	p := c.hop.policy
	switch {
	case offered && c.hop.want:
		return // STARTTLS follows, then the handshake
	case offered:
		ev.TLS, ev.RFC = c.tlsState(trace.TLSOffered, ""), "RFC 3207 §4"
		ev.Text = c.server.name + " offers STARTTLS, but the client is set up without TLS: it sends in clear"
	case c.hop.must && p != nil:
		ev.TLS, ev.RFC = c.tlsState(trace.TLSRefused, ""), "RFC 8461 §5"
		ev.Reason, ev.Status = string(reasonSTSNoTLS), Reasons.Of(reasonSTSNoTLS).Status
		ev.Text = fmt.Sprintf("no STARTTLS from %s; the MTA-STS policy of %s (mode enforce) forbids sending in clear: the client quits", c.server.name, p.Domain)
	case c.hop.must:
		ev.TLS, ev.RFC = c.tlsState(trace.TLSRefused, ""), "RFC 8314 §5.2"
		ev.Reason, ev.Status = string(smtp.ReasonClientTLSNotOffered), smtp.Reasons[smtp.ReasonClientTLSNotOffered].Status
		ev.Text = "no STARTTLS from " + c.server.name + ": the client does not send in clear and quits"
	case p != nil && p.Mode == scenario.STSTesting:
		ev.TLS, ev.RFC = c.tlsState(trace.TLSNone, ""), "RFC 8461 §5"
		ev.Text = fmt.Sprintf("no STARTTLS from %s: the MTA-STS policy of %s is in mode testing, so the client sends in clear and reports the failure (TLSRPT, RFC 8460)", c.server.name, p.Domain)
	default:
		ev.TLS, ev.RFC = c.tlsState(trace.TLSNone, ""), "RFC 3207 §4"
		ev.Text = "no STARTTLS from " + c.server.name + ": the client sends in clear"
	}
	c.w.emit(&ev)
}

// onPath applies what an attacker on the path to the server does to a reply: with a
// strip-starttls fault, STARTTLS in an EHLO reply is overwritten with XXXXXXXA, as
// middleboxes seen in the wild did (the same length keeps the TCP stream intact;
// RFC 3207 §6 names the attack). The original lines are kept for the trace.
func (c *conn) onPath(o out) out {
	if c.proto != "smtp" || o.Reason != string(smtp.ReasonEhloOK) || o.Lines == nil && !offersSTARTTLS(o.Wire) {
		return o
	}
	lines := o.lineList()
	strip := -1
	for i, l := range lines {
		if len(l) > 4 && strings.EqualFold(l[4:], "STARTTLS") {
			strip = i
		}
	}
	if strip < 0 {
		return o
	}
	f := c.w.fault(fault.StripSTARTTLS, c.server.name, nil)
	if f == nil {
		return o
	}
	o.sent, o.pathFault = lines, f
	got := append([]string(nil), lines...)
	got[strip] = got[strip][:4] + "XXXXXXXA"
	o.Wire = []byte(strings.Join(got, "\r\n") + "\r\n")
	if o.Lines != nil {
		o.Lines = got
	}
	return o
}

// offersSTARTTLS reports whether a line of an EHLO reply's wire form names STARTTLS,
// read where it is: most EHLO replies do not.
func offersSTARTTLS(wire []byte) bool {
	wire = bytes.TrimSuffix(wire, []byte("\r\n"))
	for {
		line, rest, more := bytes.Cut(wire, []byte("\r\n"))
		if len(line) > 4 && bytes.EqualFold(line[4:], []byte("STARTTLS")) {
			return true
		}
		if !more {
			return false
		}
		wire = rest
	}
}

// traceAltered traces reply line i of o, which the path changed: the line as the
// server sent it, the fault, and the line as the client received it.
func (c *conn) traceAltered(o out, i int, got string) {
	line := func(l, altered string) trace.Event {
		return trace.Event{Kind: trace.KindLine, Actor: c.client, Peer: c.server.name, Conn: c.id, Proto: c.proto, Dir: trace.DirRecv,
			Line: l, Code: o.Code, Status: o.Status, Reason: o.Reason, Msg: c.msg, Altered: altered, Fault: o.pathFault.String()}
	}
	sent := line(o.sent[i], trace.AlteredSent)
	sent.Text = "as " + c.server.name + " sent it; the client never received this line"
	c.w.emit(&sent)
	c.w.faultEventWith(o.pathFault, trace.Event{Actor: c.server.name, Conn: c.id, RFC: "RFC 3207 §6",
		Text: "an attacker on the path to " + c.server.name + " overwrites STARTTLS in its EHLO reply"})
	recv := line(got, trace.AlteredReceived)
	recv.Text = "as the client received it: changed on the path"
	c.w.emit(&recv)
}

// stsPolicy looks up the MTA-STS policy of domain for a sending MTA that checks them:
// the TXT record at _mta-sts.DOMAIN through r (so that the trace shows the query),
// then the policy itself, which a real MTA fetches over HTTPS (RFC 8461 §3.3) and the
// simulation takes from the scenario. nil when there is none or its mode is none.
func (h *host) stsPolicy(domain string, r dns.Resolver) *scenario.STSPolicy {
	if !h.cfg.CheckMTASTS || domain == "" {
		return nil
	}
	a := r.Lookup("_mta-sts."+domain, dns.TypeTXT)
	announced := false
	for _, rec := range a.Records {
		announced = announced || strings.HasPrefix(rec.Value, "v=STSv1")
	}
	p, ok := h.w.sc.STS(domain)
	if !announced || !ok || p.Mode == scenario.STSNone {
		return nil
	}
	return p
}

// clientTLS is how a sending MTA uses TLS toward the MX host mx.
func (h *host) clientTLS(policy *scenario.STSPolicy, mx string) hopTLS {
	use := h.cfg.TLS || h.cfg.CheckMTASTS
	return hopTLS{want: use, must: policy != nil && policy.Mode == scenario.STSEnforce, policy: policy, mx: mx}
}

// config is the SMTP client's configuration for a hop: STARTTLS when offered, never
// clear text under an enforced policy, and after the handshake the policy's check of
// the MX name (RFC 8461 §4.1).
func (t hopTLS) config(hostname string) smtp.ClientConfig {
	cfg := smtp.ClientConfig{Hostname: hostname, StartTLS: t.want, RequireTLS: t.must}
	if t.must && !t.policy.Matches(t.mx) {
		cfg.AfterTLS = func() *smtp.Reply {
			r := reasonSTSMXMismatch.reply(t.mx, t.policy.Domain)
			return &r
		}
	}
	return cfg
}

// tracesTLS reports whether a connection from an MTA with client settings t to host
// to has its TLS state told: a TLS option is on at either end.
func (t hopTLS) tracesTLS(to *host) bool { return t.want || to.cfg.TLS }

// stsVerdicts turns the client engine's "TLS not offered" into the MTA-STS verdict,
// which names the policy and the host as Postfix does.
func stsVerdicts(results []smtp.Result, policy *scenario.STSPolicy, to *host) {
	if policy == nil {
		return
	}
	for i, r := range results {
		if r.Reply.Reason == smtp.ReasonClientTLSNotOffered {
			results[i].Reply = reasonSTSNoTLS.reply(policy.Domain, to.name, to.ip)
		}
	}
}
