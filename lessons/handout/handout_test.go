package handout_test

import (
	"bytes"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/handout"
	"smtpsim/lessons/lessonfile"
	"smtpsim/lessons/narrate"
	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// sheet runs a lesson in its first model and makes its sheet.
func sheet(t *testing.T, l *lessons.Lesson, o handout.Options, faults ...fault.Fault) (*handout.Sheet, *trace.Trace) {
	t.Helper()
	sc := l.ScenarioOf(l.Models[0])
	tr := world.Run(sc, faults...)
	o.Faults = faults
	s, err := handout.New(l, sc, tr, o)
	require.NoError(t, err)
	return s, tr
}

func htmlOf(t *testing.T, s *handout.Sheet) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, s.WriteHTML(&b))
	return b.String()
}

func textOf(t *testing.T, s *handout.Sheet) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, s.WriteText(&b))
	return b.String()
}

var (
	preRE      = regexp.MustCompile(`(?s)<pre[^>]*>.*?</pre>`)
	svgRE      = regexp.MustCompile(`(?s)<svg.*?</svg>`)
	styleRE    = regexp.MustCompile(`(?s)<style>.*?</style>`)
	tagRE      = regexp.MustCompile(`<[^>]+>`)
	eventRE    = regexp.MustCompile(`(?s)<p class="h-ev[^"]*">.*?</p>`)
	markdownRE = regexp.MustCompile(`(?s)<(div|span) class="h-md[^"]*">.*?</(div|span)>`)
)

// visible is the text a reader sees outside preformatted text (message sources and
// commands, shown as they are) and the diagram.
func visible(page string) string {
	for _, re := range []*regexp.Regexp{styleRE, preRE, svgRE} {
		page = re.ReplaceAllString(page, " ")
	}
	return html.UnescapeString(tagRE.ReplaceAllString(page, " "))
}

// labels is the text of the handout's own words: what is left without the narration
// (the lesson's) and the events (the render package's).
func labels(page string) string {
	for _, re := range []*regexp.Regexp{styleRE, preRE, svgRE, eventRE, markdownRE} {
		page = re.ReplaceAllString(page, " ")
	}
	return html.UnescapeString(tagRE.ReplaceAllString(page, " "))
}

// english are words of the English handout that must not be left in the German one.
var english = []string{"Question", "Answer", "Step ", "Try it yourself", "Sequence diagram", "Tick one", "Your answer",
	"more attempts", "as sent after", "as filed", "Why:", "What you will learn", "Introduction", "The rest of the run",
	"Run:", "left out", "seed", "Lesson ", "about ", "Date:", " part ", " of ", " the "}

