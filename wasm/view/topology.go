package view

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"smtpsim/internal/onesort"
	"smtpsim/lessons/escape"
	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// The roles a machine can play in a run, in the order the network draws them: what the
// course teaches, each derived from what the machine really does (HostRoles).
const (
	RoleMUA     = "mua"     // a user's mail program: writes and fetches
	RoleMSA     = "msa"     // accepts submission (port 587)
	RoleMTA     = "mta"     // transfers mail on port 25, queues and retries
	RoleMDA     = "mda"     // files mail into mailboxes
	RolePOP3    = "pop3"    // serves mailboxes over POP3
	RoleIMAP    = "imap"    // serves mailboxes over IMAP
	RoleDNS     = "dns"     // answers name queries
	RoleConsole = "console" // the learner at the console
)

var roleOrder = []string{RoleMUA, RoleMSA, RoleMTA, RoleMDA, RolePOP3, RoleIMAP, RoleDNS, RoleConsole}

// Node is an actor in the topology view.
type Node struct {
	ID    string
	Label string
	// Roles are what the actor does in the run (Role* constants, in roleOrder).
	Roles  []string
	X, Y   int // top left corner of its box
	W, H   int
	Down   bool
	Outbox int // messages its user wrote that no server has taken yet
	Queue  int // messages in its queue at this step
	Box    int // messages in its mailboxes at this step
	Active bool
	// Acting is the role the machine plays in the current event ("" for none): its chip
	// is marked, so the learner sees which part of the machine is at work.
	Acting string
}

// Centre is the middle of the node's box, where links end.
func (n Node) Centre() (int, int) { return n.X + n.W/2, n.Y + n.H/2 }

// Link joins two nodes that talk to each other somewhere in the run.
type Link struct {
	From, To string
	Active   bool // the current event travels on it
	Reverse  bool // it travels from To to From (a reply, a DNS answer)
	Message  bool // what travels is the message itself (DATA), not a command or an answer
	// Lock is the padlock of the active link's connection (see Page.Lock), "" for none.
	Lock string
}

// Sizes of the network picture in its own units. The page scales the picture to the
// panel's width; the font is large enough that a 600 px wide panel still shows it at
// 14 CSS px or more (fontSize·600/width ≥ 14 for up to four columns).
const (
	fontSize  = 22
	minFont   = 14 // CSS px: the smallest label a class reads from the back row
	colWidth  = 224
	boxWidth  = 208
	minWidth  = 900
	labelRow  = 36
	chipRow   = 34
	chipWidth = 94
	badgeRow  = 30
	rowGap    = 26
	margin    = 16
)

// HostRoles says what every actor of the run does, from the trace's typed fields: a
// user's program (MUA) and the console are what they are; a server that takes a
// connection on the submission port is an MSA; one that queues, attempts, or speaks
// or listens on port 25 is an MTA; one that files into a mailbox is an MDA; one that
// answers POP3 or IMAP serves those. A host that did nothing in the run keeps what its
// scenario says (msa → MSA, mx → MTA and MDA, relay → MTA). They are the run's, not
// the step's: worked out once for a run (rerun forgets them), and shared: read them,
// never write to them.
func (p *Page) HostRoles() map[string][]string {
	if p.roles == nil {
		p.roles = p.hostRoles()
	}
	return p.roles
}

