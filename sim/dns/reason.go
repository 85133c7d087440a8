package dns

import "fmt"

// ReasonInfo explains why a domain has no route: the enhanced status code an MTA logs
// and puts in its delivery status notification, and the clause behind it. There is no
// reply code: no server was asked, so none answered. Text is a fmt format; the %s verbs
// take the arguments named in the key's comment.
type ReasonInfo struct {
	Status string
	Text   string
	RFC    string
}

// Reason keys of routing errors, as found in RouteError.Reason and trace events.
const (
	ReasonNXDomain    = "dns.nxdomain"      // domain, type
	ReasonTemporary   = "dns.temporary"     // domain, type
	ReasonNullMX      = "dns.null-mx"       // domain
	ReasonNoAddress   = "dns.no-address"    // domain
	ReasonMXNoAddress = "dns.mx-no-address" // domain, exchanges
	ReasonMXTemporary = "dns.mx-temporary"  // domain, exchanges
	ReasonLoop        = "dns.loop"          // domain
)

// Reasons maps every routing reason key to what the MTA reports. Texts follow Postfix
// where it says something useful, so that learners meet the words of real bounces.
var Reasons = map[string]ReasonInfo{
	// RFC 5321 §5.1: "If a non-existent domain error is returned, this situation MUST
	// be reported as an error"; X.1.2 is "bad destination system address" (RFC 3463 §3.2).
	ReasonNXDomain: {"5.1.2", "Host or domain name not found. Name service error for name=%s type=%s: Host not found", "RFC 5321 §5.1"},
	// RFC 5321 §5.1: "If a temporary error is returned, the message MUST be queued and
	// retried later"; X.4.3 is "directory server failure" (RFC 3463 §3.5).
	ReasonTemporary: {"4.4.3", "Host or domain name not found. Name service error for name=%s type=%s: Host not found, try again", "RFC 5321 §5.1, §4.5.4.1"},
	// RFC 7505 §3: a lone MX with the root as exchange says the domain takes no mail;
	// X.1.10 "recipient address has
	// null MX" (RFC 7505 §6).
	ReasonNullMX: {"5.1.10", "Domain %s does not accept mail (null MX)", "RFC 7505 §3"},
	// RFC 5321 §5.1: "If MX records are present, but none of them are usable, or the
	// implicit MX is unusable, this situation MUST be reported as an error."
	ReasonNoAddress:   {"5.1.2", "Host or domain name not found: %s has no MX and no address record", "RFC 5321 §5.1"},
	ReasonMXNoAddress: {"5.4.4", "Unable to route: no address for any mail exchanger of %s (%s)", "RFC 5321 §5.1; RFC 3463 §3.5"},
	// Some exchanges failed to resolve for a temporary reason: with nothing usable
	// left, the next attempt may find them (RFC 5321 §5.1, §4.5.4.1).
	ReasonMXTemporary: {"4.4.3", "Name service error for the mail exchangers of %s (%s): try again", "RFC 5321 §5.1, §4.5.4.1"},
	// RFC 5321 §5.1: a relay in the MX list discards itself and every less preferred
	// MX; "If there are no records left at that point, it is an error condition, and
	// the message MUST be returned as undeliverable." X.4.6 is "routing loop detected"
	// (RFC 3463 §3.5); 554 as for a failed transaction (RFC 5321 §4.2.3).
	ReasonLoop: {"5.4.6", "mail for %s loops back to myself", "RFC 5321 §5.1"},
}

// newRouteError builds the error of a reason key. An unknown key is a programming
// error and panics, so that every routing error can be explained.
func newRouteError(key string, args ...any) *RouteError {
	info, ok := Reasons[key]
	if !ok {
		panic(fmt.Sprintf("dns: route error for unknown reason key %q", key))
	}
	return &RouteError{
		Temporary: info.Status[0] == '4',
		Status:    info.Status,
		Text:      fmt.Sprintf(info.Text, args...),
		RFC:       info.RFC,
		Reason:    key,
	}
}
