package view_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// TestGermanQueueAndNotes: with the MX down, the inspector's queue and the diagram's
// notes speak German.
func TestGermanQueueAndNotes(t *testing.T) {
	l, err := lessons.Find("trouble-that-passes")
	require.NoError(t, err)
	p, problems := view.Open(view.State{Lesson: l.ID, Step: -1, Lang: "de", Demo: true, Faults: []fault.Fault{l.Try.Fault}})
	require.Empty(t, problems)
	p.Seek(p.Trace.Next(-1, trace.KindDefer))
	queue := p.Queue("mail.example.org")
	require.Len(t, queue, 1)
	assert.Contains(t, queue[0], "keine Serverantwort, Status 4.4.1: Verbindung nicht möglich")
	assert.Contains(t, queue[0], "; nächster Versuch ")
	arrows := p.Arrows(0)
	last := arrows[len(arrows)-1]
	assert.Equal(t, trace.KindDefer, last.Kind)
	assert.True(t, strings.HasPrefix(last.Text, "m1 an bob@example.net bleibt in der Warteschlange"), last.Text)

	_, txt, err := p.Export("txt")
	require.NoError(t, err)
	p.End()
	assert.True(t, strings.HasPrefix(string(txt), strings.Join(p.Transcript(), "\n")+"\n"), "the download is the transcript")
}

// TestPageAndRunWordsApart: the page's own words and the words of a rendered run have
// no key in common, so that T finds each in one place.
func TestPageAndRunWordsApart(t *testing.T) {
	require.NoError(t, view.LoadStrings())
	run := render.Phrases().Keys("en")
	for _, k := range view.Keys("en") {
		assert.NotContains(t, run, k)
	}
	assert.Equal(t, "vorübergehender Fehler", view.T("de", "class.retry"), "the page reads the run's words too")
	assert.Equal(t, "↻ vorübergehender Fehler", view.ClassLabel("de", "retry"))
}

// TestFaultErrorsInGerman: every syntax error of a fault spec has page words in both
// languages, and a malformed fault is reported in German on a German page.
func TestFaultErrorsInGerman(t *testing.T) {
	require.NoError(t, view.LoadStrings())
	for _, lang := range []string{"en", "de"} {
		keys := view.Keys(lang)
		for _, k := range fault.Keys {
			assert.Contains(t, keys, "fault.error."+k, lang)
		}
	}
	for _, spec := range []string{"down", "nope:x", "down:", "down:x,until", "down:x,colour=red", "down:x,from=1m,from=2m",
		"down:x,until=soon", "down:x,until=999999d", "down:x,count=0", "reply:x,cmd=DATA,code=abc", "reply:x,cmd=DATA,code=700",
		"drop:x,when=never", "reply:x", "partition:x", "slow:x", "down:x,from=2m,until=1m", "reply:x,cmd=DATA,code=550,status=4.0.0"} {
		_, err := fault.Parse(spec)
		require.Error(t, err, spec)
		var se *fault.SyntaxError
		require.ErrorAs(t, err, &se)
		assert.Contains(t, fault.Keys, se.Key, spec)
		assert.True(t, strings.HasPrefix(view.Say("en", err), "col "), spec)
		assert.NotEqual(t, err.Error(), view.Say("de", err), spec)
	}
	_, err := fault.Parse("nope:x")
	assert.True(t, strings.HasPrefix(view.Say("de", err), `Spalte 1: unbekannte Fehlerart „nope“ (erwartet eine von down, `), view.Say("de", err))
	_, problems := view.ParseFragmentIn("#lesson=first-mail&fault=down&lang=de", "en")
	require.Len(t, problems, 1)
	assert.True(t, strings.HasPrefix(problems[0], `Fehler „down“ wird übergangen: Spalte 1: „down“ hat kein Ziel`), problems[0])
}

// TestSandboxTitles: every sandbox world has a title in both languages.
func TestSandboxTitles(t *testing.T) {
	for _, id := range lessons.ScenarioIDs() {
		assert.NotEqual(t, id, view.SandboxTitle("en", id), id)
		assert.NotEqual(t, view.SandboxTitle("en", id), view.SandboxTitle("de", id), id)
	}
}

// TestSandboxTitleOnPage: a sandbox world's title follows the page's language.
func TestSandboxTitleOnPage(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "first-mail", Step: -1, Lang: "de"})
	require.Empty(t, problems)
	assert.Equal(t, "Eine Nachricht von Alice an Bob", p.Title())
	p.Lang = "en"
	assert.Equal(t, "One message from Alice to Bob", p.Title())
}

// TestComposeAndRetrieveErrorsInGerman: the composer's address checks and the
// retrieve form's problems are said in the page's language.
func TestComposeAndRetrieveErrorsInGerman(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "first-mail", Step: -1, Lang: "de"})
	require.Empty(t, problems)
	err := p.Compose(view.Draft{From: "alice@example.org", To: "bob@", Subject: "x"})
	require.Error(t, err)
	assert.Equal(t, `To: „bob@“ ist keine Adresse (erwartet name@domain)`, view.Say("de", err))
	assert.NotContains(t, view.Say("en", err), "Adresse")
	err = p.Compose(view.Draft{From: "mallory@example.org", To: "bob@example.net"})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(view.Say("de", err), `Der Absender „mallory@example.org“ ist kein Benutzer`), view.Say("de", err))
	assert.True(t, strings.HasPrefix(err.Error(), `the sender "mallory@example.org" is not a user`), err.Error())
	err = p.Retrieve("bob@example.net", "imap", "")
	assert.Equal(t, "Gib ein Passwort ein", view.Say("de", err))
	assert.Equal(t, "type a password", err.Error())
}

// TestOwnFileProblemsInGerman: the problems of picked files follow the page's language.
func TestOwnFileProblemsInGerman(t *testing.T) {
	assert.Equal(t, view.TooLarge("big.md", 5_000_000), view.TooLargeIn("en", "big.md", 5_000_000))
	assert.Equal(t, "big.md:1:1: Die Datei hat 5000000 Oktette (erwartet höchstens 1048576: ein Szenario oder eine Lektion, der man folgen kann, ist viel kleiner)",
		view.TooLargeIn("de", "big.md", 5_000_000))
	_, problems := view.LoadOwn(map[string][]byte{"notes.txt": []byte("x")}, "de", compileOwn)
	assert.Equal(t, []string{"Wähle lesson.yaml mit en.md oder de.md oder eine Szenariodatei (.yaml)"}, problems)
}
