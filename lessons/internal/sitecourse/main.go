// Command sitecourse puts the compiled course (lessons/compiled, and each language's
// part of the catalog of explanations, lessons/catalog/compiled.LANG.json) into the
// web folder,
// each file under the name the page asks for (lessons.SitePath: its content's hash in
// the name, as smtpsim site names files, which keeps a name that carries its hash), so
// that the page finds its lessons in the unbuilt folder and in the built site alike.
// Beside them it writes the page's words in each language but English
// (course/phrases.LANG.txt, view.PhrasesFile), which the page's module does not
// carry: the loader names that file (web/loader.js), and smtpsim site gives it its hash
// and rewrites the loader's name for it.
// make wasm runs it from the repository's root:
//
//	go run ./lessons/internal/sitecourse web
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"smtpsim/internal/contenthash"
	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sitecourse WEB-FOLDER")
		os.Exit(2)
	}
	err := copyCourse(filepath.Join("lessons", "compiled"), os.Args[1])
	for _, lang := range lessons.Languages {
		if err == nil {
			name := lessons.CatalogFile(lang)
			err = copyFile(filepath.FromSlash(lessons.CompiledPath(name)), name, os.Args[1])
		}
	}
	for _, lang := range lessons.Languages {
		if name := view.PhrasesFile(lang); err == nil && name != "" {
			err = writePhrases(lang, name, os.Args[1])
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitecourse:", err)
		os.Exit(1)
	}
}

func copyCourse(compiled, web string) error {
	if err := os.RemoveAll(filepath.Join(web, lessons.SiteDir)); err != nil {
		return err
	}
	return filepath.WalkDir(compiled, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(compiled, p)
		if err != nil {
			return err
		}
		return copyFile(p, filepath.ToSlash(rel), web)
	})
}

// copyFile copies the compiled file p, the course's file name, to where the site
// serves it in the web folder.
func copyFile(p, name, web string) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	site, ok := lessons.SitePath(name)
	if !ok || !strings.HasSuffix(site, "."+contenthash.Of(data)+path.Ext(name)) {
		return fmt.Errorf("%s does not match the compiled index: run go generate ./lessons ./lessons/catalog (make generate)", p)
	}
	target := filepath.Join(web, filepath.FromSlash(site))
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.WriteFile(target, data, 0o644)
}

// writePhrases writes the page's words in lang to the file name in the web folder's
// SiteDir, where the loader fetches it.
func writePhrases(lang, name, web string) error {
	data, err := view.PhrasesText(lang)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(web, lessons.SiteDir, name), data, 0o644)
}