func (p *Page) hostRoles() map[string][]string {
	roles := map[string]map[string]bool{}
	add := func(id, role string) {
		if id == "" {
			return
		}
		if roles[id] == nil {
			roles[id] = map[string]bool{}
		}
		roles[id][role] = true
	}
	client := func(id string) bool { return strings.HasPrefix(id, "MUA ") || id == world.ConsoleActor }
	for _, e := range p.Trace.OfKind(trace.KindConnect, trace.KindRefused, trace.KindUnreachable, trace.KindEnqueue, trace.KindAttempt, trace.KindDeliver) {
		switch e.Kind {
		case trace.KindConnect, trace.KindRefused, trace.KindUnreachable:
			switch e.Port {
			case 587, 465:
				add(e.Peer, RoleMSA)
			case 25:
				add(e.Peer, RoleMTA)
				if !client(e.Actor) {
					add(e.Actor, RoleMTA)
				}
			case 110, 995:
				add(e.Peer, RolePOP3)
			case 143, 993:
				add(e.Peer, RoleIMAP)
			}
		case trace.KindEnqueue, trace.KindAttempt:
			if !client(e.Actor) {
				add(e.Actor, RoleMTA)
			}
		case trace.KindDeliver:
			add(e.Actor, RoleMDA)
		}
	}
	out := map[string][]string{}
	for _, l := range p.Lanes() {
		var rs []string
		switch {
		case strings.HasPrefix(l.ID, "MUA "):
			rs = []string{RoleMUA}
		case l.ID == "dns":
			rs = []string{RoleDNS}
		case l.ID == world.ConsoleActor:
			rs = []string{RoleConsole}
		default:
			for _, r := range roleOrder {
				if roles[l.ID][r] {
					rs = append(rs, r)
				}
			}
			if len(rs) == 0 {
				rs = scenarioRoles(l.Role)
			}
		}
		out[l.ID] = rs
	}
	return out
}

// scenarioRoles are the roles a host's scenario role stands for.
func scenarioRoles(role string) []string {
	switch role {
	case "msa":
		return []string{RoleMSA, RoleMTA}
	case "mx":
		return []string{RoleMTA, RoleMDA}
	case "relay":
		return []string{RoleMTA}
	}
	return nil
}

// RoleChip is a role's short caption on the picture, in lang.
func RoleChip(lang, role string) string {
	if role == RoleConsole {
		return render.RoleCaption(lang, "console")
	}
	return T(lang, "role.chip."+role)
}

// Topology places every actor in the wide picture: mail programs on the left, the DNS
// on top, servers in columns by how far from the sender they first appear.
func (p *Page) Topology() ([]Node, []Link) {
	nodes, links, _, _ := p.layout(placeColumns)
	return nodes, links
}

// placeColumns lays the machines out left to right, a column for each distance from
// the sender, the DNS on top; it returns the picture's width and height.
func placeColumns(nodes []Node, col map[string]int, maxCol int) (width, height int) {
	return columns(nodes, col, maxCol, minWidth)
}

// placeColumnsTight is placeColumns without the picture's least width, for a panel
// whose size is known: three columns are 704 units wide, not 900.
func placeColumnsTight(nodes []Node, col map[string]int, maxCol int) (width, height int) {
	return columns(nodes, col, maxCol, 0)
}

func columns(nodes []Node, col map[string]int, maxCol, least int) (width, height int) {
	width = max(least, 2*margin+(maxCol+1)*colWidth)
	step := (width - 2*margin) / (maxCol + 1)
	top := margin
	for _, n := range nodes {
		if col[n.ID] < 0 {
			top = max(top, margin+n.H+rowGap)
		}
	}
	next := map[int]int{} // column → y of its next box
	for i := range nodes {
		n := &nodes[i]
		c := col[n.ID]
		if c < 0 {
			n.X, n.Y = (width-boxWidth)/2, margin
			continue
		}
		n.X = margin + c*step + (step-boxWidth)/2
		n.Y = cmp.Or(next[c], top)
		next[c] = n.Y + n.H + rowGap
	}
	height = top
	for _, y := range next {
		height = max(height, y)
	}
	return width, height
}

// narrowRow is how many machines a row of the narrow picture holds.
const narrowRow = 2

// placeRows lays the machines out top to bottom for a narrow panel (a phone): the DNS,
// then a row for each distance from the sender, two machines a row; it returns the
// picture's width and height.
func placeRows(nodes []Node, col map[string]int, maxCol int) (width, height int) {
	width = 2*margin + narrowRow*colWidth
	y := margin
	for c := -1; c <= maxCol; c++ {
		var row []*Node
		flush := func() {
			if len(row) == 0 {
				return
			}
			offset := (width - 2*margin - len(row)*colWidth) / 2
			h := 0
			for i, n := range row {
				n.X = margin + offset + i*colWidth + (colWidth-boxWidth)/2
				n.Y = y
				h = max(h, n.H)
			}
			y += h + rowGap
			row = row[:0]
		}
		for i := range nodes {
			if col[nodes[i].ID] == c {
				row = append(row, &nodes[i])
				if len(row) == narrowRow {
					flush()
				}
			}
		}
		flush()
	}
	return width, y
}