// TestEveryLessonPrints: every built-in lesson makes a handout in both languages, with
// and without its answers and as the answer key alone: self-contained, no script,
// every checkpoint a numbered question with lettered options and lines to write on,
// the key after the last question, no Markdown left raw, no English in German.
func TestEveryLessonPrints(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	require.NotEmpty(t, course)
	for _, l := range course {
		for _, lang := range lessons.Languages {
			for _, mode := range []string{"answers", "no-answers", "answers-only"} {
				t.Run(l.ID+"/"+lang+"/"+mode, func(t *testing.T) {
					o := handout.Options{Lang: lang, Answers: mode == "answers", AnswersOnly: mode == "answers-only"}
					s, _ := sheet(t, l, o)
					page := htmlOf(t, s)
					require.True(t, strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\""+lang+"\">"))
					for _, bad := range []string{"<script", "<link", "<img", "<iframe", " src=", "url(", "@import", " style="} {
						assert.NotContains(t, page, bad, "self-contained, no script")
					}
					for _, m := range regexp.MustCompile(`.{0,9}https?://`).FindAllString(page, -1) {
						assert.Contains(t, m, `href="`, "a URL only as a link to follow, never one to load")
					}
					text := visible(page)
					for _, raw := range []string{"**", "`", "{{"} {
						assert.NotContains(t, text, raw, "Markdown and placeholders are rendered")
					}
					questions := strings.Count(page, `<div class="h-question">`)
					key := strings.Index(page, `<section class="h-key`)
					answers := strings.Count(page, `<li class="h-answer">`)
					switch mode {
					case "answers":
						assert.Equal(t, len(l.Checkpoints), questions, "every checkpoint asked")
						assert.Equal(t, len(l.Checkpoints), answers, "and answered in the key")
						require.Positive(t, key)
						assert.Greater(t, key, strings.LastIndex(page, `<div class="h-question">`), "the key comes after the last question")
						assert.Contains(t, page, "break-before: page", "on a page of its own")
						assert.Contains(t, page, "<pre class=\"h-command\">smtpsim run "+l.ID+" --lang "+lang+" --fault ")
					case "no-answers":
						assert.Equal(t, len(l.Checkpoints), questions)
						assert.Negative(t, key, "no key")
						assert.Zero(t, answers)
					case "answers-only":
						assert.Zero(t, questions, "the key alone")
						assert.Equal(t, len(l.Checkpoints), answers)
						assert.NotContains(t, page, `<section class="h-part"`)
					}
					for _, q := range s.Key {
						require.NotEmpty(t, q.Answer, "question %d has its answer", q.Number)
						assert.Equal(t, string(rune('a'+len(q.Options)-1)), q.Options[len(q.Options)-1].Letter)
					}
					if lang == "de" {
						words := labels(page)
						for _, w := range english {
							assert.NotContains(t, words, w, "English in the German handout")
						}
					}
				})
			}
		}
	}
}

// The key of a question names the right option by its letter, says its claim and gives
// the explanation as the reason; the try-it outcome is an event of a run with the fault.
func TestAnswerKeyIsTheSolution(t *testing.T) {
	l, err := lessons.Find("journey")
	require.NoError(t, err)
	for _, lang := range lessons.Languages {
		s, tr := sheet(t, l, handout.Options{Lang: lang, Answers: true})
		page := htmlOf(t, s)
		key := page[strings.Index(page, `<section class="h-key`):]
		require.Len(t, s.Key, len(l.Checkpoints))
		for _, c := range l.Checkpoints {
			asked := l.Texts[lang].Checkpoints[c.ID].Question.Fill(tr, lang).HTML
			k := slices.IndexFunc(s.Key, func(q handout.Question) bool { return q.Question.HTML == asked })
			require.GreaterOrEqual(t, k, 0, "checkpoint %s is asked", c.ID)
			q := s.Key[k]
			right := -1
			for k, o := range c.Options {
				if o.ID == c.Answer {
					right = k
				}
			}
			assert.Equal(t, string(rune('a'+right)), q.Answer)
			assert.Equal(t, l.Texts[lang].Checkpoints[c.ID].Options[c.Answer].HTML, q.Claim.HTML)
			assert.Contains(t, key, q.Claim.HTML)
			assert.Contains(t, key, q.Explain.HTML, "the reason")
		}
		withFault := world.Run(l.ScenarioOf(l.Models[0]), l.Try.Fault)
		i := l.Try.Expect.Find(withFault)
		require.GreaterOrEqual(t, i, 0)
		want := render.Words{Lang: lang, Trace: withFault}.Line(withFault.At(i))
		assert.Equal(t, want, s.Expect)
		assert.Contains(t, key, html.EscapeString(want))
	}
}

