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
	out := render.Arrows(p.words(), p.Step)
	if limit > 0 && len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out
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
	return Ladder{Picture: d.Inline(p.Lang), Arrows: arrows}
}
