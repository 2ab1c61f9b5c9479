package scanner

import (
	"bytes"
	"context"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/scanner/deep"
)

// TestDeepAhead: the files the ahead scan read while the graph loaded
// give DeepScan the results it would have read itself, with and without
// cgo (which changes the files linked), and DeepScan takes every linked
// file of the module version from it.
func TestDeepAhead(t *testing.T) {
	for _, cgo := range []string{"0", "1"} {
		t.Run("CGO_ENABLED="+cgo, func(t *testing.T) {
			dir, env := fixture.App(t, "deepmix", true)
			env = append(env, "CGO_ENABLED="+cgo) // the last one counts
			want, _ := loadDeepScan(t, dir, env, false, true)
			got, d := loadDeepScan(t, dir, env, true, true)
			if diff := cmp.Diff(graphJSON(t, want), graphJSON(t, got)); diff != "" {
				t.Errorf("graph differs (-read by DeepScan +read ahead):\n%s", diff)
			}
			if diff := cmp.Diff(deepsByPath(want), deepsByPath(got)); diff != "" {
				t.Errorf("deep results differ (-read by DeepScan +read ahead):\n%s", diff)
			}
			m := moduleOf(t, got, "example.com/deepmix")
			if m.Deep == nil {
				t.Fatal("no deep result for example.com/deepmix")
			}
			// Every file read: the linked files and the copied README
			// (and the README.latin1 that cannot be decoded).
			if n := d.aheadTaken.Load(); n != int64(m.Deep.Read) || n == 0 {
				t.Errorf("%d files taken from the ahead scan, %d read", n, m.Deep.Read)
			}
			if cgo == "1" && !slices.Contains(m.Linked, "cgo/answer.c") || cgo == "0" && slices.Contains(m.Linked, "cgo/answer.c") {
				t.Errorf("linked files %v with CGO_ENABLED=%s", m.Linked, cgo)
			}
		})
	}
}

// TestDeepAheadNotUsed: DeepScan takes no ahead result for a module whose
// files may change (a replacement directory), nor for a file its
// listing does not show as regular; the ahead scan follows no module
// outside the module cache.
func TestDeepAheadNotUsed(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "x", "a.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.go", filepath.Join(root, "x", "b.go")); err != nil {
		t.Skip("no symlinks:", err)
	}
	planted := aheadResult{found: []model.FileLicense{{File: "x/a.go", License: "GPL-3.0-only", Kind: "tag", Line: 1}}}
	pre := map[string]aheadResult{"x/a.go": planted, "x/b.go": planted}
	for _, tt := range []struct {
		name  string
		m     *model.Module
		taken int64
	}{
		{"replacement directory", &model.Module{Path: "example.com/m", Dir: root, Replace: &model.Replacement{Path: "../m"}, Linked: []string{"x/a.go", "x/b.go"}}, 0},
		{"version", &model.Module{Path: "example.com/m", Version: "v1.0.0", Sum: "h1:x", Dir: root, Linked: []string{"x/a.go", "x/b.go"}}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDetector()
			d.keepAhead(&deepAhead{results: map[string]map[string]aheadResult{root: pre}}, []*model.Module{tt.m})
			if err := d.DeepScan(context.Background(), []*model.Module{tt.m}, 1); err != nil {
				t.Fatal(err)
			}
			if n := d.aheadTaken.Load(); n != tt.taken {
				t.Errorf("%d results taken, want %d", n, tt.taken)
			}
			var tags []string
			for _, f := range tt.m.Deep.Files {
				tags = append(tags, f.File+" "+f.License)
			}
			// The symlink b.go is read by DeepScan (a plain file saying
			// nothing): only a.go's planted result may show.
			if want := int(tt.taken); len(tags) != want {
				t.Errorf("statements %v, want %d planted", tags, want)
			}
		})
	}
	a := &deepAhead{modcache: filepath.Join(root, "modcache") + string(filepath.Separator), mods: map[string]string{}}
	a.require("example.com/app", map[string]string{
		"example.com/v":     filepath.Join(root, "modcache", "example.com", "v@v1.0.0"),
		"example.com/local": filepath.Join(root, "local"),
		"example.com/trick": filepath.Join(root, "modcache-other", "x@v1.0.0"),
	})
	if got, want := slices.Sorted(maps.Keys(a.mods)), []string{"example.com/v"}; !slices.Equal(got, want) {
		t.Errorf("modules followed %v, want %v", got, want)
	}
}

