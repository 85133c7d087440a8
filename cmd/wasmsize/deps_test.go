package main

import (
	"os"
	"os/exec"
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
