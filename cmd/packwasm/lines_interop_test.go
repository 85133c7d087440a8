//go:build interop

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runNode runs the module under Node.js with the Go toolchain's wasm_exec_node.js,
// as go_js_wasm_exec does, and returns its output and exit code.
func runNode(t *testing.T, module []byte, args ...string) (string, int) {
	t.Helper()
	node, err := exec.LookPath("node")
	require.NoError(t, err, "Node.js runs the packed module: install it (Debian: apt-get install nodejs; .ci/run does)")
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "stacks.wasm")
	require.NoError(t, os.WriteFile(f, module, 0o644))
	cmd := exec.Command(node, append([]string{"--stack-size=8192",
		filepath.Join(string(goroot[:len(goroot)-1]), "lib", "wasm", "wasm_exec_node.js"), f}, args...)...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	require.NoError(t, err, "%s", out)
	return string(out), 0
}

// TestPackedModuleRuns: a program whose stacks grow, are copied and scanned by the
// collector while deep, and whose panics unwind and recover, also in a generic
// function, runs the same packed without the tables for crash traces as with them; its
// stack traces name the same functions, generic ones as the runtime prints them
// ("main.(*pair[...]).swap"), each at "?:0" instead of its file and line and with no
// arguments, and its final panic exits as before.
func TestPackedModuleRuns(t *testing.T) {
	withLines, without := packedBothWays(t, "./testdata/stacks")

	place := regexp.MustCompile(`(?m)(\t| )\S+\.(go|s):\d+( |$)`)
	args := regexp.MustCompile(`(?m)^(.*)\([^()\n]*\)$`) // a frame's arguments, the last parentheses of its line
	for _, argv := range [][]string{nil, {"panic"}} {
		want, wantCode := runNode(t, withLines, argv...)
		got, code := runNode(t, without, argv...)
		require.Contains(t, want, "recovered: assignment to entry in nil map")
		require.Contains(t, want, "main.main.func2.1()\n\tsmtpsim/cmd/packwasm/testdata/stacks/main.go:", "the trace with lines")
		require.Regexp(t, `main\.\(\*pair\[\.\.\.\]\)\.swap\(0x[0-9a-f]+, 0x1\)\n`, want, "the trace with arguments")
		assert.Equal(t, args.ReplaceAllString(place.ReplaceAllString(want, "$1?:0$3"), "$1()"), got,
			"the same output but for the source places and the arguments")
		assert.Equal(t, wantCode, code)
		assert.Contains(t, got, "main.main.func2.1()\n\t?:0 +0x")
		assert.Contains(t, got, "func main.(*pair[...]).swap\n", "Func.Name of a generic function")
		assert.Contains(t, got, "main.(*pair[...]).swap()\n\t?:0 +0x", "a generic function in a trace")
		assert.NotContains(t, got, ".go:", "no source place left")
	}
	_, code := runNode(t, without, "panic")
	assert.Equal(t, 2, code, "the final panic")
}
