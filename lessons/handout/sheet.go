// Package handout renders a lesson's run as a sheet for a class: as text for the
// terminal, and as one self-contained HTML page that prints as a worksheet — the
// narration, the questions with room to answer, the transcript and the diagram — with
// the answer key, the lesson's solution sheet, on pages of its own at the end.
package handout

import (
	"embed"
	"fmt"
	"slices"
	"strings"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/lessons/narrate"
	"smtpsim/sim/fault"
	"smtpsim/sim/fold"
	"smtpsim/sim/render"
	"smtpsim/sim/render/phrasefile"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

//go:embed handout.*.yaml
var wordFiles embed.FS

// phrases are the handout's own words; the words of events come from the render
// package behind them.
var phrases = phrasefile.New(wordFiles, "handout", render.Phrases())

// Phrases is the handout's phrasebook, for tests that check both languages.
func Phrases() *render.Phrasebook { return phrases }

// Options say what a sheet shows.
type Options struct {
	Lang    string
	Answers bool // the answer key (solution sheet) at the end
	// AnswersOnly leaves out everything but the title and the answer key.
	AnswersOnly bool
	// Faults are the ones the run was made with, for the try-it run, which adds the
	// lesson's own.
	Faults []fault.Fault
}

// Sheet is a lesson's run as a handout tells it, in one language.
type Sheet struct {
	Lang    string
	ID      string
	Title   string
	Summary string
	Meta    string            // lesson id, duration, model, seed
	Goals   []lessons.Section // rendered
	Intro   lessons.Section   // filled for the run
	Parts   []Part            // the run, cut after each narrated event
	Diagram []render.Picture  // the sequence diagram, in parts that fit a page
	Try     lessons.Section   // the try-it text
	Command string            // the try-it command line
	Fault   string            // the try-it fault
	Expect  string            // what the try-it fault makes happen, told in Lang
	Key     []Question        // the questions asked, in the order of the run
	Opts    Options

	// Differs says how the run differs from the one the lesson is written for (a fault,
	// another model or seed), nil when it does not; the parts tell it where it starts.
	Differs *narrate.Told

	from     int // the index of the first event that differs
	words    render.Words
	tr       *trace.Trace
	folds    []fold.Fold
	sources  map[int]*Source           // by event index
	steps    map[int][]lessons.Section // narration, by the event it follows
	told     map[int]*narrate.Told     // the run told from its trace where a step's text does not hold
	asked    map[int][]*Question       // by the event they are asked before
	anchored map[int]bool              // events a step or a question points at
}

// Part is a stretch of the run: its events, folds, message sources and questions in
// order, and the narration of the event it ends with: the lesson's text where it holds
// for the run, else (Told) the run told from its trace.
type Part struct {
	Number    int
	Items     []Item
	Narration []lessons.Section
	Told      *narrate.Told
}

// Item is one entry of a part: exactly one of its fields is set.
type Item struct {
	Differs  *narrate.Told // where the run starts to differ from the lesson's
	Line     *Line         // an event
	Fold     string        // a fold's summary
	Source   *Source       // a message as sent or filed
	Question *Question     // a question asked before the next event
	Answer   *Question     // its answer right after the event (text handout)
}

// Line is an event as the transcript tells it.
type Line struct {
	Clock string
	Text  string
	Kind  trace.Kind
}

// Source is the text of a message a narrated event carries.
type Source struct {
	Caption string
	Text    string
	Cut     string // says what was left out, "" when nothing
}

// Question is a checkpoint as a numbered question with lettered options.
type Question struct {
	Number   int
	Question lessons.Section
	Options  []Option
	Answer   string // the letter of the right option
	Claim    lessons.Section
	Explain  lessons.Section
}

// Option is one lettered choice.
type Option struct {
	Letter string
	Text   lessons.Section
}

// say returns the handout's words for key in the sheet's language.
func (s *Sheet) say(key string, args ...any) string { return phrases.Say(s.Lang, key, args...) }

// New makes the sheet of a lesson's run tr, which ran sc. Where tr differs from the run
// the lesson is written for, the sheet says so at the first event that differs, tells a
// step whose words no longer hold from the trace instead, and asks only the questions
// this run bears out (lessons/narrate), as the page does.
func New(l *lessons.Lesson, sc scenario.Scenario, tr *trace.Trace, o Options) (*Sheet, error) {
	t, ok := l.Texts[o.Lang]
	if !ok {
		return nil, fmt.Errorf("lesson %s has no %s text", l.ID, o.Lang)
	}
	fill := func(x lessons.Section) lessons.Section { return x.Fill(tr, o.Lang) }
	s := &Sheet{
		Lang: o.Lang, ID: l.ID, Title: t.Title, Summary: t.Summary, Opts: o,
		Intro: fill(t.Intro), Try: t.Try,
		words: render.Words{Lang: o.Lang, Trace: tr}, tr: tr,
		sources: map[int]*Source{}, steps: map[int][]lessons.Section{}, told: map[int]*narrate.Told{},
		asked: map[int][]*Question{}, anchored: map[int]bool{},
	}
	c := narrate.Compare(l, sc.Model, narrate.Reference(l, sc.Model), tr)
	if c.From >= 0 && c.From < tr.Len() {
		s.Differs, s.from = c.Tell(o.Lang, c.From, true), c.From
		s.anchored[c.From] = true // never folded away
	}
	s.Meta = s.say("meta", l.ID, t.Duration, render.Say(o.Lang, "model."+string(sc.Model)), sc.Seed)
	for _, g := range t.Goals {
		s.Goals = append(s.Goals, lessonfile.Render(g))
	}
	for _, st := range l.Steps {
		i := st.At.Find(tr)
		switch {
		case i < 0:
			continue
		case !c.Differs(i) || c.Holds(st, t.Steps[st.ID]):
			s.steps[i] = append(s.steps[i], fill(t.Steps[st.ID]))
		case s.told[i] == nil: // once for all the steps at i that do not hold
			s.told[i] = c.Tell(o.Lang, i, false)
		}
		s.anchored[i] = true
	}
	// Questions are numbered in the order a reader meets them; one this run does not
	// answer as the lesson does (a fault took its event away or changed it) is neither
	// asked nor answered.
	type placed struct {
		at int
		c  lessons.Checkpoint
	}
	var cps []placed
	for _, cp := range l.Checkpoints {
		if i := c.Asks(cp); i >= 0 {
			cps = append(cps, placed{i, cp})
		}
	}
	slices.SortStableFunc(cps, func(a, b placed) int { return a.at - b.at })
	s.Key = make([]Question, len(cps))
	for n, p := range cps {
		ct := t.Checkpoints[p.c.ID]
		q := &s.Key[n]
		q.Number, q.Question, q.Explain = n+1, fill(ct.Question), fill(ct.Explain)
		for k, opt := range p.c.Options {
			letter := string(rune('a' + k))
			q.Options = append(q.Options, Option{Letter: letter, Text: fill(ct.Options[opt.ID])})
			if opt.ID == p.c.Answer {
				q.Answer, q.Claim = letter, fill(ct.Options[opt.ID])
			}
		}
		s.asked[p.at] = append(s.asked[p.at], q)
		s.anchored[p.at] = true
	}
	for i := range s.anchored {
		if src := s.source(tr.At(i)); src != nil {
			s.sources[i] = src
		}
	}
	s.folds = fold.Folds(tr, func(i int) bool { return s.anchored[i] })
	s.parts()
	s.Diagram = s.diagram(sc)
	s.try(l, sc, o.Faults)
	return s, nil
}

// parts cuts the run after each narrated event.
func (s *Sheet) parts() {
	p := Part{Number: 1}
	for i := 0; i < s.tr.Len(); i++ {
		if s.Differs != nil && i == s.from {
			p.Items = append(p.Items, Item{Differs: s.Differs})
		}
		for _, q := range s.asked[i] {
			p.Items = append(p.Items, Item{Question: q})
		}
		if f, ok := fold.At(s.folds, i); ok {
			p.Items = append(p.Items, Item{Fold: s.foldText(f)})
			i = f.To
			continue
		}
		e := s.tr.At(i)
		p.Items = append(p.Items, Item{Line: &Line{Clock: s.tr.Clock(e.Time), Text: s.words.Describe(e), Kind: e.Kind}})
		if src := s.sources[i]; src != nil {
			p.Items = append(p.Items, Item{Source: src})
		}
		for _, q := range s.asked[i] {
			p.Items = append(p.Items, Item{Answer: q})
		}
		if n, told := s.steps[i], s.told[i]; len(n) > 0 || told != nil {
			p.Narration, p.Told = n, told
			s.Parts = append(s.Parts, p)
			p = Part{Number: p.Number + 1}
		}
	}
	if len(p.Items) > 0 {
		s.Parts = append(s.Parts, p)
	}
}

// foldText tells a fold in one line, with the numbers of the trace.
func (s *Sheet) foldText(f fold.Fold) string {
	return s.say("fold", f.Attempts, f.FirstAttempt, f.LastAttempt, strings.Join(f.Rcpts, ", "),
		int64(f.Wait.Seconds()), s.words.Duration(f.Wait.Milliseconds()), s.tr.Clock(f.End), s.words.Verdict(f.Defer))
}

// try runs the lesson's world again with the try-it fault, for the command and for the
// outcome the answer key promises.
func (s *Sheet) try(l *lessons.Lesson, sc scenario.Scenario, faults []fault.Fault) {
	if l.Try.Fault.Kind == "" {
		return
	}
	s.Fault = l.Try.Fault.String()
	s.Command = fmt.Sprintf("smtpsim run %s --lang %s --fault %s", l.ID, s.Lang, shellQuote(l.Try.Fault.String()))
	withFault := world.Run(sc, append(append([]fault.Fault(nil), faults...), l.Try.Fault)...)
	if i := l.Try.Expect.Find(withFault); i >= 0 {
		s.Expect = render.Words{Lang: s.Lang, Trace: withFault}.Line(withFault.At(i))
	}
}

// shellQuote quotes a word for a POSIX shell.
func shellQuote(w string) string { return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'" }
