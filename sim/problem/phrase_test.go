package problem

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// oldVerb is the regular expression eachVerb replaced (the page links no regexp).
var oldVerb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

var formatInputs = []string{
	"", "%", "%%", "%%%", "%s", "%q: %v", "%-10.3f", "%+d", "%# x", "%05d", "%0-5d", "%5-d", "%.s", "%.3", "%.3s", "%3.",
	"%3.x", "100%", "100% sure", "%!", "%[1]s", "%é", "%\xffs", "line %d col %d: %s (expected %s)", "%%d", "%-+# 012.34Z",
	"no verbs at all", "%s: %s", "%v%v", "ü%sü",
}

func sameVerbs(t *testing.T, s string) {
	t.Helper()
	assert.Equal(t, oldVerb.FindAllString(s, -1), Verbs(s), "Verbs(%q)", s)
	assert.Equal(t, strings.ContainsFunc(oldVerb.ReplaceAllString(s, ""), unicode.IsLetter), NeedsWords(s), "NeedsWords(%q)", s)
}

func FuzzVerbs(f *testing.F) {
	for _, s := range formatInputs {
		f.Add(s)
	}
	f.Fuzz(sameVerbs)
}

func TestVerbsAsRegexp(t *testing.T) {
	for _, s := range formatInputs {
		sameVerbs(t, s)
	}
}
