package site

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"smtpsim/internal/contenthash"

	"github.com/andybalholm/brotli"

	"smtpsim/internal/smallbrotli"
)

// markerName is the file Build leaves in the folder it makes: the map from source names to
// deployed names, and the sign that Build may replace the folder next time. The server
// never serves it (dot files are not found).
const markerName = ".smtpsim-site.json"

// marker is the content of the marker file.
type marker struct {
	BrotliQuality int               `json:"brotli_quality"`
	Files         map[string]string `json:"files"` // source name → deployed name
}

// BestBrotli is the Brotli quality for a site that is deployed: the smallest files, at
// about 3 s per megabyte of WebAssembly to make them. Quality 5 takes a hundredth of that
// and its files are about a fifth larger, which is fine on one's own machine.
const BestBrotli = brotli.BestCompression

// File is one file of a built site.
type File struct {
	Source string // name in the web folder, e.g. "main.wasm"
	Name   string // name in the built folder, e.g. "main.3f2a9c1d07be.wasm"
	Size   int64  // octets of the file as deployed (after its references were rewritten)
	Brotli int64  // octets of Name+".br", 0 if there is none (it would not be smaller)
	Gzip   int64  // octets of Name+".gz", 0 if there is none
}

// Build makes the deployable folder out from the web folder in:
//   - every file except pages (*.html), favicon.ico and robots.txt is renamed to carry the
//     first 12 hex digits of the SHA-256 of its content: main.wasm → main.3f2a9c1d07be.wasm
//     (a name that carries them already is kept);
//   - in pages, style sheets, scripts, JSON and SVG, every quoted string or CSS url(...)
//     that names another file of the folder (relative to the referring file, or from the
//     root with a leading "/"; a ?query or #fragment is kept) is rewritten to the hashed
//     name; a file's hash covers its rewritten content, so a change anywhere renames every
//     file that leads to it;
//   - every file gets a Brotli (.br, at brotliQuality from 0 to 11) and a gzip (.gz, at
//     its best) sibling wherever they are smaller; siblings of a file that has not changed
//     since the last build (at the same quality) are taken from there.
//
// Dot files, and .br and .gz files already in the web folder, are left out. The same input
// gives the same output, byte for byte. out is replaced as a whole, but only if it is
// empty or was made by Build: another folder is never deleted.
func Build(in, out string, brotliQuality int) ([]File, error) {
	if brotliQuality < brotli.BestSpeed || brotliQuality > brotli.BestCompression {
		return nil, fmt.Errorf("brotli quality %d is out of range (expected 0 to 11)", brotliQuality)
	}
	absIn, err := filepath.Abs(in)
	if err != nil {
		return nil, err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if within(absOut, absIn) || within(absIn, absOut) {
		return nil, fmt.Errorf("the output folder %s and the web folder %s must not contain each other", out, in)
	}
	previous, err := previousBuild(absOut)
	if err != nil {
		return nil, err
	}
	if previous != nil && previous.BrotliQuality != brotliQuality {
		previous = nil // its .br files are of another quality
	}
	sources, err := readSources(in)
	if err != nil {
		return nil, err
	}
	if _, ok := sources["index.html"]; !ok {
		return nil, fmt.Errorf("%s has no index.html", in)
	}
	names, contents, err := hashNames(sources)
	if err != nil {
		return nil, err
	}

	tmp, err := os.MkdirTemp(filepath.Dir(absOut), "."+filepath.Base(absOut)+"-build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // a no-op once it has become out
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	reuse := ""
	if previous != nil {
		reuse = absOut
	}
	files, err := writeFiles(tmp, reuse, names, contents, brotliQuality)
	if err != nil {
		return nil, err
	}
	m, err := json.MarshalIndent(marker{BrotliQuality: brotliQuality, Files: names}, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, markerName), append(m, '\n'), 0o644); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(absOut); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, absOut); err != nil {
		return nil, err
	}
	return files, nil
}

