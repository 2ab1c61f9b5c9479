package scanner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestCheckTagsStopsWhenSettled: a module whose files are tagged with its
// own license has its tags read up to the first file (nothing after it
// can make a conflict), and one tagged with another license in every file
// has them all read and gets the conflict.
func TestCheckTagsStopsWhenSettled(t *testing.T) {
	for _, tt := range []struct {
		tag       string
		wantReads int
		conflict  bool
	}{
		{"MIT", 1, false},
		{"GPL-3.0-only", 4, true},
	} {
		dir := t.TempDir()
		m := &model.Module{Path: "example.com/m", Dir: dir, Packages: []string{"example.com/m", "example.com/m/sub"}}
		for _, f := range []string{"a.go", "b.go", "sub/c.go", "sub/d.go"} {
			name := filepath.Join(dir, filepath.FromSlash(f))
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte("// SPDX-License-Identifier: "+tt.tag+"\npackage x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		c := &listCache{}
		dirs := dirListing{".": c.list(dir), "sub": c.list(filepath.Join(dir, "sub"))}
		lic := &model.License{Expression: "MIT"}
		checkTags(m, lic, dirs, c)
		if len(c.tags) != tt.wantReads {
			t.Errorf("tag %s: %d files read, want %d", tt.tag, len(c.tags), tt.wantReads)
		}
		if got := len(lic.Evidence) > 0; got != tt.conflict {
			t.Errorf("tag %s: conflict evidence %v, want %v", tt.tag, lic.Evidence, tt.conflict)
		}
	}
}
