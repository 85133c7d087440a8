package view_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

func TestFragmentRoundTrip(t *testing.T) {
	s, problems := view.ParseFragment("#lesson=journey&step=12&model=store-and-forward&fault=down:mx.example.net,until=20m&fault=greylist:mx.example.net&lang=de")
	require.Empty(t, problems)
	assert.Equal(t, "journey", s.Lesson)
	assert.Equal(t, 12, s.Step)
	assert.Equal(t, scenario.StoreAndForward, s.Model)
	require.Len(t, s.Faults, 2)
	assert.Equal(t, "de", s.Lang)
	again, problems := view.ParseFragment(s.Fragment())
	require.Empty(t, problems)
	assert.Equal(t, s, again)
}

func TestMalformedFragment(t *testing.T) {
	tests := []struct {
		frag, problem string
	}{
		{"step=abc", `step "abc" is not a number`},
		{"step=-5", `step -5 is before the first; starting at the beginning`},
		{"model=sideways", `model "sideways" is unknown`},
		{"fault=explode:x", `fault "explode:x" ignored`},
		{"lang=fr", `language "fr" is not available`},
		{"color=red", `unknown link part "color"`},
		{"%zz", "the link is malformed"},
	}
	for _, tt := range tests {
		s, problems := view.ParseFragment(tt.frag)
		require.NotEmpty(t, problems, tt.frag)
		assert.Contains(t, problems[0], tt.problem)
		assert.Equal(t, -1, s.Step, "defaults stay sane")
	}
	p, problems := view.Open(view.State{Lesson: "no-such-lesson", Step: -1})
	assert.Contains(t, problems[0], `there is no lesson "no-such-lesson"`)
	assert.Equal(t, "journey", p.Lesson.ID)
}

func TestCheckpointGatesTheStep(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "journey", Step: -1})
	require.Empty(t, problems)
	id, html := p.Narration()
	assert.Equal(t, "intro", id)
	assert.Contains(t, html, "mail user agent")
	for p.Forward() {
	}
	require.Equal(t, "who-first", p.Pending(), "stopped before the DNS query")
	q := p.Question()
	require.NotNil(t, q)
	assert.Empty(t, q.Answered)
	require.Len(t, q.Options, 3)
	correct, ok := p.Answer("a")
	assert.True(t, ok)
	assert.False(t, correct)
	cur, _ := p.Current()
	assert.Equal(t, trace.KindDNSQuery, cur.Kind, "answering reveals the event")
	q = p.Question()
	assert.Equal(t, "a", q.Answered)
	assert.Equal(t, "b", q.Correct)
	assert.True(t, p.Forward())
	assert.True(t, p.Back())
	reached, total := p.Progress()
	assert.Equal(t, 4, reached)
	assert.Equal(t, 7, total)
}

func TestDiagram(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	p.End()
	lanes := p.Lanes()
	require.GreaterOrEqual(t, len(lanes), 4)
	assert.Equal(t, "MUA alice@example.org", lanes[0].ID)
	assert.Equal(t, "mua", lanes[0].Role)
	arrows := p.Arrows(0)
	var classes []string
	for _, a := range arrows {
		if a.Text == "354 End data with <CR><LF>.<CR><LF>" {
			classes = append(classes, a.Class)
			assert.Equal(t, "data.start", a.Reason)
		}
	}
	assert.Equal(t, []string{"more", "more"}, classes, "both 354s, as intermediate replies")
	assert.False(t, arrows[len(arrows)-1].Current, "the last event (fetch) draws no arrow")
	p.Seek(p.Trace.Prev(p.Trace.Len(), trace.KindLine))
	arrows = p.Arrows(10)
	assert.Len(t, arrows, 10)
	assert.True(t, arrows[len(arrows)-1].Current)
	p.End()
	nodes, links := p.Topology()
	ids := map[string]view.Node{}
	for _, n := range nodes {
		ids[n.ID] = n
	}
	assert.Contains(t, ids, "dns")
	assert.Equal(t, 1, ids["mx.example.net"].Box, "one message filed at the end")
	assert.NotEmpty(t, links)
}

