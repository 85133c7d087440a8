package lessons_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/fault"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

var (
	// A lesson or scenario id in a code span: `one-message`, `first-mail`.
	idRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	// A fault spec in a code span: a kind, a colon and a target, no spaces.
	faultRE = regexp.MustCompile(`^[a-z-]+:[^\s<>]+$`)
	// A lesson named with its title: “The final dot” (`final-dot`), „Der abschließende Punkt“ (`final-dot`).
	titledRE = regexp.MustCompile("[“„]([^“”„]+)[”“]\\s+\\(`([a-z0-9-]+)`\\)")
)

// guideBlock is a unit of the guide that states facts about the lessons it names: a
// paragraph, a list item or a table row.
type guideBlock struct {
	line   int
	text   string   // its source, for the titles
	codes  []string // its code spans
	emph   []string // its emphasised words (*who-first*: checkpoint and step ids)
	lesson []string // the lesson and scenario ids among its code spans
}

// guideBlocks splits a guide into blocks, as goldmark with tables parses it.
func guideBlocks(t *testing.T, src string) []guideBlock {
	t.Helper()
	body := []byte(src)
	doc := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser().Parse(text.NewReader(body))
	var out []guideBlock
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.(type) {
			case *ast.Paragraph, *ast.TextBlock, *extast.TableRow, *extast.TableHeader:
				out = append(out, inlineBlock(c, body))
			case *ast.Heading, *ast.FencedCodeBlock, *ast.CodeBlock:
			default:
				walk(c)
			}
		}
	}
	walk(doc)
	return out
}

// inlineBlock collects a block's code spans and emphasis.
func inlineBlock(n ast.Node, src []byte) guideBlock {
	b := guideBlock{line: -1}
	var sb strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.CodeSpan:
			code := strings.TrimSpace(lineBreakRE.ReplaceAllString(string(inlineText(c, src)), " "))
			b.codes = append(b.codes, code)
			fmt.Fprintf(&sb, "`%s`", code)
			return ast.WalkSkipChildren, nil
		case *ast.Emphasis:
			if c.Level == 1 {
				b.emph = append(b.emph, string(inlineText(c, src)))
			}
		case *ast.Text:
			if b.line < 0 {
				b.line = 1 + strings.Count(string(src[:c.Segment.Start]), "\n")
			}
			sb.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				sb.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	b.text = sb.String()
	return b
}

func inlineText(n ast.Node, src []byte) []byte {
	var out []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			out = append(out, t.Segment.Value(src)...)
			if t.SoftLineBreak() {
				out = append(out, ' ')
			}
		}
	}
	return out
}

// headingLevels lists the levels of a guide's headings in order.
func headingLevels(t *testing.T, src string) []int {
	t.Helper()
	doc := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser().Parse(text.NewReader([]byte(src)))
	var levels []int
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			levels = append(levels, h.Level)
		}
	}
	return levels
}

func TestTeachersGuideRenders(t *testing.T) {
	for _, lang := range lessons.Languages {
		g, err := lessons.TeachersGuide(lang)
		require.NoError(t, err, lang)
		assert.NotEmpty(t, g.Title, lang)
		assert.Contains(t, g.HTML, "<h1>"+g.Title+"</h1>", lang)
		assert.Contains(t, g.HTML, "<table>", "%s: the plans are tables", lang)
		assert.Contains(t, g.HTML, "lessons/README.md", "%s: the link to the authoring guide keeps its text", lang)
		assert.NotContains(t, g.HTML, `href="../`, "%s: a link into the repository is text on the page", lang)
		assert.NotContains(t, g.HTML, "](", "%s: every link is rendered", lang)
	}
	_, err := lessons.TeachersGuide("fr")
	require.Error(t, err)
}