// Lesson 12's server tries 112 times; the handouts show the growing waits, fold the
// steady attempts into one line whose numbers are the trace's, and show the last
// attempt, the expiry and the bounce.
func TestLongRunIsFolded(t *testing.T) {
	l, err := lessons.Find("trouble-that-stays")
	require.NoError(t, err)
	foldRE := map[string]*regexp.Regexp{
		"en": regexp.MustCompile(`… (\d+) more attempts \(no\. (\d+) to (\d+)\) for erin@example\.com, every 4000 s \(1h6m40s\)`),
		"de": regexp.MustCompile(`… (\d+) weitere Versuche \(Nr\. (\d+) bis (\d+)\) für erin@example\.com, jeder 4000 s \(1 Std\. 6 Min\. 40 Sek\.\)`),
	}
	attemptRE := map[string]*regexp.Regexp{
		"en": regexp.MustCompile(`m2: attempt (\d+) for`),
		"de": regexp.MustCompile(`m2: Zustellversuch (\d+) für`),
	}
	for _, lang := range lessons.Languages {
		s, tr := sheet(t, l, handout.Options{Lang: lang, Answers: true})
		total, expired, bounced := 0, 0, 0
		for _, e := range tr.All() {
			switch {
			case e.Kind == trace.KindAttempt && e.Msg == "m2":
				total++
			case e.Kind == trace.KindExpire:
				expired++
			case e.Kind == trace.KindBounce && e.Msg == "m2":
				bounced++
			}
		}
		require.Greater(t, total, 100)
		for format, out := range map[string]string{"text": textOf(t, s), "html": htmlOf(t, s)} {
			m := foldRE[lang].FindAllStringSubmatch(out, -1)
			require.Len(t, m, 1, "%s %s: one fold", lang, format)
			folded, _ := strconv.Atoi(m[0][1])
			from, _ := strconv.Atoi(m[0][2])
			to, _ := strconv.Atoi(m[0][3])
			shown := attemptRE[lang].FindAllStringSubmatch(out, -1)
			assert.Equal(t, total, folded+len(shown), "%s %s: shown and folded attempts are the trace's", lang, format)
			assert.Equal(t, to-from+1, folded)
			assert.Equal(t, strconv.Itoa(total), shown[len(shown)-1][1], "the last attempt is shown")
			assert.Equal(t, strconv.Itoa(from-1), shown[len(shown)-2][1], "and the ones before the fold")
			if format == "text" {
				lines := strings.Count(out, "\n")
				assert.Less(t, lines, 500, "%s: the text handout is %d lines", lang, lines)
			}
		}
		page := htmlOf(t, s)
		assert.Equal(t, 1, strings.Count(page, `<g class="note fold retry"`), "%s: the diagram draws the fold as one note", lang)
		assert.Less(t, strings.Count(page, `data-arrow=`), 400, "%s: and leaves its rows out", lang)
		assert.Equal(t, 1, expired)
		assert.Equal(t, 1, bounced)
		text := textOf(t, s)
		words := render.Words{Lang: lang, Trace: tr}
		for _, e := range tr.All() {
			if e.Kind == trace.KindExpire || e.Kind == trace.KindBounce {
				assert.Contains(t, text, words.Line(e), "%s: the decisive events are shown", lang)
			}
		}
	}
}

// A lesson that narrates a message shows its text where the transcript only says
// "(message m1, 11 lines …)": as sent after DATA, and as filed, with Received and
// Return-Path — escaped in the HTML.
func TestNarratedMessagesAreShown(t *testing.T) {
	l, err := lessons.Find("envelope")
	require.NoError(t, err)
	s, tr := sheet(t, l, handout.Options{Lang: "en", Answers: true})
	var filed []byte
	for _, e := range tr.All() {
		if e.Kind == trace.KindDeliver && e.Rcpt == "bob@example.net" {
			filed = e.Payload
		}
	}
	require.NotEmpty(t, filed)
	first, _, _ := strings.Cut(string(filed), "\r\n")
	require.Equal(t, "Return-Path: <alice@example.org>", first)
	text := textOf(t, s)
	deliver := strings.Index(text, "m1 delivered: filed into the mailbox of bob@example.net")
	source := strings.Index(text, "The message m1 as filed into the mailbox of bob@example.net")
	require.True(t, deliver > 0 && source > deliver, text)
	assert.Contains(t, text[source:], "| Return-Path: <alice@example.org>\n       | Received: from ")
	assert.Contains(t, text, "The message m1 as sent after DATA (11 lines")
	page := htmlOf(t, s)
	assert.Contains(t, page, "<pre>Return-Path: &lt;alice@example.org&gt;\nReceived: from ")

	// A long body is cut, with a note that says how much.
	mime, err := lessons.Find("mime")
	require.NoError(t, err)
	s, _ = sheet(t, mime, handout.Options{Lang: "de", Answers: true})
	assert.Regexp(t, `… \d+ weitere Zeilen des Inhalts ausgelassen \(\d+ Oktette\) …`, textOf(t, s))
}

