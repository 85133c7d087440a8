package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testIndex = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>smtpsim — it's a test</title>
<link rel="stylesheet" href="css/style.css">
<link rel="preload" href="main.wasm" as="fetch" type="application/wasm" crossorigin>
<link rel="icon" href="/icons/logo.svg">
<link rel="canonical" href="https://example.org/main.wasm">
</head>
<body>
<a href="#top">top</a> <a href="help.html">help</a> <img src='./icons/logo.svg?v=1#frag' alt="">
<p>Explains main.wasm in prose, which is not a reference.</p>
<script src="wasm_exec.js"></script>
<script src="loader.js"></script>
</body>
</html>
`

// writeWeb lays out a web folder like the app's, and returns its path.
func writeWeb(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "web")
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	}
	return dir
}

func appFiles() map[string]string {
	return map[string]string{
		"index.html":     testIndex,
		"help.html":      `<a href="index.html">back</a><script src="loader.js"></script>`,
		"css/style.css":  `body { background: url(../icons/logo.svg) } h1 { background: url("/icons/logo.svg") }` + strings.Repeat("\n.x{color:red}", 40),
		"icons/logo.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>`,
		"loader.js":      `// fetches main.wasm` + "\n" + `const url = document.querySelector('link').getAttribute("href"); fetch("main.wasm"); fetch(` + "`./main.wasm`" + `);` + strings.Repeat("\n// padding", 40),
		"wasm_exec.js":   strings.Repeat("globalThis.Go = class {};\n", 80),
		"main.wasm":      "\x00asm\x01\x00\x00\x00" + strings.Repeat("compressible code ", 400),
		"tiny.txt":       "x",
		"favicon.ico":    "icon",
		".hidden":        "secret",
		".git/config":    "secret",
		"main.wasm.br":   "stale output of some other tool",
	}
}

// testBrotli is a quick Brotli quality: at BestBrotli, which deploys use, the tests
// would spend their time compressing.
const testBrotli = 5

func build(t *testing.T, web string) (string, map[string]File) {
	t.Helper()
	out := filepath.Join(filepath.Dir(web), "dist")
	files, err := Build(web, out, testBrotli)
	require.NoError(t, err)
	bySource := map[string]File{}
	for _, f := range files {
		bySource[f.Source] = f
	}
	return out, bySource
}

func readOut(t *testing.T, out, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	require.NoError(t, err)
	return string(data)
}

var hashedName = regexp.MustCompile(`^(css/style|icons/logo|loader|wasm_exec|main|tiny)\.[0-9a-f]{12}\.(css|svg|js|wasm|txt)$`)

func TestBuildNamesAndRewrites(t *testing.T) {
	web := writeWeb(t, appFiles())
	out, files := build(t, web)

	var sources []string
	for source, f := range files {
		sources = append(sources, source)
		if keepsName(source) {
			assert.Equal(t, source, f.Name)
		} else {
			assert.Regexp(t, hashedName, f.Name)
			assert.True(t, IsHashed(f.Name), f.Name)
		}
	}
	assert.ElementsMatch(t, []string{"index.html", "help.html", "css/style.css", "icons/logo.svg", "loader.js",
		"wasm_exec.js", "main.wasm", "tiny.txt", "favicon.ico"}, sources, "dot files and stale .br files are left out")

	wasm, logo, css, loader, exec := files["main.wasm"].Name, files["icons/logo.svg"].Name, files["css/style.css"].Name, files["loader.js"].Name, files["wasm_exec.js"].Name
	index := readOut(t, out, "index.html")
	for _, want := range []string{
		`href="` + css + `"`,
		`href="` + wasm + `" as="fetch"`,
		`href="/` + logo + `"`,
		`src='./` + logo + `?v=1#frag'`,
		`src="` + exec + `"`,
		`src="` + loader + `"`,
		`href="https://example.org/main.wasm"`, // not ours
		`href="#top"`, `href="help.html"`, `content="width=device-width, initial-scale=1"`,
		`<p>Explains main.wasm in prose`, // not quoted: left alone
	} {
		assert.Contains(t, index, want)
	}
	assert.Contains(t, readOut(t, out, "help.html"), `src="`+loader+`"`)
	styles := readOut(t, out, css)
	assert.Contains(t, styles, `url(../`+logo+`)`)
	assert.Contains(t, styles, `url("/`+logo+`")`)
	script := readOut(t, out, loader)
	assert.Contains(t, script, `fetch("`+wasm+`")`)
	assert.Contains(t, script, "fetch(`./"+wasm+"`)")
	assert.Contains(t, script, "// fetches main.wasm\n")

	// Nothing else is in the folder but the files, their siblings and the marker.
	var written []string
	require.NoError(t, filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			written = append(written, filepath.ToSlash(rel))
		}
		return nil
	}))
	for _, name := range written {
		base := strings.TrimSuffix(strings.TrimSuffix(name, ".br"), ".gz")
		known := base == markerName
		for _, f := range files {
			known = known || f.Name == base
		}
		assert.True(t, known, "unexpected %s", name)
	}
	var marker struct{ Files map[string]string }
	require.NoError(t, json.Unmarshal([]byte(readOut(t, out, markerName)), &marker))
	assert.Equal(t, wasm, marker.Files["main.wasm"])
}

