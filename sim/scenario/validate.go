package scenario

import (
	"fmt"
	"mime"
	"net/mail"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-msgauth/dmarc"

	"smtpsim/sim/budget"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	simmail "smtpsim/sim/mail"
	"smtpsim/sim/problem"
)

// Validate checks a scenario built in Go (the CLI adds --fault and --model to a parsed
// one) with the rules Parse applies to a file. The error is an ErrorList whose
// entries have no position, or nil.
func (s *Scenario) Validate() error {
	return ValidateFile(s, "", nil).Err()
}

// hostFaults are the fault kinds whose target is a host of the scenario; the others
// name DNS names, domains or addresses, which may be absent on purpose.
var hostFaults = []fault.Kind{fault.Down, fault.Refuse, fault.Drop, fault.Slow, fault.Partition, fault.TooLarge,
	fault.Greylist, fault.RelayDenied, fault.TLSRequired, fault.Shutdown, fault.Reply, fault.StripSTARTTLS, fault.DKIMBreak,
	fault.Spoof}

// validator runs the checks that need more than one value: references between hosts,
// users, messages, fetches and faults, duplicates, and the meaning of decoded text.
type validator struct {
	s    *Scenario
	file string
	at   *problem.Places // nil for a scenario built in Go
	errs ErrorList
}

// ValidateFile returns the problems of s, a scenario decoded from file with places at
// (sim/scenariofile); checks about a value that already failed to decode stay silent.
func ValidateFile(s *Scenario, file string, at *problem.Places) ErrorList {
	v := &validator{s: s, file: file, at: at}
	v.settings()
	v.hosts()
	v.records()
	v.users()
	v.messages()
	v.fetches()
	v.faults()
	v.policies()
	v.dkim()
	return v.errs
}

// errorf reports a problem with the value at ptr (&s.Hosts[2].IP), at its place in the
// file; a missing key is reported at its mapping.
func (v *validator) errorf(ptr any, format string, args ...any) {
	if v.at.Broken(ptr) {
		return
	}
	v.errs.Add(v.file, v.at.Of(ptr), format, args...)
}

// where names the place of the value at ptr for "first at …": a line in a file, the Go
// field otherwise.
func (v *validator) where(ptr any, field string, i int) problem.Phrase {
	if at := v.at.Of(ptr); at.Line > 0 {
		return problem.P("line %d", at.Line)
	}
	return problem.Verbatim(fmt.Sprintf("%s[%d]", field, i))
}

// unsure reports whether a check that reads one field of every item of a list cannot
// be trusted: the list, an item, or that field of an item (the address of the field
// of item i is field(i)) did not decode.
func (v *validator) unsure(list any, n int, field func(i int) any) bool {
	if v.at.Broken(list) {
		return true
	}
	for i := range n {
		if v.at.BrokenWithin(field(i)) {
			return true
		}
	}
	return false
}

func (v *validator) settings() {
	s := v.s
	if s.Model != "" && s.Model != EndToEnd && s.Model != StoreAndForward {
		v.errorf(&s.Model, "model is %q (expected %s or %s)", s.Model, EndToEnd, StoreAndForward)
	}
	for _, d := range []struct {
		name  string
		value *time.Duration
	}{
		{"latency", &s.Latency}, {"greylist", &s.Greylist}, {"horizon", &s.Horizon},
		{"retry first", &s.Retry.First}, {"retry max", &s.Retry.Max}, {"retry lifetime", &s.Retry.Lifetime},
	} {
		if *d.value < 0 {
			v.errorf(d.value, "%s is %s (expected a duration of 0s or more)", d.name, v.written(d.value))
		}
	}
	// A retry every millisecond passes no test of sense and floods the run's events
	// budget: no real queue retries more often than every few minutes.
	for _, d := range []struct {
		name  string
		value *time.Duration
	}{{"retry first", &s.Retry.First}, {"retry max", &s.Retry.Max}} {
		if *d.value > 0 && *d.value < minRetry {
			v.errorf(d.value, "%s is %s (expected %s or more: real queues wait minutes between attempts)", d.name, v.written(d.value), formatDuration(minRetry))
		}
	}
	// Compare what the run will use: a first retry longer than the default max is as
	// wrong as one longer than a max given in the file.
	eff := v.effective()
	if eff.Retry.First > 0 && eff.Retry.Max > 0 && eff.Retry.First > eff.Retry.Max {
		v.errorf(&s.Retry.First, "retry first %s is longer than retry max %s (expected first ≤ max: the wait doubles from first up to max)",
			formatDuration(eff.Retry.First), formatDuration(eff.Retry.Max))
	}
}

