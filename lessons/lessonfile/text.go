package lessonfile

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"smtpsim/lessons"
	"smtpsim/sim/yamlfile"
)

// markdown renders narration. Raw HTML is left out (goldmark's default), and so are
// links with dangerous schemes, so lesson text can never run script on the page.
var markdown = goldmark.New()

// parseText reads one language file: YAML front matter between "---" lines, then
// sections headed "# intro", "# STEP-ID" and "# checkpoint ID". In a checkpoint section,
// the text before the list is the question, the list items "ID: text" are the options,
// and the text after the list explains the answer.
func parseText(file, lang string, src []byte, l *lessons.Lesson) (*lessons.Text, error) {
	var errs lessons.ErrorList
	t := &lessons.Text{Lang: lang, File: file, Steps: map[string]lessons.Section{}, Checkpoints: map[string]lessons.CheckpointText{}}
	front, body, bodyLine, ok := splitFrontMatter(src)
	if !ok {
		errs.Add(file, fileStart, "missing front matter (expected a first line \"---\", then title, duration, summary, goals, try, then \"---\")")
		return t, errs
	}
	for _, f := range lessons.FindPlaceholders(front) {
		line := 2 + bytes.Count(front[:f.Off], []byte{'\n'})
		col := f.Off - bytes.LastIndexByte(front[:f.Off], '\n')
		errs.Add(file, yamlfile.Pos{Line: line, Col: col}, "placeholder in the front matter (expected placeholders only in the sections below it; the try text is about a run with the fault, so quote its replies as they are — the lesson tests check them)")
	}
	fm, problems := parseFrontMatter(file, front)
	errs = append(errs, problems...)
	if fm == nil {
		return t, errs
	}
	t.Title, t.Duration, t.Summary, t.Try = fm.Title, fm.Duration, fm.Summary, render([]byte(fm.Try))
	t.SummaryHTML = InlineHTML(t.Summary)
	for _, g := range fm.Goals {
		if g != "" {
			t.Goals = append(t.Goals, string(g))
			t.GoalsHTML = append(t.GoalsHTML, InlineHTML(string(g)))
		}
	}
	if t.Title == "" || t.Duration == "" || t.Summary == "" || t.Try.Markdown == "" {
		errs.Add(file, fileStart, "front matter needs title, duration, summary and try")
	}
	if len(t.Goals) == 0 {
		errs.Add(file, fileStart, "front matter needs at least one goal")
	}

	posOf := func(off int) yamlfile.Pos {
		line := bodyLine + bytes.Count(body[:off], []byte{'\n'})
		col := off - bytes.LastIndexByte(body[:off], '\n')
		return yamlfile.Pos{Line: line, Col: col}
	}
	marked := markPlaceholders(body, t, posOf, &errs)
	doc := markdown.Parser().Parse(text.NewReader(marked.marked))
	lineOf := func(n ast.Node) yamlfile.Pos {
		off := 0
		if n.Lines().Len() > 0 {
			off = n.Lines().At(0).Start
		} else if n.FirstChild() != nil && n.FirstChild().Lines().Len() > 0 {
			off = n.FirstChild().Lines().At(0).Start
		}
		return posOf(off)
	}
	type section struct {
		name  string
		Place yamlfile.Pos
		nodes []ast.Node
	}
	var sections []*section
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			sections = append(sections, &section{name: strings.TrimSpace(string(h.Lines().Value(body))), Place: lineOf(h)})
			continue
		}
		if len(sections) == 0 {
			errs.Add(file, lineOf(n), "text before the first section (expected \"# intro\" first)")
			continue
		}
		s := sections[len(sections)-1]
		s.nodes = append(s.nodes, n)
	}
	steps := map[string]bool{}
	for _, s := range l.Steps {
		steps[s.ID] = true
	}
	cps := map[string]*lessons.Checkpoint{}
	for i := range l.Checkpoints {
		cps[l.Checkpoints[i].ID] = &l.Checkpoints[i]
	}
	seen := map[string]bool{}
	for _, s := range sections {
		if seen[s.name] {
			errs.Add(file, s.Place, "section %q given twice", s.name)
			continue
		}
		seen[s.name] = true
		switch id, isCP := strings.CutPrefix(s.name, "checkpoint "); {
		case s.name == "intro":
			t.Intro = renderNodes(s.nodes, marked)
		case isCP:
			cp, ok := cps[id]
			if !ok {
				errs.Add(file, s.Place, "no checkpoint %q in lesson.yaml (expected one of %s)", id, strings.Join(checkpointIDs(l), ", "))
				continue
			}
			t.Checkpoints[id] = checkpointText(s.nodes, marked, cp, file, s.Place, &errs, lineOf)
		case steps[s.name]:
			t.Steps[s.name] = renderNodes(s.nodes, marked)
		default:
			errs.Add(file, s.Place, "unknown section %q (expected intro, a step id of lesson.yaml (%s) or \"checkpoint ID\")", s.name, strings.Join(stepIDs(l), ", "))
		}
	}
	if !seen["intro"] {
		errs.Add(file, fileStart, "missing section \"# intro\"")
	}
	for _, s := range l.Steps {
		if _, ok := t.Steps[s.ID]; !ok && s.ID != "" {
			errs.Add(file, fileStart, "missing section \"# %s\" for step %s", s.ID, s.ID)
		}
	}
	for _, c := range l.Checkpoints {
		if _, ok := t.Checkpoints[c.ID]; !ok && c.ID != "" && !seen["checkpoint "+c.ID] {
			errs.Add(file, fileStart, "missing section \"# checkpoint %s\"", c.ID)
		}
	}
	checkFilled(t, &errs)
	return t, errs.Err()
}

