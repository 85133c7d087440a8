// Package scenariofile reads scenario files (sim/scenario/FORMAT.md) into a
// scenario.Scenario, checked and with its defaults, or says what is wrong with them as
// FILE:LINE:COL: what is wrong (what was expected). A program that runs only scenarios
// compiled in (the page) does not link it, nor the YAML library under it.
package scenariofile

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"smtpsim/sim/budget"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/yamlfile"
)

// Parse reads a scenario file (FORMAT.md describes it), checks it and returns it with
// Defaults applied. On failure the error is a scenario.ErrorList with every problem found.
func Parse(filename string, src []byte) (*scenario.Scenario, error) {
	if len(src) > budget.FileBytes {
		return nil, scenario.ErrorList{yamlfile.NewProblem(filename, yamlfile.Pos{Line: 1, Col: 1}, "%s", scenario.TooLarge(len(src)))}
	}
	docs, err := yamlfile.Read(filename, src, 1)
	if p := documentProblem(filename, src, docs, err); p != nil {
		return nil, scenario.ErrorList{p}
	}
	s, problems := decode(docs[0].Root)
	if len(problems) > 0 {
		return nil, problems
	}
	return s, nil
}

// World is a scenario written inside another file, as the world: of a lesson.
type World struct{ scenario.Scenario }

// UnmarshalYAMLFile decodes a scenario written inside another file, as the world: of a
// lesson, with the rules of Parse. Its problems carry their places in that file; with
// any, s is left as it was.
func (s *World) UnmarshalYAMLFile(v *yamlfile.Value) {
	sc, problems := decode(v.Node)
	v.Add(problems)
	if sc != nil {
		s.Scenario = *sc
	}
}

// emptyScenario is the message for a file or a value without a scenario. It is made
// when needed: listing the keys walks the Scenario type, too slow for the page's start.
func emptyScenario() yamlfile.Phrase {
	return yamlfile.P("empty scenario (expected a mapping with keys %s)", strings.Join(yamlfile.Keys[scenario.Scenario](), ", "))
}

// format is how a scenario file reads: FORMAT.md in Go.
var format = yamlfile.Format{
	Words: yamlfile.Words{TooBig: func(limit int) yamlfile.Phrase {
		return yamlfile.P("the scenario is too big: more than %d values once aliases are expanded (expected a scenario a learner can follow)", limit)
	}},
	Rules:       []yamlfile.Rule{seedRule, booleanRule, durationRule, timeRule, sizeRule, dataRule, recordRule, faultRule},
	NullIsEmpty: true,
	OneAsList:   true,
	MaxValues:   200_000,
}

// decode reads the scenario at n, validates it and applies the defaults.
func decode(n yamlfile.Node) (*scenario.Scenario, scenario.ErrorList) {
	if n.Null() {
		at := n.Pos()
		return nil, scenario.ErrorList{yamlfile.NewProblem(n.File(), at, "%s", emptyScenario())}
	}
	s := &scenario.Scenario{}
	problems, places := n.Decode(&format, "the scenario", s)
	// The file's own length is an attachment's size; writing both is allowed, and
	// validate checks that they agree.
	for i := range s.Messages {
		for j := range s.Messages[i].Attachments {
			if a := &s.Messages[i].Attachments[j]; a.Data != nil && !places.Given(&a.Size) {
				a.Size = len(a.Data)
			}
		}
	}
	s.Defaults()
	if !places.Broken(s) { // not a mapping, or too big: the checks would only guess
		problems = append(problems, scenario.ValidateFile(s, n.File(), places)...)
	}
	if len(problems) > 0 {
		return nil, problems.Sorted()
	}
	return s, nil
}

// documentProblem checks that a file holds one YAML document with something in it.
func documentProblem(file string, src []byte, docs []yamlfile.Document, err *yamlfile.SyntaxError) *scenario.Error {
	switch {
	case err != nil && err.Crashed:
		return yamlfile.NewProblem(file, fileStart, "the YAML reader failed: %s (expected a YAML mapping)", err.Msg)
	case len(docs) == 0 && err == nil:
		return yamlfile.NewProblem(file, fileStart, "%s", emptyScenario())
	case len(docs) == 0:
		return syntaxProblem(file, src, err)
	}
	// A trailing "---" (as after front matter) starts an empty document: harmless.
	for _, d := range docs[1:] {
		if !d.Root.Empty() {
			return yamlfile.NewProblem(file, d.Pos, "a second YAML document (expected one scenario per file)")
		}
	}
	if err != nil {
		return syntaxProblem(file, src, err)
	}
	if docs[0].Root.IsZero() {
		return yamlfile.NewProblem(file, fileStart, "%s", emptyScenario())
	}
	return nil
}

