package render_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/render/rendertest"
	"smtpsim/sim/scenario"
	"smtpsim/sim/scenariofile"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// runOf runs a lesson (in its first model) or a built-in scenario, as smtpsim export
// and the page do, for words in lang.
func runOf(t testing.TB, id, lang string, faults ...fault.Fault) render.Run {
	t.Helper()
	var sc scenario.Scenario
	title := ""
	if l, err := lessons.Find(id); err == nil {
		sc, title = l.ScenarioOf(l.Models[0]), l.Texts[lang].Title
	} else {
		src, name, ok := lessons.Scenario(id)
		require.True(t, ok, "no lesson or scenario %q", id)
		parsed, err := scenariofile.Parse(name, src)
		require.NoError(t, err)
		sc, title = *parsed, parsed.Name
	}
	w := world.New(sc, faults...)
	w.Run()
	return render.Run{Trace: w.Trace(), Scenario: sc, Title: title, Lang: lang, Hosts: w.Addresses()}
}

func svgOf(t *testing.T, r render.Run) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, render.WriteSVG(&b, r))
	return b.Bytes()
}

// svgDoc is what the tests read back from an SVG file.
type svgDoc struct {
	root    rendertest.Element
	classes []string // class of every <g>, in order
	texts   []string // character data of every <text>
	titles  []string // character data of every <title>
	style   string
}

func parseSVG(t *testing.T, b []byte) svgDoc {
	t.Helper()
	els, err := rendertest.Read(b)
	require.NoError(t, err, "well-formed XML")
	doc := svgDoc{root: els[0], texts: rendertest.Texts(els, "text"), titles: rendertest.Texts(els, "title"),
		style: strings.Join(rendertest.Texts(els, "style"), "")}
	for _, g := range rendertest.Named(els, "g") {
		doc.classes = append(doc.classes, g.Attrs["class"])
	}
	return doc
}

func TestSVGOfAWholeRun(t *testing.T) {
	r := runOf(t, "first-mail", "en")
	a := svgOf(t, r)
	assert.Equal(t, string(a), string(svgOf(t, r)), "the same run, the same picture")

	doc := parseSVG(t, a)
	assert.Equal(t, "svg", doc.root.Name.Local)
	assert.Equal(t, "http://www.w3.org/2000/svg", doc.root.Name.Space, "a standalone file declares its namespace")
	assert.Contains(t, doc.style, ".fail text.msg", "the style travels with the file")
	assert.Equal(t, r.Title, doc.titles[0])

	// Every lane and every row of the whole run.
	lanes := render.Lanes(r.Trace, &r.Scenario)
	arrows := render.Arrows(render.Words{Lang: "en", Trace: r.Trace}, r.Trace.Len()-1)
	var heads, rows []string
	for _, c := range doc.classes {
		if strings.HasPrefix(c, "head ") {
			heads = append(heads, c)
		} else {
			rows = append(rows, c)
		}
	}
	require.Len(t, heads, len(lanes))
	require.Len(t, rows, len(arrows))
	for i, l := range lanes {
		assert.Equal(t, "head "+l.Role, heads[i])
		assert.Contains(t, doc.texts, l.Label)
	}
	for i, ar := range arrows {
		kind := "arrow"
		if ar.From == ar.To {
			kind = "note"
		}
		assert.Equal(t, strings.TrimSpace(kind+" "+string(ar.Kind)+" "+ar.Class), strings.TrimSpace(rows[i]), "row %d", i)
	}
	// Times, icons with the colour, the text of lines and notes.
	all := strings.Join(doc.texts, "\n")
	for _, want := range []string{"09:00:00.000", "TCP connect :587", "EHLO [198.18.1.10]", "✓ 250 2.0.0 Ok: queued as 10BE0001",
		"… 354 End data with <CR><LF>.<CR><LF>", "? example.net MX", "example.net MX: 10 mx.example.net",
		"mx.example.net took responsibility for m1 (queue id 37410001)", "✓ +OK 717 octets", "model end-to-end · seed 1 ·", "dashed: TCP connect"} {
		assert.Contains(t, all, want)
	}

	// The German diagram speaks German around what the machines said.
	r.Lang = "de"
	all = strings.Join(parseSVG(t, svgOf(t, r)).texts, "\n")
	for _, want := range []string{"TCP-Verbindung :587", "EHLO [198.18.1.10]", "✓ 250 2.0.0 Ok: queued as 10BE0001",
		"mx.example.net hat die Verantwortung für m1 übernommen (Queue-ID 37410001)",
		"m1 zugestellt: ins Postfach von bob@example.net abgelegt (jetzt 1 darin)", "Ende-zu-Ende-Modell · Startwert 1 ·", "gestrichelt: TCP-Verbindung"} {
		assert.Contains(t, all, want)
	}
	assert.NotContains(t, all, "took responsibility")
}

