package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parsers are the packages that read teachers' files (YAML, Markdown) and write Go
// source: the authoring module links them, the page's module must not.
var parsers = []string{"go.yaml.in/yaml/v3", "github.com/yuin/goldmark", "smtpsim/sim/yamlfile", "smtpsim/sim/scenariofile",
	"smtpsim/lessons/lessonfile", "smtpsim/lessons/catalog/catalogfile", "smtpsim/sim/render/phrasefile", "go/format"}

// wasmDeps lists the packages a js/wasm program links.
func wasmDeps(t *testing.T, pkg string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", pkg)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err)
	return strings.Fields(string(out))
}

// TestPageLinksNoParser: the page's module (./wasm) parses no YAML or Markdown — the
// course comes compiled, a teacher's own files go to the authoring module — and so
// links none of the parsers; the authoring module (./wasm/author) does.
func TestPageLinksNoParser(t *testing.T) {
	page, author := wasmDeps(t, "./wasm"), wasmDeps(t, "./wasm/author")
	for _, p := range parsers {
		hit := slices.ContainsFunc(page, func(d string) bool { return d == p || strings.HasPrefix(d, p+"/") })
		assert.False(t, hit, "the page's module links %s", p)
	}
	for _, p := range []string{"go.yaml.in/yaml/v3", "github.com/yuin/goldmark", "smtpsim/lessons/lessonfile"} {
		assert.Contains(t, author, p, "the authoring module reads own files with %s", p)
	}
}

// TestPageLinksNoSenderAuthLibrary: the page's module does not link the SPF and DKIM
// libraries, their cryptography and certificates; the sender-authentication module
// (./wasm/senderauth) does, and so does the authoring module, which runs own worlds.
func TestPageLinksNoSenderAuthLibrary(t *testing.T) {
	page := wasmDeps(t, "./wasm")
	libraries := []string{"blitiri.com.ar/go/spf", "github.com/emersion/go-msgauth/dkim", "smtpsim/sim/auth/spfdkim"}
	for _, p := range append(libraries, "crypto/x509", "encoding/asn1", "crypto/rsa") {
		assert.False(t, slices.Contains(page, p), "the page's module links %s", p)
	}
	for _, module := range []string{"./wasm/senderauth", "./wasm/author"} {
		deps := wasmDeps(t, module)
		for _, p := range libraries {
			assert.True(t, slices.Contains(deps, p), "%s links %s", module, p)
		}
	}
}

// TestPageLinksNoRegexp: the page's own packages match their few simple patterns with
// strings and strconv, and the libraries that brought regexp with them (SPF, DKIM) are
// in senderauth.wasm, so the page links no regexp (about 280 KB of code).
func TestPageLinksNoRegexp(t *testing.T) {
	page := wasmDeps(t, "./wasm")
	cmd := exec.Command("go", append([]string{"list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}"}, page...)...)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err)
	var importers []string
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) > 0 && slices.Contains(fields[1:], "regexp") && !strings.HasPrefix(fields[0], "regexp") {
			importers = append(importers, fields[0])
		}
	}
	assert.Empty(t, importers, "the page's module links regexp through these packages")
	assert.NotContains(t, page, "regexp")
}

// TestPageEmbedsNoCourse: the page's build of package lessons embeds none of the
// compiled lessons and scenarios (the page fetches one when it is opened); a native
// build embeds them all.
func TestPageEmbedsNoCourse(t *testing.T) {
	embeds := func(goos, goarch string) string {
		cmd := exec.Command("go", "list", "-f", "{{join .EmbedFiles \" \"}}", "smtpsim/lessons")
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch)
		out, err := cmd.Output()
		require.NoError(t, err)
		return string(out)
	}
	assert.NotContains(t, embeds("js", "wasm"), "compiled/")
	assert.Contains(t, embeds("linux", "amd64"), "compiled/lesson/journey.json")
	assert.Contains(t, wasmDeps(t, "./wasm"), "smtpsim/lessons", "the page reads the course through package lessons")
}

// TestPageEmbedsNoCatalog: no package the page's module links embeds the catalog of
// explanations (lessons/catalog/compiled.json, 44 kB Brotli): the page fetches it as
// it fetches a lesson; a native build of package catalog embeds it.
func TestPageEmbedsNoCatalog(t *testing.T) {
	// embeds lists the files each package embeds, by their path.
	embeds := func(goos, goarch string, pkgs ...string) map[string][]string {
		cmd := exec.Command("go", append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .EmbedFiles \"\t\"}}"}, pkgs...)...)
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch)
		out, err := cmd.Output()
		require.NoError(t, err)
		files := map[string][]string{}
		for line := range strings.Lines(string(out)) {
			fields := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
			for _, f := range fields[2:] {
				if f != "" {
					files[fields[0]] = append(files[fields[0]], filepath.Join(fields[1], f))
				}
			}
		}
		return files
	}
	var catalogs [][]byte // the whole and each language's part
	for _, name := range []string{"compiled.json", "compiled.en.json", "compiled.de.json"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "lessons", "catalog", name))
		require.NoError(t, err)
		catalogs = append(catalogs, data)
	}
	page := wasmDeps(t, "./wasm")
	require.Contains(t, page, "smtpsim/lessons/catalog", "the page looks up explanations in package catalog")
	// No package of the page embeds the catalog or a part of it, under whatever name.
	for pkg, files := range embeds("js", "wasm", page...) {
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			for _, catalog := range catalogs {
				assert.NotEqual(t, catalog, data, "%s embeds the catalog (%s) in the page's module", pkg, f)
			}
		}
	}
	assert.Empty(t, embeds("js", "wasm", "smtpsim/lessons/catalog")["smtpsim/lessons/catalog"])
	native := embeds("linux", "amd64", "smtpsim/lessons/catalog")["smtpsim/lessons/catalog"]
	require.Len(t, native, 1)
	assert.Equal(t, "compiled.json", filepath.Base(native[0]))
}

// TestPageLinksNoHTMLPackage: the page's module escapes with smtpsim/lessons/escape and
// links no package html, whose init keeps a table of 2,231 entity names (21 kB Brotli).
func TestPageLinksNoHTMLPackage(t *testing.T) {
	assert.NotContains(t, wasmDeps(t, "./wasm"), "html")
}

// TestPageLinksNoFlate: the page's module packs and unpacks no own scenario for a link
// — the authoring module does, which compiles the scenario a link carries anyway — so
// it links no compress/flate (about 90 kB of code, 20 kB Brotli); the authoring
// module does.
func TestPageLinksNoFlate(t *testing.T) {
	page := wasmDeps(t, "./wasm")
	assert.NotContains(t, page, "compress/flate")
	assert.NotContains(t, page, "smtpsim/wasm/author/ownfile")
	assert.Contains(t, wasmDeps(t, "./wasm/author"), "compress/flate")
}