// placeGrid lays the machines out three a row, in the order of their columns (the DNS
// first): for a panel about as high as it is wide, where the columns of a long route
// (four and more) would make the picture too wide to read.
func placeGrid(nodes []Node, col map[string]int, _ int) (width, height int) {
	const perRow = 3
	order := make([]*Node, len(nodes))
	for i := range nodes {
		order[i] = &nodes[i]
	}
	slices.SortStableFunc(order, func(a, b *Node) int { return cmp.Compare(col[a.ID], col[b.ID]) })
	width = 2*margin + perRow*colWidth
	y := margin
	for i := 0; i < len(order); i += perRow {
		row := order[i:min(i+perRow, len(order))]
		h := 0
		for j, n := range row {
			n.X = margin + j*colWidth + (colWidth-boxWidth)/2
			n.Y = y
			h = max(h, n.H)
		}
		y += h + gridGap
	}
	return width, y - gridGap + margin
}

// gridGap is the gap between the rows of the grid: as wide as the gap between its
// columns, so that the grid of a four-hop route fits the cell at 1366×768.
const gridGap = colWidth - boxWidth

// placement lays out the machines and gives the picture's width and height.
type placement func(nodes []Node, col map[string]int, maxCol int) (width, height int)

// layout gives the machines with their state at the current step, placed by place,
// the links of the run, and the size of the picture.
func (p *Page) layout(place placement) (nodes []Node, links []Link, width, height int) {
	lanes := p.Lanes()
	roles := p.HostRoles()
	cur, hasCur := p.Current()
	col := map[string]int{}
	for _, l := range lanes {
		switch l.Role {
		case "mua", "console":
			col[l.ID] = 0
		case "dns":
			col[l.ID] = -1
		}
	}
	// A server's column is one more than the column of the first actor that connects to it.
	for _, e := range p.Trace.OfKind(trace.KindConnect) {
		if _, ok := col[e.Peer]; !ok {
			c := col[e.Actor] + 1
			if strings.HasPrefix(e.Actor, "MUA ") || e.Actor == world.ConsoleActor {
				c = 1
			}
			col[e.Peer] = c
		}
	}
	for _, l := range lanes {
		if _, ok := col[l.ID]; !ok {
			col[l.ID] = 1
		}
	}
	maxCol := 0
	for _, c := range col {
		maxCol = max(maxCol, c)
	}
	held := p.messages()
	acting := p.acting()
	for _, l := range lanes {
		n := Node{ID: l.ID, Label: NodeLabel(p.Lang, l.ID), Roles: roles[l.ID], Down: p.down(l.ID),
			Outbox: held[l.ID]["outbox"], Queue: held[l.ID]["queue"], Box: held[l.ID]["mailbox"], W: boxWidth}
		n.H = labelRow + (len(n.Roles)+1)/2*chipRow + badgeRow + 8
		n.Active = hasCur && (cur.Actor == l.ID || cur.Peer == l.ID)
		n.Acting = acting[l.ID]
		nodes = append(nodes, n)
	}
	width, height = place(nodes, col, maxCol)
	seen := map[[2]string]bool{}
	for _, e := range p.Trace.All() {
		if !render.Travels(e.Kind) || e.Peer == "" {
			continue
		}
		k := [2]string{e.Actor, e.Peer}
		if seen[k] {
			continue
		}
		seen[k] = true
		links = append(links, Link{From: e.Actor, To: e.Peer})
	}
	for i := range links {
		links[i].Active = hasCur && render.Travels(cur.Kind) && links[i].From == cur.Actor && links[i].To == cur.Peer
		links[i].Reverse = links[i].Active && (cur.Dir == trace.DirRecv || cur.Kind == trace.KindDNSAnswer || cur.Kind == trace.KindRefused || cur.Kind == trace.KindUnreachable)
		links[i].Message = links[i].Active && cur.Kind == trace.KindData && cur.Dir != trace.DirRecv
		if links[i].Active {
			links[i].Lock = p.Lock()
		}
	}
	return nodes, links, width, height
}

