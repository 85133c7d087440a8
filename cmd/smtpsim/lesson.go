package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"smtpsim/lessons"
	"smtpsim/lessons/narrate"
	"smtpsim/sim/render"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
)

func lessonsCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lessons", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "language of the titles: en or de")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	course, err := lessons.Course()
	if err != nil {
		return err
	}
	for _, l := range course {
		fmt.Fprintf(stdout, "%s\t%s\n", l.ID, l.Texts[*lang].Title)
	}
	return nil
}

func checkLang(lang string) error {
	for _, l := range lessons.Languages {
		if l == lang {
			return nil
		}
	}
	return usageError{fmt.Errorf("--lang %q: expected %s", lang, strings.Join(lessons.Languages, " or "))}
}

// writeHandout prints a lesson as a teacher can hand it out: the narration in the
// chosen language interleaved with the transcript, each checkpoint's question before
// the event it asks about and its answer after. A run that differs from the lesson's
// own (a fault, a model it is not written for) says so where it starts to, and a step
// whose words no longer hold is told from the trace instead (lessons/narrate).
func writeHandout(w io.Writer, l *lessons.Lesson, lang string, model scenario.Model, tr *trace.Trace) {
	c := narrate.Compare(l, model, narrate.Reference(l, model), tr)
	t := l.Texts[lang]
	fmt.Fprintf(w, "# %s\n\n%s\n\n", t.Title, t.Summary)
	for _, g := range t.Goals {
		fmt.Fprintf(w, "- %s\n", g)
	}
	// Placeholders in the narration take their values from this run.
	md := func(s lessons.Section) string { return s.Fill(tr, lang).Markdown }
	fmt.Fprintf(w, "\n%s\n\n", md(t.Intro))
	// Events are told in the handout's language, as the page tells them.
	words := render.Words{Lang: lang, Trace: tr}
	steps := map[int][]string{}
	for _, s := range l.Steps {
		i := s.At.Find(tr)
		switch {
		case i < 0:
		case !c.Differs(i) || c.Holds(s, t.Steps[s.ID]):
			steps[i] = append(steps[i], md(t.Steps[s.ID]))
		default:
			told := c.Tell(lang, i, false)
			steps[i] = append(steps[i], told.Stale+"\n"+told.Now+"\n- "+strings.Join(told.Standing, "\n- "))
		}
	}
	questions := map[int][]lessons.Checkpoint{}
	for _, cp := range l.Checkpoints {
		if i := c.Asks(cp); i >= 0 {
			questions[i] = append(questions[i], cp)
		}
	}
	for i, e := range tr.Events {
		if i == c.From {
			told := c.Tell(lang, i, true)
			fmt.Fprintf(w, "\n  !  %s\n", told.Differs)
			for _, line := range told.Changed {
				fmt.Fprintf(w, "     - %s\n", line)
			}
			fmt.Fprintln(w)
		}
		for _, c := range questions[i] {
			ct := t.Checkpoints[c.ID]
			fmt.Fprintf(w, "\n  ?  %s\n", indent(md(ct.Question)))
			for _, o := range c.Options {
				fmt.Fprintf(w, "     %s) %s\n", o.ID, md(ct.Options[o.ID]))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, words.Line(e))
		for _, c := range questions[i] {
			ct := t.Checkpoints[c.ID]
			fmt.Fprintf(w, "\n  =  %s) %s\n", c.Answer, md(ct.Options[c.Answer]))
			if ct.Explain.Markdown != "" {
				fmt.Fprintf(w, "     %s\n", indent(md(ct.Explain)))
			}
			fmt.Fprintln(w)
		}
		for _, s := range steps[i] {
			fmt.Fprintf(w, "\n  »  %s\n\n", indent(s))
		}
	}
	fmt.Fprintf(w, "\n## %s\n\n%s\n", map[string]string{"en": "Try it yourself", "de": "Probier es selbst"}[lang], t.Try.Markdown)
	fmt.Fprintf(w, "\n    smtpsim run %s --fault '%s'\n", l.ID, l.Try.Fault)
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n     ") }
