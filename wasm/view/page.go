package view

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"smtpsim/lessons"
	"smtpsim/lessons/narrate"
	"smtpsim/sim/budget"
	"smtpsim/sim/fault"
	"smtpsim/sim/mail"
	"smtpsim/sim/render"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// Page is one open lesson (or sandbox scenario) and where the learner is in it.
type Page struct {
	State
	Lesson   *lessons.Lesson // nil in the sandbox
	Scenario scenario.Scenario
	Trace    *trace.Trace
	World    *world.World

	steps       map[int][]string    // event index → step ids anchored there
	checkpoints map[int]string      // event index → checkpoint asked before it
	lanes       []Lane              // computed once per run (diagram.go)
	fitted      fitted              // the network picture's placement for the run (topology.go)
	ladder      render.Kept         // the diagram's rows as drawn last (diagram.go)
	arrows      arrowsMade          // the rows of the run's events so far (diagram.go)
	roles       map[string][]string // what every actor of the run does (topology.go)
	transcript  transcript          // the transcript's lines as written so far
	console     consoleState        // what the learner typed at the console or as a server (console.go)
	input       learnerInput        // messages composed and mail retrieved (session.go)
	own         map[string][]byte   // the learner's own files the page runs, by name (own.go)
	// compared is the run set against the run the lesson is written for, so that the
	// narration never tells what did not happen; nil in the sandbox.
	compared   *narrate.Comparison
	references map[scenario.Model]*trace.Trace // the lesson's own runs, by the model they were asked for
}

// Open runs a lesson or sandbox scenario for a state. An unknown id falls back to
// the first lesson, with a problem to show. A link that names a sandbox world with
// lesson= (as links did before world=) opens that world, unless a lesson has the id.
// A state that names a file of the learner's own (Own) opens that file if the link
// carries it (OwnPacked) and compile reads it, else nothing: the page cannot have that
// file, and says so.
func Open(s State) (*Page, []string) { return OpenWith(s, nil) }

// OpenWith is Open, with compile for a file of the learner's own that the link carries.
func OpenWith(s State, compile Compiler) (*Page, []string) {
	var problems []string
	if s.Lang == "" {
		s.Lang = "en"
	}
	if s.Own != "" {
		return openOwnLink(s, compile)
	}
	p := &Page{}
	model := scenario.Model("")
	l, err := lessons.Find(s.Lesson)
	if s.World == "" && err != nil {
		if _, ok := lessons.World(s.Lesson); ok {
			s.World, s.Lesson = s.Lesson, ""
		}
	}
	if s.World != "" {
		s.Lesson = ""
		if sc, ok := lessons.World(s.World); ok {
			p.Scenario = *sc
		} else {
			problems = append(problems, T(s.Lang, "open.no-world", s.World))
			s.World = ""
		}
	} else if err == nil {
		p.Lesson = l
		p.Scenario = *l.World
		model = l.Models[0]
	} else if s.Lesson != "" {
		problems = append(problems, T(s.Lang, "open.no-lesson", s.Lesson))
	}
	if p.Lesson == nil && s.World == "" {
		first, err := firstLesson()
		if err != nil {
			problems = append(problems, T(s.Lang, "open.no-course"))
			p.State = State{Step: -1, Lang: s.Lang, Answers: map[string]string{}}
			return p, problems
		}
		p.Lesson = first
		p.Scenario = *p.Lesson.World
		s.Lesson = p.Lesson.ID
		model = p.Lesson.Models[0]
	}
	if model != "" {
		p.Scenario.Model = model
	}
	p.State = State{Lesson: s.Lesson, World: s.World, Step: -1, Model: p.Scenario.Model, Lang: s.Lang, Answers: map[string]string{}}
	return p, append(problems, p.Apply(s)...)
}

