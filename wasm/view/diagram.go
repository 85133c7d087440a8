package view

import (
	"slices"
	"strings"

	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// Lane is one actor's column in the sequence diagram.
type Lane struct {
	ID    string
	Label string
	Role  string // mua, msa, mx, relay, dns
}

// Lanes lists the actors in the order they first appear in the whole run, so lanes
// do not move while the learner steps.
func (p *Page) Lanes() []Lane {
	if p.lanes == nil {
		p.lanes = p.findLanes()
	}
	return p.lanes
}

func (p *Page) findLanes() []Lane {
	out := []Lane{}
	seen := map[string]bool{}
	add := func(id string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		out = append(out, Lane{ID: id, Label: p.label(id), Role: p.role(id)})
	}
	for _, e := range p.Trace.Events {
		if arrowKind(e.Kind) {
			add(e.Actor)
			add(e.Peer)
		}
	}
	return out
}

func arrowKind(k trace.Kind) bool {
	switch k {
	case trace.KindLine, trace.KindData, trace.KindConnect, trace.KindDNSQuery, trace.KindDNSAnswer, trace.KindRefused, trace.KindUnreachable:
		return true
	}
	return false
}

func (p *Page) label(id string) string {
	if after, ok := strings.CutPrefix(id, "MUA "); ok {
		return after + " (MUA)"
	}
	if id == "dns" {
		return "DNS"
	}
	if id == world.ConsoleActor {
		return id + " (console)"
	}
	return id
}

func (p *Page) role(id string) string {
	switch {
	case strings.HasPrefix(id, "MUA "):
		return "mua"
	case id == "dns":
		return "dns"
	case id == world.ConsoleActor:
		return "console"
	}
	if h, ok := p.Scenario.Host(id); ok {
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

// Arrow is one line of the sequence diagram: a protocol line, a connection, a DNS
// question or answer (From ≠ To), or a note on one lane such as a defer (From = To).
type Arrow struct {
	Index   int
	From    string
	To      string
	Text    string
	Class   string // ok, more, retry, fail for replies; "" otherwise
	Reason  string // reason key, for the explanation
	Code    int    // the reply code a server sent, 0 for none
	Status  string // the enhanced status of the reply or decision
	Kind    trace.Kind
	Current bool
}

// Arrows returns the diagram up to the current event, at most the last limit arrows
// (0: all), so long runs stay light on the page.
func (p *Page) Arrows(limit int) []Arrow {
	var out []Arrow
	w := p.words()
	for i := 0; i <= p.Step && i < p.Trace.Len(); i++ {
		e := p.Trace.Events[i]
		a := Arrow{Index: i, Kind: e.Kind, Reason: e.Reason, Code: e.Code, Status: e.Status, Current: i == p.Step}
		switch e.Kind {
		case trace.KindLine, trace.KindData:
			a.From, a.To, a.Text = e.Actor, e.Peer, w.wire(e)
			if e.Dir == trace.DirRecv {
				a.From, a.To = e.Peer, e.Actor
				a.Class = ReplyClass(e)
			}
		case trace.KindConnect:
			a.From, a.To, a.Text = e.Actor, e.Peer, w.t("connect.arrow", e.Port)
		case trace.KindRefused, trace.KindUnreachable:
			// No server spoke: a note on the client's own lane, never an arrow that
			// could pass for a reply.
			a.From, a.To, a.Text, a.Class = e.Actor, e.Actor, w.note(e), "fail"
		case trace.KindDNSQuery:
			a.From, a.To, a.Text = e.Actor, e.Peer, "? "+w.question(e)
		case trace.KindDNSAnswer:
			a.From, a.To, a.Text = e.Peer, e.Actor, w.answer(e)
		case trace.KindDefer, trace.KindBounce, trace.KindDeliver, trace.KindHandoff, trace.KindExpire, trace.KindDoubleBounce, trace.KindReject, trace.KindFault, trace.KindTimeout:
			a.From, a.To, a.Text = e.Actor, e.Actor, w.note(e)
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
	if limit > 0 && len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out
}

// Node is an actor in the topology view.
type Node struct {
	ID     string
	Label  string
	Role   string
	X, Y   int // in a 1000×560 box
	Down   bool
	Queue  int // messages in its queue at this step
	Box    int // messages delivered into its mailboxes so far
	Active bool
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
		n := Node{ID: l.ID, Label: l.Label, Role: l.Role, Queue: queue[l.ID], Box: box[l.ID], Down: p.down(l.ID)}
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
		if !arrowKind(e.Kind) || e.Peer == "" {
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
		links[i].Active = hasCur && arrowKind(cur.Kind) && links[i].From == cur.Actor && links[i].To == cur.Peer
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
