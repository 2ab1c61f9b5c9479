package scanner

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestGraphBuilder checks the via/scope rule on package graphs given as
// go list reports them, without the go command: a module is required when
// shipped code reaches it, test-only otherwise; Via is the shortest chain,
// from shipped code when there is one (even if a test chain was found
// first, on another platform); packages and platforms are collected, and
// the module edges follow the imports.
func TestGraphBuilder(t *testing.T) {
	mod := func(path string) *listModule { return &listModule{Path: path, Version: "v1.0.0"} }
	main := &listModule{Path: "example.com/app", Main: true}
	pkg := func(path string, m *listModule, imports ...string) *listPackage {
		return &listPackage{ImportPath: path, Module: m, Imports: imports, DepOnly: m != main}
	}
	app := pkg("example.com/app", main, "a.com/x/p", "fmt")
	app.DepOnly = false
	appTest := pkg("example.com/app [example.com/app.test]", main, "a.com/x/p", "c.com/t")
	appTest.DepOnly, appTest.ForTest = false, "example.com/app"
	std := &listPackage{ImportPath: "fmt", Standard: true, DepOnly: true}
	ax, by, ct := mod("a.com/x"), mod("b.com/y"), mod("c.com/t")
	linux := []*listPackage{
		app, appTest, std,
		pkg("a.com/x/p", ax, "b.com/y", "fmt"),
		pkg("b.com/y", by),
		pkg("c.com/t", ct, "b.com/y"),
	}
	// On windows, the app itself needs c.com/t, through a.com/x/win.
	winApp := pkg("example.com/app", main, "a.com/x/win")
	winApp.DepOnly = false
	windows := []*listPackage{winApp, pkg("a.com/x/win", ax, "c.com/t"), pkg("c.com/t", ct)}

	tests := []struct {
		name  string
		plats map[string][]*listPackage
		want  map[string]model.Module
		deps  map[string][]string
	}{
		{"one platform", map[string][]*listPackage{"linux/amd64": linux},
			map[string]model.Module{
				"a.com/x": {Scope: model.ScopeRequired, Via: []string{"example.com/app", "a.com/x/p"}, Packages: []string{"a.com/x/p"}, Platforms: []string{"linux/amd64"}},
				"b.com/y": {Scope: model.ScopeRequired, Via: []string{"example.com/app", "a.com/x/p", "b.com/y"}, Packages: []string{"b.com/y"}, Platforms: []string{"linux/amd64"}},
				"c.com/t": {Scope: model.ScopeTest, Via: []string{"example.com/app", "c.com/t"}, Packages: []string{"c.com/t"}, Platforms: []string{"linux/amd64"}},
			},
			map[string][]string{"a.com/x": {"b.com/y"}, "c.com/t": {"b.com/y"}, "example.com/app": {"a.com/x", "c.com/t"}}},
		{"shipped on another platform", map[string][]*listPackage{"linux/amd64": linux, "windows/amd64": windows},
			map[string]model.Module{
				"a.com/x": {Scope: model.ScopeRequired, Via: []string{"example.com/app", "a.com/x/p"}, Packages: []string{"a.com/x/p", "a.com/x/win"}, Platforms: []string{"linux/amd64", "windows/amd64"}},
				"b.com/y": {Scope: model.ScopeRequired, Via: []string{"example.com/app", "a.com/x/p", "b.com/y"}, Packages: []string{"b.com/y"}, Platforms: []string{"linux/amd64"}},
				"c.com/t": {Scope: model.ScopeRequired, Via: []string{"example.com/app", "a.com/x/win", "c.com/t"}, Packages: []string{"c.com/t"}, Platforms: []string{"linux/amd64", "windows/amd64"}},
			},
			map[string][]string{"a.com/x": {"b.com/y", "c.com/t"}, "c.com/t": {"b.com/y"}, "example.com/app": {"a.com/x", "c.com/t"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newGraphBuilder(func(lm *listModule) *model.Module { return &model.Module{Path: lm.Path, Version: lm.Version} })
			b.isMain["example.com/app"] = true
			plats := make([]string, 0, len(tt.plats))
			for p := range tt.plats {
				plats = append(plats, p)
			}
			sort.Strings(plats)
			matched := 0
			for _, p := range plats {
				matched += b.addPlatform(p, tt.plats[p])
			}
			if matched == 0 {
				t.Fatal("no package matched")
			}
			got := map[string]model.Module{}
			for _, m := range b.modules() {
				got[m.Path] = model.Module{Scope: m.Scope, Via: m.Via, Packages: m.Packages, Platforms: m.Platforms}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("modules (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.deps, b.deps()); diff != "" {
				t.Errorf("deps (-want +got):\n%s", diff)
			}
		})
	}
}
