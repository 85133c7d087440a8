package site

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	wasmName = "main.0123456789ab.wasm"
	jsName   = "wasm_exec.0123456789ab.js"
	cssName  = "style.0123456789ab.css"
)

var (
	indexBody = []byte(`<!doctype html><title>t</title><script src="` + jsName + `"></script>` + strings.Repeat("<p>hello</p>", 50))
	wasmBody  = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("wasm code "), 500)...)
	jsBody    = bytes.Repeat([]byte("const go = 1;\n"), 100)
)

// testSite lays out a built site below a folder that also holds a file the server must
// never give away (go.mod), and returns a handler for the site and the site's folder.
func testSite(t *testing.T) (http.Handler, string) {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "dist")
	files := map[string][]byte{
		"index.html":            indexBody,
		"index.html.br":         brotliBytes(t, indexBody),
		"index.html.gz":         gzipBytes(t, indexBody),
		wasmName:                wasmBody,
		wasmName + ".br":        brotliBytes(t, wasmBody),
		wasmName + ".gz":        gzipBytes(t, wasmBody),
		jsName:                  jsBody,
		jsName + ".gz":          gzipBytes(t, jsBody),
		cssName:                 []byte("body{color:black}"),
		"icon.svg":              []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
		"lessons.json":          []byte(`{}`),
		"sub/notes.txt":         []byte("notes"),
		".smtpsim-site.json":    []byte(`{"files":{}}`),
		"../go.mod":             []byte("module secret\n"),
		"../outside/secret.txt": []byte("secret"),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	require.NoError(t, os.Symlink(filepath.Join(base, "outside", "secret.txt"), filepath.Join(dir, "escape.txt")))
	require.NoError(t, os.Symlink(filepath.Join(base, "outside"), filepath.Join(dir, "escape-dir")))
	root, err := os.OpenRoot(dir)
	require.NoError(t, err)
	t.Cleanup(func() { root.Close() })
	return Handler(root.FS()), dir
}

func brotliBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	b, err := brotliCompressor(testBrotli)(data)
	require.NoError(t, err)
	return b
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	b, err := compressGzip(data)
	require.NoError(t, err)
	return b
}

// get sends one request to the handler and returns the response and its body as sent.
func get(t *testing.T, h http.Handler, method, target string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, "/", nil)
	req.URL.Path = target // as the server would have decoded it, "..", "%2e" and all
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, body
}

func decode(t *testing.T, coding string, body []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch coding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		require.NoError(t, err)
		r = zr
	}
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	return out
}

func assertSecurityHeaders(t *testing.T, res *http.Response, what string) {
	t.Helper()
	assert.Equal(t, ContentSecurityPolicy, res.Header.Get("Content-Security-Policy"), what)
	assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), what)
	assert.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"), what)
}

func TestContentTypes(t *testing.T) {
	h, _ := testSite(t)
	for path, want := range map[string]string{
		"/":                    "text/html; charset=utf-8",
		"/index.html":          "text/html; charset=utf-8",
		"/" + wasmName:         "application/wasm",
		"/" + jsName:           "text/javascript; charset=utf-8",
		"/" + cssName:          "text/css; charset=utf-8",
		"/icon.svg":            "image/svg+xml",
		"/lessons.json":        "application/json",
		"/sub/notes.txt":       "text/plain; charset=utf-8",
		"/index.html.gz":       "application/gzip",
		"/" + wasmName + ".br": "application/octet-stream",
	} {
		res, _ := get(t, h, "GET", path, nil)
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.Equal(t, want, res.Header.Get("Content-Type"), path)
		assert.Empty(t, res.Header.Get("Content-Encoding"), path)
	}
}

func TestContentTypeByName(t *testing.T) {
	assert.Equal(t, "application/wasm", ContentType("x/MAIN.WASM"))
	assert.Equal(t, "application/manifest+json", ContentType("app.webmanifest"))
	assert.Equal(t, "application/octet-stream", ContentType("no-extension"))
}

