package handout

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"
)

// WriteText writes the sheet for a terminal: the narration in Markdown as written,
// interleaved with the transcript, each question before the event it asks about and,
// with answers, its answer after it. Folds and message sources as in the HTML; where
// the run differs from the lesson's, a "!" note says so and stale steps are told from
// the trace.
func (s *Sheet) WriteText(out io.Writer) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "# %s\n\n%s\n\n", s.Title, s.Summary)
	for _, g := range s.Goals {
		fmt.Fprintf(w, "- %s\n", g.Markdown)
	}
	fmt.Fprintf(w, "\n%s\n\n", s.Intro.Markdown)
	for _, p := range s.Parts {
		for _, it := range p.Items {
			switch {
			case it.Differs != nil:
				fmt.Fprintf(w, "\n  !  %s\n", it.Differs.Differs)
				for _, line := range it.Differs.Changed {
					fmt.Fprintf(w, "     - %s\n", line)
				}
				fmt.Fprintln(w)
			case it.Line != nil:
				fmt.Fprintf(w, "%s %s\n", it.Line.Clock, it.Line.Text)
			case it.Fold != "":
				fmt.Fprintf(w, "             %s\n", it.Fold)
			case it.Source != nil:
				fmt.Fprintf(w, "\n     %s\n\n", it.Source.Caption)
				fmt.Fprintf(w, "       | %s\n", strings.ReplaceAll(it.Source.Text, "\n", "\n       | "))
				if it.Source.Cut != "" {
					fmt.Fprintf(w, "       %s\n", it.Source.Cut)
				}
				fmt.Fprintln(w)
			case it.Question != nil:
				q := it.Question
				fmt.Fprintf(w, "\n  ?  %s\n", indent(q.Question.Markdown))
				for _, o := range q.Options {
					fmt.Fprintf(w, "     %s) %s\n", o.Letter, indent(o.Text.Markdown))
				}
				fmt.Fprintln(w)
			case it.Answer != nil && s.Opts.Answers:
				q := it.Answer
				fmt.Fprintf(w, "\n  =  %s) %s\n", q.Answer, indent(q.Claim.Markdown))
				if q.Explain.Markdown != "" {
					fmt.Fprintf(w, "     %s\n", indent(q.Explain.Markdown))
				}
				fmt.Fprintln(w)
			}
		}
		for _, n := range p.Narration {
			fmt.Fprintf(w, "\n  »  %s\n\n", indent(n.Markdown))
		}
		if t := p.Told; t != nil {
			fmt.Fprintf(w, "\n  »  %s\n     %s\n     %s\n", t.Heading, t.Stale, t.Now)
			for _, line := range t.Standing {
				fmt.Fprintf(w, "     - %s\n", line)
			}
			fmt.Fprintln(w)
		}
	}
	if s.Command != "" {
		fmt.Fprintf(w, "\n## %s\n\n%s\n\n    %s\n", s.say("try"), s.Try.Markdown, s.Command)
		if s.Opts.Answers {
			fmt.Fprintf(w, "\n%s\n\n    %s\n", s.say("key.try.expect", s.Fault), cmp.Or(s.Expect, s.say("key.try.none")))
		}
	}
	return w.Flush()
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n     ") }
