package narrate_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/lessons/narrate"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// compare runs a lesson in model with faults and sets the run against the lesson's own.
func compare(t *testing.T, id string, model scenario.Model, specs ...string) *narrate.Comparison {
	t.Helper()
	l, err := lessons.Find(id)
	require.NoError(t, err)
	var faults []fault.Fault
	for _, s := range specs {
		f, err := fault.Parse(s)
		require.NoError(t, err)
		faults = append(faults, f)
	}
	if model == "" {
		model = l.Models[0]
	}
	run := world.Run(l.ScenarioOf(model), faults...)
	return narrate.Compare(l, model, narrate.Reference(l, model), run)
}

func TestSameComparesFacts(t *testing.T) {
	e := trace.Event{Seq: 3, Conn: 2, Kind: trace.KindLine, Actor: "a", Peer: "b", Code: 250, Line: "250 ok", Text: "fine"}
	renumbered, retold, refused := e, e, e
	renumbered.Seq, renumbered.Conn = 9, 7
	retold.Text = "in other words"
	refused.Code, refused.Line = 550, "550 no"
	for _, tt := range []struct {
		name string
		a, b []trace.Event
		want int
	}{
		{"the same run", []trace.Event{e, e}, []trace.Event{e, e}, -1},
		{"numbers and text are no facts", []trace.Event{e, e}, []trace.Event{renumbered, retold}, -1},
		{"another reply", []trace.Event{e, e}, []trace.Event{e, refused}, 1},
		{"one run ends first", []trace.Event{e, e}, []trace.Event{e}, 1},
		{"an empty run", nil, []trace.Event{e}, 0},
	} {
		assert.Equal(t, tt.want, narrate.FirstDifference(traceOf(tt.a), traceOf(tt.b)), tt.name)
	}
}

// TestSameComparesEveryFact: an event that differs from another in any one field, or
// in a field of what a field points to, states other facts — but for the sequence
// number, the connection number, the text and the payload; a field added to
// trace.Event and forgotten in Same fails here.
func TestSameComparesEveryFact(t *testing.T) {
	fresh := func() trace.Event {
		return trace.Event{Rcpts: []string{"r"}, Headers: []string{"h"}, Payload: []byte("p"),
			TLS: &trace.TLS{}, Auth: &trace.Auth{}, DNS: &dns.Answer{Records: []dns.Record{{}}}}
	}
	// Every value the event holds, as the path of field and element indexes to it.
	var leaves [][]int
	var walk func(typ reflect.Type, path []int)
	walk = func(typ reflect.Type, path []int) {
		switch typ.Kind() {
		case reflect.Struct:
			for i := range typ.NumField() {
				walk(typ.Field(i).Type, append(slices.Clone(path), i))
			}
		case reflect.Pointer, reflect.Slice:
			walk(typ.Elem(), append(slices.Clone(path), 0))
		default:
			leaves = append(leaves, path)
		}
	}
	walk(reflect.TypeFor[trace.Event](), nil)
	require.Greater(t, len(leaves), 40)
	ignored := []string{"Seq", "Conn", "Text", "Payload"}
	for _, path := range leaves {
		a, b := fresh(), fresh()
		v := reflect.ValueOf(&b).Elem()
		for _, i := range path {
			switch v.Kind() {
			case reflect.Struct:
				v = v.Field(i)
			case reflect.Pointer:
				v = v.Elem()
			default:
				v = v.Index(i)
			}
		}
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Int, reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Uint8, reflect.Uint16, reflect.Uint32:
			v.SetUint(v.Uint() + 1)
		case reflect.Bool:
			v.SetBool(!v.Bool())
		default:
			t.Fatalf("field %v: a value of kind %s", path, v.Kind())
		}
		name := reflect.TypeFor[trace.Event]().Field(path[0]).Name
		assert.Equal(t, slices.Contains(ignored, name), narrate.Same(a, b), "%s %v", name, path)
	}

	a, b := fresh(), fresh()
	a.TLS, a.Auth, a.DNS = nil, nil, nil
	assert.False(t, narrate.Same(a, b), "one states TLS, authentication and DNS facts, the other none")
	a, b = trace.Event{Rcpts: []string{}}, trace.Event{}
	assert.True(t, narrate.Same(a, b), "no recipients, listed empty or not at all")
}

