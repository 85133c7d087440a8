package lessons

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"smtpsim/lessons/catalog"
)

// The compiled course is a file per lesson (LessonFile), per built-in scenario
// (WorldFile) and per language of the teacher's guide (GuideFile), and the catalog of
// explanations, one part per language (CatalogFile, package catalog). A native
// program has them embedded (files_embed.go); the web page's module does not carry
// them: the page fetches a lesson's file when the lesson opens, and the catalog's part
// of its language before it runs anything, and hands them in with Provide, so that
// its module stays small.

// LessonFile is the name of the compiled file of lesson id: "lesson/ID.json".
func LessonFile(id string) string { return "lesson/" + id + ".json" }

// WorldFile is the name of the compiled file of built-in scenario id: "world/ID.json".
func WorldFile(id string) string { return "world/" + id + ".json" }

// CatalogFile is the name among the course's files of the catalog of explanations'
// part in lang: "catalog.en.json". It is lessons/catalog/compiled.en.json
// (CompiledPath), and package catalog reads it.
func CatalogFile(lang string) string { return "catalog." + lang + ".json" }

// catalogLang is the language of the catalog's part that name names, ok false when
// name names none.
func catalogLang(name string) (lang string, ok bool) {
	for _, lang := range Languages {
		if name == CatalogFile(lang) {
			return lang, true
		}
	}
	return "", false
}

// CompiledPath is where in the repository a compiled file of the course is, with
// slashes: "lessons/compiled/lesson/hello.json", "lessons/catalog/compiled.en.json".
func CompiledPath(name string) string {
	if lang, ok := catalogLang(name); ok {
		return path.Join("lessons", "catalog", catalog.PartFile(lang))
	}
	return path.Join("lessons", "compiled", name)
}

// hashOf is the hash of a compiled file's content, as its name in the built site
// carries it; ok is false for a file the course lacks.
func hashOf(name string) (hash string, ok bool) {
	if lang, ok := catalogLang(name); ok {
		return catalog.Hash(lang)
	}
	return fileHashOf(name)
}

// fileHash is a compiled file's name and the hash of its content (index_gen.go).
type fileHash struct{ name, hash string }

// fileHashOf is the hash of a compiled file of the course, looked up in fileHashes; ok
// is false for a file the course lacks.
func fileHashOf(name string) (hash string, ok bool) {
	i, ok := slices.BinarySearchFunc(fileHashes, name, func(f fileHash, name string) int { return strings.Compare(f.name, name) })
	if !ok {
		return "", false
	}
	return fileHashes[i].hash, true
}

// SiteDir is the folder of the web app that holds the compiled files (make wasm copies
// lessons/compiled and the catalog there).
const SiteDir = "course"

// SitePath is where the built site (smtpsim site) serves a compiled file: in SiteDir,
// under its name with the first 12 hex digits of the SHA-256 of its content before the
// extension, as smtpsim site names every file: "course/lesson/hello.3f2a9c1d07be.json".
// The digits are compiled in (index_gen.go, and the catalog's lessons/catalog/hash_gen.go);
// ok is false for a file the course lacks.
func SitePath(name string) (p string, ok bool) {
	hash, ok := hashOf(name)
	if !ok {
		return "", false
	}
	ext := path.Ext(name)
	return path.Join(SiteDir, strings.TrimSuffix(name, ext)+"."+hash+ext), true
}

// ErrNotFetched is the error of a compiled file the page has not fetched yet.
var ErrNotFetched = errors.New("not fetched yet")

// provided holds the compiled files handed in (Provide), by name.
var provided sync.Map // name → []byte

// Provide hands in a compiled file of the course that the page fetched: name as
// LessonFile, WorldFile or GuideFile gives it, or CatalogFile, data its content. A file
// the course does not have, or one that does not decode, is an error and is not kept.
// A lesson is decoded now, and that decoded lesson is what the next Find of it
// returns; the catalog goes to package catalog.
func Provide(name string, data []byte) error {
	if lang, ok := catalogLang(name); ok {
		return catalog.Provide(lang, data)
	}
	if _, ok := fileHashOf(name); !ok {
		return fmt.Errorf("%s is no file of the course", name)
	}
	if strings.HasPrefix(name, "guide/") {
		if !utf8.Valid(data) || !bytes.HasPrefix(data, []byte("<h1>")) {
			return fmt.Errorf("%s is no rendered guide", name)
		}
		provided.Store(name, data)
		return nil
	}
	if id, ok := strings.CutPrefix(strings.TrimSuffix(name, ".json"), "lesson/"); ok {
		l, err := Decode(data)
		if err != nil {
			return err
		}
		if l.ID != id {
			return fmt.Errorf("%s holds lesson %q", name, l.ID)
		}
		provided.Store(name, data)
		preloaded.Store(id, l)
		return nil
	}
	if _, err := DecodeWorld(data); err != nil {
		return err
	}
	provided.Store(name, data)
	return nil
}

// Have reports whether a compiled file can be read now: embedded, or provided.
func Have(name string) bool {
	if lang, ok := catalogLang(name); ok {
		return catalog.Has(lang)
	}
	_, err := compiledFile(name)
	return err == nil
}

// compiledFile is the content of a compiled file: the one provided, else the one
// embedded.
func compiledFile(name string) ([]byte, error) {
	if data, ok := provided.Load(name); ok {
		return data.([]byte), nil
	}
	if _, ok := fileHashOf(name); !ok {
		return nil, fmt.Errorf("%s is no file of the course", name)
	}
	return embedded(name)
}

// notEmbedded is embedded in the web page's build: no compiled file is in the program.
func notEmbedded(name string) ([]byte, error) { return nil, fmt.Errorf("%s: %w", name, ErrNotFetched) }