// TestTeachersGuideSameStructure: the two languages have the same sections, in the same
// order and at the same levels, and the same number of table rows.
func TestTeachersGuideSameStructure(t *testing.T) {
	en, err := lessons.TeachersGuide("en")
	require.NoError(t, err)
	de, err := lessons.TeachersGuide("de")
	require.NoError(t, err)
	levels := headingLevels(t, en.Markdown)
	assert.Equal(t, levels, headingLevels(t, de.Markdown))
	assert.GreaterOrEqual(t, len(levels), 10)
	assert.Equal(t, strings.Count(en.HTML, "<tr>"), strings.Count(de.HTML, "<tr>"), "table rows")
}

// TestTeachersGuideFacts checks what the guide says about the course against the
// course and the simulator: each lesson it names exists and is called by its title,
// the guide names every lesson, each checkpoint or step it names (*who-first*) belongs
// to a lesson named beside it, each fault in a code span parses and changes the run of
// such a lesson, and each reply it quotes is a line of such a lesson's runs — in one of
// its models, with no fault, its try-it fault or a fault named beside it.
func TestTeachersGuideFacts(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	byID := map[string]*lessons.Lesson{}
	for _, l := range course {
		byID[l.ID] = l
	}
	scenarios := lessons.ScenarioIDs()
	runs := newRunCache()
	for _, lang := range lessons.Languages {
		g, err := lessons.TeachersGuide(lang)
		require.NoError(t, err)
		file := "lessons/teachers/" + lang + ".md"
		named := map[string]bool{}
		for _, b := range guideBlocks(t, g.Markdown) {
			at := fmt.Sprintf("%s:%d", file, b.line)
			var faults []fault.Fault
			for _, c := range b.codes {
				switch {
				case byID[c] != nil:
					b.lesson = append(b.lesson, c)
					named[c] = true
				case slices.Contains(scenarios, c):
					b.lesson = append(b.lesson, c)
				case c == "smtpsim": // the program
				case idRE.MatchString(c):
					t.Errorf("%s: `%s` is neither a lesson nor a built-in scenario", at, c)
				case faultRE.MatchString(c):
					f, err := fault.Parse(c)
					if err != nil {
						t.Errorf("%s: fault `%s` does not parse: %v", at, c, err)
						continue
					}
					faults = append(faults, f)
				}
			}
			for _, m := range titledRE.FindAllStringSubmatch(b.text, -1) {
				if l := byID[m[2]]; l != nil && l.Texts[lang].Title != m[1] {
					t.Errorf("%s: lesson `%s` is called %q, not %q", at, m[2], l.Texts[lang].Title, m[1])
				}
			}
			for _, e := range b.emph {
				if !idRE.MatchString(e) {
					continue
				}
				if !slices.ContainsFunc(b.lesson, func(id string) bool { return byID[id] != nil && hasPart(byID[id], e) }) {
					t.Errorf("%s: *%s* is no checkpoint or step of the lessons named beside it (%v)", at, e, b.lesson)
				}
			}
			if len(b.lesson) == 0 {
				for _, c := range b.codes {
					if isQuote(c) {
						t.Errorf("%s: `%s` is quoted, but no lesson or scenario is named beside it to check it against", at, c)
					}
				}
				continue
			}
			for _, f := range faults {
				if !slices.ContainsFunc(b.lesson, func(id string) bool { return runs.changes(t, id, f) }) {
					t.Errorf("%s: fault `%s` changes nothing in %v", at, f, b.lesson)
				}
			}
			lines := map[string]bool{}
			for _, id := range b.lesson {
				for line := range runs.lines(t, id, faults) {
					lines[line] = true
				}
			}
			for _, c := range b.codes {
				switch {
				case !isQuote(c):
				case replyRE.MatchString(c) && !bareRE.MatchString(c) && !lineFound(c, lines):
					t.Errorf("%s: `%s` is no protocol line of the runs of %v (faults %v)", at, c, b.lesson, faults)
				case paramRE.MatchString(c) && !paramFound(c, lines):
					t.Errorf("%s: `%s` is in no protocol line of the runs of %v (faults %v)", at, c, b.lesson, faults)
				}
			}
		}
		for _, l := range course {
			assert.True(t, named[l.ID], "%s does not name lesson %s", file, l.ID)
		}
	}
}

