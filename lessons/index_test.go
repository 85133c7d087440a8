package lessons_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/guidehtml"
	"smtpsim/lessons/lessonfile"
)

// TestIndexCurrent fails when a lesson changed and index_gen.go was not generated again.
func TestIndexCurrent(t *testing.T) {
	want, err := lessonfile.IndexSource(guidehtml.Render)
	require.NoError(t, err)
	got, err := os.ReadFile("index_gen.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "lessons/index_gen.go is stale: run go generate ./lessons (make generate)")
}

// TestGuideCurrent: the compiled guide the page shows (lessons/compiled/guide, checked
// current by TestCompiledCurrent) is the Markdown rendered.
func TestGuideCurrent(t *testing.T) {
	for _, lang := range lessons.Languages {
		src, err := lessons.GuideMarkdown(lang)
		require.NoError(t, err)
		html, err := guidehtml.Render(src)
		require.NoError(t, err)
		g, err := lessons.TeachersGuide(lang)
		require.NoError(t, err)
		assert.Equal(t, html, g.HTML, lang)
	}
}

// TestIndexIsCourse: the start page's list is the course, in order, and each entry
// opens the lesson it names.
func TestIndexIsCourse(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	index := lessons.Index()
	require.Len(t, index, len(course))
	for i, l := range course {
		assert.Equal(t, l.Entry(), index[i])
	}
}

// TestEntryText: an entry's card by language, and its title in English where it lacks
// the language.
func TestEntryText(t *testing.T) {
	e := lessons.Entry{ID: "x", Texts: []lessons.EntryText{{Lang: "en", Title: "Hello"}, {Lang: "de", Title: "Hallo"}}}
	for _, c := range []struct {
		lang, title string
		ok          bool
	}{{"en", "Hello", true}, {"de", "Hallo", true}, {"fr", "Hello", false}} {
		text, ok := e.Text(c.lang)
		assert.Equal(t, c.ok, ok, c.lang)
		if ok {
			assert.Equal(t, c.lang, text.Lang)
			assert.Equal(t, c.title, text.Title)
		}
		assert.Equal(t, c.title, e.Title(c.lang), c.lang)
	}
	for _, e := range lessons.Index() {
		require.Len(t, e.Texts, len(lessons.Languages), e.ID)
		for i, lang := range lessons.Languages {
			assert.Equal(t, lang, e.Texts[i].Lang, e.ID)
		}
	}
}