// TestDeepAheadHalts: a halted ahead scan returns at once, whatever is
// queued.
func TestDeepAheadHalts(t *testing.T) {
	a := testAhead(nil)
	for i := range 1000 {
		a.queue = append(a.queue, aheadDir{root: t.TempDir(), rel: strconv.Itoa(i), record: true})
	}
	a.halt()
	a.run()
	if len(a.queue) != 1000 || a.files != 0 {
		t.Errorf("after halt: %d queued, %d files scanned", len(a.queue), a.files)
	}
}

// TestReadBuildHeader checks the build constraints and imports read from
// the top of source files.
func TestReadBuildHeader(t *testing.T) {
	linux := newAheadPlatform(Platform{GOOS: "linux", GOARCH: "amd64"}, true, nil)
	nocgo := newAheadPlatform(Platform{GOOS: "linux", GOARCH: "amd64"}, false, nil)
	windows := newAheadPlatform(Platform{GOOS: "windows", GOARCH: "arm64"}, false, []string{"custom"})
	for _, tt := range []struct {
		name, src string
		goFile    bool
		imports   []string
		cgo       bool
		builds    [3]bool // linux with cgo, linux without, windows with tag custom
	}{
		{"plain", "package x\n", true, nil, false, [3]bool{true, true, true}},
		{"one import", "// Copyright\n\npackage x\n\nimport \"a.b/c\"\n", true, []string{"a.b/c"}, false, [3]bool{true, true, true}},
		{"grouped, named, dot, blank, semicolons", "package x; import (\n\tf \"a.b/f\"\n\t. \"a.b/dot\"; _ \"a.b/blank\"\n\t// comment\n\t\"fmt\" /* c */\n)\nimport `raw.io/r`\nfunc F() {}\nimport \"not.an/import\"\n",
			true, []string{"a.b/f", "a.b/dot", "a.b/blank", "fmt", "raw.io/r"}, false, [3]bool{true, true, true}},
		{"cgo", "package x\n\n// int f(void);\nimport \"C\"\nimport \"a.b/c\"\n", true, []string{"a.b/c"}, true, [3]bool{true, false, false}},
		{"go:build", "// Copyright\n\n//go:build linux && !cgo\n\npackage x\n", true, nil, false, [3]bool{false, true, false}},
		{"go:build after a block comment", "/* Copyright\n   2024 */\n//go:build windows || custom\n\npackage x\n", true, nil, false, [3]bool{false, false, true}},
		{"+build lines", "// +build linux darwin\n// +build amd64\n\npackage x\n", true, nil, false, [3]bool{true, true, false}},
		{"go:build wins over +build", "//go:build windows\n// +build linux\n\npackage x\n", true, nil, false, [3]bool{false, false, true}},
		{"release tag", "//go:build go1.1\n\npackage x\n", true, nil, false, [3]bool{true, true, true}},
		{"unix", "//go:build unix\n\npackage x\n", true, nil, false, [3]bool{true, true, false}},
		{"two go:build lines", "//go:build linux\n//go:build amd64\n\npackage x\n", true, nil, false, [3]bool{false, false, false}},
		{"bad go:build", "//go:build linux &&\n\npackage x\n", true, nil, false, [3]bool{false, false, false}},
		{"constraint below the package clause", "package x\n\n//go:build never\n", true, nil, false, [3]bool{true, true, true}},
		{"C file", "// +build ignore\n\nint f(void);\n", false, nil, false, [3]bool{false, false, false}},
		{"unterminated comment", "/* never ends", true, nil, false, [3]bool{true, true, true}},
		{"escape in path", "package x\nimport \"a\\x2fb\"\n", true, nil, false, [3]bool{true, true, true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := readBuildHeader([]byte(tt.src), tt.goFile)
			var imports []string
			for _, ip := range h.imports {
				imports = append(imports, string(ip))
			}
			if !slices.Equal(imports, tt.imports) || h.cgo != tt.cgo {
				t.Errorf("imports %q cgo %v, want %q %v", imports, h.cgo, tt.imports, tt.cgo)
			}
			got := [3]bool{h.builds(linux), h.builds(nocgo), h.builds(windows)}
			if got != tt.builds {
				t.Errorf("builds (linux cgo, linux, windows custom) = %v, want %v", got, tt.builds)
			}
		})
	}
}

