package lessons_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/guidehtml"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/problem"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/world"
)

// TestCompiledCurrent fails when a lesson or scenario changed and lessons/compiled was
// not generated again: the page reads the compiled files, not the sources.
func TestCompiledCurrent(t *testing.T) {
	want, err := lessonfile.Compile(guidehtml.Render)
	require.NoError(t, err)
	got := map[string][]byte{}
	require.NoError(t, filepath.WalkDir("compiled", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel("compiled", p)
		got[filepath.ToSlash(rel)] = data
		return err
	}))
	require.Equal(t, len(want), len(got), "lessons/compiled is stale: run go generate ./lessons (make generate)")
	for name, data := range want {
		assert.Equal(t, string(data), string(got[name]), "lessons/compiled/%s is stale: run go generate ./lessons (make generate)", name)
	}
}

// TestCompiledIsParsed: every lesson the page opens (lessons.Find, compiled) is the
// lesson parsing its files gives, all but the places in the files; every built-in
// scenario (lessons.World) is its file parsed; and filling a section gives the same
// text in both.
func TestCompiledIsParsed(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	require.Len(t, course, len(lessons.Index()))
	for _, parsed := range course {
		compiled, err := lessons.Find(parsed.ID)
		require.NoError(t, err)
		withoutPlaces(parsed)
		assert.Equal(t, parsed, compiled, parsed.ID)

		tr := world.Run(compiled.ScenarioOf(""))
		for _, lang := range lessons.Languages {
			for id, s := range parsed.Texts[lang].Steps {
				assert.Equal(t, s.Fill(tr, lang), compiled.Texts[lang].Steps[id].Fill(tr, lang), "%s %s %s", parsed.ID, lang, id)
			}
		}
	}
	require.NotEmpty(t, lessons.ScenarioIDs())
	assert.Equal(t, lessonfile.ScenarioIDs(), lessons.ScenarioIDs())
	for _, id := range lessons.ScenarioIDs() {
		src, name, ok := lessons.Scenario(id)
		require.True(t, ok, id)
		parsed, err := scenariofile.Parse(name, src)
		require.NoError(t, err)
		compiled, ok := lessons.World(id)
		require.True(t, ok, id)
		assert.Equal(t, parsed, compiled, id)
	}
	_, err = lessons.Find("no-such-lesson")
	assert.Error(t, err)
	_, ok := lessons.World("../scenarios/bulk")
	assert.False(t, ok)
}

// withoutPlaces clears what a compiled lesson leaves out: where each part stood in
// its files.
func withoutPlaces(l *lessons.Lesson) {
	for i := range l.Steps {
		l.Steps[i].Place = problem.Pos{}
	}
	for i := range l.Checkpoints {
		l.Checkpoints[i].Place = problem.Pos{}
		for j := range l.Checkpoints[i].Options {
			l.Checkpoints[i].Options[j].Place = problem.Pos{}
		}
	}
	l.Try.Place = problem.Pos{}
	for _, t := range l.Texts {
		for _, p := range t.Placeholders {
			p.Place = problem.Pos{}
		}
	}
}
