// Package ownfile answers the page's requests to the authoring module: it compiles a
// teacher's own files (lessonfile.CompileOwn), and packs a scenario file for a link
// and unpacks it from one. Packing needs compress/flate, which the page's own module
// does not link: a link that carries an own scenario needs this module anyway, to
// compile the scenario it carries.
package ownfile

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"fmt"
	"io"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/budget"
)

// LinkChars is the most characters a link spends on carrying an own scenario
// (deflated, then base64url); a larger scenario is named in links but not carried.
// The page checks a link's part against it too (view.OwnLinkChars).
const LinkChars = 2000

// Request is what the page asks for, as JSON: the files a teacher picked by name, or
// the scenario a link carries (Packed, its file's name in Name); and the language of
// problems.
type Request struct {
	Lang   string            `json:"lang"`
	Files  map[string][]byte `json:"files,omitempty"`
	Name   string            `json:"name,omitempty"`
	Packed string            `json:"packed,omitempty"`
}

// Answer is the module's answer, as JSON: the files compiled (lessons.Own), with a
// compiled scenario packed for a link. For a link's scenario it carries the file
// unpacked, which the page keeps as a picked one, or why the link's part cannot be
// read (Link), and then nothing else.
type Answer struct {
	lessons.Own
	Packed string `json:"packed,omitempty"` // Pack of the scenario file; "" for a lesson and for a scenario too large for a link
	File   []byte `json:"file,omitempty"`   // the scenario file a link carries, unpacked
	Link   string `json:"link,omitempty"`   // why the scenario a link carries cannot be read
}

// Compile answers a request: the link's scenario unpacked and compiled, or the files.
func Compile(req Request) Answer {
	var a Answer
	files := req.Files
	if req.Packed != "" {
		data, err := Unpack(req.Packed)
		if err != nil {
			return Answer{Link: err.Error()}
		}
		files, a.File = map[string][]byte{req.Name: data}, data
	}
	a.Own = lessonfile.CompileOwn(files, req.Lang)
	if a.Kind == lessons.OwnScenario {
		a.Packed = Pack(files[a.Name])
	}
	return a
}

// Pack is a scenario file packed for a link: deflated and base64url, or "" when that
// is longer than LinkChars.
func Pack(data []byte) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression) // the level is valid
	w.Write(data)                                      // a bytes.Buffer takes all
	w.Close()
	if base64.RawURLEncoding.EncodedLen(b.Len()) > LinkChars {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// Unpack reads a scenario packed by Pack; it refuses a link part longer than
// LinkChars, one that is not base64url or not a deflate stream, and content past
// budget.FileBytes.
func Unpack(packed string) ([]byte, error) {
	if len(packed) > LinkChars {
		return nil, fmt.Errorf("longer than %d characters", LinkChars)
	}
	z, err := base64.RawURLEncoding.DecodeString(packed)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), budget.FileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > budget.FileBytes {
		return nil, fmt.Errorf("more than %d octets", budget.FileBytes)
	}
	return data, nil
}
