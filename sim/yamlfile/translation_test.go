package yamlfile_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/sim/fault"
	"smtpsim/sim/yamlfile"
)

// formatArg is, for each function that words a problem of a teacher's file, the index
// of its format argument.
var formatArg = map[string]int{
	"P": 0, "Errorf": 0, // yamlfile.P, yamlfile.Errorf
	"NewProblem": 2, "Add": 2, // yamlfile.NewProblem, Problems.Add
	"Fail": 0, "FailAt": 1, // Value.Fail, Value.FailAt
	"errorf": 1,            // the scenario's validator
	"report": 1, "fail": 2, // the decoder
	"syntax": 1, "syntaxAt": 2, "zoneError": 0, "nameError": 0, // dns record lines and records
	"selectorError": 1, "placeholderError": 1, // lesson selectors and placeholders
	"Decode": 1, // the noun of a file's root
}

// problemSources are the packages whose words reach a teacher who opens a file.
var problemSources = []string{".", "../problem", "../scenario", "../scenariofile", "../dns", "../../lessons", "../../lessons/lessonfile"}

// formats finds every constant format of a problem, and every noun, item and want
// tag of a file's structs, in the Go sources, with where it stands.
func formats(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range problemSources {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
			require.NoError(t, err)
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					var fn string
					switch f := n.Fun.(type) {
					case *ast.Ident:
						fn = f.Name
					case *ast.SelectorExpr:
						if x, ok := f.X.(*ast.Ident); ok && x.Name == "fmt" {
							return true // fmt.Errorf and fmt.Sprintf are not problems' words
						}
						fn = f.Sel.Name
					}
					i, ok := formatArg[fn]
					if !ok || i >= len(n.Args) {
						return true
					}
					if s, ok := constant(n.Args[i]); ok {
						found[s] = fset.Position(n.Pos()).String()
					}
				case *ast.Field:
					if n.Tag == nil {
						return true
					}
					tag, _ := strconv.Unquote(n.Tag.Value)
					for _, key := range []string{"noun", "item", "want"} {
						if s := reflect.StructTag(tag).Get(key); s != "" {
							found[s] = fset.Position(n.Pos()).String()
						}
					}
				}
				return true
			})
		}
	}
	return found
}

// constant is the value of a string literal, or of literals joined with +.
func constant(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		a, ok1 := constant(e.X)
		b, ok2 := constant(e.Y)
		return a + b, ok1 && ok2 && e.Op == token.ADD
	case *ast.ParenExpr:
		return constant(e.X)
	}
	return "", false
}

// Every problem a teacher's file can have is worded in every language, with the same
// verbs in the same order, so that no English is left on a German page and no
// translation mixes up its arguments.
func TestEveryProblemIsTranslated(t *testing.T) {
	found := formats(t)
	require.Greater(t, len(found), 150, "the walk finds the problems' formats")
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range found {
			if !yield(k) {
				return
			}
		}
	})
	for _, lang := range yamlfile.Languages() {
		var missing []string
		for _, en := range keys {
			if !yamlfile.NeedsWords(en) {
				continue
			}
			tr, ok := yamlfile.Translation(lang, en)
			if !ok {
				missing = append(missing, "- en: "+strconv.Quote(en)+"\n  de: \"\" # "+found[en])
				continue
			}
			assert.Equal(t, yamlfile.Verbs(en), yamlfile.Verbs(tr), "%s: %q → %q (%s)", lang, en, tr, found[en])
		}
		for _, k := range fault.Keys {
			_, ok := yamlfile.Translation(lang, "fault.error."+k)
			assert.True(t, ok, "%s: fault.error.%s", lang, k)
		}
		assert.Empty(t, missing, "problems.%s.yaml lacks:\n%s", lang, strings.Join(missing, "\n"))
	}
}

// A translation nobody asks for is left over from a message that changed: it is
// removed, so that translators do not keep text alive that no one sees.
func TestNoUnusedTranslation(t *testing.T) {
	found := formats(t)
	for _, k := range fault.Keys {
		found["fault.error."+k] = "fault.Keys"
	}
	for _, lang := range yamlfile.Languages() {
		for _, en := range yamlfile.Translated(lang) {
			_, ok := found[en]
			assert.True(t, ok, "problems.%s.yaml: %q is not a format of any problem", lang, en)
		}
	}
}