// openOwnLink opens the scenario a link carries, which compile unpacks and compiles.
// A link that does not carry its own file, or whose scenario cannot be read, opens
// nothing: the page cannot have that file, and says so.
func openOwnLink(s State, compile Compiler) (*Page, []string) {
	if s.OwnPacked == "" {
		return nil, []string{T(s.Lang, "own.link", s.Own)}
	}
	files := map[string][]byte{s.Own: nil}
	if compile != nil {
		c := compile(OwnRequest{Lang: s.Lang, Name: s.Own, Packed: s.OwnPacked})
		if c.Link != "" {
			return nil, []string{T(s.Lang, "link.scenario")}
		}
		files[s.Own] = c.File
		compile = func(OwnRequest) Compiled { return c }
	}
	p, problems := LoadOwn(files, s.Lang, compile)
	if p == nil {
		return nil, problems
	}
	return p, p.Apply(s)
}

// Apply puts a state on an open page: its model, faults, answers, language and demo
// mode, then its step. As a deep link cannot skip a question, the position stops at
// the first one not answered on the way. The problems say what could not be applied.
func (p *Page) Apply(s State) []string {
	if s.Lang != "" {
		p.Lang = s.Lang
	}
	if s.Model != "" {
		p.Model, p.Scenario.Model = s.Model, s.Model
	}
	p.Faults = slices.Clone(s.Faults)
	p.Demo = s.Demo
	problems := p.takeAnswers(s.Answers)
	p.rerun()
	// A fault that cannot take effect here is said where the link's other problems
	// are, not only in the list of faults in the tools' drawer.
	for i, f := range p.Faults {
		if flag := p.FaultFlag(i); flag != "" {
			problems = append(problems, T(p.Lang, "link.fault.flag", f.String(), flag))
		}
	}
	if s.Step >= p.Trace.Len() {
		problems = append(problems, T(p.Lang, "open.step", s.Step, p.Trace.Len()))
	}
	p.Step = -1
	p.Seek(s.Step)
	return problems
}

// takeAnswers records answers to the lesson's checkpoints; an answer to no question of
// the lesson, or with an option the question does not have, is a problem. An answer
// already given is kept: it cannot be changed.
func (p *Page) takeAnswers(answers map[string]string) []string {
	if p.Answers == nil {
		p.Answers = map[string]string{}
	}
	var problems []string
	for _, id := range slices.Sorted(maps.Keys(answers)) {
		option := answers[id]
		if _, given := p.Answers[id]; given {
			continue
		}
		if p.Lesson == nil || !slices.ContainsFunc(p.checkpoint(id).Options, func(o lessons.Option) bool { return o.ID == option }) {
			problems = append(problems, T(p.Lang, "open.answer", id, option))
			continue
		}
		p.Answers[id] = option
	}
	return problems
}

// OpenLesson runs a lesson a teacher loaded from disk.
func OpenLesson(l *lessons.Lesson, lang string) *Page {
	p := &Page{Lesson: l, Scenario: *l.World}
	p.State = State{Lesson: l.ID, Step: -1, Model: l.Models[0], Lang: lang, Answers: map[string]string{}}
	p.Scenario.Model = p.Model
	p.rerun()
	return p
}

// rerun simulates again after the model or the faults changed. Steps before a fault's
// step are unchanged (a deterministic replay), so the position is kept.
func (p *Page) rerun() {
	w := world.New(p.Scenario, p.Faults...)
	p.addConsoles(w)
	w.Run()
	p.World, p.Trace, p.lanes, p.roles = w, w.Trace(), nil, nil
	p.fitted, p.arrows, p.transcript = fitted{}, arrowsMade{}, transcript{} // what was made of the run before
	p.steps, p.checkpoints, p.compared = map[int][]string{}, map[int]string{}, nil
	if p.Lesson == nil {
		return
	}
	ref, ok := p.references[p.Model]
	if !ok {
		ref = narrate.Reference(p.Lesson, p.Model)
		if p.references == nil {
			p.references = map[scenario.Model]*trace.Trace{}
		}
		p.references[p.Model] = ref
	}
	p.compared = narrate.Compare(p.Lesson, p.Model, ref, p.Trace)
	for _, s := range p.Lesson.Steps {
		if i := s.At.Find(p.Trace); i >= 0 {
			p.steps[i] = append(p.steps[i], s.ID)
		}
	}
	for _, c := range p.Lesson.Checkpoints {
		if i := p.compared.Asks(c); i >= 0 {
			p.checkpoints[i] = c.ID
		}
	}
}