func TestFaultFromHereKeepsThePast(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: 30})
	before := append([]trace.Event(nil), p.Trace.Events()[:31]...)
	require.NoError(t, p.AddFault("unknown-user:bob@example.net"))
	assert.Equal(t, before, p.Trace.Events()[:31], "the first 31 events are unchanged")
	assert.Equal(t, 30, p.Step)
	require.Len(t, p.Faults, 1)
	assert.Equal(t, 31, p.Faults[0].Step)
	var bounced bool
	for _, o := range p.Trace.Outcomes {
		bounced = bounced || o.Outcome == trace.OutcomeBounced
	}
	assert.True(t, bounced)
	assert.Error(t, p.AddFault("nonsense"))
	p.RemoveFault(0)
	assert.Empty(t, p.Faults)
}

func TestStringsInBothLanguages(t *testing.T) {
	require.NoError(t, view.LoadStrings())
	assert.Equal(t, "Lessons", view.T("en", "nav.lessons"))
	assert.Equal(t, "Lektionen", view.T("de", "nav.lessons"))
	assert.Equal(t, "Step 3 of 7", view.T("en", "lesson.progress", 3, 7))
	assert.Equal(t, "no.such.key", view.T("de", "no.such.key"))
	for _, key := range view.Keys("en") {
		assert.NotEqual(t, key, view.T("de", key), "%s has no German text", key)
		assert.Contains(t, view.Keys("de"), key, "%s is missing in German", key)
	}
	assert.Equal(t, len(view.Keys("en")), len(view.Keys("de")))
}

func TestRetrieveWithWrongAndRightPassword(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	p.End()
	require.NoError(t, p.Retrieve("bob@example.net", "pop3", "wrong"))
	cur, _ := p.Current()
	assert.Equal(t, trace.KindConnect, cur.Kind)
	assert.Equal(t, 110, cur.Port)
	var lines []string
	for _, e := range p.Trace.Events()[p.Step:] {
		if e.Proto == "pop3" && e.Dir == trace.DirRecv {
			lines = append(lines, e.Line)
		}
	}
	assert.Contains(t, lines, "-ERR [AUTH] invalid user name or password")
	p.End()
	require.NoError(t, p.Retrieve("bob@example.net", "imap", "secret"))
	var ok bool
	for _, e := range p.Trace.Events()[p.Step:] {
		ok = ok || e.Proto == "imap" && strings.HasPrefix(e.Line, "a1 OK")
	}
	assert.True(t, ok, "logged in with the right password")
	assert.Error(t, p.Retrieve("nobody@example.net", "pop3", "x"))
	assert.Error(t, p.Retrieve("bob@example.net", "smtp", "x"))
}

func TestComposeAndAttempts(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "greylisting", Step: -1})
	err := p.Compose(view.Draft{From: "alice@example.org", To: "bob@", Subject: "x"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `To: "bob@": missing domain`)
	assert.Error(t, p.Compose(view.Draft{From: "mallory@example.org", To: "bob@example.net"}))
	require.NoError(t, p.Compose(view.Draft{From: "alice@example.org", To: "bob@example.net", Bcc: "dave@example.net", Subject: "From the composer",
		Body: "hi", Files: []view.File{{Name: "a.png", Type: "image/png", Data: []byte{0x89, 'P', 'N', 'G'}}}}))
	cur, _ := p.Current()
	assert.Equal(t, trace.KindSubmit, cur.Kind)
	assert.Equal(t, "m2", cur.Msg)
	p.End()
	series := p.Attempts("mail.example.org")
	require.NotEmpty(t, series)
	assert.Equal(t, "retry", series[0].Points[0].Class, "greylisted first")
	var delivered int
	for _, o := range p.Trace.Outcomes {
		if o.Msg == "m2" && o.Outcome == trace.OutcomeDelivered {
			delivered++
		}
	}
	assert.Equal(t, 2, delivered, "To and Bcc both delivered")
}

func TestZoneAndEnvelopeDirection(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "dns-routes", Step: -1})
	zone := p.Zone()
	assert.Contains(t, zone, "example.net. MX 10 mx1.example.net.")
	p.Seek(p.Trace.Next(-1, trace.KindDNSAnswer))
	_, links := p.Topology()
	var active []view.Link
	for _, l := range links {
		if l.Active {
			active = append(active, l)
		}
	}
	require.Len(t, active, 1)
	assert.Equal(t, "dns", active[0].To)
	assert.True(t, active[0].Reverse, "an answer travels back from the DNS")
}

