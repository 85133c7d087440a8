//go:build js && wasm

package main

import "strings"

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
	el := a.byID("transcript")
	t := &a.transcript
	k := 0
	for k < len(t.lines) && k < len(lines) && t.lines[k] == lines[k] {
		k++
	}
	if k == len(t.lines) && k == len(lines) {
		return
	}
	node := el.Underlying().Get("firstChild")
	if k == 0 || node.IsNull() || node.Get("nextSibling").Truthy() {
		// Nothing to keep, or not the one text node it was left with.
		t.lines, t.ends = t.lines[:0], t.ends[:0]
		el.SetTextContent("")
		if len(lines) == 0 {
			return
		}
		el.SetTextContent(" ") // a text node to append to
		node = el.Underlying().Get("firstChild")
		node.Call("deleteData", 0, 1)
	}
	if k < len(t.lines) {
		end := 0
		if k > 0 {
			end = t.ends[k-1]
		}
		node.Call("deleteData", end, t.ends[len(t.ends)-1]-end)
		t.lines, t.ends = t.lines[:k], t.ends[:k]
	}
	var b strings.Builder
	end := 0
	if k > 0 {
		end = t.ends[k-1]
	}
	for i, line := range lines[k:] {
		// Valid UTF-8 is what the page receives; counted here as JavaScript counts it.
		line = strings.ToValidUTF8(line, "\uFFFD")
		if k+i > 0 {
			b.WriteByte('\n')
			end++
		}
		b.WriteString(line)
		end += utf16Len(line)
		t.lines = append(t.lines, lines[k+i])
		t.ends = append(t.ends, end)
	}
	node.Call("appendData", b.String())
}

// utf16Len is the length of valid UTF-8 s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}
