package view_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/wasm/view"
)

// TestKeysChangeWithWhatIsShown: a panel's key stays equal while what it shows stays
// the same, and changes with the step of the narration, an answer, the language, a
// fault, another page, or a line typed at the console.
func TestKeysChangeWithWhatIsShown(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "dns", Step: -1})
	require.Empty(t, problems)
	narration, faults, console := p.NarrationKey(), p.FaultsKey(), p.ConsoleKey("client")
	assert.Equal(t, narration, p.NarrationKey())
	assert.True(t, narration == p.NarrationKey(), "comparable with ==")
	assert.True(t, faults == p.FaultsKey())
	assert.True(t, console == p.ConsoleKey("client"))
	assert.False(t, console == p.ConsoleKey("server"))

	// Step until a checkpoint asks: the question changes the key, the answer again.
	for p.Pending() == "" {
		require.True(t, p.Forward())
	}
	require.True(t, p.Back())
	back := p.NarrationKey()
	require.True(t, p.Forward())
	require.True(t, p.Back())
	assert.True(t, back == p.NarrationKey(), "the same step, the same key")
	require.True(t, p.Forward())
	asked := p.NarrationKey()
	assert.False(t, asked == narration)
	q := p.Question()
	require.NotNil(t, q)
	_, ok := p.Answer(q.Options[0].ID)
	require.True(t, ok)
	assert.False(t, asked == p.NarrationKey(), "answered")

	answered := p.NarrationKey()
	p.Lang = "de"
	assert.False(t, answered == p.NarrationKey(), "another language")
	assert.False(t, faults == p.FaultsKey())
	p.Lang = "en"

	require.NoError(t, p.AddFault("down:mx1.example.net,until=20m"))
	assert.False(t, faults == p.FaultsKey(), "a fault added")
	assert.False(t, answered == p.NarrationKey(), "a new run")
	p.RemoveFault(0)
	assert.True(t, faults == p.FaultsKey(), "the same faults again")

	other, _ := view.Open(view.State{Lesson: "dns", Step: -1})
	assert.False(t, narration == other.NarrationKey(), "another page")

	targets := p.ConsoleTargets()
	require.NotEmpty(t, targets)
	require.NoError(t, p.ConsoleSend(targets[0].Host, targets[0].Port, "NOOP"))
	assert.False(t, console == p.ConsoleKey("client"), "the console connected")
}
