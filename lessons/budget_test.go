package lessons_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/budget"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/world"
)

// Every built-in lesson and scenario, in every model and with its "try it yourself"
// fault, uses less than a tenth of each default budget: the budgets stop runaway
// files, never a lesson. docs/simulation.md quotes the largest use.
func TestBuiltinsFitTheBudget(t *testing.T) {
	type run struct {
		name   string
		sc     scenario.Scenario
		faults []fault.Fault
	}
	var runs []run
	course, err := lessonfile.Course()
	require.NoError(t, err)
	for _, l := range course {
		for _, m := range l.Models {
			sc := *l.World
			sc.Model = m
			runs = append(runs, run{"lesson " + l.ID + " " + string(m), sc, nil})
			if l.Try.Fault.Kind != "" {
				runs = append(runs, run{"lesson " + l.ID + " " + string(m) + " try", sc, []fault.Fault{l.Try.Fault}})
			}
		}
	}
	for _, id := range lessons.ScenarioIDs() {
		src, name, _ := lessons.Scenario(id)
		sc, err := scenariofile.Parse(name, src)
		require.NoError(t, err)
		for _, m := range []scenario.Model{scenario.EndToEnd, scenario.StoreAndForward} {
			s := *sc
			s.Model = m
			runs = append(runs, run{"scenario " + id + " " + string(m), s, nil})
		}
	}
	var most budget.Budget
	for _, r := range runs {
		w := world.New(r.sc, r.faults...)
		w.Run()
		require.NoError(t, w.Err(), r.name)
		used := w.Used()
		assert.Less(t, used.Events*10, budget.Default.Events, r.name)
		assert.Less(t, used.Octets*10, budget.Default.Octets, r.name)
		assert.Less(t, used.Messages*10, budget.Default.Messages, r.name)
		if used.Events > most.Events {
			t.Logf("most events: %s: %d", r.name, used.Events)
		}
		if used.Octets > most.Octets {
			t.Logf("most octets: %s: %d", r.name, used.Octets)
		}
		if used.Messages > most.Messages {
			t.Logf("most messages: %s: %d", r.name, used.Messages)
		}
		most = budget.Budget{Events: max(most.Events, used.Events), Octets: max(most.Octets, used.Octets), Messages: max(most.Messages, used.Messages)}
	}
	t.Logf("largest use: %+v of %+v", most, budget.Default)
}

// A lesson whose world goes past a budget is reported as such, once per model, instead
// of as steps that find no event.
func TestCheckReportsABudget(t *testing.T) {
	l, err := lessons.Find("one-message")
	require.NoError(t, err)
	require.NoError(t, lessonfile.Check(l))
	src, name, _ := lessons.Scenario("retries")
	sc, err := scenariofile.Parse(name, src)
	require.NoError(t, err)
	sc.Retry = scenario.Retry{First: time.Second, Max: time.Second, Lifetime: 5 * 24 * time.Hour}
	sc.Faults = []fault.Fault{{Kind: fault.Refuse, Target: "mx.example.com"}}
	l.World = sc
	err = lessonfile.Check(l)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "lessons/course/03-one-message/lesson.yaml:1:1: world (end-to-end): the run stopped at virtual time ")
	assert.Contains(t, err.Error(), "events budget of 500000 events")
}
