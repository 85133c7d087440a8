package view

import (
	"slices"
	"strings"

	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
)

// FaultForm is one kind of fault as the page offers it: the help card lists every form,
// and the menu of a machine offers the forms that fit its roles. One table serves both.
type FaultForm struct {
	Kind fault.Kind
	// Target is what the fault names: host, name (a DNS name), domain or address.
	Target string
	// Keys are the kind's own keys as the help card shows them, {placeholders} in braces.
	Keys string
	// Example is a spec for the course's example world, for the help card.
	Example string
	// For says which machines the menu offers it on: server (an MSA or MTA), mta (an MTA),
	// mailbox (each user with a mailbox on an MDA), domain (each mail domain, on the DNS
	// and on the domain's MX), user (the user of a MUA), sender (the user of a MUA that
	// submits), starttls (a machine that offers STARTTLS in this run), signed (a machine that
	// passes on DKIM-signed mail in this run), spf (each domain with an SPF record, on the
	// DNS), dmarc (each From: domain a DMARC check was made for in this run, on the DNS and
	// on the machine that checked it), mx (a host of the scenario with role mx: a machine
	// outside sends to it); "" for none (a form the menu cannot fill in well).
	For string
	// Menu is what the menu adds after KIND:TARGET, so the fault shows and ends.
	Menu string
}

// FaultForms lists every fault kind, in the order of fault.Kinds.
var FaultForms = []FaultForm{
	{Kind: fault.Down, Target: "host", Example: "down:mx.example.net,until=30m", For: "server", Menu: ",until=30m"},
	{Kind: fault.Refuse, Target: "host", Keys: "[,port={n}]", Example: "refuse:mx.example.net,port=25", For: "server"},
	{Kind: fault.Drop, Target: "host", Keys: "[,when=before-dot|after-dot]", Example: "drop:mx.example.net,when=after-dot,count=1", For: "server", Menu: ",when=after-dot,count=1"},
	{Kind: fault.Slow, Target: "host", Keys: ",delay={duration}", Example: "slow:mx.example.net,delay=10m", For: "server", Menu: ",delay=10m"},
	{Kind: fault.Partition, Target: "host", Keys: ",peer={host}", Example: "partition:mail.example.org,peer=mx.example.net"},
	{Kind: fault.NXDomain, Target: "name", Example: "nxdomain:example.net", For: "domain"},
	{Kind: fault.ServFail, Target: "name", Example: "servfail:example.net,until=30m", For: "domain", Menu: ",until=30m"},
	{Kind: fault.NoMX, Target: "domain", Example: "no-mx:example.net", For: "domain"},
	{Kind: fault.DeadMX, Target: "domain", Example: "dead-mx:example.net", For: "domain"},
	{Kind: fault.NullMX, Target: "domain", Example: "null-mx:example.net", For: "domain"},
	{Kind: fault.UnknownUser, Target: "address", Example: "unknown-user:bob@example.net", For: "mailbox"},
	{Kind: fault.MailboxFull, Target: "address", Example: "mailbox-full:bob@example.net", For: "mailbox"},
	{Kind: fault.TooLarge, Target: "host", Keys: "[,size={n}]", Example: "too-large:mx.example.net,size=1000", For: "server"},
	{Kind: fault.Greylist, Target: "host", Example: "greylist:mx.example.net", For: "mta"},
	{Kind: fault.RelayDenied, Target: "host", Example: "relay-denied:mx.example.net", For: "mta"},
	{Kind: fault.WrongPassword, Target: "address", Example: "wrong-password:alice@example.org", For: "user"},
	{Kind: fault.NoAuth, Target: "address", Example: "no-auth:alice@example.org", For: "sender"},
	{Kind: fault.TLSRequired, Target: "host", Example: "tls-required:mail.example.org", For: "server"},
	{Kind: fault.Shutdown, Target: "host", Keys: "[,cmd={verb}]", Example: "shutdown:mx.example.net,cmd=RCPT", For: "server"},
	{Kind: fault.Reply, Target: "host", Keys: ",cmd={verb},code={n}[,rcpt={address}][,status=X.Y.Z][,text=…]",
		Example: "reply:mx.example.net,cmd=RCPT,code=451,status=4.7.1,count=2", For: "mta", Menu: ",cmd=RCPT,code=451,count=1"},
	{Kind: fault.StripSTARTTLS, Target: "host", Example: "strip-starttls:mx.example.net", For: "starttls"},
	{Kind: fault.SPFRecord, Target: "domain", Keys: "[,value={text}]", Example: "spf-record:example.org,value=v=spf1 -all", For: "spf", Menu: ",value=v=spf1 -all"},
	{Kind: fault.DKIMBreak, Target: "host", Example: "dkim-break:mx.example.net", For: "signed"},
	{Kind: fault.DMARCPolicy, Target: "domain", Keys: "[,value=none|quarantine|reject]", Example: "dmarc-policy:example.org,value=reject",
		For: "dmarc", Menu: ",value=reject"},
	{Kind: fault.Spoof, Target: "host", Keys: "[,sender={address}][,envelope={address}][,rcpt={address}]",
		Example: "spoof:mx.example.net,sender=alice@example.org", For: "mx"},
}

