package scanner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// summary is what a test checks of a module.
type summary struct {
	ID        string
	Scope     model.Scope
	Platforms string
	Replace   string
}

func summarize(g *model.Graph) []summary {
	var out []summary
	for _, m := range g.Modules {
		s := summary{ID: m.ID(), Scope: m.Scope, Platforms: strings.Join(m.Platforms, ",")}
		if m.Replace != nil {
			s.Replace = m.Replace.Path + "@" + m.Replace.Version
		}
		out = append(out, s)
	}
	return out
}

func linux(t *testing.T) []scanner.Platform { return plats(t, "linux/amd64") }

func plats(t *testing.T, list ...string) []scanner.Platform {
	var out []scanner.Platform
	for _, s := range list {
		p, err := scanner.ParsePlatform(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func TestLoad(t *testing.T) {
	const l = "linux/amd64"
	tests := []struct {
		name   string
		app    string
		opts   scanner.LoadOptions
		vendor bool
		want   []summary
		main   []string
	}{
		{
			name: "packages, host platform: no unused, test-only, windows-only or tag-only module",
			app:  "basic",
			want: []summary{
				{"example.com/apache@v1.2.0", "required", l, ""},
				{"example.com/major/v2@v2.1.0", "required", l, ""},
				{"example.com/mit@v1.0.0", "required", l, ""},
				{"example.com/pseudo@v0.0.0-20240101000000-abcdefabcdef", "required", l, ""},
			},
			main: []string{"example.com/app"},
		},
		{
			name: "tests add test-only modules with scope test",
			app:  "basic",
			opts: scanner.LoadOptions{Tests: true},
			want: []summary{
				{"example.com/apache@v1.2.0", "required", l, ""},
				{"example.com/major/v2@v2.1.0", "required", l, ""},
				{"example.com/mit@v1.0.0", "required", l, ""},
				{"example.com/pseudo@v0.0.0-20240101000000-abcdefabcdef", "required", l, ""},
				{"example.com/testonly@v1.0.0", "test", l, ""},
			},
		},
		{
			name: "several platforms: union, each module with its platforms",
			app:  "basic",
			opts: scanner.LoadOptions{Platforms: plats(t, "windows/amd64", "linux/amd64")},
			want: []summary{
				{"example.com/apache@v1.2.0", "required", "linux/amd64,windows/amd64", ""},
				{"example.com/major/v2@v2.1.0", "required", "linux/amd64,windows/amd64", ""},
				{"example.com/mit@v1.0.0", "required", "linux/amd64,windows/amd64", ""},
				{"example.com/pseudo@v0.0.0-20240101000000-abcdefabcdef", "required", "linux/amd64,windows/amd64", ""},
				{"example.com/winonly@v1.0.0", "required", "windows/amd64", ""},
			},
		},
		{
			name: "build tags",
			app:  "basic",
			opts: scanner.LoadOptions{Tags: []string{"foo"}},
			want: []summary{
				{"example.com/apache@v1.2.0", "required", l, ""},
				{"example.com/major/v2@v2.1.0", "required", l, ""},
				{"example.com/mit@v1.0.0", "required", l, ""},
				{"example.com/pseudo@v0.0.0-20240101000000-abcdefabcdef", "required", l, ""},
				{"example.com/tagged@v1.0.0", "required", l, ""},
			},
		},
		{
			name: "scope modules: the whole build list",
			app:  "basic",
			opts: scanner.LoadOptions{Mode: scanner.ModeModules},
			want: []summary{
				{"example.com/apache@v1.2.0", "required", l, ""},
				{"example.com/major/v2@v2.1.0", "required", l, ""},
				{"example.com/mit@v1.0.0", "required", l, ""},
				{"example.com/pseudo@v0.0.0-20240101000000-abcdefabcdef", "required", l, ""},
				{"example.com/tagged@v1.0.0", "required", l, ""},
				{"example.com/testonly@v1.0.0", "required", l, ""},
				{"example.com/unused@v1.0.0", "required", l, ""},
				{"example.com/winonly@v1.0.0", "required", l, ""},
			},
		},
		{
			name:   "vendor: read from vendor/",
			app:    "basic",
			vendor: true,
			want: []summary{
				{"example.com/apache@v1.2.0", "required", l, ""},
				{"example.com/major/v2@v2.1.0", "required", l, ""},
				{"example.com/mit@v1.0.0", "required", l, ""},
				{"example.com/pseudo@v0.0.0-20240101000000-abcdefabcdef", "required", l, ""},
			},
		},
		{
			name: "workspace: every use module is main, one result",
			app:  "workspace",
			want: []summary{
				{"example.com/docs@v1.0.0", "required", l, ""},
				{"example.com/mit@v1.0.0", "required", l, ""},
			},
			main: []string{"example.com/a", "example.com/b"},
		},
		{
			name: "replace to a directory and to another module",
			app:  "replacedir",
			want: []summary{
				{"example.com/local@v0.0.0", "required", l, "./third_party/local@"},
				{"example.com/mit@v1.0.0", "required", l, "example.com/dual@v1.0.0"},
			},
		},
		{
			name: "scope modules with replacements by a directory and by a module",
			app:  "replacedir",
			opts: scanner.LoadOptions{Mode: scanner.ModeModules},
			want: []summary{
				{"example.com/local@v0.0.0", "required", l, "./third_party/local@"},
				{"example.com/mit@v1.0.0", "required", l, "example.com/dual@v1.0.0"},
			},
		},
		{
			name: "scope modules in a workspace",
			app:  "workspace",
			opts: scanner.LoadOptions{Mode: scanner.ModeModules},
			want: []summary{
				{"example.com/docs@v1.0.0", "required", l, ""},
				{"example.com/mit@v1.0.0", "required", l, ""},
			},
			main: []string{"example.com/a", "example.com/b"},
		},
		{
			name: "+incompatible version",
			app:  "incompat",
			want: []summary{{"example.com/incompat@v3.0.0+incompatible", "required", l, ""}},
		},
		{
			name: "nested module: not part of ./...",
			app:  "nested",
			want: []summary{{"example.com/mit@v1.0.0", "required", l, ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, env := fixture.App(t, tt.app, true)
			if tt.vendor {
				fixture.Go(t, dir, env, "mod", "vendor")
			}
			before := fixture.Snapshot(t, dir)
			beforeCache := fixture.SnapshotCache(t, env)
			opts := tt.opts
			opts.Dir, opts.Env = dir, env
			if opts.Platforms == nil {
				opts.Platforms = linux(t)
			}
			g, err := scanner.Load(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarize(g)); diff != "" {
				t.Errorf("modules (-want +got):\n%s", diff)
			}
			if tt.main != nil {
				var got []string
				for _, m := range g.Main {
					got = append(got, m.Path)
				}
				if diff := cmp.Diff(tt.main, got); diff != "" {
					t.Errorf("main modules (-want +got):\n%s", diff)
				}
			}
			for _, m := range g.Modules {
				if m.Dir == "" {
					t.Errorf("%s: no source directory", m.ID())
				} else if _, err := os.Stat(m.Dir); err != nil {
					t.Errorf("%s: %v", m.ID(), err)
				}
				if r := m.Replace; r != nil && r.Version != "" && !tt.vendor && !strings.Contains(filepath.ToSlash(m.Dir), r.Path+"@"+r.Version) {
					t.Errorf("%s: Dir %s is not the replacement's", m.ID(), m.Dir)
				}
				if tt.vendor && !strings.Contains(m.Dir, string(filepath.Separator)+"vendor"+string(filepath.Separator)) {
					t.Errorf("%s: Dir %s is not under vendor/", m.ID(), m.Dir)
				}
			}
			if diff := cmp.Diff(before, fixture.Snapshot(t, dir)); diff != "" {
				t.Errorf("the scan changed go.mod, go.sum or vendor/ (-before +after):\n%s", diff)
			}
			if tt.opts.Mode != scanner.ModeModules { // scope modules may download sources
				if ch := fixture.CacheChanges(beforeCache, fixture.SnapshotCache(t, env)); len(ch) > 0 {
					t.Errorf("the scan changed the module cache: %v", ch)
				}
			}
		})
	}
}

func TestLoadViaAndPackages(t *testing.T) {
	dir, env := fixture.App(t, "basic", true)
	g, err := scanner.Load(context.Background(), scanner.LoadOptions{Dir: dir, Env: env, Platforms: linux(t), Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		// internal/greet is itself a matched package: the chain starts there.
		"example.com/mit":      {"example.com/app/internal/greet", "example.com/apache", "example.com/mit"},
		"example.com/apache":   {"example.com/app/internal/greet", "example.com/apache"},
		"example.com/testonly": {"example.com/app", "example.com/testonly"},
	}
	for _, m := range g.Modules {
		if w, ok := want[m.Path]; ok {
			if diff := cmp.Diff(w, m.Via); diff != "" {
				t.Errorf("%s via (-want +got):\n%s", m.Path, diff)
			}
		}
		if m.Path == "example.com/mit" {
			if diff := cmp.Diff([]string{"example.com/mit"}, m.Packages); diff != "" {
				t.Errorf("mit packages (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(m.Sum, "h1:") {
				t.Errorf("mit: go.sum hash %q, want h1:...", m.Sum)
			}
		}
	}
	if diff := cmp.Diff([]string{"example.com/apache", "example.com/major/v2", "example.com/pseudo", "example.com/testonly"}, g.Deps["example.com/app"]); diff != "" {
		t.Errorf("module edges of the main module (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"example.com/mit"}, g.Deps["example.com/apache"]); diff != "" {
		t.Errorf("module edges of apache (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(t *testing.T) (dir string, env []string)
		opts     scanner.LoadOptions
		wantErr  []string
		wantType any
	}{
		{
			name: "not a Go module",
			setup: func(t *testing.T) (string, []string) {
				d := t.TempDir()
				return d, fixture.Env(t, d)
			},
			wantErr: []string{"not inside a Go module", "go mod init"},
		},
		{
			name: "missing go.sum lines",
			setup: func(t *testing.T) (string, []string) {
				return fixture.App(t, "clean", false)
			},
			wantErr: []string{"missing go.sum entry", "go mod download"},
		},
		{
			name: "scope modules, go.sum without the module's h1: line, empty module cache",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				dropSumLines(t, filepath.Join(dir, "go.sum"), "example.com/apache v1.2.0 h1:")
				return dir, append(env, "GOMODCACHE="+filepath.Join(t.TempDir(), "modcache"))
			},
			opts:    scanner.LoadOptions{Mode: scanner.ModeModules},
			wantErr: []string{"go.sum: missing go.sum entry for example.com/apache v1.2.0", "checksum database is off"},
		},
		{
			name: "scope modules, go.sum without the module's h1: line, module cached",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				dropSumLines(t, filepath.Join(dir, "go.sum"), "example.com/apache v1.2.0 h1:")
				return dir, env
			},
			opts:    scanner.LoadOptions{Mode: scanner.ModeModules},
			wantErr: []string{"missing go.sum entry for example.com/apache v1.2.0"},
		},
		{
			name: "scope modules, tampered h1: line, module cached",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				tamperSum(t, filepath.Join(dir, "go.sum"), "example.com/apache v1.2.0 h1:")
				return dir, env
			},
			opts:    scanner.LoadOptions{Mode: scanner.ModeModules},
			wantErr: []string{"example.com/apache@v1.2.0: checksum mismatch"},
		},
		{
			name: "scope modules, tampered h1: line, empty module cache",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				tamperSum(t, filepath.Join(dir, "go.sum"), "example.com/apache v1.2.0 h1:")
				return dir, append(env, "GOMODCACHE="+filepath.Join(t.TempDir(), "modcache"))
			},
			opts:    scanner.LoadOptions{Mode: scanner.ModeModules},
			wantErr: []string{"example.com/apache@v1.2.0: checksum mismatch"},
		},
		{
			name: "workspace whose module lacks go.sum lines",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "workspace", true)
				for _, m := range []string{"a", "b"} {
					if err := os.Remove(filepath.Join(dir, m, "go.sum")); err != nil {
						t.Fatal(err)
					}
				}
				return dir, append(env, "GOMODCACHE="+filepath.Join(t.TempDir(), "modcache"))
			},
			wantErr: []string{"missing go.sum entry for example.com/docs v1.0.0, example.com/docs v1.0.0/go.mod, example.com/mit v1.0.0", "would add them to", "go.work.sum"},
		},
		{
			name: "workspace whose module lacks go.sum lines, scope modules",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "workspace", true)
				if err := os.Remove(filepath.Join(dir, "b", "go.sum")); err != nil {
					t.Fatal(err)
				}
				return dir, env
			},
			opts:    scanner.LoadOptions{Mode: scanner.ModeModules},
			wantErr: []string{"missing go.sum entry for example.com/docs v1.0.0"},
		},
		{
			name: "offline with an empty module cache",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				fresh := t.TempDir()
				return dir, append(env, "GOMODCACHE="+filepath.Join(fresh, "modcache"))
			},
			opts:    scanner.LoadOptions{Offline: true},
			wantErr: []string{"go mod download"},
		},
		{
			name: "patterns match nothing",
			setup: func(t *testing.T) (string, []string) {
				return fixture.App(t, "clean", true)
			},
			opts:     scanner.LoadOptions{Patterns: []string{"./nothing/..."}},
			wantErr:  []string{"pattern ./nothing/...", "check the package patterns"},
			wantType: &scanner.UsageError{},
		},
		{
			name: "pattern that looks like a flag",
			setup: func(t *testing.T) (string, []string) {
				return fixture.App(t, "clean", true)
			},
			opts:     scanner.LoadOptions{Patterns: []string{"-toolexec=evil"}},
			wantErr:  []string{"starts with '-'"},
			wantType: &scanner.UsageError{},
		},
		{
			name: "malformed go.mod",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.21\n\nrequire example.com/apache\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return dir, env
			},
			wantErr: []string{"go.mod:5", "fix go.mod"},
		},
		{
			name: "go.mod needs a newer Go",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.99\n\nrequire example.com/apache v1.2.0\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return dir, env
			},
			wantErr: []string{"requires go >= 1.99", "install the Go version"},
		},
		{
			name: "go.work uses a directory without go.mod",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				if err := os.WriteFile(filepath.Join(dir, "go.work"), []byte("go 1.21\n\nuse .\nuse ./missing\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return dir, env
			},
			wantErr: []string{"listed in go.work", "fix go.work at the use or replace directive"},
		},
		{
			name: "a pattern naming a directory without Go files",
			setup: func(t *testing.T) (string, []string) {
				dir, env := fixture.App(t, "clean", true)
				if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
					t.Fatal(err)
				}
				return dir, env
			},
			opts:     scanner.LoadOptions{Patterns: []string{"./docs"}},
			wantErr:  []string{"no Go files in", "check the package patterns"},
			wantType: &scanner.UsageError{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, env := tt.setup(t)
			before := fixture.Snapshot(t, dir)
			opts := tt.opts
			opts.Dir, opts.Env, opts.Platforms = dir, env, linux(t)
			_, err := scanner.Load(context.Background(), opts)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			switch tt.wantType.(type) {
			case *scanner.UsageError:
				var ue *scanner.UsageError
				if !errors.As(err, &ue) {
					t.Errorf("error %T, want *scanner.UsageError", err)
				}
			default:
				var ge *scanner.GoCommandError
				if !errors.As(err, &ge) {
					t.Errorf("error %T, want *scanner.GoCommandError", err)
				}
			}
			if diff := cmp.Diff(before, fixture.Snapshot(t, dir)); diff != "" {
				t.Errorf("go.mod or go.sum changed (-before +after):\n%s", diff)
			}
		})
	}
}

