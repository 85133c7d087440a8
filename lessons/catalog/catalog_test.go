package catalog

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/internal/contenthash"
)

// TestHashCurrent: the hash that names compiled.json in the built site is its
// content's; go generate writes both.
func TestHashCurrent(t *testing.T) {
	assert.Equal(t, contenthash.Of(compiled), Hash, "lessons/catalog/hash_gen.go is stale: run go generate ./lessons/catalog (make generate)")
}

// asThePage makes the program the web page's, which has no catalog embedded, until
// the test ends.
func asThePage(t *testing.T) {
	savedFile, savedCatalog := compiled, loaded.Load()
	compiled = nil
	loaded.Store(nil)
	t.Cleanup(func() {
		compiled = savedFile
		loaded.Store(savedCatalog)
	})
}

// TestProvide: in a program without the embedded catalog, as the page is, a lookup
// finds nothing until the catalog's file is handed in; a file that does not decode, or
// that is not the catalog, is refused and leaves nothing behind; the good one serves
// every lookup after it.
func TestProvide(t *testing.T) {
	asThePage(t)
	lesson, err := os.ReadFile("../compiled/lesson/hello.json")
	require.NoError(t, err)
	file, err := os.ReadFile("compiled.json")
	require.NoError(t, err)

	assert.True(t, errors.Is(Load(), ErrNotProvided), "before it is handed in: %v", Load())
	_, ok := Reason("en", "rcpt.unknown-user")
	assert.False(t, ok, "nothing to look up in")
	for _, bad := range []struct {
		what string
		data []byte
	}{
		{"nothing", nil},
		{"cut short", file[:len(file)/2]},
		{"not JSON", []byte("langs: [en]")},
		{"a lesson's file", lesson},
		{"an empty object", []byte("{}")},
		{"a language without texts", []byte(`{"Langs": ["en"], "Reasons": {"en": {}}}`)},
	} {
		require.Error(t, Provide(bad.data), bad.what)
		assert.Error(t, Load(), "%s is not kept", bad.what)
		assert.Nil(t, Languages(), bad.what)
	}

	require.NoError(t, Provide(file))
	require.NoError(t, Load())
	assert.Equal(t, []string{"de", "en"}, Languages())
	e, ok := Reason("de", "rcpt.unknown-user")
	require.True(t, ok)
	assert.NotEmpty(t, e.Text)
	e, ok = Code("en", "550")
	require.True(t, ok)
	assert.NotEmpty(t, e.Title)

	require.Error(t, Provide(lesson))
	_, ok = Code("en", "550")
	assert.True(t, ok, "a bad file later leaves the catalog provided in place")
}
