package view

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/narrate"
	"smtpsim/sim/render"
)

// TestPhrasesFile: every language but English has a file of the page's words, which
// holds each book's words in that language as the books have them; handing it in
// again keeps them, and a damaged file is refused whole.
func TestPhrasesFile(t *testing.T) {
	assert.Equal(t, "", PhrasesFile("en"))
	assert.Equal(t, "phrases.de.json", PhrasesFile("de"))
	lang, ok := PhrasesLang("phrases.de.json")
	assert.True(t, ok)
	assert.Equal(t, "de", lang)
	for _, name := range []string{"catalog.de.json", "phrases.de", "lesson/phrases.de.json"} {
		_, ok := PhrasesLang(name)
		assert.False(t, ok, name)
	}
	for _, lang := range lessons.Languages {
		assert.True(t, HavePhrases(lang), "%s: a native program compiles every language in", lang)
		assert.True(t, Have(PhrasesFile(lang)) || lang == "en")
		assert.Empty(t, PhrasesIn(lang), "nothing to fetch that the program has")
	}
	assert.False(t, HavePhrases("xx"))
	assert.Equal(t, []string{"phrases.xx.json"}, PhrasesIn("xx"))
	assert.Empty(t, PhrasesIn(""))
	assert.Equal(t, []string{"phrases.xx.json", "catalog.xx.json"}, runFiles("", "xx"))
	assert.Equal(t, []string{lessons.LessonFile("journey"), "catalog.de.json"}, runFiles(lessons.LessonFile("journey"), "de"))

	data, err := PhrasesJSON("de")
	require.NoError(t, err)
	var books map[string]map[string]string
	require.NoError(t, json.Unmarshal(data, &books))
	require.Len(t, books, 3)
	for name, book := range map[string]*render.Phrasebook{"ui": ui, "narrate": narrate.Phrases(), "words": render.Phrases()} {
		assert.Equal(t, book.Words("de"), books[name], name)
		assert.NotEmpty(t, books[name], name)
	}
	assert.Equal(t, "Sequenzdiagramm", books["ui"]["aria.ladder"])
	_, err = PhrasesJSON("xx")
	assert.ErrorContains(t, err, `no words in "xx"`)
	assert.Equal(t, "de", LinkLanguage("#lesson=journey&lang=de"))
	assert.Equal(t, "", LinkLanguage("#lesson=journey&lang=fr"))
	assert.Equal(t, "", LinkLanguage("#lesson=journey"))

	before := ui.Words("de")
	for _, bad := range []string{"", "not json", `{"ui":{"aria.ladder":"x"}}`, `{"ui":{"a":"b"},"narrate":{"a":"b"},"words":{}}`, `[]`} {
		p := Fetched(PhrasesFile("de"), 200, []byte(bad))
		require.NotNil(t, p, "%q", bad)
		assert.Equal(t, "„Die Seite auf Deutsch“ konnte nicht geladen werden: Die Datei ist beschädigt angekommen. Versuche es noch einmal oder lade die Seite neu.", p.Say("de"))
		assert.Equal(t, "“The page in German” could not be loaded: its file arrived damaged. Try again, or reload the page.", p.Say("en"))
		assert.Equal(t, before, ui.Words("de"), "nothing of a damaged file is kept")
	}
	assert.Equal(t, "“The page in German” could not be loaded: the server answered with status 404. Try again, or reload the page.", Fetched(PhrasesFile("de"), 404, nil).Say("en"))
	assert.Nil(t, Fetched(PhrasesFile("de"), 200, data))
	assert.Equal(t, before, ui.Words("de"))
	assert.Equal(t, "Loading “The page in German”…", CourseLoading("en", PhrasesFile("de")))
}
