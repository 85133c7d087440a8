package trace

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"
)

// Outcome values of a recipient in the summary.
const (
	OutcomeDelivered    = "delivered"     // filed into a mailbox
	OutcomeBounced      = "bounced"       // failed for good; a DSN went back to the sender
	OutcomeDeferred     = "deferred"      // still in a queue when the run ended
	OutcomeDoubleBounce = "double-bounce" // failed, and the bounce failed too
	OutcomeRejected     = "rejected"      // refused at submission; never accepted, so nobody owed a bounce
)

// Outcome is what finally became of one recipient of one message.
type Outcome struct {
	Msg     string `json:"msg"`
	Rcpt    string `json:"rcpt"`
	Outcome string `json:"outcome"`
	Code    int    `json:"code,omitempty"`
	Status  string `json:"status,omitempty"`
	Mailbox string `json:"mailbox,omitempty"` // host/user for delivered mail
	Copies  int    `json:"copies,omitempty"`  // deliveries of this message to this mailbox; 2+ only after a drop after the dot
	TimeMS  int64  `json:"time_ms"`
}

// Trace is a whole run. Its events are read through Len, At and All: a trace keeps
// them packed (see pack.go), and At gives each back as an Event.
type Trace struct {
	Start    time.Time // the virtual clock's zero, for dates in headers and the transcript
	Outcomes []Outcome
	events   packed
}

// Reserve makes room for n more events, so that a long run does not copy its trace
// again and again while it grows.
func (t *Trace) Reserve(n int) { t.events.reserve(n) }

// Append adds an event, numbering it.
func (t *Trace) Append(e Event) { t.events.append(&e) }

// Add is Append for an event the caller holds: the trace packs what *e says and
// keeps nothing of e itself, so that the caller's event (552 octets) is not copied.
func (t *Trace) Add(e *Event) { t.events.append(e) }

// Line is the trace's string for a line of text: the one of the first equal line
// it holds, else a new one it keeps. A caller that writes lines into a buffer gets a
// string without making one for every line, and equal lines share one.
func (t *Trace) Line(text []byte) string { return t.events.line(text) }

// Len is the number of events.
func (t *Trace) Len() int { return t.events.len() }

// At is the event at index i (0 ≤ i < Len), by value. The lists and pointers in it
// (Rcpts, Headers, TLS, Auth, DNS, Payload) are the trace's own, and an equal DNS
// answer may be shared by several events: read them, do not change them.
func (t *Trace) At(i int) Event {
	e, _ := t.events.event(i)
	return e
}

// All yields every event with its index, in order.
func (t *Trace) All() iter.Seq2[int, Event] { return t.Range(0, t.Len()) }

// Range yields the events from index from up to, not including, index to, with their
// indexes; the bounds are clamped to the trace.
func (t *Trace) Range(from, to int) iter.Seq2[int, Event] {
	return func(yield func(int, Event) bool) {
		for i := max(from, 0); i < min(to, t.Len()); i++ {
			if e, _ := t.events.event(i); !yield(i, e) {
				return
			}
		}
	}
}

// Events is a copy of all events as a slice, for small traces and tests; a long run
// is read with All or At.
func (t *Trace) Events() []Event {
	out := make([]Event, 0, t.Len())
	for _, e := range t.All() {
		out = append(out, e)
	}
	return out
}

// DropPayload lets the event at index i go of its payload (Event.Payload), for a
// caller that has shown it and must not keep every message a long run saw.
func (t *Trace) DropPayload(i int) {
	if _, n := t.events.event(i); n >= 0 {
		*t.events.payloads.at(uint64(n)) = nil
	}
}

// OfKind yields, in order and with their indexes, the events whose kind is one of
// kinds. It unpacks only those: a loop that looks at a few kinds among a run's
// protocol lines costs a glance at each line.
func (t *Trace) OfKind(kinds ...Kind) iter.Seq2[int, Event] {
	return func(yield func(int, Event) bool) {
		ids := t.events.kindIDs(kinds)
		if len(ids) == 0 {
			return
		}
		for i := range t.Len() {
			if id, ok := t.events.kindID(i); ok && slices.Contains(ids, id) {
				if e, _ := t.events.event(i); !yield(i, e) {
					return
				}
			}
		}
	}
}

