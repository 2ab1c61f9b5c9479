package license

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"testing"
)

// classifierFiles are the files whose package-level tables and thresholds
// decide a classification; notTables are their declarations that are not
// in tables, with the reason.
var (
	classifierFiles = []string{"classify.go", "files.go", "fs.go", "module.go", "patterns.go", "extra.go", "spdx_gen.go"}
	notTables       = map[string]string{
		"RoleLicense":       "a label of FileRole's answer",
		"RoleDocs":          "a label of FileRole's answer",
		"RoleNotice":        "a label of FileRole's answer",
		"RoleExtra":         "a label of FileRole's answer",
		"RoleThirdParty":    "a label of FileRole's answer",
		"generatedLicenses": "generated patterns (4.4 MB): pinned by the build's identity, or PatternsHash",
	}
)

// TestTables fails when a classifier table or threshold can change while
// TablesHash does not: every package-level var and const of the
// classifier's files must be read by currentTables (or be listed in
// notTables with a reason), and changing any field of tables must change
// the hash.
func TestTables(t *testing.T) {
	fset := token.NewFileSet()
	read := map[string]bool{}
	af, err := parser.ParseFile(fset, "tables.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range af.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "currentTables" {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					read[id.Name] = true
				}
				return true
			})
		}
	}
	if len(read) == 0 {
		t.Fatal("currentTables not found in tables.go")
	}
	for _, file := range classifierFiles {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || (g.Tok != token.VAR && g.Tok != token.CONST) {
				continue
			}
			for _, sp := range g.Specs {
				for _, n := range sp.(*ast.ValueSpec).Names {
					if !read[n.Name] && notTables[n.Name] == "" {
						t.Errorf("%s: %s %s is not in the classifier's tables: add it to tables (tables.go), or to notTables with the reason it cannot change an answer", file, g.Tok, n.Name)
					}
				}
			}
		}
	}

	// Changing any field changes the fingerprint.
	base := currentTables()
	want := base.hash()
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		changed := currentTables()
		f := reflect.ValueOf(&changed).Elem().Field(i)
		switch f.Kind() {
		case reflect.Float64:
			f.SetFloat(f.Float() + 1)
		case reflect.Int, reflect.Int64:
			f.SetInt(f.Int() + 1)
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Map:
			m := reflect.MakeMap(f.Type())
			for _, k := range f.MapKeys() {
				m.SetMapIndex(k, f.MapIndex(k))
			}
			m.SetMapIndex(reflect.ValueOf("an-id-added"), reflect.Zero(f.Type().Elem()))
			f.Set(m)
		case reflect.Slice:
			f.Set(reflect.Append(f.Slice(0, f.Len()), reflect.Zero(f.Type().Elem())))
		default:
			t.Fatalf("field %s: kind %s not covered by this test", v.Type().Field(i).Name, f.Kind())
		}
		if changed.hash() == want {
			t.Errorf("changing %s leaves the fingerprint unchanged", v.Type().Field(i).Name)
		}
	}
	if TablesHash() != want {
		t.Error("TablesHash is not the hash of the current tables")
	}
}