// Stopped says, in lang, why the run ended before the scenario did: it went past a
// budget (sim/budget), or sender authentication could not be done (sim/world). "" when
// the run is whole. The trace up to there stays usable.
func (p *Page) Stopped(lang string) string {
	if p.World == nil {
		return ""
	}
	var sa *world.SenderAuthError
	if errors.As(p.World.Err(), &sa) {
		if errors.Is(sa.Err, world.ErrNoSenderAuth) {
			return T(lang, "run.senderauth.missing")
		}
		return T(lang, "run.senderauth") // the module's own words went to the console
	}
	var ex *budget.Exceeded
	if !errors.As(p.World.Err(), &ex) {
		return ""
	}
	return T(lang, "run.stopped", p.Trace.Clock(ex.At), ex.Limit, T(lang, "budget."+ex.Budget))
}

// SetModel switches between end-to-end and store-and-forward.
func (p *Page) SetModel(m scenario.Model) {
	if m == p.Model {
		return
	}
	p.Model, p.Scenario.Model = m, m
	p.rerun()
	p.Step = min(p.Step, p.Trace.Len()-1)
}

// AddFault injects a fault from the current step on: the steps before stay as they were.
// A fault that cannot take effect (checkFault) is refused with the reason.
func (p *Page) AddFault(spec string) error {
	if strings.TrimSpace(spec) == "" {
		return &pageError{key: "fault.error.empty"}
	}
	f, err := fault.Parse(spec)
	if err != nil {
		return err
	}
	if err := p.checkFault(f, p.Faults); err != nil {
		return err
	}
	// From the next event on; at the last event nothing would follow, so from the start.
	if f.Step == 0 && p.Step >= 0 && p.Step < p.Trace.Len()-1 {
		f.Step = p.Step + 1
	}
	old := p.Trace
	p.Faults = append(p.Faults, f)
	p.rerun()
	if f.Step == 0 {
		p.restartAtChange(old)
	}
	p.Step = min(p.Step, p.Trace.Len()-1)
	return nil
}

// TryIt applies the lesson's "try it yourself" fault from the start, in place of any
// other fault, so the event the lesson promises happens (lessonfile.Load checks it does),
// and moves to just before the first event the fault changed. It reports whether
// there was a fault to try.
func (p *Page) TryIt() bool {
	if p.Lesson == nil || p.Lesson.Try.Fault.Kind == "" {
		return false
	}
	old := p.Trace
	p.Faults = []fault.Fault{p.Lesson.Try.Fault}
	p.rerun()
	p.restartAtChange(old)
	return true
}

// Trying says whether the lesson's try-it fault is the one applied.
func (p *Page) Trying() bool {
	return p.Lesson != nil && p.Lesson.Try.Fault.Kind != "" && len(p.Faults) == 1 && p.Faults[0].String() == p.Lesson.Try.Fault.String()
}

// restartAtChange puts the position just before the first event that differs from
// the run before (checkpoints still stop the way there).
func (p *Page) restartAtChange(old *trace.Trace) {
	i := narrate.FirstDifference(old, p.Trace)
	if i < 0 {
		i = p.Trace.Len()
	}
	p.Step = -1
	p.Seek(i - 1)
}

// FaultNote says, in the page language, from when the i-th fault acts: from the
// start, from a step on, or — pinned past the last event — not at all. Steps are
// numbered as the page shows them, from 1; a fault's step= counts events from 0.
func (p *Page) FaultNote(i int) string {
	if i < 0 || i >= len(p.Faults) {
		return ""
	}
	switch f := p.Faults[i]; {
	case f.Step == 0:
		return T(p.Lang, "faults.from.start")
	case f.Step >= p.Trace.Len():
		return T(p.Lang, "faults.from.never", p.Trace.Len())
	default:
		return T(p.Lang, "faults.from.step", f.Step+1)
	}
}

