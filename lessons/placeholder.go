package lessons

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"smtpsim/lessons/escape"
	"smtpsim/sim/problem"
	"smtpsim/sim/trace"
)

// Placeholder is a value of the trace written into narration, so that a number or a
// reply quoted in a lesson is always the one of the run the learner is looking at:
//
//	{{FIELD of SELECTOR}}              a field of an event: {{octets of first data peer=mx.example.net}}
//	{{time of SELECTOR}}               the virtual clock at an event: {{time of first deliver}} → 09:37
//	{{next of SELECTOR}}               the clock of a defer's next attempt
//	{{time from SELECTOR to SELECTOR}} the time between two events, in words: 30 minutes / 30 Minuten
//
// FIELD is a selector field (see fields). "{{" always opens a placeholder, in text and
// in code spans alike, and "}}" on the same line closes it.
type Placeholder struct {
	Source   string   // as written, braces included
	Field    string   // a selector field, "time", "next", or "" for a time between two events
	At       Selector // the event of a field, time or next
	From, To Selector // the two events of a time between them
	// Place is where it stands in its text file, for problems; a compiled lesson has none.
	Place problem.Pos `json:"-"`
}

// Missing is what a placeholder shows when the run lacks its event or field (a fault
// may have removed it): never a number from another run.
const Missing = "—"

// placeholderOnly are the values a placeholder may quote besides the selector fields.
var placeholderOnly = []string{"time", "next"}

// PlaceholderError is a placeholder that does not parse; Col is 1-based within the
// placeholder's source, braces included.
type PlaceholderError struct {
	Col  int
	Msg  string         // in English
	Text problem.Phrase // Msg, to say it in another language
}

func placeholderError(col int, format string, args ...any) *PlaceholderError {
	text := problem.P(format, args...)
	return &PlaceholderError{Col: col, Msg: text.String(), Text: text}
}

func (e *PlaceholderError) Error() string { return fmt.Sprintf("col %d: %s", e.Col, e.Msg) }

// ParsePlaceholder reads one placeholder, "{{" and "}}" included.
func ParsePlaceholder(src string) (*Placeholder, error) {
	p := &Placeholder{Source: src}
	inner, open := strings.CutPrefix(src, "{{")
	inner, closed := strings.CutSuffix(inner, "}}")
	if !open || !closed {
		return nil, placeholderError(1, "not a placeholder (expected {{FIELD of SELECTOR}})")
	}
	const shift = 2 // columns of inner start after "{{"
	words, cols := splitWords(inner)
	example := problem.P("(expected {{FIELD of SELECTOR}}, e.g. {{line of first line code=354}}, or {{time from SELECTOR to SELECTOR}})")
	if len(words) < 2 {
		return nil, placeholderError(1, "incomplete placeholder %s", example)
	}
	rest := func(from, to int) (string, int) { // the source of words[from:to], and its column in inner
		end := len(inner)
		if to < len(words) {
			end = cols[to] - 1
		}
		return strings.TrimSpace(inner[cols[from]-1 : end]), cols[from]
	}
	sel := func(s string, col int) (Selector, error) {
		x, err := ParseSelector(s)
		if err != nil {
			se := err.(*SelectorError)
			return x, &PlaceholderError{Col: shift + col + se.Col - 1, Msg: se.Msg, Text: se.Text}
		}
		return x, nil
	}
	switch {
	case words[0] == "time" && words[1] == "from":
		to := slices.Index(words[2:], "to")
		if to < 0 {
			return nil, placeholderError(len(src)-1, "missing \"to SELECTOR\" %s", example)
		}
		to += 2
		if to == 2 {
			return nil, placeholderError(shift+cols[to], "missing the selector after \"from\" %s", example)
		}
		if to == len(words)-1 {
			return nil, placeholderError(shift+cols[to], "missing the selector after \"to\" %s", example)
		}
		var err error
		if p.From, err = sel(rest(2, to)); err != nil {
			return nil, err
		}
		if p.To, err = sel(rest(to+1, len(words))); err != nil {
			return nil, err
		}
		return p, nil
	case words[1] != "of":
		return nil, placeholderError(shift+cols[1], "%q where \"of\" belongs %s", words[1], example)
	case !slices.Contains(fields, words[0]) && !slices.Contains(placeholderOnly, words[0]):
		return nil, placeholderError(shift+cols[0], "unknown field %q (expected one of %s)", words[0], strings.Join(append(slices.Clone(fields), placeholderOnly...), ", "))
	case len(words) == 2:
		return nil, placeholderError(shift+cols[1], "missing the selector after \"of\" %s", example)
	}
	p.Field = words[0]
	var err error
	if p.At, err = sel(rest(2, len(words))); err != nil {
		return nil, err
	}
	return p, nil
}

