package render

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSubstitute: the templates substitute fills in come out as fmt.Sprintf writes
// them; the rest it leaves to fmt.
func TestSubstitute(t *testing.T) {
	type named string
	for _, tc := range []struct {
		template string
		args     []any
		filled   bool
	}{
		{"Core path: %d of %d lessons completed.", []any{3, 15}, true},
		{"%s", []any{"all"}, true},
		{"%s took %s (queue id %s)", []any{"mx", "m1", "1A2B"}, true},
		{"100%% sure: %s", []any{"yes"}, true},
		{"%d%%", []any{-7}, true},
		{"„%s“ und %d", []any{"ä", 0}, true},
		{"no verbs", []any{}, true},
		{"%s", []any{""}, true},
		{"%q", []any{"x"}, false},
		{"%[1]s %[1]s", []any{"x"}, true},
		{"%[1]s to %[2]s: attempt %[3]d", []any{"m1", "bob@example.net", 2}, true},
		{"%[2]d of %[1]s", []any{"a", 3}, true},
		{"%[1]s then %s", []any{"a", "b"}, true},
		{"%[2]s only", []any{"a", "b"}, true},
		{"%[3]s", []any{"a"}, false},
		{"%[0]s", []any{"a"}, false},
		{"%[-1]s", []any{"a"}, false},
		{"%[+1]s", []any{"a"}, false},
		{"%[x]s", []any{"a"}, false},
		{"%[]s", []any{"a"}, false},
		{"%[1", []any{"a"}, false},
		{"%[1]", []any{"a"}, false},
		{"%[1]q", []any{"a"}, false},
		{"%[2]s %s", []any{"a", "b"}, false},
		{"%5d", []any{3}, false},
		{"%s", []any{named("x")}, false},
		{"%d", []any{int64(3)}, false},
		{"%s", []any{3}, false},
		{"%d", []any{"3"}, false},
		{"%s %s", []any{"one"}, false},
		{"%s", []any{"one", "two"}, false},
		{"ends in %", []any{}, false},
		{"%v", []any{"x"}, false},
	} {
		got, ok := substitute(tc.template, tc.args)
		assert.Equal(t, tc.filled, ok, "%q %v", tc.template, tc.args)
		if ok {
			assert.Equal(t, fmt.Sprintf(tc.template, tc.args...), got, "%q %v", tc.template, tc.args)
		}
		assert.Equal(t, fmt.Sprintf(tc.template, tc.args...), format(tc.template, tc.args), "%q %v", tc.template, tc.args)
	}
}

// FuzzSubstitute: whatever substitute fills in is what fmt.Sprintf writes, for any
// template (argument indexes included) and a string and an int in either order.
func FuzzSubstitute(f *testing.F) {
	f.Add("%s of %d", "a", 3, false)
	f.Add("%d%%%s", "b", -1, true)
	f.Add("%", "", 0, false)
	f.Add("%%d %s", "x", 9, false)
	f.Add("%[2]d of %[1]s", "y", 4, false)
	f.Add("%[1]d%[1]d %s", "z", 5, true)
	f.Fuzz(func(t *testing.T, template, s string, d int, intFirst bool) {
		args := []any{s, d}
		if intFirst {
			args = []any{d, s}
		}
		for n := range 3 {
			if got, ok := substitute(template, args[:n]); ok {
				if want := fmt.Sprintf(template, args[:n]...); got != want {
					t.Fatalf("substitute(%q, %v) = %q, fmt writes %q", template, args[:n], got, want)
				}
			}
		}
	})
}
