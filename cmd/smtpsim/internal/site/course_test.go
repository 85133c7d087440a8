package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
)

// TestBuildNamesCourseAsPageAsks: the compiled course, put into the web folder as make
// wasm does it (web/course, under the hashed names the page asks for, lessons.SitePath),
// comes out of Build under the same names, unchanged, with the compressed copies a
// server sends: the page finds its lessons in the unbuilt folder and the built site.
func TestBuildNamesCourseAsPageAsks(t *testing.T) {
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "dist")
	require.NoError(t, os.WriteFile(filepath.Join(in, "index.html"), []byte(testIndex), 0o644))
	compiled := filepath.Join("..", "..", "..", "..", "lessons", "compiled")
	sources := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(compiled, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(compiled, p)
		data, err := os.ReadFile(p)
		sources[filepath.ToSlash(rel)] = data
		site, ok := lessons.SitePath(filepath.ToSlash(rel))
		require.True(t, ok, rel)
		target := filepath.Join(in, filepath.FromSlash(site))
		require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o755))
		require.NoError(t, os.WriteFile(target, data, 0o644))
		return err
	}))
	require.Len(t, sources, len(lessons.Index())+len(lessons.ScenarioIDs())+len(lessons.Languages)) // and the guide
	// A name whose digits are not its content's hash is no hashed name: it is renamed.
	require.NoError(t, os.WriteFile(filepath.Join(in, "decoy.0123456789ab.json"), []byte("{}"), 0o644))
	_, err := Build(in, out, 1)
	require.NoError(t, err)
	assert.NoFileExists(t, filepath.Join(out, "decoy.0123456789ab.json"))
	for name, data := range sources {
		site, ok := lessons.SitePath(name)
		require.True(t, ok, name)
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(site)))
		require.NoError(t, err, "%s is not where the page asks for it", name)
		assert.Equal(t, string(data), string(got), name)
		assert.FileExists(t, filepath.Join(out, filepath.FromSlash(site))+".br", name)
		assert.FileExists(t, filepath.Join(out, filepath.FromSlash(site))+".gz", name)
	}
}
