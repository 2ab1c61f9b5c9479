package scanner

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/scanner/deep"
)

// TestDirReader checks that reading through directories (dirReader) reads
// what readLinked reads, and only where it would read the same way: it
// gives up on a symlink (in or out of the module), a directory, a FIFO, a
// file over MaxLinkedFileSize and a missing file, which readLinked then
// reads or explains. A whole deep scan of the module gives the same
// result either way.
func TestDirReader(t *testing.T) {
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
	write("a.go", "// SPDX-License-Identifier: MIT\n\npackage a\n")
	write("x/gpl.go", gplHeader)
	write("x/y/tag.go", "// SPDX-License-Identifier: ISC\n\npackage y\n")
	write("x/huge.go", "// SPDX-License-Identifier: ISC\n\npackage x\n\nvar _ = `"+strings.Repeat("a\n", MaxLinkedFileSize)+"`\n")
	write("x/empty.go", "")
	write("x/README.md", "Licensed under the MIT License.\n")
	write("outside.go", gplHeader)
	if err := os.Symlink(filepath.Join(mod, "outside.go"), filepath.Join(mod, "x", "out.go")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink("gpl.go", filepath.Join(mod, "x", "in.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(mod, "x", "dir.go"), 0o755); err != nil {
		t.Fatal(err)
	}
	fifo := runtime.GOOS == "linux" && syscall.Mkfifo(filepath.Join(mod, "x", "fifo.go"), 0o644) == nil
	linked := []string{"a.go", "x/dir.go", "x/empty.go", "x/fifo.go", "x/gpl.go", "x/huge.go", "x/in.go", "x/missing.go", "x/out.go", "x/y/tag.go"}

	dr := newDirReader(mod)
	defer dr.close()
	wantRead := map[string]bool{"a.go": true, "x/empty.go": true, "x/gpl.go": true, "x/y/tag.go": true}
	for _, rel := range linked {
		got, ok := dr.read(rel, nil)
		if runtime.GOOS != "linux" {
			if ok {
				t.Errorf("%s: read through its directory off Linux", rel)
			}
			continue
		}
		if ok != wantRead[rel] {
			t.Errorf("%s: read %v, want %v", rel, ok, wantRead[rel])
		}
		if !ok {
			continue
		}
		want, note, err := readLinked(mod, rel, nil)
		if err != nil || note != "" || string(got) != string(want) {
			t.Errorf("%s: %q, readLinked %q (note %q, err %v)", rel, got, want, note, err)
		}
	}
	if !fifo {
		linked = append(linked[:3], linked[4:]...)
	}
	m := &model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: mod, Linked: linked}
	files, regular := deepFiles(m, nil)
	// Detection's listings (all of the directories, or some) give the
	// same files.
	m.Packages = []string{"example.com/m", "example.com/m/x"}
	for _, known := range []*listCache{{}, {m: map[string]dirEntries{filepath.Join(mod, "x"): listDirs(m, nil)["x"]}}} {
		listDirs(m, known)
		kf, kr := deepFiles(m, known)
		if diff := cmp.Diff(files, kf); diff != "" {
			t.Errorf("files with detection's listings differ (-own +kept):\n%s", diff)
		}
		if diff := cmp.Diff(regular, kr); diff != "" {
			t.Errorf("regular files with detection's listings differ (-own +kept):\n%s", diff)
		}
	}
	for _, rel := range []string{"a.go", "x/gpl.go", "x/README.md", "x/huge.go", "x/y/tag.go"} {
		if !regular[rel] {
			t.Errorf("%s: not listed as regular", rel)
		}
	}
	for _, rel := range []string{"x/in.go", "x/out.go", "x/dir.go", "x/fifo.go", "x/missing.go"} {
		if regular[rel] {
			t.Errorf("%s: listed as regular", rel)
		}
	}
	sc := &deep.Scanner{}
	through, _ := scanLinked(sc, mod, files, regular, new([]byte), nil)
	byPath, _ := scanLinked(sc, mod, files, nil, new([]byte), nil)
	if diff := cmp.Diff(byPath, through); diff != "" {
		t.Errorf("deep scan through directories differs (-by path +through directories):\n%s", diff)
	}
	// A buffer kept from another module (larger, full of its bytes)
	// reads the same.
	used := []byte(strings.Repeat("// SPDX-License-Identifier: GPL-3.0-only\n", 1<<15))
	withUsed, _ := scanLinked(sc, mod, files, regular, &used, nil)
	if diff := cmp.Diff(through, withUsed); diff != "" {
		t.Errorf("deep scan with a used buffer differs (-fresh +used):\n%s", diff)
	}
	if through.Read != len(files)-len(through.Unread)+countNoted(through, "only the first") || len(through.Files) == 0 {
		t.Errorf("read %d of %d files: %+v", through.Read, len(files), through)
	}
}

// countNoted counts the unread notes that mention s (files read in part).
func countNoted(d *model.Deep, s string) int {
	n := 0
	for _, u := range d.Unread {
		if strings.Contains(u.Note, s) {
			n++
		}
	}
	return n
}
