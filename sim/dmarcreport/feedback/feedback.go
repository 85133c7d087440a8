// Package feedback writes a DMARC aggregate report as the XML document that receivers
// send to the addresses in rua= (RFC 7489 §7.2.1.1, the schema in its Appendix C).
// It is apart from package dmarcreport so that a program that only shows reports
// does not link an XML encoder.
package feedback

import (
	"encoding/xml"
	"io"

	"smtpsim/sim/dmarcreport"
)

// The elements of RFC 7489 Appendix C, in its order.
type document struct {
	XMLName   xml.Name  `xml:"feedback"`
	Version   string    `xml:"version"`
	Metadata  metadata  `xml:"report_metadata"`
	Published published `xml:"policy_published"`
	Records   []record  `xml:"record"`
}

type metadata struct {
	OrgName string `xml:"org_name"`
	Email   string `xml:"email"`
	ID      string `xml:"report_id"`
	Begin   int64  `xml:"date_range>begin"`
	End     int64  `xml:"date_range>end"`
}

type published struct {
	Domain string `xml:"domain"`
	ADKIM  string `xml:"adkim"`
	ASPF   string `xml:"aspf"`
	P      string `xml:"p"`
	SP     string `xml:"sp"`
	Pct    int    `xml:"pct"`
}

type record struct {
	SourceIP    string      `xml:"row>source_ip"`
	Count       int         `xml:"row>count"`
	Disposition string      `xml:"row>policy_evaluated>disposition"`
	DKIM        string      `xml:"row>policy_evaluated>dkim"`
	SPF         string      `xml:"row>policy_evaluated>spf"`
	HeaderFrom  string      `xml:"identifiers>header_from"`
	Results     authResults `xml:"auth_results"`
}

type authResults struct {
	DKIM []dkimResult `xml:"dkim"`
	SPF  spfResult    `xml:"spf"`
}

type dkimResult struct {
	Domain string `xml:"domain"`
	Result string `xml:"result"`
}

type spfResult struct {
	Domain string `xml:"domain"`
	Scope  string `xml:"scope"`
	Result string `xml:"result"`
}

// Write writes r as an XML document, indented, with the XML declaration.
func Write(w io.Writer, r dmarcreport.Report) error {
	doc := document{Version: "1.0",
		Metadata: metadata{OrgName: r.Reporter, Email: r.Email, ID: r.ID, Begin: r.Begin.Unix(), End: r.End.Unix()},
		Published: published{Domain: r.Policy.Domain, ADKIM: r.Policy.ADKIM, ASPF: r.Policy.ASPF, P: r.Policy.P,
			SP: r.Policy.SP, Pct: r.Policy.Pct}}
	for _, row := range r.Rows {
		rec := record{SourceIP: row.SourceIP, Count: row.Count, Disposition: row.Disposition, DKIM: row.DKIM,
			SPF: row.SPF, HeaderFrom: row.HeaderFrom,
			Results: authResults{SPF: spfResult{Domain: row.SPFResult.Domain, Scope: row.SPFResult.Scope, Result: row.SPFResult.Result}}}
		for _, d := range row.DKIMResults {
			rec.Results.DKIM = append(rec.Results.DKIM, dkimResult{Domain: d.Domain, Result: d.Result})
		}
		doc.Records = append(doc.Records, rec)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