// TestAheadGoodName checks file-name platform suffixes against go/build's
// reading of them.
func TestAheadGoodName(t *testing.T) {
	for _, p := range []Platform{{"linux", "amd64"}, {"android", "arm64"}, {"windows", "386"}, {"illumos", "amd64"}, {"ios", "arm64"}} {
		ctx := build.Default
		ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = p.GOOS, p.GOARCH, false
		ctx.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("package x\n")), nil }
		ap := newAheadPlatform(p, false, nil)
		for _, name := range []string{
			"a.go", "a_linux.go", "a_amd64.go", "a_linux_amd64.go", "a_linux_arm64.go", "a_android.go", "a_windows.go",
			"a_windows_386.go", "a_solaris.go", "a_darwin.go", "a_unix.go", "linux.go", "a_test_linux.go", "x_foo_linux.go",
			"a_linux.s", "a_arm64.c", "a_linux_amd64_test.go", "a.b_linux.go",
		} {
			want, err := ctx.MatchFile(".", name)
			if err != nil {
				t.Fatal(err)
			}
			if got := ap.goodName(name); got != want && !strings.HasSuffix(name, "_test.go") {
				t.Errorf("%s: %s: goodName %v, go/build %v", p, name, got, want)
			}
		}
	}
}

// FuzzReadBuildHeader: the reader never fails, and never reports an
// import that go/parser does not see in a file it parses.
func FuzzReadBuildHeader(f *testing.F) {
	for _, s := range []string{
		"package x\n",
		"//go:build linux\n\npackage x\n\nimport (\n\t\"a.b/c\"\n\tf \"d.e/f\"\n)\n",
		"package x; import \"C\"; import . `g.h/i`",
		"/* x */ package x /* y */ import _ \"j.k/l\"\n",
		"// +build a,!b c\n\npackage x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h := readBuildHeader(data, true)
		if h.expr == nil && h.bad {
			return
		}
		for _, ip := range h.imports {
			if len(ip) == 0 || !bytes.Contains(data, ip) {
				t.Fatalf("import %q is not in the file", ip)
			}
		}
		pf, err := parser.ParseFile(token.NewFileSet(), "x.go", data, parser.ImportsOnly)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, is := range pf.Imports {
			if p, err := strconv.Unquote(is.Path.Value); err == nil {
				seen[p] = true
			}
		}
		for _, ip := range h.imports {
			if !seen[string(ip)] {
				t.Fatalf("import %q that go/parser does not see (it sees %v)", ip, seen)
			}
		}
	})
}

