package render

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"smtpsim/lessons/escape"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// Lane is one actor's column in the sequence diagram.
type Lane struct {
	ID    string
	Label string
	Role  string // mua, msa, mx, relay, dns, console, host
	// Caption is the role as the lane's head shows it (RoleCaption); Role when empty.
	Caption string
}

// RoleCaption is a role (Role) as the diagram and the network say it in lang.
func RoleCaption(lang, role string) string { return Say(lang, "role."+role) }

// Lanes lists the actors of a run in the order they first appear in it, so that lanes
// do not move while the learner steps. sc gives each host's role.
func Lanes(tr *trace.Trace, sc *scenario.Scenario) []Lane {
	out := []Lane{}
	seen := map[string]bool{}
	add := func(id string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		out = append(out, Lane{ID: id, Label: laneLabel(id), Role: roleIn(tr, sc, id)})
	}
	for _, e := range tr.All() {
		if Travels(e.Kind) {
			add(e.Actor)
			add(e.Peer)
		}
	}
	return out
}

// Travels reports whether events of a kind go from one actor to another (a line, a
// connection, a DNS question or answer, a connection that failed): they make the lanes
// of the diagram and the links of the network.
func Travels(k trace.Kind) bool {
	switch k {
	case trace.KindLine, trace.KindData, trace.KindConnect, trace.KindDNSQuery, trace.KindDNSAnswer, trace.KindRefused, trace.KindUnreachable:
		return true
	}
	return false
}

func laneLabel(id string) string { return LaneLabel("en", id) }

// LaneLabel is how the diagram and the network name an actor in lang.
func LaneLabel(lang, id string) string {
	if after, ok := strings.CutPrefix(id, "MUA "); ok {
		return after + " (MUA)"
	}
	if id == "dns" {
		return "DNS"
	}
	if id == world.ConsoleActor {
		return Say(lang, "lane.console")
	}
	return id
}

// Role names what an actor is: mua, dns, console, or the role of a host in sc (msa,
// mx, relay), else host.
func Role(sc *scenario.Scenario, id string) string {
	switch {
	case strings.HasPrefix(id, "MUA "):
		return "mua"
	case id == "dns":
		return "dns"
	case id == world.ConsoleActor:
		return "console"
	}
	if h, ok := sc.Host(id); ok {
		switch {
		case h.Has(scenario.RoleMSA):
			return "msa"
		case h.Has(scenario.RoleMX):
			return "mx"
		case h.Has(scenario.RoleRelay):
			return "relay"
		}
	}
	return "host"
}

// roleIn is Role for a host that the scenario lets be both MSA and MX: the MSA when the
// run submits to it (a connection to port 587), else the MX. The first lesson's
// mx.example.net may take submissions but in the run only receives and files mail.
func roleIn(tr *trace.Trace, sc *scenario.Scenario, id string) string {
	role := Role(sc, id)
	if h, ok := sc.Host(id); ok && role == "msa" && h.Has(scenario.RoleMX) &&
		!tr.Contains(func(e trace.Event) bool { return e.Kind == trace.KindConnect && e.Peer == id && e.Port == 587 }) {
		return "mx"
	}
	return role
}

// Arrow is one row of the sequence diagram: a protocol line, a connection, a DNS
// question or answer (From ≠ To), or a note on one lane such as a defer (From = To).
type Arrow struct {
	Index   int // of the event in the trace
	From    string
	To      string
	Text    string
	Class   string // ok, more, retry, fail for replies and outcomes; "" otherwise
	Reason  string // reason key, for the explanation
	Code    int    // the reply code a server sent, 0 for none
	Status  string // the enhanced status of the reply or decision
	Kind    trace.Kind
	Current bool // the event the learner is at
}

// Arrows returns the rows of the diagram for the events up to step, in w's language.
func Arrows(w Words, step int) []Arrow {
	out := AppendArrows(nil, w, 0, step+1)
	if n := len(out); n > 0 && out[n-1].Index == step {
		out[n-1].Current = true
	}
	return out
}

