package view_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/wasm/view"
)

// goodScenario is a scenario without mistakes; the cases below break one part of it.
const goodScenario = `seed: 4
hosts:
  - {name: mail.example.org, ip: 192.0.2.10, roles: [msa, mx], domains: [example.org]}
  - {name: mx.example.net, ip: 198.51.100.25, roles: [msa, mx], domains: [example.net]}
dns:
  - example.net MX 10 mx.example.net
users:
  - {address: alice@example.org, password: secret}
  - {address: bob@example.net, password: secret}
messages:
  - {at: 0s, from: alice@example.org, to: bob@example.net, subject: Hi, body: hello}
`

// englishWords are words of the English problems that a German problem never has.
var englishWords = regexp.MustCompile(`\b(expected|is not|must be|unknown|without|given twice|a mapping|a list|empty|missing|such as|not YAML|the scenario|placeholder|option|host of)\b`)

// place is FILE:LINE:COL at the start of a problem.
var place = regexp.MustCompile(`^[^:]+:\d+:\d+: `)

// TestOwnFileProblemsInPageLanguage: the problems of a teacher's own file are told in the
// page's language, at the same FILE:LINE:COL as in English; only what the file itself
// holds (keys, values) and the YAML library's own words stay as they are.
func TestOwnFileProblemsInPageLanguage(t *testing.T) {
	lesson := picked(t, filepath.Join("..", "..", "lessons", "course", "02-hello"), "lesson.yaml", "en.md", "de.md")
	withLesson := func(name string, edit func(string) string) map[string][]byte {
		files := map[string][]byte{}
		for k, v := range lesson {
			files[k] = v
		}
		files[name] = []byte(edit(string(files[name])))
		return files
	}
	scenarioFile := func(edit func(string) string) map[string][]byte {
		return map[string][]byte{"world.yaml": []byte(edit(goodScenario))}
	}
	replace := func(old, new string) func(string) string {
		return func(s string) string {
			require.Contains(t, s, old)
			return strings.Replace(s, old, new, 1)
		}
	}
	tests := []struct {
		name  string
		files map[string][]byte
		de    []string // in the German problems, in order
	}{
		{"seed and relay", scenarioFile(replace("seed: 4", "seed: -3\nmodel: sideways")), []string{
			`world.yaml:1:7: seed ist „-3“ (erwartet: eine ganze Zahl von 0 bis 18446744073709551615)`,
			`world.yaml:2:8: model ist „sideways“ (erwartet: end-to-end oder store-and-forward)`}},
		{"kinds of values", scenarioFile(replace("hosts:", "retry: [1]\nlatency: {a: 1}\nhosts:")), []string{
			`world.yaml:2:8: retry ist eine Liste (erwartet: eine Zuordnung mit den Schlüsseln first, max, lifetime)`,
			`world.yaml:3:10: latency ist eine Zuordnung (erwartet: eine Dauer wie 300s, 10m, 2h oder 5d)`}},
		{"unknown key and host", scenarioFile(replace("seed: 4", "seed: 4\nhsots: []")), []string{
			`world.yaml:2:1: unbekannter Schlüssel „hsots“ (erwartet: einer von `}},
		{"dns and fault lines", scenarioFile(replace("  - example.net MX 10 mx.example.net", "  - example.net MX ten mx.example.net\nfaults:\n  - down:mx.example.net,unitl=5m\n  - down:relay.example.com")), []string{
			`world.yaml:6:20: Die MX-Präferenz „ten“ ist keine Zahl von 0 bis 65535 (erwartet: ein Record wie "example.net MX 10 mx.example.net")`,
			`world.yaml:8:25: down kennt „unitl“ nicht (erwartet einen von `,
			`world.yaml:9:10: Fehler down auf „relay.example.com“, das kein Host des Szenarios ist (erwartet: einer von mail.example.org, mx.example.net)`}},
		{"a name inside a record", scenarioFile(replace("  - example.net MX 10 mx.example.net", "  - exa..mple.net A 192.0.2.1")), []string{
			`Name des Eigentümers „exa..mple.net“: leeres Label (erwartet: ein Record wie "example.net MX 10 mx.example.net")`}},
		{"users and messages", scenarioFile(replace("  - {address: bob@example.net, password: secret}", "  - {address: bob@example.net}\n  - {address: Bob <bob@example.net>, password: x}")), []string{
			`world.yaml:9:5: Benutzer bob@example.net ohne Passwort (erwartet: password: ein beliebiger Text)`,
			`world.yaml:10:15: „Bob <bob@example.net>“ ist mehr als eine Adresse (erwartet: nur bob@example.net)`}},
		{"tab", scenarioFile(replace("hosts:\n  -", "hosts:\n\t-")), []string{
			`world.yaml:3:1: Tabulator in der Einrückung (erwartet: Leerzeichen: YAML erlaubt dort keine Tabulatoren)`}},
		{"yaml's own words after a German lead-in", scenarioFile(replace("users:", "users: [")), []string{
			`YAML-Syntax: `, `(erwartet: Zeilen SCHLÜSSEL: WERT und Listeneinträge "- ", mit Leerzeichen eingerückt)`}},
		{"lesson data", withLesson("lesson.yaml", replace("models: [end-to-end, store-and-forward]", "models: [sideways]\nsteps2: 1")), []string{
			`lesson.yaml:5:10: Modell „sideways“ (erwartet: end-to-end oder store-and-forward)`,
			`lesson.yaml:6:1: unbekannter Schlüssel „steps2“ (erwartet: einer von `}},
		{"lesson selector", withLesson("lesson.yaml", replace("at: first line code=220", "at: first lien code=220")), []string{
			`lesson.yaml:8:15: at: unbekannte Ereignisart „lien“ (erwartet: any oder eine von `}},
		{"lesson checkpoint", withLesson("lesson.yaml", replace("    answer: a\n", "    answer: z\n")), []string{
			`Kontrollfrage first-word: die Lösung „z“ ist keine ihrer Antworten`}},
		{"lesson text", withLesson("de.md", replace("# intro", "# intro\n\n{{octets of frist data}}\n\n# intr")), []string{
			`unbekannte Ereignisart „frist“`, `unbekannter Abschnitt „intr“ (erwartet: intro, eine Schritt-ID aus lesson.yaml`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, en := view.LoadOwn(tt.files, "en", compileOwn)
			require.Nil(t, page)
			_, de := view.LoadOwn(tt.files, "de", compileOwn)
			require.Len(t, de, len(en))
			for i := range en {
				assert.Equal(t, place.FindString(en[i]), place.FindString(de[i]), "the same place: %s | %s", en[i], de[i])
				msg := strings.TrimPrefix(de[i], place.FindString(de[i]))
				if !strings.HasPrefix(msg, "YAML-Syntax: ") { // the library's words stay
					assert.NotRegexp(t, englishWords, msg, "English in %q (English: %q)", de[i], en[i])
				}
			}
			all := strings.Join(de, "\n")
			last := 0
			for _, want := range tt.de {
				i := strings.Index(all[last:], want)
				require.GreaterOrEqual(t, i, 0, "%q in\n%s\n(English:\n%s)", want, all, strings.Join(en, "\n"))
				last += i
			}
		})
	}
}

// TestBuiltInProblemsStayEnglish: `smtpsim validate` and the English page keep the
// English words, byte for byte.
func TestBuiltInProblemsStayEnglish(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "lessons", "scenarios", "bounce.yaml"))
	require.NoError(t, err)
	files := map[string][]byte{"b.yaml": []byte(strings.Replace(string(src), "seed: 4", "seed: -3", 1))}
	line := strings.Count(string(src[:strings.Index(string(src), "seed: 4")]), "\n") + 1
	_, en := view.LoadOwn(files, "en", compileOwn)
	assert.Equal(t, []string{fmt.Sprintf(`b.yaml:%d:7: seed is "-3" (expected a whole number from 0 to 18446744073709551615)`, line)}, en)
}