func TestBuildIsStable(t *testing.T) {
	web := writeWeb(t, appFiles())
	out1, files1 := build(t, web)
	snapshot := func(dir string) map[string]string {
		m := map[string]string{}
		require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			require.NoError(t, err)
			if !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				data, err := os.ReadFile(p)
				require.NoError(t, err)
				m[filepath.ToSlash(rel)] = string(data)
			}
			return nil
		}))
		return m
	}
	first := snapshot(out1)

	// Again into the same folder (which replaces it), and into a new one elsewhere.
	_, files2 := build(t, web)
	assert.Equal(t, files1, files2)
	assert.Equal(t, first, snapshot(out1))
	other := filepath.Join(t.TempDir(), "elsewhere")
	files3, err := Build(web, other, testBrotli)
	require.NoError(t, err)
	assert.Len(t, files3, len(files1))
	assert.Equal(t, first, snapshot(other), "the same input gives the same bytes")
}

func TestBuildHashFollowsContent(t *testing.T) {
	files := appFiles()
	_, before := build(t, writeWeb(t, files))
	files["icons/logo.svg"] = strings.Replace(files["icons/logo.svg"], `width="1"`, `width="2"`, 1)
	out, after := build(t, writeWeb(t, files))

	for source, changes := range map[string]bool{
		"icons/logo.svg": true,
		"css/style.css":  true, // refers to the logo
		"main.wasm":      false,
		"loader.js":      false,
		"wasm_exec.js":   false,
		"index.html":     false, // keeps its name, but its content changes
	} {
		assert.Equal(t, changes, before[source].Name != after[source].Name, source)
	}
	assert.Contains(t, readOut(t, out, "index.html"), after["css/style.css"].Name)
	assert.NotContains(t, readOut(t, out, "index.html"), before["css/style.css"].Name)
}

func TestBuildCompressedSiblings(t *testing.T) {
	out, files := build(t, writeWeb(t, appFiles()))
	for _, f := range files {
		original := readOut(t, out, f.Name)
		assert.Equal(t, int64(len(original)), f.Size, f.Name)
		for _, c := range []struct {
			suffix, coding string
			size           int64
		}{{".br", "br", f.Brotli}, {".gz", "gzip", f.Gzip}} {
			packed, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Name+c.suffix)))
			if errors.Is(err, fs.ErrNotExist) {
				// Left out only where it would not be smaller.
				assert.NotContains(t, []string{"index.html", "main.wasm", "loader.js", "wasm_exec.js", "css/style.css"}, f.Source, c.suffix)
				assert.Zero(t, c.size)
				compress := map[string]func([]byte) ([]byte, error){"br": brotliCompressor(testBrotli), "gzip": compressGzip}[c.coding]
				again, err := compress([]byte(original))
				require.NoError(t, err)
				assert.GreaterOrEqual(t, len(again), len(original), f.Name+c.suffix)
				continue
			}
			require.NoError(t, err, f.Name+c.suffix)
			assert.Equal(t, int64(len(packed)), c.size)
			assert.Less(t, len(packed), len(original), f.Name+c.suffix)
			assert.Equal(t, original, string(decode(t, c.coding, packed)), f.Name+c.suffix)
		}
	}
}

