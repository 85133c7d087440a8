package lessons

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"smtpsim/sim/problem"
	"smtpsim/sim/trace"
)

// Selector finds one event of a trace by what it is, not by its number, so that a
// lesson survives small edits of its scenario: "first line code=354",
// "2nd defer rcpt=bob@example.net", "last deliver", "first dns-query line^=example.net".
//
// Grammar: [ORDINAL] KIND [FIELD OP VALUE]...
// ORDINAL is first (the default), last, or Nth (2nd, 3rd, 4th …). KIND is a trace
// event kind or "any". FIELD is one of actor, peer, dir, proto, port, line, code,
// status, reason, msg, rcpt, dsn, octets, fault, the facts of a check (auth.method,
// auth.result, auth.domain …) and of a hop's encryption (tls.state, tls.how,
// tls.policy); OP is = (equal), ^= (starts with),
// ~= (contains) or != (not equal). A value with spaces goes in double quotes:
// actor="MUA bob@example.net". Claims (checkpoint options) may also test kind.
// There is no field for an event's text: it is a rendering for people, and a lesson
// that matched on it would break with every change of wording.
type Selector struct {
	Source string
	Nth    int // 1-based; -1 means last
	Kind   trace.Kind
	Conds  []Cond
}

// Cond is one FIELD OP VALUE test.
type Cond struct {
	Field, Op, Value string
}

// Fields a condition may test, and a placeholder may quote (see Field).
var fields = []string{"kind", "actor", "peer", "dir", "proto", "port", "line", "code", "status", "reason", "msg", "rcpt", "dsn", "octets", "fault",
	"failure", "mailbox", "uid", "queue_id", "count", "lines", "altered",
	"auth.method", "auth.result", "auth.domain", "auth.identity", "auth.selector", "auth.algorithm", "auth.policy",
	"tls.state", "tls.how", "tls.policy"}

// numeric fields take = and != only.
var numeric = []string{"code", "port", "octets", "uid", "count", "lines"}

var kinds = []trace.Kind{trace.KindConnect, trace.KindRefused, trace.KindUnreachable, trace.KindClose, trace.KindLine, trace.KindData,
	trace.KindTimeout, trace.KindTLS, trace.KindDNSQuery, trace.KindDNSAnswer, trace.KindSubmit, trace.KindEnqueue, trace.KindAttempt,
	trace.KindDefer, trace.KindHandoff, trace.KindDeliver, trace.KindBounce, trace.KindDoubleBounce, trace.KindExpire, trace.KindReject,
	trace.KindFault, trace.KindFetch, trace.KindRemove, trace.KindSign, trace.KindAuth}

// SelectorError is a selector that does not parse; Col is 1-based within the selector.
type SelectorError struct {
	Col  int
	Msg  string         // in English
	Text problem.Phrase // Msg, to say it in another language
}

func selectorError(col int, format string, args ...any) *SelectorError {
	text := problem.P(format, args...)
	return &SelectorError{Col: col, Msg: text.String(), Text: text}
}

func (e *SelectorError) Error() string { return fmt.Sprintf("col %d: %s", e.Col, e.Msg) }

// ParseSelector reads a selector.
func ParseSelector(s string) (Selector, error) {
	sel := Selector{Source: s, Nth: 1}
	words, cols := splitWords(s)
	if len(words) == 0 {
		return sel, selectorError(1, "empty selector (expected e.g. \"first line code=354\")")
	}
	i := 0
	if n, ok := ordinal(words[0]); ok {
		sel.Nth = n
		i++
	}
	if i >= len(words) {
		return sel, selectorError(cols[len(cols)-1], "missing event kind after %s", words[0])
	}
	kind := trace.Kind(words[i])
	if words[i] != "any" && !slices.Contains(kinds, kind) {
		return sel, selectorError(cols[i], "unknown event kind %q (expected any or one of %s)", words[i], kindNames())
	}
	if words[i] != "any" {
		sel.Kind = kind
	}
	conds, err := parseConds(words[i+1:], cols[i+1:])
	sel.Conds = conds
	return sel, err
}

// ParseClaim reads the conditions alone ("code=354 status=2.0.0"), as checkpoint
// options state what the anchored event is.
func ParseClaim(s string) ([]Cond, error) {
	words, cols := splitWords(s)
	if len(words) == 0 {
		return nil, selectorError(1, "empty claim (expected e.g. code=354)")
	}
	return parseConds(words, cols)
}