// frontMatter is the YAML between the "---" lines at the top of a text file.
type frontMatter struct {
	Title    string `yaml:"title"`
	Duration string `yaml:"duration"`
	Summary  string `yaml:"summary"`
	Goals    []goal `yaml:"goals" noun:"a goal"`
	Try      string `yaml:"try"`
}

// goal is one of a lesson's goals: text that is not empty.
type goal string

// mustBeText is a value of the front matter that is not text.
func mustBeText(noun yamlfile.Phrase) yamlfile.Phrase {
	return yamlfile.P(`%s must be text (put it in quotes if it contains ": ")`, noun)
}

// frontFormat is how front matter reads: as lesson.yaml, except that an empty title
// is no title and a goal is text or wrong.
var frontFormat = yamlfile.Format{
	Words: yamlfile.Words{
		Wrong: func(s yamlfile.Spot) yamlfile.Phrase {
			if s.Expect == yamlfile.Text {
				return mustBeText(s.Noun)
			}
			return dataWords.Wrong(s)
		},
		Twice: dataWords.Twice,
	},
	Rules: []yamlfile.Rule{
		yamlfile.Scalar[string]{Want: yamlfile.P("text"), Null: true, Parse: func(v *yamlfile.Value, dst *string) { *dst = v.Text() }},
		yamlfile.Scalar[goal]{Want: yamlfile.P("text"), Null: true, Parse: func(v *yamlfile.Value, dst *goal) {
			if v.Text() == "" {
				v.Fail("%s", mustBeText(v.Noun()))
			}
			*dst = goal(v.Text())
		}},
	},
}

// parseFrontMatter reads front matter, which starts on the file's second line.
func parseFrontMatter(file string, src []byte) (*frontMatter, lessons.ErrorList) {
	docs, _ := yamlfile.Read(file, src, 2)
	if len(docs) == 0 || docs[0].Root.IsZero() {
		return nil, lessons.ErrorList{yamlfile.NewProblem(file, yamlfile.Pos{Line: 2, Col: 1}, "front matter is not a YAML mapping")}
	}
	var fm frontMatter
	problems, _ := docs[0].Root.Decode(&frontFormat, "the front matter", &fm)
	return &fm, problems
}

// source is a text body twice: as written (for the Markdown of sections) and with
// every placeholder overwritten by a marker of the same length (for rendering).
type source struct {
	orig, marked []byte
	placeholders []*lessons.Placeholder
}

