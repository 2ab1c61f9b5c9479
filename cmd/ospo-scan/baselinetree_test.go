package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestInTreeLinks: a replace directory inside the copy that is a symbolic
// link to a directory outside it is not in the tree (its report must not
// be cached).
func TestInTreeLinks(t *testing.T) {
	tree, outside := t.TempDir(), t.TempDir()
	os.Mkdir(filepath.Join(tree, "dep"), 0o700)
	if err := os.Symlink(outside, filepath.Join(tree, "lnk")); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("dep", filepath.Join(tree, "inner")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  string
		want bool
	}{
		{filepath.Join(tree, "dep"), true},
		{filepath.Join(tree, "inner"), true},
		{filepath.Join(tree, "lnk"), false},
		{outside, false},
		{"", false},
	} {
		s := &moduleScan{g: &model.Graph{Modules: []*model.Module{{Path: "example.com/x", Replace: &model.Replacement{Path: "./x"}, Dir: tc.dir}}}}
		if got := inTree([]*moduleScan{s}, tree); got != tc.want {
			t.Errorf("inTree(%s) = %v, want %v", tc.dir, got, tc.want)
		}
	}
}

// TestAnchorLink: a committed link's relative target that leaves the
// repository is anchored where the repository is.
func TestAnchorLink(t *testing.T) {
	top := filepath.FromSlash("/home/u/proj")
	for _, tc := range []struct{ target, path, want string }{
		{"b/c.go", "a.go", "b/c.go"},
		{"../LICENSE", "sub/LICENSE", "../LICENSE"},
		{"../sibling", "lnk", filepath.FromSlash("/home/u/sibling")},
		{"../../x", "a/lnk", filepath.FromSlash("/home/u/x")},
		{"/etc/passwd", "LICENSE", "/etc/passwd"},
	} {
		if got := anchorLink(tc.target, tc.path, top); got != tc.want {
			t.Errorf("anchorLink(%q, %q) = %q, want %q", tc.target, tc.path, got, tc.want)
		}
	}
}
