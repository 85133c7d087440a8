package view

import (
	"errors"
	"slices"
	"strings"

	"smtpsim/sim/fault"
	"smtpsim/sim/mail"
	"smtpsim/sim/render"
)

//go:generate go run smtpsim/cmd/genphrases ui view

// ui is the page's own words (ui.LANG.yaml, compiled into ui_gen.go), in front of the
// words of a rendered run (events, outcomes, reply classes, models:
// sim/render/words.LANG.yaml).
var ui = render.CompiledPhrasebook(uiEnglish, uiPhrases, render.Phrases())

// LoadStrings reads the page's words in every language; a test makes sure it works.
func LoadStrings() error { return ui.Load() }

// T returns the page text for key in lang, formatted with args; English when the
// language lacks it, and the key itself when nobody has it.
//
// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func T(lang, key string, args ...any) string { return ui.Say(lang, key, args...) }

// Keys lists the keys of the page's own words in a language, for tests.
func Keys(lang string) []string { return ui.Keys(lang) }

// Say is an error in lang: a fault spec's syntax error in the page's words, any other
// error as it is.
func Say(lang string, err error) string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, Say(lang, e))
		}
		return strings.Join(out, "\n")
	}
	var fe *mail.FieldError
	if errors.As(err, &fe) && lang != "en" {
		switch {
		case fe.Field == "From" && fe.Value == "":
			return T(lang, "compose.error.from")
		case fe.Field == "To" && fe.Value == "":
			return T(lang, "compose.error.rcpt")
		case slices.Contains([]string{"From", "To", "Cc", "Bcc"}, fe.Field):
			return T(lang, "compose.error.address", fe.Field, fe.Value)
		case fe.Field == "Subject":
			return T(lang, "compose.error.subject")
		}
	}
	var pe *pageError
	if errors.As(err, &pe) {
		return T(lang, pe.key, pe.args...)
	}
	var se *fault.SyntaxError
	if errors.As(err, &se) && se.Key != "" {
		return T(lang, "fault.col", se.Col, T(lang, "fault.error."+se.Key, se.Args...))
	}
	return err.Error()
}

// SandboxTitle is the title of a built-in scenario (sandbox world) in lang; its id
// when the page's words have none.
func SandboxTitle(lang, id string) string {
	key := "sandbox." + id
	if s := T(lang, key); s != key {
		return s
	}
	return id
}

// SandboxDescription is the one line on what a built-in scenario (sandbox world)
// shows, in lang, from the page's words (sandbox.ID.text; the English one is the
// scenario file's description, a test checks), "" when there is none.
func SandboxDescription(lang, id string) string {
	key := "sandbox." + id + ".text"
	if s := T(lang, key); s != key {
		return s
	}
	return ""
}

// pageError is a problem of the page in its words: Error gives the English, Say the
// page's language.
type pageError struct {
	key  string
	args []any
}

func (e *pageError) Error() string { return T("en", e.key, e.args...) }

func problem(key string, args ...any) error { return &pageError{key, args} }
