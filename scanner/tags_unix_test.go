//go:build unix

package scanner

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadHeaderTagFIFO: a FIFO in place of a Go file gives no tag at
// once (it used to be opened blocking, waiting for a writer for ever).
func TestReadHeaderTagFIFO(t *testing.T) {
	name := filepath.Join(t.TempDir(), "a.go")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan string, 1)
	go func() {
		tag, _ := readHeaderTag(name)
		done <- tag
	}()
	select {
	case tag := <-done:
		if tag != "" {
			t.Errorf("tag %q from a FIFO", tag)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("readHeaderTag blocked on a FIFO")
	}
	file := filepath.Join(t.TempDir(), "b.go")
	if err := os.WriteFile(file, []byte("// SPDX-License-Identifier: MIT\npackage b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if tag, line := readHeaderTag(file); tag != "MIT" || line != 1 {
		t.Errorf("readHeaderTag = %q, %d; want MIT, 1", tag, line)
	}
}
