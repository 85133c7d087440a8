package view

import (
	"maps"
	"slices"
	"strings"
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
	assert.Equal(t, "phrases.de.txt", PhrasesFile("de"))
	lang, ok := PhrasesLang("phrases.de.txt")
	assert.True(t, ok)
	assert.Equal(t, "de", lang)
	for _, name := range []string{"catalog.de.json", "phrases.de", "phrases.de.json", "lesson/phrases.de.txt"} {
		_, ok := PhrasesLang(name)
		assert.False(t, ok, name)
	}
	for _, lang := range lessons.Languages {
		assert.True(t, HavePhrases(lang), "%s: a native program compiles every language in", lang)
		assert.True(t, Have(PhrasesFile(lang)) || lang == "en")
		assert.Empty(t, PhrasesIn(lang), "nothing to fetch that the program has")
	}
	assert.False(t, HavePhrases("xx"))
	assert.Equal(t, []string{"phrases.xx.txt"}, PhrasesIn("xx"))
	assert.Empty(t, PhrasesIn(""))
	assert.Equal(t, []string{"phrases.xx.txt", "catalog.xx.json"}, runFiles("", "xx"))
	assert.Equal(t, []string{lessons.LessonFile("journey"), "catalog.de.json"}, runFiles(lessons.LessonFile("journey"), "de"))

	data, err := PhrasesText("de")
	require.NoError(t, err)
	fields := strings.Split(string(data), "\x00")
	require.Equal(t, 1, len(fields)%3)
	got := map[string]map[string]string{}
	for i := 0; i+2 < len(fields); i += 3 {
		if got[fields[i]] == nil {
			got[fields[i]] = map[string]string{}
		}
		got[fields[i]][fields[i+1]] = fields[i+2]
	}
	require.Len(t, got, 3)
	for name, book := range map[string]*render.Phrasebook{"ui": ui, "narrate": narrate.Phrases(), "words": render.Phrases()} {
		assert.Equal(t, book.Keys("de"), slices.Sorted(maps.Keys(got[name])), name)
		for key, template := range got[name] {
			want, ok := book.Template("de", key)
			assert.True(t, ok)
			assert.Equal(t, want, template, "%s %s", name, key)
		}
	}
	assert.Equal(t, "Sequenzdiagramm", got["ui"]["aria.ladder"])
	_, err = PhrasesText("xx")
	assert.ErrorContains(t, err, `no words in "xx"`)
	assert.Equal(t, "de", LinkLanguage("#lesson=journey&lang=de"))
	assert.Equal(t, "", LinkLanguage("#lesson=journey&lang=fr"))
	assert.Equal(t, "", LinkLanguage("#lesson=journey"))

	before := de(ui)
	for _, bad := range []string{"", "ui\x00aria.ladder\x00x\x00", "ui\x00a\x00b\x00narrate\x00a\x00b\x00words\x00a\x00b",
		"ui\x00a\x00b\x00narrate\x00a\x00b\x00words\x00a\x00b\x00lessons\x00a\x00b\x00", "ui\x00a\x00\xff\x00narrate\x00a\x00b\x00words\x00a\x00b\x00"} {
		p := Fetched(PhrasesFile("de"), 200, []byte(bad))
		require.NotNil(t, p, "%q", bad)
		assert.Equal(t, "„Die Seite auf Deutsch“ konnte nicht geladen werden: Die Datei ist beschädigt angekommen. Versuche es noch einmal oder lade die Seite neu.", p.Say("de"))
		assert.Equal(t, "“The page in German” could not be loaded: its file arrived damaged. Try again, or reload the page.", p.Say("en"))
		assert.Equal(t, before, de(ui), "nothing of a damaged file is kept")
	}
	assert.Equal(t, "“The page in German” could not be loaded: the server answered with status 404. Try again, or reload the page.", Fetched(PhrasesFile("de"), 404, nil).Say("en"))
	assert.Nil(t, Fetched(PhrasesFile("de"), 200, data))
	assert.Equal(t, before, de(ui))
	assert.Equal(t, "Loading “The page in German”…", CourseLoading("en", PhrasesFile("de")))
}

// de is the book's own words in German, by key.
func de(book *render.Phrasebook) map[string]string {
	words := map[string]string{}
	for _, key := range book.Keys("de") {
		words[key], _ = book.Template("de", key)
	}
	return words
}
