package lessons

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProvideAsThePage: in a program without the embedded course, as the page is, a
// lesson is there only once its file was handed in; a file refused leaves nothing
// behind, and a good one serves every later Find.
func TestProvideAsThePage(t *testing.T) {
	saved := embedded
	embedded = notEmbedded
	t.Cleanup(func() {
		embedded = saved
		provided.Delete("lesson/hello.json")
		preloaded.Delete("hello")
	})
	hello, err := os.ReadFile(filepath.Join("compiled", "lesson", "hello.json"))
	require.NoError(t, err)

	assert.False(t, Have("lesson/hello.json"))
	_, err = Find("hello")
	assert.True(t, errors.Is(err, ErrNotFetched), "before it is handed in: %v", err)
	assert.False(t, NeedsSenderAuth("hello"))

	require.Error(t, Provide("lesson/hello.json", hello[:100]))
	assert.False(t, Have("lesson/hello.json"), "a damaged file is not kept")
	require.Error(t, Provide("lesson/journey.json", hello))
	assert.False(t, Have("lesson/journey.json"), "another lesson's file is not kept")

	require.NoError(t, Provide("lesson/hello.json", hello))
	assert.True(t, Have("lesson/hello.json"))
	for range 2 { // the decoded one, then one decoded from the file kept
		l, err := Find("hello")
		require.NoError(t, err)
		assert.Equal(t, "hello", l.ID)
	}
}

// TestProvideGuideAsThePage: in the page the teacher's guide is there once its file
// was handed in; a file that is no rendered guide is refused and leaves nothing behind.
func TestProvideGuideAsThePage(t *testing.T) {
	saved := embedded
	embedded = notEmbedded
	name := GuideFile("de")
	t.Cleanup(func() {
		embedded = saved
		provided.Delete(name)
	})
	guide, err := os.ReadFile(filepath.Join("compiled", filepath.FromSlash(name)))
	require.NoError(t, err)

	_, err = GuideHTML("de")
	assert.True(t, errors.Is(err, ErrNotFetched), "before it is handed in: %v", err)
	for _, bad := range [][]byte{nil, []byte("{}"), append([]byte("<h1>"), 0xff)} {
		require.Error(t, Provide(name, bad), "%q", bad)
		assert.False(t, Have(name), "a file that is no guide is not kept")
	}
	require.NoError(t, Provide(name, guide))
	html, err := GuideHTML("de")
	require.NoError(t, err)
	assert.Equal(t, string(guide), html)
	_, err = GuideHTML("fr")
	assert.Error(t, err, "no guide in a language the course lacks")
}
