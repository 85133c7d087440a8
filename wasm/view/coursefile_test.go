package view_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

// TestCourseFile: opening a state reads one compiled file of the course, the one the
// page must fetch first — the lesson's, the sandbox world's, the world an old link
// names as a lesson, or the first lesson's where Open falls back to it — and none for
// a file of the learner's own. Every file it names is one the site serves.
func TestCourseFile(t *testing.T) {
	first := lessons.LessonFile(lessons.Index()[0].ID)
	for _, c := range []struct {
		state view.State
		want  string
	}{
		{view.State{Lesson: "dns"}, "lesson/dns.json"},
		{view.State{Lesson: "dns", Step: 12, Answers: map[string]string{"preference": "a"}}, "lesson/dns.json"},
		{view.State{World: "bounce"}, "world/bounce.json"},
		{view.State{Lesson: "dns", World: "bounce"}, "world/bounce.json"},
		{view.State{Lesson: "retries"}, "world/retries.json"}, // a link from before world=
		{view.State{Lesson: "no-such-lesson"}, first},
		{view.State{World: "no-such-world"}, first},
		{view.State{}, first},
		{view.State{Own: "my-world.yaml"}, ""},
	} {
		got := view.CourseFile(c.state)
		assert.Equal(t, c.want, got, "%+v", c.state)
		if got != "" {
			_, ok := lessons.SitePath(got)
			assert.True(t, ok, got)
		}
		// Open reads exactly that file.
		if p, _ := view.Open(c.state); c.want != "" && p.Lesson != nil {
			assert.Equal(t, c.want, lessons.LessonFile(p.Lesson.ID), "%+v", c.state)
		}
	}
	assert.Equal(t, "lesson/journey.json", view.SessionCourseFile(view.Session{Lesson: "journey"}))
	assert.Equal(t, "world/bounce.json", view.SessionCourseFile(view.Session{World: "bounce"}))
	assert.Equal(t, "", view.SessionCourseFile(view.Session{Own: map[string][]byte{"w.yaml": []byte("x")}, OwnName: "w.yaml"}))
}

// TestRunFiles: every run reads the catalog of explanations' part in its language
// (English when it names none) besides its course file, a run of the learner's own
// files only the catalog.
func TestRunFiles(t *testing.T) {
	en, de := lessons.CatalogFile("en"), lessons.CatalogFile("de")
	assert.Equal(t, []string{"lesson/dns.json", en}, view.RunFiles(view.State{Lesson: "dns"}))
	assert.Equal(t, []string{"lesson/dns.json", de}, view.RunFiles(view.State{Lesson: "dns", Lang: "de"}))
	assert.Equal(t, []string{"world/bounce.json", en}, view.RunFiles(view.State{World: "bounce", Lang: "en"}))
	assert.Equal(t, []string{de}, view.RunFiles(view.State{Own: "my-world.yaml", Lang: "de"}))
	assert.Equal(t, []string{"lesson/journey.json", en}, view.SessionFiles(view.Session{Lesson: "journey"}))
	assert.Equal(t, []string{"lesson/journey.json", de}, view.SessionFiles(view.Session{Lesson: "journey", Lang: "de"}))
	assert.Equal(t, []string{de}, view.SessionFiles(view.Session{Own: map[string][]byte{"w.yaml": []byte("x")}, OwnName: "w.yaml", Lang: "de"}))
}

// TestFetchedCatalog: a part of the catalog fetched goes to the course when it is that
// part; else the page names it, in either language, as it names a lesson that failed.
func TestFetchedCatalog(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(lessons.CompiledPath(name))))
		require.NoError(t, err)
		return data
	}
	hello := read("lesson/hello.json")
	for lang, title := range map[string]string{"en": "Explanations of replies and events", "de": "Erklärungen der Antworten und Ereignisse"} {
		for _, part := range lessons.Languages {
			name := lessons.CatalogFile(part)
			assert.Equal(t, view.T(lang, "course.failed.status", title, 500), view.Fetched(name, 500, nil).Say(lang))
			assert.Equal(t, view.T(lang, "course.failed.broken", title), view.Fetched(name, 200, hello).Say(lang))
			assert.Equal(t, view.T(lang, "course.loading", title), view.CourseLoading(lang, name))
		}
	}
	assert.NotNil(t, view.Fetched(lessons.CatalogFile("de"), 200, read(lessons.CatalogFile("en"))), "the other language's part")
	for _, lang := range lessons.Languages {
		assert.Nil(t, view.Fetched(lessons.CatalogFile(lang), 200, read(lessons.CatalogFile(lang))))
	}
}

// TestFetched: a fetched file that is good goes to the course, and the lesson opens
// from it; no answer, an error status or a damaged file is a problem said in either
// language, naming the lesson by its title there, and nothing is kept.
func TestFetched(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "..", "lessons", "compiled", "lesson", "hello.json"))
	require.NoError(t, err)
	for _, lang := range []string{"en", "de"} {
		title := lessons.Index()[1].Title(lang)
		require.Equal(t, "hello", lessons.Index()[1].ID)
		for _, c := range []struct {
			status int
			data   []byte
			want   string
		}{
			{0, nil, view.T(lang, "course.failed.network", title)},
			{404, []byte("not found"), view.T(lang, "course.failed.status", title, 404)},
			{500, nil, view.T(lang, "course.failed.status", title, 500)},
			{200, good[:len(good)/2], view.T(lang, "course.failed.broken", title)},
			{200, []byte(`{"ID": "hello"}`), view.T(lang, "course.failed.broken", title)},
			{200, good, ""},
			{203, good, ""}, // any 2xx is the file: a proxy may say 203
			{204, nil, view.T(lang, "course.failed.broken", title)},
		} {
			problem := view.Fetched("lesson/hello.json", c.status, c.data)
			if c.want == "" {
				assert.Nil(t, problem, "%s %d", lang, c.status)
				continue
			}
			require.NotNil(t, problem, "%s %d", lang, c.status)
			assert.Equal(t, c.want, problem.Say(lang), "%s %d", lang, c.status)
			assert.Contains(t, problem.Say(lang), title)
		}
	}
	assert.Contains(t, view.Fetched("world/bounce.json", 0, nil).Say("de"), view.SandboxTitle("de", "bounce"))
	assert.Contains(t, view.CourseLoading("de", "lesson/hello.json"), "Hallo und Tschüss")
	l, err := lessons.Find("hello")
	require.NoError(t, err)
	assert.Equal(t, "hello", l.ID)
}
