package scanner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// deepSetFixture is a module version (keyed by version) and a module of
// files outside the module cache (a replaced directory or vendor/, keyed
// by content), with a deep scan over a cache.
type deepSetFixture struct {
	t        *testing.T
	c        *Cache
	dir      string // the cache's directory
	ver, loc string // the modules' directories
	vendored bool
}

func newDeepSetFixture(t *testing.T, vendored bool) *deepSetFixture {
	f := &deepSetFixture{t: t, dir: t.TempDir(), ver: t.TempDir(), loc: t.TempDir(), vendored: vendored}
	f.write(f.ver, "v.go", "// SPDX-License-Identifier: BSD-2-Clause\npackage v\n")
	f.write(f.loc, "a.go", "// SPDX-License-Identifier: ISC\npackage a\n")
	c, err := OpenCache(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	f.c = c
	return f
}

func (f *deepSetFixture) write(dir, name, content string) {
	f.t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// scan deep-scans both modules and returns their results.
func (f *deepSetFixture) scan() []*model.Deep {
	f.t.Helper()
	v := &model.Module{Path: "example.com/v", Version: "v1.0.0", Sum: "h1:x", Dir: f.ver, Linked: []string{"v.go"}}
	l := &model.Module{Path: "example.com/a", Version: "v1.0.0", Dir: f.loc, Linked: []string{"a.go"}}
	if f.vendored {
		l.Vendored = true
	} else {
		l.Replace = &model.Replacement{Path: "../a"}
	}
	d := NewDetector()
	d.Cache = f.c
	if err := d.DeepScan(context.Background(), []*model.Module{v, l}, 2); err != nil {
		f.t.Fatal(err)
	}
	f.c.Close()
	return []*model.Deep{v.Deep, l.Deep}
}

// setFiles returns the set entries in the cache.
func (f *deepSetFixture) setFiles() []string {
	files, _ := filepath.Glob(filepath.Join(f.dir, "deepset", "*", "*.json"))
	return files
}

func licensesOf(ds []*model.Deep) []string {
	var out []string
	for _, d := range ds {
		for _, fl := range d.Files {
			out = append(out, fl.License)
		}
	}
	return out
}

// TestDeepSetCache checks that a deep scan stores its results as one set,
// that a warm run answers from the set alone (without the per-module
// entries), and that a changed linked file of a replaced directory or of
// vendor/ is scanned afresh.
func TestDeepSetCache(t *testing.T) {
	for _, vendored := range []bool{false, true} {
		name := "replaced"
		if vendored {
			name = "vendored"
		}
		t.Run(name, func(t *testing.T) {
			f := newDeepSetFixture(t, vendored)
			first := f.scan()
			if got := licensesOf(first); !cmp.Equal(got, []string{"BSD-2-Clause", "ISC"}) {
				t.Fatalf("first scan: %v", got)
			}
			if n := len(f.setFiles()); n != 1 {
				t.Fatalf("%d set entries after a scan, want 1", n)
			}
			// The per-module entries gone, a warm run reads the set
			// and writes none back.
			if err := os.RemoveAll(filepath.Join(f.dir, "deep")); err != nil {
				t.Fatal(err)
			}
			if warm := f.scan(); !cmp.Equal(first, warm) {
				t.Errorf("warm scan differs: %s", cmp.Diff(first, warm))
			}
			if !f.c.none("deep") {
				t.Error("warm scan did not answer from the set")
			}
			f.write(f.loc, "a.go", "// SPDX-License-Identifier: Zlib\npackage a\n")
			if got := licensesOf(f.scan()); !cmp.Equal(got, []string{"BSD-2-Clause", "Zlib"}) {
				t.Errorf("after a change of a.go: %v", got)
			}
			if n := len(f.setFiles()); n != 2 {
				t.Errorf("%d set entries after a change, want 2", n)
			}
		})
	}
}

// TestDeepSetBogus checks that a set entry that is damaged, truncated, or
// intact but holding no result of these modules is a miss: the scan reads
// the files again (its result tells, since the forged entries claim
// another license) and the entry is overwritten with a good one.
func TestDeepSetBogus(t *testing.T) {
	forged := model.Deep{Files: []model.FileLicense{{File: "a.go", Line: 1, Kind: model.FileKindTag, License: "MIT"}}, Read: 1}
	for name, spoil := range map[string]func(f *deepSetFixture, file, key string, keys []string){
		"truncated": func(f *deepSetFixture, file, _ string, _ []string) {
			data, err := os.ReadFile(file)
			if err != nil {
				f.t.Fatal(err)
			}
			f.write(filepath.Dir(file), filepath.Base(file), string(data[:len(data)/2]))
		},
		"empty": func(f *deepSetFixture, file, _ string, _ []string) {
			f.write(filepath.Dir(file), filepath.Base(file), "")
		},
		"not json": func(f *deepSetFixture, file, _ string, _ []string) {
			f.write(filepath.Dir(file), filepath.Base(file), "\x00garbage")
		},
		"byte changed": func(f *deepSetFixture, file, _ string, _ []string) {
			data, err := os.ReadFile(file)
			if err != nil {
				f.t.Fatal(err)
			}
			// ISC → MIT keeps the JSON valid; the checksum catches it.
			s := []byte(string(data))
			for i := 0; i+3 <= len(s); i++ {
				if string(s[i:i+3]) == "ISC" {
					copy(s[i:], "MIT")
				}
			}
			f.write(filepath.Dir(file), filepath.Base(file), string(s))
		},
		"fewer results": func(f *deepSetFixture, _, key string, keys []string) {
			f.c.put("deepset", key, storedDeepSet{Keys: keys, Deep: []*model.Deep{&forged}})
		},
		"other keys": func(f *deepSetFixture, _, key string, keys []string) {
			f.c.put("deepset", key, storedDeepSet{Keys: []string{keys[1], keys[0]}, Deep: []*model.Deep{&forged, &forged}})
		},
		"failing check": func(f *deepSetFixture, _, key string, keys []string) {
			bad := model.Deep{Files: []model.FileLicense{{File: "../a.go", Line: 1, Kind: model.FileKindTag, License: "MIT"}}}
			f.c.put("deepset", key, storedDeepSet{Keys: keys, Deep: []*model.Deep{&forged, &bad}})
		},
		"no file list": func(f *deepSetFixture, _, key string, keys []string) {
			f.c.put("deepset", key, storedDeepSet{Keys: keys, Deep: []*model.Deep{&forged, {}}})
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newDeepSetFixture(t, false)
			want := f.scan()
			files := f.setFiles()
			if len(files) != 1 {
				t.Fatalf("%d set entries, want 1", len(files))
			}
			var set cachedDeepSet
			key := filepath.Base(files[0])
			key = key[:len(key)-len(".json")]
			if !f.c.get("deepset", key, &set) {
				t.Fatal("fresh set entry is a miss")
			}
			spoil(f, files[0], key, set.Keys)
			if got := f.scan(); !cmp.Equal(want, got) {
				t.Errorf("scan over a bogus set: %s", cmp.Diff(want, got))
			}
			var again cachedDeepSet
			if !f.c.get("deepset", key, &again) || !cmp.Equal(again, set) {
				t.Error("bogus set entry not overwritten with a good one")
			}
		})
	}
}

// TestDeepSetKey checks that the set key changes with whatever a module's
// result depends on: the detector's tables, the detected license, a
// linked file, the modules and their order.
func TestDeepSetKey(t *testing.T) {
	fpA := fingerprintOf(buildIdentity(), "tables a")
	fpB := fingerprintOf(buildIdentity(), "tables b")
	mod := func(path, license string, linked ...string) *model.Module {
		m := &model.Module{Path: path, Version: "v1.0.0", Sum: "h1:x", Dir: "/m", Linked: linked}
		if license != "" {
			m.License = &model.License{Expression: license}
		}
		return m
	}
	key := func(fp string, mods ...*model.Module) string {
		var keys []string
		for _, m := range mods {
			k, ok := deepKey(fp, m, func() []string { return nil })
			if !ok {
				t.Fatalf("%s: no key", m.Path)
			}
			keys = append(keys, k)
		}
		return deepSetKey(keys)
	}
	a, b := mod("example.com/a", "MIT", "a.go"), mod("example.com/b", "", "b.go")
	base := key(fpA, a, b)
	for name, k := range map[string]string{
		"tables":   key(fpB, a, b),
		"detected": key(fpA, mod("example.com/a", "ISC", "a.go"), b),
		"linked":   key(fpA, mod("example.com/a", "MIT", "a.go", "c.go"), b),
		"order":    key(fpA, b, a),
		"fewer":    key(fpA, a),
	} {
		if k == base {
			t.Errorf("%s: same set key", name)
		}
	}
	if key(fpA, a, b) != base {
		t.Error("set key not deterministic")
	}
}

// TestDeepGraphSetCache checks the set keyed by the graph's key: when
// every module is a version, a scan stores its set under the graph's key
// (listing path@version), a warm run of the same graph answers from it
// alone, another graph key is a miss answered from the per-module entries
// (and stored under that key), and a module keyed by content (a replaced
// directory) keeps the set keyed by the modules' own keys.
func TestDeepGraphSetCache(t *testing.T) {
	f := newDeepSetFixture(t, false)
	w := t.TempDir()
	f.write(w, "w.go", "// SPDX-License-Identifier: Zlib\npackage w\n")
	mods := func() []*model.Module {
		return []*model.Module{
			{Path: "example.com/v", Version: "v1.0.0", Sum: "h1:x", Dir: f.ver, Linked: []string{"v.go"}},
			{Path: "example.com/w", Version: "v1.2.0", Sum: "h1:y", Dir: w, Linked: []string{"w.go"}},
		}
	}
	scan := func(key string, mods []*model.Module) []*model.Deep {
		t.Helper()
		d := NewDetector()
		d.Cache = f.c
		if err := d.DeepScanGraph(context.Background(), &model.Graph{Modules: mods, Key: key}, 2); err != nil {
			t.Fatal(err)
		}
		f.c.Close()
		var out []*model.Deep
		for _, m := range mods {
			out = append(out, m.Deep)
		}
		return out
	}
	first := scan("graph-a", mods())
	if got := licensesOf(first); !cmp.Equal(got, []string{"BSD-2-Clause", "Zlib"}) {
		t.Fatalf("first scan: %v", got)
	}
	files := f.setFiles()
	if len(files) != 1 {
		t.Fatalf("%d set entries, want 1", len(files))
	}
	var set cachedDeepSet
	key := strings.TrimSuffix(filepath.Base(files[0]), ".json")
	if !f.c.get("deepset", key, &set) || !cmp.Equal(set.Keys, []string{"example.com/v@v1.0.0", "example.com/w@v1.2.0"}) {
		t.Fatalf("set entry lists %v", set.Keys)
	}
	// The graph's key stands for the linked files: the same key answers
	// from the set, files gone and per-module entries gone.
	if err := os.RemoveAll(filepath.Join(f.dir, "deep")); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{f.ver, w} {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	if warm := scan("graph-a", mods()); !cmp.Equal(first, warm) {
		t.Errorf("warm scan differs: %s", cmp.Diff(first, warm))
	}
	if !f.c.none("deep") {
		t.Error("warm scan did not answer from the set")
	}
	// Another graph: a miss; the modules are scanned (their files
	// are back), and the set stored under that graph's key.
	for _, dir := range []string{f.ver, w} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f.write(f.ver, "v.go", "// SPDX-License-Identifier: BSD-2-Clause\npackage v\n")
	f.write(w, "w.go", "// SPDX-License-Identifier: Zlib\npackage w\n")
	if other := scan("graph-b", mods()); !cmp.Equal(first, other) {
		t.Errorf("scan of another graph differs: %s", cmp.Diff(first, other))
	}
	if n := len(f.setFiles()); n != 2 {
		t.Errorf("%d set entries after another graph, want 2", n)
	}
	// A replaced directory among the modules: the set is keyed by the
	// modules' keys (as DeepScan without a graph key does), and a changed
	// file of the directory is read.
	rep := mods()
	rep[1].Sum, rep[1].Replace = "", &model.Replacement{Path: "../w"}
	scan("graph-a", rep)
	f.write(w, "w.go", "// SPDX-License-Identifier: ISC\npackage w\n")
	rep = mods()
	rep[1].Sum, rep[1].Replace = "", &model.Replacement{Path: "../w"}
	if got := licensesOf(scan("graph-a", rep)); !cmp.Equal(got, []string{"BSD-2-Clause", "ISC"}) {
		t.Errorf("after a change in the replaced directory: %v", got)
	}
}

// TestDeepGraphSetKey checks that the graph-keyed set key changes with
// whatever a module's result depends on but its linked files, which the
// graph's key stands for.
func TestDeepGraphSetKey(t *testing.T) {
	fpA := fingerprintOf(buildIdentity(), "tables a")
	fpB := fingerprintOf(buildIdentity(), "tables b")
	mod := func(path, license string, edit func(m *model.Module)) *model.Module {
		m := &model.Module{Path: path, Version: "v1.0.0", Sum: "h1:x", Dir: "/m", Linked: []string{"a.go"}}
		if license != "" {
			m.License = &model.License{Expression: license, Evidence: []model.Evidence{{File: "LICENSE", SHA256: "abc", License: license}}}
		}
		if edit != nil {
			edit(m)
		}
		return m
	}
	key := func(fp, graph string, mods ...*model.Module) string {
		var jobs []*deepJob
		for _, m := range mods {
			jobs = append(jobs, &deepJob{m: m})
		}
		k, _ := deepGraphSetKey(fp, graph, jobs)
		return k
	}
	a, b := mod("example.com/a", "MIT", nil), mod("example.com/b", "", nil)
	base := key(fpA, "g", a, b)
	for name, k := range map[string]string{
		"tables":   key(fpB, "g", a, b),
		"graph":    key(fpA, "h", a, b),
		"detected": key(fpA, "g", mod("example.com/a", "ISC", nil), b),
		"evidence": key(fpA, "g", mod("example.com/a", "MIT", func(m *model.Module) { m.License.Evidence[0].SHA256 = "def" }), b),
		"version":  key(fpA, "g", mod("example.com/a", "MIT", func(m *model.Module) { m.Version = "v1.0.1" }), b),
		"sum":      key(fpA, "g", mod("example.com/a", "MIT", func(m *model.Module) { m.Sum = "h1:y" }), b),
		"replace": key(fpA, "g", mod("example.com/a", "MIT", func(m *model.Module) {
			m.Replace = &model.Replacement{Path: "example.com/fork", Version: "v1.0.0"}
		}), b),
		"order": key(fpA, "g", b, a),
		"fewer": key(fpA, "g", a),
	} {
		if k == base {
			t.Errorf("%s: same set key", name)
		}
	}
	if key(fpA, "g", a, b) != base {
		t.Error("set key not deterministic")
	}
	if key(fpA, "g", mod("example.com/a", "MIT", func(m *model.Module) { m.Linked = []string{"b.go"} }), b) != base {
		t.Error("set key depends on the linked files, which the graph's key stands for")
	}
}