func parseConds(words []string, cols []int) ([]Cond, error) {
	var out []Cond
	for j, w := range words {
		c, ok := splitCond(w)
		if !ok {
			return out, selectorError(cols[j], "%q is not FIELD=VALUE (operators =, ^=, ~=, !=)", w)
		}
		if !slices.Contains(fields, c.Field) {
			return out, selectorError(cols[j], "unknown field %q (expected one of %s)", c.Field, strings.Join(fields, ", "))
		}
		if slices.Contains(numeric, c.Field) && (c.Op != "=" && c.Op != "!=" || !isNumber(c.Value)) {
			return out, selectorError(cols[j], "%s takes a number with = or != (got %q)", c.Field, w)
		}
		out = append(out, c)
	}
	return out, nil
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func splitCond(w string) (Cond, bool) {
	for _, op := range []string{"^=", "~=", "!="} {
		if f, v, ok := strings.Cut(w, op); ok && f != "" && v != "" {
			return Cond{Field: f, Op: op, Value: v}, true
		}
	}
	f, v, ok := strings.Cut(w, "=")
	return Cond{Field: f, Op: "=", Value: v}, ok && f != "" && v != ""
}

func ordinal(w string) (int, bool) {
	switch w {
	case "first":
		return 1, true
	case "last":
		return -1, true
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if n, ok := strings.CutSuffix(w, suf); ok {
			if v, err := strconv.Atoi(n); err == nil && v > 0 {
				return v, true
			}
		}
	}
	return 0, false
}

func kindNames() string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// splitWords splits on spaces outside double quotes, drops the quotes, and reports
// each word's 1-based column.
func splitWords(s string) ([]string, []int) {
	var words []string
	var cols []int
	var cur strings.Builder
	start, quoted := -1, false
	for i := 0; i <= len(s); i++ {
		if i == len(s) || !quoted && (s[i] == ' ' || s[i] == '\t') {
			if start >= 0 {
				words = append(words, cur.String())
				cols = append(cols, start+1)
				cur.Reset()
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
		if s[i] == '"' {
			quoted = !quoted
			continue
		}
		cur.WriteByte(s[i])
	}
	return words, cols
}

// String gives the selector as written.
func (s Selector) String() string { return s.Source }

// Matches reports whether e satisfies the selector's kind and conditions.
func (s Selector) Matches(e trace.Event) bool {
	return (s.Kind == "" || e.Kind == s.Kind) && Holds(s.Conds, e)
}

// Holds reports whether every condition is true of e.
func Holds(conds []Cond, e trace.Event) bool {
	for _, c := range conds {
		if !c.holds(e) {
			return false
		}
	}
	return true
}

func (c Cond) holds(e trace.Event) bool {
	v := Field(e, c.Field)
	switch c.Op {
	case "^=":
		return strings.HasPrefix(strings.ToLower(v), strings.ToLower(c.Value))
	case "~=":
		return strings.Contains(strings.ToLower(v), strings.ToLower(c.Value))
	case "!=":
		return !strings.EqualFold(v, c.Value)
	}
	return strings.EqualFold(v, c.Value)
}

// Field returns the value of one of an event's fields (see fields) as text, or "" when
// the event does not have it (a number that is zero counts as absent). Conditions and
// placeholders both read events through it.
func Field(e trace.Event, name string) string {
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	switch name {
	case "kind":
		return string(e.Kind)
	case "actor":
		return e.Actor
	case "peer":
		return e.Peer
	case "dir":
		return e.Dir
	case "proto":
		return e.Proto
	case "port":
		return num(e.Port)
	case "line":
		return e.Line
	case "code":
		return num(e.Code)
	case "status":
		return e.Status
	case "reason":
		return e.Reason
	case "msg":
		return e.Msg
	case "rcpt":
		return e.Rcpt
	case "dsn":
		return e.DSN
	case "octets":
		return num(e.Octets)
	case "fault":
		return e.Fault
	case "failure":
		return e.Failure
	case "mailbox":
		return e.Mailbox
	case "uid":
		return num(int(e.UID))
	case "queue_id":
		return e.QueueID
	case "count":
		return num(e.Count)
	case "lines":
		return num(e.Lines)
	case "altered":
		return e.Altered
	}
	if sub, ok := strings.CutPrefix(name, "auth."); ok && e.Auth != nil {
		return authField(*e.Auth, sub)
	}
	if sub, ok := strings.CutPrefix(name, "tls."); ok && e.TLS != nil {
		return map[string]string{"state": e.TLS.State, "how": e.TLS.How, "policy": e.TLS.Policy}[sub]
	}
	return ""
}

// authField is one fact of a sign or auth event, named as in the JSON trace.
func authField(a trace.Auth, name string) string {
	return map[string]string{"method": a.Method, "result": a.Result, "domain": a.Domain, "identity": a.Identity,
		"selector": a.Selector, "algorithm": a.Algorithm, "policy": a.Policy}[name]
}

// Find returns the index of the event the selector names, or -1.
func (s Selector) Find(tr *trace.Trace) int {
	if s.Nth == -1 {
		for i := tr.Len() - 1; i >= 0; i-- {
			if s.Matches(tr.At(i)) {
				return i
			}
		}
		return -1
	}
	seen := 0
	for i, e := range tr.All() {
		if s.Matches(e) {
			seen++
			if seen == s.Nth {
				return i
			}
		}
	}
	return -1
}
