package view

import (
	"strings"

	"smtpsim/sim/trace"
)

// Keys of what a panel shows. The page keeps the key of what it drew last and draws
// a panel again only when its key changes: equal keys (==), equal content. A key holds
// the page and the run themselves, not their addresses written as text, so it never
// matches a later page or run that happens to reuse the memory of an earlier one.

// NarrationKey is what the narration and question panels show.
type NarrationKey struct {
	page     *Page
	trace    *trace.Trace
	lang     string
	step     string // the narration's step, "intro" before the first, "" where the run is told instead
	told     int    // the event the run is told at, where it is; -1 elsewhere
	differs  bool   // at or after the first event where the run differs from the lesson's
	question string // the checkpoint shown, "" for none
	answered string // the learner's choice for it, "" while open
	atEnd    bool   // the sandbox shows the outcome, a lesson its summary, at the last event
}

// NarrationKey is the key of the narration and question panels now.
func (p *Page) NarrationKey() NarrationKey {
	k := NarrationKey{page: p, trace: p.Trace, lang: p.Lang, told: -1, question: p.questionID()}
	id, holds := p.narration()
	if holds {
		k.step = id
	} else {
		k.told = p.Step
	}
	k.differs = p.compared != nil && p.compared.Differs(p.Step)
	k.answered = p.Answers[k.question]
	k.atEnd = p.Step == p.Trace.Len()-1 // the sandbox's outcome, a lesson's summary
	return k
}

// FaultsKey is what the list of injected faults shows.
type FaultsKey struct {
	page   *Page
	lang   string
	faults string // their specs and notes, one a line
}

// FaultsKey is the key of the fault list now.
func (p *Page) FaultsKey() FaultsKey {
	specs := make([]string, len(p.Faults))
	for i, f := range p.Faults {
		specs[i] = f.String() + " " + p.FaultNote(i) + " " + p.FaultFlag(i)
	}
	return FaultsKey{page: p, lang: p.Lang, faults: strings.Join(specs, "\n")}
}

// ConsoleKey is what the console panel shows in a mode ("client" or "server").
type ConsoleKey struct {
	page   *Page
	trace  *trace.Trace
	lang   string
	mode   string
	lines  int    // lines typed at the console
	server string // the host the learner plays, "" for none
}

// ConsoleKey is the key of the console panel now, in mode.
func (p *Page) ConsoleKey(mode string) ConsoleKey {
	return ConsoleKey{page: p, trace: p.Trace, lang: p.Lang, mode: mode, lines: p.ConsoleLines(), server: p.ServerHost()}
}
