package lessonfile

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/yamlfile"
)

// lessonFile is lesson.yaml as written (README.md describes it).
type lessonFile struct {
	ID          string              `yaml:"id"`
	Order       int                 `yaml:"order"`
	Core        bool                `yaml:"core"`
	Scenario    builtin             `yaml:"scenario"`
	World       *scenariofile.World `yaml:"world"`
	Models      []scenario.Model    `yaml:"models" noun:"a model"`
	Steps       []lessons.Step      `yaml:"steps"`
	Checkpoints []checkpointFile    `yaml:"checkpoints"`
	Try         lessons.Try         `yaml:"try"`
}

// builtin is the scenario: of a lesson, the id of a built-in scenario.
type builtin struct {
	ID    string
	named bool               // the id names a built-in scenario
	World *scenario.Scenario // nil when that scenario does not parse
}

// checkpointFile is a checkpoint as written: its options are a mapping of id to claim.
type checkpointFile struct {
	ID      string                       `yaml:"id" noun:"checkpoint id"`
	Before  lessons.Selector             `yaml:"before"`
	Answer  string                       `yaml:"answer"`
	Ask     lessons.Ask                  `yaml:"ask"`
	Options yamlfile.Map[[]lessons.Cond] `yaml:"options" noun:"a claim" want:"a mapping of option id to claim (e.g. a: code=354)"`
}

// dataWords word the problems with the shape of lesson.yaml.
var dataWords = yamlfile.Words{
	Wrong: func(s yamlfile.Spot) yamlfile.Phrase {
		switch s.Expect {
		case yamlfile.Text:
			return yamlfile.P("%s must be text", s.Noun)
		case yamlfile.List:
			return yamlfile.P("%s must be a list", s.Noun)
		case yamlfile.Entries:
			return yamlfile.P("%s must be %s", s.Noun, s.Want)
		}
		return yamlfile.P("expected %s", s.Want)
	},
	Twice: func(key string, _ yamlfile.Pos) yamlfile.Phrase { return yamlfile.P("key %q given twice", key) },
}

// dataFormat is how lesson.yaml reads. An empty value is wrong: every key of a lesson
// wants something.
var dataFormat = yamlfile.Format{
	Words: dataWords,
	Rules: []yamlfile.Rule{
		yamlfile.Scalar[int]{Want: yamlfile.P("a whole number"), Null: true, Parse: func(v *yamlfile.Value, dst *int) {
			n, err := strconv.Atoi(v.Text())
			if err != nil || n < 0 {
				v.Fail("%s must be a whole number (got %q)", v.Noun(), v.Text())
			}
			*dst = n
		}},
		yamlfile.Scalar[bool]{Want: yamlfile.P("true or false"), Parse: func(v *yamlfile.Value, dst *bool) {
			if v.Tag() != "!!bool" {
				v.Fail("%s is %q (expected true or false)", v.Noun(), v.Text())
				return
			}
			*dst = strings.EqualFold(v.Text(), "true")
		}},
		yamlfile.Scalar[lessons.Ask]{Want: yamlfile.P("next or why"), Parse: func(v *yamlfile.Value, dst *lessons.Ask) {
			if a := lessons.Ask(v.Text()); a != lessons.AskNext && a != lessons.AskWhy {
				v.Fail("%s %q (expected next or why)", v.Noun(), v.Text())
				return
			}
			*dst = lessons.Ask(v.Text())
		}},
		yamlfile.Scalar[builtin]{Want: yamlfile.P("text"), Parse: func(v *yamlfile.Value, dst *builtin) {
			dst.ID = v.Text()
			if dst.ID == "" {
				return
			}
			src, name, ok := lessons.Scenario(dst.ID)
			if !ok {
				v.Fail("unknown scenario %q (expected one of %s)", dst.ID, strings.Join(ScenarioIDs(), ", "))
				return
			}
			dst.named = true
			sc, err := scenariofile.Parse(name, src)
			if err != nil {
				v.Fail("scenario %s does not validate: %v", dst.ID, err)
			}
			dst.World = sc
		}},
		yamlfile.Scalar[scenario.Model]{Want: yamlfile.P("text"), Parse: func(v *yamlfile.Value, dst *scenario.Model) {
			if m := scenario.Model(v.Text()); m != scenario.EndToEnd && m != scenario.StoreAndForward {
				v.Fail("model %q (expected end-to-end or store-and-forward)", v.Text())
				return
			}
			*dst = scenario.Model(v.Text())
		}},
		yamlfile.Scalar[lessons.Selector]{Want: yamlfile.P("text"), Parse: func(v *yamlfile.Value, dst *lessons.Selector) {
			sel, err := lessons.ParseSelector(v.Text())
			var se *lessons.SelectorError
			if errors.As(err, &se) && v.Text() != "" {
				v.FailAt(se.Col-1, "%s: %s", v.Noun(), se.Text)
			}
			*dst = sel
		}},
		yamlfile.Scalar[[]lessons.Cond]{Want: yamlfile.P("text"), Parse: func(v *yamlfile.Value, dst *[]lessons.Cond) {
			claim, err := lessons.ParseClaim(v.Text())
			var se *lessons.SelectorError
			if errors.As(err, &se) {
				v.FailAt(se.Col-1, "option %s: %s", v.Key(), se.Text)
			}
			*dst = claim
		}},
		yamlfile.Scalar[fault.Fault]{Want: yamlfile.P("text"), Parse: func(v *yamlfile.Value, dst *fault.Fault) {
			f, err := fault.Parse(v.Text())
			var se *fault.SyntaxError
			if errors.As(err, &se) {
				v.FailAt(se.Col-1, "%s: %s", v.Noun(), scenario.FaultProblem(se))
			} else if err != nil {
				v.Fail("%s: %v", v.Noun(), err)
			}
			*dst = f
		}},
	},
}

