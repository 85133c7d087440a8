package view_test

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/wasm/author/ownfile"
	"smtpsim/wasm/view"
)

// jsonTrace is the run as JSON Lines: the trace byte for byte.
func jsonTrace(t *testing.T, p *view.Page) string {
	t.Helper()
	_, data, err := p.Export("json")
	require.NoError(t, err)
	return string(data)
}

// TestSessionRoundTrip: a session goes to its file and back, and the page it opens is
// the same: the same trace byte for byte, step, answers, console, server and
// transcript — over lessons, sandboxes and files of the learner's own.
func TestSessionRoundTrip(t *testing.T) {
	own := func(dir string, names ...string) func(t *testing.T) *view.Page {
		return func(t *testing.T) *view.Page {
			p, problems := view.LoadOwn(picked(t, filepath.Join("..", "..", dir), names...), "de", compileOwn)
			require.Empty(t, problems)
			return p
		}
	}
	open := func(s view.State) func(t *testing.T) *view.Page {
		return func(t *testing.T) *view.Page {
			p, problems := view.Open(s)
			require.Empty(t, problems)
			return p
		}
	}
	tests := []struct {
		name string
		open func(t *testing.T) *view.Page
		act  func(t *testing.T, p *view.Page)
	}{
		{"lesson with answers and a fault", open(view.State{Lesson: "journey", Step: -1}), func(t *testing.T, p *view.Page) {
			p.End()
			_, ok := p.Answer("a") // wrong first: it stays wrong
			require.True(t, ok)
			p.Seek(p.Step + 3)
			require.NoError(t, p.AddFault("down:mx.example.net,until=30m"))
			p.Seek(p.Step + 2)
		}},
		{"lesson tried, in German, end-to-end", open(view.State{Lesson: "trouble-that-passes", Step: -1, Lang: "de"}), func(t *testing.T, p *view.Page) {
			require.True(t, p.TryIt())
			answerAll(p, func(q *view.Question) string { return q.Options[len(q.Options)-1].ID })
			p.Seek(p.Step - 5)
		}},
		{"sandbox: composed, retrieved, console", open(view.State{Lesson: "first-mail", Step: -1}), func(t *testing.T, p *view.Page) {
			p.End()
			require.NoError(t, p.Compose(view.Draft{From: "alice@example.org", To: "bob@example.net", Bcc: "alice@example.org",
				Subject: "Saved", Body: "with a file", Files: []view.File{{Name: "a.bin", Type: "application/octet-stream", Data: []byte{0, 1, 2, 0xff, '\r', '\n'}}}}))
			p.End()
			require.NoError(t, p.Retrieve("bob@example.net", "pop3", "guess"))
			require.NoError(t, p.Retrieve("bob@example.net", "imap", "secret"))
			p.End()
			send(t, p, "mx.example.net", 25, "EHLO my-laptop.example", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>", "DATA", "Subject: typed", "", "Hi.", ".")
			send(t, p, "mx.example.net", 110, "USER bob@example.net")
			require.Positive(t, p.ConsoleLines())
		}},
		{"sandbox: be the server", open(view.State{Lesson: "first-mail", Step: -1, Model: "store-and-forward"}), func(t *testing.T, p *view.Page) {
			require.NoError(t, p.BeServer(p.ServerHosts()[0]))
			require.NoError(t, p.ServerReply("220 "+p.ServerHosts()[0]+" ESMTP"))
			require.NoError(t, p.ServerReply("250 hello"))
			require.NoError(t, p.ServerReply("451 4.3.0 try later"))
		}},
		{"own scenario", own("lessons/scenarios", "bounce.yaml"), func(t *testing.T, p *view.Page) {
			p.Seek(4)
			require.NoError(t, p.AddFault("down:mx.example.net"))
			require.NoError(t, p.Compose(view.Draft{From: p.Users()[0], To: p.Users()[1], Subject: "own"}))
		}},
		{"own lesson", own("lessons/course/02-hello", "lesson.yaml", "en.md", "de.md"), func(t *testing.T, p *view.Page) {
			answerAll(p, func(q *view.Question) string { return q.Options[0].ID })
			p.Seek(p.Step - 1)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.open(t)
			tt.act(t, p)
			data := p.Session().Encode()
			s, err := view.DecodeSession("s.json", data, "en")
			require.NoError(t, err)
			q, problems := view.OpenSession(s, compileOwn)
			require.Empty(t, problems)
			require.NotNil(t, q)
			assert.Equal(t, jsonTrace(t, p), jsonTrace(t, q), "the same trace, byte for byte")
			assert.Equal(t, p.Step, q.Step)
			assert.Equal(t, p.Answers, q.Answers)
			assert.Equal(t, p.State.Fragment(), q.State.Fragment())
			assert.Equal(t, p.Transcript(), q.Transcript())
			assert.Equal(t, p.ConsoleLog(), q.ConsoleLog())
			assert.Equal(t, p.ServerLog(), q.ServerLog())
			assert.Equal(t, p.Title(), q.Title())
			assert.Equal(t, string(data), string(q.Session().Encode()), "saved again, the same file")
		})
	}
}

// TestSessionFileContents: the file is versioned JSON; attachments and own files are
// base64, times are durations, faults in the fault syntax.
func TestSessionFileContents(t *testing.T) {
	p, _ := view.LoadOwn(picked(t, filepath.Join("..", "..", "lessons", "scenarios"), "first-mail.yaml"), "en", compileOwn)
	p.End()
	require.NoError(t, p.Compose(view.Draft{From: "alice@example.org", To: "bob@example.net", Subject: "x",
		Files: []view.File{{Name: "f.txt", Type: "text/plain", Data: []byte("hello")}}}))
	var raw map[string]any
	require.NoError(t, json.Unmarshal(p.Session().Encode(), &raw))
	assert.Equal(t, "smtpsim-session", raw["kind"])
	assert.EqualValues(t, 1, raw["version"])
	assert.Equal(t, "first-mail.yaml", raw["own_name"])
	assert.Contains(t, raw["own"], "first-mail.yaml")
	msg := raw["messages"].([]any)[0].(map[string]any)
	assert.Equal(t, "aGVsbG8=", msg["files"].([]any)[0].(map[string]any)["data"], "base64")
	assert.Regexp(t, `^\d+(h\d+m)?(\d+m)?[\d.]+s$`, msg["at"])
	assert.Equal(t, "smtpsim-session-first-mail-step"+strconv.Itoa(p.Step+1)+".json", p.Session().FileName())
}

// TestDamagedSessionFiles: what is wrong with a file is said, in the page's language;
// parts that cannot be restored are named and the rest is restored.
func TestDamagedSessionFiles(t *testing.T) {
	good, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	good.End()
	require.NoError(t, good.Retrieve("bob@example.net", "pop3", "secret"))
	valid := string(good.Session().Encode())
	tests := []struct {
		name, data, lang, want string
	}{
		{"empty", "", "en", "s.json is not a session file: it ends before its JSON does (empty or cut off)"},
		{"cut off", valid[:len(valid)/2], "de", "s.json ist keine Sitzungsdatei: Sie endet, bevor ihr JSON zu Ende ist (leer oder abgeschnitten)"},
		{"not JSON", "lesson: journey\n", "en", "s.json is not a session file: its JSON is broken at octet 1"},
		{"a scenario", "{\"name\": \"x\"}", "en", `s.json is not a session file of smtpsim (expected "kind": "smtpsim-session")`},
		{"wrong type", `{"kind":"smtpsim-session","version":1,"step":"three"}`, "en", `s.json is not a session file: "step" holds a string, which does not belong there`},
		{"bad base64", `{"kind":"smtpsim-session","version":1,"step":1,"own":{"a.yaml":"%%%"}}`, "de", "s.json ist keine Sitzungsdatei: Der Inhalt einer Datei darin ist kein Base64 (bei Oktett 0 davon)"},
		{"newer", `{"kind":"smtpsim-session","version":2,"step":1}`, "en", "s.json is a session file of version 2, which this page does not know (expected version 1): open it with the smtpsim that saved it"},
		{"newer, German", `{"kind":"smtpsim-session","version":7}`, "de", "s.json ist eine Sitzungsdatei der Version 7, die diese Seite nicht kennt (erwartet Version 1): Öffne sie mit dem smtpsim, das sie gespeichert hat"},
		{"two values", valid + "{}", "en", "s.json is not a session file: more follows its JSON at octet " + strconv.Itoa(len(valid))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := view.DecodeSession("s.json", []byte(tt.data), tt.lang)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}

	// Parts that do not fit the world are named; the rest comes back.
	s, err := view.DecodeSession("s.json", []byte(valid), "en")
	require.NoError(t, err)
	s.Faults = append(s.Faults, "sideways:mx.example.net")
	s.Answers = map[string]string{"nope": "a"}
	s.Messages = append(s.Messages, view.SessionMessage{At: "1s", From: "mallory@nowhere.example", To: []string{"bob@example.net"}})
	s.Retrievals = append(s.Retrievals, view.SessionRetrieval{At: "soon", User: "bob@example.net", Protocol: "pop3", Password: "x"})
	s.Console = []view.SessionConsole{{At: "1s", Host: "mx.example.net", Port: 25, Lines: []string{"EHLO x\r\nQUIT"}}}
	s.Server = &view.SessionServer{Host: "nowhere.example"}
	p, problems := view.OpenSession(s, compileOwn)
	require.NotNil(t, p)
	assert.Equal(t, jsonTrace(t, good), jsonTrace(t, p), "what could be restored is")
	joined := strings.Join(problems, "\n")
	for _, want := range []string{`fault "sideways:mx.example.net" ignored`, `there is no question "nope" with option "a" here`,
		`message 1 not restored: the sender "mallory@nowhere.example" is not a user`,
		`retrieval 2 not restored: time "soon" is not a duration`, "console connection 1 not restored", "the server you played not restored"} {
		assert.Contains(t, joined, want)
	}

	// An own file named but not brought: nothing is opened in its place.
	p, problems = view.OpenSession(view.Session{Kind: view.SessionKind, Version: 1, OwnName: "mine.yaml", Lang: "de"}, compileOwn)
	assert.Nil(t, p)
	assert.Equal(t, []string{`Die Sitzung lief mit einer eigenen Datei, „mine.yaml“, enthält sie aber nicht; öffne stattdessen die Lektionsdateien`}, problems)
}

// TestFragmentWithAnswers: a link carries the answers and the own file's name, and a
// deep link with its answers goes past the questions answered.
func TestFragmentWithAnswers(t *testing.T) {
	s := view.State{Lesson: "journey", Step: 40, Lang: "de", Answers: map[string]string{"who-first": "b", "z": "a"},
		Faults: []fault.Fault{{Kind: "down", Target: "mx.example.net"}}}
	frag := s.Fragment()
	assert.Equal(t, "lesson=journey&step=40&fault=down%3Amx.example.net&lang=de&answer=who-first%3Ab&answer=z%3Aa", frag)
	back, problems := view.ParseFragment(frag)
	require.Empty(t, problems)
	assert.Equal(t, s.Answers, back.Answers)
	assert.Equal(t, frag, back.Fragment())

	_, problems = view.ParseFragment("lesson=journey&answer=who-first&answer=:b")
	assert.Equal(t, []string{`answer "who-first" ignored (expected CHECKPOINT:OPTION)`, `answer ":b" ignored (expected CHECKPOINT:OPTION)`}, problems)
	first, _ := view.ParseFragment("answer=who-first:b&answer=who-first:a")
	assert.Equal(t, map[string]string{"who-first": "b"}, first.Answers, "the first answer counts")

	stop := firstQuestion(t)
	p, problems := view.Open(view.State{Lesson: "journey", Step: stop + 5, Answers: map[string]string{"who-first": "a"}})
	require.Empty(t, problems)
	assert.Equal(t, stop+5, p.Step, "answered in the link: the deep link goes past the question")
	require.Equal(t, "a", p.Answers["who-first"])
	p.Seek(stop + 1)
	q := p.Question()
	require.NotNil(t, q)
	assert.Equal(t, "a", q.Answered, "the answer is marked")
	_, ok := p.Answer("b")
	assert.False(t, ok, "an answer cannot be changed")

	own := view.State{Own: "my world.yaml", Step: 3}
	assert.Equal(t, "step=3&own=my+world.yaml", own.Fragment())
	back, _ = view.ParseFragment(own.Fragment())
	assert.Equal(t, "my world.yaml", back.Own)
}

// TestOwnLinkOpensNothingElse: a link to a file of the learner's own, opened without
// that file, does not open the first lesson in its place: it says so.
func TestOwnLinkOpensNothingElse(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"en", `this link belongs to a file of your own, "bounce.yaml", which this page does not have; nothing was opened in its place`},
		{"de", `Dieser Link gehört zu einer eigenen Datei, „bounce.yaml“, die diese Seite nicht hat; es wurde nichts anderes an ihrer Stelle geöffnet`},
	} {
		s, problems := view.ParseFragmentIn("step=12&own=bounce.yaml&lang="+tt.lang, "en")
		require.Empty(t, problems)
		p, problems := view.Open(s)
		assert.Nil(t, p)
		assert.Equal(t, []string{tt.want}, problems)
	}
	// With the file, the link's state is applied to it.
	p, problems := view.LoadOwn(picked(t, filepath.Join("..", "..", "lessons", "scenarios"), "bounce.yaml"), "en", compileOwn)
	require.Empty(t, problems)
	assert.Contains(t, p.State.Fragment(), "&own=bounce.yaml&scenario=")
	s, _ := view.ParseFragment("step=12&model=store-and-forward&fault=down:mx.example.net&own=bounce.yaml")
	require.Empty(t, p.Apply(s))
	assert.Equal(t, 12, p.Step)
	assert.Len(t, p.Faults, 1)
	assert.EqualValues(t, "store-and-forward", p.Model)
}

