package problem

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"smtpsim/sim/quotemark"
)

// Phrase is text made of a format and its arguments, kept apart so that the page can
// say a problem in the language it shows: String is the English, In another language
// with the format registered for it (SetTranslations). An argument that can say itself (a Phrase,
// or anything with a method In(lang string) string) is said in that language too;
// everything else — keys, values from the file, the YAML library's words — stays as
// it is.
type Phrase struct {
	Format string
	Args   []any
}

// P is the phrase format filled with args. The format is a constant: a test checks
// that every constant format of the files' problems has its translations.
func P(format string, args ...any) Phrase { return Phrase{Format: format, Args: args} }

// Verbatim is text that is not translated, such as a key of the file.
func Verbatim(s string) Phrase { return Phrase{Format: "%s", Args: []any{s}} }

// String returns the phrase in English.
func (p Phrase) String() string {
	if len(p.Args) == 0 {
		return p.Format
	}
	return fmt.Sprintf(p.Format, p.Args...)
}

// In returns the phrase in lang; English when lang has no words for it.
func (p Phrase) In(lang string) string {
	format, ok := Translation(lang, p.Format)
	if !ok {
		format, lang = p.Format, "en"
	}
	if len(p.Args) == 0 {
		return format
	}
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		if s, ok := a.(interface{ In(string) string }); ok {
			a = s.In(lang)
		}
		args[i] = a
	}
	return fmt.Sprintf(format, quotemark.Args(lang, args)...) // a value quoted as the format's language quotes
}

// translations maps a language to its formats, by English format. sim/yamlfile,
// which reads the files teachers write, registers its words (problems.LANG.yaml) with
// SetTranslations; a program that reads no such file says its problems in English.
var translations = func() map[string]map[string]string { return nil }

// SetTranslations registers the words of problems in other languages: a function that
// returns, by language, the format for each English format.
func SetTranslations(words func() map[string]map[string]string) { translations = words }

// Translation returns the format in lang for an English format, and whether there is
// one. A format without words ("%s: %s") is its own translation.
func Translation(lang, format string) (string, bool) {
	if lang == "en" || !NeedsWords(format) {
		return format, true
	}
	s, ok := translations()[lang][format]
	return s, ok
}

// Languages lists the languages problems are said in besides English.
func Languages() []string { return []string{"de"} }

// Verbs lists the formatting verbs of a format in order: a translation has the same.
func Verbs(format string) []string {
	var verbs []string
	eachVerb(format, func(start, end int) { verbs = append(verbs, format[start:end]) })
	return verbs
}

// NeedsWords reports whether a format has words of its own to translate.
func NeedsWords(format string) bool {
	var rest strings.Builder
	last := 0
	eachVerb(format, func(start, end int) {
		rest.WriteString(format[last:start])
		last = end
	})
	rest.WriteString(format[last:])
	return strings.ContainsFunc(rest.String(), unicode.IsLetter)
}

// eachVerb calls f with the place of each formatting verb of format, left to right: a
// "%", flags (-+# 0), a width, a precision (".3") and a letter or "%", as in "%-10.3f"
// or "%%". A "%" that starts no verb is text.
func eachVerb(format string, f func(start, end int)) {
	digits := func(i int) int {
		for i < len(format) && '0' <= format[i] && format[i] <= '9' {
			i++
		}
		return i
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("-+# 0", format[j]) >= 0 {
			j++
		}
		j = digits(j)
		if j+1 < len(format) && format[j] == '.' && '0' <= format[j+1] && format[j+1] <= '9' {
			j = digits(j + 1)
		}
		if j < len(format) && (format[j] == '%' || 'a' <= format[j] && format[j] <= 'z' || 'A' <= format[j] && format[j] <= 'Z') {
			f(i, j+1)
			i = j
		}
	}
}

// Error is an error whose text is a Phrase: a check's reason that a problem quotes
// ("placeholder …: %v"), said in the problem's language.
type Error struct{ Phrase }

// Errorf is the error whose text is the phrase format filled with args.
func Errorf(format string, args ...any) error { return &Error{P(format, args...)} }

func (e *Error) Error() string { return e.String() }

// Translated lists the English formats lang has words for, for tests.
func Translated(lang string) []string {
	var out []string
	for en := range translations()[lang] {
		out = append(out, en)
	}
	slices.Sort(out)
	return out
}
