package dns

import "smtpsim/sim/reason"

// Reason is a reason key of a routing error: why a domain has no route. The string is the
// stable name that traces, lessons and the catalog use; the keys are the constants below.
type Reason string

// Reason keys of routing errors, as found in RouteError.Reason and trace events.
const (
	ReasonNXDomain    Reason = "dns.nxdomain"
	ReasonTemporary   Reason = "dns.temporary"
	ReasonNullMX      Reason = "dns.null-mx"
	ReasonNoAddress   Reason = "dns.no-address"
	ReasonMXNoAddress Reason = "dns.mx-no-address"
	ReasonMXTemporary Reason = "dns.mx-temporary"
	ReasonLoop        Reason = "dns.loop"
)

// routeError builds the error of reason k, its text formatted with args. A key without a
// row in Reasons panics, so that every routing error can be explained.
func (k Reason) routeError(args ...any) *RouteError {
	info := Reasons.Of(k)
	return &RouteError{
		Temporary: info.Status[0] == '4',
		Status:    info.Status,
		Text:      info.Format(args...),
		RFC:       info.RFC,
		Reason:    k,
	}
}

// Reasons maps every routing reason key to what the MTA reports: the enhanced status code
// it logs and puts in its delivery status notification, and the clause behind it. There
// is no reply code: no server was asked, so none answered. Texts follow Postfix where it
// says something useful, so that learners meet the words of real bounces.
var Reasons = reason.Table[Reason]{
	// RFC 5321 §5.1: "If a non-existent domain error is returned, this situation MUST
	// be reported as an error"; X.1.2 is "bad destination system address" (RFC 3463 §3.2).
	ReasonNXDomain: {
		Status: "5.1.2",
		Text:   "Host or domain name not found. Name service error for name=%s type=%s: Host not found",
		Args:   "domain, type",
		RFC:    "RFC 5321 §5.1",
	},
	// RFC 5321 §5.1: "If a temporary error is returned, the message MUST be queued and
	// retried later"; X.4.3 is "directory server failure" (RFC 3463 §3.5).
	ReasonTemporary: {
		Status: "4.4.3",
		Text:   "Host or domain name not found. Name service error for name=%s type=%s: Host not found, try again",
		Args:   "domain, type",
		RFC:    "RFC 5321 §5.1, §4.5.4.1",
	},
	// RFC 7505 §3: a lone MX with the root as exchange says the domain takes no mail;
	// X.1.10 "recipient address has
	// null MX" (RFC 7505 §6).
	ReasonNullMX: {
		Status: "5.1.10",
		Text:   "Domain %s does not accept mail (null MX)",
		Args:   "domain",
		RFC:    "RFC 7505 §3",
	},
	// RFC 5321 §5.1: "If MX records are present, but none of them are usable, or the
	// implicit MX is unusable, this situation MUST be reported as an error."
	ReasonNoAddress: {
		Status: "5.1.2",
		Text:   "Host or domain name not found: %s has no MX and no address record",
		Args:   "domain",
		RFC:    "RFC 5321 §5.1",
	},
	ReasonMXNoAddress: {
		Status: "5.4.4",
		Text:   "Unable to route: no address for any mail exchanger of %s (%s)",
		Args:   "domain, exchanges",
		RFC:    "RFC 5321 §5.1; RFC 3463 §3.5",
	},
	// Some exchanges failed to resolve for a temporary reason: with nothing usable
	// left, the next attempt may find them (RFC 5321 §5.1, §4.5.4.1).
	ReasonMXTemporary: {
		Status: "4.4.3",
		Text:   "Name service error for the mail exchangers of %s (%s): try again",
		Args:   "domain, exchanges",
		RFC:    "RFC 5321 §5.1, §4.5.4.1",
	},
	// RFC 5321 §5.1: a relay in the MX list discards itself and every less preferred
	// MX; "If there are no records left at that point, it is an error condition, and
	// the message MUST be returned as undeliverable." X.4.6 is "routing loop detected"
	// (RFC 3463 §3.5); 554 as for a failed transaction (RFC 5321 §4.2.3).
	ReasonLoop: {
		Status: "5.4.6",
		Text:   "mail for %s loops back to myself",
		Args:   "domain",
		RFC:    "RFC 5321 §5.1",
	},
}
