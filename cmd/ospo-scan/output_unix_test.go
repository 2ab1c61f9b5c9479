//go:build unix

package main

import (
	"bytes"
	"fmt"
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

// TestWriteFileRelativeLinks checks that a link's relative target is
// resolved as the kernel resolves it: from the directory the link really
// is in, after the links before it (a textual join goes wrong).
func TestWriteFileRelativeLinks(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"real/sub", "work"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("../real/sub", filepath.Join(dir, "work", "subl")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../out.json", filepath.Join(dir, "real", "sub", "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(filepath.Join(dir, "work", "subl", "link.json"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	wantContent(t, filepath.Join(dir, "real", "out.json"), []byte("x"))
	if _, err := os.Stat(filepath.Join(dir, "work", "out.json")); err == nil {
		t.Error("wrote work/out.json: the link's target was joined as text")
	}
}

// TestWriteFilePipeDescriptor checks that /dev/fd/N of a pipe (bash's
// >(cmd)) is written, not mistaken for a path.
func TestWriteFilePipeDescriptor(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	name := fmt.Sprintf("/dev/fd/%d", w.Fd())
	if _, err := os.Stat(name); err != nil {
		w.Close()
		t.Skipf("no /dev/fd here: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		var b bytes.Buffer
		b.ReadFrom(r)
		got <- b.Bytes()
	}()
	err = writeFile(name, []byte("through the pipe"))
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if string(b) != "through the pipe" {
			t.Errorf("pipe got %q", b)
		}
	case <-time.After(10 * time.Second):
		t.Error("nothing came through the pipe")
	}
}

// TestWriteOutputsAllOrNothing checks that outputs are written only when
// every one can be: a later output that cannot be prepared leaves an
// earlier one as it was; two outputs reaching one file, through a link
// or as two names of standard output, are refused; /dev/null may be named
// twice.
func TestWriteOutputsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	mustWrite(t, good, "OLD", 0o644)
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.Symlink("/nonexistent/dir/x.json", dangling); err != nil {
		t.Fatal(err)
	}
	err := writeOutputs([]outputFile{{flag: "--sbom", name: good, data: []byte("NEW")}, {flag: "--format sarif", name: dangling, data: []byte("S")}}, streams{}, nil)
	if err == nil || strings.Contains(err.Error(), ".ospo-scan-") {
		t.Errorf("error %v: want one naming the output, not a temporary file", err)
	}
	wantContent(t, good, []byte("OLD"))
	wantNoTemps(t, dir)

	link := filepath.Join(dir, "b.json")
	if err := os.Symlink("good.json", link); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	for _, tt := range []struct {
		name string
		outs []outputFile
		std  []byte
	}{
		{"a link to another output", []outputFile{{flag: "--format json", name: good, data: []byte("J")}, {flag: "--format sarif", name: link, data: []byte("S")}}, nil},
		{"two names of standard output", []outputFile{{flag: "--format json", name: "/dev/stdout", data: []byte("J")}, {flag: "--format sarif", name: "/dev/fd/1", data: []byte("S")}}, nil},
		{"standard output and the report on it", []outputFile{{flag: "--format json", name: "/dev/stdout", data: []byte("J")}}, []byte("T")},
	} {
		err := writeOutputs(tt.outs, streams{stdout: &stdout}, tt.std)
		if err == nil || !strings.Contains(err.Error(), "both write") {
			t.Errorf("%s: error %v, want a refusal", tt.name, err)
		}
	}
	wantContent(t, good, []byte("OLD"))
	if stdout.Len() != 0 {
		t.Errorf("standard output written: %q", stdout.String())
	}
	if err := writeOutputs([]outputFile{{flag: "--sbom", name: "/dev/null", data: []byte("x")}, {flag: "--notice", name: "/dev/null", data: []byte("y")}}, streams{}, nil); err != nil {
		t.Errorf("/dev/null twice: %v", err)
	}
}

// TestWriteFileProtectedSymlinks checks that a symbolic link another user
// planted in a sticky world-writable directory is not followed when the
// kernel forbids it (fs.protected_symlinks, on by default on most
// systems): the output is opened through the kernel, never resolved by
// hand. It runs as root where the protection is on.
func TestWriteFileProtectedSymlinks(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to plant another user's link")
	}
	if b, err := os.ReadFile("/proc/sys/fs/protected_symlinks"); err != nil || strings.TrimSpace(string(b)) != "1" {
		t.Skip("fs.protected_symlinks is off here")
	}
	sticky := filepath.Join(t.TempDir(), "sticky")
	if err := os.Mkdir(sticky, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	os.Chmod(sticky, 0o777|os.ModeSticky)
	victim := filepath.Join(t.TempDir(), "important.conf")
	mustWrite(t, victim, "precious", 0o644)
	link := filepath.Join(sticky, "report.json")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(link, 65534, 65534); err != nil {
		t.Skip(err)
	}
	if err := writeFile(link, []byte("report")); err == nil {
		t.Error("followed a planted link the kernel protects")
	}
	wantContent(t, victim, []byte("precious"))
}
