package view

import (
	"bytes"
	"fmt"
	netmail "net/mail"
	"slices"
	"strings"

	"smtpsim/lessons/escape"
	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
)

// Mail is one message in a mailbox as the inspector shows it: the envelope beside
// the raw source (header fields, Received chain, Return-Path, MIME parts).
type Mail struct {
	User     string // whose mailbox holds it (the postmaster's, for postmaster mail)
	UID      uint32
	Msg      string
	Envelope string
	Source   string
}

// Mailboxes lists the messages in host's mailboxes at the current step, oldest first:
// each filed one, exactly as it was filed, until a client removed it for good.
func (p *Page) Mailboxes(host string) []Mail {
	var out []Mail
	for i := 0; i <= p.Step && i < p.Trace.Len(); i++ {
		e := p.Trace.At(i)
		if !strings.EqualFold(e.Actor, host) || e.Mailbox == "" {
			continue
		}
		switch e.Kind {
		case trace.KindDeliver:
			m := Mail{User: e.Mailbox, UID: e.UID, Msg: e.Msg, Source: string(e.Payload)}
			// The delivery agent wrote the envelope sender as Return-Path (RFC 5321 §4.4).
			if msg, err := netmail.ReadMessage(bytes.NewReader(e.Payload)); err == nil {
				if rp := msg.Header.Get("Return-Path"); rp != "" {
					m.Envelope = fmt.Sprintf("MAIL FROM:%s  RCPT TO:<%s>", rp, e.Rcpt)
				}
			}
			out = append(out, m)
		case trace.KindRemove:
			out = slices.DeleteFunc(out, func(m Mail) bool { return m.UID == e.UID && strings.EqualFold(m.User, e.Mailbox) })
		}
	}
	return out
}

// Queue lists the messages waiting in host's queue at the current step, with their
// last reply and next attempt.
func (p *Page) Queue(host string) []string {
	var out []string
	waiting := map[string]string{}
	var order []string
	for i := 0; i <= p.Step && i < p.Trace.Len(); i++ {
		e := p.Trace.At(i)
		switch {
		case e.Kind == trace.KindDefer && strings.EqualFold(e.Actor, host):
			key := e.Msg + " " + e.Rcpt
			if _, ok := waiting[key]; !ok {
				order = append(order, key)
			}
			w := p.words()
			waiting[key] = T(p.Lang, "inspect.waiting", e.Msg, e.Rcpt, w.Verdict(e), w.Clock(e.Next))
		case (e.Kind == trace.KindDeliver || e.Kind == trace.KindBounce || e.Kind == trace.KindExpire) && e.Rcpt != "":
			delete(waiting, e.Msg+" "+e.Rcpt)
		case e.Kind == trace.KindHandoff && strings.EqualFold(e.Peer, host):
			for k := range waiting {
				if strings.HasPrefix(k, e.Msg+" ") {
					delete(waiting, k)
				}
			}
		}
	}
	for _, k := range order {
		if s, ok := waiting[k]; ok {
			out = append(out, s)
		}
	}
	return out
}

// Series is one recipient's delivery attempts at a host, for the plot.
type Series struct {
	Label  string
	Points []Point
}

// Point is one attempt or decision on the virtual time axis.
type Point struct {
	TimeMS int64
	Class  string // retry (defer), ok (handed off or delivered), fail (bounce, expire)
}

// Attempts lists, per message and recipient, what host's queue did with it up to the
// current step: each defer, and the final hand-off, delivery or bounce.
func (p *Page) Attempts(host string) []Series {
	index := map[string]int{}
	var out []Series
	add := func(key string, pt Point) {
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Series{Label: key})
		}
		out[i].Points = append(out[i].Points, pt)
	}
	for i := 0; i <= p.Step && i < p.Trace.Len(); i++ {
		e := p.Trace.At(i)
		if !strings.EqualFold(e.Actor, host) || e.Rcpt == "" {
			continue
		}
		key := e.Msg + " → " + e.Rcpt
		switch e.Kind {
		case trace.KindDefer:
			add(key, Point{e.TimeMS, "retry"})
		case trace.KindBounce, trace.KindExpire:
			add(key, Point{e.TimeMS, "fail"})
		case trace.KindDeliver:
			add(key, Point{e.TimeMS, "ok"})
		}
	}
	return out
}

// Zone lists the world's DNS records in zone-file form, and the DNS faults in force
// now, for the DNS inspector.
func (p *Page) Zone() []string {
	var out []string
	for _, r := range p.Scenario.DNS {
		out = append(out, r.String())
	}
	cur, ok := p.Current()
	for _, f := range append(slices.Clone(p.Scenario.Faults), p.Faults...) {
		switch f.Kind {
		case fault.NXDomain, fault.ServFail, fault.NoMX, fault.DeadMX, fault.NullMX:
			if ok && f.ActiveAt(cur.Time, p.Step+1) {
				out = append(out, "; fault in force: "+f.String())
			}
		}
	}
	return out
}

// AttemptsPlot draws Attempts(host) over virtual time as escaped SVG markup: a row per
// recipient, a dot per defer (↻), and the final delivery (✓) or bounce (✗), each with
// its icon and time as its tooltip; "" when host's queue tried nothing yet.
func (p *Page) AttemptsPlot(host string) string {
	series := p.Attempts(host)
	if len(series) == 0 {
		return ""
	}
	var maxT int64 = 1
	for _, s := range series {
		for _, pt := range s.Points {
			maxT = max(maxT, pt.TimeMS)
		}
	}
	const left, width, row = 170, 300, 20
	w := p.words()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="plot" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, left+width+20, row*len(series)+24, escape.HTML(T(p.Lang, "inspect.attempts")))
	for i, s := range series {
		y := 14 + i*row
		fmt.Fprintf(&b, `<text x="0" y="%d">%s</text><line x1="%d" y1="%d" x2="%d" y2="%d"/>`, y+4, escape.HTML(s.Label), left, y, left+width, y)
		for _, pt := range s.Points {
			x := left + int(int64(width)*pt.TimeMS/maxT)
			fmt.Fprintf(&b, `<circle class="%s" cx="%d" cy="%d" r="5"><title>%s %s</title></circle>`, pt.Class, x, y, render.Icon(pt.Class), escape.HTML(w.Clock(pt.TimeMS)))
		}
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d">0</text><text x="%d" y="%d" text-anchor="end">%s</text></svg>`, left, row*len(series)+20, left+width, row*len(series)+20,
		escape.HTML(w.Clock(maxT)))
	return b.String()
}
