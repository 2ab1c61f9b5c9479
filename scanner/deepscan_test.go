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

const gplHeader = "// This program is free software; you can redistribute it and/or modify\n// it under the terms of the GNU General Public License as published by\n// the Free Software Foundation; either version 2 of the License, or\n// (at your option) any later version.\n\npackage x\n"

// TestDeepScanBadInput checks the deep scan's reading rules: a symlink out
// of the module is not followed, a binary file and a file that is not
// regular are noted, a huge file is read in its first bytes (its header
// counts), an empty file says nothing, and a symlink inside the module is
// read.
func TestDeepScanBadInput(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "mod")
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(mod, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("x/gpl.go", gplHeader)
	write("x/huge.go", "// SPDX-License-Identifier: ISC\n\npackage x\n\nvar _ = `"+strings.Repeat("a\n", MaxLinkedFileSize)+"`\n")
	write("x/bin.go", "package x\x00\x01")
	write("x/empty.go", "")
	write("x/README.md", "Licensed under the MIT License.\n")
	write("x/zz.LICENSE", "SPDX-License-Identifier: Zlib\n")
	if err := os.WriteFile(filepath.Join(root, "outside.go"), []byte(gplHeader), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "outside.go"), filepath.Join(mod, "x", "out.go")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink("gpl.go", filepath.Join(mod, "x", "in.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(mod, "x", "dir.go"), 0o755); err != nil {
		t.Fatal(err)
	}
	m := &model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: mod, Vendored: true,
		Linked: []string{"x/bin.go", "x/dir.go", "x/empty.go", "x/gpl.go", "x/huge.go", "x/in.go", "x/missing.go", "x/out.go"}}
	d := NewDetector()
	if err := d.DeepScan(context.Background(), []*model.Module{m}, 1); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range m.Deep.Files {
		got = append(got, f.File+" "+f.License)
	}
	want := []string{"x/README.md MIT", "x/gpl.go GPL-2.0-or-later", "x/huge.go ISC", "x/in.go GPL-2.0-or-later", "x/zz.LICENSE Zlib"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
	notes := map[string]string{}
	for _, n := range m.Deep.Unread {
		notes[n.File] = n.Note
	}
	for file, frag := range map[string]string{
		"x/bin.go":     "binary file",
		"x/dir.go":     "not a regular file",
		"x/huge.go":    "only the first 65536 bytes read",
		"x/missing.go": "cannot read",
		"x/out.go":     "symlink pointing outside the module",
	} {
		if !strings.Contains(notes[file], frag) {
			t.Errorf("%s: note %q, want it to say %q", file, notes[file], frag)
		}
		delete(notes, file)
	}
	if len(notes) > 0 {
		t.Errorf("unexpected notes: %v", notes)
	}
}

// TestDeepScanCache checks that a deep scan is cached and that a module
// outside the module cache (vendor/, a replaced directory) is keyed by its
// files' content: a changed file is scanned again.
func TestDeepScanCache(t *testing.T) {
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "a.go"), []byte("// SPDX-License-Identifier: ISC\npackage a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	scan := func() *model.Deep {
		t.Helper()
		m := &model.Module{Path: "example.com/a", Version: "v1.0.0", Dir: mod, Replace: &model.Replacement{Path: "../a"}, Linked: []string{"a.go"}}
		d := NewDetector()
		d.Cache = c
		if err := d.DeepScan(context.Background(), []*model.Module{m}, 1); err != nil {
			t.Fatal(err)
		}
		c.Close()
		return m.Deep
	}
	first := scan()
	if len(first.Files) != 1 || first.Files[0].License != "ISC" {
		t.Fatalf("first scan: %+v", first)
	}
	if c.none("deep") {
		t.Fatal("nothing cached")
	}
	if again := scan(); !cmp.Equal(first, again) {
		t.Errorf("cached result differs: %+v", again)
	}
	if err := os.WriteFile(filepath.Join(mod, "a.go"), []byte("// SPDX-License-Identifier: Zlib\npackage a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if changed := scan(); len(changed.Files) != 1 || changed.Files[0].License != "Zlib" {
		t.Errorf("after a change: %+v", changed)
	}
}

// TestCachedDeepCheck checks that a cache entry that no deep scan writes
// is a miss.
func TestCachedDeepCheck(t *testing.T) {
	ok := model.FileLicense{File: "a.go", Line: 1, Kind: model.FileKindTag, License: "MIT"}
	for name, cd := range map[string]cachedDeep{
		"no files":      {},
		"bad path":      {Files: []model.FileLicense{{File: "../a.go", Line: 1, Kind: "spdx-tag", License: "MIT"}}},
		"no line":       {Files: []model.FileLicense{{File: "a.go", Kind: "spdx-tag", License: "MIT"}}},
		"bad kind":      {Files: []model.FileLicense{{File: "a.go", Line: 1, Kind: "guess", License: "MIT"}}},
		"bad license":   {Files: []model.FileLicense{{File: "a.go", Line: 1, Kind: "spdx-tag", License: "NOPE-1"}}},
		"out of order":  {Files: []model.FileLicense{{File: "b.go", Line: 1, Kind: "spdx-tag", License: "MIT"}, ok}},
		"unread nonote": {Files: []model.FileLicense{}, Unread: []model.FileNote{{File: "a.go"}}},
	} {
		if err := cd.check(); err == nil {
			t.Errorf("%s: check passed", name)
		}
	}
	good := cachedDeep{Files: []model.FileLicense{ok}, Read: 1}
	if err := good.check(); err != nil {
		t.Errorf("good entry: %v", err)
	}
}

// TestDeepScanDropsListings: the listings detection keeps for the deep
// scan are dropped by it, even when it has no module to read.
func TestDeepScanDropsListings(t *testing.T) {
	dir := writeModule(t, map[string]string{"LICENSE": "x", "a.go": "package a\n"})
	d := NewDetector()
	d.KeepListings = true
	m := &model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: dir}
	if err := d.Detect(context.Background(), []*model.Module{m}, 1); err != nil {
		t.Fatal(err)
	}
	if !d.lists.has(dir) {
		t.Fatal("detection kept no listing")
	}
	m.Deep = &model.Deep{Files: []model.FileLicense{}} // nothing left to read
	if err := d.DeepScan(context.Background(), []*model.Module{m}, 1); err != nil {
		t.Fatal(err)
	}
	if d.lists.has(dir) {
		t.Error("listings kept after the deep scan")
	}
}
