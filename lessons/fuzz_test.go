package lessons_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/world"
)

// FuzzLoadOwn loads a teacher's own lesson as the page does for "your own lessons":
// lesson.yaml beside en.md and de.md (an empty text is left out, as if not chosen),
// then checks it against the simulator. Whatever the files hold, there is no panic:
// a broken lesson gives problems in the FILE:LINE:COL form of smtpsim validate, each
// in one of the files; the same files give the same problems; a lesson without
// problems has a world and a text; and its narration, filled from its runs, carries
// no script to the page.
func FuzzLoadOwn(f *testing.F) {
	f.Fuzz(func(t *testing.T, data, en, de []byte) {
		fsys := fstest.MapFS{"lesson.yaml": {Data: data}}
		for name, text := range map[string][]byte{"en.md": en, "de.md": de} {
			if len(text) > 0 {
				fsys[name] = &fstest.MapFile{Data: text}
			}
		}
		l, err := lessonfile.Load(fsys, ".", "")
		_, again := lessonfile.Load(fsys, ".", "")
		assert.Equal(t, errorText(err), errorText(again), "the same files, the same problems")
		if err != nil {
			requireProblems(t, err, fsys)
			return
		}
		require.NotNil(t, l)
		require.NotNil(t, l.World, "a lesson without problems has a world")
		require.NotEmpty(t, l.Texts, "a lesson without problems has a text")
		require.NotEmpty(t, l.Models)
		for lang, text := range l.Texts {
			assert.Equal(t, lang, text.Lang)
			for _, s := range sections(text) {
				requireSafe(t, s.HTML)
			}
		}

		if err := lessonfile.Check(l); err != nil {
			requireProblems(t, err, fsys)
			return
		}
		for _, model := range l.Models {
			tr := world.Run(l.ScenarioOf(model))
			for lang, text := range l.Texts {
				for _, s := range sections(text) {
					filled := s.Fill(tr, lang)
					requireSafe(t, filled.HTML)
					assert.NotContains(t, filled.Markdown, "{{", "a checked lesson has a value for every placeholder")
				}
			}
		}
	})
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// requireProblems: err lists problems, each with a message and a place in one of
// the files that were loaded.
func requireProblems(t *testing.T, err error, fsys fstest.MapFS) {
	t.Helper()
	var list lessons.ErrorList
	require.True(t, errors.As(err, &list), "%T is not a list of problems: %v", err, err)
	require.NotEmpty(t, list)
	for _, e := range list {
		require.NotEmpty(t, e.Msg, "%v", e)
		assert.Contains(t, fsys, e.File, "%v: a problem of a file that was loaded", e)
		assert.GreaterOrEqual(t, e.Line, 1, "%v", e)
		assert.GreaterOrEqual(t, e.Col, 1, "%v", e)
	}
}

// sections lists every piece of narration of a text.
func sections(text *lessons.Text) []lessons.Section {
	out := []lessons.Section{text.Try, text.Intro}
	for _, s := range text.Steps {
		out = append(out, s)
	}
	for _, c := range text.Checkpoints {
		out = append(out, c.Question, c.Explain)
		for _, o := range c.Options {
			out = append(out, o)
		}
	}
	return out
}

// requireSafe: no script reaches the page, neither as an element nor as a link.
func requireSafe(t *testing.T, html string) {
	t.Helper()
	lower := strings.ToLower(html)
	for _, bad := range []string{"<script", "<iframe", "<object", "<embed", `href="javascript:`, `src="javascript:`, `href="vbscript:`} {
		require.NotContains(t, lower, bad, "%q", html)
	}
}