// Value is the placeholder's value in a run; lang chooses the words of a duration.
// The error says why there is none: the event is not in the run, or lacks the field.
func (p *Placeholder) Value(tr *trace.Trace, lang string) (string, error) {
	find := func(s Selector) (trace.Event, error) {
		if tr == nil {
			return trace.Event{}, problem.Errorf("no run")
		}
		i := s.Find(tr)
		if i < 0 {
			return trace.Event{}, problem.Errorf("no event %q in the trace", s)
		}
		return tr.At(i), nil
	}
	if p.Field == "" {
		from, err := find(p.From)
		if err != nil {
			return "", err
		}
		to, err := find(p.To)
		if err != nil {
			return "", err
		}
		if to.Time < from.Time {
			return "", problem.Errorf("event %q comes before %q", p.To, p.From)
		}
		return Duration(to.Time-from.Time, lang), nil
	}
	e, err := find(p.At)
	if err != nil {
		return "", err
	}
	var v string
	switch p.Field {
	case "time":
		v = clock(tr, e.Time)
	case "next":
		if e.Next > 0 {
			v = clock(tr, time.Duration(e.Next)*time.Millisecond)
		}
	default:
		v = Field(e, p.Field)
	}
	if v == "" {
		return "", problem.Errorf("event %q has no %s", p.At, p.Field)
	}
	return v, nil
}

// clock is the virtual time as the transcript shows it, without the milliseconds, and
// without the seconds when they are zero: "09:37", "09:05:30", "+5d 10:12".
func clock(tr *trace.Trace, d time.Duration) string {
	s := tr.Clock(d)
	if i := strings.LastIndexByte(s, '.'); i > 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(s, ":00")
}

// Duration says how long d is in a language, as precisely as its size calls for: to
// the second under two minutes, to the minute under ten hours, to the hour beyond;
// the largest unit, and the next one when it is not zero ("1 hour and 7 minutes").
// Below a second it counts milliseconds.
func Duration(d time.Duration, lang string) string {
	w := durationWords(lang)
	unit := func(n int64, u int) string {
		forms := w.Units[u]
		if n == 1 {
			return "1 " + forms[0]
		}
		return strconv.FormatInt(n, 10) + " " + forms[1]
	}
	switch {
	case d < time.Second:
		return unit(d.Milliseconds(), millisecond)
	case d < 2*time.Minute:
		d = d.Round(time.Second)
	case d < 10*time.Hour:
		d = d.Round(time.Minute)
	default:
		d = d.Round(time.Hour)
	}
	s := int64(d / time.Second)
	parts := []struct {
		n    int64
		unit int
	}{{s / 86400, day}, {s % 86400 / 3600, hour}, {s % 3600 / 60, minute}, {s % 60, second}}
	for i, p := range parts {
		if p.n == 0 {
			continue
		}
		out := unit(p.n, p.unit)
		if i+1 < len(parts) && parts[i+1].n > 0 {
			out += " " + w.And + " " + unit(parts[i+1].n, parts[i+1].unit)
		}
		return out
	}
	return unit(0, second)
}

// Found is a placeholder in a piece of Markdown source: its byte offset and length,
// and the placeholder, or the error that says why it does not parse.
type Found struct {
	Off, N int
	P      *Placeholder
	Err    *PlaceholderError
}