// parseData reads lesson.yaml.
func parseData(file string, src []byte) (*lessons.Lesson, error) {
	var errs lessons.ErrorList
	docs, err := yamlfile.Read(file, src, 1)
	if len(docs) == 0 && err != nil {
		errs.Add(file, yamlfile.Pos{Line: max(err.Line, 1), Col: 1}, "not YAML: %v", err)
		return nil, errs
	}
	if len(docs) == 0 || !docs[0].Root.IsMapping() {
		errs.Add(file, fileStart, "empty lesson (expected a mapping with keys id, order, scenario, models, steps, checkpoints, try)")
		return nil, errs
	}
	var lf lessonFile
	problems, at := docs[0].Root.Decode(&dataFormat, "the lesson", &lf)
	errs = append(errs, problems...)

	l := &lessons.Lesson{ID: lf.ID, Order: lf.Order, Core: lf.Core, ScenarioID: lf.Scenario.ID, World: lf.Scenario.World, Try: lf.Try, File: file}
	// scenario: and world: both name the world; as the file is read from the top, the
	// later one wins.
	if s, w := at.Of(&lf.Scenario), at.Of(&lf.World); at.Given(&lf.World) && !(lf.Scenario.named && (s.Line > w.Line || s.Line == w.Line && s.Col > w.Col)) {
		l.World = &lf.World.Scenario
		if at.Broken(lf.World) {
			l.World = nil
		}
	}
	for _, m := range lf.Models {
		if m != "" {
			l.Models = append(l.Models, m)
		}
	}
	for i := range lf.Steps {
		s := lf.Steps[i]
		s.Place = at.Of(&lf.Steps[i].At)
		l.Steps = append(l.Steps, s)
	}
	for i := range lf.Checkpoints {
		cf := &lf.Checkpoints[i]
		cp := lessons.Checkpoint{ID: cf.ID, Before: cf.Before, Answer: cf.Answer, Ask: cf.Ask, Place: at.Of(&cf.Before)}
		if cp.Ask == "" {
			cp.Ask = lessons.AskNext
		}
		for j := range cf.Options {
			o := &cf.Options[j]
			cp.Options = append(cp.Options, lessons.Option{ID: o.Key, Claim: o.Value, Place: at.Of(&o.Value)})
		}
		l.Checkpoints = append(l.Checkpoints, cp)
	}
	l.Try.Place = at.Of(&lf.Try)
	checkStatic(l, &errs, at.Of(&lf))
	return l, errs.Err()
}

// checkStatic checks what needs no simulation: required keys, unique ids, answers.
// top is the place of the file's mapping.
func checkStatic(l *lessons.Lesson, errs *lessons.ErrorList, top yamlfile.Pos) {
	if l.ID == "" {
		errs.Add(l.File, top, "missing id (expected a short name like one-message)")
	}
	if l.World == nil && l.ScenarioID == "" {
		errs.Add(l.File, top, "missing scenario (expected scenario: ID of a built-in scenario, or world: with the scenario inline)")
	}
	if len(l.Models) == 0 {
		l.Models = []scenario.Model{scenario.EndToEnd}
	}
	if len(l.Steps) == 0 {
		errs.Add(l.File, top, "no steps (expected at least one step with id and at)")
	}
	if len(l.Checkpoints) < 2 {
		errs.Add(l.File, top, "%d checkpoints (expected at least 2)", len(l.Checkpoints))
	}
	if l.Try.Fault.Kind == "" {
		errs.Add(l.File, top, "missing try (expected try: with fault: and expect:)")
	}
	ids := map[string]bool{"intro": true, "try": true}
	for _, s := range l.Steps {
		if s.ID == "" || ids[s.ID] || strings.HasPrefix(s.ID, "checkpoint") {
			errs.Add(l.File, s.Place, "step id %q is empty, reserved or used twice", s.ID)
		}
		ids[s.ID] = true
	}
	for _, c := range l.Checkpoints {
		if c.ID == "" || ids[c.ID] {
			errs.Add(l.File, c.Place, "checkpoint id %q is empty or used twice", c.ID)
		}
		ids[c.ID] = true
		if len(c.Options) < 2 {
			errs.Add(l.File, c.Place, "checkpoint %s has %d options (expected at least 2)", c.ID, len(c.Options))
		}
		if !slices.ContainsFunc(c.Options, func(o lessons.Option) bool { return o.ID == c.Answer }) {
			errs.Add(l.File, c.Place, "checkpoint %s: answer %q is not one of its options", c.ID, c.Answer)
		}
	}
}

// fileStart is where a problem with a file as a whole is placed.
var fileStart = yamlfile.Pos{Line: 1, Col: 1}
