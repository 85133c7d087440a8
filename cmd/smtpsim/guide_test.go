package main

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
)

func TestGuideCommand(t *testing.T) {
	for _, lang := range lessons.Languages {
		g, err := lessons.TeachersGuide(lang)
		require.NoError(t, err)
		code, out, errOut := runCLI("guide", "--lang", lang)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, g.Markdown, out, "text is the Markdown as written")
		code, out, errOut = runCLI("guide", "--lang", lang, "--format", "html")
		require.Equal(t, 0, code, errOut)
		assert.True(t, strings.HasPrefix(out, "<!doctype html>\n<html lang=\""+lang+"\">"), out[:min(len(out), 80)])
		assert.Contains(t, out, "<title>"+html.EscapeString(g.Title)+" — smtpsim</title>")
		assert.True(t, strings.Contains(out, "<main>\n"+g.HTML), "the guide's rendering, unescaped")
		assert.NotContains(t, out, "<link", "a page that needs no other file")
		assert.NotContains(t, out, "<script")
	}
	code, out, _ := runCLI("guide")
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "# Teacher's guide\n"), "English by default")
	for _, args := range [][]string{{"guide", "--format", "pdf"}, {"guide", "--lang", "fr"}, {"guide", "journey"}, {"guide", "--frob"}} {
		code, _, errOut := runCLI(args...)
		assert.Equal(t, 2, code, "%v: a usage error (%s)", args, errOut)
	}
}

// commandRE finds a command in the guide: a line of a code block or a code span
// that starts with "smtpsim ".
var commandRE = regexp.MustCompile("(?m)^smtpsim [^\n]*|`smtpsim [^`]*`")

// TestGuideCommandsRun runs every smtpsim command the teacher's guide shows, in both
// languages, from the top of the repository, as a teacher would type it.
func TestGuideCommandsRun(t *testing.T) {
	t.Chdir("../..")
	seen := 0
	for _, lang := range lessons.Languages {
		g, err := lessons.TeachersGuide(lang)
		require.NoError(t, err)
		for _, cmd := range commandRE.FindAllString(g.Markdown, -1) {
			cmd = strings.TrimSpace(strings.Trim(cmd, "`"))
			args := shellWords(strings.TrimPrefix(cmd, "smtpsim "))
			seen++
			code, out, errOut := runCLI(args...)
			switch {
			case code != 0:
				t.Errorf("%s: %q exits %d: %s", lang, cmd, code, errOut)
			case args[0] != "validate": // validate is silent when all is well
				assert.NotEmpty(t, out, cmd)
			}
		}
	}
	assert.GreaterOrEqual(t, seen, 12, "the guide shows its commands")
}
