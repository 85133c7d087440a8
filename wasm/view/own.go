package view

import (
	"errors"
	"strings"
	"testing/fstest"

	"smtpsim/lessons"
	"smtpsim/sim/scenario"
)

// LoadOwn opens files a teacher picked: lesson.yaml with en.md and/or de.md, or one
// scenario file. Problems come back in the FILE:LINE:COL form of smtpsim validate.
func LoadOwn(files map[string][]byte, lang string) (*Page, []string) {
	if _, ok := files["lesson.yaml"]; ok {
		fsys := fstest.MapFS{}
		for name, data := range files {
			fsys[name] = &fstest.MapFile{Data: data}
		}
		l, err := lessons.Load(fsys, ".", "")
		if err == nil {
			err = lessons.Check(l)
		}
		if err != nil {
			return nil, problemLines(err)
		}
		return OpenLesson(l, lang), nil
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
			continue
		}
		sc, err := scenario.Parse(name, data)
		if err != nil {
			return nil, problemLines(err)
		}
		p := &Page{Scenario: *sc, Answers: map[string]string{}}
		p.State = State{Lesson: "", Step: -1, Model: sc.Model, Lang: lang}
		p.rerun()
		return p, nil
	}
	return nil, []string{"choose lesson.yaml with en.md or de.md, or a scenario .yaml file"}
}

func problemLines(err error) []string {
	var list lessons.ErrorList
	if errors.As(err, &list) {
		out := make([]string, len(list))
		for i, e := range list {
			out[i] = strings.TrimPrefix(e.Error(), "/")
		}
		return out
	}
	return strings.Split(err.Error(), "\n")
}
