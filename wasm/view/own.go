package view

import (
	"slices"
	"strings"

	"smtpsim/lessons"
	"smtpsim/sim/budget"
	"smtpsim/sim/scenario"
)

// Compiler compiles a teacher's own files, or the scenario a link carries
// (ownfile.Compile). The page runs it in its authoring module, loaded only when own
// files are opened, so that the page's own module parses neither YAML nor Markdown,
// and packs and unpacks no scenario for a link.
type Compiler func(OwnRequest) Compiled

// OwnRequest is what the page asks its authoring module, as JSON (ownfile.Request):
// to compile the files a teacher picked, by name, or the scenario a link carries
// (Packed, named Name).
type OwnRequest struct {
	Lang   string            `json:"lang"`
	Files  map[string][]byte `json:"files,omitempty"`
	Name   string            `json:"name,omitempty"`
	Packed string            `json:"packed,omitempty"`
}

// Compiled is the authoring module's answer, as JSON (ownfile.Answer): the files
// compiled, with a scenario packed for a link (Packed, "" when too large for one); for
// the scenario a link carries, its file unpacked (File), or why the link's part cannot
// be read (Link).
type Compiled struct {
	lessons.Own
	Packed string `json:"packed,omitempty"`
	File   []byte `json:"file,omitempty"`
	Link   string `json:"link,omitempty"`
}

// LoadOwn opens files a teacher picked: lesson.yaml with en.md and/or de.md, or one
// scenario file, compiled by compile. Problems come back in the FILE:LINE:COL form of
// smtpsim validate.
func LoadOwn(files map[string][]byte, lang string, compile Compiler) (*Page, []string) {
	if problems := OwnProblems(files, lang); len(problems) > 0 {
		return nil, problems
	}
	if compile == nil {
		return nil, []string{T(lang, "own.author.missing")}
	}
	own := compile(OwnRequest{Lang: lang, Files: files})
	if len(own.Problems) > 0 {
		return nil, own.Problems
	}
	switch own.Kind {
	case lessons.OwnLesson:
		l, err := lessons.Decode(own.Data)
		if err != nil {
			return nil, []string{T(lang, "own.author.unreadable")}
		}
		p := OpenLesson(l, lang)
		p.own, p.Own = files, own.Name
		return p, nil
	case lessons.OwnScenario:
		sc, err := lessons.DecodeWorld(own.Data)
		if err != nil {
			return nil, []string{T(lang, "own.author.unreadable")}
		}
		data := files[own.Name]
		p := &Page{Scenario: *sc, own: map[string][]byte{own.Name: data}}
		p.State = State{Lesson: "", Step: -1, Model: sc.Model, Lang: lang, Answers: map[string]string{}, Own: own.Name, OwnPacked: own.Packed}
		p.rerun()
		return p, nil
	}
	return nil, []string{T(lang, "own.choose")}
}

// OwnProblems are the problems of files a teacher picked that need no compiling: a
// file past the budget, refused before anything is parsed, or files that are neither
// a lesson (lesson.yaml among them) nor a scenario file.
func OwnProblems(files map[string][]byte, lang string) []string {
	var big []string
	for name, data := range files {
		if len(data) > budget.FileBytes {
			big = append(big, TooLargeIn(lang, name, len(data)))
		}
	}
	if len(big) > 0 {
		slices.Sort(big)
		return big
	}
	for name := range files {
		if name == "lesson.yaml" || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
			return nil
		}
	}
	return []string{T(lang, "own.choose")}
}

// TooLarge is the problem of a picked file of size octets, more than budget.FileBytes,
// in the FILE:LINE:COL form: the page shows it without reading the file.
func TooLarge(name string, size int) string {
	return name + ":1:1: " + scenario.TooLarge(size).String()
}

// TooLargeIn is TooLarge in lang.
func TooLargeIn(lang, name string, size int) string {
	if lang == "en" {
		return TooLarge(name, size)
	}
	has := T(lang, "own.size", size)
	if size <= budget.FileBytes+1 {
		has = T(lang, "own.size.more", budget.FileBytes)
	}
	return name + ":1:1: " + T(lang, "own.too-large", has, budget.FileBytes)
}

// FileTooLarge reports whether a file of size octets is refused unread.
func FileTooLarge(size int) bool { return size > budget.FileBytes }
