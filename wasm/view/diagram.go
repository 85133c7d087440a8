package view

import "smtpsim/sim/render"

// Lane is one actor's column in the sequence diagram (package render draws it).
type Lane = render.Lane

// Arrow is one row of the sequence diagram (package render draws it).
type Arrow = render.Arrow

// Lanes lists the actors in the order they first appear in the whole run, so lanes
// do not move while the learner steps.
func (p *Page) Lanes() []Lane {
	if p.lanes == nil {
		p.lanes = render.Lanes(p.Trace, &p.Scenario)
	}
	out := make([]Lane, len(p.lanes))
	for i, l := range p.lanes {
		l.Label = render.LaneLabel(p.Lang, l.ID)
		l.Caption = render.RoleCaption(p.Lang, l.Role)
		out[i] = l
	}
	return out
}

// Arrows returns the diagram up to the current event, at most the last limit arrows
// (0: all), so long runs stay light on the page.
func (p *Page) Arrows(limit int) []Arrow {
	c := &p.arrows
	if c.lang != p.Lang {
		*c = arrowsMade{lang: p.Lang, all: c.all[:0]}
	}
	n := min(p.Step+1, p.Trace.Len())
	if c.upTo < n {
		c.all, c.upTo = render.AppendArrows(c.all, p.words(), c.upTo, n), n
	}
	k := len(c.all)
	for k > 0 && c.all[k-1].Index >= n { // back from a later step: the rows after it
		k--
	}
	out := append([]Arrow(nil), c.all[:k]...)
	if k > 0 && out[k-1].Index == p.Step {
		out[k-1].Current = true
	}
	if limit > 0 && len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out
}

// arrowsMade is the rows of the run's events in a language, none current, for the
// events before upTo: a step forward makes the rows of the events it passes, not all
// again. rerun forgets them.
type arrowsMade struct {
	lang string
	upTo int
	all  []Arrow
}

// Ladder is the sequence diagram as the page draws it at the current step.
type Ladder struct {
	render.Picture
	// Arrows are the rows drawn, by their data-arrow index, for the explanation of
	// the row under the pointer or the focus.
	Arrows []Arrow
}

// Ladder draws every row of the diagram up to the current event, so the greeting stays
// reachable on a long run: the same picture as the exported file, in the page's
// language and style, as wide as its longest row.
func (p *Page) Ladder() Ladder {
	arrows := p.Arrows(0)
	d := render.Diagram{Lanes: p.Lanes(), Arrows: arrows}
	return Ladder{Picture: d.InlineKept(p.Lang, &p.ladder), Arrows: arrows}
}

// LadderHeight is the height the page gives the diagram's picture, whose rows take
// need pixels, when it is shown now pixels high (0 for not yet). A picture that
// changes its size makes the browser lay out every row of it again, which on a long
// run costs more than all the rest of a step: so the picture grows by a block at a
// time, a twentieth of it or eight rows, whichever is more, and shrinks only when it
// would be more than two blocks too high. The space below the last row is empty, the
// lanes running on, as they do at the picture's foot.
func LadderHeight(need, now int) int {
	block := max(need/20, 8*render.RowHeight)
	if now >= need && now-need <= 2*block {
		return now
	}
	return (need + block - 1) / block * block
}