// minRetry is the shortest retry interval a scenario may give.
const minRetry = time.Second

// tooBig reports whether a size in octets cannot fit in a run's octets budget, and
// writes the check's words.
func tooBig(what string, n int) (problem.Phrase, bool) {
	limit := budget.Default.Octets
	return problem.P("%s is %d octets (expected at most %d, the octets budget of a run)", what, n, limit), n > limit
}

// written is a duration as the file wrote it, or as ParseDuration would read it when
// the scenario was built in Go: a message quotes the user's value, not a conversion.
func (v *validator) written(ptr *time.Duration) string {
	if text := v.at.Text(ptr); text != "" {
		return text
	}
	return formatDuration(*ptr)
}

// formatDuration writes d as fault.ParseDuration reads it, with a minus when negative.
func formatDuration(d time.Duration) string {
	if d < 0 {
		return "-" + fault.FormatDuration(-d)
	}
	return fault.FormatDuration(d)
}

// hostNames lists the hosts for "expected one of …", each name once.
func (v *validator) hostNames() problem.Phrase {
	var names []string
	for _, h := range v.s.Hosts {
		if h.Name != "" && !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, h.Name) }) {
			names = append(names, h.Name)
		}
	}
	if len(names) == 0 {
		return problem.P("a host defined under hosts; there are none")
	}
	return problem.P("one of %s", strings.Join(names, ", "))
}

// knownHost reports whether name is a host, or whether that cannot be told because a
// host did not decode.
func (v *validator) knownHost(name string) bool {
	_, ok := v.s.Host(name)
	return ok || v.unsure(&v.s.Hosts, len(v.s.Hosts), func(i int) any { return &v.s.Hosts[i].Name })
}

func (v *validator) hosts() {
	names := map[string]int{}
	ips := map[netip.Addr]int{}
	for i := range v.s.Hosts {
		h := &v.s.Hosts[i]
		switch {
		case h.Name == "":
			v.errorf(&h.Name, "host without a name (expected name: a host name such as mail.example.org)")
		case hostNameProblem(h.Name).Format != "":
			v.errorf(&h.Name, "host name %q %s (expected a host name such as mail.example.org)", h.Name, hostNameProblem(h.Name))
		default:
			key := strings.ToLower(h.Name)
			if j, dup := names[key]; dup {
				v.errorf(&h.Name, "host %s is defined twice (first at %s)", h.Name, v.where(&v.s.Hosts[j].Name, "Hosts", j))
			} else {
				names[key] = i
			}
		}
		if h.IP == "" {
			v.errorf(&h.IP, "host %s without an ip (expected ip: an IPv4 address such as 192.0.2.10)", h.Name)
		} else if ip, err := netip.ParseAddr(h.IP); err != nil || !ip.Is4() {
			v.errorf(&h.IP, "ip %q is not an IPv4 address (expected four numbers from 0 to 255, such as 192.0.2.10)", h.IP)
		} else if j, dup := ips[ip]; dup {
			v.errorf(&h.IP, "ip %s is already the ip of %s (expected one host per address)", h.IP, v.s.Hosts[j].Name)
		} else {
			ips[ip] = i
		}
		if len(h.Roles) == 0 {
			v.errorf(&h.Roles, "host %s has no roles (expected roles: a list of msa, mx, relay, outside)", h.Name)
		}
		for j, r := range h.Roles {
			switch {
			case r != RoleMSA && r != RoleMX && r != RoleRelay && r != RoleOutside:
				v.errorf(&h.Roles[j], "unknown role %q (expected msa, mx, relay or outside)", r)
			case r == RoleOutside && len(h.Roles) > 1:
				v.errorf(&h.Roles[j], "host %s is outside and has other roles too (expected outside alone: an outside machine runs no server of the world)", h.Name)
			}
		}
		v.abuse(h)
		for j, dom := range h.Domains {
			if problem := hostNameProblem(dom); problem.Format != "" {
				v.errorf(&h.Domains[j], "domain %q %s (expected a domain such as example.org)", dom, problem)
			}
		}
		if h.Relay != "" {
			switch {
			case strings.EqualFold(h.Relay, h.Name):
				v.errorf(&h.Relay, "host %s names itself as its relay (expected another host)", h.Name)
			case !v.knownHost(h.Relay):
				v.errorf(&h.Relay, "relay %q is not a host of the scenario (expected %s)", h.Relay, v.hostNames())
			}
		}
		for j, name := range h.Internal {
			if !v.knownHost(name) {
				v.errorf(&h.Internal[j], "internal host %q is not a host of the scenario (expected %s)", name, v.hostNames())
			}
		}
		switch h.SenderAuth {
		case "", SenderAuthRecord, SenderAuthRejectSPFFail:
		default:
			v.errorf(&h.SenderAuth, "unknown sender-auth %q (expected %s or %s)", h.SenderAuth, SenderAuthRecord, SenderAuthRejectSPFFail)
		}
		if h.MaxSize < 0 {
			v.errorf(&h.MaxSize, "max-size is %d (expected 0 or more octets)", h.MaxSize)
		} else if msg, big := tooBig("max-size", h.MaxSize); big {
			v.errorf(&h.MaxSize, "%s", msg)
		}
	}
}

