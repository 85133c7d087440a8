package handout

import (
	"smtpsim/sim/fold"
	"smtpsim/sim/render"
	"smtpsim/sim/scenario"
)

// rowsPerPicture keeps each picture of the diagram within a printed page.
const rowsPerPicture = 36

// diagram draws the run's sequence diagram in pictures of at most rows rows each, all
// with the same lanes; a fold is one note on its server's lane.
func (s *Sheet) diagram(sc scenario.Scenario, rows int) []render.Picture {
	lanes := render.Lanes(s.tr, &sc)
	for i, l := range lanes { // in the sheet's language, as the page names them
		lanes[i].Label, lanes[i].Caption = render.LaneLabel(s.Lang, l.ID), render.RoleCaption(s.Lang, l.Role)
	}
	all := render.Arrows(s.words, s.tr.Len()-1)
	var kept []render.Arrow
	noted := map[int]bool{} // folds drawn, by their first event
	for _, a := range all {
		f, hidden := fold.Around(s.folds, a.Index)
		switch {
		case !hidden:
			a.Current = false
			kept = append(kept, a)
		case !noted[f.From]: // the fold's first row stands for all of them
			noted[f.From] = true
			kept = append(kept, render.Arrow{Index: a.Index, From: f.Actor, To: f.Actor, Kind: "fold", Class: "retry",
				Text: s.say("fold.short", f.Attempts, int64(f.Wait.Seconds()))})
		}
	}
	var out []render.Picture
	for start := 0; start < len(kept); start += rows {
		d := render.Diagram{Lanes: lanes, Arrows: kept[start:min(start+rows, len(kept))]}
		out = append(out, d.Inline(s.Lang))
	}
	return out
}
