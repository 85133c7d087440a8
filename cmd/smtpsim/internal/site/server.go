package site

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// Handler serves the files of fsys (open it with os.Root.FS, so that nothing outside the
// folder can be reached even through a symbolic link):
//   - "/" is index.html; other folders, dot files and paths that are not in clean form
//     ("..", "//", "/./") are not found, so there are no listings and no way out;
//   - the Content-Type comes from the file name, and browsers must not sniff it;
//   - a ".br" or ".gz" sibling is sent instead of the file, with Content-Encoding, when
//     the request's Accept-Encoding prefers it; such files get "Vary: Accept-Encoding";
//   - hashed names (see IsHashed) may be cached for a year, anything else is revalidated;
//   - every response, errors included, carries ContentSecurityPolicy, nosniff and
//     "Referrer-Policy: no-referrer";
//   - GET and HEAD only; conditional and range requests as in http.ServeContent.
func Handler(fsys fs.FS) http.Handler {
	return &handler{fsys: fsys}
}

type handler struct {
	fsys fs.FS
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", ContentSecurityPolicy)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		notFound(w)
		return
	}
	f, info, ok := h.open(name)
	if !ok {
		notFound(w)
		return
	}
	defer func() { f.Close() }()

	var available []string
	for _, e := range encodings {
		if _, err := fs.Stat(h.fsys, name+e.suffix); err == nil {
			available = append(available, e.name)
		}
	}
	hdr.Set("Content-Type", ContentType(name))
	if IsHashed(name) {
		hdr.Set("Cache-Control", cacheImmutable)
	} else {
		hdr.Set("Cache-Control", cacheRevalidate)
	}
	if len(available) > 0 {
		hdr.Add("Vary", "Accept-Encoding")
	}
	coding := negotiate(strings.Join(r.Header.Values("Accept-Encoding"), ","), available)
	for _, e := range encodings {
		if e.name != coding {
			continue
		}
		if ef, einfo, ok := h.open(name + e.suffix); ok {
			f.Close()
			// The page's loader counts decoded octets for its progress bar.
			hdr.Set("X-Decoded-Length", strconv.FormatInt(info.Size(), 10))
			f, info = ef, einfo
			hdr.Set("Content-Encoding", e.name)
			// http.ServeContent leaves Content-Length out when there is a Content-Encoding;
			// the size is known, so send it, and answer the whole file rather than a range
			// of the compressed bytes, which no browser asks for.
			hdr.Set("Content-Length", strconv.FormatInt(info.Size(), 10))
			r = withoutRange(r)
		}
	}
	hdr.Set("ETag", etag(info, coding))

	content, ok := f.(io.ReadSeeker)
	if !ok {
		data, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "500 cannot read the file", http.StatusInternalServerError)
			return
		}
		content = bytes.NewReader(data)
	}
	http.ServeContent(w, r, "", info.ModTime(), content)
}

// fileName maps a request path to a file name in the served folder, or refuses it.
func fileName(urlPath string) (string, bool) {
	if urlPath == "/" {
		return "index.html", true
	}
	if !strings.HasPrefix(urlPath, "/") || path.Clean(urlPath) != urlPath {
		return "", false
	}
	name := urlPath[1:]
	if !fs.ValidPath(name) {
		return "", false
	}
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return "", false
		}
	}
	return name, true
}

// open opens a regular file; folders and anything else are not served.
func (h *handler) open(name string) (fs.File, fs.FileInfo, bool) {
	f, err := h.fsys.Open(name)
	if err != nil {
		return nil, nil, false
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, false
	}
	return f, info, true
}

// etag names one representation: the file's size and time, and the coding, so that the
// Brotli and gzip copies of a file never share a tag with each other or the original.
func etag(info fs.FileInfo, coding string) string {
	tag := strconv.FormatInt(info.Size(), 36) + "-" + strconv.FormatInt(info.ModTime().UnixNano(), 36)
	if coding != "" {
		tag += "-" + coding
	}
	return `"` + tag + `"`
}

func withoutRange(r *http.Request) *http.Request {
	if r.Header.Get("Range") == "" {
		return r
	}
	r2 := *r
	r2.Header = r.Header.Clone()
	r2.Header.Del("Range")
	return &r2
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", cacheRevalidate)
	http.Error(w, "404 page not found", http.StatusNotFound)
}
