package narrate

import (
	"fmt"
	"strings"

	"smtpsim/sim/render"
	"smtpsim/sim/trace"
)

//go:generate go run smtpsim/cmd/genphrases narrate narrate

// phrases are the words of a run told where it differs from its lesson
// (narrate.LANG.yaml, compiled into narrate_gen.go), in front of the words of a
// rendered run.
var phrases = render.CompiledPhrasebook(narrateEnglish, narratePhrases, render.Phrases())

// Phrases is the phrasebook of this package, for tests and for a program that adds
// its own words in front of it.
func Phrases() *render.Phrasebook { return phrases }

// Not inlined: it is called at many places, and every inlined copy grows the page's
// WebAssembly (docs/performance.md, "Smaller code in the page").
//
//go:noinline
func say(lang, key string, args ...any) string { return phrases.Say(lang, key, args...) }

// Told is a run told, in one language, at an event at or after the first one where it
// differs from the run its lesson is written for.
type Told struct {
	// Differs says from which event on the run differs from the lesson's, and why
	// when the model is one the lesson is not written for.
	Differs string
	// Changed lists the recipients that end otherwise than in the lesson, each with
	// what the lesson's run makes of them.
	Changed []string
	// Stale says the lesson's text does not apply here; "" when a step's text holds.
	Stale string
	// Heading, Now and Standing are the run told from its trace: the current event and
	// where every recipient stands; empty when a step's text holds.
	Heading  string
	Now      string
	Standing []string
}

// Tell tells the run at event i in lang, or returns nil before the first difference.
// holds says whether a lesson step's text tells this point (Holds); then the run is
// not told again from the trace, only how it differs.
func (c *Comparison) Tell(lang string, i int, holds bool) *Told {
	if !c.Differs(i) || i >= c.Run.Len() {
		return nil
	}
	w := render.Words{Lang: lang, Trace: c.Run}
	// The sentence ends with its own full stop: an event told with an abbreviation
	// at its end ("in 1 Min.") does not bring a second one.
	t := &Told{Differs: say(lang, "narrate.differs", c.From+1, strings.TrimSuffix(w.Describe(c.Run.At(c.From)), "."))}
	if m := WrittenFor(c.Lesson, c.Model); m != c.Model {
		t.Differs = say(lang, "narrate.model", render.Say(lang, "model."+string(m))) + " " + t.Differs
	}
	t.Changed = c.changed(lang)
	if holds {
		return t
	}
	t.Stale = say(lang, "narrate.stale")
	t.Heading = say(lang, "narrate.heading")
	t.Now = say(lang, "narrate.now", w.Describe(c.Run.At(i)))
	for _, s := range StandingAt(c.Run, i) {
		t.Standing = append(t.Standing, Say(lang, c.Run, s))
	}
	return t
}

// changed lists the recipients whose final outcome differs from the lesson's run.
func (c *Comparison) changed(lang string) []string {
	ref := map[[2]string]trace.Outcome{}
	for _, o := range c.Ref.Outcomes {
		ref[[2]string{o.Msg, o.Rcpt}] = o
	}
	w := render.Words{Lang: lang, Trace: c.Run}
	var out []string
	seen := map[[2]string]bool{}
	for _, o := range c.Run.Outcomes {
		k := [2]string{o.Msg, o.Rcpt}
		seen[k] = true
		r, ok := ref[k]
		switch {
		case !ok:
			out = append(out, say(lang, "narrate.changed.new", o.Msg, o.Rcpt, outcome(w, o)))
		case r.Outcome != o.Outcome || r.Status != o.Status || r.Mailbox != o.Mailbox:
			out = append(out, say(lang, "narrate.changed", o.Msg, o.Rcpt, outcome(w, o), outcome(w, r)))
		}
	}
	for _, r := range c.Ref.Outcomes {
		if !seen[[2]string{r.Msg, r.Rcpt}] {
			out = append(out, say(lang, "narrate.changed.gone", r.Msg, r.Rcpt, outcome(w, r)))
		}
	}
	return out
}

// outcome is an outcome in words, with the mailbox of a delivery.
func outcome(w render.Words, o trace.Outcome) string {
	s := w.Outcome(o)
	if o.Outcome == trace.OutcomeDelivered && o.Mailbox != "" {
		s += say(w.Lang, "narrate.into", o.Mailbox)
	}
	return s
}

// Say tells where a recipient stands in lang: "m1 → bob@example.net: bounced
// (550 5.1.1); a bounce goes back to alice@example.org". tr gives the clock of a
// next attempt.
func Say(lang string, tr *trace.Trace, s Standing) string {
	var state string
	switch s.State {
	case Queued:
		state = say(lang, "narrate.state.queued", s.Host)
	case trace.OutcomeDeferred:
		state = say(lang, "narrate.state.deferred", reply(s), s.Host, render.Words{Lang: lang, Trace: tr}.Clock(s.Next))
	case trace.OutcomeDelivered:
		if s.Mailbox == "" {
			state = say(lang, "narrate.state.logged", s.Host)
		} else {
			state = say(lang, "narrate.state.delivered", s.Mailbox, s.Host)
		}
	case trace.OutcomeBounced:
		state = say(lang, "narrate.state.bounced", reply(s), s.From)
	case trace.OutcomeDoubleBounce:
		state = say(lang, "narrate.state.double-bounce", reply(s))
	case trace.OutcomeRejected:
		state = say(lang, "narrate.state.rejected", reply(s))
	}
	return fmt.Sprintf("%s → %s: %s", s.Msg, s.Rcpt, state)
}

// reply is "550 5.1.1" when a server replied, "4.4.1" when only a status was decided.
func reply(s Standing) string {
	if s.Code == 0 {
		return s.Status
	}
	return strings.TrimSpace(fmt.Sprintf("%d %s", s.Code, s.Status))
}