// carriesHash reports whether a file's name already carries the hash of its content as
// Build writes it ("hello.3f2a9c1d07be.json"): named so ahead by another step (make
// wasm names the course's files so that the page finds them in the unbuilt folder
// too), it keeps its name.
func carriesHash(name string, content []byte) bool {
	if !IsHashed(name) {
		return false
	}
	stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
	return stem[strings.LastIndexByte(stem, '.')+1:] == contenthash.Of(content)
}

// within reports whether dir is base or lies inside it.
func within(dir, base string) bool {
	rel, err := filepath.Rel(base, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// previousBuild reads the marker of an earlier build in out, or returns nil when out is
// missing or empty. Any other folder is an error: Build must not delete what it did not make.
func previousBuild(out string) (*marker, error) {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(out, markerName))
	if err != nil {
		return nil, fmt.Errorf("%s is not empty and was not made by smtpsim site (no %s); remove it or choose another --out", out, markerName)
	}
	var m marker
	if json.Unmarshal(data, &m) != nil {
		return &marker{BrotliQuality: -1}, nil // made by Build, but nothing to take over
	}
	return &m, nil
}

// readSources reads the files of the web folder through os.Root, so that a symbolic link
// cannot pull in a file from outside.
func readSources(in string) (map[string][]byte, error) {
	root, err := os.OpenRoot(in)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	fsys := root.FS()
	sources := map[string][]byte{}
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			return nil
		}
		info, err := fs.Stat(fsys, name) // follows a link that stays inside
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(in, name), err)
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sources[name] = data
		return nil
	})
	return sources, err
}

// textExts are the kinds of file whose references Build rewrites.
var textExts = map[string]bool{
	".html": true, ".htm": true, ".css": true, ".js": true, ".mjs": true,
	".json": true, ".webmanifest": true, ".svg": true,
}

// refPattern finds what may be a reference in a text file: a quoted string without blanks
// or angle brackets, or the argument of CSS url() without quotes.
var refPattern = regexp.MustCompile("\"([^\"<>\\s]+)\"|'([^'<>\\s]+)'|`([^`<>\\s$]+)`|url\\(\\s*([^\"'()\\s]+)\\s*\\)")

// A reference is a place in a text file that names another file of the site.
type reference struct {
	start, end int    // the file name within the string (the last path element)
	target     string // the file it names, as a name in the web folder
}

// references lists the places in the content of file name that refer to other files of
// the site that will be renamed.
func references(name string, content []byte, renamed func(string) bool) []reference {
	if !textExts[strings.ToLower(path.Ext(name))] {
		return nil
	}
	var refs []reference
	for _, m := range refPattern.FindAllSubmatchIndex(content, -1) {
		start, end := -1, -1
		for g := 1; g*2 < len(m); g++ {
			if m[2*g] >= 0 {
				start, end = m[2*g], m[2*g+1]
				break
			}
		}
		value := string(content[start:end])
		if i := strings.IndexAny(value, "?#"); i >= 0 {
			value, end = value[:i], start+i
		}
		if value == "" || strings.Contains(value, ":") || strings.HasPrefix(value, "//") {
			continue // an absolute URL, data:, or a fragment alone
		}
		var target string
		if strings.HasPrefix(value, "/") {
			target = path.Clean(value[1:])
		} else {
			target = path.Join(path.Dir(name), value)
		}
		if target == name || !renamed(target) {
			continue
		}
		refs = append(refs, reference{start: end - len(path.Base(value)), end: end, target: target})
	}
	return refs
}

