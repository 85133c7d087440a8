// Package dmarcreport compiles the DMARC aggregate reports (RFC 7489 §7.2) that the
// receiving servers of a finished run owe the domain owners who asked for them with
// rua=: one report per receiver and From: domain, one row per sending IP address and
// outcome, with the counts. Every figure in a report comes from the typed auth events
// of the trace; the published policy comes from the domain's _dmarc record in the
// scenario's DNS, with p= as the receiver applied it (a dmarc-policy fault replaces
// it). The simulation does not send the report: receivers send them once per
// reporting interval (ri=, a day by default), long after a run ends.
package dmarcreport

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-msgauth/dmarc"

	"smtpsim/internal/onesort"
	"smtpsim/sim/auth"
	"smtpsim/sim/dns"
	"smtpsim/sim/trace"
)

// Report is one aggregate report: what Reporter saw of mail whose From: was in
// Policy.Domain, for the owner's addresses in RUA.
type Report struct {
	Reporter string    // the receiving server that checked the mail (org_name)
	Email    string    // where the domain owner can answer: postmaster of Reporter
	ID       string    // unique per reporter, domain and interval
	Begin    time.Time // the interval the report covers: the run's start …
	End      time.Time // … to its last DMARC check
	RUA      []string  // the addresses the record asks reports to be sent to (rua=)
	Policy   Published
	Rows     []Row
}

// Published is the policy the domain published (policy_published), as applied.
type Published struct {
	Domain string
	ADKIM  string // r or s
	ASPF   string // r or s
	P      string // none, quarantine or reject
	SP     string // for subdomains; p= when the record has no sp=
	Pct    int    // the percentage of failing mail the policy applies to
}

// Row is a group of messages from one IP address with the same outcome (record).
type Row struct {
	SourceIP    string
	Count       int
	Disposition string // what the receiver did: none, quarantine or reject
	DKIM        string // pass when a DKIM pass was aligned with the From: domain, else fail
	SPF         string // pass when an SPF pass was aligned with the From: domain, else fail
	HeaderFrom  string
	DKIMResults []Result // every signature checked, as it was checked
	SPFResult   Result   // the SPF check at MAIL FROM (Scope mfrom) or HELO (helo)
}

// Result is one raw check (auth_results): not yet aligned with anything.
type Result struct {
	Domain string
	Scope  string // SPF: mfrom or helo
	Result string
}

// Build compiles the reports owed for a run that started at start, over the DNS
// records the scenario publishes; addrs maps host names to their IPv4 addresses
// (world.World.Addresses). Reports come sorted by reporter, then domain.
func Build(events iter.Seq2[int, trace.Event], records []dns.Record, addrs map[string]string, start time.Time) []Report {
	type key struct{ reporter, domain string }
	type conn struct {
		actor string
		id    int
	}
	open := map[conn]*Row{}         // the transaction in progress on each connection
	rows := map[key][]Row{}         // finished rows per report, one per message
	last := map[key]time.Duration{} // the time of the last check
	applied := map[key]string{}     // the p= of the last check: the record's, or a dmarc-policy fault's
	var keys []key
	for _, e := range events {
		if e.Kind != trace.KindAuth || e.Auth == nil {
			continue
		}
		c := conn{e.Actor, e.Conn}
		r := open[c]
		if r == nil || e.Auth.Method == string(auth.MethodSPF) {
			r = &Row{SourceIP: addrs[e.Peer], Count: 1}
			open[c] = r
		}
		a := e.Auth
		switch auth.Method(a.Method) {
		case auth.MethodSPF:
			scope := "mfrom"
			if a.Identity == "helo" {
				scope = "helo"
			}
			r.SPFResult = Result{Domain: a.Domain, Scope: scope, Result: a.Result}
		case auth.MethodDKIM:
			if a.Domain == "" {
				continue // no signature: nothing for auth_results
			}
			r.DKIMResults = append(r.DKIMResults, Result{Domain: a.Domain, Result: a.Result})
		case auth.MethodDMARC:
			delete(open, c)
			if a.Policy == "" {
				continue // no record: nothing to report to
			}
			k := key{e.Actor, a.Domain}
			r.HeaderFrom = a.Domain
			r.Disposition = "none"
			if a.Result == string(auth.Fail) {
				r.Disposition = a.Policy
			}
			if _, seen := rows[k]; !seen {
				keys = append(keys, k)
			}
			rows[k] = append(rows[k], *r)
			last[k], applied[k] = e.Time, a.Policy
		}
	}
	var reports []Report
	for _, k := range keys {
		rec := published(records, k.domain)
		if rec == nil || len(rec.ReportURIAggregate) == 0 {
			continue
		}
		p := policyOf(k.domain, rec)
		// The policy applied is in every DMARC event; the last one stands for the
		// interval, as a report states the policy once.
		p.P = applied[k]
		if rec.SubdomainPolicy == "" {
			p.SP = p.P
		}
		end := start.Add(last[k])
		rep := Report{Reporter: k.reporter, Email: "postmaster@" + k.reporter, RUA: rec.ReportURIAggregate,
			Begin: start, End: end, Policy: p,
			ID: fmt.Sprintf("%s.%s.%d.%d", k.reporter, k.domain, start.Unix(), end.Unix())}
		for _, r := range rows[k] {
			r.DKIM, r.SPF = aligned(r, rec)
			rep.Rows = merge(rep.Rows, r)
		}
		reports = append(reports, rep)
	}
	onesort.Func(reports, func(a, b Report) int {
		return cmp.Or(cmp.Compare(a.Reporter, b.Reporter), cmp.Compare(a.Policy.Domain, b.Policy.Domain))
	})
	return reports
}

