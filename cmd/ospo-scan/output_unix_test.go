//go:build unix

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWriteFile checks that an output replaces only what is a plain file:
// devices, FIFOs, symbolic links and hard links keep what they are.
func TestWriteFile(t *testing.T) {
	data := []byte("new report\n")
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string // returns the name to write
		check func(t *testing.T, dir, name string)
	}{
		{
			name:  "new file",
			setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "out.json") },
			check: func(t *testing.T, dir, name string) { wantContent(t, name, data) },
		},
		{
			name: "existing 0600 file keeps its mode",
			setup: func(t *testing.T, dir string) string {
				name := filepath.Join(dir, "out.json")
				mustWrite(t, name, "old", 0o600)
				return name
			},
			check: func(t *testing.T, dir, name string) {
				wantContent(t, name, data)
				wantMode(t, name, 0o600)
			},
		},
		{
			name: "symlink: the target is written, the link stays",
			setup: func(t *testing.T, dir string) string {
				target := filepath.Join(dir, "real.json")
				mustWrite(t, target, "old", 0o640)
				link := filepath.Join(dir, "link.json")
				if err := os.Symlink("real.json", link); err != nil {
					t.Fatal(err)
				}
				return link
			},
			check: func(t *testing.T, dir, name string) {
				fi, err := os.Lstat(name)
				if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
					t.Fatalf("link replaced: %v %v", fi.Mode(), err)
				}
				wantContent(t, filepath.Join(dir, "real.json"), data)
				wantMode(t, filepath.Join(dir, "real.json"), 0o640)
			},
		},
		{
			name: "dangling symlink: its target is created",
			setup: func(t *testing.T, dir string) string {
				link := filepath.Join(dir, "link.json")
				if err := os.Symlink("sub/made.json", link); err != nil {
					t.Fatal(err)
				}
				if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
					t.Fatal(err)
				}
				return link
			},
			check: func(t *testing.T, dir, name string) {
				wantContent(t, filepath.Join(dir, "sub", "made.json"), data)
			},
		},
		{
			name: "hard link: written in place, both names see it",
			setup: func(t *testing.T, dir string) string {
				a := filepath.Join(dir, "a.json")
				mustWrite(t, a, "old old old old", 0o644)
				if err := os.Link(a, filepath.Join(dir, "b.json")); err != nil {
					t.Fatal(err)
				}
				return a
			},
			check: func(t *testing.T, dir, name string) {
				wantContent(t, filepath.Join(dir, "a.json"), data)
				wantContent(t, filepath.Join(dir, "b.json"), data)
			},
		},
		{
			name: "FIFO: written, not replaced",
			setup: func(t *testing.T, dir string) string {
				name := filepath.Join(dir, "fifo")
				if err := syscall.Mkfifo(name, 0o600); err != nil {
					t.Skipf("mkfifo: %v", err)
				}
				got := make(chan []byte, 1)
				go func() {
					f, err := os.Open(name)
					if err != nil {
						got <- nil
						return
					}
					defer f.Close()
					var b bytes.Buffer
					b.ReadFrom(f)
					got <- b.Bytes()
				}()
				t.Cleanup(func() {
					select {
					case b := <-got:
						if !bytes.Equal(b, data) {
							t.Errorf("FIFO reader got %q, want %q", b, data)
						}
					case <-time.After(10 * time.Second):
						t.Errorf("FIFO reader got nothing")
					}
				})
				return name
			},
			check: func(t *testing.T, dir, name string) {
				fi, err := os.Lstat(name)
				if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
					t.Fatalf("FIFO replaced: %v %v", fi.Mode(), err)
				}
			},
		},
		{
			name: "character device (a /dev/null of our own): written, not replaced",
			setup: func(t *testing.T, dir string) string {
				name := filepath.Join(dir, "null")
				if err := syscall.Mknod(name, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
					t.Skipf("mknod needs root: %v", err)
				}
				return name
			},
			check: func(t *testing.T, dir, name string) {
				fi, err := os.Lstat(name)
				if err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
					t.Fatalf("device replaced: %v %v", fi.Mode(), err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name := tt.setup(t, dir)
			if err := writeFile(name, data); err != nil {
				t.Fatalf("writeFile: %v", err)
			}
			tt.check(t, dir, name)
			wantNoTemps(t, dir)
		})
	}
}

// TestStaleTempsRemoved checks that a temporary file left by a killed run
// (its process is gone) is removed by the next write, and one of a live
// process is kept.
func TestStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	// Process ids above the kernel's pid_max (4194304 at most) exist nowhere.
	stale := filepath.Join(dir, tmpPrefix("out.json")+"999999999"+tmpSuffix)
	live := filepath.Join(dir, tmpPrefix("out.json")+"1"+tmpSuffix) // init
	other := filepath.Join(dir, tmpPrefix("other.json")+"999999999"+tmpSuffix)
	for _, n := range []string{stale, live, other} {
		mustWrite(t, n, "partial", 0o600)
	}
	if err := writeFile(filepath.Join(dir, "out.json"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file kept: %v", err)
	}
	for _, n := range []string{live, other} {
		if _, err := os.Stat(n); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(n), err)
		}
	}
}

func mustWrite(t *testing.T, name, s string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(name, []byte(s), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, mode); err != nil {
		t.Fatal(err)
	}
}

func wantContent(t *testing.T, name string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s = %q, want %q", filepath.Base(name), got, want)
	}
}

func wantMode(t *testing.T, name string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != want {
		t.Errorf("%s mode %v, want %v", filepath.Base(name), fi.Mode().Perm(), want)
	}
}

func wantNoTemps(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".ospo-scan-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}