func TestExports(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "first-mail", Step: -1})
	for _, f := range []string{"txt", "json", "svg", "pcap"} {
		name, data, err := p.Export(f)
		require.NoError(t, err, f)
		assert.True(t, strings.HasPrefix(name, "first-mail."), name)
		assert.NotEmpty(t, data, f)
	}
	_, data, _ := p.Export("pcap")
	assert.Equal(t, []byte{0xd4, 0xc3, 0xb2, 0xa1}, data[:4], "libpcap magic, little endian")
	_, _, err := p.Export("doc")
	assert.Error(t, err)
}

// TestInspectorShowsMailboxAtStep: in the pickup world Bob's client fetches his mail
// with POP3 and deletes it. At the step where his message is filed, the inspector
// shows it exactly as filed (it used to show 0 octets, read from the mailbox at the
// end of the run); once POP3 removed it, it is gone from the view.
func TestInspectorShowsMailboxAtStep(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "picking-up", Step: -1, Demo: true})
	require.Empty(t, problems)
	filed := p.Trace.Find(func(e trace.Event) bool {
		return e.Kind == trace.KindDeliver && e.Rcpt == "bob@example.net"
	})
	require.GreaterOrEqual(t, filed, 0)
	deliver := p.Trace.At(filed)
	require.NotEmpty(t, deliver.Payload, "the deliver event carries the filed octets")
	p.Seek(filed)
	var bob []view.Mail
	for _, m := range p.Mailboxes(deliver.Actor) {
		if m.User == "bob@example.net" {
			bob = append(bob, m)
		}
	}
	require.Len(t, bob, 1)
	assert.Equal(t, string(deliver.Payload), bob[0].Source)
	assert.True(t, strings.HasPrefix(bob[0].Source, "Return-Path: <alice@example.org>\r\n"), bob[0].Source)
	assert.Contains(t, bob[0].Source, "Subject: Team dinner")
	assert.Equal(t, "MAIL FROM:<alice@example.org>  RCPT TO:<bob@example.net>", bob[0].Envelope)

	removed := p.Trace.Find(func(e trace.Event) bool {
		return e.Kind == trace.KindRemove && e.Mailbox == "bob@example.net" && e.UID == deliver.UID
	})
	require.Greater(t, removed, filed, "POP3 deletes Bob's message at QUIT")
	p.Seek(removed - 1)
	held := false
	for _, m := range p.Mailboxes(deliver.Actor) {
		held = held || m.User == "bob@example.net" && m.UID == deliver.UID
	}
	assert.True(t, held, "still there just before POP3 removes it")
	p.Seek(removed)
	for _, m := range p.Mailboxes(deliver.Actor) {
		assert.False(t, m.User == "bob@example.net" && m.UID == deliver.UID, "removed for good")
	}
}

// TestOnlyServersDrawReplies: in the diagram, an arrow coming back to a client with a
// reply's colour is always a line a server sent. A refused or timed-out connection
// and a defer without a reply are notes on the client's own lane.
func TestOnlyServersDrawReplies(t *testing.T) {
	// Demo mode draws the whole run, whichever checkpoints the lesson asks on the way.
	p, problems := view.Open(view.State{Lesson: "end-to-end", Step: -1, Demo: true})
	require.Empty(t, problems)
	p.End()
	notes := 0
	for _, a := range p.Arrows(0) {
		e := p.Trace.At(a.Index)
		if a.From != a.To && a.Class != "" {
			assert.Equal(t, trace.KindLine, e.Kind, "arrow %d (%s) %q", a.Index, e.Kind, a.Text)
			assert.Equal(t, trace.DirRecv, e.Dir)
		}
		if e.Kind == trace.KindRefused || e.Kind == trace.KindUnreachable || e.Kind == trace.KindDefer && e.Code == 0 {
			assert.Equal(t, a.From, a.To, "event %d (%s) is a note", e.Seq, e.Kind)
			notes++
		}
	}
	assert.Positive(t, notes, "the lesson's world has connections that fail")
}

