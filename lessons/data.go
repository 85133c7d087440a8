package lessons

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
)

// parseData reads lesson.yaml.
func parseData(file string, src []byte) (*Lesson, error) {
	var errs ErrorList
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line := 1
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			fmt.Sscanf(strings.TrimPrefix(err.Error(), "yaml: "), "line %d:", &line)
		}
		errs.add(Pos{file, line, 1}, "not YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, errs
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		errs.add(Pos{file, 1, 1}, "empty lesson (expected a mapping with keys id, order, scenario, models, steps, checkpoints, try)")
		return nil, errs
	}
	l := &Lesson{}
	root := doc.Content[0]
	pos := func(n *yaml.Node) Pos { return Pos{file, n.Line, n.Column} }
	str := func(n *yaml.Node, what string) string {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			errs.add(pos(n), "%s must be text", what)
			return ""
		}
		return n.Value
	}
	selector := func(n *yaml.Node, what string) Selector {
		s := str(n, what)
		sel, err := ParseSelector(s)
		if err != nil && s != "" {
			var se *SelectorError
			errors.As(err, &se)
			errs.add(Pos{file, n.Line, n.Column + se.Col - 1 + quoteShift(n)}, "%s: %s", what, se.Msg)
		}
		return sel
	}
	for k, v := range mapping(root, &errs, file, []string{"id", "order", "scenario", "world", "models", "steps", "checkpoints", "try"}) {
		switch k.Value {
		case "id":
			l.ID = str(v, "id")
		case "order":
			n, err := strconv.Atoi(v.Value)
			if err != nil || n < 0 {
				errs.add(pos(v), "order must be a whole number (got %q)", v.Value)
			}
			l.Order = n
		case "scenario":
			l.ScenarioID = str(v, "scenario")
			if l.ScenarioID != "" {
				src, name, ok := Scenario(l.ScenarioID)
				if !ok {
					errs.add(pos(v), "unknown scenario %q (expected one of %s)", l.ScenarioID, strings.Join(ScenarioIDs(), ", "))
					break
				}
				sc, err := scenario.Parse(name, src)
				if err != nil {
					errs.add(pos(v), "scenario %s does not validate: %v", l.ScenarioID, err)
				}
				l.World = sc
			}
		case "world":
			sc, err := scenario.ParseNode(file, v)
			if err != nil {
				var list scenario.ErrorList
				if errors.As(err, &list) {
					for _, e := range list {
						errs.add(Pos{e.File, e.Line, e.Col}, "%s", e.Msg)
					}
				} else {
					errs.add(pos(v), "%v", err)
				}
			}
			l.World = sc
		case "models":
			for _, m := range seq(v, &errs, file, "models") {
				model := scenario.Model(str(m, "a model"))
				if model != scenario.EndToEnd && model != scenario.StoreAndForward {
					errs.add(pos(m), "model %q (expected end-to-end or store-and-forward)", m.Value)
					continue
				}
				l.Models = append(l.Models, model)
			}
		case "steps":
			for _, item := range seq(v, &errs, file, "steps") {
				st := Step{pos: pos(item)}
				for k2, v2 := range mapping(item, &errs, file, []string{"id", "at"}) {
					switch k2.Value {
					case "id":
						st.ID = str(v2, "step id")
					case "at":
						st.At = selector(v2, "at")
						st.pos = pos(v2)
					}
				}
				l.Steps = append(l.Steps, st)
			}
		case "checkpoints":
			for _, item := range seq(v, &errs, file, "checkpoints") {
				cp := Checkpoint{pos: pos(item)}
				for k2, v2 := range mapping(item, &errs, file, []string{"id", "before", "answer", "options"}) {
					switch k2.Value {
					case "id":
						cp.ID = str(v2, "checkpoint id")
					case "before":
						cp.Before = selector(v2, "before")
						cp.pos = pos(v2)
					case "answer":
						cp.Answer = str(v2, "answer")
					case "options":
						if v2.Kind != yaml.MappingNode {
							errs.add(pos(v2), "options must be a mapping of option id to claim (e.g. a: code=354)")
							continue
						}
						for i := 0; i+1 < len(v2.Content); i += 2 {
							ok, ov := v2.Content[i], v2.Content[i+1]
							claim, err := ParseClaim(str(ov, "a claim"))
							if err != nil {
								var se *SelectorError
								errors.As(err, &se)
								errs.add(Pos{file, ov.Line, ov.Column + se.Col - 1 + quoteShift(ov)}, "option %s: %s", ok.Value, se.Msg)
							}
							cp.Options = append(cp.Options, Option{ID: ok.Value, Claim: claim, pos: pos(ov)})
						}
					}
				}
				l.Checkpoints = append(l.Checkpoints, cp)
			}
		case "try":
			l.Try.pos = pos(v)
			for k2, v2 := range mapping(v, &errs, file, []string{"fault", "expect"}) {
				switch k2.Value {
				case "fault":
					spec := str(v2, "fault")
					f, err := fault.Parse(spec)
					if err != nil {
						var se *fault.SyntaxError
						col := 1
						if errors.As(err, &se) {
							col = se.Col
						}
						errs.add(Pos{file, v2.Line, v2.Column + col - 1 + quoteShift(v2)}, "fault: %s", strings.TrimPrefix(err.Error(), fmt.Sprintf("col %d: ", col)))
					}
					l.Try.Fault = f
				case "expect":
					l.Try.Expect = selector(v2, "expect")
				}
			}
		}
	}
	l.checkStatic(&errs, file, root)
	return l, errs.err()
}

