package yamlfile

import (
	_ "embed"
	"sync"

	"go.yaml.in/yaml/v3"

	"smtpsim/sim/problem"
)

// The places, phrases and problems of a file live in sim/problem, which reads no YAML:
// these names keep them where the decoder's users look for them.
type (
	Pos      = problem.Pos
	Phrase   = problem.Phrase
	Problem  = problem.Problem
	Problems = problem.Problems
	Places   = problem.Places
	Error    = problem.Error
)

// P is the phrase format filled with args (problem.P).
func P(format string, args ...any) Phrase { return problem.P(format, args...) }

// Verbatim is text that is not translated (problem.Verbatim).
func Verbatim(s string) Phrase { return problem.Verbatim(s) }

// NewProblem is the problem format filled with args at a place in file (problem.NewProblem).
func NewProblem(file string, at Pos, format string, args ...any) *Problem {
	return problem.NewProblem(file, at, format, args...)
}

// Errorf is the error whose text is the phrase format filled with args (problem.Errorf).
func Errorf(format string, args ...any) error { return problem.Errorf(format, args...) }

// Translation returns the format in lang for an English format (problem.Translation).
func Translation(lang, format string) (string, bool) { return problem.Translation(lang, format) }

// Languages lists the languages problems are said in besides English.
func Languages() []string { return problem.Languages() }

// Verbs lists the formatting verbs of a format in order (problem.Verbs).
func Verbs(format string) []string { return problem.Verbs(format) }

// NeedsWords reports whether a format has words of its own to translate.
func NeedsWords(format string) bool { return problem.NeedsWords(format) }

// Translated lists the English formats lang has words for, for tests.
func Translated(lang string) []string { return problem.Translated(lang) }

//go:embed problems.de.yaml
var problemsDE []byte

// translations maps a language to its formats, by English format: the words of every
// program that reads a teacher's file.
var translations = sync.OnceValue(func() map[string]map[string]string {
	var pairs []struct{ EN, DE string }
	if err := yaml.Unmarshal(problemsDE, &pairs); err != nil {
		panic("yamlfile: problems.de.yaml: " + err.Error())
	}
	de := make(map[string]string, len(pairs))
	for _, p := range pairs {
		de[p.EN] = p.DE
	}
	return map[string]map[string]string{"de": de}
})

func init() { problem.SetTranslations(translations) }
