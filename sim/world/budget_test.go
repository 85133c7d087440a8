package world_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/budget"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// A run past a budget stops with an error naming the budget and the virtual time,
// and keeps the trace up to there. Before budgets, the first case ran out of memory
// (about 800,000 events per 10 virtual minutes) and the second allocated a terabyte.
func TestBudgetStopsTheRun(t *testing.T) {
	retries := load(t, "retries")
	retries.Retry = scenario.Retry{First: time.Millisecond, Max: time.Millisecond, Lifetime: 5 * 24 * time.Hour}
	retries.Faults = []fault.Fault{{Kind: fault.Refuse, Target: "mx.example.com"}}

	huge := load(t, "first-mail")
	huge.Messages[0].Attachments = []scenario.Attachment{{Name: "big.bin", Type: "application/octet-stream", Size: 1000_000_000_000}}

	many := load(t, "first-mail")
	for range 5 {
		many.Messages = append(many.Messages, many.Messages[0])
	}

	small := budget.Budget{Events: 20_000, Octets: budget.Default.Octets, Messages: budget.Default.Messages}
	tests := []struct {
		name   string
		sc     scenario.Scenario
		budget budget.Budget
		which  string
		limit  int
	}{
		{"retry every millisecond", retries, budget.Default, "events", budget.Default.Events},
		{"retry every millisecond, small budget", retries, small, "events", 20_000},
		{"a terabyte attachment", huge, budget.Default, "octets", budget.Default.Octets},
		{"more messages than the budget", many, budget.Budget{Events: 1000, Octets: 1 << 20, Messages: 3}, "messages", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := world.New(tt.sc)
			w.SetBudget(tt.budget)
			w.Run()
			var ex *budget.Exceeded
			require.ErrorAs(t, w.Err(), &ex)
			assert.Equal(t, tt.which, ex.Budget)
			assert.Equal(t, tt.limit, ex.Limit)
			assert.Contains(t, ex.Error(), "the run stopped at virtual time ")
			assert.Contains(t, ex.Error(), tt.which+" budget")
			tr := w.Trace()
			assert.LessOrEqual(t, tr.Len(), tt.budget.Events)
			assert.LessOrEqual(t, w.Used().Octets, tt.budget.Octets)
			if tr.Len() > 0 {
				assert.GreaterOrEqual(t, ex.At, tr.At(tr.Len()-1).Time, "the trace ends where the run stopped")
			}
			if tt.which == "events" {
				// erin's message was accepted: still in the queue when the run stopped.
				require.NotEmpty(t, tr.Outcomes)
				assert.Equal(t, trace.OutcomeDeferred, outcome(tr, "m1", "erin@example.com").Outcome)
			}
		})
	}
}

// A run within its budget reports no error and what it used.
func TestBudgetUsed(t *testing.T) {
	w := world.New(load(t, "first-mail"))
	w.Run()
	require.NoError(t, w.Err())
	used := w.Used()
	assert.Positive(t, used.Events)
	assert.Positive(t, used.Octets)
	assert.Equal(t, 1, used.Messages)
	tr, err := world.RunChecked(load(t, "first-mail"), budget.Default)
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, w.Trace()), jsonOf(t, tr))
}
