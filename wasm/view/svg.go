package view

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strings"
	"unicode/utf8"
)

// svgStyle makes the exported diagram stand alone: the page's colours and fonts,
// with nothing to load.
const svgStyle = `
svg { background: #fff; }
text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; fill: #1f2328; }
.title { font: bold 16px system-ui, sans-serif; }
.sub, .time, .role { fill: #656d76; }
.sub { font: 12px system-ui, sans-serif; }
.role { font: 11px system-ui, sans-serif; }
.lane-label { font: bold 12px system-ui, sans-serif; }
.head rect { fill: #f6f8fa; stroke: #d0d7de; }
.head.mua rect { fill: #ddf4ff; } .head.dns rect { fill: #fbefff; }
.head.msa rect, .head.relay rect { fill: #fff8c5; } .head.mx rect { fill: #dafbe1; }
line.lane { stroke: #d0d7de; }
.arrow line, .arrow polyline { stroke: #57606a; fill: none; }
.arrow.connect line { stroke-dasharray: 4 3; }
.note rect { fill: #f6f8fa; stroke: #d0d7de; }
.ok text.msg { fill: #1a7f37; } .more text.msg { fill: #0550ae; }
.retry text.msg { fill: #9a6700; } .fail text.msg { fill: #cf222e; }
`

// SVG layout, in pixels.
const (
	svgTimeWidth = 150 // the column of virtual times
	svgLaneWidth = 200
	svgRow       = 22
	svgTop       = 96  // y of the first arrow
	svgMaxText   = 160 // longer texts are cut; the whole text is the tooltip
	svgCharWidth = 7.3 // of the 12px monospace font, to size the picture
)

// WriteSVG writes the sequence diagram of the whole run as a standalone SVG file:
// one lane per actor, one row per protocol line, connection, DNS question and answer,
// and notes for defers, hand-offs, deliveries and bounces, with the virtual time of
// each. Replies carry their icon as well as their colour. Every text is escaped.
func (p *Page) WriteSVG(w io.Writer) error {
	step := p.Step
	p.Step = p.Trace.Len() - 1
	lanes := p.Lanes()
	arrows := p.Arrows(0)
	p.Step = step

	x := map[string]int{}
	for i, l := range lanes {
		x[l.ID] = svgTimeWidth + svgLaneWidth/2 + i*svgLaneWidth
	}
	width := svgTimeWidth + max(len(lanes), 1)*svgLaneWidth
	texts := make([]string, len(arrows))
	for i, a := range arrows {
		texts[i] = arrowText(a)
		start := min(x[a.From], x[a.To]) + 6
		if a.From == a.To {
			start = x[a.From] + 10
		}
		width = max(width, start+int(float64(utf8.RuneCountInString(cut(texts[i])))*svgCharWidth)+20)
	}
	bottom := svgTop + svgRow*len(arrows)
	height := bottom + 56

	bw := bufio.NewWriter(w)
	title := p.Title()
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="title">`+"\n",
		width, height, width, height)
	fmt.Fprintf(bw, "<title id=\"title\">%s</title>\n<style>%s</style>\n", esc(title), svgStyle)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", width, height)
	fmt.Fprintf(bw, `<text class="title" x="12" y="24">%s</text>`+"\n", esc(title))
	fmt.Fprintf(bw, `<text class="sub" x="12" y="42">%s</text>`+"\n", esc(T(p.Lang, "svg.sub",
		T(p.Lang, "lesson.model."+string(p.Scenario.Model)), p.Scenario.Seed, p.Trace.Len(), p.Trace.Start.UTC().Format("2006-01-02 15:04:05 MST"))))

	for _, l := range lanes {
		cx := x[l.ID]
		fmt.Fprintf(bw, `<g class="head %s"><rect x="%d" y="52" width="%d" height="30" rx="6"/>`, esc(l.Role), cx-svgLaneWidth/2+8, svgLaneWidth-16)
		fmt.Fprintf(bw, `<text class="lane-label" x="%d" y="65" text-anchor="middle">%s</text>`, cx, esc(cut(l.Label)))
		fmt.Fprintf(bw, `<text class="role" x="%d" y="78" text-anchor="middle">%s</text></g>`, cx, esc(l.Role))
		fmt.Fprintf(bw, `<line class="lane" x1="%d" y1="82" x2="%d" y2="%d"/>`+"\n", cx, cx, bottom)
	}

	for i, a := range arrows {
		y := svgTop + svgRow*i + 8
		e := p.Trace.Events[a.Index]
		kind := "arrow"
		if a.From == a.To {
			kind = "note"
		}
		fmt.Fprintf(bw, `<g class="%s %s %s">`, kind, esc(string(a.Kind)), esc(a.Class))
		fmt.Fprintf(bw, `<title>%s</title>`, esc(fmt.Sprintf("#%d %s %s", e.Seq, p.Trace.Clock(e.Time), texts[i])))
		fmt.Fprintf(bw, `<text class="time" x="8" y="%d">%s</text>`, y+1, esc(p.Trace.Clock(e.Time)))
		x1, x2 := x[a.From], x[a.To]
		if x1 == x2 {
			n := utf8.RuneCountInString(cut(texts[i]))
			fmt.Fprintf(bw, `<rect x="%d" y="%d" width="%d" height="%d" rx="4"/>`, x1+4, y-11, int(float64(n)*svgCharWidth)+12, svgRow-4)
			fmt.Fprintf(bw, `<text class="msg" x="%d" y="%d">%s</text>`, x1+10, y+2, esc(cut(texts[i])))
		} else {
			head := 7
			if x2 < x1 {
				head = -7
			}
			fmt.Fprintf(bw, `<line x1="%d" y1="%d" x2="%d" y2="%d"/><polyline points="%d,%d %d,%d %d,%d"/>`,
				x1, y+7, x2, y+7, x2-head, y+3, x2, y+7, x2-head, y+11)
			fmt.Fprintf(bw, `<text class="msg" x="%d" y="%d">%s</text>`, min(x1, x2)+6, y+1, esc(cut(texts[i])))
		}
		fmt.Fprintln(bw, `</g>`)
	}
	legend := T(p.Lang, "svg.legend")
	fmt.Fprintf(bw, `<text class="sub" x="12" y="%d">%s</text>`+"\n", bottom+34, esc(legend))
	fmt.Fprintln(bw, `</svg>`)
	return bw.Flush()
}

// arrowText is what a row shows: the reply's icon, then the text.
func arrowText(a Arrow) string {
	icon := map[string]string{"ok": "✓", "more": "…", "retry": "↻", "fail": "✗"}[a.Class]
	if icon != "" && a.From != a.To {
		return icon + " " + a.Text
	}
	return a.Text
}

// cut shortens a text for the picture; the tooltip keeps it whole.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= svgMaxText {
		return s
	}
	r := []rune(s)
	return string(r[:svgMaxText-1]) + "…"
}

// esc makes any text safe inside SVG markup: escaped, valid UTF-8, and without the
// control characters XML does not allow (shown as their Unicode pictures).
func esc(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20:
			return 0x2400 + r
		case r == 0x7f:
			return 0x2421
		case r == 0xFFFE || r == 0xFFFF:
			return 0xFFFD
		}
		return r
	}, s)
	return html.EscapeString(s)
}