// acting says which role each machine of the current event plays in it: the server
// side by the port of the connection (587 MSA, 25 MTA, 110 POP3, 143 IMAP), the client
// side as MUA or MTA; queue events are the MTA's, filing and removing the MDA's, DNS
// questions and answers the asking MTA's and the DNS's.
func (p *Page) acting() map[string]string {
	cur, ok := p.Current()
	if !ok {
		return nil
	}
	out := map[string]string{}
	user := func(id string) bool { return strings.HasPrefix(id, "MUA ") }
	client := func() {
		switch {
		case user(cur.Actor):
			out[cur.Actor] = RoleMUA
		case cur.Actor != world.ConsoleActor:
			out[cur.Actor] = RoleMTA
		}
	}
	switch cur.Kind {
	case trace.KindConnect, trace.KindLine, trace.KindData, trace.KindClose, trace.KindRefused, trace.KindUnreachable, trace.KindTimeout, trace.KindTLS:
		port := cur.Port
		for i := p.Step; port == 0 && cur.Conn != 0 && i >= 0; i-- {
			if e := p.Trace.At(i); e.Kind == trace.KindConnect && e.Conn == cur.Conn {
				port = e.Port
			}
		}
		server := map[int]string{587: RoleMSA, 465: RoleMSA, 25: RoleMTA, 110: RolePOP3, 995: RolePOP3, 143: RoleIMAP, 993: RoleIMAP}[port]
		if server != "" && cur.Peer != "" {
			out[cur.Peer] = server
		}
		client()
	case trace.KindDNSQuery, trace.KindDNSAnswer:
		client()
		out[cur.Peer] = RoleDNS
	case trace.KindSubmit, trace.KindFetch, trace.KindReject:
		if user(cur.Actor) {
			out[cur.Actor] = RoleMUA
		}
	case trace.KindHandoff:
		out[cur.Actor] = RoleMTA
		if user(cur.Peer) {
			out[cur.Actor] = RoleMSA
		}
	case trace.KindEnqueue, trace.KindAttempt, trace.KindDefer, trace.KindBounce, trace.KindDoubleBounce, trace.KindExpire:
		out[cur.Actor] = RoleMTA
	case trace.KindDeliver, trace.KindRemove:
		out[cur.Actor] = RoleMDA
	}
	return out
}

// NodeLabel names an actor on the picture: a user's program by the user's address
// (its role is on a chip), everything else as the diagram names it.
func NodeLabel(lang, id string) string {
	if after, ok := strings.CutPrefix(id, "MUA "); ok {
		return after
	}
	return render.LaneLabel(lang, id)
}

// Rest is where a copy of a message is at the current step: still in its writer's
// program (outbox), in a server's queue (queue) or filed in a mailbox (mailbox).
type Rest struct {
	Host, Msg, Rcpt, Place string
}

