package pop3

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReasons checks the table against the engine in both directions: every key the
// conversations produce is in Reasons with the status it was sent with, and every key in
// Reasons is produced by some conversation.
func TestReasons(t *testing.T) {
	emitted := map[Reason]bool{}
	check := func(resp Response) {
		info, ok := Reasons[resp.Reason]
		if !assert.True(t, ok, "reason %q is not in Reasons", resp.Reason) {
			return
		}
		emitted[resp.Reason] = true
		assert.Equal(t, info.Status == "+OK", resp.OK, "status of %s", resp.Reason)
		assert.NotContains(t, resp.Text, "%", "%s: arguments do not fit the text", resp.Reason)
	}
	check(NewServer(Config{}, newFixture(t)).Greeting())
	for _, c := range conversations() {
		got, _, _ := c.run(t)
		for _, resp := range got {
			check(resp)
		}
	}
	assert.ElementsMatch(t, slices.Collect(maps.Keys(Reasons)), slices.Collect(maps.Keys(emitted)), "keys never emitted or not in the table")
}

func TestReasonTable(t *testing.T) {
	for key, info := range Reasons {
		require.True(t, strings.HasPrefix(string(key), "pop3."), key)
		assert.True(t, strings.HasPrefix(info.RFC, "RFC "), "%s: %q", key, info.RFC)
		assert.NotContains(t, info.Text, "\r", key)
		assert.NotContains(t, info.Text, "\n", key)
	}
}