// abuse checks the options of a host that receives on port 25 as its owner chose:
// open relay, accept-then-bounce and blocklists need a server on port 25.
func (v *validator) abuse(h *Host) {
	listens := h.Has(RoleMX) || h.Has(RoleRelay) || v.at.Broken(&h.Roles)
	if h.OpenRelay && !listens {
		v.errorf(&h.OpenRelay, "open-relay on %s, which runs no server on port 25 (expected roles with mx or relay)", h.Name)
	}
	if h.AcceptThenBounce && !(h.Has(RoleMX) || v.at.Broken(&h.Roles)) {
		v.errorf(&h.AcceptThenBounce, "accept-then-bounce on %s, which has no mailboxes (expected roles with mx; a backup MX with role relay accepts and bounces on its own)", h.Name)
	}
	if len(h.DNSBL) > 0 && !listens {
		v.errorf(&h.DNSBL, "dnsbl on %s, which runs no server on port 25 (expected roles with mx or relay)", h.Name)
	}
	for j, zone := range h.DNSBL {
		if problem := hostNameProblem(zone); problem.Format != "" {
			v.errorf(&h.DNSBL[j], "blocklist zone %q %s (expected a zone such as bl.example.org)", zone, problem)
		}
	}
}

// hostNameProblem says what keeps name from being a host or domain name: labels of
// letters, digits and hyphens, 1 to 63 characters, 253 in all (RFC 1123 §2.1).
// Empty means none.
func hostNameProblem(name string) problem.Phrase {
	if len(name) > 253 {
		return problem.P("is longer than 253 characters")
	}
	for label := range strings.SplitSeq(name, ".") {
		if label == "" {
			return problem.P("has an empty label")
		}
		if len(label) > 63 {
			return problem.P("has a label longer than 63 characters")
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return problem.P("has the character %q", c)
			}
		}
	}
	return problem.Phrase{}
}

func (v *validator) records() {
	for i := range v.s.DNS {
		r := &v.s.DNS[i]
		if v.at.Broken(r) {
			continue // did not parse, and said so
		}
		if err := r.Validate(); err != nil {
			v.errorf(r, "%s (expected %s)", DNSText(err), RecordWant)
			continue
		}
		v.dmarcRecord(r)
		if r.Type != dns.TypeA {
			continue
		}
		h, ok := v.s.Host(strings.TrimSuffix(r.Name, "."))
		if !ok || v.unsure(&v.s.Hosts, len(v.s.Hosts), func(i int) any { return &v.s.Hosts[i].IP }) {
			continue
		}
		want, err := netip.ParseAddr(h.IP)
		if got, _ := netip.ParseAddr(r.Value); err == nil && got != want {
			v.errorf(&r.Value, "A record gives %s the address %s, but the host's ip is %s (expected %s)", h.Name, r.Value, h.IP, h.IP)
		}
	}
}

