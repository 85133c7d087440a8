package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// SyntaxError is text that is not YAML.
type SyntaxError struct {
	Line    int    // 0 when the YAML library does not say
	Msg     string // the library's words, without "yaml: line N: "
	Crashed bool   // the library panicked, with Msg
}

// Error returns "line N: what is wrong", or what is wrong.
func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Document is one YAML document of a file.
type Document struct {
	Pos  Pos  // where it starts
	Root Node // its value; the zero Node when the document holds nothing
}

// Node is a value of a file that has been read but not decoded: the root of a
// Document, or the part of a file an Unmarshaler decodes.
type Node struct {
	n   *yaml.Node
	src *source
}

// source is the file a Node comes from.
type source struct {
	file   string
	lines  []string // to tell whether a scalar stands verbatim in its line
	offset int      // added to every line: front matter starts on the file's line 2
}

func (s *source) pos(n *yaml.Node) Pos { return Pos{Line: n.Line + s.offset, Col: n.Column} }

// libraryLine finds the line number in the YAML library's message.
var libraryLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^line (\d+): `) })

// Read parses the YAML documents of a file, up to the first that does not parse: the
// documents before it come back with the error. file names the file in problems;
// firstLine is the file's line where src starts, 1 unless src is part of a file.
func Read(file string, src []byte, firstLine int) (docs []Document, err *SyntaxError) {
	s := &source{file: file, lines: strings.Split(string(src), "\n"), offset: max(firstLine, 1) - 1}
	// The YAML library has panicked on malformed input in the past; a teacher's typo
	// must give a message, not crash the page or the validator.
	defer func() {
		if r := recover(); r != nil {
			err = &SyntaxError{Msg: fmt.Sprint(r), Crashed: true}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		e := dec.Decode(&doc)
		if errors.Is(e, io.EOF) {
			return docs, nil
		}
		if e != nil {
			se := &SyntaxError{Msg: strings.TrimPrefix(e.Error(), "yaml: ")}
			if m := libraryLine().FindStringSubmatch(se.Msg); m != nil {
				se.Line, _ = strconv.Atoi(m[1])
				se.Line += s.offset
				se.Msg = se.Msg[len(m[0]):]
			}
			return docs, se
		}
		d := Document{Pos: s.pos(&doc)}
		if len(doc.Content) > 0 {
			d.Root = Node{doc.Content[0], s}
		}
		docs = append(docs, d)
	}
}

// IsZero reports whether there is no node: a document that holds nothing.
func (n Node) IsZero() bool { return n.n == nil }

// File returns the name of the node's file.
func (n Node) File() string { return n.src.file }

// Pos returns where the node starts.
func (n Node) Pos() Pos { return n.src.pos(n.n) }

// IsMapping reports whether the node is a mapping.
func (n Node) IsMapping() bool { return n.n != nil && n.n.Kind == yaml.MappingNode }

// Null reports whether the node is an empty value: nothing, "~" or null.
func (n Node) Null() bool { return n.n == nil || isNull(n.n) }

// Empty reports whether the node is nothing at all, as after a trailing "---".
func (n Node) Empty() bool { return n.Null() && (n.n == nil || n.n.Value == "") }

// Text returns a scalar's text as written, without quotes; "" for other nodes.
func (n Node) Text() string {
	if n.n == nil || n.n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.n.Value
}

// Tag returns the node's tag: "!!str", "!!int", "!!binary" …
func (n Node) Tag() string { return n.n.ShortTag() }

// Describe names what the node holds, for "KEY is … (expected …)": "a mapping",
// "a list", "empty", or the text in quotes.
func (n Node) Describe() Phrase { return describe(n.n) }

func describe(n *yaml.Node) Phrase {
	switch n.Kind {
	case yaml.MappingNode:
		return P("a mapping")
	case yaml.SequenceNode:
		return P("a list")
	}
	if n.ShortTag() == "!!null" {
		return P("empty")
	}
	// A body pasted in the wrong place should not fill the screen.
	// Quoted as the language of the problem quotes (a Phrase's In).
	if v := []rune(n.Value); len(v) > 40 {
		return P("%q…", string(v[:37]))
	}
	return P("%q", n.Value)
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// At returns the place of the octet at offset off of a scalar's text. A plain scalar's
// text starts at the node's column, a quoted one's a column later. When the text does
// not stand verbatim in the node's line (escapes, line folding, block scalars, tags),
// the offset cannot be mapped and the node's own place is the honest answer.
func (n Node) At(off int) Pos {
	at := n.Pos()
	lead := 0
	switch {
	case n.n.Style&(yaml.LiteralStyle|yaml.FoldedStyle|yaml.TaggedStyle) != 0:
		return at
	case n.n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		lead = 1
	}
	off = max(0, min(off, len(n.n.Value)))
	if !n.verbatim(lead) {
		return at
	}
	return Pos{Line: at.Line, Col: at.Col + lead + utf8.RuneCountInString(n.n.Value[:off])}
}

// verbatim reports whether the node's text appears unchanged in its source line, lead
// columns after the node's start.
func (n Node) verbatim(lead int) bool {
	lines := n.src.lines
	if n.n.Line < 1 || n.n.Line > len(lines) {
		return false
	}
	line := lines[n.n.Line-1]
	// Columns count characters; step over them to the octet where the text starts.
	i := 0
	for range n.n.Column - 1 + lead {
		if i >= len(line) {
			return false
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return strings.HasPrefix(line[i:], n.n.Value)
}
