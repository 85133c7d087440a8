//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
)

// shownTranscript is the transcript on the page: its lines, and after each the length
// of the text up to its end in the page's units (UTF-16 code units, as JavaScript
// counts), so that a step appends or cuts off a line or two instead of writing a long
// run's hundred kilobytes again.
type shownTranscript struct {
	lines []string
	ends  []int
}

// renderTranscript shows lines, one per row, in the transcript panel.
func (a *app) renderTranscript(lines []string) {
	t := &a.transcript
	k := 0
	for k < len(t.lines) && k < len(lines) && t.lines[k] == lines[k] {
		k++
	}
	if k == len(t.lines) && k == len(lines) {
		return
	}
	from := -1 // all new
	if k > 0 {
		from = t.ends[k-1]
	}
	t.lines, t.ends = t.lines[:k], t.ends[:k]
	var b strings.Builder
	end := max(from, 0)
	for i, line := range lines[k:] {
		// Valid UTF-8 is what the page receives; counted here as JavaScript counts it.
		line = strings.ToValidUTF8(line, "\uFFFD")
		if k+i > 0 {
			b.WriteByte('\n')
			end++
		}
		b.WriteString(line)
		for _, r := range line {
			end++
			if r >= 0x10000 {
				end++ // a surrogate pair
			}
		}
		t.lines = append(t.lines, lines[k+i])
		t.ends = append(t.ends, end)
	}
	if !js.Global().Call("smtpsimEditText", "transcript", from, b.String()).Bool() {
		t.lines, t.ends = t.lines[:0], t.ends[:0]
		a.renderTranscript(lines) // not the text it was left with: all of it again
	}
}