// dmarcRecord checks that a DMARC record (RFC 7489 §6.3) parses, as a receiver must
// read it: "v=DMARC1" first, then p= with none, quarantine or reject.
func (v *validator) dmarcRecord(r *dns.Record) {
	name := strings.ToLower(strings.TrimSuffix(r.Name, "."))
	if r.Type != dns.TypeTXT || !strings.HasPrefix(name, "_dmarc.") {
		return
	}
	if _, err := dmarc.Parse(r.Value); err != nil {
		v.errorf(&r.Value, "the DMARC record of %s does not parse: %s (expected a record such as \"v=DMARC1; p=reject\")",
			strings.TrimPrefix(name, "_dmarc."), strings.TrimPrefix(err.Error(), "dmarc: "))
	}
}

// addressProblem says what keeps s from being a bare address (an addr-spec,
// RFC 5322 §3.4.1) as net/mail reads it; empty means none. Display names and angle
// brackets are refused because the simulator uses the text as the SMTP envelope
// address and the mailbox name.
func addressProblem(s string) problem.Phrase {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return problem.P("%q is not an address: %s (expected an address such as alice@example.org)", s, strings.TrimPrefix(err.Error(), "mail: "))
	}
	if a.Name != "" || a.Address != s {
		return problem.P("%q is more than an address (expected just %s)", s, a.Address)
	}
	return problem.Phrase{}
}

// servingHost checks that some host does role for the domain of addr.
func (v *validator) servingHost(ptr any, r Role, addr string, whose problem.Phrase) {
	domain := Domain(addr)
	if _, ok := v.s.HostFor(r, domain); ok ||
		v.unsure(&v.s.Hosts, len(v.s.Hosts), func(i int) any { return &v.s.Hosts[i].Roles }) ||
		v.unsure(&v.s.Hosts, len(v.s.Hosts), func(i int) any { return &v.s.Hosts[i].Domains }) {
		return
	}
	v.errorf(ptr, "no host with role %s serves %s, the domain of %s %s (expected a host with roles [%s] and %s in its domains)",
		r, domain, whose, addr, r, domain)
}

// userAddresses lists the users with good addresses for "expected one of …".
func (v *validator) userAddresses() problem.Phrase {
	var addrs []string
	for _, u := range v.s.Users {
		if u.Address != "" && addressProblem(u.Address).Format == "" && !slices.Contains(addrs, u.Address) {
			addrs = append(addrs, u.Address)
		}
	}
	if len(addrs) == 0 {
		return problem.P("a user defined under users; there are none")
	}
	return problem.P("one of %s", strings.Join(addrs, ", "))
}

// knownUser reports whether addr is a user, or whether that cannot be told: a user's
// address did not decode, or a malformed one (with its own message) holds addr, as
// "Bob <bob@example.net>" holds bob@example.net.
func (v *validator) knownUser(addr string) bool {
	if _, ok := v.s.User(addr); ok || v.unsure(&v.s.Users, len(v.s.Users), func(i int) any { return &v.s.Users[i].Address }) {
		return true
	}
	return slices.ContainsFunc(v.s.Users, func(u User) bool {
		a, err := mail.ParseAddress(u.Address)
		return addressProblem(u.Address).Format != "" && (err != nil || strings.EqualFold(a.Address, addr))
	})
}