// TestOwnScenarioInTheLink: a small own scenario travels in its link (deflated,
// base64url, by the authoring module), and the link alone opens it where it was; a
// large one is only named; a damaged one is said to be, when the link is read or when
// the authoring module unpacks it.
func TestOwnScenarioInTheLink(t *testing.T) {
	files := picked(t, filepath.Join("..", "..", "lessons", "scenarios"), "first-mail.yaml")
	p, problems := view.LoadOwn(files, "de", compileOwn)
	require.Empty(t, problems)
	p.Seek(9)
	require.NoError(t, p.AddFault("down:mx.example.net"))
	link := p.State.Fragment()
	assert.LessOrEqual(t, len(link), view.OwnLinkChars+200)
	s, problems := view.ParseFragment(link)
	require.Empty(t, problems)
	q, problems := view.OpenWith(s, compileOwn)
	require.Empty(t, problems)
	require.NotNil(t, q)
	assert.Equal(t, jsonTrace(t, p), jsonTrace(t, q))
	assert.Equal(t, p.Step, q.Step)
	assert.Equal(t, link, q.State.Fragment())

	// Too large for a link: named, not carried; the link alone opens nothing.
	big := string(files["first-mail.yaml"])
	for i := range 400 {
		big += "# " + strconv.Itoa(i*7919%10007) + " " + strconv.Itoa(i*104729%65537) + "\n"
	}
	p, problems = view.LoadOwn(map[string][]byte{"big.yaml": []byte(big)}, "en", compileOwn)
	require.Empty(t, problems)
	assert.Empty(t, p.OwnPacked)
	s, _ = view.ParseFragment(p.State.Fragment())
	q, problems = view.Open(s)
	assert.Nil(t, q)
	assert.Len(t, problems, 1)

	// What the page reads without the authoring module: the part's length, and base64url.
	require.Equal(t, ownfile.LinkChars, view.OwnLinkChars, "the page and the module agree on the length")
	for _, bad := range []string{"own=a.yaml&scenario=***", "own=a.yaml&scenario=" + strings.Repeat("A", view.OwnLinkChars+1), "scenario=" + ownfile.Pack([]byte("x"))} {
		s, problems = view.ParseFragmentIn(bad, "de")
		assert.Equal(t, []string{"Das Szenario im Link lässt sich nicht lesen; öffne stattdessen seine Datei"}, problems, bad)
		assert.Empty(t, s.OwnPacked)
	}
	// What the authoring module finds when it unpacks the part: said alike, and nothing opens.
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression)
	_, _ = w.Write(make([]byte, 1_500_000))
	require.NoError(t, w.Close())
	for _, tt := range []struct{ name, packed string }{
		{"not deflate", base64.RawURLEncoding.EncodeToString([]byte("name: plain text\n"))},
		{"past the file budget", base64.RawURLEncoding.EncodeToString(z.Bytes())},
	} {
		for lang, want := range map[string]string{
			"en": "the scenario carried in the link cannot be read; open its file instead",
			"de": "Das Szenario im Link lässt sich nicht lesen; öffne stattdessen seine Datei",
		} {
			s, problems = view.ParseFragment("own=a.yaml&lang=" + lang + "&scenario=" + tt.packed)
			require.Empty(t, problems, "%s: left to the authoring module", tt.name)
			require.Equal(t, tt.packed, s.OwnPacked)
			q, problems = view.OpenWith(s, compileOwn)
			assert.Nil(t, q, tt.name)
			assert.Equal(t, []string{want}, problems, tt.name)
		}
	}
}

