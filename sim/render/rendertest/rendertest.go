// Package rendertest reads SVG markup back into its elements, for the tests of the
// renderers and of the programs that show what they draw. It reads; it checks nothing
// but that the markup is well-formed XML.
package rendertest

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// Element is one element of the markup: its name, its attributes by local name and
// the character data directly inside it.
type Element struct {
	Name  xml.Name
	Attrs map[string]string
	Text  string
}

// Read reads a whole SVG file and returns its elements in document order, the root
// first.
func Read(svg []byte) ([]Element, error) {
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	var out []Element
	var open []int // indexes in out of the elements not yet closed
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(open) > 0 {
				return nil, errors.New("unclosed element at the end")
			}
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			el := Element{Name: x.Name, Attrs: map[string]string{}}
			for _, a := range x.Attr {
				el.Attrs[a.Name.Local] = a.Value
			}
			out = append(out, el)
			open = append(open, len(out)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				out[open[len(open)-1]].Text += string(x)
			}
		}
	}
}

// ReadInside reads markup meant for the inside of an <svg> element, as a page puts
// it there, and returns its elements in document order.
func ReadInside(markup string) ([]Element, error) {
	els, err := Read([]byte("<svg>" + markup + "</svg>"))
	if err != nil {
		return nil, err
	}
	return els[1:], nil
}

// Named returns the elements with a local name, in order.
func Named(els []Element, name string) []Element {
	var out []Element
	for _, el := range els {
		if el.Name.Local == name {
			out = append(out, el)
		}
	}
	return out
}

// Texts returns the character data of every element with a local name ("text",
// "title", "style"), in order.
func Texts(els []Element, name string) []string {
	var out []string
	for _, el := range Named(els, name) {
		out = append(out, el.Text)
	}
	return out
}
