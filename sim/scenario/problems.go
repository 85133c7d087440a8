package scenario

import (
	"fmt"
	"io"
	"io/fs"

	"smtpsim/sim/budget"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/problem"
	"smtpsim/sim/quotemark"
)

// Error is one problem in a scenario file, at a 1-based line and column: the type every
// file of the simulator reports problems with. Line is 0 when the problem has no place
// in a file (Scenario.Validate on a scenario built in Go).
type Error = problem.Problem

// ErrorList is every problem found in a scenario, in file order. A teacher fixes a
// file in one round instead of one error per run.
type ErrorList = problem.Problems

// TooLarge words the problem of a file of n octets, more than budget.FileBytes: such a
// file is refused before it is parsed. n = FileBytes+1 is what a reader that stopped
// there saw, and reads "more than".
func TooLarge(n int) problem.Phrase {
	has := problem.P("%d", n)
	if n <= budget.FileBytes+1 {
		has = problem.P("more than %d", budget.FileBytes)
	}
	return problem.P("the file has %s octets (expected at most %d: a scenario or lesson a learner can follow is far smaller)", has, budget.FileBytes)
}

// ReadFile reads a file for a parser, at most budget.FileBytes+1 octets of it: a file of
// gigabytes is refused without reading it all.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, budget.FileBytes+1))
}

// RecordWant is what a DNS record of a scenario looks like, for a problem.
var RecordWant = problem.P(`a record such as "example.net MX 10 mx.example.net"`)

// DNSText is an error of the dns package as text for a problem, a phrase whose
// arguments may be such errors in turn; anything else stays as it is.
func DNSText(v any) any {
	if e, ok := v.(*dns.Error); ok {
		return problem.P(e.Format, DNSArgs(e.Args)...)
	}
	return v
}

// DNSArgs is DNSText of each argument.
func DNSArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = DNSText(a)
	}
	return out
}

// FaultProblem is a fault spec's syntax error as text for a problem: the English of
// the fault package, and in another language the words problems.LANG.yaml has for its
// key ("fault.error." + Key).
func FaultProblem(e *fault.SyntaxError) fmt.Stringer { return faultText{e} }

type faultText struct{ e *fault.SyntaxError }

func (f faultText) String() string { return f.e.Msg }

func (f faultText) In(lang string) string {
	if format, ok := problem.Translation(lang, "fault.error."+f.e.Key); ok && lang != "en" && f.e.Key != "" {
		return fmt.Sprintf(format, quotemark.Args(lang, f.e.Args)...)
	}
	return f.e.Msg
}