func isQuote(c string) bool {
	return replyRE.MatchString(c) && !bareRE.MatchString(c) || paramRE.MatchString(c)
}

func hasPart(l *lessons.Lesson, id string) bool {
	return slices.ContainsFunc(l.Checkpoints, func(c lessons.Checkpoint) bool { return c.ID == id }) ||
		slices.ContainsFunc(l.Steps, func(s lessons.Step) bool { return s.ID == id })
}

// runCache runs each lesson or scenario once per model and fault.
type runCache struct{ traces map[string]*trace.Trace }

func newRunCache() *runCache { return &runCache{traces: map[string]*trace.Trace{}} }

// worlds are the scenarios a lesson or built-in scenario runs: one per model.
func worlds(t *testing.T, id string) ([]scenario.Scenario, fault.Fault) {
	t.Helper()
	if l, err := lessons.Find(id); err == nil {
		var out []scenario.Scenario
		for _, m := range l.Models {
			out = append(out, l.ScenarioOf(m))
		}
		return out, l.Try.Fault
	}
	src, name, ok := lessons.Scenario(id)
	require.True(t, ok, id)
	sc, err := scenariofile.Parse(name, src)
	require.NoError(t, err, id)
	return []scenario.Scenario{*sc}, fault.Fault{}
}

func (r *runCache) run(t *testing.T, id string, i int, sc scenario.Scenario, f fault.Fault) *trace.Trace {
	key := fmt.Sprintf("%s/%d/%s", id, i, f)
	if tr, ok := r.traces[key]; ok {
		return tr
	}
	var tr *trace.Trace
	if f.Kind == "" {
		tr = world.Run(sc)
	} else {
		tr = world.Run(sc, f)
	}
	r.traces[key] = tr
	return tr
}

// lines are the protocol lines of id's runs: every model, with no fault, its try-it
// fault and each of faults.
func (r *runCache) lines(t *testing.T, id string, faults []fault.Fault) map[string]bool {
	out := map[string]bool{}
	scs, try := worlds(t, id)
	for i, sc := range scs {
		for _, f := range append([]fault.Fault{{}, try}, faults...) {
			for _, e := range r.run(t, id, i, sc, f).All() {
				if e.Kind == trace.KindLine {
					out[e.Line] = true
				}
			}
		}
	}
	return out
}

// changes reports whether a fault changes a run of id in one of its models.
func (r *runCache) changes(t *testing.T, id string, f fault.Fault) bool {
	scs, _ := worlds(t, id)
	for i, sc := range scs {
		a, b := r.run(t, id, i, sc, fault.Fault{}), r.run(t, id, i, sc, f)
		if a.Len() != b.Len() {
			return true
		}
		for j := range a.All() {
			if a.At(j).Kind != b.At(j).Kind || a.At(j).Line != b.At(j).Line || a.At(j).Time != b.At(j).Time {
				return true
			}
		}
	}
	return false
}

var (
	// A row of the guide's course table: | 4 | The final dot | `final-dot` | ○ | …
	courseRowRE = regexp.MustCompile("(?m)^\\|\\s*(\\d+)\\s*\\|\\s*([^|]+?)\\s*\\|\\s*`([a-z0-9-]+)`\\s*\\|\\s*([●○])\\s*\\|")
	// A lesson number before a lesson's title and id: 4 “The final dot” (`final-dot`).
	numberedRE = regexp.MustCompile("\\b(\\d+)\\s+[“„][^“”„]+[”“]\\s+\\(`([a-z0-9-]+)`\\)")
	// Lesson numbers in the text: Lesson 4, lektion 2, Lessons 1, 2, 3 and 6, die Lektionen 10 und 11.
	lessonNumbersRE = regexp.MustCompile(`(?i)\b(?:lessons?|lektion(?:en)?)\s+(\d+(?:\s*(?:,|and|und)\s*\d+)*)`)
	numberRE        = regexp.MustCompile(`\d+`)
	lessonIDRE      = regexp.MustCompile("`([a-z0-9-]+)`")
)

