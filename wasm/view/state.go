// Package view decides what the page shows for a position in a run: the ladder
// diagram, the topology, the narration, the pending checkpoint, the transcript. It is
// plain Go, tested on linux; the browser program only maps it onto DOM nodes.
package view

import (
	"encoding/base64"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
)

// State is everything a shared link restores: lesson, step, model, faults, language,
// the answers given to checkpoints, and which file of the learner's own the page runs.
// What does not fit a link (composed messages, console lines, retrievals, the own
// files themselves) is in a Session.
type State struct {
	Lesson string // lesson id ("lesson=ID"); an old link's built-in scenario id opens that sandbox world
	World  string // a built-in scenario id for the sandbox ("world=ID"): its own key, as a lesson may share the id
	Step   int    // index of the current event; -1 before the first
	Model  scenario.Model
	Faults []fault.Fault
	Lang   string
	// Demo lets a teacher jump past checkpoints (End, the scrubber, a deep link)
	// without answering them, to demonstrate a lesson: "demo=1" in the link.
	Demo bool
	// Answers maps a checkpoint id to the option chosen first: "answer=CHECKPOINT:OPTION".
	Answers map[string]string
	// Own names the file of the learner's own (a scenario file, or lesson.yaml of an
	// own lesson) the page runs: "own=NAME". A link cannot carry the file; the page
	// asks for it (or for a session file) instead of opening something else.
	Own string
	// OwnPacked is the own scenario file itself, packed for a link by the authoring
	// module (Compiled.Packed): "scenario=…". Empty for an own lesson (several files)
	// and for a scenario too large for a link.
	OwnPacked string
}

// NamesRun reports whether the link names something to run: a lesson, a world, a
// file of the learner's own, or a step, model, fault, demo or answer of one (the
// first lesson then). A link with no more than a language ("lang=de") names the start
// page in it; a part that does not parse names nothing (its note says so there).
func (s State) NamesRun() bool {
	return s.Lesson != "" || s.World != "" || s.Own != "" || s.OwnPacked != "" || s.Step >= 0 || s.Model != "" ||
		len(s.Faults) > 0 || s.Demo || len(s.Answers) > 0
}

// OwnLinkChars is the most characters a link spends on carrying an own scenario
// (deflated, then base64url); a larger scenario is named in links but not carried.
// The authoring module packs and unpacks it (ownfile.LinkChars).
const OwnLinkChars = 2000

// ownPackedReadable reports whether a link's packed own scenario may be one: no longer
// than OwnLinkChars, and base64url. Whether it unpacks, and to a file within
// budget.FileBytes, only the authoring module can tell, which compiles it.
func ownPackedReadable(packed string) bool {
	if len(packed) > OwnLinkChars {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(packed)
	return err == nil
}

// ParseFragment reads a URL fragment such as
// "lesson=journey&step=12&model=end-to-end&fault=down:mx.example.net&lang=de&demo=1&answer=mx:b",
// or "world=bulk&step=3" for a sandbox world.
// Whatever cannot be read is left at its default and named in problems, so a
// malformed link still opens a sane page and says what was wrong.
func ParseFragment(frag string) (State, []string) { return ParseFragmentIn(frag, "en") }

// ParseFragmentIn is ParseFragment with its problems said in the link's language, else
// in lang.
func ParseFragmentIn(frag, lang string) (State, []string) {
	s := State{Step: -1}
	var notes []func(lang string) string
	note := func(key string, args ...any) {
		notes = append(notes, func(lang string) string { return T(lang, key, args...) })
	}
	q, err := url.ParseQuery(strings.TrimPrefix(frag, "#"))
	if err != nil {
		return s, []string{T(lang, "link.malformed", err)}
	}
	for key, values := range q {
		if !slices.Contains([]string{"lesson", "world", "step", "model", "fault", "lang", "demo", "answer", "own", "scenario"}, key) {
			note("link.unknown", key)
		}
		_ = values
	}
	s.Lesson, s.World = q.Get("lesson"), q.Get("world")
	if v := q.Get("step"); v != "" {
		switch n, err := strconv.Atoi(v); {
		case err != nil:
			note("link.step", v)
		case n < -1:
			note("link.step.before", v)
		default:
			s.Step = n
		}
	}
	switch m := scenario.Model(q.Get("model")); m {
	case "", scenario.EndToEnd, scenario.StoreAndForward:
		s.Model = m
	default:
		note("link.model", m)
	}
	for _, spec := range q["fault"] {
		f, err := fault.Parse(spec)
		if err != nil {
			notes = append(notes, func(lang string) string { return T(lang, "link.fault", spec, Say(lang, err)) })
			continue
		}
		s.Faults = append(s.Faults, f)
	}
	if l := q.Get("lang"); l != "" {
		if slices.Contains(lessons.Languages, l) {
			s.Lang = l
		} else {
			note("link.lang", l)
		}
	}
	switch v := q.Get("demo"); v {
	case "":
	case "1", "true", "yes":
		s.Demo = true
	case "0", "false", "no":
	default:
		note("link.demo", v)
	}
	for _, v := range q["answer"] {
		cp, option, ok := strings.Cut(v, ":")
		if !ok || cp == "" || option == "" {
			note("link.answer", v)
			continue
		}
		if s.Answers == nil {
			s.Answers = map[string]string{}
		}
		if _, twice := s.Answers[cp]; !twice { // the first answer counts, as on the page
			s.Answers[cp] = option
		}
	}
	s.Own = q.Get("own")
	if v := q.Get("scenario"); v != "" {
		if !ownPackedReadable(v) || s.Own == "" {
			note("link.scenario")
		} else {
			s.OwnPacked = v
		}
	}
	if s.Lang != "" {
		lang = s.Lang
	}
	problems := make([]string, len(notes))
	for i, n := range notes {
		problems[i] = n(lang)
	}
	return s, problems
}

// Fragment writes the state as a URL fragment (without "#"), in a fixed order so
// equal states give equal links.
func (s State) Fragment() string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"="+url.QueryEscape(v)) }
	if s.Lesson != "" {
		add("lesson", s.Lesson)
	}
	if s.World != "" {
		add("world", s.World)
	}
	if s.Step >= 0 {
		add("step", strconv.Itoa(s.Step))
	}
	if s.Model != "" {
		add("model", string(s.Model))
	}
	for _, f := range s.Faults {
		add("fault", f.String())
	}
	if s.Lang != "" {
		add("lang", s.Lang)
	}
	if s.Demo {
		add("demo", "1")
	}
	for _, cp := range slices.Sorted(maps.Keys(s.Answers)) {
		add("answer", cp+":"+s.Answers[cp])
	}
	if s.Own != "" {
		add("own", s.Own)
	}
	if s.OwnPacked != "" {
		add("scenario", s.OwnPacked)
	}
	return strings.Join(parts, "&")
}
