// Package reason is what every engine's reason table shares. Each response an engine
// sends, and each decision the world takes without one, carries a reason key: a stable
// name such as "rcpt.unknown-user" that the trace records and the lessons and the
// catalog explain. Each engine declares its keys as typed constants of its own key type
// (smtp.Reason, pop3.Reason, imap.Reason, dns.Reason) and builds responses from them
// with methods of that type, so that a misspelled key does not compile; its Table says
// what each key means.
package reason

import (
	"fmt"
	"iter"
	"strings"
)

// Info explains one reason key.
type Info struct {
	// Code is the SMTP reply code; 0 where no server replied (a client's or the world's
	// own verdict) and for the other protocols.
	Code int
	// Status is the status the response carries: for SMTP and DNS an enhanced status code
	// (RFC 3463, "5.1.1"); for POP3 "+OK" or "-ERR"; for IMAP "OK", "NO", "BAD", "BYE" or
	// "" for a data response or a continuation request.
	Status string
	// Text is the response text as a fmt format; its verbs take the values Args names.
	Text string
	// Args names the values Text's verbs take, in order, separated by ", " ("host",
	// "address, user"); "" when the text takes none.
	Args string
	// RFC names the clause that requires or allows the response, e.g. "RFC 5321 §3.3".
	RFC string
}

// Format returns the text with args filled in (the values Args names); without args,
// the text as it is.
func (i Info) Format(args ...any) string {
	if len(args) == 0 {
		return i.Text
	}
	if s, ok := args[0].(string); ok && len(args) == 1 && i.Text == "%s" {
		return s // a reply that is all argument (EHLO, the queue id): no formatting to do
	}
	return fmt.Sprintf(i.Text, args...)
}

// FormatString is Format with one string value, which it takes without boxing it in
// an interface: a text whose only verb is one %s gets the value in its place.
func (i Info) FormatString(value string) string {
	if at := strings.Index(i.Text, "%s"); at >= 0 && strings.Count(i.Text, "%") == 1 {
		return i.Text[:at] + value + i.Text[at+2:]
	}
	return i.Format(value)
}

// Table explains every key of one engine; K is the engine's key type.
type Table[K ~string] map[K]Info

// Of returns the explanation of key. A key that is not in the table is a programming
// error (a constant declared without its row), so it panics: every response an engine
// sends can be explained.
func (t Table[K]) Of(key K) Info {
	info, ok := t[key]
	if !ok {
		panic(fmt.Sprintf("reason: key %q is not in its table", string(key)))
	}
	return info
}

// Named yields every row under its key's name, for readers that know keys only as the
// strings of a trace or a catalog.
func (t Table[K]) Named() iter.Seq2[string, Info] {
	return func(yield func(string, Info) bool) {
		for k, info := range t {
			if !yield(string(k), info) {
				return
			}
		}
	}
}