// AppendArrows appends to out the rows of the events from up to (not including) to,
// none of them current: a row is its event's alone, so the rows of a run can be made
// a few at a time, as a learner steps on.
func AppendArrows(out []Arrow, w Words, from, to int) []Arrow {
	for i := max(from, 0); i < to && i < w.Trace.Len(); i++ {
		e := w.Trace.At(i)
		a := Arrow{Index: i, Kind: e.Kind, Reason: e.Reason, Code: e.Code, Status: e.Status}
		switch e.Kind {
		case trace.KindLine, trace.KindData:
			a.From, a.To, a.Text = e.Actor, e.Peer, w.Wire(e)
			if e.Dir == trace.DirRecv {
				a.From, a.To = e.Peer, e.Actor
				a.Class = ReplyClass(e)
			}
		case trace.KindConnect:
			a.From, a.To, a.Text = e.Actor, e.Peer, w.t("connect.arrow", e.Port)
		case trace.KindRefused, trace.KindUnreachable:
			// No server spoke: a note on the client's own lane, never an arrow that
			// could pass for a reply.
			a.From, a.To, a.Text, a.Class = e.Actor, e.Actor, w.Note(e), ConnectClass(e)
		case trace.KindDNSQuery:
			a.From, a.To, a.Text = e.Actor, e.Peer, "? "+w.Question(e)
		case trace.KindDNSAnswer:
			a.From, a.To, a.Text = e.Peer, e.Actor, w.Answer(e)
		case trace.KindTLS:
			// A padlock on the client's lane: the symbol and the words, never colour alone.
			lock := Lock(e.TLS)
			if lock == "" {
				continue
			}
			a.From, a.To, a.Text = e.Actor, e.Actor, LockSymbol(lock)+" "+w.Note(e)
			if lock == LockRefused {
				a.Class = "fail"
			}
		case trace.KindDefer, trace.KindBounce, trace.KindDeliver, trace.KindHandoff, trace.KindExpire, trace.KindDoubleBounce, trace.KindReject, trace.KindFault, trace.KindTimeout,
			trace.KindSign, trace.KindAuth:
			a.From, a.To, a.Text = e.Actor, e.Actor, w.Note(e)
			switch e.Kind {
			case trace.KindDefer, trace.KindTimeout:
				a.Class = "retry"
			case trace.KindBounce, trace.KindExpire, trace.KindDoubleBounce, trace.KindReject:
				a.Class = "fail"
			case trace.KindDeliver, trace.KindHandoff:
				a.Class = "ok"
			}
		default:
			continue
		}
		out = append(out, a)
	}
	return out
}

// ReplyClass names the class of a reply for colouring and for its icon: "ok", "more",
// "retry", "fail" — never colour alone.
func ReplyClass(e trace.Event) string {
	switch {
	case e.Code >= 200 && e.Code < 300 || strings.HasPrefix(e.Line, "+OK") || isIMAPStatus(e.Line, "OK"):
		return "ok"
	case e.Code >= 300 && e.Code < 400 || strings.HasPrefix(e.Line, "+ "):
		return "more"
	case e.Code >= 400 && e.Code < 500:
		return "retry"
	case e.Code >= 500 || strings.HasPrefix(e.Line, "-ERR") || isIMAPStatus(e.Line, "NO") || isIMAPStatus(e.Line, "BAD"):
		return "fail"
	}
	return ""
}

// ConnectClass is the class of a connection that could not be made. A network that
// did not carry it (no answer, refused, no route: Failure) is temporary, as an MTA's
// enhanced status for it says (4.4.1, "no answer from host"): the sender tries again
// later (RFC 5321 §4.5.4.1), and a mail program can. A host the world does not have,
// typed into the console, is a failure outright.
func ConnectClass(e trace.Event) string {
	if e.Failure != "" || strings.HasPrefix(e.Status, "4.") {
		return "retry"
	}
	return "fail"
}

func isIMAPStatus(line, status string) bool {
	f := strings.Fields(line)
	return len(f) >= 2 && f[0] != "*" && f[1] == status
}

// icons go with the colour of each class, so that no reader depends on colour alone.
var icons = map[string]string{"ok": "✓", "more": "…", "retry": "↻", "fail": "✗"}

// Icon is the sign of a class of reply or outcome: ✓ ok, … more, ↻ retry, ✗ fail; ""
// for none.
func Icon(class string) string { return icons[class] }

// Diagram layout, in pixels. Lanes stand laneWidth apart; each lane has a head (the
// actor and its role) and a row every rowHeight below it.
const (
	laneWidth  = 200
	rowHeight  = 22
	headHeight = 30
	firstRow   = 44  // from the top of the heads to the top of the first row
	maxText    = 160 // longer texts are cut; the whole text is in the tooltip or label
	charWidth  = 7.3 // of the 12px monospace font, to size the picture
)

