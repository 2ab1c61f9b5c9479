package scanner

import (
	"path/filepath"
	"strings"
	"sync"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// listCache holds the listings of the directories read during one scan,
// by absolute path: the prefetch, detection and the deep scan read the
// same package directories, and the prefetch lists those of the packages
// the go command prints while detection has nothing else to do. A scan
// lists a directory once; its listing is as of that moment, as when each
// step listed it itself a few milliseconds apart. A nil *listCache
// caches nothing.
type listCache struct {
	mu   sync.Mutex
	m    map[string]dirEntries
	tags map[string]headerTag // readHeaderTag's answers, by file
}

// headerTag is what readHeaderTag returns for a file.
type headerTag struct {
	tag  string
	line int
}

// list returns the entries of dir, sorted by name (os.ReadDir).
func (c *listCache) list(dir string) dirEntries {
	if e, ok := c.cached(dir); ok {
		return e
	}
	e := readDirEntries(dir)
	if e.err != nil {
		// Not kept: a directory the go command has yet to extract
		// is there when detection lists it again.
		return e
	}
	return c.keep(dir, e)
}

// cached returns the listing of dir, if it has one.
func (c *listCache) cached(dir string) (dirEntries, bool) {
	if c == nil {
		return dirEntries{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[dir]
	return e, ok
}

// keep keeps the listing e of dir, unless it has one: the first listing
// is the scan's. It returns the listing kept (e without a cache).
func (c *listCache) keep(dir string, e dirEntries) dirEntries {
	if c == nil {
		return e
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return keepFirst(&c.m, dir, e)
}

// keepFirst stores v under k in *m (made on first use) unless k has a
// value already, and returns the value kept.
func keepFirst[V any](m *map[string]V, k string, v V) V {
	if old, ok := (*m)[k]; ok {
		return old
	}
	if *m == nil {
		*m = map[string]V{}
	}
	(*m)[k] = v
	return v
}

// headerTag is readHeaderTag(name), read once per scan.
func (c *listCache) headerTag(name string) (string, int) {
	if c == nil {
		return readHeaderTag(name)
	}
	c.mu.Lock()
	t, ok := c.tags[name]
	c.mu.Unlock()
	if !ok {
		t.tag, t.line = readHeaderTag(name)
		t = c.putTag(name, t)
	}
	return t.tag, t.line
}

// warmPackage lists a package's directory and reads the header tag of
// its first Go file (not a test), as sourceTags reads a used package.
func (c *listCache) warmPackage(dir string) {
	for _, e := range c.list(dir).entries {
		if isTagSource(e) {
			c.headerTag(filepath.Join(dir, e.Name()))
			return
		}
	}
}

// putTag keeps t as the header tag of file name, as readHeaderTag
// reads it (see deepAhead.keepTag), unless it has one, and returns the
// tag kept (t without a cache).
func (c *listCache) putTag(name string, t headerTag) headerTag {
	if c == nil {
		return t
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return keepFirst(&c.tags, name, t)
}

// has reports whether dir has been listed.
func (c *listCache) has(dir string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[dir]
	return ok
}

// reset forgets every listing.
func (c *listCache) reset() {
	c.mu.Lock()
	c.m, c.tags = nil, nil
	c.mu.Unlock()
}

// listDirs lists the directories of a module that detection reads,
// through c.
func listDirs(m *model.Module, c *listCache) dirListing {
	out := dirListing{}
	for _, dir := range packageDirs(m) {
		out[dir] = c.list(filepath.Join(m.Dir, filepath.FromSlash(dir)))
	}
	return out
}

// chainDirs returns pkgDir and its parents up to and including the
// module root modDir; none when pkgDir is not inside modDir.
func chainDirs(modDir, pkgDir string) []string {
	rel, err := filepath.Rel(modDir, pkgDir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil
	}
	var out []string
	for {
		out = append(out, filepath.Join(modDir, rel))
		if rel == "." {
			return out
		}
		rel = filepath.Dir(rel)
	}
}
