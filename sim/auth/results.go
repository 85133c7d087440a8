package auth

import (
	"strings"

	"github.com/emersion/go-msgauth/authres"
)

// ResultsField returns the Authentication-Results: field (with its CRLF) that server
// adds for checks (RFC 8601 §2.2): the SPF identity as smtp.mailfrom or smtp.helo, the
// DKIM signing domain as header.d, the DMARC From: domain as header.from.
func ResultsField(server string, checks []Check) string {
	var rs []authres.Result
	for _, c := range checks {
		switch c.Method {
		case MethodSPF:
			r := &authres.SPFResult{Value: authres.ResultValue(c.Result)}
			if c.Identity == "helo" {
				r.Helo = c.Domain
			} else {
				r.From = c.Domain
			}
			rs = append(rs, r)
		case MethodDKIM:
			rs = append(rs, &authres.DKIMResult{Value: authres.ResultValue(c.Result), Domain: c.Domain, Reason: c.failReason()})
		case MethodDMARC:
			rs = append(rs, &authres.DMARCResult{Value: authres.ResultValue(c.Result), From: c.Domain, Reason: c.failReason()})
		}
	}
	// One result a line, folded (RFC 5322 §2.2.3), so that no line grows past 78
	// characters for ordinary results and each method reads on its own line.
	field := "Authentication-Results: " + authres.Format(server, nil)
	if len(rs) > 0 {
		field = "Authentication-Results: " + server
		for _, r := range rs {
			field += ";\r\n\t" + strings.TrimSpace(strings.TrimPrefix(authres.Format(server, []authres.Result{r}), server+"; "))
		}
	}
	return field + "\r\n"
}

// failReason is the reason a header states: only for results other than pass, as
// readers of the field want to know what went wrong.
func (c Check) failReason() string {
	if c.Result == Pass {
		return ""
	}
	return c.Reason
}

// ReceivedSPFField returns the Received-SPF: field (with its CRLF) that receiver adds
// for an SPF check of a client at ip that gave mailFrom and greeted with helo (RFC
// 7208 §9.1): the result, a comment in the words of the RFC's examples, and the
// key-value pairs that let a reader check it again.
func ReceivedSPFField(receiver string, c Check, ip, mailFrom, helo string) string {
	who := "domain of " + mailFrom
	if c.Identity == "helo" {
		who = "domain of postmaster@" + helo
	}
	var comment string
	switch c.Result {
	case Pass:
		comment = who + " designates " + ip + " as permitted sender"
	case Fail:
		comment = who + " does not designate " + ip + " as permitted sender"
	case SoftFail:
		comment = strings.Replace(who, "domain of ", "domain of transitioning ", 1) + " does not designate " + ip + " as permitted sender"
	case Neutral:
		comment = ip + " is neither permitted nor denied by " + who
	case None:
		comment = who + " does not designate permitted sender hosts"
	case TempError:
		comment = "error in processing during lookup of " + who
	default:
		comment = who + " has an SPF record that cannot be evaluated"
	}
	identity := c.Identity
	if identity == "" {
		identity = "mailfrom"
	}
	pairs := []string{"client-ip=" + ip, `envelope-from="` + mailFrom + `"`, "helo=" + helo, "receiver=" + receiver, "identity=" + identity}
	return "Received-SPF: " + string(c.Result) + " (" + receiver + ": " + comment + ")\r\n\t" + strings.Join(pairs, ";\r\n\t") + ";\r\n"
}