// RemoveFault drops the i-th fault.
func (p *Page) RemoveFault(i int) {
	if i < 0 || i >= len(p.Faults) {
		return
	}
	p.Faults = slices.Delete(p.Faults, i, i+1)
	p.rerun()
	p.Step = min(p.Step, p.Trace.Len()-1)
}

// Pending returns the checkpoint that must be answered before stepping onto the next
// event, or "".
func (p *Page) Pending() string {
	id, ok := p.checkpoints[p.Step+1]
	if !ok {
		return ""
	}
	if _, answered := p.Answers[id]; answered {
		return ""
	}
	return id
}

// Forward moves one event on, unless a checkpoint asks first; it reports whether it moved.
func (p *Page) Forward() bool {
	if p.Step+1 >= p.Trace.Len() || p.Pending() != "" {
		return false
	}
	p.Step++
	return true
}

// Back moves one event back.
func (p *Page) Back() bool {
	if p.Step < 0 {
		return false
	}
	p.Step--
	return true
}

// Seek jumps to event i (clamped). Forward it stops before the first unanswered
// checkpoint on the way, which is then pending, unless the page is in demo mode.
func (p *Page) Seek(i int) {
	p.Step = p.gate(max(-1, min(i, p.Trace.Len()-1)))
}

// End jumps to the last event, or to the first unanswered checkpoint before it.
func (p *Page) End() { p.Seek(p.Trace.Len() - 1) }

// NextOf jumps to the next event of one of the kinds, or to the first unanswered
// checkpoint before it; it reports whether it moved.
func (p *Page) NextOf(kinds ...trace.Kind) bool {
	i := p.Trace.Next(p.Step, kinds...)
	if i < 0 {
		return false
	}
	from := p.Step
	p.Seek(i)
	return p.Step != from
}

// gate is the furthest event up to i that can be reached from the current one without
// passing an unanswered checkpoint (a checkpoint at index j is asked before event j).
// Backwards, and in demo mode or the sandbox, nothing stops the way.
func (p *Page) gate(i int) int {
	if p.Demo || p.Lesson == nil {
		return i
	}
	for j := p.Step + 1; j <= i; j++ {
		if id, ok := p.checkpoints[j]; ok {
			if _, answered := p.Answers[id]; !answered {
				return j - 1
			}
		}
	}
	return i
}

// Answer records the learner's choice for the pending checkpoint and reports whether
// it was right. The step then moves onto the event, which shows the truth.
func (p *Page) Answer(option string) (correct bool, ok bool) {
	id := p.Pending()
	if id == "" {
		return false, false
	}
	cp := p.checkpoint(id)
	if !slices.ContainsFunc(cp.Options, func(o lessons.Option) bool { return o.ID == option }) {
		return false, false
	}
	p.Answers[id] = option
	p.Step++
	return option == cp.Answer, true
}

func (p *Page) checkpoint(id string) lessons.Checkpoint {
	for _, c := range p.Lesson.Checkpoints {
		if c.ID == id {
			return c
		}
	}
	return lessons.Checkpoint{}
}

// Question is a checkpoint as the page shows it.
type Question struct {
	ID string
	// Heading asks what the checkpoint asks: what happens next, or why it happens.
	Heading  string
	HTML     string // sanitised narration HTML
	Options  []Choice
	Answered string // the learner's choice, "" while open
	Correct  string
	// CorrectLetter is the letter of the right option, once answered.
	CorrectLetter string
	Explain       string // sanitised HTML, shown once answered
}

// Choice is one option.
type Choice struct {
	ID, HTML string
	Letter   string // "a", "b", "c" … in the order shown
	Mark     string // once answered: "right" for the right option, "wrong" for the learner's wrong choice, else ""
}

