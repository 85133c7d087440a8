package view_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/world"
	"smtpsim/wasm/view"
)

// TestNeedsSenderAuth: the page knows before opening a lesson, a sandbox world, a
// session or own files whether it first needs the sender-authentication module, and
// asking leaves the lesson decoded for Open.
func TestNeedsSenderAuth(t *testing.T) {
	for _, tc := range []struct {
		name  string
		state view.State
		want  bool
	}{
		{"first lesson", view.State{Lesson: "journey"}, false},
		{"start page's default", view.State{}, false},
		{"spf lesson", view.State{Lesson: "spf"}, true},
		{"dkim lesson", view.State{Lesson: "dkim"}, true},
		{"dmarc lesson", view.State{Lesson: "dmarc"}, true},
		{"headers lesson", view.State{Lesson: "headers"}, true},
		{"who-sent-this lesson", view.State{Lesson: "who-sent-this"}, true},
		{"dkim world", view.State{World: "dkim"}, true},
		{"world under lesson=", view.State{Lesson: "greylisting"}, false},
		{"a world without", view.State{World: "first-mail"}, false},
		{"no such lesson", view.State{Lesson: "nope"}, false},
		{"own file", view.State{Own: "my.yaml", Lesson: "dkim"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, view.NeedsSenderAuth(tc.state))
			if tc.state.Lesson != "" && tc.state.Own == "" {
				p, _ := view.Open(tc.state)
				require.NotNil(t, p)
				assert.Equal(t, tc.want, p.Scenario.NeedsSenderAuth(), "Open runs that world")
			}
		})
	}
	assert.True(t, view.Session{Lesson: "dmarc"}.NeedsSenderAuth())
	assert.False(t, view.Session{Lesson: "journey"}.NeedsSenderAuth())

	dkim, err := lessons.Find("dkim")
	require.NoError(t, err)
	data, err := lessons.Encode(dkim)
	require.NoError(t, err)
	assert.True(t, lessons.Own{Kind: lessons.OwnLesson, Data: data}.NeedsSenderAuth())
	sc, err := lessons.EncodeWorld(dkim.World)
	require.NoError(t, err)
	assert.True(t, lessons.Own{Kind: lessons.OwnScenario, Data: sc}.NeedsSenderAuth())
	assert.False(t, lessons.Own{Problems: []string{"x"}}.NeedsSenderAuth())
}

// TestStoppedWithoutSenderAuth: a lesson that signs or checks opened without the
// module stops at once and the page says why, in its language.
func TestStoppedWithoutSenderAuth(t *testing.T) {
	world.UseSenderAuth(nil)
	t.Cleanup(func() { world.UseSenderAuth(spfdkim.Evaluator{}) })
	p, _ := view.Open(view.State{Lesson: "dkim", Lang: "de"})
	require.NotNil(t, p)
	assert.Zero(t, p.Trace.Len())
	assert.Contains(t, p.Stopped("de"), "Die Simulation hielt an: Das Modul, das SPF und DKIM prüft, fehlt")
	assert.Contains(t, p.Stopped("en"), "The simulation stopped: the module that checks SPF and DKIM is missing")
	q, _ := view.Open(view.State{Lesson: "journey"})
	assert.Empty(t, q.Stopped("en"))
}