// dropSumLines removes the lines starting with prefix from a go.sum file.
func dropSumLines(t *testing.T, file, prefix string) {
	t.Helper()
	editSum(t, file, prefix, func(string) string { return "" })
}

// tamperSum replaces the hash of the line starting with prefix.
func tamperSum(t *testing.T, file, prefix string) {
	t.Helper()
	editSum(t, file, prefix, func(string) string { return prefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n" })
}

func editSum(t *testing.T, file, prefix string, edit func(string) string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	found := false
	for _, l := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(l, prefix) {
			found = true
			l = edit(l)
		}
		out.WriteString(l)
	}
	if !found {
		t.Fatalf("%s: no line starts with %q", file, prefix)
	}
	if err := os.WriteFile(file, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestParseVendorModules(t *testing.T) {
	data := []byte("# example.com/a v1.0.0\n## explicit; go 1.21\nexample.com/a\nexample.com/a/sub\n# example.com/b v1.2.0 => example.com/c v1.3.0\n## explicit\nexample.com/b\n# example.com/d => ../d\n# example.com/e v0.0.0 => ./e\nexample.com/e\n")
	got, err := scanner.ParseVendorModules("vendor/modules.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []scanner.VendorModule{
		{Path: "example.com/a", Version: "v1.0.0", Packages: []string{"example.com/a", "example.com/a/sub"}},
		{Path: "example.com/b", Version: "v1.2.0", Replace: &model.Replacement{Path: "example.com/c", Version: "v1.3.0"}, Packages: []string{"example.com/b"}},
		{Path: "example.com/e", Version: "v0.0.0", Replace: &model.Replacement{Path: "./e"}, Packages: []string{"example.com/e"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, bad := range []struct{ in, want string }{
		{"# \n", "modules.txt:1: empty module line"},
		{"example.com/x\n", "modules.txt:1: package \"example.com/x\" before any module line"},
		{"# example.com/a notaversion\n", "modules.txt:1: invalid version"},
		{"# ex ample v1.0.0 x\n", "modules.txt:1: malformed module line"},
	} {
		_, err := scanner.ParseVendorModules("vendor/modules.txt", []byte(bad.in))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseVendorModules(%q) = %v, want error containing %q", bad.in, err, bad.want)
		}
	}
}

func FuzzParseVendorModules(f *testing.F) {
	f.Add([]byte("# example.com/a v1.0.0\n## explicit\nexample.com/a\n"))
	f.Add([]byte("# example.com/b v1.2.0 => ../b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		mods, err := scanner.ParseVendorModules("modules.txt", data)
		if err == nil {
			for _, m := range mods {
				if m.Path == "" || m.Version == "" {
					t.Fatalf("module without path or version: %+v", m)
				}
			}
		}
	})
}
