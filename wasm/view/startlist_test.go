package view_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/lessons"
	"smtpsim/wasm/view"
)

func TestStartList(t *testing.T) {
	entry := lessons.Entry{ID: "x&y", Order: 3, Core: true, Checkpoints: []string{"a", "b"},
		Texts: []lessons.EntryText{{Lang: "en", Title: `<script>"1"</script>`, Duration: "5 min",
			SummaryHTML: "<em>sum</em>", GoalsHTML: []string{"<code>g1</code>", "g2"}}}}
	done := view.NewProgress()
	done.Lessons["x&y"] = &view.LessonProgress{Completed: true, Answers: map[string]view.FirstAnswer{"a": {Right: true}, "b": {}}}
	for _, tc := range []struct {
		name   string
		entry  lessons.Entry
		lang   string
		p      *view.Progress
		want   string
		absent []string
	}{
		{"escaped title, not started, core", entry, "en", view.NewProgress(),
			`<li data-lesson="x&amp;y"><h3>3. &lt;script&gt;&#34;1&#34;&lt;/script&gt;</h3><p class="path core">Core path</p>` +
				`<p class="progress-state"><meter min="0" max="2" value="0" aria-label="Questions answered"></meter><span>not started</span></p>` +
				`<p class="summary"><em>sum</em></p><p>Duration: 5 min</p><ul class="goals" aria-label="You will learn to"><li><code>g1</code></li><li>g2</li></ul>` +
				`<a href="#lesson=x%26y&amp;lang=en">Open</a></li>`, []string{"<script>"}},
		{"completed", entry, "en", done,
			`<p class="progress-state completed"><meter min="0" max="2" value="1" aria-label="Questions right first time"></meter><span>completed — 1 of 2 right first time</span></p>`, nil},
		{"no text in the language", entry, "de", view.NewProgress(), "", []string{"<li"}},
		{"optional, no checkpoints", lessons.Entry{ID: "o", Order: 1, Texts: entry.Texts}, "en", view.NewProgress(),
			`<p class="path optional">Going deeper (optional)</p><p class="progress-state"><span>not started</span></p>`, []string{"<meter"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := view.StartList(tc.lang, []lessons.Entry{tc.entry}, tc.p)
			assert.Contains(t, got, tc.want)
			for _, s := range tc.absent {
				assert.NotContains(t, got, s)
			}
		})
	}
}

func TestStartListCourse(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		got := view.StartList(lang, lessons.Index(), view.NewProgress())
		assert.Equal(t, len(lessons.Index()), strings.Count(got, "<li data-lesson="), lang)
		assert.Contains(t, got, `href="#lesson=`+lessons.Index()[0].ID+"&amp;lang="+lang+`"`)
	}
}

func TestSandboxList(t *testing.T) {
	got := view.SandboxList("de", lessons.ScenarioIDs())
	assert.Equal(t, len(lessons.ScenarioIDs()), strings.Count(got, "<li data-world="))
	assert.Equal(t, len(lessons.ScenarioIDs()), strings.Count(got, `<h3><a href="#world=`))
	assert.NotContains(t, view.SandboxList("en", []string{`<b>`}), "<b>")
}

func TestHelpLists(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		faults := view.FaultHelpList(lang)
		assert.Equal(t, len(view.FaultHelpIn(lang)), strings.Count(faults, "<dt><code>"), lang)
		assert.Contains(t, faults, "<span>"+view.T(lang, "faults.help.example")+" </span><code>")
		keys := view.KeyHelpList(lang)
		assert.Equal(t, 9, strings.Count(keys, "<dt><kbd>"), lang)
		assert.Contains(t, keys, "<dt><kbd>"+view.T(lang, "key.space")+"</kbd></dt><dd>"+view.T(lang, "help.space")+"</dd>")
	}
}
