//go:build unix

package scanner

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCacheEntryNotRegular: a cache entry that is not a regular file (a
// FIFO, a symlink to /dev/zero, a directory), whether an entry file or a
// pack, is a miss: a lookup never blocks on it nor reads it without end,
// and a run merging the packs past it does not either.
func TestCacheEntryNotRegular(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	key := strings.Repeat("ab", 32)
	makers := map[string]func(p string) error{
		"fifo":           func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"link to zero":   func(p string) error { return os.Symlink("/dev/zero", p) },
		"directory":      func(p string) error { return os.Mkdir(p, 0o755) },
		"link to a fifo": func(p string) error { f := p + ".fifo"; return errorsJoin(syscall.Mkfifo(f, 0o644), os.Symlink(f, p)) },
	}
	for name, mk := range makers {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			c, err := OpenCache(dir)
			if err != nil {
				t.Fatal(err)
			}
			// An entry file of a kind not packed (and of a packed one,
			// as releases before packs wrote it).
			for _, kind := range []string{"goenv", "detect"} {
				p := c.path(kind, key)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := mk(p); err != nil {
					t.Fatal(err)
				}
			}
			// Packs, more than maxPacks so that Close merges.
			packs := filepath.Join(dir, "detect", "packs")
			if err := os.MkdirAll(packs, 0o755); err != nil {
				t.Fatal(err)
			}
			for i := range maxPacks + 1 {
				if err := mk(filepath.Join(packs, "p"+strings.Repeat("x", i+1)+".pack")); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan bool)
			go func() {
				var got map[string]string
				var lic cachedLicense
				hit := c.get("goenv", key, &got) || c.get("detect", key, &lic)
				c.put("detect", strings.Repeat("cd", 32), testLicense("MIT"))
				c.Close()
				done <- hit
			}()
			select {
			case hit := <-done:
				if hit {
					t.Error("an entry that is not a regular file was a hit")
				}
			case <-time.After(10 * time.Second):
				t.Fatal("get or Close blocked on an entry that is not a regular file")
			}
		})
	}
}

func errorsJoin(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestPackIndexBounded: a pack whose header states an index of 4 GiB (a
// sparse file of that size, as damage or a hostile cache can leave) is a
// miss without reading the index into memory.
func TestPackIndexBounded(t *testing.T) {
	dir := t.TempDir()
	packs := filepath.Join(dir, "detect", "packs")
	if err := os.MkdirAll(packs, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(packs, "phuge.pack"))
	if err != nil {
		t.Fatal(err)
	}
	head := append([]byte(packMagic), binary.LittleEndian.AppendUint32(nil, 1)...)
	head = binary.LittleEndian.AppendUint32(head, 0xffffff00)
	if _, err := f.Write(head); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 32); err != nil {
		t.Skip("no sparse file of 4 GiB here:", err)
	}
	f.Close()
	c, _ := OpenCache(dir)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var got cachedLicense
	if c.get("detect", strings.Repeat("ab", 32), &got) {
		t.Error("hit in a pack of zeros")
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
		t.Errorf("a lookup allocated %d MiB for a damaged index", n>>20)
	}
	c.Close()
}

// TestPackMergeKeepsUnreadable: a pack this run cannot open (its
// permissions, another user's cache) is not taken for a damaged one and
// removed when the packs are merged.
func TestPackMergeKeepsUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	dir := t.TempDir()
	for i := range maxPacks {
		c, _ := OpenCache(dir)
		c.put("detect", fmt.Sprintf("%064x", i), testLicense("MIT"))
		c.Close()
	}
	locked := packFiles(t, dir, "detect")[0]
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	c, _ := OpenCache(dir)
	c.put("detect", fmt.Sprintf("%064x", maxPacks), testLicense("MIT"))
	c.Close() // maxPacks+1 packs: merges
	if _, err := os.Stat(locked); err != nil {
		t.Errorf("a pack that could not be opened was removed by the merge: %v", err)
	}
}

// TestOpenPackErrors: only a file that is not a pack of this format, or
// whose index is damaged, is reported damaged (and so removed by a
// merge); one that cannot be opened, or is not a regular file, is not.
func TestOpenPackErrors(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.pack")
	if err := os.WriteFile(junk, []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.pack")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, damaged := range map[string]bool{junk: true, filepath.Join(dir, "missing.pack"): false, fifo: false, dir: false} {
		_, _, err := openPack(name)
		if err == nil || errors.Is(err, errDamaged) != damaged {
			t.Errorf("%s: err = %v, want damaged = %v", filepath.Base(name), err, damaged)
		}
	}
}
