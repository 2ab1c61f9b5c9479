package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/google/licensecheck"
)

// Cache stores results that cannot change for a given key on disk: a
// module version's detection result (module versions are immutable, go.sum
// pins them) and module graphs (see GraphKey). Writes are atomic (a
// temporary file renamed into place), so concurrent runs and a killed run
// never leave a corrupt entry; an entry that does not decode is ignored and
// rewritten. A nil *Cache caches nothing.
type Cache struct {
	dir    string
	made   sync.Map       // directories known to exist
	writes sync.WaitGroup // writes in the background; see Close
}

// Close waits for the writes still running in the background. A nil
// *Cache has none.
func (c *Cache) Close() {
	if c != nil {
		c.writes.Wait()
	}
}

// putLater is put in the background, for entries that need not be on
// disk before the run goes on; v must not change afterwards.
func (c *Cache) putLater(kind, key string, v any) {
	if c == nil {
		return
	}
	c.writes.Add(1)
	go func() {
		defer c.writes.Done()
		c.put(kind, key, v)
	}()
}

// OpenCache returns a cache rooted at dir, creating it.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache directory: %w", err)
	}
	return &Cache{dir: dir}, nil
}

// DefaultCacheDir returns os.UserCacheDir()/ospo-scan.
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "ospo-scan"), nil
}

// Empty reports whether the cache holds no detection results yet (or is
// nil), so that a first run knows it will need the license scanner.
func (c *Cache) Empty() bool { return c.none("detect") }

// none reports whether the cache holds no entries of a kind (or is nil).
func (c *Cache) none(kind string) bool {
	if c == nil {
		return true
	}
	entries, err := os.ReadDir(filepath.Join(c.dir, kind))
	return err != nil || len(entries) == 0
}

func (c *Cache) path(kind, key string) string {
	return filepath.Join(c.dir, kind, key[:2], key+".json")
}

// get decodes the entry into v and reports whether it was found intact.
func (c *Cache) get(kind, key string, v any) bool {
	if c == nil {
		return false
	}
	data, err := os.ReadFile(c.path(kind, key))
	if err != nil {
		return false
	}
	return json.Unmarshal(data, v) == nil
}

// put stores v under the key; failures only cost a later recomputation.
func (c *Cache) put(kind, key string, v any) {
	if c == nil {
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	p := c.path(kind, key)
	if _, ok := c.made.Load(filepath.Dir(p)); !ok {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return
		}
		c.made.Store(filepath.Dir(p), true)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		os.Remove(f.Name())
	}
}

var (
	detectorIDOnce sync.Once
	detectorID     string
)

// detectorFingerprint identifies the detector: its version, licensecheck's
// built-in list and every pattern added to it, so an upgrade invalidates
// cached results. A release or clean build is identified by its build
// information (see buildFingerprint), which costs nothing; any other build
// hashes the patterns themselves (4.4 MB, some 8 ms).
func detectorFingerprint() string {
	detectorIDOnce.Do(func() {
		if bi, ok := debug.ReadBuildInfo(); ok {
			if id, ok := buildFingerprint(bi); ok {
				detectorID = id
				return
			}
		}
		h := sha256.New()
		io.WriteString(h, DetectorVersion)
		for _, l := range extraLicenses(licensecheck.BuiltinLicenses()) {
			fmt.Fprintf(h, "\x00%s\x00%s\x00%s", l.ID, l.LRE, l.URL)
		}
		detectorID = hex.EncodeToString(h.Sum(nil))
	})
	return detectorID
}

// buildFingerprint identifies the detector by the build: ospo-scan's own
// source (a module version with its go.sum hash, as `go install m@v`
// records, or a VCS revision without local modifications) and the
// licensecheck module version and hash pin every pattern. It reports false
// for any other build: a modified work tree, a test binary, a replaced
// licensecheck.
func buildFingerprint(bi *debug.BuildInfo) (string, bool) {
	var self string
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" && bi.Main.Sum != "" {
		self = "module " + bi.Main.Path + "@" + bi.Main.Version + " " + bi.Main.Sum
	} else {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev == "" || modified != "false" {
			return "", false
		}
		self = "vcs " + rev
	}
	var lc *debug.Module
	for _, d := range bi.Deps {
		if d.Path == "github.com/google/licensecheck" {
			lc = d
		}
	}
	if lc == nil || lc.Replace != nil || lc.Version == "" || lc.Sum == "" {
		return "", false
	}
	h := sha256.New()
	fmt.Fprintf(h, "detector %s\x00%s\x00licensecheck %s %s", DetectorVersion, self, lc.Version, lc.Sum)
	return "build-" + hex.EncodeToString(h.Sum(nil)), true
}

// detectKey returns the cache key of a module's detection, and false when
// the module cannot be keyed. A module version from the module cache is
// keyed by path, version and go.sum hash; anything else (a replacement
// directory, vendor/) by the content of its license files, never by path.
func detectKey(m *Module) (string, bool) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", detectorFingerprint(), m.Path)
	dirs := packageDirs(m)
	fmt.Fprintf(h, "%s\x00", strings.Join(dirs, ","))
	byVersion := m.Sum != "" && !m.Vendored && (m.Replace == nil || m.Replace.Version != "")
	if byVersion {
		fmt.Fprintf(h, "v\x00%s\x00%s", m.Version, m.Sum)
		if m.Replace != nil {
			fmt.Fprintf(h, "\x00%s@%s", m.Replace.Path, m.Replace.Version)
		}
		return hex.EncodeToString(h.Sum(nil)), true
	}
	if m.Dir == "" {
		return "", false
	}
	io.WriteString(h, "c\x00")
	for _, dir := range dirs {
		entries, err := os.ReadDir(filepath.Join(m.Dir, filepath.FromSlash(dir)))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() || FileRole(e.Name()) == "" {
				continue
			}
			rel := path.Join(dir, e.Name())
			_, sum, err := readLicenseFile(m.Dir, filepath.Join(m.Dir, filepath.FromSlash(rel)))
			if err != nil {
				// Unreadable files are decided by their kind, which can
				// change without their content: do not cache.
				return "", false
			}
			fmt.Fprintf(h, "%s\x00%s\x00", rel, sum)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// packageDirs returns the directories, relative to the module root, that
// detection reads: the root and each used package's directory chain.
func packageDirs(m *Module) []string {
	set := map[string]bool{".": true}
	for _, p := range m.Packages {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, m.Path), "/")
		if rel == p || strings.HasPrefix(rel, "vendor/") || strings.Contains(rel, "/vendor/") {
			continue
		}
		for rel != "" && rel != "." {
			set[rel] = true
			rel = path.Dir(rel)
		}
	}
	out := make([]string, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}
