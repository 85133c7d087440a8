package site

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The browser tests (wasm/e2e, which cannot import this package) serve the page with a
// copy of the policy: it must be the one smtpsim serve sends, or they test another page.
func TestBrowserTestsServeThisPolicy(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "wasm", "e2e", "e2e_test.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "const csp = "+strconv.Quote(ContentSecurityPolicy))
}
