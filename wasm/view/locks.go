package view

import (
	"fmt"
	"strings"

	"smtpsim/lessons/escape"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
)

// Lock is the padlock of the connection the current event belongs to, from the typed
// tls events of that connection: render.LockLocked once the handshake is done (from the
// first octet for implicit TLS), render.LockOpen before it and when the session stays
// in clear, render.LockRefused when the client will not send in clear; "" when the
// event belongs to no connection or the run says nothing about its TLS.
func (p *Page) Lock() string {
	cur, ok := p.Current()
	if !ok || cur.Conn == 0 {
		return ""
	}
	lock, later := "", ""
	for i, e := range p.Trace.All() {
		l := render.Lock(e.TLS)
		if e.Kind != trace.KindTLS || e.Conn != cur.Conn || l == "" {
			continue
		}
		switch {
		case i <= p.Step:
			lock = l
		case later == "":
			later = render.LockOpen
			if e.TLS.How == trace.TLSHowImplicit {
				later = render.LockLocked
			}
		}
	}
	if lock == "" {
		return later
	}
	return lock
}

// drawLock draws the padlock of the active link at its middle: the symbol and a short
// word, with the whole words as its title and accessible name.
func (p *Page) drawLock(b *strings.Builder, l Link, from, to Node) {
	if l.Lock == "" {
		return
	}
	fx, fy := from.Centre()
	tx, ty := to.Centre()
	words := T(p.Lang, "lock."+l.Lock)
	fmt.Fprintf(b, `<g class="lock %s" role="img" aria-label="%s"><title>%s</title>`, l.Lock, escape.HTML(words), escape.HTML(words))
	writeText(b, "", (fx+tx)/2, (fy+ty)/2-10, colWidth, render.LockSymbol(l.Lock)+" "+T(p.Lang, "lock.short."+l.Lock))
	b.WriteString(`</g>`)
}
