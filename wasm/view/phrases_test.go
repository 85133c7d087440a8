package view

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
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
	templates := strings.Split(string(data), "\x00")
	for _, b := range phrasebooks() {
		for _, key := range b.book.Keys("en") {
			want, ok := b.book.Template("de", key)
			require.True(t, ok, "%s %s", b.name, key)
			require.Equal(t, want, templates[0], "%s %s", b.name, key)
			templates = templates[1:]
		}
	}
	assert.Equal(t, []string{""}, templates, "a template for each key, each ended by a NUL")
	assert.Contains(t, string(data), "\x00Sequenzdiagramm\x00")
	assert.NotContains(t, string(data), "aria.ladder", "no keys")
	_, err = PhrasesText("xx")
	assert.ErrorContains(t, err, `no words in "xx"`)
	assert.Equal(t, "de", LinkLanguage("#lesson=journey&lang=de"))
	assert.Equal(t, "", LinkLanguage("#lesson=journey&lang=fr"))
	assert.Equal(t, "", LinkLanguage("#lesson=journey"))

	before := de(ui)
	for _, bad := range []string{"", "x\x00", string(data[:len(data)-1]), string(data) + "x\x00", string(data) + "x",
		strings.Replace(string(data), "Sequenzdiagramm", "Sequenz\xffdiagramm", 1)} {
		p := Fetched(PhrasesFile("de"), 200, []byte(bad))
		require.NotNil(t, p, "%.40q", bad)
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

// TestGermanQuotes: German quotes a value „…“, so a German template writes „%s“
// where the English one has Go's %q ("…"), and it takes the same arguments.
func TestGermanQuotes(t *testing.T) {
	verb := regexp.MustCompile(`%(\[\d+\])?[a-zA-Z]`)
	verbs := func(template string) []string {
		v := verb.FindAllString(template, -1)
		for i := range v {
			if strings.HasSuffix(v[i], "q") {
				v[i] = strings.TrimSuffix(v[i], "q") + "s" // „%s“ in German
			}
		}
		slices.Sort(v)
		return v
	}
	for _, nb := range phrasebooks() {
		require.NoError(t, nb.book.Load())
		for _, key := range nb.book.Keys("en") {
			en, _ := nb.book.Template("en", key)
			de, ok := nb.book.Template("de", key)
			require.True(t, ok, "%s: %s has no German template", nb.name, key)
			assert.NotRegexp(t, `%(\[\d+\])?[-+# 0-9.]*q`, de, "%s: %s quotes with Go's straight quotes", nb.name, key)
			assert.Equal(t, verbs(en), verbs(de), "%s: %s takes other arguments in German: %q, %q", nb.name, key, en, de)
		}
	}
}
