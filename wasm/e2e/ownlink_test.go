//go:build interop

package e2e

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/budget"
	"smtpsim/wasm/author/ownfile"
)

// TestOwnScenarioPackedLink: a link that carries an own scenario, opened on a fresh
// page, loads the authoring module, which unpacks and compiles the scenario; the page
// goes to the link's step and its link carries the scenario as it came, in English and
// German. Back and Forward between it and a lesson open each again.
func TestOwnScenarioPackedLink(t *testing.T) {
	ctx, url := browser(t)
	src, err := os.ReadFile(ownScenario(t))
	require.NoError(t, err)
	packed := ownfile.Pack(src)
	require.NotEmpty(t, packed)
	for _, lang := range []string{"en", "de"} {
		frag := "step=4&model=end-to-end&lang=" + lang + "&own=my-world.yaml&scenario=" + packed
		reload(t, ctx, url, frag)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("lesson").hidden && document.getElementById("scrubber").value === "4"`))
		require.NoError(t, err, "%s: the link's scenario at the link's step", lang)
		assert.True(t, eval[bool](t, ctx, authorFetched), "the authoring module unpacked the scenario")
		assert.Equal(t, "One message from Alice to Bob", text(t, ctx, `#lesson-title`))
		assert.Equal(t, "#"+frag, eval[string](t, ctx, `location.hash`), "the page's link carries the scenario as it came")
		assert.True(t, eval[bool](t, ctx, `document.getElementById("problems").hidden`))
		assert.True(t, eval[bool](t, ctx, `document.getElementById("own-link").hidden`))
		if lang == "de" {
			// The scenario's name is the teacher's words, as written in the file.
			visible := strings.ReplaceAll(eval[string](t, ctx, visibleText), "One message from Alice to Bob", "")
			noEnglishIn(t, "an own scenario opened from its link", visible, englishWords(t))
		}
	}

	// Back and Forward: from the own scenario to a lesson, and back to the scenario.
	eval[bool](t, ctx, `(() => { location.hash = "lesson=first-mail&lang=de"; return true })()`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`location.hash.includes("lesson=first-mail") && !document.getElementById("lesson").hidden && document.getElementById("lesson-title").textContent !== "One message from Alice to Bob"`))
	require.NoError(t, err, "the lesson opens")
	eval[bool](t, ctx, `(() => { history.back(); return true })()`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("lesson-title").textContent === "One message from Alice to Bob" && document.getElementById("scrubber").value === "4"`))
	require.NoError(t, err, "Back opens the own scenario the link carries, at its step")
	assert.Contains(t, eval[string](t, ctx, `location.hash`), "&scenario="+packed)
	eval[bool](t, ctx, `(() => { history.forward(); return true })()`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`location.hash.includes("lesson=first-mail") && document.getElementById("lesson-title").textContent !== "One message from Alice to Bob"`))
	require.NoError(t, err, "Forward opens the lesson again")
}

// TestOwnScenarioBrokenLink: a link whose scenario cannot be read — not base64url,
// which the page sees, or not a deflate stream, or past the file budget once
// unpacked, which the authoring module finds — opens nothing in its place and says
// so in the page's words, in English and German; the notice asks for the file.
func TestOwnScenarioBrokenLink(t *testing.T) {
	ctx, url := browser(t)
	var z bytes.Buffer
	w, err := flate.NewWriter(&z, flate.BestCompression)
	require.NoError(t, err)
	_, err = w.Write(make([]byte, budget.FileBytes+1))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	for _, part := range []struct{ name, packed string }{
		{"not base64url", "not*base64"},
		{"not deflate", base64.RawURLEncoding.EncodeToString([]byte("name: plain text\n"))},
		{"past the file budget", base64.RawURLEncoding.EncodeToString(z.Bytes())},
	} {
		for _, tt := range []struct{ lang, problem, notice string }{
			{"en", "the scenario carried in the link cannot be read; open its file instead", "This link belongs to a file of your own: my-world.yaml."},
			{"de", "Das Szenario im Link lässt sich nicht lesen; öffne stattdessen seine Datei", "Dieser Link gehört zu einer eigenen Datei: my-world.yaml."},
		} {
			reload(t, ctx, url, "step=3&lang="+tt.lang+"&own=my-world.yaml&scenario="+part.packed)
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(`#own-link`), chromedp.WaitVisible(`#problems`)), "%s, %s", part.name, tt.lang)
			problems := text(t, ctx, `#problems`)
			assert.Contains(t, problems, tt.problem, "%s, %s", part.name, tt.lang)
			assert.NotContains(t, problems, "flate", "the module's own words stay in the console")
			assert.Contains(t, text(t, ctx, `#own-link-text`), tt.notice)
			assert.True(t, eval[bool](t, ctx, `document.getElementById("lesson").hidden`), "no lesson opened in its place")
			assert.True(t, eval[bool](t, ctx, `document.getElementById("author-status").hidden`), "no loading note once the module answered")
			if tt.lang == "de" {
				noEnglish(t, ctx, "a link whose scenario cannot be read: "+part.name, englishWords(t))
			}
		}
	}
}