// Question returns the checkpoint to show now: the pending one, or the one just
// answered (to show the truth), or nil.
func (p *Page) Question() *Question {
	id := p.questionID()
	if id == "" {
		return nil
	}
	text := p.text()
	cp := p.checkpoint(id)
	ct := text.Checkpoints[id]
	q := &Question{ID: id, Heading: T(p.Lang, "question.heading"), HTML: p.fill(text, ct.Question), Answered: p.Answers[id], Explain: p.fill(text, ct.Explain)}
	if cp.Ask == lessons.AskWhy {
		q.Heading = T(p.Lang, "question.heading.why")
	}
	if q.Answered != "" {
		q.Correct = cp.Answer
	}
	for i, o := range cp.Options {
		c := Choice{ID: o.ID, HTML: p.fill(text, ct.Options[o.ID]), Letter: string(rune('a' + i))}
		if q.Answered != "" {
			switch o.ID {
			case q.Correct:
				c.Mark = "right"
				q.CorrectLetter = c.Letter
			case q.Answered:
				c.Mark = "wrong"
			}
		}
		q.Options = append(q.Options, c)
	}
	return q
}

// Summary is what the end of a lesson shows: that it is complete, its goals, and how
// many checkpoints were answered right the first time.
type Summary struct {
	GoalsHTML []string // rendered Markdown, in the page language
	Right     int      // checkpoints answered right (an answer cannot be changed: the first time)
	Answered  int      // checkpoints answered at all
	Total     int      // checkpoints the run asks
	// Title and Questions are the block a student shows the teacher: each question
	// the run asks, in order, with how it was answered.
	Title     string
	Questions []SummaryQuestion
}

// SummaryQuestion is one question of the summary: its text (sanitised HTML) and
// Mark — "right" (right the first time), "wrong", or "open" (not answered).
type SummaryQuestion struct {
	HTML, Mark string
}

// Summary returns the lesson's summary at its last event, nil elsewhere and in the sandbox.
func (p *Page) Summary() *Summary {
	if p.Lesson == nil || p.Step != p.Trace.Len()-1 {
		return nil
	}
	text := p.text()
	s := &Summary{GoalsHTML: text.GoalsHTML, Title: text.Title}
	for _, c := range p.Lesson.Checkpoints {
		if _, asked := p.checkpointIndex(c.ID); !asked {
			continue
		}
		s.Total++
		q := SummaryQuestion{HTML: p.fill(text, text.Checkpoints[c.ID].Question), Mark: "open"}
		if a, ok := p.Answers[c.ID]; ok {
			s.Answered++
			q.Mark = "wrong"
			if a == c.Answer {
				s.Right++
				q.Mark = "right"
			}
		}
		s.Questions = append(s.Questions, q)
	}
	return s
}

// checkpointIndex is the event a checkpoint is asked before in this run.
func (p *Page) checkpointIndex(id string) (int, bool) {
	for i, c := range p.checkpoints {
		if c == id {
			return i, true
		}
	}
	return -1, false
}

// questionID is the checkpoint to show now, or "".
func (p *Page) questionID() string {
	if p.Lesson == nil {
		return ""
	}
	if id := p.Pending(); id != "" {
		return id
	}
	if prev, ok := p.checkpoints[p.Step]; ok {
		if _, answered := p.Answers[prev]; answered {
			return prev
		}
	}
	return ""
}

// fill gives a section's HTML with its placeholders filled from the run on screen —
// its model and faults included — in the language of the text.
func (p *Page) fill(t *lessons.Text, s lessons.Section) string {
	return s.Fill(p.Trace, t.Lang).HTML
}

func (p *Page) text() *lessons.Text {
	if t, ok := p.Lesson.Texts[p.Lang]; ok {
		return t
	}
	for _, lang := range lessons.Languages {
		if t, ok := p.Lesson.Texts[lang]; ok {
			return t
		}
	}
	return &lessons.Text{}
}