func TestEncodingNegotiation(t *testing.T) {
	h, _ := testSite(t)
	tests := []struct {
		path, accept, want string
	}{
		{"/" + wasmName, "gzip, deflate, br, zstd", "br"},
		{"/" + wasmName, "br;q=1.0, gzip;q=0.8", "br"},
		{"/" + wasmName, "gzip;q=1, br;q=0.5", "gzip"},
		{"/" + wasmName, "gzip", "gzip"},
		{"/" + wasmName, "x-gzip", "gzip"},
		{"/" + wasmName, "BR", "br"},
		{"/" + wasmName, "br;q=0, gzip", "gzip"},
		{"/" + wasmName, "br;q=0, gzip;q=0", ""},
		{"/" + wasmName, "identity", ""},
		{"/" + wasmName, "gzip;q=0.5, identity", ""},
		{"/" + wasmName, "*", "br"},
		{"/" + wasmName, "*;q=0.5, gzip", "gzip"},
		{"/" + wasmName, "*;q=0", ""},
		{"/" + wasmName, "deflate, zstd", ""},
		{"/" + wasmName, "br;q=nonsense, gzip", "gzip"},
		{"/" + wasmName, "", ""},
		{"/" + jsName, "br, gzip", "gzip"}, // only a .gz sibling
		{"/" + cssName, "br, gzip", ""},    // none at all
		{"/", "br", "br"},
		{"/", "gzip", "gzip"},
	}
	for _, tt := range tests {
		header := map[string]string{}
		if tt.accept != "" {
			header["Accept-Encoding"] = tt.accept
		}
		res, body := get(t, h, "GET", tt.path, header)
		what := fmt.Sprintf("%s with Accept-Encoding %q", tt.path, tt.accept)
		require.Equal(t, http.StatusOK, res.StatusCode, what)
		assert.Equal(t, tt.want, res.Header.Get("Content-Encoding"), what)
		assert.Equal(t, fmt.Sprint(len(body)), res.Header.Get("Content-Length"), what)
		original := map[string][]byte{"/" + wasmName: wasmBody, "/" + jsName: jsBody, "/": indexBody}[tt.path]
		if original != nil {
			assert.Equal(t, original, decode(t, tt.want, body), what)
		}
		// The type is the file's, whatever the coding.
		assert.NotContains(t, res.Header.Get("Content-Type"), "gzip", what)
	}
}

func TestNegotiate(t *testing.T) {
	both := []string{"br", "gzip"}
	tests := []struct {
		header    string
		available []string
		want      string
	}{
		{"br, gzip", both, "br"},
		{"gzip, br", both, "br"}, // equal weight: Brotli is preferred
		{"gzip;q=0.9, br;q=0.8", both, "gzip"},
		{"gzip;Q=0.9, br;q=0.8", both, "gzip"},
		{"br;q=0.001", both, "br"},
		{"br;q=0.001, identity", both, ""},
		{"br, identity;q=0", both, "br"},
		{"identity;q=0", nil, ""},
		{"br;q=1.5, gzip", both, "gzip"}, // out of range: ignored
		{"br;q=-1", both, ""},
		{" , ;q=1, gzip ", both, "gzip"},
		{"gzip;q=0.2, gzip;q=0.7, br;q=0.5", both, "gzip"},
		{"br", []string{"gzip"}, ""},
		{"*", []string{"gzip"}, "gzip"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, negotiate(tt.header, tt.available), "%q %v", tt.header, tt.available)
	}
}

func TestVary(t *testing.T) {
	h, _ := testSite(t)
	for _, accept := range []string{"br", "gzip", "identity", ""} {
		res, _ := get(t, h, "GET", "/"+wasmName, map[string]string{"Accept-Encoding": accept})
		assert.Equal(t, []string{"Accept-Encoding"}, res.Header.Values("Vary"), "wasm, %q", accept)
	}
	res, _ := get(t, h, "GET", "/"+cssName, map[string]string{"Accept-Encoding": "br"})
	assert.Empty(t, res.Header.Values("Vary"), "a file without siblings does not vary")
}