// TestNarrationQuotesThisRun: a reply quoted by a placeholder is the one of the run on
// screen, in each model.
func TestNarrationQuotesThisRun(t *testing.T) {
	for _, model := range []scenario.Model{scenario.EndToEnd, scenario.StoreAndForward} {
		p, problems := view.Open(view.State{Lesson: "final-dot", Step: -1, Model: model, Demo: true})
		require.Empty(t, problems)
		i := p.Trace.Find(func(e trace.Event) bool {
			return e.Kind == trace.KindLine && e.Peer == "mx.example.net" && e.Status == "2.0.0"
		})
		require.GreaterOrEqual(t, i, 0)
		p.Seek(i)
		id, html := p.Narration()
		require.Equal(t, "queued", id)
		assert.True(t, strings.HasPrefix(html, "<p><code>"+p.Trace.At(i).Line+"</code>"), html)
		assert.NotContains(t, html, "{{")
	}
}

// TestOutcomeLinesShowNoCodeNobodySent: the sandbox's outcome panel gives a reply code
// only where a server sent one.
func TestOutcomeLinesShowNoCodeNobodySent(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "retries", Step: -1, Lang: "en"})
	require.Empty(t, problems)
	lines := p.OutcomeLines()
	require.Len(t, lines, len(p.Trace.Outcomes))
	assert.Contains(t, lines, "m1 → bob@example.net: delivered 250 2.0.0")
	assert.Contains(t, lines, "m1 → erin@example.com: bounced 4.4.1")
}

// TestExplainFromFields: the explanation reads the event's fields; a decision without
// a reply has no code to show.
func TestExplainFromFields(t *testing.T) {
	ex, ok := view.Explain("de", "client.connect-failed", 0, "4.4.1")
	require.True(t, ok)
	assert.Equal(t, "Verbindung nicht möglich", ex.Title)
	assert.Empty(t, ex.Code)
	assert.Equal(t, "4.4.1", ex.Status)
	ex, ok = view.Explain("en", "", 550, "5.1.1")
	require.True(t, ok, "falls back to the reply code")
	assert.Equal(t, "550", ex.Code)
	_, ok = view.Explain("en", "", 0, "")
	assert.False(t, ok)
}

// TestTryItTellsTheRun: with the lesson's fault, the page stops telling the lesson's
// story where the run differs: at the end Bob's mailbox is empty, and the narration
// says so instead of "Bob's MDA files the message".
func TestTryItTellsTheRun(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		p, problems := view.Open(view.State{Lesson: "one-message", Step: -1, Demo: true, Lang: lang})
		require.Empty(t, problems)
		p.End()
		id, html := p.Narration()
		require.Equal(t, "deliver", id, "without the fault the lesson tells its end")
		require.NotEmpty(t, html)
		assert.Nil(t, p.Told())
		before := p.NarrationKey()

		require.True(t, p.TryIt())
		assert.Nil(t, p.Told(), "restarted just before the first event that differs")
		p.End()
		id, html = p.Narration()
		assert.Empty(t, id)
		assert.Empty(t, html, "the lesson's delivery text is not told")
		told := p.Told()
		require.NotNil(t, told)
		assert.NotEmpty(t, told.Stale)
		assert.Contains(t, strings.Join(told.Changed, "\n"), "bob@example.net")
		assert.Contains(t, strings.Join(told.Standing, "\n"), "550 5.1.1")
		assert.False(t, before == p.NarrationKey())
		at := p.NarrationKey()
		p.Back()
		assert.False(t, at == p.NarrationKey(), "the run told at another event")
	}
}

// TestSandboxWorldsHaveTitlesAndDescriptions: every built-in scenario has a title and a
// one-line description in both languages; the English ones are the scenario file's.
func TestSandboxWorldsHaveTitlesAndDescriptions(t *testing.T) {
	ids := lessons.ScenarioIDs()
	require.NotEmpty(t, ids)
	for _, id := range ids {
		src, name, ok := lessons.Scenario(id)
		require.True(t, ok)
		sc, err := scenariofile.Parse(name, src)
		require.NoError(t, err)
		assert.Equal(t, sc.Name, view.SandboxTitle("en", id), id)
		assert.Equal(t, sc.Description, view.SandboxDescription("en", id), id)
		for _, lang := range lessons.Languages {
			assert.NotEqual(t, id, view.SandboxTitle(lang, id), "%s has a title in %s", id, lang)
			assert.NotEmpty(t, view.SandboxDescription(lang, id), "%s has a description in %s", id, lang)
		}
		assert.NotEqual(t, view.SandboxDescription("en", id), view.SandboxDescription("de", id), "%s is translated", id)
	}
}