func (v *validator) users() {
	seen := map[string]int{}
	for i := range v.s.Users {
		u := &v.s.Users[i]
		switch {
		case u.Address == "":
			v.errorf(&u.Address, "user without an address (expected address: such as alice@example.org)")
		case addressProblem(u.Address).Format != "":
			v.errorf(&u.Address, "%s", addressProblem(u.Address))
		default:
			key := strings.ToLower(u.Address)
			if j, dup := seen[key]; dup {
				v.errorf(&u.Address, "user %s is defined twice (first at %s)", u.Address, v.where(&v.s.Users[j].Address, "Users", j))
				break
			}
			seen[key] = i
			v.servingHost(&u.Address, RoleMX, u.Address, problem.P("user"))
		}
		if u.Password == "" {
			v.errorf(&u.Password, "user %s without a password (expected password: any text)", u.Address)
		}
		switch u.TLS {
		case "", SubmitPlain, SubmitSTARTTLS, SubmitImplicit:
		default:
			v.errorf(&u.TLS, "tls is %q (expected %s, %s or %s)", u.TLS, SubmitPlain, SubmitSTARTTLS, SubmitImplicit)
		}
		if u.Quota < 0 {
			v.errorf(&u.Quota, "quota is %d (expected 0 or more octets)", u.Quota)
		} else if msg, big := tooBig("quota", u.Quota); big {
			v.errorf(&u.Quota, "%s", msg)
		}
	}
}

// when checks the time of a message or fetch: an event before the start cannot be,
// and one after the horizon would silently never happen.
func (v *validator) when(ptr *time.Duration) {
	at := *ptr
	switch horizon := v.effective().Horizon; {
	case at < 0:
		v.errorf(ptr, "at is %s, before the start of the run (expected 0s or later)", v.written(ptr))
	case at > horizon:
		v.errorf(ptr, "at is %s, after the run stops at the horizon %s (expected an earlier time, or a later horizon)",
			v.written(ptr), formatDuration(horizon))
	}
}

// effective returns the settings the run will use, defaults filled in. Messages stay
// out of the copy, because Defaults writes their IDs.
func (v *validator) effective() Scenario {
	eff := *v.s
	eff.Messages = nil
	eff.Defaults()
	return eff
}

func (v *validator) messages() {
	if n, limit := len(v.s.Messages), budget.Default.Messages; n > limit {
		v.errorf(&v.s.Messages, "%d messages (expected at most %d, the messages budget of a run)", n, limit)
	}
	ids := map[string]int{}
	for i := range v.s.Messages {
		m := &v.s.Messages[i]
		if m.ID != "" {
			if j, dup := ids[m.ID]; dup {
				v.errorf(&m.ID, "message id %q is used twice (first at %s; messages without an id get m1, m2, … by position)",
					m.ID, v.where(&v.s.Messages[j].ID, "Messages", j))
			} else {
				ids[m.ID] = i
			}
		}
		v.when(&m.At)
		outside := v.via(m)
		switch {
		case m.From == "":
			v.errorf(&m.From, "message without a sender (expected from: the address of a user)")
		case addressProblem(m.From).Format != "":
			v.errorf(&m.From, "%s", addressProblem(m.From))
		case outside:
			// An outside machine writes any From: it likes.
		case !v.knownUser(m.From):
			v.errorf(&m.From, "sender %s is not a user (expected %s)", m.From, v.userAddresses())
		default:
			v.servingHost(&m.From, RoleMSA, m.From, problem.P("sender"))
		}
		recipientsBroken := v.at.Broken(&m.To) || v.at.Broken(&m.Cc) || v.at.Broken(&m.Bcc)
		if len(m.To)+len(m.Cc)+len(m.Bcc) == 0 && !recipientsBroken {
			v.errorf(m, "message without recipients (expected at least one address in to, cc or bcc)")
		}
		for _, addrs := range [][]string{m.To, m.Cc, m.Bcc} {
			for j := range addrs {
				if problem := addressProblem(addrs[j]); problem.Format != "" {
					v.errorf(&addrs[j], "%s", problem)
				}
			}
		}
		for j := range m.Headers {
			v.headerLine(&m.Headers[j])
		}
		total := 0
		for j := range m.Attachments {
			a := &m.Attachments[j]
			v.attachment(a)
			if a.Size > 0 && total <= budget.Default.Octets {
				total += min(a.Size, budget.Default.Octets+1)
				if msg, big := tooBig("size", a.Size); big {
					v.errorf(&a.Size, "%s", msg)
				} else if total > budget.Default.Octets {
					v.errorf(&a.Size, "with this one, the message's attachments have %d octets (expected at most %d together, the octets budget of a run)",
						total, budget.Default.Octets)
				}
			}
		}
	}
}

