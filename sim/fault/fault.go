// Package fault describes what can go wrong in a simulated run and parses the one
// short text syntax the CLI, scenario files and the page URL share:
//
//	KIND:TARGET[,key=value]...
//
// for example "down:mx.example.net,until=30m", "greylist:mx.example.net",
// "reply:mx.example.net,cmd=RCPT,rcpt=bob@example.net,code=451,status=4.7.1,count=2",
// "nxdomain:example.net" or "drop:mx.example.net,when=after-dot,count=1".
// Every fault may carry from=DURATION, until=DURATION (virtual time since the start),
// step=N (take effect only once the trace has N events, so steps before N are unchanged)
// and count=N (affect only the first N occasions). The table of kinds, keys and effects
// that users read is in docs/simulation.md ("Faults").
package fault

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind names a fault.
type Kind string

// The fault kinds. The comment says what TARGET names and which keys apply.
const (
	Down          Kind = "down"           // host: accepts no connections, nothing answers (timeout)
	Refuse        Kind = "refuse"         // host: connections refused at once (RST); port=N limits it to one port
	Drop          Kind = "drop"           // host: connection dropped during DATA; when=before-dot|after-dot
	Slow          Kind = "slow"           // host: every reply delayed by delay=DURATION (long delays meet the client's timeouts)
	Partition     Kind = "partition"      // host: no packets between it and peer=HOST
	NXDomain      Kind = "nxdomain"       // name: DNS answers NXDOMAIN
	ServFail      Kind = "servfail"       // name: DNS answers SERVFAIL (a temporary failure)
	NoMX          Kind = "no-mx"          // domain: its MX records are gone
	DeadMX        Kind = "dead-mx"        // domain: its MX points to a host that does not answer
	NullMX        Kind = "null-mx"        // domain: publishes "MX 0 ." (RFC 7505)
	UnknownUser   Kind = "unknown-user"   // address: the mailbox does not exist (550 5.1.1)
	MailboxFull   Kind = "mailbox-full"   // address: the mailbox is over quota (552 5.2.2)
	TooLarge      Kind = "too-large"      // host: SIZE limit size=N octets (default 1000) (552 5.3.4)
	Greylist      Kind = "greylist"       // host: greylisting, the first attempt of a new triplet gets 450
	RelayDenied   Kind = "relay-denied"   // host: refuses to relay (554 5.7.1)
	WrongPassword Kind = "wrong-password" // address: the user's client sends a wrong password (535 5.7.8)
	NoAuth        Kind = "no-auth"        // address: the user's client does not log in before sending (530 5.7.0)
	TLSRequired   Kind = "tls-required"   // host: requires STARTTLS before MAIL (530 5.7.0)
	Shutdown      Kind = "shutdown"       // host: answers 421 and closes; cmd=VERB to do it at that command instead of the greeting
	Reply         Kind = "reply"          // host: answers cmd=VERB (for rcpt=ADDR) with code=N [status=X.Y.Z] [text=...]
	StripSTARTTLS Kind = "strip-starttls" // host: an attacker on the path to it overwrites STARTTLS in its EHLO reply
	SPFRecord     Kind = "spf-record"     // domain: its SPF TXT record is value=TEXT instead (no value: it has none)
	DKIMBreak     Kind = "dkim-break"     // host: changes the body of what it passes on (a list footer), after signing
	DMARCPolicy   Kind = "dmarc-policy"   // domain: its DMARC policy p= is value=none|quarantine|reject (default reject)
	Spoof         Kind = "spoof"          // host: an outside machine sends it a forged message From: sender=ADDR, MAIL FROM envelope=ADDR, to rcpt=ADDR
)

