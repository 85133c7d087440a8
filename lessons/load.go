package lessons

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"smtpsim/sim/budget"
	"smtpsim/sim/scenario"
	"smtpsim/sim/world"
	"smtpsim/sim/yamlfile"
)

// Languages the course is written in.
var Languages = []string{"en", "de"}

// Load reads a lesson folder: lesson.yaml and one Markdown file per language
// (en.md, de.md). shown is the folder's name in messages. Only the languages present
// are loaded; Course requires all of them.
func Load(fsys fs.FS, dir, shown string) (*Lesson, error) {
	var errs ErrorList
	dataFile := path.Join(shown, "lesson.yaml")
	src, err := scenario.ReadFile(fsys, path.Join(dir, "lesson.yaml"))
	if err != nil {
		errs.Add(dataFile, fileStart, "cannot read lesson data: %v", err)
		return nil, errs
	}
	if len(src) > budget.FileBytes {
		errs.Add(dataFile, fileStart, "%s", scenario.TooLarge(len(src)))
		return nil, errs
	}
	l, err := parseData(dataFile, src)
	appendErrs(&errs, err)
	if l == nil {
		return nil, errs
	}
	l.Dir = shown
	l.Texts = map[string]*Text{}
	for _, lang := range Languages {
		file := path.Join(shown, lang+".md")
		src, err := scenario.ReadFile(fsys, path.Join(dir, lang+".md"))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs.Add(file, fileStart, "cannot read: %v", err)
			continue
		}
		if len(src) > budget.FileBytes {
			errs.Add(file, fileStart, "%s", scenario.TooLarge(len(src)))
			continue
		}
		t, err := parseText(file, lang, src, l)
		appendErrs(&errs, err)
		l.Texts[lang] = t
	}
	if len(l.Texts) == 0 {
		errs.Add(dataFile, fileStart, "no text: add en.md or de.md beside lesson.yaml")
	}
	return l, errs.Err()
}

func appendErrs(errs *ErrorList, err error) {
	if err == nil {
		return
	}
	var list ErrorList
	if errors.As(err, &list) {
		*errs = append(*errs, list...)
		return
	}
	errs.Add("", yamlfile.Pos{}, "%v", err)
}

// Course loads the built-in lessons, in order. Each must have every language. With an
// error it still returns the lessons that loaded, so one broken lesson hides only itself.
func Course() ([]*Lesson, error) {
	entries, err := fs.ReadDir(files, "course")
	if err != nil {
		return nil, err
	}
	var out []*Lesson
	var errs ErrorList
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := path.Join("course", e.Name())
		l, err := Load(files, dir, "lessons/"+dir)
		appendErrs(&errs, err)
		if l == nil || l.World == nil {
			continue
		}
		for _, lang := range Languages {
			if _, ok := l.Texts[lang]; !ok {
				errs.Add("lessons/"+dir+"/"+lang+".md", fileStart, "missing: every built-in lesson is written in %s", strings.Join(Languages, " and "))
			}
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b *Lesson) int { return a.Order - b.Order })
	return out, errs.Err()
}

// Find returns the built-in lesson with the given id; it is found even when another
// lesson of the course is broken. A lesson of the index is loaded alone.
func Find(id string) (*Lesson, error) {
	if l, listed, err := find(id); listed {
		if l == nil {
			return nil, fmt.Errorf("no lesson %q: %w", id, err)
		}
		return l, nil
	}
	course, err := Course()
	for _, l := range course {
		if l.ID == id && l.World != nil {
			return l, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("no lesson %q: %w", id, err)
	}
	return nil, fmt.Errorf("no lesson %q", id)
}

// Check runs the lesson in each of its models and checks that the narration and the
// checkpoints agree with what the simulator does: every anchor is found, steps come
// in order, each checkpoint's answer is true of its event and every other option false,
// every placeholder of the text has a value, and the "try it yourself" fault makes the
// promised event happen.
func Check(l *Lesson) error {
	var errs ErrorList
	if l.World == nil {
		return nil
	}
	for _, model := range l.Models {
		sc := *l.World
		sc.Model = model
		tr, err := world.RunChecked(sc, budget.Default)
		if err != nil {
			// A world past its budget cannot be a lesson; what follows would only guess.
			errs.Add(l.file, fileStart, "world (%s): %v", model, err)
			continue
		}
		last, lastID := -1, ""
		for _, s := range l.Steps {
			i := s.At.Find(tr)
			switch {
			case i < 0:
				errs.Add(l.file, s.pos, "step %s (%s): no event %q in the trace", s.ID, model, s.At)
			case i <= last:
				errs.Add(l.file, s.pos, "step %s (%s): its event #%d comes before step %s's #%d (steps must follow the trace)", s.ID, model, i+1, lastID, last+1)
			default:
				last, lastID = i, s.ID
			}
		}
		for _, c := range l.Checkpoints {
			i := c.Before.Find(tr)
			if i < 0 {
				errs.Add(l.file, c.pos, "checkpoint %s (%s): no event %q in the trace", c.ID, model, c.Before)
				continue
			}
			e := tr.At(i)
			for _, o := range c.Options {
				holds := Holds(o.Claim, e)
				switch {
				case o.ID == c.Answer && !holds:
					errs.Add(l.file, o.pos, "checkpoint %s (%s): the answer %s is false: the event is %q", c.ID, model, o.ID, tr.Describe(e))
				case o.ID != c.Answer && holds:
					errs.Add(l.file, o.pos, "checkpoint %s (%s): option %s is true too: %q", c.ID, model, o.ID, tr.Describe(e))
				}
			}
		}
		for _, lang := range Languages {
			t := l.Texts[lang]
			if t == nil {
				continue
			}
			for _, p := range t.Placeholders {
				if _, err := p.Value(tr, lang); err != nil {
					errs.Add(t.File, p.pos, "placeholder %s (%s): %v", p.Source, model, err)
				}
			}
		}
		if l.Try.Fault.Kind != "" {
			withFault := world.Run(sc, l.Try.Fault)
			switch {
			case l.Try.Expect.Find(withFault) < 0:
				errs.Add(l.file, l.Try.pos, "try (%s): with %s there is no event %q", model, l.Try.Fault, l.Try.Expect)
			case l.Try.Expect.Find(tr) >= 0:
				errs.Add(l.file, l.Try.pos, "try (%s): %q happens without the fault too, so it shows nothing new", model, l.Try.Expect)
			}
		}
	}
	return errs.Err()
}

// IsLessonFile reports whether a path names a lesson file rather than a scenario.
func IsLessonFile(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	return base == "lesson.yaml" || strings.HasSuffix(base, ".md")
}

// ScenarioOf returns a copy of the lesson's world in the given model ("" keeps it).
func (l *Lesson) ScenarioOf(model scenario.Model) scenario.Scenario {
	sc := *l.World
	if model != "" {
		sc.Model = model
	}
	return sc
}
