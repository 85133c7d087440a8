package escape_test

import (
	"html"
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/lessons/escape"
)

// TestHTML: HTML escapes as html.EscapeString does.
func TestHTML(t *testing.T) {
	for _, s := range []string{
		"", "plain", `<a href="x">Tom & Jerry's</a>`, "&amp;", "<<>>", "\"'", "ÄÖü — <ok>", "\x00&\n",
	} {
		assert.Equal(t, html.EscapeString(s), escape.HTML(s), "%q", s)
	}
}

// FuzzHTML: for any text, HTML is html.EscapeString.
func FuzzHTML(f *testing.F) {
	f.Add(`<b class="x">&'</b>`)
	f.Fuzz(func(t *testing.T, s string) {
		assert.Equal(t, html.EscapeString(s), escape.HTML(s))
	})
}