// FaultHelp is one line of the help card.
type FaultHelp struct {
	Kind    fault.Kind
	Form    string // the syntax, placeholders in the page's language
	Text    string // what it does, one line
	Example string
}

// FaultHelpIn lists the syntax of every fault kind in lang, for the help card.
func FaultHelpIn(lang string) []FaultHelp {
	out := make([]FaultHelp, 0, len(FaultForms))
	for _, f := range FaultForms {
		out = append(out, FaultHelp{Kind: f.Kind, Form: f.syntax(lang), Text: T(lang, "fault.kind."+string(f.Kind)), Example: f.Example})
	}
	return out
}

// syntax is the form with its placeholders in lang.
func (f FaultForm) syntax(lang string) string {
	s := string(f.Kind) + ":{" + f.Target + "}" + f.Keys
	for _, ph := range []string{"host", "name", "domain", "address", "duration", "verb", "n", "text"} {
		s = strings.ReplaceAll(s, "{"+ph+"}", T(lang, "faults.ph."+ph))
	}
	return s
}

// MenuItem is one fault the menu of a machine offers.
type MenuItem struct {
	Spec string // ready to add
	Text string // what it does, one line, in the page's language
	// Flag says why it cannot take effect now (already set), "" when it can.
	Flag string
}

// FaultMenu lists the faults that make sense for a machine of the network (an actor
// id of the run), for its roles and the users and domains it serves.
func (p *Page) FaultMenu(node string) []MenuItem {
	roles := p.HostRoles()[node]
	has := func(rs ...string) bool {
		return slices.ContainsFunc(rs, func(r string) bool { return slices.Contains(roles, r) })
	}
	var targets func(For string) []string
	user, isMUA := strings.CutPrefix(node, "MUA ")
	targets = func(For string) []string {
		switch For {
		case "server":
			if has(RoleMSA, RoleMTA) {
				return []string{node}
			}
		case "mta":
			if has(RoleMTA) {
				return []string{node}
			}
		case "mailbox":
			if has(RoleMDA, RolePOP3, RoleIMAP) {
				return p.usersOn(node)
			}
		case "domain":
			if has(RoleDNS) {
				return p.mailDomains()
			}
			if has(RoleMDA) {
				var out []string
				for _, d := range p.mailDomains() {
					if h, ok := p.Scenario.HostFor(scenario.RoleMX, d); ok && strings.EqualFold(h.Name, node) {
						out = append(out, d)
					}
				}
				return out
			}
		case "user":
			if _, ok := p.Scenario.User(user); isMUA && ok {
				return []string{user}
			}
		case "sender":
			if _, ok := p.Scenario.User(user); isMUA && ok && p.submits(node) {
				return []string{user}
			}
		case "starttls":
			if has(RoleMSA, RoleMTA) && p.offersSTARTTLS(node) {
				return []string{node}
			}
		case "signed":
			if has(RoleMSA, RoleMTA) && p.passesSigned(node) {
				return []string{node}
			}
		case "spf":
			if has(RoleDNS) {
				return p.spfDomains()
			}
		case "dmarc":
			if has(RoleDNS) {
				return p.dmarcDomains("")
			}
			if has(RoleMTA) {
				return p.dmarcDomains(node)
			}
		case "mx":
			if h, ok := p.Scenario.Host(node); ok && h.Has(scenario.RoleMX) {
				return []string{node}
			}
		}
		return nil
	}
	var out []MenuItem
	for _, f := range FaultForms {
		if f.For == "" || f.For == "domain" && !has(RoleDNS) && f.Kind != fault.NoMX {
			continue // a machine's own menu offers only no-mx of the DNS faults of its domain
		}
		for _, t := range targets(f.For) {
			it := MenuItem{Spec: string(f.Kind) + ":" + t + f.Menu, Text: T(p.Lang, "fault.kind."+string(f.Kind))}
			if ff, err := fault.Parse(it.Spec); err == nil {
				if err := p.checkFault(ff, p.Faults); err != nil {
					it.Flag = Say(p.Lang, err)
				}
			}
			out = append(out, it)
		}
	}
	return out
}