// FindPlaceholders finds the placeholders in a piece of Markdown source.
func FindPlaceholders(src []byte) []Found {
	var out []Found
	for i := 0; i < len(src); {
		j := bytes.Index(src[i:], []byte("{{"))
		if j < 0 {
			break
		}
		start := i + j
		end, quoted := -1, false
		for k := start + 2; k < len(src) && src[k] != '\n'; k++ {
			if src[k] == '"' {
				quoted = !quoted
			}
			if !quoted && k+1 < len(src) && src[k] == '}' && src[k+1] == '}' {
				end = k + 2
				break
			}
		}
		if end < 0 {
			out = append(out, Found{Off: start, N: 2, Err: placeholderError(1, "\"{{\" not closed on its line (expected a placeholder {{FIELD of SELECTOR}} ending in \"}}\")")})
			i = start + 2
			continue
		}
		p, err := ParsePlaceholder(string(src[start:end]))
		f := Found{Off: start, N: end - start, P: p}
		if err != nil {
			f.Err = err.(*PlaceholderError)
		}
		out = append(out, f)
		i = end
	}
	return out
}

// Markers. Before Markdown is rendered, each placeholder is overwritten with a marker
// of the same length — private-use characters around the placeholder's number, which
// Markdown gives no meaning — so that offsets, and with them line numbers, stay as they
// were, and a selector's "<" or "*" can never turn into a link or emphasis. Fill puts
// the values in their place.
const markerOpen, markerClose = "\uE000", "\uE001"

// eachMarker calls f with the place of each marker in s, left to right, and the
// number it holds.
func eachMarker(s string, f func(start, end int, number string)) {
	for i := 0; ; {
		open := strings.Index(s[i:], markerOpen)
		if open < 0 {
			return
		}
		start := i + open
		digits := start + len(markerOpen)
		end := digits
		for end < len(s) && '0' <= s[end] && s[end] <= '9' {
			end++
		}
		if end == digits || !strings.HasPrefix(s[end:], markerClose) {
			i = digits
			continue
		}
		i = end + len(markerClose)
		f(start, i, s[digits:end])
	}
}

// Marker returns the marker of placeholder i for a placeholder of n bytes, or "" when
// it is too short to hold one.
func Marker(i, n int) string {
	digits := n - len(markerOpen) - len(markerClose)
	s := strconv.Itoa(i)
	if digits < len(s) {
		return ""
	}
	return markerOpen + strings.Repeat("0", digits-len(s)) + s + markerClose
}

// Fill returns the section with every placeholder replaced by its value in the run tr,
// in the Markdown and (escaped) in the HTML; lang chooses the words of a duration. A
// value the run lacks shows as Missing.
func (s Section) Fill(tr *trace.Trace, lang string) Section {
	if len(s.placeholders) == 0 {
		return s
	}
	value := func(p *Placeholder) string {
		if p == nil {
			return Missing
		}
		v, err := p.Value(tr, lang)
		if err != nil {
			return Missing
		}
		return v
	}
	out := Section{placeholders: s.placeholders}
	var filled strings.Builder
	last := 0
	eachMarker(s.HTML, func(start, end int, number string) {
		filled.WriteString(s.HTML[last:start])
		last = end
		i, err := strconv.Atoi(number)
		if err != nil || i >= len(s.placeholders) {
			filled.WriteString(Missing)
			return
		}
		filled.WriteString(escape.HTML(value(s.placeholders[i])))
	})
	filled.WriteString(s.HTML[last:])
	out.HTML = filled.String()
	var md strings.Builder
	last = 0
	for _, f := range FindPlaceholders([]byte(s.Markdown)) {
		md.WriteString(s.Markdown[last:f.Off])
		md.WriteString(value(f.P))
		last = f.Off + f.N
	}
	md.WriteString(s.Markdown[last:])
	out.Markdown = md.String()
	return out
}

// Placeholders lists the placeholders the section quotes, in order: the events its
// words depend on besides the one it is anchored at.
func (s Section) Placeholders() []*Placeholder {
	var out []*Placeholder
	eachMarker(s.HTML, func(_, _ int, number string) {
		if i, err := strconv.Atoi(number); err == nil && i < len(s.placeholders) && s.placeholders[i] != nil {
			out = append(out, s.placeholders[i])
		}
	})
	return out
}
