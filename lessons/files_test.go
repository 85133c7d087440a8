package lessons_test

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/internal/contenthash"
	"smtpsim/lessons"
)

// TestProvide: a compiled file the page fetched is taken only if it is a file of the
// course that decodes as what its name says; the lesson handed in is what the next
// Find returns, once.
func TestProvide(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("compiled", filepath.FromSlash(name)))
		require.NoError(t, err)
		return data
	}
	hello, bounce := read("lesson/hello.json"), read("world/bounce.json")
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"lesson/no-such.json", hello},
		{"../compiled/lesson/hello.json", hello},
		{"lesson/hello.json", hello[:100]},
		{"lesson/hello.json", []byte(`{"ID": "hello"}`)},
		{"lesson/journey.json", hello}, // another lesson's file
		{"world/bounce.json", []byte(`[1, 2]`)},
	} {
		assert.Error(t, lessons.Provide(c.name, c.data), "%s %.40q", c.name, c.data)
	}
	require.NoError(t, lessons.Provide("world/bounce.json", bounce))
	require.NoError(t, lessons.Provide("lesson/hello.json", hello))
	assert.True(t, lessons.Have("lesson/hello.json"))
	assert.False(t, lessons.Have("lesson/no-such.json"))
	first, err := lessons.Find("hello")
	require.NoError(t, err)
	second, err := lessons.Find("hello")
	require.NoError(t, err)
	assert.Equal(t, first, second)
	assert.NotSame(t, first, second, "each caller has a lesson of its own")
}

// TestSitePath: each compiled file has a name in the built site that carries the hash
// of its content, as smtpsim site names files; anything else has none.
func TestSitePath(t *testing.T) {
	p, ok := lessons.SitePath("lesson/hello.json")
	require.True(t, ok)
	assert.Regexp(t, `^course/lesson/hello\.[0-9a-f]{12}\.json$`, p)
	_, ok = lessons.SitePath("lesson/no-such.json")
	assert.False(t, ok)
	for _, lang := range lessons.Languages {
		p, ok = lessons.SitePath(lessons.CatalogFile(lang))
		require.True(t, ok)
		assert.Regexp(t, `^course/catalog\.`+lang+`\.[0-9a-f]{12}\.json$`, p)
	}
	_, ok = lessons.SitePath("catalog.json")
	assert.False(t, ok, "the catalog is fetched in parts")

	// Every compiled file, the first and the last name of the table too, is found with
	// the hash of its content.
	n := 0
	require.NoError(t, fs.WalkDir(os.DirFS("compiled"), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join("compiled", filepath.FromSlash(name)))
		require.NoError(t, err)
		p, ok := lessons.SitePath(name)
		require.True(t, ok, name)
		ext := path.Ext(name)
		assert.Equal(t, "course/"+strings.TrimSuffix(name, ext)+"."+contenthash.Of(data)+ext, p)
		n++
		return nil
	}))
	assert.Greater(t, n, 40, "compiled files")
	for _, name := range []string{"", "guide/a.html", "world/zzz.json", "lesson/hello"} {
		_, ok := lessons.SitePath(name)
		assert.False(t, ok, name)
	}
}

// TestProvideCatalog: each language's part of the catalog is one of the course's
// files: where it is in the repository, and handed in only as the part it is.
func TestProvideCatalog(t *testing.T) {
	assert.Equal(t, "lessons/compiled/lesson/hello.json", lessons.CompiledPath("lesson/hello.json"))
	assert.Equal(t, "lessons/catalog/compiled.de.json", lessons.CompiledPath(lessons.CatalogFile("de")))
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(lessons.CompiledPath(name))))
		require.NoError(t, err)
		return data
	}
	de, en, hello := read(lessons.CatalogFile("de")), read(lessons.CatalogFile("en")), read("lesson/hello.json")
	for _, bad := range [][]byte{de[:100], hello, []byte("{}"), en} {
		assert.Error(t, lessons.Provide(lessons.CatalogFile("de"), bad), "%.40q", bad)
	}
	require.NoError(t, lessons.Provide(lessons.CatalogFile("de"), de))
	require.NoError(t, lessons.Provide(lessons.CatalogFile("en"), en))
	assert.True(t, lessons.Have(lessons.CatalogFile("de")))
	assert.True(t, lessons.Have(lessons.CatalogFile("en")))
	assert.Error(t, lessons.Provide("catalog.fr.json", en), "no part of the course")
}
