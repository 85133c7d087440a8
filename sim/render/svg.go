package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
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

// DiagramStyle is the style of the exported diagram, for a document that places
// pictures of Diagram.Inline in it and has no page stylesheet (a printed handout).
func DiagramStyle() string { return svgStyle }

// The file's frame around the diagram, in pixels: the column of virtual times on the
// left, the title and subtitle above the lane heads.
const (
	timeWidth   = 150
	titleHeight = 52
)

// WriteSVG writes the sequence diagram of the whole run as a standalone SVG file:
// one lane per actor, one row per protocol line, connection, DNS question and answer,
// and notes for defers, hand-offs, deliveries and bounces, with the virtual time of
// each. Replies carry their icon as well as their colour. Every text is escaped.
func WriteSVG(w io.Writer, r Run) error {
	words := r.words()
	d := Diagram{Lanes: Lanes(r.Trace, &r.Scenario), Arrows: Arrows(words, r.Trace.Len()-1)}
	l := d.layout(timeWidth, titleHeight)
	height := l.bottom + 56

	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="title">`+"\n",
		l.width, height, l.width, height)
	fmt.Fprintf(bw, "<title id=\"title\">%s</title>\n<style>%s</style>\n", esc(r.Title), svgStyle)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", l.width, height)
	fmt.Fprintf(bw, `<text class="title" x="12" y="24">%s</text>`+"\n", esc(r.Title))
	fmt.Fprintf(bw, `<text class="sub" x="12" y="42">%s</text>`+"\n", esc(Say(r.Lang, "svg.sub",
		Say(r.Lang, "model."+string(r.Scenario.Model)), r.Scenario.Seed, r.Trace.Len(), r.Trace.Start.UTC().Format("2006-01-02 15:04:05 MST"))))
	l.writeLanes(bw, strconv.Itoa(l.bottom))
	for i, a := range d.Arrows {
		e := r.Trace.At(a.Index)
		clock := r.Trace.Clock(e.Time)
		fmt.Fprintf(bw, `<g class="%s">`, l.rowClass(i))
		fmt.Fprintf(bw, `<title>%s</title>`, esc(fmt.Sprintf("#%d %s %s", e.Seq, clock, l.texts[i])))
		fmt.Fprintf(bw, `<text class="time" x="8" y="%d">%s</text>`, l.y(i)+1, esc(clock))
		l.writeRow(bw, i)
		fmt.Fprintln(bw, `</g>`)
	}
	fmt.Fprintf(bw, `<text class="sub" x="12" y="%d">%s</text>`+"\n", l.bottom+34, esc(Say(r.Lang, "svg.legend")))
	fmt.Fprintln(bw, `</svg>`)
	return bw.Flush()
}
