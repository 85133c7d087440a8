package view_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/wasm/view"
)

// svgDoc is what the tests read back from an SVG file.
type svgDoc struct {
	root    xml.StartElement
	classes []string // class of every <g>, in order
	texts   []string // character data of every <text>
	titles  []string // character data of every <title>
	style   string
}

func parseSVG(t *testing.T, b []byte) svgDoc {
	t.Helper()
	var doc svgDoc
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	first := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "well-formed XML")
		switch x := tok.(type) {
		case xml.StartElement:
			if first {
				doc.root, first = x, false
			}
			stack = append(stack, x.Name.Local)
			if x.Name.Local == "g" {
				for _, a := range x.Attr {
					if a.Name.Local == "class" {
						doc.classes = append(doc.classes, a.Value)
					}
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			switch stack[len(stack)-1] {
			case "text":
				doc.texts = append(doc.texts, string(x))
			case "title":
				doc.titles = append(doc.titles, string(x))
			case "style":
				doc.style += string(x)
			}
		}
	}
	return doc
}

func TestSVGOfAWholeRun(t *testing.T) {
	p, problems := view.Open(view.State{Lesson: "first-mail", Step: 3})
	require.Empty(t, problems)
	var a, b bytes.Buffer
	require.NoError(t, p.WriteSVG(&a))
	assert.Equal(t, 3, p.Step, "the learner's position is kept")
	require.NoError(t, p.WriteSVG(&b))
	assert.Equal(t, a.String(), b.String(), "the same run, the same picture")

	doc := parseSVG(t, a.Bytes())
	assert.Equal(t, "svg", doc.root.Name.Local)
	assert.Equal(t, "http://www.w3.org/2000/svg", doc.root.Name.Space, "a standalone file declares its namespace")
	assert.Contains(t, doc.style, ".fail text.msg", "the style travels with the file")
	assert.Equal(t, p.Title(), doc.titles[0])

	// Every lane and every row of the whole run, not only up to the current step.
	p.End()
	lanes, arrows := p.Lanes(), p.Arrows(0)
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

	// The German page's diagram speaks German around what the machines said.
	p.Lang = "de"
	var de bytes.Buffer
	require.NoError(t, p.WriteSVG(&de))
	all = strings.Join(parseSVG(t, de.Bytes()).texts, "\n")
	for _, want := range []string{"TCP-Verbindung :587", "EHLO [198.18.1.10]", "✓ 250 2.0.0 Ok: queued as 10BE0001",
		"mx.example.net hat die Verantwortung für m1 übernommen (Warteschlangen-ID 37410001)",
		"m1 zugestellt: ins Postfach von bob@example.net abgelegt (jetzt 1 darin)", "Modell End-to-End · Seed 1 ·", "gestrichelt: TCP-Verbindung"} {
		assert.Contains(t, all, want)
	}
	assert.NotContains(t, all, "took responsibility")
}

func TestSVGEscapesEverything(t *testing.T) {
	tr := &trace.Trace{Start: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	hostile := `<script>alert("x")</script> & 'more'`
	tr.Append(trace.Event{Kind: trace.KindConnect, Actor: "MUA <img src=x>@example.org", Peer: "mx&co", Conn: 1, Port: 25})
	tr.Append(trace.Event{Kind: trace.KindLine, Actor: "MUA <img src=x>@example.org", Peer: "mx&co", Conn: 1, Dir: trace.DirSend, Line: "MAIL FROM:" + hostile})
	tr.Append(trace.Event{Time: time.Second, Kind: trace.KindLine, Actor: "MUA <img src=x>@example.org", Peer: "mx&co", Conn: 1, Dir: trace.DirRecv,
		Line: "550 bad\x00bytes\x1b\xff here", Code: 550})
	tr.Append(trace.Event{Time: time.Second, Kind: trace.KindLine, Actor: "MUA <img src=x>@example.org", Peer: "mx&co", Conn: 1, Dir: trace.DirSend,
		Line: "NOOP " + strings.Repeat("x", 300)})
	p := &view.Page{Scenario: scenario.Scenario{Name: `<b>"Sandbox"</b>`}, Trace: tr}
	p.Step = -1
	var out bytes.Buffer
	require.NoError(t, p.WriteSVG(&out))
	raw := out.String()
	assert.NotContains(t, raw, "<script")
	assert.NotContains(t, raw, "<img")
	assert.NotContains(t, raw, "<b>")
	assert.Equal(t, -1, p.Step)

	doc := parseSVG(t, out.Bytes())
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
