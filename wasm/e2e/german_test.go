//go:build interop

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// englishWords lists what must not show on the German page: the English page words
// and event words whose German differ (the parts between their %-verbs and
// punctuation), and words the page used to leave in English.
func englishWords(t *testing.T) []string {
	t.Helper()
	load := func(path string) map[string]string {
		data, err := os.ReadFile(filepath.Join("..", "..", path))
		require.NoError(t, err)
		m := map[string]string{}
		require.NoError(t, yaml.Unmarshal(data, &m), path)
		return m
	}
	verbs := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]|[:;()\[\]—–,·…“”„"'?!✓✗↻⇥←→↑↓<>/=]|\.\s`)
	german := ""
	words := []string{"you", "queue", "down", "next attempt", "console", "mua", "msa", "Sequence diagram", "Space", "has no target", "unknown fault kind", "is not key=value",
		"does not take", "given twice", "bad duration", "is not a positive number", "does not match the class",
		"Key", "Close", "Faults for", "Tools", "Presenter",
		"Failed to fetch", "TypeError", "CompileError"} // the browser's words about a module it could not load
	for _, f := range [][2]string{{"wasm/view/ui.en.yaml", "wasm/view/ui.de.yaml"}, {"sim/render/words.en.yaml", "sim/render/words.de.yaml"}, {"lessons/narrate/narrate.en.yaml", "lessons/narrate/narrate.de.yaml"}} {
		en, de := load(f[0]), load(f[1])
		for _, v := range de {
			german += v + "\n"
		}
		for k, v := range en {
			if de[k] == v {
				continue
			}
			for _, part := range verbs.Split(v, -1) {
				part = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(part), "."))
				letters := strings.IndexFunc(part, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0
				short := len(part) < 8 || !strings.Contains(part, " ") && len(part) < 5
				if !letters || short || strings.Contains(german, part) {
					continue
				}
				words = append(words, part)
			}
		}
	}
	slices.Sort(words)
	return slices.Compact(words)
}

// visibleText is every visible text and aria-label of the page, without what is
// quoted from the machines: protocol lines (C: …, S: …), code, quotes and the rows
// of the diagram that carry protocol lines.
const visibleText = `(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const el = n.parentElement;
    if (!el || el.closest("code, kbd, script, style, #ladder g.line, #ladder g.data, #inspect pre")) continue;
    if (!el.checkVisibility()) continue;
    out.push(n.textContent);
  }
  for (const el of document.querySelectorAll("[aria-label]")) {
    if (el.checkVisibility()) out.push(el.getAttribute("aria-label"));
  }
  return out.join("\n");
})()`

// quoted is what machines and files say, not the page: protocol lines, SMTP and POP3
// replies (in the diagram's labels too), quotes, addresses, FILE:LINE:COL.
var quoted = regexp.MustCompile(`[CS]: .*|(^|\s)[2-5]\d\d[ -].*|[+]OK .*|-ERR .*|"[^"\n]*"|„[^“\n]*“|<[^>\n]*>|\S+@\S+|\S+:\S+`)

// noEnglish fails on any English word or phrase of words in the page's visible text.
func noEnglish(t *testing.T, ctx contextT, where string, words []string) {
	t.Helper()
	noEnglishIn(t, where, eval[string](t, ctx, visibleText), words)
}

// noEnglishIn fails on any English word or phrase of words in a text of the page.
func noEnglishIn(t *testing.T, where, text string, words []string) {
	t.Helper()
	text = quoted.ReplaceAllString(text, " ")
	for _, w := range words {
		re := regexp.MustCompile(`(^|[^\p{L}])` + regexp.QuoteMeta(w) + `($|[^\p{L}])`)
		if loc := re.FindStringIndex(text); loc != nil {
			from, to := max(loc[0]-60, 0), min(loc[1]+60, len(text))
			t.Errorf("%s: English %q on the German page: …%s…", where, w, strings.ReplaceAll(text[from:to], "\n", " ⏎ "))
		}
	}
}

// TestGermanEverywhere walks a lesson, its faults, the network inspector, the console
// and the start page in German and finds no English page words.
func TestGermanEverywhere(t *testing.T) {
	words := englishWords(t)
	ctx, url := browser(t)
	open(t, ctx, url, "lesson=one-message&lang=de")
	noEnglish(t, ctx, "lesson start", words)
	// Steps and a checkpoint on the way.
	stepUntil(t, ctx, `!document.getElementById("question").hidden`)
	noEnglish(t, ctx, "checkpoint", words)
	stepUntil(t, ctx, transcript+`.includes("S: 354")`)
	noEnglish(t, ctx, "steps", words)
	// A malformed fault, then a good one.
	showTool(t, ctx, "faults")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(`#fault-input`, "down"),
		chromedp.Click(`#fault-add`),
		chromedp.WaitVisible(`#fault-error`),
	))
	noEnglish(t, ctx, "fault syntax error", words)
	eval[string](t, ctx, `document.getElementById("fault-input").value = ""`)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(`#fault-input`, "down:mx.example.net,until=2h"),
		chromedp.Click(`#fault-add`),
		chromedp.WaitVisible(`#fault-list code`),
		chromedp.KeyEvent(kb.End),
	))
	noEnglish(t, ctx, "fault", words)
	// The network inspector of the sender's server, with the message in its queue.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`#topology g[data-node="mail.example.org"]`)))
	showTool(t, ctx, "inspect")
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#inspect`)))
	noEnglish(t, ctx, "inspector", words)
	// The console: a server, a wrong command.
	open(t, ctx, url, "lesson=first-mail&lang=de")
	showTool(t, ctx, "console")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(`#console-panel`),
		chromedp.ScrollIntoView(`#console-panel`),
		chromedp.WaitVisible(`#console-input`),
		chromedp.SetValue(`#console-target`, "mx.example.net:25"),
	))
	typeLine(t, ctx, `#console-input`, `#console-log`, "EHLO x.example", 1)
	typeLine(t, ctx, `#console-input`, `#console-log`, "RCPT TO:<bob@example.net>", 2)
	typeLine(t, ctx, `#console-input`, `#console-log`, "FROB", 3)
	noEnglish(t, ctx, "console", words)
	// The form that writes a message: its labels are short words the list above
	// leaves out, and "To" was once left in English.
	showTool(t, ctx, "compose")
	require.Equal(t, []string{"Von", "An", "Kopie (Cc)", "Blindkopie (Bcc)", "Betreff", "Text", "Anhänge"},
		eval[[]string](t, ctx, `[...document.querySelectorAll("#compose-form label > span")].map(s => s.textContent)`))
	noEnglish(t, ctx, "compose", words)
	// The start page with its sandbox worlds, and the keyboard help.
	startPageInGerman(t, ctx, url)
	noEnglish(t, ctx, "start page", words)
}

// startPageInGerman opens the start page and switches it to German with the language
// menu, as a learner does, and waits until the page speaks German.
func startPageInGerman(t *testing.T, ctx contextT, url string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/index.html#"),
		chromedp.WaitVisible(`#own-files`),
		chromedp.SetValue(`#lang`, "de"),
	))
	eval[bool](t, ctx, `document.getElementById("lang").dispatchEvent(new Event("change"))`)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("nav-help").textContent === "Tastaturhilfe"`))
	require.NoError(t, err)
}
