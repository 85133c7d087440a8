package lessons_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
)

// TestPreload: a lesson decoded ahead is the one Find gives next, once; the next Find
// decodes a lesson of its own again, so no two callers share one. An id outside the
// index is not preloaded.
func TestPreload(t *testing.T) {
	fresh, err := lessons.Find("journey")
	require.NoError(t, err)
	require.True(t, lessons.Preload("journey"))
	require.True(t, lessons.Preload("journey"), "preloading twice keeps the one decoded")
	first, err := lessons.Find("journey")
	require.NoError(t, err)
	assert.Equal(t, fresh, first, "the preloaded lesson is the lesson")
	assert.NotSame(t, fresh, first)
	second, err := lessons.Find("journey")
	require.NoError(t, err)
	assert.NotSame(t, first, second, "handed out once")
	assert.False(t, lessons.Preload("no-such-lesson"))
}
