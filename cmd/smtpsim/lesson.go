package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"smtpsim/lessons"
	"smtpsim/sim/render"
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
// the event it asks about and its answer after.
func writeHandout(w io.Writer, l *lessons.Lesson, lang string, tr *trace.Trace) {
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
		if i := s.At.Find(tr); i >= 0 {
			steps[i] = append(steps[i], md(t.Steps[s.ID]))
		}
	}
	questions := map[int][]lessons.Checkpoint{}
	for _, c := range l.Checkpoints {
		if i := c.Before.Find(tr); i >= 0 {
			questions[i] = append(questions[i], c)
		}
	}
	for i, e := range tr.Events {
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