// traceOf is a trace of the events, numbered anew.
func traceOf(events []trace.Event) *trace.Trace {
	tr := &trace.Trace{}
	for _, e := range events {
		tr.Append(e)
	}
	return tr
}

// TestNoStepToldWhoseAnchorIsMissing: with the "try it yourself" fault of every lesson,
// in every model it is written for and in both languages, no step's text is told at an
// event unless its anchor event happened in this run, at or before that event, and —
// once the run differs — the same as in the lesson's run. The fault changes every run,
// and somewhere the run is told from the trace instead.
func TestNoStepToldWhoseAnchorIsMissing(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	for _, l := range course {
		if l.Try.Fault.Kind == "" {
			continue
		}
		for _, model := range l.Models {
			c := compare(t, l.ID, model, l.Try.Fault.String())
			name := l.ID + "/" + string(model)
			require.GreaterOrEqual(t, c.From, 0, "%s: the try-it fault changes the run", name)
			stale := 0
			for _, lang := range lessons.Languages {
				text := l.Texts[lang]
				for i := range c.Run.All() {
					id, holds := c.Step(text, i)
					told := c.Tell(lang, i, holds)
					assert.Equal(t, i >= c.From, told != nil, "%s: told from the first difference on, at %d", name, i)
					if !holds {
						stale++
						require.NotNil(t, told, "%s %d", name, i)
						assert.NotEmpty(t, told.Now, "%s %d: the run is told", name, i)
						assert.NotEmpty(t, told.Standing, "%s %d: where the recipients stand", name, i)
						continue
					}
					if id == "intro" {
						assert.Less(t, i, c.From, "%s: the intro is told only before the difference", name)
						continue
					}
					step := stepOf(l, id)
					at := step.At.Find(c.Run)
					require.GreaterOrEqual(t, at, 0, "%s: step %s told at %d, but its event is not in the run", name, id, i)
					assert.LessOrEqual(t, at, i, "%s: step %s told before its event", name, id)
					if i >= c.From {
						ref := step.At.Find(c.Ref)
						require.GreaterOrEqual(t, ref, 0, "%s: step %s is not in the lesson's run", name, id)
						assert.True(t, narrate.Same(c.Run.At(at), c.Ref.At(ref)), "%s: step %s told after its event changed", name, id)
						assert.GreaterOrEqual(t, at, c.From, "%s: step %s anchored before the difference told after it", name, id)
					}
				}
			}
			assert.Positive(t, stale, "%s: somewhere the lesson's text does not apply", name)
		}
	}
}

func stepOf(l *lessons.Lesson, id string) lessons.Step {
	for _, s := range l.Steps {
		if s.ID == id {
			return s
		}
	}
	return lessons.Step{}
}

