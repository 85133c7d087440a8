package world

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/scenario"
)

var addrsSink []string

// TestGroupsKeepOneRecipientInTheirRoom: groups splits the pending recipients by
// domain in their order; a group of one recipient keeps it, and the address its
// transaction sends to, in the group's own room, a group of more its own slices.
func TestGroupsKeepOneRecipientInTheirRoom(t *testing.T) {
	h := &host{w: &World{sc: &scenario.Scenario{}}, cfg: &scenario.Host{}}
	e := &entry{rcpts: []*rcptState{
		{addr: "a@x.example"}, {addr: "b@y.example"}, {addr: "c@x.example"}, {addr: "d@z.example", done: true},
	}}
	groups := h.groups(e)
	require.Len(t, groups, 2)
	x, y := groups[0], groups[1]
	assert.Equal(t, "x.example", x.domain)
	assert.Equal(t, []string{"a@x.example", "c@x.example"}, x.addrs())
	assert.Equal(t, "y.example", y.domain)
	assert.Equal(t, []string{"b@y.example"}, y.addrs())

	require.Len(t, y.rcpts, 1)
	assert.Same(t, &y.one[0], &y.rcpts[0], "one recipient: in the room")
	assert.NotSame(t, &x.one[0], &x.rcpts[0], "two: moved out")
	to := y.addrs()
	assert.Same(t, &y.to[0], &to[0])
	assert.Equal(t, 1, cap(to), "an append copies rather than write past the room")
	assert.Zero(t, testing.AllocsPerRun(10, func() { addrsSink = y.addrs() }))
	assert.Equal(t, 1.0, testing.AllocsPerRun(10, func() { addrsSink = x.addrs() }))
}