// RowHeight is the height of a row of the diagram, in pixels.
const RowHeight = rowHeight

// Diagram is a sequence diagram: lanes, and rows in trace order.
type Diagram struct {
	Lanes  []Lane
	Arrows []Arrow
}

// layout places a diagram with its lane heads at top and its first lane left px from
// the left edge; a file puts its title above and its times to the left.
type layout struct {
	Diagram
	top    int
	x      map[string]int // the centre of each actor's lane
	texts  []string       // what each row says, the icon of a reply first
	width  int            // wide enough for the longest text
	bottom int            // below the last row
}

func (d Diagram) layout(left, top int) *layout {
	l := &layout{Diagram: d, top: top, x: map[string]int{}, texts: make([]string, len(d.Arrows))}
	for i, ln := range d.Lanes {
		l.x[ln.ID] = left + laneWidth/2 + i*laneWidth
	}
	l.width = left + max(len(d.Lanes), 1)*laneWidth
	for i, a := range d.Arrows {
		l.texts[i] = rowText(a)
		l.width = max(l.width, l.textX(a)+textWidth(cut(l.texts[i]))+20)
	}
	l.bottom = top + firstRow + rowHeight*len(d.Arrows)
	return l
}

// rowText is what a row shows: an arrow that carries a reply starts with its icon;
// a note says what happened in words.
func rowText(a Arrow) string {
	if icon := Icon(a.Class); icon != "" && a.From != a.To {
		return icon + " " + a.Text
	}
	return a.Text
}

// y is where row i starts; its arrow runs 7px below.
func (l *layout) y(i int) int { return l.top + firstRow + rowHeight*i + 8 }

func (l *layout) textX(a Arrow) int {
	if a.From == a.To {
		return l.x[a.From] + 10
	}
	return min(l.x[a.From], l.x[a.To]) + 6
}

func textWidth(s string) int { return int(float64(utf8.RuneCountInString(s)) * charWidth) }

// rowClass is the class of row i: arrow or note, the event's kind, the reply's class.
func (l *layout) rowClass(i int) string {
	a := l.Arrows[i]
	kind := "arrow"
	if a.From == a.To {
		kind = "note"
	}
	return fmt.Sprintf("%s %s %s", kind, esc(string(a.Kind)), esc(a.Class))
}

// writeLanes draws each lane's head and its line down to bottom (a y coordinate, or
// "100%" for the foot of the picture).
func (l *layout) writeLanes(w io.Writer, bottom string) {
	for _, ln := range l.Lanes {
		cx := l.x[ln.ID]
		fmt.Fprintf(w, `<g class="head %s"><rect x="%d" y="%d" width="%d" height="%d" rx="6"/>`, esc(ln.Role), cx-laneWidth/2+8, l.top, laneWidth-16, headHeight)
		fmt.Fprintf(w, `<text class="lane-label" x="%d" y="%d" text-anchor="middle">%s</text>`, cx, l.top+13, esc(cut(ln.Label)))
		fmt.Fprintf(w, `<text class="role" x="%d" y="%d" text-anchor="middle">%s</text></g>`, cx, l.top+26, esc(cmp.Or(ln.Caption, ln.Role)))
		fmt.Fprintf(w, `<line class="lane" x1="%d" y1="%d" x2="%d" y2="%s"/>`+"\n", cx, l.top+headHeight, cx, bottom)
	}
}

// writeRow draws row i: a note in a box on its lane, or an arrow with its head, and
// the row's text.
func (l *layout) writeRow(w io.Writer, i int) {
	a, y := l.Arrows[i], l.y(i)
	text := cut(l.texts[i])
	x1, x2 := l.x[a.From], l.x[a.To]
	if x1 == x2 {
		fmt.Fprintf(w, `<rect x="%d" y="%d" width="%d" height="%d" rx="4"/>`, x1+4, y-11, textWidth(text)+12, rowHeight-4)
		fmt.Fprintf(w, `<text class="msg" x="%d" y="%d">%s</text>`, l.textX(a), y+2, esc(text))
		return
	}
	head := 7
	if x2 < x1 {
		head = -7
	}
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d"/><polyline points="%d,%d %d,%d %d,%d"/>`,
		x1, y+7, x2, y+7, x2-head, y+3, x2, y+7, x2-head, y+11)
	fmt.Fprintf(w, `<text class="msg" x="%d" y="%d">%s</text>`, l.textX(a), y+1, esc(text))
}

