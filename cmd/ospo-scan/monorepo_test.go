package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMonorepoModules checks which directories a monorepo scan takes on.
func TestMonorepoModules(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"a", "b/c", "b/c/nested", "vendor/v", "x/testdata/t", ".hidden", "_old", "node_modules/n"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, d, "go.mod"), []byte("module example.com/"+filepath.Base(d)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "a"), filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}
	got, err := monorepoModules(root, []string{"GOWORK="})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a", "b/c", "b/c/nested"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("modules %q, want %q", got, want)
	}
	// Inside a module, or with GOWORK naming a file: no monorepo.
	if got, _ := monorepoModules(filepath.Join(root, "a"), nil); got != nil {
		t.Errorf("inside a module: %q", got)
	}
	if got, _ := monorepoModules(root, []string{"GOWORK=/some/go.work"}); got != nil {
		t.Errorf("GOWORK set: %q", got)
	}
	// A go.work at the root decides, unless GOWORK=off.
	if err := os.WriteFile(filepath.Join(root, "go.work"), []byte("go 1.21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := monorepoModules(root, nil); got != nil {
		t.Errorf("with go.work: %q", got)
	}
	if got, _ := monorepoModules(root, []string{"GOWORK=off"}); len(got) != 3 {
		t.Errorf("GOWORK=off: %q", got)
	}
}

// TestMonorepoUnreadable checks that a directory the scan cannot read is
// an error naming it, never skipped as if it held nothing.
func TestMonorepoUnreadable(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads every directory")
	}
	root := t.TempDir()
	locked := filepath.Join(root, "locked")
	if err := os.MkdirAll(filepath.Join(locked, "m"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	_, err := monorepoModules(root, nil)
	if err == nil || !strings.Contains(err.Error(), "locked cannot be read") || exitCode(err) != exitScan {
		t.Errorf("error %v (exit %d), want one naming locked, exit 3", err, exitCode(err))
	}
}
