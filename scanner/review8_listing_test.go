package scanner

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// TestReadDirEntriesLicensed: the license files a listing picks out
// (dirEntries.licensed) are the entries that are not directories and have
// a FileRole, as detection tested each name before: a symlink to a file
// named LICENSE is one, a directory named COPYING is not, non-ASCII names
// are tested as they are; a directory that cannot be listed has none.
// moduleLicenseFiles and holdsLicenseFile find them through a listing
// made without a cache (listDirs with a nil *listCache).
func TestReadDirEntriesLicensed(t *testing.T) {
	root := t.TempDir()
	write := func(rel string) {
		t.Helper()
		name := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte("text\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("real.txt")
	write("NOTICE")
	write("main.go")
	write("LICENSE.ünïcode")
	write("ЛИЦЕНЗИЯ")
	write("COPYING/README")
	write("sub/x.go")
	if err := os.Symlink("real.txt", filepath.Join(root, "LICENSE")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink("../real.txt", filepath.Join(root, "sub", "LICENSE.md")); err != nil {
		t.Fatal(err)
	}

	for _, dir := range []string{root, filepath.Join(root, "sub")} {
		e := readDirEntries(dir)
		if e.err != nil {
			t.Fatal(e.err)
		}
		var want []string
		for _, de := range e.entries {
			if !de.IsDir() && license.FileRole(de.Name()) != "" {
				want = append(want, de.Name())
			}
		}
		if !slices.Equal(e.licensed, want) {
			t.Errorf("%s: licensed = %q, want %q", dir, e.licensed, want)
		}
		if !holdsLicenseFile(e) {
			t.Errorf("%s: holdsLicenseFile = false", dir)
		}
	}
	if e := readDirEntries(root); !slices.Contains(e.licensed, "LICENSE") || slices.Contains(e.licensed, "COPYING") {
		t.Errorf("root: licensed = %q, want LICENSE (a symlink) and not COPYING (a directory)", e.licensed)
	}

	m := &model.Module{Path: "example.com/m", Dir: root, Packages: []string{"example.com/m/sub"}}
	rels, err := moduleLicenseFiles(m, listDirs(m, nil))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rels, "LICENSE") || !slices.Contains(rels, "sub/LICENSE.md") || !slices.IsSorted(rels) {
		t.Errorf("moduleLicenseFiles = %q, want LICENSE and sub/LICENSE.md, sorted", rels)
	}

	missing := readDirEntries(filepath.Join(root, "missing"))
	if missing.err == nil || missing.licensed != nil || holdsLicenseFile(missing) {
		t.Errorf("missing directory: %+v", missing)
	}
	gone := &model.Module{Path: "example.com/gone", Dir: filepath.Join(root, "missing")}
	if _, err := moduleLicenseFiles(gone, listDirs(gone, nil)); err == nil {
		t.Error("moduleLicenseFiles of a root that cannot be listed: no error")
	}
}