// Kinds lists every kind, in the order the documentation gives them: the last ones
// are an attacker on the network path (TLS on the way), the sender-authentication
// kinds (RFC 7208, RFC 6376, RFC 7489), which only matter in a world whose receivers
// check senders, and a forger outside the world's organisations.
var Kinds = []Kind{Down, Refuse, Drop, Slow, Partition, NXDomain, ServFail, NoMX, DeadMX, NullMX,
	UnknownUser, MailboxFull, TooLarge, Greylist, RelayDenied, WrongPassword, NoAuth, TLSRequired, Shutdown, Reply,
	StripSTARTTLS, SPFRecord, DKIMBreak, DMARCPolicy, Spoof}

// DMARCPolicies are the values of a dmarc-policy fault, as DMARC's p= names them
// (RFC 7489 §6.3).
var DMARCPolicies = []string{"none", "quarantine", "reject"}

// Known reports whether k is a fault kind.
func Known(k Kind) bool { return slices.Contains(Kinds, k) }

// keys each kind accepts besides from, until, step and count.
var kindKeys = map[Kind][]string{
	Refuse: {"port"}, Drop: {"when"}, Slow: {"delay"}, Partition: {"peer"}, TooLarge: {"size"},
	Shutdown: {"cmd"}, Reply: {"cmd", "rcpt", "code", "status", "text"}, SPFRecord: {"value"},
	DMARCPolicy: {"value"}, Spoof: {"sender", "envelope", "rcpt"},
}

// Fault is one parsed fault.
type Fault struct {
	Kind   Kind
	Target string // host, DNS name, domain or address, by kind

	Port     int           // refuse
	When     string        // drop: before-dot or after-dot
	Delay    time.Duration // slow
	Peer     string        // partition
	Size     int           // too-large
	Cmd      string        // shutdown, reply: the verb, upper case
	Rcpt     string        // reply: only for this recipient
	Code     int           // reply
	Status   string        // reply
	Text     string        // reply
	Value    string        // spf-record: the record's text, "" for no record; dmarc-policy: the policy
	Sender   string        // spoof: the From: address the forger writes
	Envelope string        // spoof: the MAIL FROM the forger gives; "" means Sender

	From  time.Duration // active from this virtual time
	Until time.Duration // active before this virtual time; 0 means for ever
	Step  int           // active once the trace holds this many events; 0 means from the start
	Count int           // affects only the first Count occasions; 0 means all
}

// SyntaxError is a fault spec that does not parse. Col is the 1-based column in the spec.
// Msg is the English text; Key and Args name the same problem for a page that says it
// in another language (Key is one of Keys, Args its arguments in the order of Msg).
type SyntaxError struct {
	Col  int
	Msg  string
	Key  string
	Args []any
}

// Keys lists the keys a SyntaxError can have, for translations and their tests.
var Keys = []string{"no-target", "kind", "target", "key-value", "takes", "twice",
	"field.duration", "field.duration-long", "field.positive", "field.number", "field.code", "field.when",
	"reply-needs", "reply-cmd", "reply-code", "reply-421", "partition-needs", "slow-needs", "until-order", "status-class", "field.address"}

// ReplyCommands are the commands a reply fault may answer (cmd=): those the servers
// know and RFC 5321 §4.3.2 gives failure replies, and RSET, NOOP and QUIT, which may
// only get 421, as any command may.
var ReplyCommands = []string{"HELO", "EHLO", "MAIL", "RCPT", "DATA", "VRFY", "HELP", "AUTH", "STARTTLS", "RSET", "NOOP", "QUIT"}

// syntax is a SyntaxError whose English text is format filled with args.
func syntax(col int, key, format string, args ...any) *SyntaxError {
	return &SyntaxError{Col: col, Msg: fmt.Sprintf(format, args...), Key: key, Args: args}
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("col %d: %s", e.Col, e.Msg) }