// headerLine checks one line of a message's headers: a field the mail program can
// write above its own (mail.FieldLine).
func (v *validator) headerLine(line *string) {
	f, problem := simmail.FieldLine(*line)
	switch problem {
	case simmail.FieldNoColon:
		v.errorf(line, "header line %q has no colon (expected NAME: value, such as \"Received: from …\")", *line)
	case simmail.FieldBadName:
		v.errorf(line, "header line %q: %q is not a field name (expected letters, digits and - before the colon, no spaces)", *line, f[0])
	case simmail.FieldComposed:
		v.errorf(line, "header line %q sets %s, which the mail program writes itself (expected another field, such as Received)", *line, f[0])
	case simmail.FieldLineBreak:
		v.errorf(line, "header line %q holds a line break, which would start another field (expected one line)", *line)
	case simmail.FieldTooLong:
		v.errorf(line, "header line %q has a word longer than a header line may be (expected words under 998 octets)", *line)
	}
}

// via checks the outside machine of a message and its envelope sender, and reports
// whether the message is sent by an outside machine (or may be: via did not decode).
func (v *validator) via(m *Message) bool {
	if m.EnvelopeFrom != "" {
		switch {
		case addressProblem(m.EnvelopeFrom).Format != "":
			v.errorf(&m.EnvelopeFrom, "%s", addressProblem(m.EnvelopeFrom))
		case m.Via == "" && !v.at.Broken(&m.Via):
			v.errorf(&m.EnvelopeFrom, "envelope-from without via (expected via: a host with role outside; a user's submission server sends with the user's own address)")
		}
	}
	if v.at.Broken(&m.Via) {
		return true
	}
	if m.Via == "" {
		return false
	}
	h, ok := v.s.Host(m.Via)
	switch {
	case !ok && !v.knownHost(m.Via):
		v.errorf(&m.Via, "via %q is not a host of the scenario (expected a host with role outside)", m.Via)
	case ok && !h.Has(RoleOutside) && !v.at.Broken(&h.Roles):
		v.errorf(&m.Via, "via %s, which is not an outside machine (expected a host with roles [outside])", h.Name)
	}
	return true
}

func (v *validator) attachment(a *Attachment) {
	if a.Name == "" {
		v.errorf(&a.Name, "attachment without a name (expected name: a file name such as cat.png)")
	}
	if a.Type != "" {
		mt, _, err := mime.ParseMediaType(a.Type)
		switch {
		case err != nil || !strings.Contains(mt, "/"):
			v.errorf(&a.Type, "type %q is not a media type (expected type/subtype, such as image/png)", a.Type)
		case strings.HasPrefix(mt, "multipart/") || strings.HasPrefix(mt, "message/"):
			v.errorf(&a.Type, "type %q cannot be an attachment's type (expected a single-part type such as image/png)", a.Type)
		}
	}
	switch {
	case a.Size < 0:
		v.errorf(&a.Size, "size is %d (expected 0 or more octets)", a.Size)
	case a.Data != nil && a.Size != len(a.Data):
		v.errorf(&a.Size, "size is %d, but data has %d octets (expected size: %d, or no size)", a.Size, len(a.Data), len(a.Data))
	}
}

func (v *validator) fetches() {
	for i := range v.s.Fetches {
		f := &v.s.Fetches[i]
		v.when(&f.At)
		switch {
		case f.User == "":
			v.errorf(&f.User, "fetch without a user (expected user: the address of a user)")
		case !v.knownUser(f.User):
			v.errorf(&f.User, "fetch by unknown user %q (expected %s)", f.User, v.userAddresses())
		}
		switch f.Protocol {
		case "pop3", "imap":
		case "":
			v.errorf(&f.Protocol, "fetch without a protocol (expected protocol: pop3 or imap)")
		default:
			v.errorf(&f.Protocol, "unknown protocol %q (expected pop3 or imap)", f.Protocol)
		}
	}
}

