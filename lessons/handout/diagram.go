package handout

import (
	"smtpsim/sim/fold"
	"smtpsim/sim/render"
	"smtpsim/sim/scenario"
)

// maxRowText keeps the diagram narrow enough to print legibly on a page: the
// transcript above it has every row's whole text.
const maxRowText = 72

// shorten cuts a row's text to maxRowText characters.
func shorten(s string) string {
	if r := []rune(s); len(r) > maxRowText {
		return string(r[:maxRowText-1]) + "…"
	}
	return s
}

// A printed page (A4 less the margins of handout.css) holds a picture of about this
// many CSS pixels; a wider picture is scaled down to pageWidth, and so holds more rows.
const (
	pageWidth, pageHeight = 680, 900
	rowHeight             = 22 // as the render package draws rows
	frameHeight           = 60 // lane heads and margins of a picture
)

// rowsPerPicture is how many rows fit a page in a picture width px wide.
func rowsPerPicture(width int) int {
	scale := min(1, float64(pageWidth)/float64(max(width, 1)))
	return max(10, int((pageHeight/scale-frameHeight)/rowHeight))
}

// diagram draws the run's sequence diagram in pictures that each fit a printed page,
// all with the same lanes and the same width, so that they line up; a fold is one
// note on its server's lane.
func (s *Sheet) diagram(sc scenario.Scenario) []render.Picture {
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
			a.Current, a.Text = false, shorten(a.Text)
			kept = append(kept, a)
		case !noted[f.From]: // the fold's first row stands for all of them
			noted[f.From] = true
			kept = append(kept, render.Arrow{Index: a.Index, From: f.Actor, To: f.Actor, Kind: "fold", Class: "retry",
				Text: s.say("fold.short", f.Attempts, int64(f.Wait.Seconds()))})
		}
	}
	width := render.Diagram{Lanes: lanes, Arrows: kept}.Inline(s.Lang).Width
	rows := rowsPerPicture(width)
	var out []render.Picture
	for start := 0; start < len(kept); start += rows {
		pic := render.Diagram{Lanes: lanes, Arrows: kept[start:min(start+rows, len(kept))]}.Inline(s.Lang)
		pic.Width = width
		out = append(out, pic)
	}
	return out
}
