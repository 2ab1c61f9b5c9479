package scanner

import (
	"os"
	"path/filepath"
	"testing"
)

// TestListCacheKeepsNoError: a directory that cannot be listed yet (a
// module the go command has not extracted) is listed again next time.
func TestListCacheKeepsNoError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mod@v1.0.0")
	var c listCache
	if e := c.list(dir); e.err == nil {
		t.Fatal("a missing directory listed")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "LICENSE"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if e := c.list(dir); e.err != nil || len(e.entries) != 1 {
		t.Errorf("listed again: %v, %d entries", e.err, len(e.entries))
	}
	if !c.has(dir) {
		t.Error("a listing that worked was not kept")
	}
}
