package render_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"smtpsim/sim/render"
	"smtpsim/sim/render/phrasefile"
)

func TestWordsCompiled(t *testing.T) {
	require.NoError(t, phrasefile.CheckCompiled(os.DirFS("."), "words", "render"))
}

// TestCheckCompiledStale: a book whose YAML changed after go generate is reported.
func TestCheckCompiledStale(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/book.en.yaml", []byte("hello: Hello\n"), 0o644))
	src, err := phrasefile.Source(os.DirFS(dir), "book", "book")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(dir+"/book_gen.go", src, 0o644))
	require.NoError(t, phrasefile.CheckCompiled(os.DirFS(dir), "book", "book"))
	require.NoError(t, os.WriteFile(dir+"/book.en.yaml", []byte("hello: Hi\n"), 0o644))
	require.ErrorContains(t, phrasefile.CheckCompiled(os.DirFS(dir), "book", "book"), "book_gen.go is stale")
	book := render.CompiledPhrasebook(map[string]map[string]string{"en": {"hello": "Hello %s"}}, render.Phrases())
	require.Equal(t, "Hello Bob", book.Say("de", "hello", "Bob"))
}