// TestDeepAheadTakeWhileRunning: the results taken from a read-ahead that
// is still running are not changed by it afterwards, and it stops
// recording (run with -race).
func TestDeepAheadTakeWhileRunning(t *testing.T) {
	root := t.TempDir()
	a := testAhead(&listCache{})
	for i := range 300 {
		rel := "p" + strconv.Itoa(i)
		if err := os.MkdirAll(filepath.Join(root, rel), 0o755); err != nil {
			t.Fatal(err)
		}
		src := "// SPDX-License-Identifier: MIT\n\npackage p\n"
		if err := os.WriteFile(filepath.Join(root, rel, "p.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		a.queue = append(a.queue, aheadDir{root: root, rel: rel, record: true})
	}
	go func() {
		defer close(a.done)
		a.run()
	}()
	for {
		a.mu.Lock()
		n := len(a.results[root])
		a.mu.Unlock()
		if n > 0 {
			break
		}
		runtime.Gosched()
	}
	got := a.take()
	n := len(got[root])
	// A file whose scan was under way when the results were taken.
	if a.record(root, "late/late.go", aheadResult{}) {
		t.Error("a result was recorded after the results were taken")
	}
	<-a.done
	if len(got[root]) != n {
		t.Errorf("the taken results changed from %d to %d files", n, len(got[root]))
	}
	if n == 0 || a.files != n {
		t.Errorf("%d files taken, %d recorded", n, a.files)
	}
	if r := got[root]["p0/p.go"]; len(r.found) != 1 || r.found[0].License != "MIT" {
		t.Errorf("p0/p.go: %+v", r)
	}
}

// TestCgoDefault checks the read-ahead's guess of cgo against cmd/go's
// rules.
func TestCgoDefault(t *testing.T) {
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, defaultCC()), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	host := Platform{runtime.GOOS, runtime.GOARCH}
	other := Platform{"plan9", "386"}
	for _, tt := range []struct {
		name string
		env  []string
		p    Platform
		want bool
	}{
		{"CGO_ENABLED=1", []string{"CGO_ENABLED=1", "PATH="}, other, true},
		{"CGO_ENABLED=0", []string{"CGO_ENABLED=0", "PATH=" + bin}, host, false},
		{"the last CGO_ENABLED", []string{"CGO_ENABLED=0", "CGO_ENABLED=1"}, host, true},
		{"another platform", []string{"PATH=" + bin}, other, false},
		{"CC set", []string{"CC=/opt/cc", "PATH="}, host, true},
		{"compiler on PATH", []string{"PATH=" + bin}, host, true},
		{"no compiler", []string{"PATH=" + t.TempDir()}, host, false},
	} {
		if got := cgoDefault(tt.env, tt.p); got != tt.want {
			t.Errorf("%s: cgoDefault = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestAheadFollow: imports are followed into the main module (whatever its
// path), into the longest required module path, and not into the
// standard library or modules go.mod does not name.
func TestAheadFollow(t *testing.T) {
	for _, mainPath := range []string{"example.com/app", "app"} {
		a := &deepAhead{
			mainPath: mainPath, mainDir: "/main", seen: map[string]bool{}, complete: map[string]bool{},
			// A module nested in the main module's path, required from
			// the module cache, holds its packages.
			mods:      map[string]string{"example.com/m": "/mc/m@v1", "example.com/m/sub": "/mc/sub@v1", mainPath + "/nested": "/mc/nested@v1"},
			extracted: func(string) bool { return true },
		}
		for _, ip := range []string{mainPath + "/lib", "fmt", "C", "example.com/m/x", "example.com/m/sub/y", "example.com/other/z", "example.com/m/../evil", mainPath + "/lib", mainPath + "/nested/n", mainPath + "/nestedx"} {
			a.follow(ip)
		}
		want := []aheadDir{
			{root: "/main", rel: "lib"}, {root: "/mc/m@v1", rel: "x", record: true}, {root: "/mc/sub@v1", rel: "y", record: true},
			{root: "/mc/nested@v1", rel: "n", record: true}, {root: "/main", rel: "nestedx"},
		}
		if diff := cmp.Diff(want, a.queue, cmp.AllowUnexported(aheadDir{})); diff != "" {
			t.Errorf("main module %s: queue (-want +got):\n%s", mainPath, diff)
		}
	}
}

// testAhead returns a read-ahead for linux/amd64 without cgo, with
// listings lists (nil for none), as newDeepAhead would make one, to be
// fed directories by hand.
func testAhead(lists *listCache) *deepAhead {
	return &deepAhead{
		sc: &deep.Scanner{}, lists: lists, plats: []aheadPlatform{newAheadPlatform(Platform{GOOS: "linux", GOARCH: "amd64"}, false, nil)},
		seen: map[string]bool{}, followed: map[string]bool{}, complete: map[string]bool{},
		results: map[string]map[string]aheadResult{}, done: make(chan struct{}),
	}
}

// loadDeepScan loads the app in dir with a Detector that keeps listings
// (given to Load, so that the read-ahead runs, when ahead is set; with
// finish, DeepScan waits for the read-ahead to end), then detects and
// deep-scans its modules.
func loadDeepScan(t *testing.T, dir string, env []string, ahead, finish bool) (*model.Graph, *Detector) {
	t.Helper()
	d := NewDetector()
	d.KeepListings, d.aheadFinish = true, finish
	opts := LoadOptions{Dir: dir, Env: env}
	if ahead {
		opts.Detector = d
	}
	g, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	detectDeep(t, d, g.Modules)
	return g, d
}

// detectDeep runs d's Detect and DeepScan on mods.
func detectDeep(t *testing.T, d *Detector, mods []*model.Module) {
	t.Helper()
	if err := d.Detect(context.Background(), mods, 0); err != nil {
		t.Fatal(err)
	}
	if err := d.DeepScan(context.Background(), mods, 0); err != nil {
		t.Fatal(err)
	}
}

// deepsByPath returns the deep results of g's modules by module path.
func deepsByPath(g *model.Graph) map[string]*model.Deep {
	out := map[string]*model.Deep{}
	for _, m := range g.Modules {
		out[m.Path] = m.Deep
	}
	return out
}

// keptAhead returns the read-ahead a load kept in d, failing without one.
func keptAhead(t *testing.T, d *Detector) *deepAhead {
	t.Helper()
	d.mu.Lock()
	a := d.ahead
	d.mu.Unlock()
	if a == nil {
		t.Fatal("no read-ahead kept by the load")
	}
	return a
}