// hashNames decides the deployed name of every file and rewrites the references between
// them. A file is named after all the files it refers to, so that its hash covers their
// names; files that refer to each other in a circle cannot be named and are an error.
func hashNames(sources map[string][]byte) (names map[string]string, contents map[string][]byte, err error) {
	names = map[string]string{}
	contents = map[string][]byte{}
	renamed := func(name string) bool {
		_, ok := sources[name]
		return ok && !keepsName(name)
	}
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var visit func(name string, chain []string) error
	visit = func(name string, chain []string) error {
		switch state[name] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("files refer to each other in a circle (%s → %s), so none of them can be named after its content", strings.Join(chain, " → "), name)
		}
		state[name] = visiting
		content := sources[name]
		refs := references(name, content, renamed)
		var out bytes.Buffer
		last := 0
		for _, ref := range refs {
			if err := visit(ref.target, append(chain[:len(chain):len(chain)], name)); err != nil {
				return err
			}
			out.Write(content[last:ref.start])
			out.WriteString(path.Base(names[ref.target]))
			last = ref.end
		}
		out.Write(content[last:])
		contents[name] = out.Bytes()
		names[name] = name
		if !keepsName(name) && !carriesHash(name, contents[name]) {
			ext := path.Ext(name)
			names[name] = strings.TrimSuffix(name, ext) + "." + contenthash.Of(contents[name]) + ext
		}
		state[name] = done
		return nil
	}
	sorted := make([]string, 0, len(sources))
	for name := range sources {
		sorted = append(sorted, name)
	}
	sort.Strings(sorted)
	for _, name := range sorted {
		if err := visit(name, nil); err != nil {
			return nil, nil, err
		}
	}
	return names, contents, nil
}

// writeFiles writes every file and its compressed siblings below dir. Brotli at its best
// quality takes many seconds for a large WebAssembly program, so the files are compressed
// in parallel, and a sibling in the previous build of a file with the same name and the
// same content is taken over rather than made again (a hashed name makes that the rule).
func writeFiles(dir, previous string, names map[string]string, contents map[string][]byte, brotliQuality int) ([]File, error) {
	files := make([]File, 0, len(names))
	for source, name := range names {
		files = append(files, File{Source: source, Name: name, Size: int64(len(contents[source]))})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	errs := make([]error, 2*len(files))
	var wg sync.WaitGroup
	for i := range files {
		f := &files[i]
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return nil, err
		}
		data := contents[f.Source]
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return nil, err
		}
		old := filepath.Join(previous, filepath.FromSlash(f.Name))
		same := previous != "" && sameContent(old, data)
		wg.Add(2)
		go func() {
			defer wg.Done()
			f.Brotli, errs[2*i] = writeSibling(target+".br", data, brotliCompressor(brotliQuality), same, old+".br")
		}()
		go func() {
			defer wg.Done()
			f.Gzip, errs[2*i+1] = writeSibling(target+".gz", data, compressGzip, same, old+".gz")
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return files, nil
}

// sameContent reports whether the file name holds exactly data.
func sameContent(name string, data []byte) bool {
	info, err := os.Stat(name)
	if err != nil || info.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(name)
	return err == nil && bytes.Equal(old, data)
}

// writeSibling writes the compressed data to name if that saves something, and returns
// its size, or 0 when nothing was written. When reuse is set, the sibling of the previous
// build (old) was made from the same data and is copied if it is there.
func writeSibling(name string, data []byte, compress func([]byte) ([]byte, error), reuse bool, old string) (int64, error) {
	var packed []byte
	if reuse {
		packed, _ = os.ReadFile(old)
	}
	if len(packed) == 0 {
		var err error
		if packed, err = compress(data); err != nil {
			return 0, fmt.Errorf("compress %s: %w", name, err)
		}
	}
	if len(packed) >= len(data) {
		return 0, nil
	}
	return int64(len(packed)), os.WriteFile(name, packed, 0o644)
}

// brotliCompressor compresses at quality in the window that gives the fewest octets
// (smallbrotli).
func brotliCompressor(quality int) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) { return smallbrotli.Compress(data, quality) }
}

func compressGzip(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	// No name and no time in the header, so that the same file always gives the same bytes.
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