// Rests lists where every message is at the current step, one entry per message and
// recipient, ordered by host, message and recipient. It replays the trace's typed
// events: submit puts a message in the writer's outbox; handoff moves it to the server
// that answered 250 to the dot; enqueue puts recipients in a queue; deliver files one;
// a defer keeps a recipient with the sender; bounce, expire and reject end a copy;
// remove takes one out of its mailbox.
func (p *Page) Rests() []Rest {
	type key struct{ host, msg, rcpt string }
	type spot struct {
		place, mailbox string
		uid            uint32
	}
	at := map[key]spot{}
	drop := func(host, msg, rcpt string) {
		for k, s := range at {
			if k.host == host && k.msg == msg && (rcpt == "" || k.rcpt == rcpt) && s.place != "mailbox" {
				delete(at, k)
			}
		}
	}
	for i, e := range p.Trace.OfKind(trace.KindSubmit, trace.KindHandoff, trace.KindEnqueue, trace.KindDefer, trace.KindDeliver,
		trace.KindBounce, trace.KindExpire, trace.KindDoubleBounce, trace.KindReject, trace.KindRemove) {
		if i > p.Step {
			break
		}
		switch e.Kind {
		case trace.KindSubmit:
			for _, r := range e.Rcpts {
				at[key{e.Actor, e.Msg, r}] = spot{place: "outbox"}
			}
		case trace.KindHandoff:
			for k, s := range at {
				if k.host == e.Peer && k.msg == e.Msg && s.place != "mailbox" {
					delete(at, k)
					at[key{e.Actor, k.msg, k.rcpt}] = spot{place: "queue"}
				}
			}
		case trace.KindEnqueue:
			for _, r := range e.Rcpts {
				at[key{e.Actor, e.Msg, r}] = spot{place: "queue"}
			}
		case trace.KindDefer:
			// The server that said "later" has no copy for this recipient: the sender keeps it.
			if e.Peer != "" {
				drop(e.Peer, e.Msg, e.Rcpt)
			}
			at[key{e.Actor, e.Msg, e.Rcpt}] = spot{place: "queue"}
		case trace.KindDeliver:
			drop(e.Actor, e.Msg, e.Rcpt)
			at[key{e.Actor, e.Msg, e.Rcpt}] = spot{place: "mailbox", mailbox: e.Mailbox, uid: e.UID}
		case trace.KindBounce, trace.KindExpire, trace.KindDoubleBounce, trace.KindReject:
			drop(e.Actor, e.Msg, e.Rcpt)
			if e.Peer != "" {
				drop(e.Peer, e.Msg, e.Rcpt)
			}
		case trace.KindRemove:
			for k, s := range at {
				if k.host == e.Actor && s.place == "mailbox" && s.mailbox == e.Mailbox && s.uid == e.UID {
					delete(at, k)
				}
			}
		}
	}
	out := make([]Rest, 0, len(at))
	for k, s := range at {
		out = append(out, Rest{Host: k.host, Msg: k.msg, Rcpt: k.rcpt, Place: s.place})
	}
	// One copy of the sort's code for every element type (onesort).
	onesort.Func(out, func(a, b Rest) int {
		return cmp.Or(strings.Compare(a.Host, b.Host), strings.Compare(a.Msg, b.Msg), strings.Compare(a.Rcpt, b.Rcpt))
	})
	return out
}

// messages counts, per host and place, the messages resting there now (a message with
// two recipients in one queue counts once).
func (p *Page) messages() map[string]map[string]int {
	seen := map[[3]string]bool{}
	out := map[string]map[string]int{}
	for _, r := range p.Rests() {
		k := [3]string{r.Host, r.Place, r.Msg}
		if seen[k] {
			continue
		}
		seen[k] = true
		if out[r.Host] == nil {
			out[r.Host] = map[string]int{}
		}
		out[r.Host][r.Place]++
	}
	return out
}

// down reports whether a host is down at the current event's time.
func (p *Page) down(host string) bool {
	cur, ok := p.Current()
	if !ok {
		return false
	}
	for _, f := range append(slices.Clone(p.Scenario.Faults), p.Faults...) {
		if f.Kind == fault.Down && strings.EqualFold(f.Target, host) && f.ActiveAt(cur.Time, p.Step+1) {
			return true
		}
	}
	return false
}

