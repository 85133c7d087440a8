package view

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// Node is an actor in the topology view.
type Node struct {
	ID      string
	Label   string
	Role    string
	Caption string // Role in the page's language
	X, Y    int    // in a 1000×560 box
	Down    bool
	Queue   int // messages in its queue at this step
	Box     int // messages delivered into its mailboxes so far
	Active  bool
}

// Link joins two nodes that talk to each other somewhere in the run.
type Link struct {
	From, To string
	Active   bool // the current event travels on it
	Reverse  bool // it travels from To to From (a reply, a DNS answer)
}

// Topology places every actor: mail programs on the left, the DNS on top, servers in
// columns by how far from the sender they first appear.
func (p *Page) Topology() ([]Node, []Link) {
	lanes := p.Lanes()
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
	for _, e := range p.Trace.Events {
		if e.Kind != trace.KindConnect {
			continue
		}
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
	maxCol := 1
	for _, c := range col {
		maxCol = max(maxCol, c)
	}
	rows := map[int]int{}
	queue, box := p.counts()
	var nodes []Node
	for _, l := range lanes {
		c := col[l.ID]
		n := Node{ID: l.ID, Label: l.Label, Role: l.Role, Caption: l.Caption, Queue: queue[l.ID], Box: box[l.ID], Down: p.down(l.ID)}
		if c < 0 {
			n.X, n.Y = 500, 50
		} else {
			n.X = 110 + c*780/maxCol
			n.Y = 160 + rows[c]*110
			rows[c]++
		}
		n.Active = hasCur && (cur.Actor == l.ID || cur.Peer == l.ID)
		nodes = append(nodes, n)
	}
	var links []Link
	seen := map[[2]string]bool{}
	for _, e := range p.Trace.Events {
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
	}
	return nodes, links
}

// counts replays the run up to the current event: how many messages wait in each
// host's queue, and how many were filed into its mailboxes.
func (p *Page) counts() (queue, box map[string]int) {
	inQueue := map[string][]string{} // host → message ids
	box = map[string]int{}
	remove := func(host, msg string) {
		inQueue[host] = slices.DeleteFunc(inQueue[host], func(m string) bool { return m == msg })
	}
	for i := 0; i <= p.Step && i < p.Trace.Len(); i++ {
		e := p.Trace.Events[i]
		switch e.Kind {
		case trace.KindEnqueue:
			if !slices.Contains(inQueue[e.Actor], e.Msg) {
				inQueue[e.Actor] = append(inQueue[e.Actor], e.Msg)
			}
		case trace.KindHandoff:
			remove(e.Peer, e.Msg)
		case trace.KindBounce, trace.KindExpire:
			remove(e.Actor, e.Msg)
		case trace.KindDeliver:
			box[e.Actor]++
		}
	}
	queue = map[string]int{}
	for h, msgs := range inQueue {
		queue[h] = len(msgs)
	}
	return queue, box
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

// TopologyMarkup draws the network at the current step as SVG markup for the page's
// 1000×560 picture: the links, the envelope travelling along the current one, and
// each machine with its role and, in the page's language, whether it is down, how many
// messages wait in its queue and how many it filed. Every text is escaped. A machine
// is a button (data-node, data-role) that suggests a fault for it.
func (p *Page) TopologyMarkup() string {
	nodes, links := p.Topology()
	pos := map[string][2]int{}
	for _, n := range nodes {
		pos[n.ID] = [2]int{n.X, n.Y}
	}
	var b strings.Builder
	for _, l := range links {
		f, t := pos[l.From], pos[l.To]
		class := ""
		if l.Active {
			class = ` class="active"`
		}
		fmt.Fprintf(&b, `<line%s x1="%d" y1="%d" x2="%d" y2="%d"/>`, class, f[0], f[1], t[0], t[1])
		if l.Active {
			// The envelope travels along the link in the direction of the current event.
			if l.Reverse {
				f, t = t, f
			}
			fmt.Fprintf(&b, `<rect class="envelope" width="22" height="14" x="-11" y="-7"><animateMotion dur="0.5s" fill="freeze" path="M%d,%d L%d,%d"/></rect>`, f[0], f[1], t[0], t[1])
		}
	}
	for _, n := range nodes {
		class := "node"
		if n.Active {
			class += " active"
		}
		if n.Down {
			class += " down"
		}
		badges := strings.Join(p.badges(n), " · ")
		id := html.EscapeString(n.ID)
		// No aria-label: the button's name is its visible text (WCAG 2.5.3, label in name).
		fmt.Fprintf(&b, `<g class="%s" tabindex="0" role="button" data-node="%s" data-role="%s">`,
			class, id, n.Role)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="190" height="52"/><text x="%d" y="%d">%s</text><text x="%d" y="%d" class="badge">%s</text></g>`,
			n.X-95, n.Y-26, n.X, n.Y-4, html.EscapeString(n.Label), n.X, n.Y+16, html.EscapeString(badges))
	}
	return b.String()
}

// badges say what a machine is and how it is now: its role, down, its queue, its
// mailboxes.
func (p *Page) badges(n Node) []string {
	out := []string{n.Caption}
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