// Parse reads one fault spec.
func Parse(spec string) (Fault, error) {
	var f Fault
	head, rest, hasRest := strings.Cut(spec, ",")
	kind, target, ok := strings.Cut(head, ":")
	if !ok {
		return f, syntax(1, "no-target", "%q has no target (expected KIND:TARGET, e.g. down:mx.example.net)", spec)
	}
	f.Kind = Kind(strings.ToLower(strings.TrimSpace(kind)))
	if !Known(f.Kind) {
		return f, syntax(1, "kind", "unknown fault kind %q (expected one of %s)", kind, kindList())
	}
	f.Target = strings.TrimSpace(target)
	if f.Target == "" || strings.ContainsAny(f.Target, " \t=") {
		return f, syntax(len(kind)+2, "target", "bad target %q (expected a host, domain or address)", target)
	}
	col := len(head) + 2
	seen := map[string]bool{}
	for hasRest {
		var item string
		item, rest, hasRest = strings.Cut(rest, ",")
		if err := f.set(item, col, seen); err != nil {
			return f, err
		}
		col += len(item) + 1
	}
	if err := f.check(); err != nil {
		return f, err
	}
	return f, nil
}

func kindList() string {
	var s []string
	for _, k := range Kinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

func (f *Fault) set(item string, col int, seen map[string]bool) error {
	key, value, ok := strings.Cut(item, "=")
	key = strings.ToLower(strings.TrimSpace(key))
	value = strings.TrimSpace(value)
	bad := func(key, format string, args ...any) error { return syntax(col, key, format, args...) }
	if !ok || value == "" {
		return bad("key-value", "%q is not key=value", item)
	}
	allowed := append([]string{"from", "until", "step", "count"}, kindKeys[f.Kind]...)
	if !slices.Contains(allowed, key) {
		return bad("takes", "%s does not take %q (expected one of %s)", f.Kind, key, strings.Join(allowed, ", "))
	}
	if seen[key] {
		return bad("twice", "%q given twice", key)
	}
	seen[key] = true
	var err error
	// what names the problem of a value that does not do, with its arguments after key.
	what, whatArgs := "", []any{value}
	switch key {
	case "from":
		f.From, err = ParseDuration(value)
	case "until":
		f.Until, err = ParseDuration(value)
	case "delay":
		f.Delay, err = ParseDuration(value)
	case "step":
		f.Step, err = positive(value)
	case "count":
		f.Count, err = positive(value)
	case "port":
		f.Port, err = positive(value)
	case "size":
		f.Size, err = positive(value)
	case "code":
		f.Code, err = strconv.Atoi(value)
		what = "number"
		if err == nil && (f.Code < 200 || f.Code > 599) {
			err = fmt.Errorf("reply code %d is not between 200 and 599", f.Code)
			what, whatArgs = "code", []any{f.Code}
		}
	case "when":
		f.When = strings.ToLower(value)
		if f.When != "before-dot" && f.When != "after-dot" {
			err = fmt.Errorf("when=%s (expected before-dot or after-dot)", value)
			what = "when"
		}
	case "cmd":
		f.Cmd = strings.ToUpper(value)
	case "peer":
		f.Peer = value
	case "rcpt":
		f.Rcpt = value
		if f.Kind == Spoof && !isAddress(value) {
			return bad("field.address", "%s: %q is not an address (expected e.g. bob@example.net)", key, value)
		}
	case "sender", "envelope":
		if !isAddress(value) {
			return bad("field.address", "%s: %q is not an address (expected e.g. bob@example.net)", key, value)
		}
		if key == "sender" {
			f.Sender = value
		} else {
			f.Envelope = value
		}
	case "status":
		f.Status = value
	case "text":
		f.Text = value
	case "value":
		f.Value = value
		if f.Kind == DMARCPolicy {
			f.Value = strings.ToLower(value)
			if !slices.Contains(DMARCPolicies, f.Value) {
				var want []string
				for _, p := range DMARCPolicies {
					want = append(want, "value="+p)
				}
				return bad("takes", "%s does not take %q (expected one of %s)", f.Kind, item, strings.Join(want, ", "))
			}
		}
	}
	if err != nil {
		switch {
		case errors.Is(err, ErrTooLong):
			what, whatArgs = "duration-long", []any{value, FormatDuration(MaxDuration)}
		case what != "":
		case key == "from" || key == "until" || key == "delay":
			what = "duration"
		default:
			what = "positive"
		}
		e := bad("field."+what, "%s: %v", key, err)
		e.(*SyntaxError).Args = append([]any{key}, whatArgs...)
		return e
	}
	return nil
}

// isAddress reports whether s looks like a bare mail address: one "@" with text on
// both sides, no spaces or angle brackets.
func isAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " <>\t") && !strings.Contains(domain, "@")
}

