package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPackageOf(t *testing.T) {
	ps := packages{
		mangled: []string{"honnef.co_go_js_dom_v2", "smtpsim_sim_world", "smtpsim_sim", "main"},
		path: map[string]string{"honnef.co_go_js_dom_v2": "honnef.co/go/js/dom/v2", "smtpsim_sim_world": "smtpsim/sim/world",
			"smtpsim_sim": "smtpsim/sim", "main": "smtpsim/wasm"},
	}
	for _, tc := range []struct{ name, want string }{
		{"honnef.co_go_js_dom_v2.__BasicNode_.AppendChild", "honnef.co/go/js/dom/v2"},
		{"smtpsim_sim_world.__World_.Run.func1", "smtpsim/sim/world"},
		{"smtpsim_sim.Thing", "smtpsim/sim"},
		{"main.main", "smtpsim/wasm"},
		{"type_.eq.smtpsim_sim_world.Event", "type_ (linker)"},
		{"memchr", "memchr"},
	} {
		assert.Equal(t, tc.want, ps.of(tc.name), tc.name)
	}
}

// pageModule is the page's module as make size builds it (with the name section), and
// the code octets of each Go package in it, and of each function under "func NAME" (its
// name in the name section: "net.init", "smtpsim_lessons.init"); built once for the
// tests that read it.
var pageModule = sync.OnceValues(func() (map[string]int, error) {
	dir, err := os.MkdirTemp("", "wasmsize")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "main.wasm")
	build := exec.Command("go", "build", "-trimpath", "-o", out, "smtpsim/wasm")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%w: %s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	m, err := parse(data)
	if err != nil {
		return nil, err
	}
	ps, err := listPackages("smtpsim/wasm")
	if err != nil {
		return nil, err
	}
	code := map[string]int{}
	for i, size := range m.bodies {
		code[ps.of(m.names[m.imports+i])] += size
	}
	for i, name := range m.names {
		if i >= m.imports {
			code["func "+name] = m.bodies[i-m.imports]
		}
	}
	return code, nil
})

// TestPageDropsUnusedDOM builds the page as make size does and checks that dom/v2's
// code stays small: a call of one of dom/v2's own constructors (GetElementByID,
// QuerySelector, Event.Target, AddEventListener, ...) instead of wasm/dom.go's brings
// back the methods of some 150 element and event types, a megabyte of code.
func TestPageDropsUnusedDOM(t *testing.T) {
	code, err := pageModule()
	require.NoError(t, err)
	assert.Greater(t, code["runtime"], 500_000, "the name section was read")
	assert.Less(t, code["honnef.co/go/js/dom/v2"], 64<<10, "dom/v2 code in the page")
}

// TestPageLinksNoSenderAuthCode: sender authentication runs in its own module
// (senderauth.wasm), so the page's module has no code of the SPF and DKIM libraries,
// of the cryptography and big numbers of DKIM's keys, and none of net's resolver:
// of net there is only its package initialisation, which net/mail's import brings.
func TestPageLinksNoSenderAuthCode(t *testing.T) {
	code, err := pageModule()
	require.NoError(t, err)
	require.Greater(t, code["runtime"], 500_000, "the name section was read")
	for _, p := range []string{"blitiri.com.ar/go/spf", "github.com/emersion/go-msgauth/dkim", "smtpsim/sim/auth/spfdkim",
		"math/big", "crypto/x509", "encoding/asn1", "crypto/rsa", "crypto/ed25519", "crypto/internal/fips140/nistec",
		"crypto/internal/fips140/bigmod"} {
		assert.Zero(t, code[p], "code of %s in the page", p)
	}
	for name := range code {
		if strings.HasPrefix(name, "func net.") {
			assert.NotRegexp(t, `Resolver|Lookup|Dial|DNS|dns|Conn|IPAddr|MX`, name, "net's resolver in the page")
		}
	}
	assert.Less(t, code["net"], 24<<10, "net: its package initialisation only")
}

// TestPageLinksNoDeepEqual: the page compares events field by field (narrate.Same), so
// it has no code of reflect.DeepEqual (11 kB).
func TestPageLinksNoDeepEqual(t *testing.T) {
	code, err := pageModule()
	require.NoError(t, err)
	require.Greater(t, code["runtime"], 500_000, "the name section was read")
	for _, f := range []string{"reflect.DeepEqual", "reflect.deepValueEqual"} {
		assert.Zero(t, code["func "+f], "code of %s in the page", f)
	}
}

// TestPageBuildsNoIndexAtStart: the course's index (lessons/index_gen.go) is data the
// compiler lays out, not maps built by package initialisation, which took 33 kB of code
// (lessons.init, lessons.map.init.0) and ran at every start.
func TestPageBuildsNoIndexAtStart(t *testing.T) {
	code, err := pageModule()
	require.NoError(t, err)
	require.Greater(t, code["runtime"], 500_000, "the name section was read")
	assert.Less(t, code["func smtpsim_lessons.init"], 1024, "lessons' package initialisation")
	for name := range code {
		assert.False(t, strings.HasPrefix(name, "func smtpsim_lessons.map.init."), "%s: a map literal of package lessons", name)
	}
}

// TestPageSortsWithLittleCode: slices.SortFunc on a slice of structs (not pointers)
// compiles its pattern-defeating quicksort anew for that struct's shape, some 21 kB
// of code each, SortStableFunc some 6 kB, slices.Sort some 12 kB for each ordered
// type. The page's own sorts go through internal/onesort, which sorts indexes: three
// shapes of the quicksort remain, encoding/json's two and onesort's []int, and two of
// slices.Sort's, for strings and ints, which the standard library sorts too.
func TestPageSortsWithLittleCode(t *testing.T) {
	code, err := pageModule()
	require.NoError(t, err)
	require.Greater(t, code["runtime"], 500_000, "the name section was read")
	var shapes, ordered []string
	for name := range code {
		if strings.HasPrefix(name, "func slices.pdqsortCmpFunc") {
			shapes = append(shapes, name)
		}
		if strings.HasPrefix(name, "func slices.pdqsortOrdered") {
			ordered = append(ordered, name)
		}
	}
	assert.LessOrEqual(t, len(shapes), 3, "slices.SortFunc instantiated for these shapes: %q", shapes)
	assert.LessOrEqual(t, len(ordered), 2, "slices.Sort instantiated for these types: %q", ordered)
}