func (v *validator) faults() {
	for i := range v.s.Faults {
		f := &v.s.Faults[i]
		if v.at.Broken(f) || !slices.Contains(hostFaults, f.Kind) {
			continue
		}
		if !v.knownHost(f.Target) {
			v.errorf(&f.Target, "%s fault on %q, which is not a host of the scenario (expected %s)", f.Kind, f.Target, v.hostNames())
		} else if h, ok := v.s.Host(f.Target); ok && f.Kind == fault.Spoof && !h.Has(RoleMX) && !h.Has(RoleRelay) && !v.at.Broken(&h.Roles) {
			v.errorf(&f.Target, "spoof fault on %s, which takes no mail on port 25 (expected a host with role mx or relay)", h.Name)
		}
		if f.Kind == fault.Partition && !v.knownHost(f.Peer) {
			v.errorf(&f.Peer, "partition peer %q is not a host of the scenario (expected %s)", f.Peer, v.hostNames())
		}
	}
}

// policies checks the MTA-STS policies: each is well formed (RFC 8461 §3.2) and
// published, with a TXT record "v=STSv1; id=…" at _mta-sts.DOMAIN (§3.1), or no
// sender would ever fetch it.
func (v *validator) policies() {
	seen := map[string]int{}
	for i := range v.s.MTASTS {
		p := &v.s.MTASTS[i]
		switch {
		case p.Domain == "":
			v.errorf(&p.Domain, "MTA-STS policy without a domain (expected domain: the receiving domain, such as example.net)")
			continue
		case hostNameProblem(p.Domain).Format != "":
			v.errorf(&p.Domain, "domain %q %s (expected a domain such as example.org)", p.Domain, hostNameProblem(p.Domain))
			continue
		}
		if j, dup := seen[strings.ToLower(p.Domain)]; dup {
			v.errorf(&p.Domain, "MTA-STS policy for %s is given twice (first at %s)", p.Domain, v.where(&v.s.MTASTS[j].Domain, "MTASTS", j))
		} else {
			seen[strings.ToLower(p.Domain)] = i
		}
		switch p.Mode {
		case STSEnforce, STSTesting:
			if len(p.MX) == 0 && !v.at.Broken(&p.MX) {
				v.errorf(&p.MX, "MTA-STS policy for %s in mode %s has no mx (expected mx: the names or patterns such as *.%s of its MX hosts)", p.Domain, p.Mode, p.Domain)
			}
		case STSNone:
		case "":
			v.errorf(&p.Mode, "MTA-STS policy for %s without a mode (expected mode: enforce, testing or none)", p.Domain)
		default:
			v.errorf(&p.Mode, "mode is %q (expected enforce, testing or none)", p.Mode)
		}
		for j, pat := range p.MX {
			if problem := hostNameProblem(strings.TrimPrefix(pat, "*.")); problem.Format != "" {
				v.errorf(&p.MX[j], "mx pattern %q %s (expected a host name such as mx.example.net, or *.example.net)", pat, problem)
			}
		}
		if p.MaxAge < 0 || p.MaxAge > STSMaxAge || p.MaxAge%time.Second != 0 {
			v.errorf(&p.MaxAge, "max-age is %s (expected whole seconds from 1s to %s, RFC 8461 §3.2)", v.written(&p.MaxAge), formatDuration(STSMaxAge))
		}
		if !v.published(p.Domain) {
			v.errorf(&p.Domain, "MTA-STS policy for %s, but dns has no TXT record at _mta-sts.%s (expected a record such as '_mta-sts.%s TXT \"v=STSv1; id=20261125T090000\"')",
				p.Domain, p.Domain, p.Domain)
		}
	}
}

// published reports whether dns announces an MTA-STS policy for domain (RFC 8461
// §3.1), or cannot be judged because a record did not decode.
func (v *validator) published(domain string) bool {
	name := "_mta-sts." + strings.ToLower(domain)
	for i := range v.s.DNS {
		r := &v.s.DNS[i]
		if v.at.Broken(r) {
			return true
		}
		if r.Type == dns.TypeTXT && strings.EqualFold(strings.TrimSuffix(r.Name, "."), name) && strings.HasPrefix(r.Value, "v=STSv1") {
			return true
		}
	}
	return false
}
