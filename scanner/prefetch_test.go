package scanner

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestPrefetchReuse checks the rule by which Detect takes a result that
// detection started before the graph was complete: only for the same
// directory and the same license files, so that the result is the one
// detecting the complete module gives, byte for byte.
func TestPrefetchReuse(t *testing.T) {
	isc := corpusText(t, "isc.txt")
	mit := corpusText(t, "x11.txt")
	files := map[string]string{
		"LICENSE":         isc,
		"a/a.go":          "package a\n",
		"b/c/c.go":        "package c\n",
		"sub/LICENSE":     mit,
		"sub/pkg/pkg.go":  "package pkg\n",
		"NOTICE":          "Copyright Example\n",
		"docs/LICENSE.md": mit,
	}
	const path = "example.com/m"
	tests := []struct {
		name string
		// early are the packages known when detection started; late
		// those the go command shows after it started; final those of
		// the complete graph.
		early, late, final []string
		otherDir           bool // the graph has the module in another directory
		wantReused         bool
		wantRuns           int // how many times the job ran
	}{
		{"root only, package directories without license files", nil, nil, []string{path + "/a", path + "/b/c"}, false, true, 1},
		{"same packages", []string{path + "/a"}, nil, []string{path + "/a"}, false, true, 1},
		{"some packages known early, no license file in the others", []string{path + "/a"}, nil, []string{path + "/a", path + "/b/c"}, false, true, 1},
		{"a package learned later has its own license file", nil, nil, []string{path + "/a", path + "/sub/pkg"}, false, false, 1},
		{"a package seen early is not in the graph and has a license file", []string{path + "/sub/pkg"}, nil, []string{path + "/a"}, false, false, 1},
		{"the graph's directory is another", nil, nil, []string{path + "/a"}, true, false, 1},
		{"packages shown later without license files run nothing again", nil, []string{path + "/a", path + "/b/c"}, []string{path + "/a", path + "/b/c"}, false, true, 1},
		{"a package shown later with its own license file runs the job again", nil, []string{path + "/a", path + "/sub/pkg"}, []string{path + "/a", path + "/sub/pkg"}, false, true, 2},
		{"a package shown later under a directory read already runs nothing again", []string{path + "/sub/pkg"}, []string{path + "/sub"}, []string{path + "/sub", path + "/sub/pkg"}, false, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, files)
			final := &model.Module{Path: path, Version: "v1.0.0", Dir: dir, Packages: tt.final}
			if tt.otherDir {
				final.Dir = writeModule(t, files)
			}
			want := &model.Module{Path: path, Version: "v1.0.0", Dir: final.Dir, Packages: tt.final}
			if err := testDetector.Detect(context.Background(), []*model.Module{want}, 1); err != nil {
				t.Fatal(err)
			}

			d := &Detector{}
			p := newPrefetch(d, &runner{})
			for _, pkg := range append([]string{""}, tt.early...) {
				p.add(path, dir, pkg)
			}
			m, run, _, ok := p.next()
			if !ok {
				t.Fatal("no job queued")
			}
			p.detect(m, run)
			lm := &listModule{Path: path, Version: "v1.0.0", Dir: dir}
			for _, pkg := range tt.late {
				p.sawPackage(&listPackage{ImportPath: pkg, Module: lm, Dir: filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(pkg, path)))})
			}
			drainPrefetch(t, p)
			if got := p.jobs[dir].runs; got != tt.wantRuns {
				t.Errorf("the job ran %d times, want %d", got, tt.wantRuns)
			}
			p.g = &model.Graph{Modules: []*model.Module{final}} // the graph loaded beside it
			p.stop(true)
			if len(d.prefetched) != 1 {
				t.Fatalf("%d results kept, want 1", len(d.prefetched))
			}
			if err := d.Detect(context.Background(), []*model.Module{final}, 1); err != nil {
				t.Fatal(err)
			}
			if got := d.reused == 1; got != tt.wantReused {
				t.Errorf("reused = %v, want %v", got, tt.wantReused)
			}
			if diff := cmp.Diff(licenseJSON(t, want.License), licenseJSON(t, final.License)); diff != "" {
				t.Errorf("license differs from detecting the complete module (-want +got):\n%s", diff)
			}
			if d.prefetched != nil {
				t.Errorf("results left after Detect: %v", d.prefetched)
			}
		})
	}
}

// drainPrefetch does, on this goroutine, every job and listing the
// prefetch has queued, including those they queue, as its workers would.
func drainPrefetch(t *testing.T, p *prefetch) {
	t.Helper()
	for {
		p.mu.Lock()
		n := len(p.queue) + len(p.lists)
		p.mu.Unlock()
		if n == 0 {
			return
		}
		m, run, dir, ok := p.next()
		if !ok {
			t.Fatal("prefetch stopped")
		}
		if m == nil {
			p.list(dir)
		} else {
			p.detect(m, run)
		}
	}
}