// published is the DMARC record a domain publishes in records, parsed; nil when it
// publishes none that parses.
func published(records []dns.Record, domain string) *dmarc.Record {
	name := "_dmarc." + domain
	for _, r := range records {
		if r.Type != dns.TypeTXT || !strings.EqualFold(strings.TrimSuffix(r.Name, "."), name) {
			continue
		}
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(r.Value)), "v=dmarc1") {
			continue
		}
		rec, err := dmarc.Parse(r.Value)
		if err != nil {
			return nil
		}
		return rec
	}
	return nil
}

// policyOf is policy_published for a parsed record, with the defaults of RFC 7489
// §6.3 where a tag is absent.
func policyOf(domain string, rec *dmarc.Record) Published {
	p := Published{Domain: domain, ADKIM: "r", ASPF: "r", P: string(rec.Policy), SP: string(rec.SubdomainPolicy), Pct: 100}
	if rec.DKIMAlignment == dmarc.AlignmentStrict {
		p.ADKIM = "s"
	}
	if rec.SPFAlignment == dmarc.AlignmentStrict {
		p.ASPF = "s"
	}
	if rec.Percent != nil {
		p.Pct = *rec.Percent
	}
	return p
}

// aligned is policy_evaluated's dkim and spf: pass when a check of that method
// passed for a domain aligned with the From: domain (RFC 7489 §3.1).
func aligned(r Row, rec *dmarc.Record) (dkimResult, spfResult string) {
	dkimResult, spfResult = "fail", "fail"
	for _, d := range r.DKIMResults {
		if d.Result == string(auth.Pass) && auth.Aligned(d.Domain, r.HeaderFrom, rec.DKIMAlignment) {
			dkimResult = "pass"
		}
	}
	s := r.SPFResult
	if s.Scope == "mfrom" && s.Result == string(auth.Pass) && auth.Aligned(s.Domain, r.HeaderFrom, rec.SPFAlignment) {
		spfResult = "pass"
	}
	return dkimResult, spfResult
}

// merge adds one message's row to rows: to the row with the same IP and outcome,
// or as a new row.
func merge(rows []Row, r Row) []Row {
	for i := range rows {
		if same(rows[i], r) {
			rows[i].Count++
			return rows
		}
	}
	return append(rows, r)
}

func same(a, b Row) bool {
	return a.SourceIP == b.SourceIP && a.Disposition == b.Disposition && a.DKIM == b.DKIM && a.SPF == b.SPF &&
		a.HeaderFrom == b.HeaderFrom && a.SPFResult == b.SPFResult && slices.Equal(a.DKIMResults, b.DKIMResults)
}
