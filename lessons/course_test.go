package lessons_test

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
)

// TestCourseShape: the course's order, its core path, and checkpoints worth asking —
// at least three options each, ids not repeated across lessons, some "why" questions.
func TestCourseShape(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	var ids, core []string
	cps := map[string]string{}
	why := 0
	prev := 0
	for _, l := range course {
		// Orders rise one by one.
		assert.Equal(t, prev+1, l.Order, "%s: order %d after %d", l.ID, l.Order, prev)
		prev = l.Order
		assert.True(t, strings.HasPrefix(path.Base(l.Dir), fmt.Sprintf("%02d-%s", l.Order, l.ID)), "folder %s is not NN-%s with NN its order", l.Dir, l.ID)
		ids = append(ids, l.ID)
		if l.Core {
			core = append(core, l.ID)
		}
		for _, c := range l.Checkpoints {
			assert.GreaterOrEqual(t, len(c.Options), 3, "%s: checkpoint %s", l.ID, c.ID)
			if other, ok := cps[c.ID]; ok {
				t.Errorf("checkpoint id %s is used by %s and %s: each question is asked once in the course", c.ID, other, l.ID)
			}
			cps[c.ID] = l.ID
			if c.Ask == lessons.AskWhy {
				why++
			}
		}
	}
	assert.Equal(t, []string{"journey", "hello", "one-message", "final-dot", "many-recipients", "envelope", "mime",
		"submission", "dns", "end-to-end", "store-and-forward", "trouble-that-passes", "trouble-that-stays",
		"picking-up", "bulk", "who-sent-this", "spf", "dkim", "dmarc", "locks-on-the-way", "headers", "spam-and-relays"}, ids)
	assert.Equal(t, []string{"journey", "hello", "one-message", "many-recipients", "envelope", "submission", "dns",
		"end-to-end", "store-and-forward", "trouble-that-passes", "trouble-that-stays", "picking-up"}, core)
	assert.GreaterOrEqual(t, why, 5, "why questions")
}

// TestCourseTables: the course tables of README.md and lessons/README.md list every
// lesson once, with its order and, marked ✓, exactly the lessons with `core: true`.
func TestCourseTables(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	var want []string
	for _, l := range course {
		want = append(want, fmt.Sprintf("%d %s %v", l.Order, l.ID, l.Core))
	}
	for file, row := range map[string]*regexp.Regexp{
		// | 3 | `one-message` | One message | ✓ |
		filepath.Join("..", "README.md"): regexp.MustCompile("(?m)^\\| (\\d+) \\| `([a-z0-9-]+)` \\|[^|]*\\|\\s*(✓?)\\s*\\|$"),
		// | 03 | one-message — one mail transaction | ✓ |
		"README.md": regexp.MustCompile(`(?m)^\| (\d+) \| ([a-z0-9-]+) — [^|]*\|\s*(✓?)\s*\|$`),
	} {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		var got []string
		for _, m := range row.FindAllStringSubmatch(string(src), -1) {
			n, err := strconv.Atoi(m[1])
			require.NoError(t, err)
			got = append(got, fmt.Sprintf("%d %s %v", n, m[2], m[3] == "✓"))
		}
		assert.Equal(t, want, got, "%s: the course table (order, id, core)", file)
	}
}
