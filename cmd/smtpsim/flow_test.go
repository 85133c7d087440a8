package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codeRef is a reference to code in docs/flow.md: `sim/world/mta.go:host.enqueue`.
var codeRef = regexp.MustCompile("`([a-z0-9_/]+\\.go):([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?)`")

// declared lists what a Go file declares: functions and types as "Name", methods,
// struct fields and interface methods as "Type.Name".
func declared(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	require.NoError(t, err)
	names := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				names[d.Name.Name] = true
				continue
			}
			typ := d.Recv.List[0].Type
			if s, ok := typ.(*ast.StarExpr); ok {
				typ = s.X
			}
			switch x := typ.(type) {
			case *ast.IndexExpr:
				typ = x.X
			case *ast.IndexListExpr:
				typ = x.X
			}
			if id, ok := typ.(*ast.Ident); ok {
				names[id.Name+"."+d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					names[s.Name.Name] = true
					var fields *ast.FieldList
					switch x := s.Type.(type) {
					case *ast.StructType:
						fields = x.Fields
					case *ast.InterfaceType:
						fields = x.Methods
					}
					if fields != nil {
						for _, fl := range fields.List {
							for _, n := range fl.Names {
								names[s.Name.Name+"."+n.Name] = true
							}
						}
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names[n.Name] = true
					}
				}
			}
		}
	}
	return names
}

// TestFlowMatchesTheCode: every `file.go:Name` docs/flow.md names is declared in that
// file, so the walk through the code stays true as the code changes.
func TestFlowMatchesTheCode(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "docs", "flow.md"))
	require.NoError(t, err)
	refs := codeRef.FindAllStringSubmatch(string(src), -1)
	require.Greater(t, len(refs), 50, "docs/flow.md names the code it walks through")
	files := map[string]map[string]bool{}
	for _, r := range refs {
		path, name := r[1], r[2]
		if files[path] == nil {
			full := filepath.Join(repoRoot, filepath.FromSlash(path))
			if _, err := os.Stat(full); !assert.NoError(t, err, "docs/flow.md names %s", path) {
				continue
			}
			files[path] = declared(t, full)
		}
		assert.True(t, files[path][name], "docs/flow.md: %s declares no %s", path, strings.TrimSpace(name))
	}
}