// Next returns the index of the first event after index from whose kind is one of
// kinds, or -1. Use from = -1 to search from the start.
func (t *Trace) Next(from int, kinds ...Kind) int {
	for i := from + 1; i < t.Len(); i++ {
		if slices.Contains(kinds, t.kind(i)) {
			return i
		}
	}
	return -1
}

// Prev returns the index of the last event before index from whose kind is one of
// kinds, or -1.
func (t *Trace) Prev(from int, kinds ...Kind) int {
	for i := min(from, t.Len()) - 1; i >= 0; i-- {
		if slices.Contains(kinds, t.kind(i)) {
			return i
		}
	}
	return -1
}

// kind is the kind of the event at index i.
func (t *Trace) kind(i int) Kind { return t.events.kind(i) }

// Find returns the index of the first event for which match is true, or -1.
func (t *Trace) Find(match func(Event) bool) int {
	for i, e := range t.All() {
		if match(e) {
			return i
		}
	}
	return -1
}

// Contains reports whether some event matches.
func (t *Trace) Contains(match func(Event) bool) bool { return t.Find(match) >= 0 }

// summaryLine is the last line of a JSON trace.
type summaryLine struct {
	Kind       Kind      `json:"kind"`
	Events     int       `json:"events"`
	Recipients []Outcome `json:"recipients"`
}

// JSONOptions says what WriteJSONWith adds to the JSON Lines.
type JSONOptions struct {
	// Payloads adds each event's exact octets (Event.Payload) as "payload", base64.
	Payloads bool
}

// eventWithPayload is an event as JSON with its payload.
type eventWithPayload struct {
	Event
	Payload []byte `json:"payload,omitempty"`
}

// WriteJSON writes JSON Lines: one event a line, then the summary line.
func (t *Trace) WriteJSON(w io.Writer) error { return t.WriteJSONWith(w, JSONOptions{}) }

// WriteJSONWith writes JSON Lines as WriteJSON does, with what opts asks for.
func (t *Trace) WriteJSONWith(w io.Writer, opts JSONOptions) error {
	jw := NewJSONWriter(w, opts)
	for _, e := range t.All() {
		if err := jw.Event(e); err != nil {
			return err
		}
	}
	return jw.Summary(t.Outcomes)
}

// JSONWriter writes JSON Lines one event at a time, as a run makes them, so that a
// long run shows its first events at once; the bytes are those of WriteJSONWith.
type JSONWriter struct {
	bw     *bufio.Writer
	enc    *json.Encoder
	opts   JSONOptions
	events int
	err    error
}

// NewJSONWriter starts JSON Lines on w.
func NewJSONWriter(w io.Writer, opts JSONOptions) *JSONWriter {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONWriter{bw: bw, enc: enc, opts: opts}
}

// Event writes one event's line. After the first error it writes nothing more and
// returns that error.
func (j *JSONWriter) Event(e Event) error {
	if j.err != nil {
		return j.err
	}
	var v any = e
	if j.opts.Payloads {
		v = eventWithPayload{e, e.Payload}
	}
	j.err = j.enc.Encode(v)
	j.events++
	return j.err
}

// Flush writes what is buffered.
func (j *JSONWriter) Flush() error {
	if j.err == nil {
		j.err = j.bw.Flush()
	}
	return j.err
}

// Summary writes the last line, with the outcome of every recipient, and flushes.
func (j *JSONWriter) Summary(outcomes []Outcome) error {
	if j.err != nil {
		return j.err
	}
	if outcomes == nil {
		outcomes = []Outcome{}
	}
	if j.err = j.enc.Encode(summaryLine{Kind: KindSummary, Events: j.events, Recipients: outcomes}); j.err != nil {
		return j.err
	}
	return j.Flush()
}

