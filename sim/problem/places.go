package problem

// Places tells where each decoded value stood in its file, by the value's address:
// Of(&host.IP). A field whose key the file left out stands at its mapping, so that
// "host without an ip" points at the host. The decoder allocates every list at its
// final length, so the addresses stay valid.
//
// A nil *Places knows no places: the checks of a value built in Go use one.
type Places struct{ m map[any]*place }

type place struct {
	at     Pos
	up     any    // the address of the value that holds this one; nil at the root
	given  bool   // the file gave the value, rather than leaving its key out
	broken bool   // the value did not decode; a problem says why
	inside bool   // a value inside this one did not decode
	text   string // a scalar's text as written, for messages that quote it
}

func (p *Places) get(ptr any) *place {
	if p == nil {
		return nil
	}
	return p.m[ptr]
}

// NewPlaces is an empty record of places, for a decoder to fill.
func NewPlaces() *Places { return &Places{m: map[any]*place{}} }

// Set records the place of the value at ptr, the address of the value that holds it
// (nil at the root), and whether the file gave it.
func (p *Places) Set(ptr any, at Pos, up any, given bool) {
	if q := p.m[ptr]; q != nil {
		q.at, q.up, q.given = at, up, given
		return
	}
	p.m[ptr] = &place{at: at, up: up, given: given}
}

// SetText records a scalar's text as written, for the value at ptr already Set.
func (p *Places) SetText(ptr any, text string) { p.m[ptr].text = text }

// Of returns the place of the value at ptr, the zero Pos when it is unknown.
func (p *Places) Of(ptr any) Pos {
	if q := p.get(ptr); q != nil {
		return q.at
	}
	return Pos{}
}

// Text is a scalar value as the file wrote it ("-90s", not the -1m30s it decoded
// to), for messages; "" for other values and values without a place.
func (p *Places) Text(ptr any) string {
	if q := p.get(ptr); q != nil {
		return q.text
	}
	return ""
}

// Given reports whether the file gave the value at ptr.
func (p *Places) Given(ptr any) bool {
	q := p.get(ptr)
	return q != nil && q.given
}

// Broken reports whether the value at ptr, or a value holding it, did not decode. A
// check that reads it would report a second, misleading problem ("unknown host" after
// a host's name did not decode), so it stays quiet.
func (p *Places) Broken(ptr any) bool {
	for q := p.get(ptr); q != nil; q = p.get(q.up) {
		if q.broken {
			return true
		}
	}
	return false
}

// BrokenWithin reports whether the value at ptr, a value holding it, or a value
// inside it did not decode.
func (p *Places) BrokenWithin(ptr any) bool {
	q := p.get(ptr)
	return q != nil && q.inside || p.Broken(ptr)
}

// MarkBroken records that the value at ptr did not decode.
func (p *Places) MarkBroken(ptr any) {
	q := p.m[ptr]
	if q == nil {
		q = &place{}
		p.m[ptr] = q
	}
	q.broken = true
	for r := p.m[q.up]; r != nil && !r.inside; r = p.m[r.up] {
		r.inside = true
	}
}