func positive(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive number", s)
	}
	return n, nil
}

func (f *Fault) check() *SyntaxError {
	if f.Kind == DMARCPolicy && f.Value == "" {
		f.Value = "reject"
	}
	switch {
	case f.Kind == Reply && (f.Cmd == "" || f.Code == 0):
		return syntax(1, "reply-needs", "reply needs cmd=VERB and code=N")
	case f.Kind == Reply && !slices.Contains(ReplyCommands, f.Cmd):
		return syntax(1, "reply-cmd", "cmd=%s is no command a server answers with a failure (expected one of %s)", f.Cmd, strings.Join(ReplyCommands, ", "))
	case f.Kind == Reply && f.Code < 400:
		// The server answers the injected code instead of doing the command: a 2xx or
		// 3xx would say yes to what it then does not do (250 to RCPT, and 503 "need
		// RCPT" to DATA).
		return syntax(1, "reply-code", "code=%d says yes, but an injected reply refuses the command (expected 4xx or 5xx)", f.Code)
	case f.Kind == Reply && f.Code != 421 && slices.Contains([]string{"RSET", "NOOP", "QUIT"}, f.Cmd):
		return syntax(1, "reply-421", "%s has no failure reply but 421 (RFC 5321 §4.3.2)", f.Cmd)
	case f.Kind == Partition && f.Peer == "":
		return syntax(1, "partition-needs", "partition needs peer=HOST")
	case f.Kind == Slow && f.Delay == 0:
		return syntax(1, "slow-needs", "slow needs delay=DURATION")
	case f.Until != 0 && f.Until <= f.From:
		return syntax(1, "until-order", "until=%s is not after from=%s", FormatDuration(f.Until), FormatDuration(f.From))
	case f.Status != "" && f.Code != 0 && f.Status[0] != byte('0'+f.Code/100):
		return syntax(1, "status-class", "status %s does not match the class of code %d", f.Status, f.Code)
	}
	if f.Kind == Drop && f.When == "" {
		f.When = "before-dot"
	}
	if f.Kind == TooLarge && f.Size == 0 {
		f.Size = 1000
	}
	return nil
}

// String gives the canonical spec, which Parse reads back to the same Fault.
func (f Fault) String() string {
	parts := []string{string(f.Kind) + ":" + f.Target}
	add := func(k, v string) { parts = append(parts, k+"="+v) }
	if f.Port != 0 {
		add("port", strconv.Itoa(f.Port))
	}
	if f.When != "" {
		add("when", f.When)
	}
	if f.Delay != 0 {
		add("delay", FormatDuration(f.Delay))
	}
	if f.Peer != "" {
		add("peer", f.Peer)
	}
	if f.Size != 0 {
		add("size", strconv.Itoa(f.Size))
	}
	if f.Cmd != "" {
		add("cmd", f.Cmd)
	}
	if f.Rcpt != "" {
		add("rcpt", f.Rcpt)
	}
	if f.Code != 0 {
		add("code", strconv.Itoa(f.Code))
	}
	if f.Status != "" {
		add("status", f.Status)
	}
	if f.Text != "" {
		add("text", f.Text)
	}
	if f.Value != "" {
		add("value", f.Value)
	}
	if f.Sender != "" {
		add("sender", f.Sender)
	}
	if f.Envelope != "" {
		add("envelope", f.Envelope)
	}
	if f.From != 0 {
		add("from", FormatDuration(f.From))
	}
	if f.Until != 0 {
		add("until", FormatDuration(f.Until))
	}
	if f.Step != 0 {
		add("step", strconv.Itoa(f.Step))
	}
	if f.Count != 0 {
		add("count", strconv.Itoa(f.Count))
	}
	return strings.Join(parts, ",")
}