// TopologyMarkup draws the network at the current step as SVG markup for a panel
// that is panelW × panelH CSS px (0: unknown), and gives the picture's viewBox.
//
// The layout is chosen from the panel's size: for a panel whose height is known (the
// one-screen page, where the picture fills its cell) the machines are placed in
// columns left to right (the route reads as it runs), else three a row, else two a
// row: the first that shows its labels at 14 CSS px or more in the panel, or, if none
// does, the one that shows them largest; for a panel of unknown height (the picture takes the height its width gives
// it: a phone, a printed handout) in columns, or top to bottom two a row where the
// columns, scaled to the panel's width, would show their labels under 14 px.
//
// It draws: the links; each machine as a box with its name, a chip for each of its
// roles and, in the page's language, whether it is down and how many messages wait in
// its queue or mailboxes; an envelope resting on the chip of the role that holds a
// message (MUA: not sent yet, MTA: queued, MDA: filed); the current event travelling
// along its link (an envelope for the message itself, a dot for a command, reply or
// DNS question). The legend is beside the picture, in the page (Legend). Every text is
// escaped. A machine is a button (data-node) that opens the menu of faults for it.
func (p *Page) TopologyMarkup(panelW, panelH int) (markup, viewBox string) {
	nodes, links, width, height := p.fit(panelW, panelH)
	pos := map[string]Node{}
	for _, n := range nodes {
		pos[n.ID] = n
	}
	var b strings.Builder
	for _, l := range links {
		fx, fy := pos[l.From].Centre()
		tx, ty := pos[l.To].Centre()
		class := ""
		if l.Active {
			class = ` class="active"`
		}
		fmt.Fprintf(&b, `<line%s x1="%d" y1="%d" x2="%d" y2="%d"/>`, class, fx, fy, tx, ty)
	}
	for _, n := range nodes {
		p.drawNode(&b, n)
	}
	for _, l := range links {
		if !l.Active {
			continue
		}
		from, to := pos[l.From], pos[l.To]
		if l.Reverse {
			from, to = to, from
		}
		fx, fy := from.Centre()
		tx, ty := arrival(from, to)
		motion := fmt.Sprintf(`<animateMotion dur="0.5s" fill="freeze" path="M%d,%d L%d,%d"/>`, fx, fy, tx, ty)
		if l.Message {
			fmt.Fprintf(&b, `<g class="envelope travelling">%s%s</g>`, envelopeShape(-18, -12, 36, 24), motion)
		} else {
			fmt.Fprintf(&b, `<circle class="packet" r="9">%s</circle>`, motion)
		}
		p.drawLock(&b, l, from, to)
	}
	return b.String(), fmt.Sprintf("0 0 %d %d", width, height)
}

// arrival is where a line from the centre of a box to the centre of box to enters to:
// what travels stops at the edge of the machine it reaches, not on its name.
func arrival(from, to Node) (int, int) {
	fx, fy := from.Centre()
	tx, ty := to.Centre()
	dx, dy := float64(fx-tx), float64(fy-ty)
	k := 1.0
	if dx != 0 {
		k = min(k, float64(to.W)/2/math.Abs(dx))
	}
	if dy != 0 {
		k = min(k, float64(to.H)/2/math.Abs(dy))
	}
	return tx + int(dx*k), ty + int(dy*k)
}

// drawNode draws one machine: its box, its name, a chip per role, its state.
func (p *Page) drawNode(b *strings.Builder, n Node) {
	class := "node"
	if n.Active {
		class += " active"
	}
	if n.Down {
		class += " down"
	}
	// No aria-label: the button's name is its visible text (WCAG 2.5.3, label in name).
	fmt.Fprintf(b, `<g class="%s" tabindex="0" role="button" aria-haspopup="true" data-node="%s" data-roles="%s">`,
		class, escape.HTML(n.ID), strings.Join(n.Roles, " "))
	fmt.Fprintf(b, `<rect class="box" x="%d" y="%d" width="%d" height="%d"/>`, n.X, n.Y, n.W, n.H)
	writeText(b, "label", n.X+n.W/2, n.Y+labelRow-10, n.W-12, n.Label)
	held := map[string]int{RoleMUA: n.Outbox, RoleMTA: n.Queue, RoleMDA: n.Box}
	for i, r := range n.Roles {
		x := n.X + 6 + (i%2)*(chipWidth+8)
		y := n.Y + labelRow + (i/2)*chipRow
		class := "chip " + r
		if r == n.Acting {
			class += " acting"
		}
		fmt.Fprintf(b, `<g class="%s"><rect x="%d" y="%d" width="%d" height="%d"/>`, class, x, y, chipWidth, chipRow-6)
		writeText(b, "", x+8, y+chipRow-12, chipWidth-40, RoleChip(p.Lang, r))
		if held[r] > 0 {
			fmt.Fprintf(b, `<g class="envelope resting">%s</g>`, envelopeShape(x+chipWidth-30, y+6, 24, 16))
		}
		b.WriteString(`</g>`)
	}
	badges := strings.Join(p.badges(n), " · ")
	writeText(b, "badge", n.X+n.W/2, n.Y+n.H-12, n.W-12, badges)
	b.WriteString(`</g>`)
}