// TestNarrationFollowsTheRun: table of lessons, faults and models, and what the last
// event of each run is told with.
func TestNarrationFollowsTheRun(t *testing.T) {
	for _, tt := range []struct {
		name, lesson string
		model        scenario.Model
		faults       []string
		lang         string
		holds        bool     // the lesson's own text at the last event
		differs      []string // in Told.Differs
		changed      []string // among Told.Changed
		standing     []string // among Told.Standing
	}{
		{name: "no change", lesson: "one-message", lang: "en", holds: true},
		{name: "another model the lesson is written for", lesson: "one-message", model: scenario.StoreAndForward, lang: "en", holds: true},
		{name: "bob does not exist", lesson: "one-message", faults: []string{"unknown-user:bob@example.net"}, lang: "en",
			differs:  []string{"differs from the lesson from step", "bob@example.net does not exist"},
			changed:  []string{"m1 → bob@example.net: bounced 550 5.1.1 — in the lesson: delivered 250 2.0.0 into the mailbox of mx.example.net/bob@example.net"},
			standing: []string{"m1 → bob@example.net: bounced (550 5.1.1); a bounce goes back to alice@example.org"}},
		{name: "Bob existiert nicht", lesson: "one-message", faults: []string{"unknown-user:bob@example.net"}, lang: "de",
			differs:  []string{"anders als in der Lektion"},
			changed:  []string{"m1 → bob@example.net: unzustellbar (Unzustellbarkeitsnachricht) 550 5.1.1 – in der Lektion: zugestellt 250 2.0.0 ins Postfach von mx.example.net/bob@example.net"},
			standing: []string{"m1 → bob@example.net: gescheitert (550 5.1.1); eine Unzustellbarkeitsnachricht geht zurück an alice@example.org"}},
		{name: "a model the lesson is not written for", lesson: "journey", model: scenario.StoreAndForward, lang: "en",
			differs: []string{"This lesson is written for the end-to-end model."}},
		{name: "the server is down for a while", lesson: "journey", faults: []string{"down:mx.example.net,until=20m"}, lang: "en",
			differs:  []string{"mx.example.net is down"},
			standing: []string{"m1 → bob@example.net: delivered into the mailbox of bob@example.net on mx.example.net"}},
		{name: "too large", lesson: "mime", faults: []string{"too-large:mx.example.net,size=5000"}, lang: "en",
			changed: []string{"m1 → bob@example.net: bounced 552 5.3.4"}},
		{name: "Greylisting, ein Satz mit einem Punkt am Ende", lesson: "journey", faults: []string{"greylist:mx.example.net"}, lang: "de", holds: true,
			differs: []string{"neuer Versuch frühestens in 1 Min."}},
		{name: "wrong password at submission", lesson: "submission", faults: []string{"wrong-password:alice@example.org"}, lang: "en",
			standing: []string{"m1 → bob@example.net: refused at submission (535 5.7.8); the sender sees the error at once"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := compare(t, tt.lesson, tt.model, tt.faults...)
			last := c.Run.Len() - 1
			id, holds := c.Step(c.Lesson.Texts[tt.lang], last)
			assert.Equal(t, tt.holds, holds, "step %s", id)
			told := c.Tell(tt.lang, last, holds)
			if len(tt.faults) == 0 && tt.holds {
				assert.Equal(t, -1, c.From)
				assert.Nil(t, told)
				return
			}
			require.NotNil(t, told)
			for _, s := range tt.differs {
				assert.Contains(t, told.Differs, s)
			}
			assert.NotContains(t, told.Differs, "..", "one full stop, also after an abbreviation")
			for _, s := range tt.changed {
				assert.True(t, containsPrefix(told.Changed, s), "%q in %q", s, told.Changed)
			}
			for _, s := range tt.standing {
				assert.Contains(t, told.Standing, s)
			}
		})
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// TestAStepHoldsAgain: a step after the difference whose connection and message are
// unchanged is told with the lesson's words again.
func TestAStepHoldsAgain(t *testing.T) {
	c := compare(t, "picking-up", "", "wrong-password:bob@example.net")
	require.GreaterOrEqual(t, c.From, 0)
	var again []string
	for i := c.From; i < c.Run.Len(); i++ {
		if id, holds := c.Step(c.Lesson.Texts["en"], i); holds && (len(again) == 0 || again[len(again)-1] != id) {
			again = append(again, id)
		}
	}
	assert.Contains(t, again, "imap-login")
}

// TestStandingAt: where a recipient stands follows the events: on its way, deferred
// with its next attempt, delivered into a mailbox.
func TestStandingAt(t *testing.T) {
	c := compare(t, "journey", "", "down:mx.example.net,until=20m")
	tr := c.Run
	deferAt := tr.Next(-1, trace.KindDefer)
	require.GreaterOrEqual(t, deferAt, 0)
	submitted := tr.Next(-1, trace.KindSubmit)
	for _, tt := range []struct {
		at   int
		want narrate.Standing
	}{
		{submitted, narrate.Standing{Msg: "m1", Rcpt: "bob@example.net", State: narrate.Queued, Host: tr.At(submitted).Actor}},
		{deferAt, narrate.Standing{Msg: "m1", Rcpt: "bob@example.net", State: trace.OutcomeDeferred, Host: "mail.example.org",
			Status: tr.At(deferAt).Status, Next: tr.At(deferAt).Next}},
		{tr.Len() - 1, narrate.Standing{Msg: "m1", Rcpt: "bob@example.net", State: trace.OutcomeDelivered, Host: "mx.example.net", Mailbox: "bob@example.net"}},
	} {
		got := narrate.StandingAt(tr, tt.at)
		require.Len(t, got, 1, "at %d", tt.at)
		assert.Equal(t, tt.want, got[0], "at %d", tt.at)
	}
	assert.Positive(t, tr.At(deferAt).Next)
	assert.Empty(t, narrate.StandingAt(tr, -1), "before the first event")
	assert.Contains(t, narrate.Say("de", tr, narrate.StandingAt(tr, deferAt)[0]), "nächster Versuch um")
}

// TestPhrasesInBothLanguages: every text of the package is in English and German.
func TestPhrasesInBothLanguages(t *testing.T) {
	require.NoError(t, narrate.Phrases().Load())
	assert.Equal(t, narrate.Phrases().Keys("en"), narrate.Phrases().Keys("de"))
	assert.NotEmpty(t, narrate.Phrases().Keys("en"))
}

// TestAsksOnlyWhatTheRunAnswers: once the run differs, a checkpoint whose answer the
// run's event no longer bears out is not asked; before the difference every one is.
func TestAsksOnlyWhatTheRunAnswers(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	skipped := 0
	for _, l := range course {
		for _, model := range l.Models {
			plain := compare(t, l.ID, model)
			for _, cp := range l.Checkpoints {
				assert.Equal(t, cp.Before.Find(plain.Run), plain.Asks(cp), "%s %s: the lesson's own run asks every question", l.ID, cp.ID)
			}
			if l.Try.Fault.Kind == "" {
				continue
			}
			c := compare(t, l.ID, model, l.Try.Fault.String())
			for _, cp := range l.Checkpoints {
				i := c.Asks(cp)
				if i < 0 {
					skipped++
					continue
				}
				for _, o := range cp.Options {
					assert.Equal(t, o.ID == cp.Answer, lessons.Holds(o.Claim, c.Run.At(i)), "%s %s option %s", l.ID, cp.ID, o.ID)
				}
			}
		}
	}
	assert.Positive(t, skipped, "some faults change what a question asks about")

	// Bob unknown: DATA is refused, the first 2.0.0 from mx is the 221 to QUIT, and
	// "the server answers 250" would be marked right against it.
	c := compare(t, "one-message", "", "unknown-user:bob@example.net")
	for _, cp := range c.Lesson.Checkpoints {
		if cp.ID == "final-reply" {
			require.GreaterOrEqual(t, cp.Before.Find(c.Run), 0, "its selector still finds an event")
			assert.Equal(t, -1, c.Asks(cp), "but the question is not asked")
		}
	}
}

// BenchmarkCompare: on the longest lesson with its try-it fault, what the page does
// when the run changes (the lesson's own run, the comparison) and at each step (the
// step to tell and the run told, here at every event).
func BenchmarkCompare(b *testing.B) {
	l, err := lessons.Find("trouble-that-stays")
	require.NoError(b, err)
	run := world.Run(l.ScenarioOf(l.Models[0]), l.Try.Fault)
	ref := narrate.Reference(l, l.Models[0])
	text := l.Texts["en"]
	b.Run("reference", func(b *testing.B) {
		for b.Loop() {
			narrate.Reference(l, l.Models[0])
		}
	})
	b.Run("compare", func(b *testing.B) {
		for b.Loop() {
			narrate.Compare(l, l.Models[0], ref, run)
		}
	})
	b.Run("every-event", func(b *testing.B) {
		c := narrate.Compare(l, l.Models[0], ref, run)
		for b.Loop() {
			for i := range run.All() {
				_, holds := c.Step(text, i)
				c.Tell("en", i, holds)
			}
		}
	})
}