// ActiveAt reports whether the fault applies at virtual time now when the trace holds
// events events. Count is the caller's business: it knows how often the fault was used.
func (f Fault) ActiveAt(now time.Duration, events int) bool {
	return now >= f.From && (f.Until == 0 || now < f.Until) && events >= f.Step
}

// ParseDuration reads Go durations ("90s", "1h30m") and also days ("5d", "2d12h"),
// the unit queue lifetimes are given in. A value past MaxDuration (about 292 years) is
// an error that quotes s as written, never a wrapped number.
func ParseDuration(s string) (time.Duration, error) {
	bad := func(why string) error {
		return fmt.Errorf("bad duration %q%s (expected e.g. 300s, 10m, 2h, 5d)", s, why)
	}
	tooLong := fmt.Errorf("%w: %q is longer than %s (expected e.g. 300s, 10m, 2h, 5d)", ErrTooLong, s, FormatDuration(MaxDuration))
	var days time.Duration
	rest := s
	if d, r, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.ParseInt(d, 10, 64)
		if err != nil && errors.Is(err, strconv.ErrRange) || err == nil && n > int64(MaxDuration/(24*time.Hour)) {
			return 0, tooLong
		}
		if err != nil || n < 0 || d == "" || d[0] == '+' {
			return 0, bad("")
		}
		days = time.Duration(n) * 24 * time.Hour
		if r == "" {
			return days, nil
		}
		rest = r
	}
	d, err := time.ParseDuration(rest)
	if err != nil && strings.Contains(err.Error(), "invalid duration") && overflows(rest) {
		return 0, tooLong
	}
	if err != nil || d < 0 || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") {
		return 0, bad("")
	}
	if d > MaxDuration-days {
		return 0, tooLong
	}
	return days + d, nil
}

// ErrTooLong is the error of a duration longer than MaxDuration.
var ErrTooLong = errors.New("duration too long")

// MaxDuration is the longest duration ParseDuration reads: time.Duration's limit.
const MaxDuration = time.Duration(math.MaxInt64)

// overflows reports whether s is a well-formed Go duration that is too long to hold:
// time.ParseDuration says "invalid duration" for both.
func overflows(s string) bool { return isGoDuration(s) }

// isGoDuration reports whether s is written as time.ParseDuration reads it, without a
// sign and whatever its size: one or more numbers ("5", "1.5", "2.", ".5"), each
// followed by a unit.
func isGoDuration(s string) bool {
	if s == "" {
		return false
	}
	for s != "" {
		whole := len(s) - len(strings.TrimLeft(s, "0123456789"))
		n := whole
		if n < len(s) && s[n] == '.' {
			fraction := len(s[n+1:]) - len(strings.TrimLeft(s[n+1:], "0123456789"))
			if whole == 0 && fraction == 0 {
				return false
			}
			n += 1 + fraction
		} else if whole == 0 {
			return false
		}
		s = s[n:]
		// A number cannot begin with "s", so "ms" is always milliseconds, never "m".
		unit := ""
		for _, u := range []string{"ns", "us", "µs", "μs", "ms", "s", "m", "h"} {
			if strings.HasPrefix(s, u) {
				unit = u
				break
			}
		}
		if unit == "" {
			return false
		}
		s = s[len(unit):]
	}
	return true
}

// FormatDuration writes a duration the way ParseDuration reads it, days included.
func FormatDuration(d time.Duration) string {
	day := 24 * time.Hour
	if d >= day {
		days := d / day
		rest := d % day
		if rest == 0 {
			return fmt.Sprintf("%dd", days)
		}
		return fmt.Sprintf("%dd%s", days, shortDuration(rest))
	}
	return shortDuration(d)
}

// shortDuration drops Go's zero minute and second parts ("5m0s" → "5m").
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
