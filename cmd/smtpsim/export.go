package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
	"smtpsim/wasm/view"
)

// exportFormats are the values of export --format, in the order the usage lists them.
var exportFormats = []string{"txt", "json", "eml", "svg", "pcap"}

// exportCommand writes one run in a file format: the transcript, the JSON Lines
// trace, a delivered message, the sequence diagram or a packet capture.
func exportCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "txt (transcript), json (JSON Lines), eml (a delivered message), svg (sequence diagram) or pcap (packet capture)")
	out := fs.String("out", "", "the file to write; - for standard output")
	message := fs.Int("message", 1, "eml: which delivery, counted in trace order from 1")
	seed := fs.String("seed", "", "random seed (default: the scenario's)")
	model := fs.String("model", "", "end-to-end or store-and-forward (default: the scenario's)")
	var faults faultFlags
	fs.Var(&faults, "fault", "inject a fault, e.g. down:mx.example.net,until=30m (repeatable; see README)")
	if err := parseFlags(fs, interleaved(args, fs)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{errors.New("need exactly one lesson id, scenario id or file")}
	}
	switch {
	case *format == "":
		return usageError{fmt.Errorf("--format is required (%s)", strings.Join(exportFormats, ", "))}
	case !slices.Contains(exportFormats, *format):
		return usageError{fmt.Errorf("--format %q: expected one of %s", *format, strings.Join(exportFormats, ", "))}
	case *out == "":
		return usageError{errors.New("--out is required (a file name, or - for standard output)")}
	case *message < 1:
		return usageError{fmt.Errorf("--message %d: expected a number from 1", *message)}
	}
	if *format != "eml" && flagGiven(fs, "message") {
		return usageError{fmt.Errorf("--message applies to --format eml only")}
	}
	lesson, sc, err := exportScenario(fs.Arg(0), *seed, *model)
	if err != nil {
		return err
	}
	w := world.New(*sc, faults...)
	w.Run()
	tr := w.Trace()

	// Everything is made in memory first, so that a failure leaves no half-written file.
	var buf bytes.Buffer
	if *format == "eml" {
		var msg []byte
		if msg, err = deliveredMessage(*sc, faults, tr, *message); err == nil {
			buf.Write(msg)
		}
	} else {
		// The page's download buttons make the same files.
		p := &view.Page{Lesson: lesson, Scenario: *sc, Trace: tr, World: w}
		p.State = view.State{Step: tr.Len() - 1, Model: sc.Model, Faults: faults, Lang: "en"}
		var data []byte
		if _, data, err = p.Export(*format); err == nil {
			buf.Write(data)
		}
	}
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(*out, buf.Bytes(), 0o644)
}

// exportScenario loads a lesson's world, a built-in scenario or a scenario file, and
// applies --seed and --model as smtpsim run does.
func exportScenario(arg, seed, model string) (*lessons.Lesson, *scenario.Scenario, error) {
	var lesson *lessons.Lesson
	var sc *scenario.Scenario
	if l, err := lessons.Find(arg); err == nil {
		lesson = l
		s := l.ScenarioOf(l.Models[0])
		sc = &s
	} else {
		var err error
		if sc, err = loadScenario(arg); err != nil {
			return nil, nil, err
		}
	}
	if seed != "" {
		n, err := strconv.ParseUint(seed, 10, 64)
		if err != nil {
			return nil, nil, usageError{fmt.Errorf("--seed %q: expected a non-negative integer", seed)}
		}
		sc.Seed = n
	}
	switch scenario.Model(model) {
	case "":
	case scenario.EndToEnd, scenario.StoreAndForward:
		sc.Model = scenario.Model(model)
	default:
		return nil, nil, usageError{fmt.Errorf("--model %q: expected end-to-end or store-and-forward", model)}
	}
	return lesson, sc, nil
}

// delivery is a deliver event that filed a message into a mailbox.
type delivery struct {
	index    int // in the trace
	host     string
	user     string // whose mailbox: the recipient, or the postmaster
	position int    // 1-based place in that mailbox right after filing; 0 if unknown
}

// filedInto reads the deliver event's text "filed into USER's mailbox (now N in it)".
var filedInto = regexp.MustCompile(`^filed into (\S+)'s mailbox \(now (\d+) in it\)`)

// deliveries lists the deliver events that stored a message, in trace order; one that
// was only logged (no postmaster mailbox) is not among them.
func deliveries(tr *trace.Trace) []delivery {
	var out []delivery
	for i, e := range tr.Events {
		if e.Kind != trace.KindDeliver {
			continue
		}
		d := delivery{index: i, host: e.Actor, user: e.Rcpt}
		if m := filedInto.FindStringSubmatch(e.Text); m != nil {
			d.user = m[1]
			d.position, _ = strconv.Atoi(m[2])
		} else if strings.Contains(e.Text, "logged only") {
			continue
		}
		out = append(out, d)
	}
	return out
}

// deliveredMessage returns the n-th delivered message (1-based, trace order) as the
// mailbox holds it: Return-Path, the trace fields, the message; a bounce is the DSN.
// The run is repeated up to that delivery's moment, so that a message the user's
// client later fetched and deleted can still be read.
func deliveredMessage(sc scenario.Scenario, faults []fault.Fault, tr *trace.Trace, n int) ([]byte, error) {
	all := deliveries(tr)
	switch {
	case len(all) == 0:
		return nil, errors.New("--message: this run delivered no message into a mailbox")
	case n > len(all):
		return nil, fmt.Errorf("--message %d: this run delivered %d message(s) into mailboxes; expected 1 to %d", n, len(all), len(all))
	}
	d := all[n-1]
	e := tr.Events[d.index]
	// The same scenario, seed and faults replay the same events up to the horizon.
	sc.Horizon = max(e.Time, time.Nanosecond)
	w := world.New(sc, faults...)
	w.Run()
	if again := w.Trace(); again.Len() <= d.index || again.Events[d.index].Kind != e.Kind || again.Events[d.index].Msg != e.Msg {
		return nil, fmt.Errorf("--message %d: the replay of the run differs at event %d", n, e.Seq)
	}
	box := w.Mailbox(d.host, d.user)
	pos := d.position
	if pos == 0 {
		pos = len(box)
	}
	if pos < 1 || pos > len(box) {
		return nil, fmt.Errorf("--message %d: message %s is not in %s's mailbox on %s", n, e.Msg, d.user, d.host)
	}
	return box[pos-1], nil
}

// flagGiven reports whether the command line set a flag.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			given = true
		}
	})
	return given
}
