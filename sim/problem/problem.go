// Package problem says what is wrong with a file a teacher wrote, as FILE:LINE:COL:
// what is wrong (what was expected), in English or another language: the places,
// phrases and problems that sim/yamlfile's decoder and the checks after it report.
// It reads no YAML, so a program that only checks values built in Go (the page, with
// its compiled course) links no YAML library.
package problem

import (
	"fmt"
	"slices"
	"strings"
)

// Pos is a place in a file: a 1-based line and column. Columns count characters, as
// editors do, not octets. The zero Pos is no place.
type Pos struct{ Line, Col int }

// Problem is one thing wrong in a file. Line is 0 when it has no place in a file (a
// scenario built in Go, a file as a whole).
type Problem struct {
	File      string
	Line, Col int
	Msg       string // what is wrong (what was expected), in English
	Text      Phrase // Msg as a phrase, to say it in another language; zero when Msg has none
}

// NewProblem is the problem format filled with args at a place in file.
func NewProblem(file string, at Pos, format string, args ...any) *Problem {
	text := P(format, args...)
	return &Problem{File: file, Line: at.Line, Col: at.Col, Msg: text.String(), Text: text}
}

// Error returns "FILE:LINE:COL: what is wrong (what was expected)", the form editors and
// `smtpsim validate` print; the parts that are unknown are left out.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File + ":")
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", p.Line, p.Col)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(p.Msg)
	return b.String()
}

// In returns the problem as Error does, with what is wrong said in lang. The file,
// line and column stay, so that a teacher finds the place whatever the language.
func (p *Problem) In(lang string) string {
	q := *p
	if p.Text.Format != "" {
		q.Msg = p.Text.In(lang)
	}
	return q.Error()
}

// Problems is every problem found, so that a file is fixed in one round instead of one
// error per run.
type Problems []*Problem

// Error returns the problems one a line.
func (l Problems) Error() string {
	s := make([]string, len(l))
	for i, p := range l {
		s[i] = p.Error()
	}
	return strings.Join(s, "\n")
}

// Add records a problem at a place in file.
func (l *Problems) Add(file string, at Pos, format string, args ...any) {
	*l = append(*l, NewProblem(file, at, format, args...))
}

// In returns the problems one a line, said in lang.
func (l Problems) In(lang string) string {
	s := make([]string, len(l))
	for i, p := range l {
		s[i] = p.In(lang)
	}
	return strings.Join(s, "\n")
}

// Err returns l, or nil when it is empty.
func (l Problems) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Sorted returns the problems in file order, each once: an alias shows one bad value in
// every place that names it.
func (l Problems) Sorted() Problems {
	s := slices.Clone(l)
	slices.SortStableFunc(s, func(a, b *Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return slices.CompactFunc(s, func(a, b *Problem) bool {
		return a.File == b.File && a.Line == b.Line && a.Col == b.Col && a.Msg == b.Msg
	})
}
