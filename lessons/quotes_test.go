package lessons_test

import (
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/fault"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

var (
	// A protocol line quoted in narration: an SMTP reply ("250 2.1.5 Ok"), a POP3
	// answer ("+OK maildrop has 1 messages"), an IMAP status or untagged line ("a1 OK
	// LOGIN completed", "* 2 EXISTS"), or the end of a line ("… signing off").
	replyRE = regexp.MustCompile(`^([2-5]\d\d[ -]|\+OK |-ERR |[A-Za-z]+\d+ (OK|NO|BAD)\b|\* \S|…|\.\.\.)`)
	// A code alone, or a code and an enhanced status ("250", "250-", "550 5.1.1"), names
	// a kind of reply rather than quoting a line: not checked.
	bareRE = regexp.MustCompile(`^[2-5]\d\d[ -]?(\d\.\d{1,3}\.\d{1,3})?$`)
	// A parameter with a number: "SIZE=18821", "SIZE 10240000", "[UNSEEN 1]".
	paramRE = regexp.MustCompile(`^(\[[A-Z-]+ \d+\]|[A-Z]+[= ]\d+)$`)
	// Cuts in a shortened quote.
	ellipsisRE = regexp.MustCompile(`\s*(…|\.\.\.)\s*`)
	// A code span may run over a line break, which counts as a space (CommonMark).
	lineBreakRE = regexp.MustCompile(`[ \t]*\r?\n[ \t]*`)
)

// TestQuotedLines checks the protocol lines and the numbered parameters that lesson
// narration quotes in code spans, in both languages, unless a placeholder fills them in:
//
//   - A quoted line is a line of the lesson's runs — in one of its models, with or
//     without its "try it yourself" fault or a fault the text names in a code span
//     ("With `wrong-password:dave@example.net` you see …"). It must be the whole line, unless it is cut short with "…"
//     (or "..."): then the line starts with the part before the first ellipsis and holds
//     the other parts after it, in order ("550 5.1.1 … User unknown"; "… signing off"
//     is the end of a line). A code alone or with its enhanced status ("354",
//     "550 5.1.1") names a kind of reply, not a line, and is not checked.
//   - A quoted parameter ("SIZE=18821", "SIZE 10240000", "[UNSEEN 1]") is part of a
//     line of those runs.
//   - In the options of a checkpoint, which are claims and may well be false, each such
//     quote must agree with the option's claim in lesson.yaml, which Check tests against
//     the trace ("SIZE=18821" with line~=SIZE=18821, "DELE 1" with line^=DELE).
func TestQuotedLines(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	for _, l := range course {
		files := map[string][]quote{}
		faults := []fault.Fault{{}, l.Try.Fault} // no fault; the try-it fault; the ones the text names
		for _, lang := range lessons.Languages {
			file := path.Join(l.Dir, lang+".md")
			src, err := os.ReadFile(strings.TrimPrefix(file, "lessons/"))
			require.NoError(t, err)
			files[file] = quotes(src)
			for _, q := range files[file] {
				if f, err := fault.Parse(q.text); err == nil && !slices.Contains(faults, f) {
					faults = append(faults, f)
				}
			}
		}
		lines := map[string]bool{}
		for _, model := range l.Models {
			for _, f := range faults {
				var tr *trace.Trace
				if f.Kind == "" {
					tr = world.Run(l.ScenarioOf(model))
				} else {
					tr = world.Run(l.ScenarioOf(model), f)
				}
				for _, e := range tr.All() {
					if e.Kind == trace.KindLine {
						lines[e.Line] = true
					}
				}
			}
		}
		claims := map[[2]string][]string{} // checkpoint and option id → the values its claim tests
		for _, c := range l.Checkpoints {
			for _, o := range c.Options {
				for _, cond := range o.Claim {
					switch cond.Field {
					case "line", "code", "status", "rcpt", "dsn", "peer":
						claims[[2]string{c.ID, o.ID}] = append(claims[[2]string{c.ID, o.ID}], cond.Value)
					}
				}
			}
		}
		for _, lang := range lessons.Languages {
			file := path.Join(l.Dir, lang+".md")
			for _, q := range files[file] {
				isLine := replyRE.MatchString(q.text) && !bareRE.MatchString(q.text)
				isParam := paramRE.MatchString(q.text)
				switch {
				case strings.Contains(q.text, "{{") || !isLine && !isParam:
				case q.option != "":
					values := claims[[2]string{q.checkpoint, q.option}]
					if !agrees(q.text, values) {
						t.Errorf("%s:%d: `%s` in option %s of checkpoint %s does not agree with its claim (tests %q)", file, q.line, q.text, q.option, q.checkpoint, values)
					}
				case isLine && !lineFound(q.text, lines):
					t.Errorf("%s:%d: `%s` is no protocol line of the lesson's runs (models %v; faults %v)", file, q.line, q.text, l.Models, faults[1:])
				case isParam && !paramFound(q.text, lines):
					t.Errorf("%s:%d: `%s` is in no protocol line of the lesson's runs (models %v; faults %v)", file, q.line, q.text, l.Models, faults[1:])
				}
			}
		}
	}
}

func TestQuoteMatching(t *testing.T) {
	lines := map[string]bool{
		"550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in local recipient table": true,
		"+OK bob@example.net signing off (0 messages left)":                                              true,
		"250-SIZE 10240000": true,
	}
	tests := []struct {
		quote string
		want  bool
	}{
		{"550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in local recipient table", true},
		{"550 5.1.1 … User unknown", true},
		{"550 5.1.1 ... User unknown in local recipient table", true},
		{"550 5.1.1 … local … User unknown", false},
		{"550 5.1.1 User unknown", false},
		{"550 5.1.2 …", false},
		{"… signing off (0 messages left)", true},
		{"… signing off (1 messages left)", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, lineFound(tt.quote, lines), tt.quote)
	}
	assert.True(t, paramFound("SIZE 10240000", lines))
	assert.False(t, paramFound("SIZE 1024000", lines))
	assert.True(t, agrees("SIZE=18821", []string{"SIZE=18821"}))
	assert.True(t, agrees("250-…", []string{"250-"}))
	assert.True(t, agrees("DELE 1", []string{"DELE"}))
	assert.False(t, agrees("SIZE=18821", []string{"SIZE=18978"}))

	md := "---\ntry: |\n  Watch `550 5.1.1 … User\n  unknown`.\n---\n\n# intro\n\n`354 x`\n\n# checkpoint c1\n\nQ `250 y`?\n\n- a: `SIZE=1`\n- b: x `SIZE=2`\n\nE `SIZE=3`\n"
	assert.Equal(t, []quote{
		{text: "550 5.1.1 … User unknown", line: 3},
		{text: "354 x", line: 9},
		{text: "250 y", line: 13},
		{text: "SIZE=1", line: 15, checkpoint: "c1", option: "a"},
		{text: "SIZE=2", line: 16, checkpoint: "c1", option: "b"},
		{text: "SIZE=3", line: 18},
	}, quotes([]byte(md)))
}

// quote is a code span of a lesson file.
type quote struct {
	text               string
	line               int
	checkpoint, option string // set for the options of a checkpoint
}

// quotes lists the code spans of a lesson file, front matter included (to goldmark it
// is text, and its try: text holds quotes too).
func quotes(src []byte) []quote {
	var out []quote
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	collect := func(n ast.Node, checkpoint, option string) {
		_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			cs, ok := n.(*ast.CodeSpan)
			if !ok || !entering {
				return ast.WalkContinue, nil
			}
			var b strings.Builder
			start := -1
			for c := cs.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					if start < 0 {
						start = t.Segment.Start
					}
					b.Write(t.Segment.Value(src))
				}
			}
			if start >= 0 {
				out = append(out, quote{
					text:       strings.TrimSpace(lineBreakRE.ReplaceAllString(b.String(), " ")),
					line:       1 + strings.Count(string(src[:start]), "\n"),
					checkpoint: checkpoint, option: option,
				})
			}
			return ast.WalkSkipChildren, nil
		})
	}
	// The options of a checkpoint are the items of the first list in its section, each
	// starting with "ID:" (as the lesson loader reads them).
	checkpoint, listSeen := "", false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			checkpoint, _ = strings.CutPrefix(strings.TrimSpace(string(h.Lines().Value(src))), "checkpoint ")
			if checkpoint == strings.TrimSpace(string(h.Lines().Value(src))) {
				checkpoint = ""
			}
			listSeen = false
			continue
		}
		if list, ok := n.(*ast.List); ok && checkpoint != "" && !listSeen {
			listSeen = true
			for item := list.FirstChild(); item != nil; item = item.NextSibling() {
				id := ""
				if block := item.FirstChild(); block != nil && block.Lines().Len() > 0 {
					first := block.Lines().At(0)
					id, _, _ = strings.Cut(string(first.Value(src)), ":")
				}
				collect(item, checkpoint, id)
			}
			continue
		}
		collect(n, "", "")
	}
	return out
}

