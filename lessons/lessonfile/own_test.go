package lessonfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
)

// read reads files of a folder by name.
func read(t *testing.T, dir string, names ...string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		files[n] = data
	}
	return files
}

// TestCompileOwn: a teacher's own lesson or scenario comes out in the compiled form of
// the course — the same lesson the built-in one is, the same world — and broken files
// as problems at their places, said in the language asked for.
func TestCompileOwn(t *testing.T) {
	course := filepath.Join("..", "course", "02-hello")
	own := lessonfile.CompileOwn(read(t, course, "lesson.yaml", "en.md", "de.md"), "en")
	require.Empty(t, own.Problems)
	assert.Equal(t, lessons.OwnLesson, own.Kind)
	assert.Equal(t, "lesson.yaml", own.Name)
	got, err := lessons.Decode(own.Data)
	require.NoError(t, err)
	builtin, err := lessons.Find("hello")
	require.NoError(t, err)
	for lang, text := range got.Texts {
		assert.Equal(t, lang+".md", text.File, "named as picked")
		text.File = builtin.Texts[lang].File
	}
	assert.Equal(t, builtin.Texts, got.Texts)
	assert.Equal(t, builtin.Checkpoints, got.Checkpoints)
	assert.Equal(t, builtin.World, got.World)

	files := read(t, course, "lesson.yaml", "de.md")
	files["lesson.yaml"] = []byte(strings.Replace(string(files["lesson.yaml"]), "models: [end-to-end, store-and-forward]", "models: [sideways]", 1))
	broken := lessonfile.CompileOwn(files, "de")
	assert.Empty(t, broken.Kind)
	assert.Empty(t, broken.Data)
	require.Len(t, broken.Problems, 1)
	assert.Regexp(t, `^lesson\.yaml:\d+:10: Modell „sideways“ \(erwartet: end-to-end oder store-and-forward\)$`, broken.Problems[0])

	world := lessonfile.CompileOwn(read(t, filepath.Join("..", "scenarios"), "first-mail.yaml"), "en")
	require.Empty(t, world.Problems)
	assert.Equal(t, lessons.Own{Kind: lessons.OwnScenario, Name: "first-mail.yaml", Data: world.Data}, world)
	sc, err := lessons.DecodeWorld(world.Data)
	require.NoError(t, err)
	builtinWorld, ok := lessons.World("first-mail")
	require.True(t, ok)
	assert.Equal(t, builtinWorld, sc)

	bad := lessonfile.CompileOwn(map[string][]byte{"w.yaml": []byte("hosts: 3\n")}, "en")
	assert.Empty(t, bad.Kind)
	assert.NotEmpty(t, bad.Problems)
	assert.True(t, strings.HasPrefix(bad.Problems[0], "w.yaml:1:"), bad.Problems[0])

	assert.Equal(t, lessons.Own{}, lessonfile.CompileOwn(map[string][]byte{"notes.txt": []byte("x")}, "en"))
}

// Several scenario files without a lesson: the first by name opens, every time.
func TestCompileOwnPicksTheFirstScenarioByName(t *testing.T) {
	two := read(t, filepath.Join("..", "scenarios"), "first-mail.yaml")
	two["b-world.yaml"], two["a-world.yml"], two["c.yaml"] = two["first-mail.yaml"], two["first-mail.yaml"], two["first-mail.yaml"]
	for range 20 { // map order differs from one range to the next
		own := lessonfile.CompileOwn(two, "en")
		require.Empty(t, own.Problems)
		assert.Equal(t, "a-world.yml", own.Name)
	}
}