// unknownAnchor finds the alias name in the library's message about an alias
// without an anchor.
var unknownAnchor = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^unknown anchor '(.*)' referenced$`) })

// syntaxProblem words YAML that does not parse. The library gives no column; a tab in
// the indentation, the commonest cause, gets its own message.
func syntaxProblem(file string, src []byte, e *yamlfile.SyntaxError) *scenario.Error {
	lines := strings.Split(string(src), "\n")
	line := max(e.Line, 1)
	if m := unknownAnchor().FindStringSubmatch(e.Msg); m != nil {
		// The library says which alias but not where; the first use of it is the one.
		for i, text := range lines {
			if col := strings.Index(text, "*"+m[1]); col >= 0 {
				return yamlfile.NewProblem(file, yamlfile.Pos{Line: i + 1, Col: utf8.RuneCountInString(text[:col]) + 1},
					"alias *%s names no anchor (expected &%s on a value above it)", m[1], m[1])
			}
		}
	}
	// The library counts the line after a scanner error's line in some cases; look at
	// both for the tab.
	for _, l := range []int{line, line - 1} {
		if l >= 1 && l <= len(lines) {
			text := lines[l-1]
			if indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]; strings.Contains(indent, "\t") {
				return yamlfile.NewProblem(file, yamlfile.Pos{Line: l, Col: strings.IndexByte(indent, '\t') + 1}, "tab in indentation (expected spaces: YAML does not allow tabs there)")
			}
		}
	}
	return yamlfile.NewProblem(file, yamlfile.Pos{Line: line, Col: 1}, "YAML syntax: %s (expected KEY: VALUE lines and \"- \" list items, indented with spaces)", e.Msg)
}

// The rules for the scalars of a scenario other than text.
var (
	seedRule = yamlfile.Scalar[uint64]{Want: yamlfile.P("a whole number of 0 or more"), Parse: func(v *yamlfile.Value, dst *uint64) {
		n, err := strconv.ParseUint(v.Text(), 0, 64)
		if err != nil {
			v.Fail("%s is %s (expected a whole number from 0 to %d)", v.Noun(), v.Describe(), uint64(math.MaxUint64))
		}
		*dst = n
	}}

	booleanRule = yamlfile.Scalar[bool]{Want: yamlfile.P("true or false"), Parse: func(v *yamlfile.Value, dst *bool) {
		if v.Tag() != "!!bool" {
			v.Fail("%s is %s (expected true or false)", v.Noun(), v.Describe())
			return
		}
		*dst = strings.EqualFold(v.Text(), "true")
	}}

	// A duration reads with fault.ParseDuration, the syntax fault specs use. A leading
	// minus reads too, so that validate can say "before the start" rather than "not a
	// duration".
	durationRule = yamlfile.Scalar[time.Duration]{Want: durationWant, Parse: func(v *yamlfile.Value, dst *time.Duration) {
		text, sign := v.Text(), time.Duration(1)
		if rest, ok := strings.CutPrefix(text, "-"); ok {
			text, sign = rest, -1
		}
		d, err := fault.ParseDuration(text)
		if errors.Is(err, fault.ErrTooLong) {
			v.Fail("%s is %s (expected at most %s: a longer time does not fit the simulator's clock)", v.Noun(), v.Describe(), fault.FormatDuration(fault.MaxDuration))
			return
		}
		if err != nil {
			v.Fail("%s is %s (expected %s)", v.Noun(), v.Describe(), durationWant)
			return
		}
		*dst = sign * d
	}}

	timeRule = yamlfile.Scalar[time.Time]{Want: timeWant, Parse: func(v *yamlfile.Value, dst *time.Time) {
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, v.Text()); err == nil {
				*dst = t
				return
			}
		}
		v.Fail("%s is %s (expected %s)", v.Noun(), v.Describe(), timeWant)
	}}

	sizeRule = yamlfile.Scalar[int]{Want: sizeWant, Parse: func(v *yamlfile.Value, dst *int) {
		n, err := parseSize(v.Text())
		if err != nil {
			v.Fail("%s is %s (expected %s)", v.Noun(), v.Describe(), sizeWant)
		}
		*dst = n
	}}

	// An attachment's data is text as written, or base64 after !!binary for files that
	// are not text.
	dataRule = yamlfile.Scalar[[]byte]{Want: yamlfile.P("text, or !!binary and base64"), Parse: func(v *yamlfile.Value, dst *[]byte) {
		if v.Tag() != "!!binary" {
			*dst = []byte(v.Text())
			return
		}
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v.Text()), ""))
		if err != nil {
			v.Fail("%s is not base64 (expected base64 text after !!binary)", v.Noun())
			return
		}
		*dst = b
	}}

	// A DNS record line reads with dns.ParseRecord; a syntax error points at the bad
	// token inside the line. The place of the record's value (the last field) is kept
	// for validate.
	recordRule = yamlfile.Scalar[dns.Record]{Want: scenario.RecordWant, Null: true, Parse: func(v *yamlfile.Value, dst *dns.Record) {
		r, err := dns.ParseRecord(v.Text())
		if err != nil {
			failSyntax(v, err, scenario.RecordWant)
			return
		}
		*dst = r
		v.Mark(&dst.Value, lastField(v.Text()))
	}}

	// A fault spec reads with fault.Parse. The places of the target and of a partition's
	// peer inside the spec are kept, so that an unknown host is pointed at exactly.
	faultRule = yamlfile.Scalar[fault.Fault]{Want: faultWant, Null: true, Parse: func(v *yamlfile.Value, dst *fault.Fault) {
		spec := v.Text()
		f, err := fault.Parse(spec)
		if err != nil {
			failSyntax(v, err, faultWant)
			return
		}
		*dst = f
		head, rest, _ := strings.Cut(spec, ",")
		kind, target, _ := strings.Cut(head, ":")
		v.Mark(&dst.Target, len(kind)+1+leadingBlanks(target))
		off := len(head) + 1
		for item := range strings.SplitSeq(rest, ",") {
			key, value, _ := strings.Cut(item, "=")
			if strings.EqualFold(strings.TrimSpace(key), "peer") {
				v.Mark(&dst.Peer, off+len(key)+1+leadingBlanks(value))
			}
			off += len(item) + 1
		}
	}}
)

var (
	durationWant = yamlfile.P("a duration such as 300s, 10m, 2h or 5d")
	timeWant     = yamlfile.P("a time such as 2026-11-25T09:00:00Z, or a date such as 2026-11-25")
	faultWant    = yamlfile.P(`a fault such as "down:mx.example.net,until=30m"`)
)

// fileStart is the place of a problem with a file as a whole.
var fileStart = yamlfile.Pos{Line: 1, Col: 1}

// timeLayouts are the forms start may take: RFC 3339 as YAML timestamps are written,
// and a bare date for midnight UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02"}

var sizeWant = yamlfile.P("a size such as 10485760, 20KB, 1MB or 1MiB")

// sizeUnits are the suffixes a size may carry. KB, MB and GB are decimal, as mail
// servers and disk makers count (Postfix's message_size_limit is in octets, and 10MB
// there means 10000000); KiB, MiB and GiB are binary, for teachers who think in them.
var sizeUnits = map[string]int{
	"": 1, "b": 1,
	"kb": 1000, "mb": 1000 * 1000, "gb": 1000 * 1000 * 1000,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
}

// parseSize reads a size in octets: a whole number, optionally followed by B, KB,
// MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), in any letter case.
func parseSize(s string) (int, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && '0' <= t[i] && t[i] <= '9' {
		i++
	}
	unit, ok := sizeUnits[strings.ToLower(strings.TrimSpace(t[i:]))]
	n, err := strconv.Atoi(t[:i])
	if !ok || err != nil || n > math.MaxInt/unit {
		return 0, fmt.Errorf("bad size %q (expected %s)", s, sizeWant)
	}
	return n * unit, nil
}

// lastField returns the offset of the last blank-separated field of a record line
// before any comment: the address of an A record. Only called on lines that parsed,
// where an A record has no quoted field for a ';' to hide in.
func lastField(line string) int {
	line, _, _ = strings.Cut(line, ";")
	line = strings.TrimRight(line, " \t\r\n")
	return strings.LastIndexAny(line, " \t") + 1
}

// failSyntax reports a record line or fault spec that does not parse, at the column
// its syntax error names.
func failSyntax(v *yamlfile.Value, err error, want yamlfile.Phrase) {
	var record *dns.SyntaxError
	var spec *fault.SyntaxError
	switch {
	case errors.As(err, &record):
		failExpected(func(f string, a ...any) { v.FailAt(record.Col-1, f, a...) }, record.Msg, yamlfile.P(record.Format, scenario.DNSArgs(record.Args)...), want)
	case errors.As(err, &spec):
		failExpected(func(f string, a ...any) { v.FailAt(spec.Col-1, f, a...) }, spec.Msg, scenario.FaultProblem(spec), want)
	default:
		failExpected(v.Fail, err.Error(), err.Error(), want)
	}
}

// failExpected reports msg, said as text, adding "(expected want)" to a message from
// the dns or fault package that does not say what was expected, so that every message
// has the same shape.
func failExpected(fail func(format string, args ...any), msg string, text any, want yamlfile.Phrase) {
	if strings.Contains(msg, "(expected") || strings.Contains(msg, "(want") {
		fail("%s", text)
		return
	}
	fail("%s (expected %s)", text, want)
}

func leadingBlanks(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }
