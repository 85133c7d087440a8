// Package render turns a run into what people read and tools open: the transcript in
// English or German, the JSON Lines trace, a filed message (.eml), the sequence diagram
// (a standalone SVG file, or markup for the page) and the packet capture. The command
// line and the web page use it alike (DESIGN.md, principle 6). The words come from
// words.LANG.yaml; the JSON Lines are the trace's own encoding (package trace), the
// capture is written by package capture.
package render

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"smtpsim/sim/capture"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
)

// Format is a kind of file a run is written as.
type Format string

// The formats, by the names the command line and the page's buttons use.
const (
	FormatText Format = "txt"  // the transcript, in the run's language
	FormatJSON Format = "json" // JSON Lines: one event a line, then the summary
	FormatEML  Format = "eml"  // one message as it was filed into a mailbox
	FormatSVG  Format = "svg"  // the sequence diagram
	FormatPCAP Format = "pcap" // a packet capture for Wireshark
)

// Formats lists every format, in the order a usage message names them.
var Formats = []Format{FormatText, FormatJSON, FormatEML, FormatSVG, FormatPCAP}

// Ext is the file name extension of a format: jsonl for JSON Lines, else its name.
func (f Format) Ext() string {
	if f == FormatJSON {
		return "jsonl"
	}
	return string(f)
}

// Run is what the renderers read: a finished run and what it was made from.
type Run struct {
	Trace    *trace.Trace
	Scenario scenario.Scenario // its model and seed, and the role of each host
	Title    string            // the lesson's title in Lang, or the scenario's name
	Lang     string            // of the words: en or de
	Hosts    map[string]string // actor → IPv4 address, for the capture (world.World.Addresses)
	Message  int               // eml: which filed message, counted in trace order from 1
}

func (r Run) words() Words { return Words{Lang: r.Lang, Trace: r.Trace} }

// Write writes the run in a format.
func Write(w io.Writer, f Format, r Run) error {
	switch f {
	case FormatText:
		return r.words().WriteTranscript(w)
	case FormatJSON:
		return r.Trace.WriteJSON(w)
	case FormatEML:
		msg, err := FiledMessage(r.Trace, max(r.Message, 1))
		if err == nil {
			_, err = w.Write(msg)
		}
		return err
	case FormatSVG:
		return WriteSVG(w, r)
	case FormatPCAP:
		return capture.WritePCAP(w, r.Trace, r.Hosts)
	}
	return fmt.Errorf("unknown format %q (expected %s)", f, strings.Join(FormatNames(), ", "))
}

// FormatNames lists the names of the formats, in the order of Formats.
func FormatNames() []string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return names
}

// ErrNoMessage says that a run filed no message into a mailbox.
var ErrNoMessage = errors.New("this run delivered no message into a mailbox")

// MessageRangeError says that a run filed fewer messages than the one asked for; the
// caller names which one was asked for, in its own terms.
type MessageRangeError struct {
	N     int // the message asked for, from 1
	Filed int // how many the run filed
}

func (e *MessageRangeError) Error() string {
	return fmt.Sprintf("this run delivered %d message(s) into mailboxes; expected 1 to %d", e.Filed, e.Filed)
}

// FiledMessage returns the n-th message filed into a mailbox (from 1, in trace order)
// exactly as it was filed: Return-Path, the trace fields, the message; a bounce is the
// DSN. The deliver event carries those octets, so a message that the user's client
// later fetched and deleted can still be read.
func FiledMessage(tr *trace.Trace, n int) ([]byte, error) {
	var filed []trace.Event
	for _, e := range tr.All() {
		if e.Kind == trace.KindDeliver && e.Mailbox != "" {
			filed = append(filed, e)
		}
	}
	switch {
	case len(filed) == 0:
		return nil, ErrNoMessage
	case n < 1 || n > len(filed):
		return nil, &MessageRangeError{N: n, Filed: len(filed)}
	}
	return filed[n-1].Payload, nil
}