// A fault can take away the event a checkpoint asks about: that question is neither
// asked nor answered, and the others are numbered on without a gap.
func TestQuestionsOfAFaultyRun(t *testing.T) {
	l, err := lessons.Find("journey")
	require.NoError(t, err)
	down, err := fault.Parse("down:mail.example.org")
	require.NoError(t, err)
	s, tr := sheet(t, l, handout.Options{Lang: "en", Answers: true}, down)
	missing := 0
	for _, c := range l.Checkpoints {
		if c.Before.Find(tr) < 0 {
			missing++
		}
	}
	require.Positive(t, missing, "the fault takes a checkpoint's event away")
	page := htmlOf(t, s)
	asked := regexp.MustCompile(`<p class="h-qhead">Question (\d+)</p>`).FindAllStringSubmatch(page, -1)
	require.Len(t, asked, len(l.Checkpoints)-missing)
	for i, m := range asked {
		assert.Equal(t, strconv.Itoa(i+1), m[1])
	}
	assert.Equal(t, len(asked), strings.Count(page, `<li class="h-answer">`), "the key answers what was asked")
}

// Everything a lesson file says is escaped: a title or narration with markup stays text.
func TestLessonTextIsEscaped(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "course", "02-hello")
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		if e.Name() == "en.md" {
			b = regexp.MustCompile(`(?m)^title: .*$`).ReplaceAll(b, []byte(`title: "Hello <script>alert(1)</script>"`))
			b = regexp.MustCompile(`(?m)^# intro\n`).ReplaceAll(b, []byte("# intro\n\n<img src=x onerror=alert(2)> **bold**\n"))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
	}
	l, err := lessonfile.Load(os.DirFS(dir), ".", dir)
	require.NoError(t, err)
	s, _ := sheet(t, l, handout.Options{Lang: "en", Answers: true})
	page := htmlOf(t, s)
	assert.Contains(t, page, "Hello &lt;script&gt;alert(1)&lt;/script&gt;")
	assert.NotContains(t, page, "<script")
	assert.NotContains(t, page, "<img")
	assert.Contains(t, page, "<strong>bold</strong>")
}

// Every word of the handout is in both languages, and the German is German.
func TestPhrasesInBothLanguages(t *testing.T) {
	book := handout.Phrases()
	require.NoError(t, book.Load())
	en, de := book.Keys("en"), book.Keys("de")
	assert.ElementsMatch(t, en, de)
	for _, k := range en {
		if k == "name" {
			continue // "Name:" is German as well
		}
		assert.NotEqual(t, book.Say("en", k), book.Say("de", k), "%s is translated", k)
	}
}

// probe is the longest line of a text: a piece of it that a handout prints as it is
// (the text handout indents every line, the HTML one inserts the sanitised HTML).
func probe(s string) string {
	var long string
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); len(line) > len(long) {
			long = line
		}
	}
	return long
}