// Narration returns the sanitised HTML of the latest step at or before the current
// event (the intro before the first), with the values of this run filled in, and which
// step it is. Where the run differs from the lesson's (a fault, a model the lesson is
// not written for, the learner's own messages) and the step's text does not hold for
// it, both are "": Told tells the run instead.
func (p *Page) Narration() (id, html string) {
	if p.Lesson == nil {
		return "", ""
	}
	t := p.text()
	id, holds := p.narration()
	switch {
	case !holds:
		return "", ""
	case id == "intro":
		return id, p.fill(t, t.Intro)
	}
	return id, p.fill(t, t.Steps[id])
}

// Since says, above a step's text, that the event the text is about has come again by
// the current event: which step the text is about, how often the same has happened
// since, and the latest of them as the run tells it (its time and its note). A text
// about a message's first wait in the queue ("the next attempt in 5 minutes") does not
// tell its sixtieth. Only the queue's retries count (retried): a reply or a command
// that comes again is the same fact, not a later one. "" where nothing came again, and
// where the step's text is not shown.
func (p *Page) Since() string {
	if p.Lesson == nil {
		return ""
	}
	id, holds := p.narration()
	if !holds || id == "intro" {
		return ""
	}
	at := p.compared.Anchor(id)
	if at < 0 || at > p.Step || !retried(p.Trace.At(at).Kind) {
		return ""
	}
	var sel lessons.Selector
	for _, s := range p.Lesson.Steps {
		if s.ID == id {
			sel = s.At
		}
	}
	// The same retry: the step's selector and the anchored event's kind, machine,
	// message and recipient — not another recipient's defer from the same attempt, nor a
	// message the learner composed.
	a := p.Trace.At(at)
	times, latest := 0, -1
	for i := at + 1; i <= p.Step; i++ {
		if e := p.Trace.At(i); e.Kind == a.Kind && e.Actor == a.Actor && e.Msg == a.Msg && e.Rcpt == a.Rcpt && sel.Matches(e) {
			times, latest = times+1, i
		}
	}
	if times == 0 {
		return ""
	}
	e := p.Trace.At(latest)
	key := "narration.since.many"
	if times == 1 {
		key = "narration.since.one"
	}
	return T(p.Lang, key, at+1, times, latest+1, p.Trace.Clock(e.Time), p.Note(e))
}

// retried reports whether the queue repeats events of kind k on every retry of a message.
func retried(k trace.Kind) bool {
	switch k {
	case trace.KindAttempt, trace.KindDefer, trace.KindUnreachable, trace.KindRefused, trace.KindTimeout:
		return true
	}
	return false
}

// Told tells, in the page's language, how the run differs from the lesson's at and
// after the first event where it does, and — where no step's text holds — what
// happens in it; nil before that event and in the sandbox.
func (p *Page) Told() *narrate.Told {
	if p.compared == nil {
		return nil
	}
	_, holds := p.narration()
	return p.compared.Tell(p.Lang, p.Step, holds)
}

// narration is the step to tell at the current event and whether its text holds for
// this run (narrate.Comparison.Step).
func (p *Page) narration() (id string, holds bool) {
	if p.compared == nil {
		return "intro", true
	}
	return p.compared.Step(p.text(), p.Step)
}

// Progress is how far through the lesson the learner is: steps reached of all steps.
func (p *Page) Progress() (reached, total int) {
	if p.Lesson == nil {
		return 0, 0
	}
	for i, ids := range p.steps {
		if i <= p.Step {
			reached += len(ids)
		}
	}
	return reached, len(p.Lesson.Steps)
}

// Title is the lesson's title in the page language, or the scenario's name.
func (p *Page) Title() string {
	if p.Lesson == nil {
		// A built-in sandbox world has its title in the page's words.
		if id := p.State.World; id != "" && SandboxTitle("en", id) == p.Scenario.Name {
			return SandboxTitle(p.Lang, id)
		}
		return p.Scenario.Name
	}
	return p.text().Title
}