// TestTeachersGuideLessonNumbers: the guide numbers the lessons as their `order` does,
// and its core path is the lessons with `core: true`. The course table lists every
// lesson once with its number, title and mark (● core, ○ optional); a number before a
// lesson's title and id is that lesson's order; a number in "Lesson 4" or "lessons 10
// and 11" is the order of a lesson the same section names by its id; and the
// 90-minute plan and the unit together teach every lesson of the core path.
func TestTeachersGuideLessonNumbers(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	byID := map[string]*lessons.Lesson{}
	var core []string
	for _, l := range course {
		byID[l.ID] = l
		if l.Core {
			core = append(core, l.ID)
		}
	}
	require.NotEmpty(t, core)
	for _, lang := range lessons.Languages {
		g, err := lessons.TeachersGuide(lang)
		require.NoError(t, err)
		file := "lessons/teachers/" + lang + ".md"

		var listed, marked []string
		for _, m := range courseRowRE.FindAllStringSubmatch(g.Markdown, -1) {
			l := byID[m[3]]
			if !assert.NotNil(t, l, "%s: the course table lists `%s`, which is no lesson", file, m[3]) {
				continue
			}
			listed = append(listed, l.ID)
			assert.Equal(t, fmt.Sprint(l.Order), m[1], "%s: the course table numbers `%s`", file, l.ID)
			assert.Equal(t, l.Texts[lang].Title, m[2], "%s: the course table's title of `%s`", file, l.ID)
			if m[4] == "●" {
				marked = append(marked, l.ID)
			}
		}
		assert.ElementsMatch(t, ids(course), listed, "%s: the course table lists every lesson once", file)
		assert.Equal(t, core, marked, "%s: the lessons marked ● are the core path", file)

		sections := strings.Split(g.Markdown, "\n## ")
		// The plans: the unit is the first section with subsections (its sessions), and
		// the 90-minute lesson, its first session, comes right before it.
		unit := slices.IndexFunc(sections, func(s string) bool { return strings.Contains(s, "\n### ") })
		require.Greater(t, unit, 0, "%s: the unit's sessions", file)
		taught := map[string]bool{}
		for i, section := range sections {
			text := strings.Join(strings.Fields(section), " ")
			named := map[int]bool{}
			for _, m := range lessonIDRE.FindAllStringSubmatch(text, -1) {
				if l := byID[m[1]]; l != nil {
					named[l.Order] = true
				}
			}
			for _, m := range numberedRE.FindAllStringSubmatch(text, -1) {
				if l := byID[m[2]]; l != nil {
					assert.Equal(t, fmt.Sprint(l.Order), m[1], "%s: “%s” calls `%s` lesson %s", file, m[0], l.ID, m[1])
				}
			}
			for _, m := range lessonNumbersRE.FindAllStringSubmatch(text, -1) {
				for _, n := range numberRE.FindAllString(m[1], -1) {
					var order int
					_, _ = fmt.Sscan(n, &order)
					assert.True(t, named[order], "%s: “%s” — this section names no lesson with order %s by its id", file, m[0], n)
				}
			}
			if i == unit-1 || i == unit {
				for id := range namedLessons(text, byID) {
					taught[id] = true
				}
			}
		}
		for _, id := range core {
			assert.True(t, taught[id], "%s: the 90-minute plan and the unit do not teach core lesson %s", file, id)
		}
	}
}

func ids(course []*lessons.Lesson) []string {
	var out []string
	for _, l := range course {
		out = append(out, l.ID)
	}
	return out
}

func namedLessons(text string, byID map[string]*lessons.Lesson) map[string]bool {
	out := map[string]bool{}
	for _, m := range lessonIDRE.FindAllStringSubmatch(text, -1) {
		if byID[m[1]] != nil {
			out[m[1]] = true
		}
	}
	return out
}
