// Package escape escapes text for HTML, as html.EscapeString does, for the page and
// the renderers it shares with the command line.
//
// It exists so that the page links no package html: that package's init keeps its
// table of 2,231 character reference names (for html.UnescapeString) in every
// program that imports it, some 21 kB of the page's download after Brotli.
package escape

import "strings"

var escaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")

// HTML escapes the five characters that are special in HTML text and attribute values
// (&, ', <, >, "), exactly as html.EscapeString does.
func HTML(s string) string { return escaper.Replace(s) }