// Current returns the current event, if any.
func (p *Page) Current() (trace.Event, bool) {
	if p.Step < 0 || p.Step >= p.Trace.Len() {
		return trace.Event{}, false
	}
	return p.Trace.At(p.Step), true
}

// Transcript returns the lines of the trace up to the current event, in the page's language.
func (p *Page) Transcript() []string {
	t := &p.transcript
	if t.lang != p.Lang {
		*t = transcript{lang: p.Lang, lines: t.lines[:0]}
	}
	n := min(p.Step+1, p.Trace.Len())
	if len(t.lines) < n {
		w := p.words()
		for _, e := range p.Trace.Range(len(t.lines), n) {
			t.lines = append(t.lines, w.Line(e))
		}
	}
	return slices.Clone(t.lines[:max(n, 0)])
}

// transcript is the lines of the run's events in a language, from the first on, as
// far as a step has asked for them: a step forward writes one more line, not all
// again. rerun forgets them.
type transcript struct {
	lang  string
	lines []string
}

// Describe renders one event without its time, as the transcript shows it, in the
// page's language.
func (p *Page) Describe(e trace.Event) string { return p.words().Describe(e) }

// Note is what happened in an event, in the page's language and without its actors:
// the text of a note in the diagram, the console and the inspector.
func (p *Page) Note(e trace.Event) string { return p.words().Note(e) }

func (p *Page) words() render.Words { return render.Words{Lang: p.Lang, Trace: p.Trace} }

// OutcomeLines says what finally became of every recipient, one line each, for the
// sandbox's outcome panel: a reply code only where a server sent one.
func (p *Page) OutcomeLines() []string {
	out := make([]string, 0, len(p.Trace.Outcomes))
	w := p.words()
	for _, o := range p.Trace.Outcomes {
		out = append(out, fmt.Sprintf("%s → %s: %s", o.Msg, o.Rcpt, w.Outcome(o)))
	}
	return out
}

// Marker is a point on the timeline worth finding again.
type Marker struct {
	Index int
	Kind  trace.Kind
}

// Markers lists faults, defers, bounces and deliveries, for the scrubber.
func (p *Page) Markers() []Marker {
	var out []Marker
	for i, e := range p.Trace.All() {
		switch e.Kind {
		case trace.KindFault, trace.KindDefer, trace.KindBounce, trace.KindDoubleBounce, trace.KindDeliver, trace.KindExpire, trace.KindReject:
			out = append(out, Marker{Index: i, Kind: e.Kind})
		}
	}
	return out
}

// MarkersMarkup draws the markers as SVG rectangles along the scrubber, each at its
// event's share of the run (x in percent: the picture has no viewBox, so it stretches
// with the scrubber); the class names the event's kind for the colour.
func (p *Page) MarkersMarkup() string {
	var b strings.Builder
	// The scrubber runs from -1 (before the first event) to the last event.
	n := float64(max(p.Trace.Len(), 1))
	for _, m := range p.Markers() {
		fmt.Fprintf(&b, `<rect class="%s" x="%.2f%%" width="3" height="6"></rect>`, m.Kind, float64(m.Index+1)*100/n)
	}
	return b.String()
}

// Users lists the addresses of the world's users, for the retrieval form.
func (p *Page) Users() []string {
	out := make([]string, len(p.Scenario.Users))
	for i, u := range p.Scenario.Users {
		out[i] = u.Address
	}
	return out
}