// Picture is SVG markup to place inside an <svg> element Width × Height pixels large,
// in parts: the lanes (Head), then one piece per row, so that a page can replace only
// the rows that changed.
type Picture struct {
	Width, Height int
	CurrentY      int // where the current row is, -1 when it is not drawn
	Head          string
	Rows          []string
}

// Markup is the picture's markup whole: Head followed by the Rows. A page that
// replaces rows never needs it, and a long run's is some hundreds of kilobytes.
func (p Picture) Markup() string { return p.Head + strings.Join(p.Rows, "") }

// pageTop leaves a margin above the lane heads on a page.
const pageTop = 8

// Inline draws the diagram for a page, in lang: the same picture as the file, without
// its title, times and legend; each row names its index (data-arrow) and, when there
// is something to explain, can take the focus and says its class in words. The style
// is the page's (web/style.css).
func (d Diagram) Inline(lang string) Picture { return d.InlineKept(lang, nil) }

// Kept is what InlineKept drew last, so that the next drawing writes again only the
// rows that changed. A step on a page moves the current mark and adds or takes a row
// or two; on a long run the rest is a thousand rows or more, each the same as before.
// The zero value holds nothing.
type Kept struct {
	lang, head string
	width      int
	arrows     []Arrow  // the rows drawn last
	rows       []string // and their markup
}

// InlineKept is Inline, taking from kept (when not nil) every row drawn last in the
// same language, in a picture of the same lanes and width, for the same arrow at the
// same place, and keeping there what it draws now. A row is drawn from nothing but
// these, so the picture is the one Inline draws.
func (d Diagram) InlineKept(lang string, kept *Kept) Picture {
	if len(d.Lanes) == 0 {
		return Picture{CurrentY: -1}
	}
	l := d.layout(0, pageTop)
	var b strings.Builder
	// The lanes run to the picture's foot (100%), so that they read the same however
	// many rows there are, and a step leaves them as they are on the page.
	l.writeLanes(&b, "100%")
	pic := Picture{Width: l.width, Height: l.bottom + pageTop, CurrentY: -1, Head: b.String()}
	same := kept != nil && kept.lang == lang && kept.head == pic.Head && kept.width == l.width
	pic.Rows = make([]string, len(d.Arrows))
	for i, a := range d.Arrows {
		if a.Current {
			pic.CurrentY = l.y(i)
		}
		if same && i < len(kept.arrows) && kept.arrows[i] == a {
			pic.Rows[i] = kept.rows[i]
			continue
		}
		var r strings.Builder
		l.writeInlineRow(&r, lang, i)
		pic.Rows[i] = r.String()
	}
	if kept == nil {
		return pic
	}
	kept.lang, kept.head, kept.width = lang, pic.Head, l.width
	kept.arrows = append(kept.arrows[:0], d.Arrows...)
	kept.rows = append(kept.rows[:0], pic.Rows...)
	return pic
}

// writeInlineRow writes row i as Inline draws it: a group that names its index, with
// its class, its label and tooltip, the highlight the current row shows, and the row.
func (l *layout) writeInlineRow(b *strings.Builder, lang string, i int) {
	a := l.Arrows[i]
	class := l.rowClass(i)
	if a.Current {
		class += " current"
	}
	fmt.Fprintf(b, `<g class="%s" data-arrow="%d"`, class, i)
	if a.Reason != "" || a.Class != "" {
		label := l.texts[i]
		if a.Class != "" {
			label += " (" + Say(lang, "class."+a.Class) + ")"
		}
		fmt.Fprintf(b, ` tabindex="0" aria-label="%s"`, esc(label))
	}
	b.WriteString(">")
	if text := l.texts[i]; cut(text) != text {
		// A cut row keeps its whole text in its tooltip.
		fmt.Fprintf(b, `<title>%s</title>`, esc(text))
	}
	fmt.Fprintf(b, `<rect class="hl" x="0" y="%d" width="%d" height="%d" fill="transparent"/>`, l.y(i)-11, l.width, rowHeight)
	l.writeRow(b, i)
	b.WriteString("</g>\n")
}

// cut shortens a text for the picture; the tooltip keeps it whole.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= maxText {
		return s
	}
	r := []rune(s)
	return string(r[:maxText-1]) + "…"
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
	return escape.HTML(s)
}