// hostileTrace has actor names, lines and a scenario name that would be markup if
// they were not escaped, control characters, bad UTF-8 and a very long line.
func hostileTrace() *trace.Trace {
	tr := &trace.Trace{Start: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	tr.Append(trace.Event{Kind: trace.KindConnect, Actor: "MUA <img src=x>@example.org", Peer: "mx&co", Conn: 1, Port: 25})
	tr.Append(trace.Event{Kind: trace.KindLine, Actor: "MUA <img src=x>@example.org", Peer: "mx&co", Conn: 1, Dir: trace.DirSend, Line: "MAIL FROM:" + hostile})
	tr.Append(trace.Event{Time: time.Second, Kind: trace.KindLine, Actor: "MUA <img src=x>@example.org", Peer: "mx&co", Conn: 1, Dir: trace.DirRecv,
		Line: "550 bad\x00bytes\x1b\xff here", Code: 550})
	tr.Append(trace.Event{Time: time.Second, Kind: trace.KindLine, Actor: "MUA <img src=x>@example.org", Peer: "mx&co", Conn: 1, Dir: trace.DirSend,
		Line: "NOOP " + strings.Repeat("x", 300)})
	return tr
}

const hostile = `<script>alert("x")</script> & 'more'`

func TestSVGEscapesEverything(t *testing.T) {
	r := render.Run{Trace: hostileTrace(), Scenario: scenario.Scenario{Name: `<b>"Sandbox"</b>`}, Title: `<b>"Sandbox"</b>`, Lang: "en"}
	out := svgOf(t, r)
	raw := string(out)
	assert.NotContains(t, raw, "<script")
	assert.NotContains(t, raw, "<img")
	assert.NotContains(t, raw, "<b>")

	doc := parseSVG(t, out)
	all := strings.Join(doc.texts, "\n")
	assert.Contains(t, all, "MAIL FROM:"+hostile, "shown as text, exactly")
	assert.Contains(t, all, `<img src=x>@example.org (MUA)`)
	assert.Contains(t, all, "mx&co")
	assert.Contains(t, all, `<b>"Sandbox"</b>`)
	assert.Contains(t, all, "✗ 550 bad␀bytes␛\uFFFD here", "control characters as their pictures, bad UTF-8 replaced")
	// A very long line is cut in the picture and whole in its tooltip.
	var cut string
	for _, s := range doc.texts {
		if strings.HasPrefix(s, "NOOP ") {
			cut = s
		}
	}
	assert.Less(t, len([]rune(cut)), 200)
	assert.True(t, strings.HasSuffix(cut, "…"))
	assert.Contains(t, strings.Join(doc.titles, "\n"), "NOOP "+strings.Repeat("x", 300))
}

// TestLaneRoleFromTheRun: a host its scenario lets be MSA and MX heads its lane as what
// it does in the run — mx.example.net of the first lesson receives and files (mx), the
// sender's server takes the submission (msa).
func TestLaneRoleFromTheRun(t *testing.T) {
	r := runOf(t, "journey", "en")
	roles := map[string]string{}
	for _, l := range render.Lanes(r.Trace, &r.Scenario) {
		roles[l.ID] = l.Role
	}
	assert.Equal(t, "mx", roles["mx.example.net"])
	assert.Equal(t, "msa", roles["mail.example.org"])
	assert.Equal(t, "mua", roles["MUA alice@example.org"])
}
