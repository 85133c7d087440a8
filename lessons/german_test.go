package lessons_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bannedGerman are forms the German texts must not use, each with the term that
// replaces it (the term list in README.md): English verbs with German endings, calques,
// and the second names of things that have one name in this course.
var bannedGerman = []struct {
	form *regexp.Regexp
	use  string
}{
	{regexp.MustCompile(`(?i)\bge(bounc|defer|queu|deliver)\w*|\bbounc(en|t|te|ten|test)\b|\b(deferr|queu)(en|t|te)\b`), "a German verb: „kam als Unzustellbarkeitsnachricht zurück“, „wurde zurückgestellt“"},
	{regexp.MustCompile(`(?i)\bPriorität\w*[^.]{0,80}\bMX|\bMX\b[^.]{0,80}Priorität`), "Präferenz (the number of an MX record)"},
	{regexp.MustCompile(`(?i)\boben\s+an(gefügt|fügen|zufügen)\b|\bfügt\s+(\S+\s+){0,3}oben\s+an\b`), "„fügt oben ein“ (prepend is not „anfügen“)"},
	{regexp.MustCompile(`(?i)End-to-End-Modell`), "Ende-zu-Ende-Modell"},
	{regexp.MustCompile(`(?i)Store-and-Forward-Modell`), "Speichern-und-Weiterleiten-Modell"},
	{regexp.MustCompile(`\bModell (End-to-End|Store-and-Forward)\b`), "Ende-zu-Ende-Modell, Speichern-und-Weiterleiten-Modell"},
	{regexp.MustCompile(`(?i)Warteschlangen-ID`), "Queue-ID"},
	{regexp.MustCompile(`(?i)Header-?feld|Header-?zeile|Kopfzeile`), "Kopffeld"},
	{regexp.MustCompile(`\b(der|den|dem|des|im|vom|einen?|einem)\s+(Header|Body)s?\b`), "Kopf, Rumpf"},
	{regexp.MustCompile(`\b(der|den|dem|des|die|einen?|einem)\s+Bounces?\b|Doppel-Bounce`), "Unzustellbarkeitsnachricht (Double Bounce for a bounce that cannot be delivered)"},
	{regexp.MustCompile(`(?i)Zustellbericht|Fehlerbericht`), "Zustellstatusmeldung, Unzustellbarkeitsnachricht"},
	{regexp.MustCompile(`(?i)MX-Record`), "MX-Eintrag"},
	{regexp.MustCompile(`(?i)Submission-?port`), "Einlieferungsport"},
	{regexp.MustCompile(`\b(der|den|dem|des|im)\s+Traces?([\s.,;:!?)]|$)`), "Mitschrift (as the page calls it)"},
}

// germanFiles are the German texts of the course, the teacher's guide and the page,
// and the words a run is told in (page, handout, narration).
func germanFiles(t *testing.T) []string {
	t.Helper()
	files := []string{filepath.Join("..", "wasm", "view", "ui.de.yaml"), filepath.Join("teachers", "de.md"), filepath.Join("..", "sim", "render", "words.de.yaml"),
		filepath.Join("narrate", "narrate.de.yaml"), filepath.Join("handout", "handout.de.yaml")}
	more, err := filepath.Glob(filepath.Join("catalog", "*.de.yaml"))
	require.NoError(t, err)
	files = append(files, more...)
	require.NoError(t, filepath.WalkDir("course", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "de.md" {
			files = append(files, p)
		}
		return err
	}))
	return files
}

// TestGermanTerms: one terminology throughout, no English verbs with German endings,
// no calques.
func TestGermanTerms(t *testing.T) {
	files := germanFiles(t)
	require.Greater(t, len(files), 15)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		// A sentence may run over a line break; join the lines so that it is seen whole.
		text := strings.Join(strings.Fields(string(src)), " ")
		for _, b := range bannedGerman {
			for _, m := range b.form.FindAllString(text, -1) {
				t.Errorf("%s: %q (use %s)", f, m, b.use)
			}
		}
	}
}

// TestBannedGermanForms: each pattern catches what it is meant to, and not the term
// that replaces it.
func TestBannedGermanForms(t *testing.T) {
	bad := []string{"zwei gebounct", "Die Nachricht bouncte.", "der MX mit der höchsten Priorität",
		"Priorität 10 hat der erste MX", "fügt ein Feld oben an", "oben angefügt", "das End-to-End-Modell",
		"im Store-and-Forward-Modell", "ein Headerfeld", "die Kopfzeile Subject", "im Header", "den Body",
		"einen Bounce", "ein Doppel-Bounce", "Zustellberichte anfordern", "der MX-Record", "im Trace", "der Submission-Port",
		"Modell End-to-End", "Modell Store-and-Forward", "(Warteschlangen-ID 37410001)"}
	good := []string{"kam als Unzustellbarkeitsnachricht zurück", "der MX mit Präferenz 10", "fügt oben ein Kopffeld ein",
		"das Ende-zu-Ende-Modell", "das Speichern-und-Weiterleiten-Modell", "ein Kopffeld", "im Kopf", "den Rumpf (Body)",
		"eine Unzustellbarkeitsnachricht (Bounce)", "Zustellstatusmeldungen anfordern", "der MX-Eintrag", "Priorität hat die Sicherheit",
		"der Trace-Eintrag `bounce`", "Ende-zu-Ende-Modell · Startwert 1", "(Queue-ID 37410001)",
		"Speichern-und-Weiterleiten-Modell (Store-and-Forward)"}
	matches := func(s string) bool {
		for _, b := range bannedGerman {
			if b.form.MatchString(s) {
				return true
			}
		}
		return false
	}
	for _, s := range bad {
		assert.True(t, matches(s), "not caught: %q", s)
	}
	for _, s := range good {
		assert.False(t, matches(s), "caught wrongly: %q", s)
	}
}
