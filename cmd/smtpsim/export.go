package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"smtpsim/lessons"
	"smtpsim/sim/dmarcreport"
	"smtpsim/sim/dmarcreport/feedback"
	"smtpsim/sim/render"
	"smtpsim/sim/scenario"
	"smtpsim/sim/world"
)

// formatDMARC is the export of a DMARC aggregate report (RFC 7489 §7.2): the command
// line's only format that the page's download buttons do not make, since the page
// shows the reports as tables.
const formatDMARC = "dmarc"

// exportFormats are the values of export --format, in the order the usage lists them.
var exportFormats = append(render.FormatNames(), formatDMARC)

// exportCommand writes one run in a file format: the transcript, the JSON Lines
// trace, a delivered message, the sequence diagram or a packet capture.
func exportCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "txt (transcript), json (JSON Lines), eml (a delivered message), svg (sequence diagram), pcap (packet capture) or dmarc (a DMARC aggregate report, XML)")
	out := fs.String("out", "", "the file to write; - for standard output")
	message := fs.Int("message", 1, "eml: which delivery, counted in trace order from 1")
	report := fs.Int("report", 1, "dmarc: which report, in the order of reporting server and domain, from 1")
	seed := fs.String("seed", "", "random seed (default: the scenario's)")
	model := fs.String("model", "", "end-to-end or store-and-forward (default: the scenario's)")
	lang := fs.String("lang", "en", "txt, svg: the language of the page's words, en or de")
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
	if *format != formatDMARC && flagGiven(fs, "report") {
		return usageError{fmt.Errorf("--report applies to --format dmarc only")}
	}
	if *report < 1 {
		return usageError{fmt.Errorf("--report %d: expected a number from 1", *report)}
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	lesson, sc, err := exportScenario(fs.Arg(0), *seed, *model)
	if err != nil {
		return err
	}
	w := world.New(*sc, faults...)
	w.Run()
	// The page's download buttons make the same files.
	run := render.Run{Trace: w.Trace(), Scenario: *sc, Title: sc.Name, Lang: *lang, Hosts: w.Addresses(), Message: *message}
	if lesson != nil {
		run.Title = lessonTitle(lesson, *lang)
	}

	// Everything is made in memory first, so that a failure leaves no half-written file.
	var buf bytes.Buffer
	if *format == formatDMARC {
		reports := dmarcreport.Build(w.Trace().All(), sc.DNS, w.Addresses(), sc.Start)
		switch {
		case len(reports) == 0:
			return errors.New("--format dmarc: this run has no DMARC aggregate report (no receiver checked DMARC for a domain whose record asks for reports with rua=)")
		case *report > len(reports):
			return fmt.Errorf("--report %d: this run has %d DMARC aggregate report(s); expected 1 to %d", *report, len(reports), len(reports))
		}
		if err := feedback.Write(&buf, reports[*report-1]); err != nil {
			return err
		}
	} else if err := render.Write(&buf, render.Format(*format), run); err != nil {
		var few *render.MessageRangeError
		switch {
		case errors.Is(err, render.ErrNoMessage):
			return fmt.Errorf("--message: %w", err)
		case errors.As(err, &few):
			return fmt.Errorf("--message %d: %w", few.N, err)
		}
		return err
	}
	// A run stopped by its budget still writes what it did until then, and then fails.
	if *out == "-" {
		_, err = stdout.Write(buf.Bytes())
	} else {
		err = os.WriteFile(*out, buf.Bytes(), 0o644)
	}
	if err != nil {
		return err
	}
	return w.Err()
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

// lessonTitle is the lesson's title in lang, as the page shows it: in the first
// language the lesson has when it lacks lang.
func lessonTitle(l *lessons.Lesson, lang string) string {
	if t, ok := l.Texts[lang]; ok {
		return t.Title
	}
	for _, other := range lessons.Languages {
		if t, ok := l.Texts[other]; ok {
			return t.Title
		}
	}
	return ""
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