func licenseJSON(t *testing.T, l *model.License) string {
	t.Helper()
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestPrefetchSeed checks that the modules go.mod requires are queued in
// the directories the go command then reports for them (module cache,
// replacement directory, vendor/), so that their results can be used.
func TestPrefetchSeed(t *testing.T) {
	for _, tt := range []struct{ app, vendor string }{{"basic", ""}, {"replacedir", ""}, {"basic", "vendor"}} {
		t.Run(tt.app+tt.vendor, func(t *testing.T) {
			dir, env := fixture.App(t, tt.app, true)
			if tt.vendor != "" {
				fixture.Go(t, dir, env, "mod", "vendor")
			}
			g, err := Load(context.Background(), LoadOptions{Dir: dir, Env: env, Tests: true})
			if err != nil {
				t.Fatal(err)
			}
			if g.Vendor != (tt.vendor != "") {
				t.Fatalf("vendor mode %v", g.Vendor)
			}
			r := &runner{opts: LoadOptions{Dir: dir, Env: env}, vendor: g.Vendor, vendorDir: filepath.Join(dir, "vendor")}
			ge, err := r.readGoEnv(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			r.ge = ge
			p := newPrefetch(&Detector{}, r)
			p.seed()
			var want, got []string
			for _, m := range g.Modules {
				want = append(want, m.Path+" "+m.Dir)
			}
			for _, j := range p.queue {
				got = append(got, j.path+" "+j.dir)
			}
			sort.Strings(got)
			for _, w := range want {
				if i := sort.SearchStrings(got, w); i == len(got) || got[i] != w {
					t.Errorf("module %s not queued in its directory; queued:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// TestLoadWithDetector checks that a scan whose detection starts during
// the graph load gives the licenses detection after the load gives, and
// that a load that fails or is interrupted leaves no result, no cache
// entry and no goroutine behind.
func TestLoadWithDetector(t *testing.T) {
	t.Run("same licenses", func(t *testing.T) {
		dir, env := fixture.App(t, "basic", true)
		plain, err := Load(context.Background(), LoadOptions{Dir: dir, Env: env, Tests: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := NewDetector().Detect(context.Background(), plain.Modules, 0); err != nil {
			t.Fatal(err)
		}
		d := NewDetector()
		g, err := Load(context.Background(), LoadOptions{Dir: dir, Env: env, Tests: true, Detector: d})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range g.Modules {
			if m.License != nil {
				t.Fatalf("%s: a license reached the graph before Detect", m.Path)
			}
		}
		if err := d.Detect(context.Background(), g.Modules, 0); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(graphJSON(t, plain), graphJSON(t, g)); diff != "" {
			t.Errorf("graph differs (-plain +prefetched):\n%s", diff)
		}
		t.Logf("%d of %d results taken from the prefetch", d.reused, len(g.Modules))
	})
	for _, tt := range []struct {
		name      string
		interrupt bool
	}{{"go list fails", false}, {"interrupted while go list runs", true}} {
		t.Run(tt.name, func(t *testing.T) {
			dir, env := fixture.App(t, "basic", true)
			opts := LoadOptions{Dir: dir, Env: env}
			if tt.interrupt {
				// go list waits a while, and is interrupted meanwhile.
				goCmd := filepath.Join(t.TempDir(), "go")
				script := "#!/bin/sh\ncase \"$1\" in list) sleep 5;; esac\nexec go \"$@\"\n"
				if err := os.WriteFile(goCmd, []byte(script), 0o755); err != nil {
					t.Fatal(err)
				}
				opts.Go = goCmd
			} else if err := os.WriteFile(filepath.Join(dir, "go.sum"), nil, 0o644); err != nil {
				// The modules are in the module cache, but go.sum
				// lacks them: go list fails after the prefetch could
				// read them.
				t.Fatal(err)
			}
			cache, err := OpenCache(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			d := NewDetector()
			d.Cache = cache
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.interrupt {
				time.AfterFunc(time.Second, cancel)
			}
			before := runtime.NumGoroutine()
			opts.Detector, opts.Cache = d, cache
			if _, err := Load(ctx, opts); err == nil {
				t.Fatal("Load succeeded")
			}
			if d.prefetched != nil {
				t.Errorf("results kept after a failed load: %d", len(d.prefetched))
			}
			cache.Close()
			if !cache.none("detect") {
				t.Error("detection results were cached after a failed load")
			}
			if tmps, _ := filepath.Glob(filepath.Join(cache.dir, "detect", "*", tempPrefix+"*")); len(tmps) > 0 {
				t.Errorf("%d temporary files left after a failed load", len(tmps))
			}
			// Goroutines of the go command's plumbing may take a moment
			// to end; the prefetch's are gone when Load returns.
			for i := 0; runtime.NumGoroutine() > before && i < 100; i++ {
				time.Sleep(10 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Errorf("%d goroutines before Load, %d after", before, n)
			}
		})
	}
}

func graphJSON(t *testing.T, g *model.Graph) string {
	t.Helper()
	data, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestPrefetchLists: a package the go command prints after its module's
// job started has its directory chain listed by the workers, up to the
// module root and no further; one outside its module lists nothing.
func TestPrefetchLists(t *testing.T) {
	dir := writeModule(t, map[string]string{"LICENSE": "x", "a/b/c.go": "// SPDX-License-Identifier: MIT\n\npackage c\n", "a/b/b_test.go": "package c\n"})
	const path = "example.com/m"
	d := &Detector{}
	p := newPrefetch(d, &runner{})
	p.add(path, dir, "")
	if m, _, _, ok := p.next(); !ok || m == nil {
		t.Fatal("no job queued")
	}
	lm := &listModule{Path: path, Version: "v1.0.0", Dir: dir}
	p.sawPackage(&listPackage{ImportPath: path + "/a/b", Module: lm, Dir: filepath.Join(dir, "a", "b")})
	p.sawPackage(&listPackage{ImportPath: path + "/x", Module: lm, Dir: filepath.Join(filepath.Dir(dir), "elsewhere")})
	var listed []string
	for {
		p.mu.Lock()
		n := len(p.lists)
		p.mu.Unlock()
		if n == 0 {
			break
		}
		m, _, dir, ok := p.next()
		if !ok || m != nil {
			t.Fatalf("next: %v %v", m, ok)
		}
		p.list(dir)
		listed = append(listed, dir)
	}
	want := []string{filepath.Join(dir, "a", "b"), filepath.Join(dir, "a"), dir}
	if diff := cmp.Diff(want, listed); diff != "" {
		t.Errorf("listed (-want +got):\n%s", diff)
	}
	if e := d.lists.list(filepath.Join(dir, "a", "b")); e.err != nil || len(e.entries) != 2 {
		t.Errorf("listing of a/b: %+v", e)
	}
	// The package's first Go file was read for its tag, and only that.
	want2 := map[string]headerTag{filepath.Join(dir, "a", "b", "c.go"): {"MIT", 1}}
	if diff := cmp.Diff(want2, d.lists.tags, cmp.AllowUnexported(headerTag{})); diff != "" {
		t.Errorf("tags read (-want +got):\n%s", diff)
	}
	p.stop(false)
}

func TestChainDirs(t *testing.T) {
	root := filepath.FromSlash("/m/root")
	for _, tc := range []struct {
		pkg  string
		want []string
	}{
		{"/m/root", []string{"/m/root"}},
		{"/m/root/a/b", []string{"/m/root/a/b", "/m/root/a", "/m/root"}},
		{"/m/rootx/a", nil},
		{"/m", nil},
		{"", nil},
	} {
		var want []string
		for _, w := range tc.want {
			want = append(want, filepath.FromSlash(w))
		}
		if got := chainDirs(root, filepath.FromSlash(tc.pkg)); !slices.Equal(got, want) {
			t.Errorf("chainDirs(%q) = %q, want %q", tc.pkg, got, want)
		}
	}
}

// TestPrefetchRunsBounded: a module whose packages, shown one at a time,
// each bring a license file in a directory of their own runs its job
// maxJobRuns times at most; Detect then detects the module itself, with
// the same result as without the prefetch.
func TestPrefetchRunsBounded(t *testing.T) {
	const path = "example.com/m"
	files := map[string]string{"LICENSE": corpusText(t, "isc.txt")}
	var pkgs []string
	for i := range maxJobRuns + 2 {
		name := string(rune('a' + i))
		files[name+"/LICENSE"] = corpusText(t, "x11.txt")
		files[name+"/"+name+".go"] = "package " + name + "\n"
		pkgs = append(pkgs, path+"/"+name)
	}
	dir := writeModule(t, files)
	d := &Detector{}
	p := newPrefetch(d, &runner{})
	p.add(path, dir, "")
	drainPrefetch(t, p)
	lm := &listModule{Path: path, Version: "v1.0.0", Dir: dir}
	for _, pkg := range pkgs {
		p.sawPackage(&listPackage{ImportPath: pkg, Module: lm, Dir: filepath.Join(dir, strings.TrimPrefix(pkg, path+"/"))})
		drainPrefetch(t, p)
	}
	if got := p.jobs[dir].runs; got != maxJobRuns {
		t.Errorf("the job ran %d times, want %d", got, maxJobRuns)
	}
	final := &model.Module{Path: path, Version: "v1.0.0", Dir: dir, Packages: pkgs}
	p.g = &model.Graph{Modules: []*model.Module{final}} // the graph loaded beside it
	p.stop(true)
	want := &model.Module{Path: path, Version: "v1.0.0", Dir: dir, Packages: pkgs}
	if err := testDetector.Detect(context.Background(), []*model.Module{want}, 1); err != nil {
		t.Fatal(err)
	}
	if err := d.Detect(context.Background(), []*model.Module{final}, 1); err != nil {
		t.Fatal(err)
	}
	if d.reused != 0 {
		t.Errorf("a result of a bounded job was taken")
	}
	if diff := cmp.Diff(licenseJSON(t, want.License), licenseJSON(t, final.License)); diff != "" {
		t.Errorf("license differs from detecting the complete module (-want +got):\n%s", diff)
	}
}
