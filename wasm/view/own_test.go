package view_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/budget"
	"smtpsim/wasm/view"
)

// picked reads files as a teacher would pick them in the browser: by name, no folder.
func picked(t *testing.T, dir string, names ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		out[name] = data
	}
	return out
}

// TestLoadOwnLesson: a lesson picked as lesson.yaml with its texts opens, in the
// languages picked; a broken one says where it is broken.
func TestLoadOwnLesson(t *testing.T) {
	dir := filepath.Join("..", "..", "lessons", "course", "02-hello")
	p, problems := view.LoadOwn(picked(t, dir, "lesson.yaml", "en.md", "de.md"), "de")
	require.Empty(t, problems)
	require.NotNil(t, p.Lesson)
	assert.Equal(t, "hello", p.Lesson.ID)
	assert.Equal(t, "de", p.Lang)
	assert.Positive(t, p.Trace.Len())
	assert.Len(t, p.Lesson.Texts, 2)

	p, problems = view.LoadOwn(picked(t, dir, "lesson.yaml", "en.md"), "en")
	require.Empty(t, problems)
	assert.Len(t, p.Lesson.Texts, 1, "only the language picked")

	files := picked(t, dir, "lesson.yaml", "en.md")
	files["lesson.yaml"] = append([]byte("models: [sideways]\n"), files["lesson.yaml"]...)
	p, problems = view.LoadOwn(files, "en")
	assert.Nil(t, p)
	require.NotEmpty(t, problems)
	assert.Regexp(t, `^lesson\.yaml:\d+:\d+: `, problems[0], "FILE:LINE:COL, as smtpsim validate")
}

// TestLoadOwnScenario: a scenario file opens as a sandbox.
func TestLoadOwnScenario(t *testing.T) {
	p, problems := view.LoadOwn(picked(t, filepath.Join("..", "..", "lessons", "scenarios"), "bounce.yaml"), "en")
	require.Empty(t, problems)
	assert.Nil(t, p.Lesson)
	assert.Positive(t, p.Trace.Len())

	_, problems = view.LoadOwn(map[string][]byte{"notes.txt": []byte("hello")}, "en")
	assert.Equal(t, []string{"choose lesson.yaml with en.md or de.md, or a scenario .yaml file"}, problems)
}

// A picked file past the byte budget is refused, in the form of smtpsim validate,
// before it is parsed.
func TestLoadOwnRefusesLargeFiles(t *testing.T) {
	big := make([]byte, budget.FileBytes+1)
	p, problems := view.LoadOwn(map[string][]byte{"huge.yaml": big}, "en")
	assert.Nil(t, p)
	assert.Equal(t, []string{"huge.yaml:1:1: the file has more than 1048576 octets (expected at most 1048576: a scenario or lesson a learner can follow is far smaller)"}, problems)
	assert.True(t, view.FileTooLarge(5_000_000))
	assert.False(t, view.FileTooLarge(budget.FileBytes))
	assert.Equal(t, "big.md:1:1: the file has 5000000 octets (expected at most 1048576: a scenario or lesson a learner can follow is far smaller)", view.TooLarge("big.md", 5_000_000))
}