func TestBuildReusesUnchangedSiblings(t *testing.T) {
	files := appFiles()
	web := writeWeb(t, files)
	out, built := build(t, web)
	wasm := built["main.wasm"].Name
	// Mark the siblings of the previous build, then change one file only.
	for _, name := range []string{wasm + ".br", "index.html.br"} {
		require.NoError(t, os.WriteFile(filepath.Join(out, name), []byte("from the previous build"), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(web, "index.html"), []byte(testIndex+"<!-- changed -->\n"), 0o644))
	_, rebuilt := build(t, web)
	assert.Equal(t, wasm, rebuilt["main.wasm"].Name)
	assert.Equal(t, "from the previous build", readOut(t, out, wasm+".br"), "unchanged file: sibling taken over")
	assert.Contains(t, string(decode(t, "br", []byte(readOut(t, out, "index.html.br")))), "<!-- changed -->", "changed file: compressed again")
}

func TestBuildBrotliQuality(t *testing.T) {
	web := writeWeb(t, appFiles())
	out, better := build(t, web)
	wasm := better["main.wasm"].Name
	require.NoError(t, os.WriteFile(filepath.Join(out, wasm+".br"), []byte("made at another quality"), 0o644))
	fast, err := Build(web, out, 1)
	require.NoError(t, err)
	for _, f := range fast {
		assert.Equal(t, better[f.Source].Name, f.Name, "the quality changes no name")
		if f.Source == "main.wasm" {
			assert.Greater(t, f.Brotli, better["main.wasm"].Brotli)
		}
	}
	packed := readOut(t, out, wasm+".br")
	assert.Equal(t, readOut(t, out, wasm), string(decode(t, "br", []byte(packed))), "not taken over from another quality")
	for _, q := range []int{-1, 12} {
		_, err := Build(web, out, q)
		assert.ErrorContains(t, err, "out of range", "%d", q)
	}
}

func TestBuildErrors(t *testing.T) {
	t.Run("no index", func(t *testing.T) {
		files := appFiles()
		delete(files, "index.html")
		_, err := Build(writeWeb(t, files), filepath.Join(t.TempDir(), "dist"), testBrotli)
		assert.ErrorContains(t, err, "has no index.html")
	})
	t.Run("no web folder", func(t *testing.T) {
		_, err := Build(filepath.Join(t.TempDir(), "missing"), filepath.Join(t.TempDir(), "dist"), testBrotli)
		assert.Error(t, err)
	})
	t.Run("circle", func(t *testing.T) {
		web := writeWeb(t, map[string]string{
			"index.html": `<script src="a.js"></script>`,
			"a.js":       `import "./b.js";`,
			"b.js":       `import "./a.js";`,
		})
		_, err := Build(web, filepath.Join(t.TempDir(), "dist"), testBrotli)
		assert.ErrorContains(t, err, "circle (a.js → b.js → a.js)")
	})
	t.Run("foreign output folder", func(t *testing.T) {
		web := writeWeb(t, appFiles())
		out := filepath.Join(t.TempDir(), "precious")
		require.NoError(t, os.MkdirAll(out, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(out, "thesis.tex"), []byte("years of work"), 0o644))
		_, err := Build(web, out, testBrotli)
		assert.ErrorContains(t, err, "not made by smtpsim site")
		data, err := os.ReadFile(filepath.Join(out, "thesis.tex"))
		require.NoError(t, err)
		assert.Equal(t, "years of work", string(data))
	})
	t.Run("overlapping folders", func(t *testing.T) {
		web := writeWeb(t, appFiles())
		for _, out := range []string{web, filepath.Join(web, "dist"), filepath.Dir(web)} {
			_, err := Build(web, out, testBrotli)
			assert.ErrorContains(t, err, "must not contain each other", out)
		}
	})
	t.Run("link out of the web folder", func(t *testing.T) {
		web := writeWeb(t, appFiles())
		secret := filepath.Join(filepath.Dir(web), "secret.txt")
		require.NoError(t, os.WriteFile(secret, []byte("secret"), 0o644))
		require.NoError(t, os.Symlink(secret, filepath.Join(web, "leak.txt")))
		_, err := Build(web, filepath.Join(filepath.Dir(web), "dist"), testBrotli)
		assert.ErrorContains(t, err, "leak.txt")
	})
}

// TestBuildThenServe serves a built folder: the page names the hashed files, and each
// arrives with its type, in Brotli, decompressing to what was built.
func TestBuildThenServe(t *testing.T) {
	out, files := build(t, writeWeb(t, appFiles()))
	root, err := os.OpenRoot(out)
	require.NoError(t, err)
	defer root.Close()
	h := Handler(root.FS())

	res, body := get(t, h, "GET", "/", map[string]string{"Accept-Encoding": "br, gzip"})
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
	index := string(decode(t, res.Header.Get("Content-Encoding"), body))
	for _, source := range []string{"main.wasm", "css/style.css", "loader.js", "wasm_exec.js"} {
		name := files[source].Name
		require.Contains(t, index, name)
		res, body := get(t, h, "GET", "/"+name, map[string]string{"Accept-Encoding": "gzip, deflate, br"})
		require.Equal(t, http.StatusOK, res.StatusCode, name)
		assert.Equal(t, "br", res.Header.Get("Content-Encoding"), name)
		assert.Equal(t, ContentType(source), res.Header.Get("Content-Type"), name)
		assert.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"), name)
		assert.True(t, bytes.Equal([]byte(readOut(t, out, name)), decode(t, "br", body)), name)
	}
	res, _ = get(t, h, "GET", "/"+markerName, nil)
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "the marker is not served")
}