// envelopeShape is an envelope drawn in a w×h box at x, y.
func envelopeShape(x, y, w, h int) string {
	return fmt.Sprintf(`<rect x="%d" y="%d" width="%d" height="%d"/><polyline points="%d,%d %d,%d %d,%d"/>`,
		x, y, w, h, x, y, x+w/2, y+h*3/5, x+w, y)
}

// writeText writes a text element; a text longer than fits in room is squeezed to fit
// (its letters narrower, never smaller).
func writeText(b *strings.Builder, class string, x, y, room int, s string) {
	attrs := fmt.Sprintf(` x="%d" y="%d"`, x, y)
	if class != "" {
		attrs = fmt.Sprintf(` class="%s"`, class) + attrs
	}
	// A character of the picture's sans-serif font is about 0.52 of its size wide, 0.6
	// in bold (the label). Only a text sure to be too long is squeezed: textLength
	// would also stretch a short one.
	wide := 0.52
	if class == "label" {
		wide = 0.6
	}
	if float64(len([]rune(s)))*wide*fontSize > float64(room) {
		attrs += fmt.Sprintf(` textLength="%d" lengthAdjust="spacingAndGlyphs"`, room)
	}
	fmt.Fprintf(b, `<text%s>%s</text>`, attrs, escape.HTML(s))
}

// fit lays the picture out for a panel of panelW × panelH CSS px (see TopologyMarkup).
func (p *Page) fit(panelW, panelH int) (nodes []Node, links []Link, width, height int) {
	if panelW <= 0 || panelH <= 0 {
		nodes, links, width, height = p.layout(placeColumns)
		if panelW > 0 && panelW*fontSize < minFont*width {
			nodes, links, width, height = p.layout(placeRows)
		}
		return nodes, links, width, height
	}
	// The machines' sizes, and so the placement that fits, are the run's, not the
	// step's: the choice is made once for a run and a panel, and a step lays the
	// picture out once instead of up to three times. rerun forgets the choice.
	key := [2]int{panelW, panelH}
	if p.fitted.panel == key {
		return p.layout(placements[p.fitted.place])
	}
	best := 0.0
	for i, place := range placements {
		n, l, w, h := p.layout(place)
		scale := min(float64(panelW)/float64(w), float64(panelH)/float64(h))
		if scale*fontSize >= minFont {
			p.fitted = fitted{key, i}
			return n, l, w, h // the first that is readable: columns show the route best
		}
		if scale > best {
			best, nodes, links, width, height = scale, n, l, w, h
			p.fitted = fitted{key, i}
		}
	}
	return nodes, links, width, height
}

// placements are the ways fit tries, in order.
var placements = []placement{placeColumnsTight, placeGrid, placeRows}

// fitted is the placement fit chose for the run and a panel's size; the zero value,
// for no panel, is none.
type fitted struct {
	panel [2]int
	place int
}

// Key is an entry of the network's legend: Class is the class of its sample (a role's
// chip, "envelope", "packet" or "down"), Text what it means in the page's language.
type Key struct{ Class, Text string }

// Legend explains the roles of the run's machines, the envelope, the dot and the
// dashed red box of a machine that is down. The page shows it as text beside the
// picture, so it does not take the picture's room.
func (p *Page) Legend() []Key {
	present := map[string]bool{}
	for _, rs := range p.HostRoles() {
		for _, r := range rs {
			present[r] = true
		}
	}
	var out []Key
	for _, r := range roleOrder {
		if present[r] && r != RoleConsole {
			out = append(out, Key{"chip " + r, T(p.Lang, "legend."+r)})
		}
	}
	return append(out, Key{"envelope", T(p.Lang, "legend.envelope")}, Key{"packet", T(p.Lang, "legend.packet")},
		Key{"down", T(p.Lang, "legend.down")})
}

// badges say how a machine is now: down, its queue, its mailboxes.
func (p *Page) badges(n Node) []string {
	var out []string
	if n.Down {
		out = append(out, T(p.Lang, "topology.down"))
	}
	if n.Queue > 0 {
		out = append(out, T(p.Lang, "topology.queue", n.Queue))
	}
	if n.Box > 0 {
		out = append(out, fmt.Sprintf("✉ %d", n.Box))
	}
	return out
}
