package catalogfile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodePositions pins where problems with the shape of a file are placed: at the
// key or value they are about, in plain words rather than Go's type names.
func TestDecodePositions(t *testing.T) {
	for _, tc := range []struct {
		name, file, src, want string
	}{
		{"unknown field", "reasons.de.yaml", "rcpt.ok:\n  title: a\n  text: b\n  rfc: RFC 5321 §4.1.1.3\n  rfcs: c\n",
			`x/reasons.de.yaml:5:3: unknown field "rfcs" (expected title, text, rfc)`},
		{"field twice", "reasons.de.yaml", "rcpt.ok:\n  title: a\n  text: b\n  title: c\n  rfc: RFC 5321 §4.1.1.3\n",
			`x/reasons.de.yaml:4:3: mapping key "title" already defined at line 2`},
		{"entry is text", "reasons.de.yaml", "rcpt.ok: accepted\n",
			`x/reasons.de.yaml:1:10: rcpt.ok is "accepted" (expected a mapping with keys title, text, rfc)`},
		{"field is a mapping", "glossary.de.yaml", "mx:\n  term: {a: b}\n  short: a\n  text: b\n",
			`x/glossary.de.yaml:2:9: term is a mapping (expected text)`},
		{"section is a list", "codes.de.yaml", "replies: [a]\nstatuses: {}\n",
			`x/codes.de.yaml:1:10: replies is a list (expected a mapping of reply codes to entries)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(fsWith(map[string]string{tc.file: tc.src}), "x")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
