package catalog

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/internal/contenthash"
)

// TestHashCurrent: the hash that names each language's part in the built site is its
// content's; go generate writes both.
func TestHashCurrent(t *testing.T) {
	require.NoError(t, Load())
	for _, lang := range Languages() {
		data, err := os.ReadFile(PartFile(lang))
		require.NoError(t, err)
		hash, ok := Hash(lang)
		assert.True(t, ok, lang)
		assert.Equal(t, contenthash.Of(data), hash, "lessons/catalog/hash_gen.go is stale: run go generate ./lessons/catalog (make generate)")
	}
	_, ok := Hash("fr")
	assert.False(t, ok)
}

// TestPartsAreTheWhole: each language's part holds that language alone, and its
// entries and glossary are the whole catalog's in that language.
func TestPartsAreTheWhole(t *testing.T) {
	whole, err := decode(compiled)
	require.NoError(t, err)
	require.Equal(t, []string{"de", "en"}, whole.Langs)
	for _, lang := range whole.Langs {
		data, err := os.ReadFile(PartFile(lang))
		require.NoError(t, err)
		part, err := decode(data)
		require.NoError(t, err)
		assert.Equal(t, []string{lang}, part.Langs)
		assert.Equal(t, map[string]map[string]Entry{lang: whole.Reasons[lang]}, part.Reasons, lang)
		assert.Equal(t, map[string]map[string]Entry{lang: whole.Codes[lang]}, part.Codes, lang)
		assert.Equal(t, map[string][]Term{lang: whole.Glossary[lang]}, part.Glossary, lang)
	}
}

// asThePage makes the program the web page's, which has no catalog embedded, until
// the test ends.
func asThePage(t *testing.T) {
	savedFile, savedCatalog := compiled, loaded.Load()
	compiled = nil
	loaded.Store(nil)
	parts.Clear()
	t.Cleanup(func() {
		compiled = savedFile
		loaded.Store(savedCatalog)
		parts.Clear()
	})
}

// TestProvide: in a program without the embedded catalog, as the page is, a lookup
// finds nothing until the part of its language is handed in; a file that does not
// decode, or that is not that part, is refused and leaves nothing behind; the good
// one serves every lookup in its language after it, and the other language's part,
// handed in later, joins it.
func TestProvide(t *testing.T) {
	asThePage(t)
	lesson, err := os.ReadFile("../compiled/lesson/hello.json")
	require.NoError(t, err)
	de, err := os.ReadFile(PartFile("de"))
	require.NoError(t, err)
	en, err := os.ReadFile(PartFile("en"))
	require.NoError(t, err)

	assert.True(t, errors.Is(Load(), ErrNotProvided), "before it is handed in: %v", Load())
	_, ok := Reason("en", "rcpt.unknown-user")
	assert.False(t, ok, "nothing to look up in")
	for _, bad := range []struct {
		what string
		data []byte
	}{
		{"nothing", nil},
		{"cut short", de[:len(de)/2]},
		{"not JSON", []byte("langs: [de]")},
		{"a lesson's file", lesson},
		{"an empty object", []byte("{}")},
		{"a language without texts", []byte(`{"Langs": ["de"], "Reasons": {"de": {}}}`)},
		{"the other language's part", en},
		{"both languages", compiled},
	} {
		require.Error(t, Provide("de", bad.data), bad.what)
		assert.Error(t, Load(), "%s is not kept", bad.what)
		assert.Nil(t, Languages(), bad.what)
	}

	require.NoError(t, Provide("de", de))
	require.NoError(t, Load())
	assert.Equal(t, []string{"de"}, Languages())
	assert.True(t, Has("de"))
	assert.False(t, Has("en"))
	e, ok := Reason("de", "rcpt.unknown-user")
	require.True(t, ok)
	assert.NotEmpty(t, e.Text)
	_, ok = Code("en", "550")
	assert.False(t, ok, "English is not there yet")

	require.Error(t, Provide("en", lesson))
	_, ok = Code("de", "550")
	assert.True(t, ok, "a bad file later leaves the part provided in place")

	require.NoError(t, Provide("en", en))
	assert.Equal(t, []string{"de", "en"}, Languages())
	e, ok = Code("en", "550")
	require.True(t, ok)
	assert.NotEmpty(t, e.Title)
	german, ok := Code("de", "550")
	require.True(t, ok, "the German part stays")
	assert.NotEqual(t, e.Title, german.Title)
	require.NoError(t, Provide("de", de), "a part handed in again")
	assert.Equal(t, []string{"de", "en"}, Languages())
}