// TestHandoutsFollowTheRun: for every lesson's try-it fault, in text and HTML and both
// languages, the handout says once, at the event where the run starts to differ from
// the lesson's, how it differs and which recipients end otherwise; prints the text of a
// step only where its anchor is in the run and its words hold (narrate.Comparison.Holds),
// and tells the run from its trace where they do not; and asks and answers only the
// questions this run bears out (narrate.Comparison.Asks).
func TestHandoutsFollowTheRun(t *testing.T) {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	tried := slices.DeleteFunc(course, func(l *lessons.Lesson) bool { return l.Try.Fault.Kind == "" })
	require.NotEmpty(t, tried)
	for _, l := range tried {
		for _, lang := range lessons.Languages {
			for _, format := range []string{"text", "html"} {
				t.Run(l.ID+"/"+lang+"/"+format, func(t *testing.T) {
					s, tr := sheet(t, l, handout.Options{Lang: lang, Answers: true}, l.Try.Fault)
					sc := l.ScenarioOf(l.Models[0])
					c := narrate.Compare(l, sc.Model, narrate.Reference(l, sc.Model), tr)
					require.GreaterOrEqual(t, c.From, 0, "the try-it fault %s changes the run", l.Try.Fault)
					require.Less(t, c.From, tr.Len())
					out, shown := textOf(t, s), func(x lessons.Section) string { return probe(x.Markdown) }
					differs, told, question, answer := "\n  !  ", "\n  »  "+c.Tell(lang, c.From, false).Heading+"\n", "\n  ?  ", "\n  =  "
					if format == "html" {
						out, shown = htmlOf(t, s), func(x lessons.Section) string { return probe(x.HTML) }
						differs, told, question, answer = `<aside class="h-differs" role="note">`, `<div class="h-told">`, `<div class="h-question">`, `<li class="h-answer">`
					}
					said := out
					if format == "html" {
						said = visible(out)
					}

					note := c.Tell(lang, c.From, true)
					assert.Equal(t, 1, strings.Count(out, differs), "one divergence note")
					assert.Contains(t, said, note.Differs)
					for _, line := range note.Changed {
						assert.Contains(t, said, line)
					}
					words := render.Words{Lang: lang, Trace: tr}
					at := strings.Index(said, note.Differs)
					assert.Contains(t, said[at:], words.Describe(tr.At(c.From)), "the note stands before the first event that differs")
					if c.From > 0 {
						assert.Contains(t, said[:at], words.Describe(tr.At(c.From-1)), "and after the last one that does not")
					}

					t2 := l.Texts[lang]
					stale := map[int]bool{}
					for _, st := range l.Steps {
						text := t2.Steps[st.ID]
						i := st.At.Find(tr)
						holds := i >= 0 && (!c.Differs(i) || c.Holds(st, text))
						p := shown(text.Fill(tr, lang))
						require.NotEmpty(t, p)
						if holds {
							assert.Contains(t, out, p, "step %s holds and is told", st.ID)
							continue
						}
						assert.NotContains(t, out, p, "step %s does not hold for this run", st.ID)
						assert.NotContains(t, out, shown(text.Fill(c.Ref, lang)), "step %s as the lesson's run fills it", st.ID)
						if i >= 0 {
							stale[i] = true
							now := c.Tell(lang, i, false)
							assert.Contains(t, said, now.Now, "the run told in its place")
							for _, line := range now.Standing {
								assert.Contains(t, said, line)
							}
						}
					}
					assert.Equal(t, len(stale), strings.Count(out, told), "the run is told once at each event whose steps do not hold")
					if format == "html" {
						rest := ">" + handout.Phrases().Say(lang, "rest") + "</h2>"
						if n := strings.Count(out, rest); n > 0 {
							assert.Equal(t, 1, n)
							assert.Greater(t, strings.Index(out, rest), strings.LastIndex(out, `<section class="h-part"`), "only the last part is the rest of the run; a step told from the trace is a step")
						}
					}

					asked := 0
					for _, cp := range l.Checkpoints {
						p := shown(t2.Checkpoints[cp.ID].Question.Fill(tr, lang))
						if c.Asks(cp) >= 0 {
							asked++
							assert.Contains(t, out, p, "checkpoint %s is asked", cp.ID)
						} else {
							assert.NotContains(t, out, p, "checkpoint %s: this run does not bear out its answer", cp.ID)
						}
					}
					assert.Len(t, s.Key, asked)
					assert.Equal(t, asked, strings.Count(out, question), "questions asked")
					assert.Equal(t, asked, strings.Count(out, answer), "and answered")
					if format == "html" {
						s, _ := sheet(t, l, handout.Options{Lang: lang, AnswersOnly: true}, l.Try.Fault)
						key := htmlOf(t, s)
						assert.Equal(t, 1, strings.Count(key, differs), "the key alone says the run differs")
						assert.Equal(t, asked, strings.Count(key, answer), "and answers what the run asks")
					}
				})
			}
		}
	}
}