// checkStatic checks what needs no simulation: required keys, unique ids, answers.
func (l *Lesson) checkStatic(errs *ErrorList, file string, root *yaml.Node) {
	top := Pos{file, root.Line, root.Column}
	if l.ID == "" {
		errs.add(top, "missing id (expected a short name like one-message)")
	}
	if l.World == nil && l.ScenarioID == "" {
		errs.add(top, "missing scenario (expected scenario: ID of a built-in scenario, or world: with the scenario inline)")
	}
	if len(l.Models) == 0 {
		l.Models = []scenario.Model{scenario.EndToEnd}
	}
	if len(l.Steps) == 0 {
		errs.add(top, "no steps (expected at least one step with id and at)")
	}
	if len(l.Checkpoints) < 2 {
		errs.add(top, "%d checkpoints (expected at least 2)", len(l.Checkpoints))
	}
	if l.Try.Fault.Kind == "" {
		errs.add(top, "missing try (expected try: with fault: and expect:)")
	}
	ids := map[string]bool{"intro": true, "try": true}
	for _, s := range l.Steps {
		if s.ID == "" || ids[s.ID] || strings.HasPrefix(s.ID, "checkpoint") {
			errs.add(s.pos, "step id %q is empty, reserved or used twice", s.ID)
		}
		ids[s.ID] = true
	}
	for _, c := range l.Checkpoints {
		if c.ID == "" || ids[c.ID] {
			errs.add(c.pos, "checkpoint id %q is empty or used twice", c.ID)
		}
		ids[c.ID] = true
		if len(c.Options) < 2 {
			errs.add(c.pos, "checkpoint %s has %d options (expected at least 2)", c.ID, len(c.Options))
		}
		if !slices.ContainsFunc(c.Options, func(o Option) bool { return o.ID == c.Answer }) {
			errs.add(c.pos, "checkpoint %s: answer %q is not one of its options", c.ID, c.Answer)
		}
	}
}

// quoteShift is 1 for a quoted scalar, whose text starts one column after the node.
func quoteShift(n *yaml.Node) int {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return 1
	}
	return 0
}

// mapping iterates a mapping node's pairs, reporting unknown keys.
func mapping(n *yaml.Node, errs *ErrorList, file string, allowed []string) func(func(k, v *yaml.Node) bool) {
	return func(yield func(k, v *yaml.Node) bool) {
		if n.Kind != yaml.MappingNode {
			errs.add(Pos{file, n.Line, n.Column}, "expected a mapping with keys %s", strings.Join(allowed, ", "))
			return
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !slices.Contains(allowed, k.Value) {
				errs.add(Pos{file, k.Line, k.Column}, "unknown key %q (expected one of %s)", k.Value, strings.Join(allowed, ", "))
				continue
			}
			if seen[k.Value] {
				errs.add(Pos{file, k.Line, k.Column}, "key %q given twice", k.Value)
				continue
			}
			seen[k.Value] = true
			if !yield(k, v) {
				return
			}
		}
	}
}

func seq(n *yaml.Node, errs *ErrorList, file, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		errs.add(Pos{file, n.Line, n.Column}, "%s must be a list", what)
		return nil
	}
	return n.Content
}
