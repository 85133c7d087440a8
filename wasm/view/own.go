package view

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"time"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/budget"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
)

// LoadOwn opens files a teacher picked: lesson.yaml with en.md and/or de.md, or one
// scenario file. Problems come back in the FILE:LINE:COL form of smtpsim validate.
func LoadOwn(files map[string][]byte, lang string) (*Page, []string) {
	// A file past the budget is refused before anything is parsed.
	var big []string
	for name, data := range files {
		if len(data) > budget.FileBytes {
			big = append(big, TooLargeIn(lang, name, len(data)))
		}
	}
	if len(big) > 0 {
		slices.Sort(big)
		return nil, big
	}
	if _, ok := files["lesson.yaml"]; ok {
		l, err := lessonfile.Load(picked(files), ".", "")
		if err == nil {
			err = lessonfile.Check(l)
		}
		if err != nil {
			return nil, problemLines(lang, err)
		}
		p := OpenLesson(l, lang)
		p.own, p.Own = files, "lesson.yaml"
		return p, nil
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
			continue
		}
		sc, err := scenariofile.Parse(name, data)
		if err != nil {
			return nil, problemLines(lang, err)
		}
		p := &Page{Scenario: *sc, own: map[string][]byte{name: data}}
		p.State = State{Lesson: "", Step: -1, Model: sc.Model, Lang: lang, Answers: map[string]string{}, Own: name, OwnPacked: PackOwn(data)}
		p.rerun()
		return p, nil
	}
	return nil, []string{T(lang, "own.choose")}
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

// problemLines is the problems of a file one a line, said in lang: the place stays
// FILE:LINE:COL, what is wrong is in the page's language.
func problemLines(lang string, err error) []string {
	var list lessons.ErrorList
	if errors.As(err, &list) {
		out := make([]string, len(list))
		for i, e := range list {
			out[i] = strings.TrimPrefix(e.In(lang), "/")
		}
		return out
	}
	return strings.Split(Say(lang, err), "\n")
}

// picked is the files a teacher picked, by name, as a folder: just what lessonfile.Load
// reads (fs.ReadFile of a name in it).
type picked map[string][]byte

// Open opens a picked file; there are no folders in it.
func (p picked) Open(name string) (fs.File, error) {
	data, ok := p[name]
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &pickedFile{info: pickedInfo{name: name, size: int64(len(data))}, Reader: bytes.NewReader(data)}, nil
}

// pickedFile is an open picked file.
type pickedFile struct {
	info pickedInfo
	*bytes.Reader
}

func (f *pickedFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *pickedFile) Close() error               { return nil }

// pickedInfo describes a picked file: a name and a size, nothing else is known.
type pickedInfo struct {
	name string
	size int64
}

func (i pickedInfo) Name() string       { return i.name }
func (i pickedInfo) Size() int64        { return i.size }
func (i pickedInfo) Mode() fs.FileMode  { return 0o444 }
func (i pickedInfo) ModTime() time.Time { return time.Time{} }
func (i pickedInfo) IsDir() bool        { return false }
func (i pickedInfo) Sys() any           { return nil }