// Retrieve lets the learner log in as a user with POP3 or IMAP one second after the
// current event, with the password typed (a wrong one gets the real -ERR or NO). The
// run is replayed with that fetch and the position moves to its connection.
func (p *Page) Retrieve(user, protocol, password string) error {
	if err := p.checkRetrieval(user, protocol, password); err != nil {
		return err
	}
	at := time.Duration(0)
	if cur, ok := p.Current(); ok {
		at = cur.Time + time.Second
	}
	f := scenario.Fetch{At: at, User: user, Protocol: protocol, Password: password}
	p.Scenario.Fetches = append(slices.Clone(p.Scenario.Fetches), f)
	p.input.fetches = append(slices.Clone(p.input.fetches), f)
	p.rerun()
	port := map[string]int{"pop3": 110, "imap": 143}[protocol]
	actor := "MUA " + user
	for i, e := range p.Trace.All() {
		if e.Kind == trace.KindConnect && e.Port == port && strings.EqualFold(e.Actor, actor) && e.Time >= at {
			p.Step = i
			return nil
		}
	}
	return nil
}

// checkRetrieval says what is wrong with a login to pick up mail, or nil.
func (p *Page) checkRetrieval(user, protocol, password string) error {
	if protocol != "pop3" && protocol != "imap" {
		return problem("retrieve.error.protocol", protocol)
	}
	if _, ok := p.Scenario.User(user); !ok {
		return problem("retrieve.error.user", user)
	}
	if password == "" {
		return problem("retrieve.error.password")
	}
	return nil
}

// Draft is what the composer form holds.
type Draft struct {
	From, To, Cc, Bcc, Subject, Body string
	Files                            []File
}

// File is an attachment picked in the composer (in a session file: its content in base64).
type File struct {
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
	Data []byte `json:"data"`
}

// attachments are the files of a message as the world sends them.
func attachments(files []File) []scenario.Attachment {
	var out []scenario.Attachment
	for _, f := range files {
		typ := f.Type
		if typ == "" {
			typ = "application/octet-stream"
		}
		out = append(out, scenario.Attachment{Name: f.Name, Type: typ, Data: f.Data, Size: len(f.Data)})
	}
	return out
}

// checkMessage says what is wrong with a message's addresses (a clear message per
// field), or that its sender is no user of the world; nil when it can be sent.
func (p *Page) checkMessage(msg scenario.Message) error {
	draft := mail.Draft{From: msg.From, To: msg.To, Cc: msg.Cc, Bcc: msg.Bcc, Subject: msg.Subject, Body: msg.Body}
	if err := draft.Validate(); err != nil {
		return err
	}
	if _, ok := p.Scenario.User(msg.From); !ok {
		return problem("compose.error.sender", msg.From, strings.Join(p.Users(), ", "))
	}
	return nil
}

// Compose sends a message from the composer one second after the current event: the
// addresses are checked first (a clear message per field), then the run is replayed
// with the new message and the position moves to its submission.
func (p *Page) Compose(d Draft) error {
	split := func(s string) []string {
		var out []string
		for _, a := range strings.Split(s, ",") {
			if a = strings.TrimSpace(a); a != "" {
				out = append(out, a)
			}
		}
		return out
	}
	msg := scenario.Message{From: strings.TrimSpace(d.From), To: split(d.To), Cc: split(d.Cc), Bcc: split(d.Bcc), Subject: d.Subject, Body: d.Body,
		Attachments: attachments(d.Files)}
	if err := p.checkMessage(msg); err != nil {
		return err
	}
	at := time.Duration(0)
	if cur, ok := p.Current(); ok {
		at = cur.Time + time.Second
	}
	msg.At = at
	msg.ID = fmt.Sprintf("m%d", len(p.Scenario.Messages)+1)
	p.Scenario.Messages = append(slices.Clone(p.Scenario.Messages), msg)
	p.input.messages = append(slices.Clone(p.input.messages), msg)
	p.rerun()
	for i, e := range p.Trace.All() {
		if e.Kind == trace.KindSubmit && e.Msg == msg.ID {
			p.Step = i
			break
		}
	}
	return nil
}

// firstLesson is the course's first lesson that opens.
func firstLesson() (*lessons.Lesson, error) {
	err := errors.New("no lessons")
	for _, e := range lessons.Index() {
		var l *lessons.Lesson
		if l, err = lessons.Find(e.ID); err == nil {
			return l, nil
		}
	}
	return nil, err
}