// TestWorldLinks: a lesson and a sandbox world with the same id are both reachable:
// lesson=ID opens the lesson, world=ID the world; an old link naming a world with
// lesson= still opens it and is rewritten to world=.
func TestWorldLinks(t *testing.T) {
	for _, tt := range []struct {
		frag, lesson, world, title, rewritten string
		problem                               bool
	}{
		{frag: "lesson=bulk", lesson: "bulk", rewritten: "lesson=bulk&model=end-to-end&lang=en"},
		{frag: "world=bulk", world: "bulk", title: "One newsletter, many domains", rewritten: "world=bulk&model=end-to-end&lang=en"},
		{frag: "world=envelope&lang=de", world: "envelope", title: "Umschlag und Kopf erzählen verschiedene Geschichten"},
		{frag: "lesson=envelope", lesson: "envelope"},
		{frag: "lesson=first-mail", world: "first-mail", title: "One message from Alice to Bob", rewritten: "world=first-mail&model=end-to-end&lang=en"},
		{frag: "world=nope", lesson: "journey", problem: true},
	} {
		s, problems := view.ParseFragment(tt.frag)
		require.Empty(t, problems, tt.frag)
		p, problems := view.Open(s)
		assert.Equal(t, tt.problem, len(problems) > 0, "%s: %v", tt.frag, problems)
		assert.Equal(t, tt.lesson, p.State.Lesson, tt.frag)
		assert.Equal(t, tt.world, p.State.World, tt.frag)
		assert.Equal(t, tt.lesson != "", p.Lesson != nil, tt.frag)
		if tt.title != "" {
			assert.Equal(t, tt.title, p.Title(), tt.frag)
		}
		if tt.rewritten != "" {
			assert.Equal(t, tt.rewritten, p.State.Fragment(), tt.frag)
		}
	}
}

// TestEveryLessonTellsItsOwnRun: opened as written, in every model it names, no lesson
// page finds its run differing from the lesson's: the lesson's text tells it to the end.
func TestEveryLessonTellsItsOwnRun(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	for _, l := range course {
		for _, model := range l.Models {
			p, problems := view.Open(view.State{Lesson: l.ID, Step: -1, Model: model, Demo: true})
			require.Empty(t, problems)
			p.End()
			assert.Nil(t, p.Told(), "%s %s", l.ID, model)
			id, html := p.Narration()
			assert.NotEmpty(t, id, "%s %s", l.ID, model)
			assert.NotEmpty(t, html, "%s %s", l.ID, model)
		}
	}
}

// TestMarkersMarkup: one rectangle per marker, at its event's share of the run, with
// its kind as the class the colour comes from.
func TestMarkersMarkup(t *testing.T) {
	p, _ := view.Open(view.State{Lesson: "bulk", Step: -1, Demo: true})
	markers := p.Markers()
	require.NotEmpty(t, markers)
	markup := p.MarkersMarkup()
	assert.Equal(t, len(markers), strings.Count(markup, "<rect "))
	last := markers[len(markers)-1]
	assert.Contains(t, markup, fmt.Sprintf(`<rect class="%s" x="%.2f%%" width="3" height="6"></rect>`,
		last.Kind, float64(last.Index+1)*100/float64(p.Trace.Len())), "at its share of the scrubber's range, -1 to the last event")
	assert.Contains(t, markup, `class="deliver"`)
}

// TestLinkNamesRun: a link that names no more than a language opens the start page;
// anything of a run opens one (the first lesson when it names no lesson).
func TestLinkNamesRun(t *testing.T) {
	for _, tc := range []struct {
		frag string
		run  bool
	}{
		{"#lang=de", false},
		{"#lang=en", false},
		{"#unknown=1", false},
		{"#lesson=journey", true},
		{"#world=bounce", true},
		{"#step=3", true},
		{"#model=end-to-end", true},
		{"#fault=down:mx.example.net", true},
		{"#demo=1", true},
		{"#answer=first:a", true},
		{"#own=lesson.yaml", true},
		{"#lang=de&lesson=dns", true},
	} {
		s, _ := view.ParseFragmentIn(tc.frag, "en")
		assert.Equal(t, tc.run, s.NamesRun(), tc.frag)
	}
}
