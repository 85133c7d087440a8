package render_test

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/render"
	"smtpsim/sim/render/phrasefile"
)

func TestWordsCompiled(t *testing.T) {
	require.NoError(t, phrasefile.CheckCompiled(os.DirFS("."), "words", "render"))
}

// writeSources writes what go generate writes for the book in dir.
func writeSources(t *testing.T, dir string) {
	t.Helper()
	files, err := phrasefile.Sources(os.DirFS(dir), "book", "book")
	require.NoError(t, err)
	for name, src := range files {
		require.NoError(t, os.WriteFile(dir+"/"+name, src, 0o644))
	}
}

// TestCheckCompiledStale: English is compiled for every program, each other language
// in a file of its own that the page's build leaves out; a book whose YAML changed
// after go generate is reported, in either language, and so is the file of a
// language the book no longer has.
func TestCheckCompiledStale(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/book.en.yaml", []byte("hello: Hello\n"), 0o644))
	require.NoError(t, os.WriteFile(dir+"/book.de.yaml", []byte("hello: Hallo\n"), 0o644))
	files, err := phrasefile.Sources(os.DirFS(dir), "book", "book")
	require.NoError(t, err)
	require.Len(t, files, 2)
	assert.Contains(t, string(files["book_gen.go"]), `"Hello"`)
	assert.NotContains(t, string(files["book_gen.go"]), "Hallo")
	assert.True(t, strings.HasPrefix(strings.SplitN(string(files["book_de_gen.go"]), "\n\n", 3)[1], "//go:build !js"), "German is left out of the page's build")
	assert.Contains(t, string(files["book_de_gen.go"]), `bookPhrases["de"] = map[string]string{`)
	writeSources(t, dir)
	require.NoError(t, phrasefile.CheckCompiled(os.DirFS(dir), "book", "book"))

	require.NoError(t, os.WriteFile(dir+"/book.en.yaml", []byte("hello: Hi\n"), 0o644))
	require.ErrorContains(t, phrasefile.CheckCompiled(os.DirFS(dir), "book", "book"), "book_gen.go is stale")
	writeSources(t, dir)
	require.NoError(t, os.WriteFile(dir+"/book.de.yaml", []byte("hello: Servus\n"), 0o644))
	require.ErrorContains(t, phrasefile.CheckCompiled(os.DirFS(dir), "book", "book"), "book_de_gen.go is stale")
	writeSources(t, dir)
	require.NoError(t, os.Remove(dir+"/book.de.yaml"))
	require.ErrorContains(t, phrasefile.CheckCompiled(os.DirFS(dir), "book", "book"), "book_de_gen.go is left from a language")

	require.NoError(t, os.Remove(dir+"/book.en.yaml"))
	require.NoError(t, os.WriteFile(dir+"/book.de.yaml", []byte("hello: Hallo\n"), 0o644))
	_, err = phrasefile.Sources(os.DirFS(dir), "book", "book")
	require.ErrorContains(t, err, "book.en.yaml is missing")

	book := render.CompiledPhrasebook([][2]string{{"hello", "Hello %s"}}, map[string]map[string]string{}, render.Phrases())
	require.Equal(t, "Hello Bob", book.Say("de", "hello", "Bob"))
}

// TestCompiledEnglish: a compiled book's English, pairs sorted by key, is found by
// its key wherever it stands, a key it lacks is the fallback book's or said as the
// key itself, and its keys come out sorted.
func TestCompiledEnglish(t *testing.T) {
	behind := render.CompiledPhrasebook([][2]string{{"b", "not this"}, {"only.behind", "from behind"}}, map[string]map[string]string{}, nil)
	english := [][2]string{{"a", "first"}, {"b", "second %d"}, {"b.c", "third"}, {"m", "middle"}, {"z", "last"}}
	book := render.CompiledPhrasebook(english, map[string]map[string]string{}, behind)
	for _, tc := range []struct{ lang, key, want string }{
		{"en", "a", "first"},
		{"en", "b.c", "third"},
		{"en", "m", "middle"},
		{"en", "z", "last"},
		{"de", "z", "last"}, // English stands in for a language the book lacks
		{"en", "only.behind", "from behind"},
		{"en", "", ""},
		{"en", "0", "0"},
		{"en", "zz", "zz"},
		{"en", "b.", "b."},
	} {
		assert.Equal(t, tc.want, book.Say(tc.lang, tc.key), "%s %q", tc.lang, tc.key)
	}
	assert.Equal(t, "second 2", book.Say("en", "b", 2), "the book's own template before the one behind it")
	assert.Equal(t, []string{"a", "b", "b.c", "m", "z"}, book.Keys("en"))
	assert.True(t, book.Has("en"))
	assert.False(t, book.Has("de"))
	template, ok := book.Template("en", "m")
	assert.True(t, ok)
	assert.Equal(t, "middle", template)
	_, ok = book.Template("en", "only.behind")
	assert.False(t, ok, "Template is the book's own, not the one behind it")

	// The compiled words of a rendered run: their keys are sorted, as a binary search
	// needs them.
	keys := render.Phrases().Keys("en")
	assert.True(t, slices.IsSorted(keys))
	assert.NotEmpty(t, keys)
}

// TestProvide: a language handed in later is said from then on; until then the book
// says English. Books read while one is handed in see it whole or not at all.
func TestProvide(t *testing.T) {
	book := render.CompiledPhrasebook([][2]string{{"bye", "Bye"}, {"hello", "Hello %s"}}, map[string]map[string]string{}, nil)
	assert.False(t, book.Has("de"))
	assert.Equal(t, "Hello Bob", book.Say("de", "hello", "Bob"))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				if s := book.Say("de", "hello", "Bob"); s != "Hello Bob" && s != "Hallo Bob" {
					t.Errorf("said %q", s)
				}
			}
		})
	}
	book.Provide("de", map[string]string{"hello": "Hallo %s"})
	wg.Wait()
	assert.True(t, book.Has("de"))
	assert.Equal(t, "Hallo Bob", book.Say("de", "hello", "Bob"))
	assert.Equal(t, "Bye", book.Say("de", "bye"), "a key the language lacks is said in English")
	assert.Equal(t, []string{"hello"}, book.Keys("de"))
}