// usersOn lists the users whose mailboxes a host keeps.
func (p *Page) usersOn(host string) []string {
	var out []string
	for _, u := range p.Scenario.Users {
		if h, ok := p.Scenario.HostFor(scenario.RoleMX, scenario.Domain(u.Address)); ok && strings.EqualFold(h.Name, host) {
			out = append(out, u.Address)
		}
	}
	return out
}

// mailDomains lists the domains with MX records in the scenario's DNS, in its order.
func (p *Page) mailDomains() []string {
	var out []string
	for _, r := range p.Scenario.DNS {
		if d := strings.ToLower(strings.TrimSuffix(r.Name, ".")); r.Type == dns.TypeMX && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// spfDomains lists the names with an SPF record (a TXT "v=spf1 …") in the scenario's DNS.
func (p *Page) spfDomains() []string {
	var out []string
	for _, r := range p.Scenario.DNS {
		d := strings.ToLower(strings.TrimSuffix(r.Name, "."))
		if r.Type == dns.TypeTXT && strings.HasPrefix(strings.ToLower(r.Value), "v=spf1") && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// dmarcDomains lists the From: domains of the run's DMARC checks (by checker, when it is
// not ""), in the order they were checked: a dmarc-policy fault on one of them takes
// effect there.
func (p *Page) dmarcDomains(checker string) []string {
	var out []string
	for _, e := range p.Trace.All() {
		if e.Kind != trace.KindAuth || e.Auth == nil || e.Auth.Method != "dmarc" || checker != "" && !strings.EqualFold(e.Actor, checker) {
			continue
		}
		if d := strings.ToLower(e.Auth.Domain); d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// offersSTARTTLS reports whether a machine offers STARTTLS to a client in the run: a tls
// event of a connection to it says offered or started.
func (p *Page) offersSTARTTLS(host string) bool {
	return p.Trace.Contains(func(e trace.Event) bool {
		return e.Kind == trace.KindTLS && e.TLS != nil && strings.EqualFold(e.Peer, host) &&
			(e.TLS.State == trace.TLSOffered || e.TLS.State == trace.TLSStarted && e.TLS.How == trace.TLSHowSTARTTLS)
	})
}

// passesSigned reports whether a machine passes on DKIM-signed mail in the run: it signs,
// or it tries to pass on a message signed before.
func (p *Page) passesSigned(host string) bool {
	signed := map[string]bool{}
	for _, e := range p.Trace.All() {
		if e.Kind == trace.KindSign {
			signed[e.Msg] = true
		}
		if (e.Kind == trace.KindSign || e.Kind == trace.KindAttempt && signed[e.Msg]) && strings.EqualFold(e.Actor, host) {
			return true
		}
	}
	return false
}

// dnsNames lists every name the scenario's DNS holds records for.
func (p *Page) dnsNames() []string {
	var out []string
	for _, r := range p.Scenario.DNS {
		if d := strings.ToLower(strings.TrimSuffix(r.Name, ".")); !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// submits reports whether an actor submits a message in the run.
func (p *Page) submits(actor string) bool {
	return p.Trace.Contains(func(e trace.Event) bool { return e.Kind == trace.KindSubmit && e.Actor == actor })
}

// hostNames lists the scenario's machines.
func (p *Page) hostNames() []string {
	out := make([]string, len(p.Scenario.Hosts))
	for i, h := range p.Scenario.Hosts {
		out[i] = h.Name
	}
	return out
}

// checkFault says why fault f cannot take effect in this run, or nil: it names a machine,
// user, DNS name or mail domain the scenario lacks, repeats a fault already set (in the
// scenario or in set), or waits for a step after the last event.
func (p *Page) checkFault(f fault.Fault, set []fault.Fault) error {
	known := func(list []string, s string) bool {
		return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
	}
	target := FaultForms[slices.IndexFunc(FaultForms, func(ff FaultForm) bool { return ff.Kind == f.Kind })].Target
	switch {
	case target == "host" && !known(p.hostNames(), f.Target):
		return problem("faults.flag.host", f.Target, strings.Join(p.hostNames(), ", "))
	case f.Kind == fault.Partition && !known(p.hostNames(), f.Peer):
		return problem("faults.flag.host", f.Peer, strings.Join(p.hostNames(), ", "))
	case target == "address" && !known(p.Users(), f.Target):
		return problem("faults.flag.user", f.Target, strings.Join(p.Users(), ", "))
	case f.Rcpt != "" && f.Kind != fault.Spoof && !known(p.Users(), f.Rcpt): // a forger may write to anyone
		return problem("faults.flag.user", f.Rcpt, strings.Join(p.Users(), ", "))
	case target == "name" && !known(p.dnsNames(), strings.TrimSuffix(f.Target, ".")):
		return problem("faults.flag.name", f.Target, strings.Join(p.dnsNames(), ", "))
	case f.Kind == fault.SPFRecord && !known(p.dnsNames(), strings.TrimSuffix(f.Target, ".")):
		return problem("faults.flag.name", f.Target, strings.Join(p.dnsNames(), ", "))
	case target == "domain" && f.Kind != fault.SPFRecord && !known(p.mailDomains(), strings.TrimSuffix(f.Target, ".")):
		return problem("faults.flag.domain", f.Target, strings.Join(p.mailDomains(), ", "))
	case f.Step > 0 && f.Step >= p.Trace.Len():
		return problem("faults.flag.step", f.Step, p.Trace.Len())
	}
	unpinned := func(g fault.Fault) string { g.Step = 0; return strings.ToLower(g.String()) }
	for _, g := range append(slices.Clone(p.Scenario.Faults), set...) {
		if unpinned(g) == unpinned(f) {
			return problem("faults.flag.duplicate", g.String())
		}
	}
	return nil
}

// FaultFlag says, in the page's language, why the i-th fault cannot take effect, or "":
// what checkFault finds before the run, or that nothing in the run met it, which the
// world tells after it (world.Unmet): then the run is the same as without it.
func (p *Page) FaultFlag(i int) string {
	if i < 0 || i >= len(p.Faults) {
		return ""
	}
	if err := p.checkFault(p.Faults[i], p.Faults[:i]); err != nil {
		return Say(p.Lang, err)
	}
	if p.World != nil && slices.Contains(p.World.Unmet(), len(p.Scenario.Faults)+i) {
		return T(p.Lang, "faults.flag.unmet")
	}
	return ""
}
