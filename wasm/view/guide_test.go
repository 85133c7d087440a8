package view

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
)

func TestGuideLink(t *testing.T) {
	tests := []struct {
		frag, lang string
		ok         bool
	}{
		{"#teachers", "", true},
		{"teachers", "", true},
		{"#teachers&lang=de", "de", true},
		{"#teachers&lang=fr", "", true},
		{"#lesson=journey", "", false},
		{"#lesson=journey&teachers", "", false},
		{"", "", false},
		{"#teacher", "", false},
	}
	for _, tt := range tests {
		lang, ok := GuideLink(tt.frag)
		assert.Equal(t, tt.ok, ok, tt.frag)
		assert.Equal(t, tt.lang, lang, tt.frag)
	}
	lang, ok := GuideLink("#" + GuideFragment("de"))
	assert.True(t, ok)
	assert.Equal(t, "de", lang)
}

func TestGuideHTMLHeadingsOneLevelDown(t *testing.T) {
	for _, lang := range lessons.Languages {
		g, err := lessons.TeachersGuide(lang)
		require.NoError(t, err)
		html, err := GuideHTML(lang)
		require.NoError(t, err)
		assert.NotContains(t, html, "<h1>", lang)
		assert.Contains(t, html, "<h2>"+g.Title+"</h2>", lang)
		for level := 1; level <= 3; level++ {
			tag := func(l int) string { return "<h" + string(rune('0'+l)) + ">" }
			assert.Equal(t, strings.Count(g.HTML, tag(level)), strings.Count(html, tag(level+1)), "%s: h%d", lang, level)
		}
		assert.Contains(t, html, "<table>", lang)
	}
	_, err := GuideHTML("fr")
	assert.Error(t, err)
}
