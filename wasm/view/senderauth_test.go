package view_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/auth"
	"smtpsim/sim/auth/remote"
	"smtpsim/sim/auth/spfdkim"
	"smtpsim/sim/dns"
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

// TestStoppedWithoutSenderAuth: a lesson that signs or checks, opened without the
// module or with a module that breaks, stops at once, and the page says why in its
// language: a missing module without a word of Go's, a broken one with its reason.
func TestStoppedWithoutSenderAuth(t *testing.T) {
	t.Cleanup(func() { world.UseSenderAuth(spfdkim.Evaluator{}) })
	call := func(err error) remote.Call {
		return func([]byte, []byte, dns.Resolver) ([]byte, error) { return nil, err }
	}
	for _, tc := range []struct {
		name      string
		evaluator auth.Evaluator
		key       string
	}{
		{"none set", nil, "run.senderauth.missing"},
		{"module not loaded", remote.Client{Call: call(fmt.Errorf("%w: not loaded", world.ErrNoSenderAuth))}, "run.senderauth.missing"},
		{"module broke", remote.Client{Call: call(errors.New("RuntimeError: unreachable"))}, "run.senderauth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			world.UseSenderAuth(tc.evaluator)
			p, _ := view.Open(view.State{Lesson: "dkim", Lang: "de"})
			require.NotNil(t, p)
			assert.Zero(t, p.Trace.Len())
			for _, lang := range []string{"en", "de"} {
				assert.Equal(t, view.T(lang, tc.key), p.Stopped(lang), lang)
				assert.NotContains(t, p.Stopped(lang), "RuntimeError", "the module's words stay in the console")
			}
		})
	}
	world.UseSenderAuth(spfdkim.Evaluator{})
	q, _ := view.Open(view.State{Lesson: "journey"})
	assert.Empty(t, q.Stopped("en"))
}
