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
	return p.lanes
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
