package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"smtpsim/lessons"
	"smtpsim/lessons/handout"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/budget"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// faultFlags collects repeated --fault SPEC flags.
type faultFlags []fault.Fault

func (f *faultFlags) String() string {
	s := make([]string, len(*f))
	for i, x := range *f {
		s[i] = x.String()
	}
	return strings.Join(s, " ")
}

func (f *faultFlags) Set(spec string) error {
	x, err := fault.Parse(spec)
	if err != nil {
		return fmt.Errorf("fault %q: %w", spec, err)
	}
	*f = append(*f, x)
	return nil
}

// loadScenario reads a built-in scenario by id or a scenario file by path.
func loadScenario(arg string) (*scenario.Scenario, error) {
	if src, name, ok := lessons.Scenario(arg); ok {
		return scenariofile.Parse(name, src)
	}
	src, err := readInput(arg)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usageError{fmt.Errorf("%q is neither a lesson (see smtpsim lessons), a built-in scenario (%s) nor a file", arg, strings.Join(lessons.ScenarioIDs(), ", "))}
		}
		return nil, err
	}
	return scenariofile.Parse(arg, src)
}

func runCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "language of the narration: en or de")
	seed := fs.String("seed", "", "random seed (default: the scenario's)")
	model := fs.String("model", "", "end-to-end or store-and-forward (default: the scenario's)")
	format := fs.String("format", "text", "text (a readable transcript; for a lesson, a handout), html (a lesson's printable handout) or json (JSON Lines with a summary)")
	noAnswers := fs.Bool("no-answers", false, "text, html: leave the answers out of a lesson's handout")
	answersOnly := fs.Bool("answers-only", false, "html: the lesson's answer key (solution sheet) alone")
	payloads := fs.Bool("payloads", false, "json: add each event's exact octets (message text, filed messages) as base64 \"payload\"")
	var faults faultFlags
	fs.Var(&faults, "fault", "inject a fault, e.g. down:mx.example.net,until=30m (repeatable; see README)")
	if err := parseFlags(fs, interleaved(args, fs)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{errors.New("need exactly one scenario id or file")}
	}
	if *payloads && *format != "json" {
		return usageError{errors.New("--payloads applies to --format json only")}
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	var lesson *lessons.Lesson
	if l, err := lessons.Find(fs.Arg(0)); err == nil {
		lesson = l
	}
	var sc *scenario.Scenario
	if lesson != nil {
		s := lesson.ScenarioOf(lesson.Models[0])
		sc = &s
	} else {
		var err error
		if sc, err = loadScenario(fs.Arg(0)); err != nil {
			return err
		}
	}
	if *seed != "" {
		n, err := strconv.ParseUint(*seed, 10, 64)
		if err != nil {
			return usageError{fmt.Errorf("--seed %q: expected a non-negative integer", *seed)}
		}
		sc.Seed = n
	}
	switch scenario.Model(*model) {
	case "":
	case scenario.EndToEnd, scenario.StoreAndForward:
		sc.Model = scenario.Model(*model)
	default:
		return usageError{fmt.Errorf("--model %q: expected end-to-end or store-and-forward", *model)}
	}
	if *format != "json" && *format != "text" && *format != "html" {
		return usageError{fmt.Errorf("--format %q: expected text, html or json", *format)}
	}
	if *format == "html" && lesson == nil {
		return usageError{errors.New("--format html is a lesson's handout: give a lesson id (see smtpsim lessons)")}
	}
	if (*noAnswers || *answersOnly) && (lesson == nil || *format == "json") {
		return usageError{errors.New("--no-answers and --answers-only apply to a lesson's handout (--format text or html)")}
	}
	if *answersOnly && (*noAnswers || *format != "html") {
		return usageError{errors.New("--answers-only is an HTML answer key: use it with --format html, without --no-answers")}
	}
	if lesson != nil && *format != "json" {
		if _, ok := lesson.Texts[*lang]; !ok {
			return fmt.Errorf("lesson %s has no %s text", lesson.ID, *lang)
		}
	}
	w := world.New(*sc, faults...)
	if *format == "json" {
		// Each event goes out as the run makes it: a long run shows its start at once.
		jw := trace.NewJSONWriter(stdout, trace.JSONOptions{Payloads: *payloads})
		w.Watch(func(e trace.Event) {
			if err := jw.Event(e); err != nil {
				w.Stop(err) // nobody reads on: simulating on would be for nothing
			}
		})
		w.Run()
		if err := jw.Summary(w.Trace().Outcomes); err != nil {
			return err
		}
		return w.Err()
	}
	w.Run()
	tr := w.Trace()
	if lesson != nil {
		sheet, err := handout.New(lesson, *sc, tr, handout.Options{Lang: *lang, Answers: !*noAnswers, AnswersOnly: *answersOnly, Faults: faults})
		if err != nil {
			return err
		}
		if *format == "html" {
			err = sheet.WriteHTML(stdout)
		} else {
			err = sheet.WriteText(stdout)
		}
		if err != nil {
			return err
		}
		return w.Err()
	}
	fmt.Fprintf(stdout, "# %s (model %s, seed %d)\n", sc.Name, sc.Model, sc.Seed)
	if err := tr.WriteText(stdout); err != nil {
		return err
	}
	return w.Err()
}

func validateCommand(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("need one or more files")}
	}
	bad := 0
	for _, name := range args {
		if info, err := os.Stat(name); err == nil && info.IsDir() || lessons.IsLessonFile(name) {
			if err := validateLesson(name); err != nil {
				fmt.Fprintln(stdout, err)
				bad++
			}
			continue
		}
		src, err := readInput(name)
		if err != nil {
			fmt.Fprintf(stdout, "%s:1:1: %v\n", name, err)
			bad++
			continue
		}
		if _, err := scenariofile.Parse(name, src); err != nil {
			fmt.Fprintln(stdout, err)
			bad++
		}
	}
	if bad > 0 {
		return errSilent
	}
	return nil
}

// validateLesson checks a lesson folder, or the folder of a lesson file: its format,
// and that its narration and checkpoints agree with the simulated trace.
func validateLesson(name string) error {
	dir := name
	if info, err := os.Stat(name); err != nil || !info.IsDir() {
		dir = filepath.Dir(name)
	}
	l, err := lessonfile.Load(os.DirFS(dir), ".", filepath.ToSlash(dir))
	if err != nil {
		return err
	}
	return lessonfile.Check(l)
}

// readInput reads a scenario file, at most one octet past the file budget: Parse
// refuses a larger one without the rest being read.
func readInput(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, budget.FileBytes+1))
}

// errSilent fails a command whose output already said what is wrong.
var errSilent = errors.New("")

// interleaved moves flags after positional arguments to the front, so that
// "smtpsim run ID --format json" works as well as "smtpsim run --format json ID".
func interleaved(args []string, fs *flag.FlagSet) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") {
				if f := fs.Lookup(name); f != nil {
					if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool && i+1 < len(args) {
						flags = append(flags, args[i+1])
						i++
					}
				}
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
}
