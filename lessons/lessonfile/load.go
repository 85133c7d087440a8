// Package lessonfile reads lesson files — lesson.yaml and a Markdown text per
// language — into a lessons.Lesson, says what is wrong with them as FILE:LINE:COL:
// what is wrong (what was expected), and checks a lesson against its runs (Check). It
// compiles the built-in course for the page (Compile, go generate ./lessons) and a
// teacher's own files for the page's authoring module (CompileOwn); the page's own
// module links neither it nor the YAML and Markdown libraries under it.
package lessonfile

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"smtpsim/lessons"
	"smtpsim/sim/budget"
	"smtpsim/sim/scenario"
	"smtpsim/sim/world"
	"smtpsim/sim/yamlfile"
)

// Load reads a lesson folder: lesson.yaml and one Markdown file per language
// (en.md, de.md). shown is the folder's name in messages. Only the languages present
// are loaded; Course requires all of them.
func Load(fsys fs.FS, dir, shown string) (*lessons.Lesson, error) {
	var errs lessons.ErrorList
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
	l.Texts = map[string]*lessons.Text{}
	for _, lang := range lessons.Languages {
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

func appendErrs(errs *lessons.ErrorList, err error) {
	if err == nil {
		return
	}
	var list lessons.ErrorList
	if errors.As(err, &list) {
		*errs = append(*errs, list...)
		return
	}
	errs.Add("", yamlfile.Pos{}, "%v", err)
}

// Course loads the built-in lessons, in order. Each must have every language. With an
// error it still returns the lessons that loaded, so one broken lesson hides only itself.
func Course() ([]*lessons.Lesson, error) {
	entries, err := fs.ReadDir(lessons.Sources, "course")
	if err != nil {
		return nil, err
	}
	var out []*lessons.Lesson
	var errs lessons.ErrorList
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := path.Join("course", e.Name())
		l, err := Load(lessons.Sources, dir, "lessons/"+dir)
		appendErrs(&errs, err)
		if l == nil || l.World == nil {
			continue
		}
		for _, lang := range lessons.Languages {
			if _, ok := l.Texts[lang]; !ok {
				errs.Add("lessons/"+dir+"/"+lang+".md", fileStart, "missing: every built-in lesson is written in %s", strings.Join(lessons.Languages, " and "))
			}
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b *lessons.Lesson) int { return a.Order - b.Order })
	return out, errs.Err()
}

// Find parses the built-in lesson with the given id from its files; it is found even
// when another lesson of the course is broken. A lesson of the index is parsed alone.
func Find(id string) (*lessons.Lesson, error) {
	for _, e := range lessons.Index() {
		if e.ID != id {
			continue
		}
		l, err := Load(lessons.Sources, e.Dir, path.Join("lessons", e.Dir))
		if l == nil || l.World == nil || l.ID != id {
			if err == nil {
				err = fmt.Errorf("%s is lesson %q: run go generate ./lessons", e.Dir, l.ID)
			}
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
func Check(l *lessons.Lesson) error {
	var errs lessons.ErrorList
	if l.World == nil {
		return nil
	}
	for _, model := range l.Models {
		sc := *l.World
		sc.Model = model
		tr, err := world.RunChecked(sc, budget.Default)
		if err != nil {
			// A world past its budget cannot be a lesson; what follows would only guess.
			errs.Add(l.File, fileStart, "world (%s): %v", model, err)
			continue
		}
		last, lastID := -1, ""
		for _, s := range l.Steps {
			i := s.At.Find(tr)
			switch {
			case i < 0:
				errs.Add(l.File, s.Place, "step %s (%s): no event %q in the trace", s.ID, model, s.At)
			case i <= last:
				errs.Add(l.File, s.Place, "step %s (%s): its event #%d comes before step %s's #%d (steps must follow the trace)", s.ID, model, i+1, lastID, last+1)
			default:
				last, lastID = i, s.ID
			}
		}
		for _, c := range l.Checkpoints {
			i := c.Before.Find(tr)
			if i < 0 {
				errs.Add(l.File, c.Place, "checkpoint %s (%s): no event %q in the trace", c.ID, model, c.Before)
				continue
			}
			e := tr.At(i)
			for _, o := range c.Options {
				holds := lessons.Holds(o.Claim, e)
				switch {
				case o.ID == c.Answer && !holds:
					errs.Add(l.File, o.Place, "checkpoint %s (%s): the answer %s is false: the event is %q", c.ID, model, o.ID, tr.Describe(e))
				case o.ID != c.Answer && holds:
					errs.Add(l.File, o.Place, "checkpoint %s (%s): option %s is true too: %q", c.ID, model, o.ID, tr.Describe(e))
				}
			}
		}
		for _, lang := range lessons.Languages {
			t := l.Texts[lang]
			if t == nil {
				continue
			}
			for _, p := range t.Placeholders {
				if _, err := p.Value(tr, lang); err != nil {
					errs.Add(t.File, p.Place, "placeholder %s (%s): %v", p.Source, model, err)
				}
			}
		}
		if l.Try.Fault.Kind != "" {
			withFault := world.Run(sc, l.Try.Fault)
			switch {
			case l.Try.Expect.Find(withFault) < 0:
				errs.Add(l.File, l.Try.Place, "try (%s): with %s there is no event %q", model, l.Try.Fault, l.Try.Expect)
			case l.Try.Expect.Find(tr) >= 0:
				errs.Add(l.File, l.Try.Place, "try (%s): %q happens without the fault too, so it shows nothing new", model, l.Try.Expect)
			}
		}
	}
	return errs.Err()
}