// lineFound reports whether q is one of the lines, or a shortened quote of one.
func lineFound(q string, lines map[string]bool) bool {
	if lines[q] {
		return true
	}
	parts := ellipsisRE.Split(q, -1)
	if len(parts) == 1 {
		return false
	}
	for line := range lines {
		if inOrder(line, parts) {
			return true
		}
	}
	return false
}

// inOrder: parts[0] starts the line, and the other parts follow in order.
func inOrder(line string, parts []string) bool {
	rest, ok := strings.CutPrefix(line, parts[0])
	if !ok {
		return false
	}
	for _, p := range parts[1:] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return true
}

// paramFound reports whether the parameter q stands in one of the lines, as a whole word.
func paramFound(q string, lines map[string]bool) bool {
	re := regexp.MustCompile(`(^|[^A-Za-z0-9])` + regexp.QuoteMeta(q) + `($|[^A-Za-z0-9])`)
	for line := range lines {
		if re.MatchString(line) {
			return true
		}
	}
	return false
}

// agrees reports whether a quote in a checkpoint option says what the option's claim
// tests: one of the claim's values holds every part of the quote ("SIZE=18821" and
// line~=SIZE=18821), or the quote holds the value ("DELE 1" and line^=DELE).
func agrees(q string, values []string) bool {
	q = strings.ToLower(q)
	for _, v := range values {
		v = strings.ToLower(v)
		ok := strings.Contains(q, v)
		if !ok {
			ok = true
			for _, p := range ellipsisRE.Split(q, -1) {
				ok = ok && strings.Contains(v, p)
			}
		}
		if ok {
			return true
		}
	}
	return false
}