// markPlaceholders parses the placeholders of a body, reports the ones that do not
// parse, and lists the others in t.Placeholders.
func markPlaceholders(body []byte, t *lessons.Text, posOf func(int) yamlfile.Pos, errs *lessons.ErrorList) source {
	src := source{orig: body, marked: bytes.Clone(body)}
	for _, f := range lessons.FindPlaceholders(body) {
		pos := posOf(f.Off)
		switch {
		case f.P == nil && f.N == 2: // not closed
			errs.Add(t.File, pos, "%s", f.Err.Text)
			continue
		case f.Err != nil:
			pos.Col += f.Err.Col - 1
			errs.Add(t.File, pos, "placeholder %s: %s", string(body[f.Off:f.Off+f.N]), f.Err.Text)
			continue
		}
		f.P.Place = pos
		m := lessons.Marker(len(t.Placeholders), f.N)
		if m == "" {
			errs.Add(t.File, pos, "placeholder %s is too short", f.P.Source)
			continue
		}
		copy(src.marked[f.Off:], m)
		t.Placeholders = append(t.Placeholders, f.P)
	}
	src.placeholders = t.Placeholders
	return src
}

// checkFilled reports placeholders that did not come out of Markdown as text — in a
// link target, say — and so could never be filled.
func checkFilled(t *lessons.Text, errs *lessons.ErrorList) {
	var all strings.Builder
	add := func(s lessons.Section) { all.WriteString(s.HTML) }
	add(t.Intro)
	for _, s := range t.Steps {
		add(s)
	}
	for _, c := range t.Checkpoints {
		add(c.Question)
		add(c.Explain)
		for _, o := range c.Options {
			add(o)
		}
	}
	html := all.String()
	for i, p := range t.Placeholders {
		if !strings.Contains(html, lessons.Marker(i, len(p.Source))) {
			errs.Add(t.File, p.Place, "placeholder %s cannot be filled there (expected it in text or code, not in a link or image target)", p.Source)
		}
	}
}

func checkpointText(nodes []ast.Node, src source, cp *lessons.Checkpoint, file string, pos yamlfile.Pos, errs *lessons.ErrorList, lineOf func(ast.Node) yamlfile.Pos) lessons.CheckpointText {
	ct := lessons.CheckpointText{Options: map[string]lessons.Section{}}
	listAt := -1
	for i, n := range nodes {
		if _, ok := n.(*ast.List); ok {
			listAt = i
			break
		}
	}
	if listAt < 0 {
		errs.Add(file, pos, "checkpoint %s has no list of options (expected items like \"- a: text\")", cp.ID)
		return ct
	}
	body := src.orig
	ct.Question = renderNodes(nodes[:listAt], src)
	ct.Explain = renderNodes(nodes[listAt+1:], src)
	if ct.Question.Markdown == "" {
		errs.Add(file, pos, "checkpoint %s has no question before its options", cp.ID)
	}
	for item := nodes[listAt].FirstChild(); item != nil; item = item.NextSibling() {
		block := item.FirstChild()
		var first *ast.Text
		if block != nil {
			first, _ = block.FirstChild().(*ast.Text)
		}
		if first == nil {
			errs.Add(file, lineOf(item), "option without text (expected \"- ID: text\")")
			continue
		}
		seg := first.Segment
		id, _, ok := strings.Cut(string(seg.Value(body)), ":")
		if !ok || strings.ContainsAny(id, " \t") || id == "" {
			errs.Add(file, lineOf(item), "option %q does not start with an id and a colon (expected \"- a: text\")", string(seg.Value(body)))
			continue
		}
		// Drop "ID:" from the rendered text.
		skip := len(id) + 1
		for skip < seg.Len() && body[seg.Start+skip] == ' ' {
			skip++
		}
		first.Segment = seg.WithStart(seg.Start + skip)
		if !containsOption(cp, id) {
			errs.Add(file, lineOf(item), "option %q is not in lesson.yaml (expected one of %s)", id, strings.Join(optionIDs(cp), ", "))
			continue
		}
		opt := renderNodes([]ast.Node{block}, src)
		opt.Markdown = strings.TrimSpace(strings.TrimPrefix(opt.Markdown, id+":"))
		ct.Options[id] = opt
	}
	for _, o := range cp.Options {
		if _, ok := ct.Options[o.ID]; !ok {
			errs.Add(file, pos, "checkpoint %s lacks the text of option %s", cp.ID, o.ID)
		}
	}
	return ct
}