// Clock formats a virtual time as the transcript shows it: the time of day of the
// virtual clock, with "+Nd " in front after the first day.
func (t *Trace) Clock(d time.Duration) string {
	at := t.Start.Add(d)
	s := at.Format("15:04:05.000")
	if days := int(at.Sub(truncateDay(t.Start)) / (24 * time.Hour)); days > 0 {
		s = fmt.Sprintf("+%dd %s", days, s)
	}
	return s
}

func truncateDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// WriteText writes the readable transcript, one event a line.
func (t *Trace) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, e := range t.All() {
		fmt.Fprintf(bw, "%s %s\n", t.Clock(e.Time), t.Describe(e))
	}
	if len(t.Outcomes) > 0 {
		fmt.Fprintln(bw, "\nOutcome:")
		for _, o := range t.Outcomes {
			fmt.Fprintf(bw, "  %s %-28s %s", o.Msg, o.Rcpt, o.Outcome)
			switch {
			case o.Code != 0:
				fmt.Fprintf(bw, " %d %s", o.Code, o.Status)
			case o.Status != "":
				fmt.Fprintf(bw, " dsn=%s", o.Status) // no server replied: a status only
			}
			if o.Mailbox != "" {
				fmt.Fprintf(bw, " in %s", o.Mailbox)
			}
			if o.Copies > 1 {
				fmt.Fprintf(bw, " (%d copies)", o.Copies)
			}
			fmt.Fprintln(bw)
		}
	}
	return bw.Flush()
}

// Describe renders one event without its time: "mta.example.org → mx.example.net  C: RCPT TO:<bob@example.net>".
func (t *Trace) Describe(e Event) string {
	var b strings.Builder
	switch e.Kind {
	case KindLine, KindData:
		if e.Dir == DirSend {
			fmt.Fprintf(&b, "%s → %s  C: %s", e.Actor, e.Peer, e.Line)
		} else {
			fmt.Fprintf(&b, "%s ← %s  S: %s", e.Actor, e.Peer, e.Line)
		}
		if e.Text != "" {
			b.WriteString("   (" + e.Text + ")")
		}
	case KindConnect:
		fmt.Fprintf(&b, "%s → %s  connect to port %d (%s)", e.Actor, e.Peer, e.Port, e.Proto)
	case KindDNSQuery:
		fmt.Fprintf(&b, "%s → %s  query %s", e.Actor, e.Peer, e.Line)
	case KindDNSAnswer:
		fmt.Fprintf(&b, "%s ← %s  answer %s", e.Actor, e.Peer, e.Line)
	default:
		b.WriteString(e.Actor)
		if e.Peer != "" {
			b.WriteString(" · " + e.Peer)
		}
		b.WriteString("  " + string(e.Kind))
		if e.Msg != "" {
			b.WriteString(" " + e.Msg)
		}
		if e.Rcpt != "" {
			b.WriteString(" <" + e.Rcpt + ">")
		}
		if e.Code != 0 {
			fmt.Fprintf(&b, " %d", e.Code)
		}
		if e.Status != "" {
			if e.Code == 0 && (e.Kind == KindDefer || e.Kind == KindBounce || e.Kind == KindExpire || e.Kind == KindDoubleBounce || e.Kind == KindReject ||
				e.Kind == KindRefused || e.Kind == KindUnreachable) {
				// No server replied: the status is the sender's own verdict, written
				// as an MTA logs it (Postfix: "dsn=4.4.1, status=deferred (…)").
				b.WriteString(" dsn=" + e.Status)
			} else {
				b.WriteString(" " + e.Status)
			}
		}
		if e.Text != "" {
			b.WriteString(": " + e.Text)
		}
		if e.Kind == KindDefer && e.Next > 0 {
			b.WriteString(" (next attempt " + t.Clock(time.Duration(e.Next)*time.Millisecond) + ")")
		}
	}
	return b.String()
}