func TestCacheControl(t *testing.T) {
	h, _ := testSite(t)
	for path, want := range map[string]string{
		"/":              "no-cache",
		"/index.html":    "no-cache",
		"/" + wasmName:   "public, max-age=31536000, immutable",
		"/" + jsName:     "public, max-age=31536000, immutable",
		"/" + cssName:    "public, max-age=31536000, immutable",
		"/icon.svg":      "no-cache",
		"/sub/notes.txt": "no-cache",
		"/missing.js":    "no-cache",
	} {
		for _, accept := range []string{"", "br"} {
			res, _ := get(t, h, "GET", path, map[string]string{"Accept-Encoding": accept})
			assert.Equal(t, want, res.Header.Get("Cache-Control"), "%s %q", path, accept)
		}
	}
}

func TestIsHashed(t *testing.T) {
	for name, want := range map[string]bool{
		"main.3f2a9c1d.wasm":                        true,
		"icons/mail.0123456789ab.svg":               true,
		"wasm_exec.0123456789abcdef0123.js":         true,
		"main.wasm":                                 false,
		"index.html":                                false,
		"main.3F2A9C1D.wasm":                        false,
		"main.3f2a9c1.wasm":                         false,
		"3f2a9c1d0123.wasm":                         false,
		"main.3f2a9c1d0123":                         false,
		"jquery.min.js":                             false,
		"main." + strings.Repeat("a", 65) + ".wasm": false,
		"main." + strings.Repeat("a", 64) + ".wasm": true,
	} {
		assert.Equal(t, want, IsHashed(name), name)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	h, _ := testSite(t)
	res, _ := get(t, h, "GET", "/", nil)
	assertSecurityHeaders(t, res, "200")
	etag := res.Header.Get("ETag")
	require.NotEmpty(t, etag)

	res, _ = get(t, h, "GET", "/", map[string]string{"If-None-Match": etag})
	assert.Equal(t, http.StatusNotModified, res.StatusCode)
	assertSecurityHeaders(t, res, "304")

	res, body := get(t, h, "GET", "/nothing-here.js", nil)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Equal(t, "text/plain; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Contains(t, string(body), "404")
	assertSecurityHeaders(t, res, "404")

	res, _ = get(t, h, "POST", "/", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	assert.Equal(t, "GET, HEAD", res.Header.Get("Allow"))
	assertSecurityHeaders(t, res, "405")

	res, _ = get(t, h, "GET", "/"+jsName, map[string]string{"Range": "bytes=100000-"})
	assert.Equal(t, http.StatusRequestedRangeNotSatisfiable, res.StatusCode)
	assertSecurityHeaders(t, res, "416")
}

func TestRangeAndConditional(t *testing.T) {
	h, _ := testSite(t)
	res, body := get(t, h, "GET", "/"+wasmName, map[string]string{"Range": "bytes=0-3"})
	assert.Equal(t, http.StatusPartialContent, res.StatusCode)
	assert.Equal(t, []byte("\x00asm"), body)

	// A compressed copy is always sent whole.
	res, body = get(t, h, "GET", "/"+wasmName, map[string]string{"Range": "bytes=0-3", "Accept-Encoding": "br"})
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, wasmBody, decode(t, "br", body))

	// Each coding has its own tag.
	tags := map[string]bool{}
	for _, accept := range []string{"", "br", "gzip"} {
		res, _ := get(t, h, "GET", "/"+wasmName, map[string]string{"Accept-Encoding": accept})
		tags[res.Header.Get("ETag")] = true
		res2, body := get(t, h, "GET", "/"+wasmName, map[string]string{"Accept-Encoding": accept, "If-None-Match": res.Header.Get("ETag")})
		assert.Equal(t, http.StatusNotModified, res2.StatusCode, accept)
		assert.Empty(t, body)
	}
	assert.Len(t, tags, 3)
}

func TestHead(t *testing.T) {
	h, _ := testSite(t)
	for _, accept := range []string{"", "br", "gzip"} {
		res, body := get(t, h, "HEAD", "/"+wasmName, map[string]string{"Accept-Encoding": accept})
		getRes, getBody := get(t, h, "GET", "/"+wasmName, map[string]string{"Accept-Encoding": accept})
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Empty(t, body, accept)
		assert.Equal(t, fmt.Sprint(len(getBody)), res.Header.Get("Content-Length"), accept)
		for _, k := range []string{"Content-Type", "Content-Encoding", "Cache-Control", "Vary", "ETag", "Content-Security-Policy"} {
			assert.Equal(t, getRes.Header.Values(k), res.Header.Values(k), "%s %q", k, accept)
		}
	}
	// Over a real connection, where the server drops the body of an error too.
	srv := httptest.NewServer(h)
	defer srv.Close()
	for path, status := range map[string]int{"/": http.StatusOK, "/missing": http.StatusNotFound} {
		res, err := srv.Client().Head(srv.URL + path)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, status, res.StatusCode, path)
		assert.Empty(t, body, path)
		assertSecurityHeaders(t, res, "HEAD "+path)
	}
}

// TestNoWayOut asks for files outside the folder, hidden files and folders, once as the
// handler sees decoded paths and once over a real connection with raw request lines, so
// that nothing in between cleans them first.
func TestNoWayOut(t *testing.T) {
	h, _ := testSite(t)
	refused := []string{
		"/../go.mod", "/sub/../../go.mod", "/./index.html", "//index.html", "/sub//notes.txt",
		"/escape.txt", "/escape-dir/secret.txt", "/.smtpsim-site.json", "/sub", "/sub/",
		"/index.html/", "/..", "/../outside/secret.txt", "/sub/..", "relative.txt", "",
	}
	for _, p := range refused {
		res, body := get(t, h, "GET", p, nil)
		assert.Equal(t, http.StatusNotFound, res.StatusCode, p)
		assert.NotContains(t, string(body), "secret", p)
		assertSecurityHeaders(t, res, p)
	}
	res, _ := get(t, h, "GET", "/sub/notes.txt", nil)
	assert.Equal(t, http.StatusOK, res.StatusCode, "a file in a folder is served")

	srv := httptest.NewServer(h)
	defer srv.Close()
	raw := []string{
		"/../go.mod", "/%2e%2e/go.mod", "/%2E%2E/go.mod", "/%2e%2e%2fgo.mod", "/sub/%2e%2e/%2e%2e/go.mod",
		"/..%2fgo.mod", "/sub/..%2f..%2fgo.mod", "/%2e%2e%5cgo.mod", "/..\\go.mod", "/escape.txt",
		"/%2esmtpsim-site.json", "/sub/", "/../outside/secret.txt", "http://example.org/../go.mod",
	}
	for _, target := range raw {
		status, body := rawGet(t, srv.Listener.Addr().String(), target)
		assert.Equal(t, http.StatusNotFound, status, target)
		assert.NotContains(t, body, "module secret", target)
		assert.NotContains(t, body, "secret", target)
	}
	status, _ := rawGet(t, srv.Listener.Addr().String(), "/sub/notes.txt")
	assert.Equal(t, http.StatusOK, status)
}

func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n", target)
	require.NoError(t, err)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, target)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	assert.Equal(t, ContentSecurityPolicy, res.Header.Get("Content-Security-Policy"), target)
	return res.StatusCode, string(body)
}

func TestCheckAddr(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:8080", "[::1]:8080", "localhost:0", "127.1.2.3:80"} {
		assert.NoError(t, CheckAddr(addr, false), addr)
	}
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.0.2.1:80", "example.org:80"} {
		err := CheckAddr(addr, false)
		require.Error(t, err, addr)
		assert.Contains(t, err.Error(), "--public")
		assert.NoError(t, CheckAddr(addr, true), addr)
	}
	assert.Error(t, CheckAddr("no-port", true))
}