// FuzzDecodeSession: no file makes the decoder or the replay crash; a file it accepts
// saves again to a file it accepts.
func FuzzDecodeSession(f *testing.F) {
	// More seeds, saved from real sessions, are in testdata/fuzz/FuzzDecodeSession.
	f.Add([]byte(`{"kind":"smtpsim-session","version":1,"lesson":"first-mail","step":3}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := view.DecodeSession("f.json", data, "de")
		if err != nil {
			require.NotEmpty(t, err.Error())
			return
		}
		p, _ := view.OpenSession(s, compileOwn)
		if p == nil {
			return
		}
		_, err = view.DecodeSession("again.json", p.Session().Encode(), "en")
		require.NoError(t, err)
	})
}

// FuzzParseFragment: no link makes the parser crash (a packed scenario included),
// and what a link says is written back to a link that says the same.
func FuzzParseFragment(f *testing.F) {
	f.Add("lesson=journey&step=40&lang=de&answer=who-first:b&answer=x:y")
	f.Add("step=3&own=a.yaml&scenario=" + ownfile.Pack([]byte("name: x\n")))
	f.Fuzz(func(t *testing.T, frag string) {
		s, _ := view.ParseFragment(frag)
		again, problems := view.ParseFragment(s.Fragment())
		require.Empty(t, problems, s.Fragment())
		require.Equal(t, s.Fragment(), again.Fragment())
		require.GreaterOrEqual(t, s.Step, -1)
	})
}
