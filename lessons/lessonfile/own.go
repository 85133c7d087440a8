package lessonfile

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"smtpsim/lessons"
	"smtpsim/sim/scenariofile"
)

// CompileOwn compiles files a teacher picked — lesson.yaml with en.md and/or de.md, or
// one scenario file — for the page: parsed, and a lesson checked against its runs. The
// problems are in the FILE:LINE:COL form of smtpsim validate, what is wrong said in
// lang. Files that are neither come back with no kind and no problems.
func CompileOwn(files map[string][]byte, lang string) lessons.Own {
	if _, ok := files["lesson.yaml"]; ok {
		own := lessons.Own{Kind: lessons.OwnLesson, Name: "lesson.yaml"}
		l, err := Load(picked(files), ".", "")
		if err == nil {
			err = Check(l)
		}
		if err == nil {
			own.Data, err = lessons.Encode(l)
		}
		if err != nil {
			return lessons.Own{Problems: problemLines(lang, err)}
		}
		return own
	}
	for _, name := range slices.Sorted(maps.Keys(files)) { // the first by name, the same every time
		if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
			continue
		}
		data := files[name]
		own := lessons.Own{Kind: lessons.OwnScenario, Name: name}
		sc, err := scenariofile.Parse(name, data)
		if err == nil {
			own.Data, err = lessons.EncodeWorld(sc)
		}
		if err != nil {
			return lessons.Own{Problems: problemLines(lang, err)}
		}
		return own
	}
	return lessons.Own{}
}

// problemLines is the problems of a file one a line, said in lang: the place stays
// FILE:LINE:COL, what is wrong is in lang.
func problemLines(lang string, err error) []string {
	var list lessons.ErrorList
	if errors.As(err, &list) {
		out := make([]string, len(list))
		for i, e := range list {
			out[i] = strings.TrimPrefix(e.In(lang), "/")
		}
		return out
	}
	return strings.Split(err.Error(), "\n")
}

// picked is the files a teacher picked, by name, as a folder: just what Load reads
// (fs.ReadFile of a name in it).
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
