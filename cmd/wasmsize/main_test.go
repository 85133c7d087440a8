package main

import (
	"os"
	"os/exec"
	"path/filepath"
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

// TestPageDropsUnusedDOM builds the page as make size does and checks that dom/v2's
// code stays small: a call of one of dom/v2's own constructors (GetElementByID,
// QuerySelector, Event.Target, AddEventListener, ...) instead of wasm/dom.go's brings
// back the methods of some 150 element and event types, a megabyte of code.
func TestPageDropsUnusedDOM(t *testing.T) {
	out := filepath.Join(t.TempDir(), "main.wasm")
	build := exec.Command("go", "build", "-trimpath", "-o", out, "smtpsim/wasm")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	msg, err := build.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	m, err := parse(data)
	require.NoError(t, err)
	ps, err := listPackages("smtpsim/wasm")
	require.NoError(t, err)
	code := map[string]int{}
	for i, size := range m.bodies {
		code[ps.of(m.names[m.imports+i])] += size
	}
	assert.Greater(t, code["runtime"], 500_000, "the name section was read")
	assert.Less(t, code["honnef.co/go/js/dom/v2"], 64<<10, "dom/v2 code in the page")
}
