package scanner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Writing a cache entry costs a new file, and often a new shard
// directory: creating those inodes is nearly all of a write's time (on
// the machine of issue #13, 244 detection entries take 150-250 ms to
// write, 17 ms when their directories and files exist). A cold scan
// writes an entry per module right after the graph is loaded; stage lets
// it create those objects earlier, while the go command runs (see
// prefetch), so that put only fills a file and renames it into place.

// stagePrefix starts the names of the temporary files of the cache:
// staged ones and those put creates. Nothing reads them as entries.
const stagePrefix = ".tmp-"

// stage creates up to n empty files in kind's directory for put to fill
// (the whole cost of a write into an existing directory) and then, when n
// entries would use many of them, every shard directory, stopping early
// when stop returns true. Failures only mean that put creates its own.
func (c *Cache) stage(kind string, n int, stop func() bool) {
	if c == nil {
		return
	}
	base := filepath.Join(c.dir, kind)
	if err := os.MkdirAll(base, 0o755); err != nil {
		return
	}
	sweepStaged(base, time.Now().Add(-staleStaged))
	for range n {
		if stop() {
			return
		}
		f, err := os.CreateTemp(base, stagePrefix+"*")
		if err != nil {
			return
		}
		name := f.Name()
		if f.Close() != nil {
			os.Remove(name)
			return
		}
		c.stageMu.Lock()
		if c.staged == nil {
			c.staged = map[string][]string{}
		}
		c.staged[kind] = append(c.staged[kind], name)
		c.stageMu.Unlock()
	}
	// Then the directories, of which n keys use 256*(1-(255/256)^n):
	// 40% for n = 128 (yq's 33 modules would use 1 in 8).
	if n < 128 {
		return
	}
	for i := range 256 {
		if stop() {
			return
		}
		d := filepath.Join(base, fmt.Sprintf("%02x", i))
		if err := os.Mkdir(d, 0o755); err != nil && !os.IsExist(err) {
			return
		}
		c.made.Store(d, true)
	}
}

// stagedFile returns a staged file of kind opened for writing, or nil.
func (c *Cache) stagedFile(kind string) *os.File {
	c.stageMu.Lock()
	defer c.stageMu.Unlock()
	for names := c.staged[kind]; len(names) > 0; names = c.staged[kind] {
		name := names[len(names)-1]
		c.staged[kind] = names[:len(names)-1]
		if f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0); err == nil {
			return f
		}
	}
	return nil
}

// staleStaged is the age after which a staged file is one a killed run
// (kill -9) left behind: no run stages for that long.
const staleStaged = time.Hour

// sweepStaged removes the staged files in dir last changed before
// cutoff, which runs killed before unstage left there.
func sweepStaged(dir string, cutoff time.Time) {
	files, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, f := range files {
		if !f.Type().IsRegular() || !strings.HasPrefix(f.Name(), stagePrefix) {
			continue
		}
		if info, err := f.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(filepath.Join(dir, f.Name()))
		}
	}
}

// unstage removes the staged files not used.
func (c *Cache) unstage() {
	if c == nil {
		return
	}
	c.stageMu.Lock()
	staged := c.staged
	c.staged = nil
	c.stageMu.Unlock()
	for _, names := range staged {
		for _, name := range names {
			os.Remove(name)
		}
	}
}

// holdsEntry reports whether dir, a kind's directory, holds an entry in
// one of its shards (directories staged empty and temporary files do
// not count).
func holdsEntry(dir string) bool {
	shards, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, s := range shards {
		if !s.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(dir, s.Name()))
		if err != nil {
			continue
		}
		for _, f := range files {
			if !strings.HasPrefix(f.Name(), stagePrefix) {
				return true
			}
		}
	}
	return false
}