func containsOption(cp *lessons.Checkpoint, id string) bool {
	for _, o := range cp.Options {
		if o.ID == id {
			return true
		}
	}
	return false
}

func optionIDs(cp *lessons.Checkpoint) []string {
	var out []string
	for _, o := range cp.Options {
		out = append(out, o.ID)
	}
	return out
}

func stepIDs(l *lessons.Lesson) []string {
	var out []string
	for _, s := range l.Steps {
		out = append(out, s.ID)
	}
	return out
}

func checkpointIDs(l *lessons.Lesson) []string {
	var out []string
	for _, c := range l.Checkpoints {
		out = append(out, c.ID)
	}
	return out
}

// renderNodes renders a run of block nodes; Markdown keeps their source lines as
// written, HTML has a marker for each placeholder until Section.Fill.
func renderNodes(nodes []ast.Node, src source) lessons.Section {
	var html, md bytes.Buffer
	body := src.orig
	for _, n := range nodes {
		if err := markdown.Renderer().Render(&html, src.marked, n); err != nil {
			continue
		}
		if md.Len() > 0 {
			md.WriteString("\n\n")
		}
		if n.Lines().Len() > 0 {
			md.Write(bytes.TrimRight(n.Lines().Value(body), "\n"))
		} else {
			md.Write(sourceOf(n, body))
		}
	}
	return lessons.NewSection(strings.TrimSpace(md.String()), strings.TrimSpace(html.String()), src.placeholders)
}

// sourceOf returns the source lines under a container block (lists, quotes).
func sourceOf(n ast.Node, body []byte) []byte {
	start, end := -1, -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			s, e := c.Lines().At(0).Start, c.Lines().At(c.Lines().Len()-1).Stop
			if start < 0 || s < start {
				start = s
			}
			end = max(end, e)
		}
		return ast.WalkContinue, nil
	})
	if start < 0 {
		return nil
	}
	// Back up to the line start so list markers are kept.
	for start > 0 && body[start-1] != '\n' {
		start--
	}
	return bytes.TrimRight(body[start:end], "\n")
}

// render renders a standalone piece of Markdown.
func render(src []byte) lessons.Section {
	var html bytes.Buffer
	_ = markdown.Convert(src, &html)
	return lessons.Section{Markdown: strings.TrimSpace(string(src)), HTML: strings.TrimSpace(html.String())}
}

// InlineHTML renders a line of lesson Markdown — a summary, a goal — as narration is
// rendered (raw HTML left out), without the paragraph around it, for a list or a card.
func InlineHTML(md string) string {
	h := render([]byte(md)).HTML
	if inner, ok := strings.CutPrefix(h, "<p>"); ok {
		if inner, ok := strings.CutSuffix(inner, "</p>"); ok && !strings.Contains(inner, "<p>") {
			return inner
		}
	}
	return h
}

// splitFrontMatter separates "---\n...\n---\n" from the body, and gives the 1-based
// line where the body starts.
func splitFrontMatter(src []byte) (front, body []byte, bodyLine int, ok bool) {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	if !strings.HasPrefix(s, "---\n") {
		return nil, nil, 0, false
	}
	rest := s[4:]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			end = len(rest) - 4
		} else {
			return nil, nil, 0, false
		}
	}
	front = []byte(rest[:end+1])
	bodyStart := min(end+5, len(rest))
	body = []byte(rest[bodyStart:])
	bodyLine = 2 + strings.Count(rest[:bodyStart], "\n")
	return front, body, bodyLine, true
}

// Render renders a piece of Markdown that is not a section of a lesson text — a
// goal, say — as narration is rendered: raw HTML left out.
func Render(src string) lessons.Section { return render([]byte(src)) }
