package scanner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// Cache stores results that cannot change for a given key on disk: a
// module version's detection result (module versions are immutable, go.sum
// pins them) and module graphs (see GraphKey). Writes are atomic (a
// temporary file renamed into place), so concurrent runs and a killed run
// never leave a corrupt entry. Entries are never believed blindly: one of
// another format, damaged, or decoding to no valid result (see get) is a
// miss and is rewritten. A nil *Cache caches nothing.
type Cache struct {
	dir    string
	made   sync.Map            // directories known to exist
	writes sync.WaitGroup      // writes in the background; see Close
	packs  map[string]*packSet // the packed kinds (see packSet)
}

// Close waits for the writes still running in the background and writes
// the packed entries put (see packSet). A nil *Cache has none. The cache
// can be used again afterwards.
func (c *Cache) Close() {
	if c == nil {
		return
	}
	c.writes.Wait()
	for _, s := range c.packs {
		s.close()
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
	c := &Cache{dir: dir, packs: map[string]*packSet{}}
	// The kinds a scan writes one entry of per module.
	for _, kind := range []string{"detect", "deep"} {
		c.packs[kind] = newPackSet(filepath.Join(dir, kind, "packs"))
	}
	return c, nil
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
	return !holdsEntry(filepath.Join(c.dir, kind))
}

func (c *Cache) path(kind, key string) string {
	return filepath.Join(c.dir, kind, key[:2], key+".json")
}

// entryFormat names the format of a cache entry. An entry of any other
// format (the bare payload older releases wrote, a future format) is a
// miss, and is overwritten. Change it whenever the envelope or the meaning
// of a payload changes in a way that keys do not capture.
const entryFormat = "ospo-scan cache 1"

// entry is what a cache file holds: the payload with its format, the kind
// and key it was stored under (a file copied to another name is a miss)
// and the sha256 of the payload's bytes (a file damaged in place is a
// miss). The payload is checked too: see checker.
type entry struct {
	Format string          `json:"format"`
	Kind   string          `json:"kind"`
	Key    string          `json:"key"`
	SHA256 string          `json:"sha256"`
	Data   json.RawMessage `json:"data"`
}

// checker is implemented by payloads that can tell a result from a bogus
// one: JSON that decodes but lacks what every result has (a License
// without a verdict for its files, a Graph without main modules). A
// checksum only proves that the file is what some writer wrote; check
// proves that what was written is a result.
type checker interface {
	check() error
}

// get decodes the entry into v (a pointer) and reports whether it was
// found intact: of this format, kind and key, with a matching checksum,
// and passing v's check when v is a checker. Anything else is a miss and
// leaves v unchanged; the caller computes the result and puts it, which
// overwrites the bad entry.
func (c *Cache) get(kind, key string, v any) bool {
	if c == nil {
		return false
	}
	if s := c.packs[kind]; s != nil && s.candidates(key, func(data []byte) bool { return decodeEntry(data, kind, key, v) }) {
		return true
	}
	// A file entry: of a kind not packed, or written before packs were.
	data, err := readEntryFile(c.path(kind, key))
	if err != nil {
		return false
	}
	return decodeEntry(data, kind, key, v)
}

// decodeEntry is get for the bytes of one stored entry.
func decodeEntry(data []byte, kind, key string, v any) bool {
	payload, sha, ok := splitEntry(data, kind, key)
	if !ok {
		var e entry
		if json.Unmarshal(data, &e) != nil || e.Format != entryFormat || e.Kind != kind || e.Key != key {
			return false
		}
		payload, sha = e.Data, e.SHA256
	}
	if sum := sha256.Sum256(payload); hex.EncodeToString(sum[:]) != sha {
		return false
	}
	// Decode into a fresh value: a payload that decodes only in part or
	// fails its check must not leave anything in v.
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return false
	}
	fresh := reflect.New(rv.Type().Elem())
	if json.Unmarshal(payload, fresh.Interface()) != nil {
		return false
	}
	if ch, ok := fresh.Interface().(checker); ok && ch.check() != nil {
		return false
	}
	rv.Elem().Set(fresh.Elem())
	return true
}

// splitEntry returns the payload and checksum of an entry as put writes
// it, the envelope's fields in their order with the payload last, without
// decoding the payload twice (once to find its end, once into the value:
// the graph and source index of a warm run are a megabyte each). ok is
// false for any other layout, which decodeEntry then decodes in full.
func splitEntry(data []byte, kind, key string) (payload []byte, sha string, ok bool) {
	const dataField = `","data":`
	rest, found := bytes.CutPrefix(data, []byte(`{"format":"`+entryFormat+`","kind":"`+kind+`","key":"`+key+`","sha256":"`))
	if !found || len(rest) < 64+len(dataField)+1 || rest[len(rest)-1] != '}' {
		return nil, "", false
	}
	sha, rest = string(rest[:64]), rest[64:]
	if payload, found = bytes.CutPrefix(rest[:len(rest)-1], []byte(dataField)); !found {
		return nil, "", false
	}
	return payload, sha, true
}

// put stores v under the key; failures only cost a later recomputation.
func (c *Cache) put(kind, key string, v any) {
	if c == nil {
		return
	}
	payload, err := json.Marshal(v)
	if err != nil {
		return
	}
	sum := sha256.Sum256(payload)
	data, err := json.Marshal(entry{Format: entryFormat, Kind: kind, Key: key, SHA256: hex.EncodeToString(sum[:]), Data: payload})
	if err != nil {
		return
	}
	if s := c.packs[kind]; s != nil {
		s.put(key, data)
		return
	}
	p := c.path(kind, key)
	if _, ok := c.made.Load(filepath.Dir(p)); !ok {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return
		}
		c.made.Store(filepath.Dir(p), true)
	}
	f, err := os.CreateTemp(filepath.Dir(p), tempPrefix+"*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		os.Remove(f.Name())
	}
	// Temporary files a run killed while writing here left (a few
	// entries a run, in few directories: the listing is cheap).
	sweepTemp(filepath.Dir(p), time.Now().Add(-staleTemp))
}

// check rejects a cached graph that no Load returns: no graph, no main
// module, a nil module or one without path, version or scope, modules out
// of order, no platform. (usable then checks the sources are still there.)
func (cg *cachedGraph) check() error {
	g := cg.Graph
	switch {
	case g == nil:
		return errors.New("no graph")
	case len(g.Main) == 0:
		return errors.New("no main module")
	case len(g.Platforms) == 0:
		return errors.New("no platform")
	}
	for _, m := range g.Main {
		if m.Path == "" || m.Dir == "" {
			return errors.New("main module without path or directory")
		}
	}
	for i, m := range g.Modules {
		switch {
		case m == nil:
			return fmt.Errorf("module %d is null", i)
		case m.Path == "" || m.Version == "":
			return fmt.Errorf("module %d has no path or version", i)
		case m.Scope != model.ScopeRequired && m.Scope != model.ScopeTest:
			return fmt.Errorf("module %s has scope %q", m.Path, m.Scope)
		case m.Replace != nil && m.Replace.Path == "":
			return fmt.Errorf("module %s has an empty replacement", m.Path)
		case i > 0 && g.Modules[i-1].Path > m.Path:
			return errors.New("modules out of order")
		}
	}
	return nil
}

// detectKey returns the cache key of a module's detection (listing its
// directories through lists), and false when
// the module cannot be keyed. A module version from the module cache is
// keyed by path, version and go.sum hash; anything else (a replacement
// directory, vendor/) by the content of its license files and the SPDX
// tags of its source files (as far as checkTags reads them), never by path.
func detectKey(m *model.Module, lists *listCache) (string, bool) {
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
	listing := listDirs(m, lists)
	rels, err := moduleLicenseFiles(m, listing)
	if err != nil {
		return "", false
	}
	// Read as detection reads, within the same budget: what decides the
	// result is each file's content, or for a file not read, its size
	// against the budget.
	r := &licenseReader{root: m.Dir}
	for _, rel := range license.ReadOrder(rels) {
		if license.FileRole(path.Base(rel)) == license.RoleNotice {
			fmt.Fprintf(h, "notice %s\x00", rel) // named, never read
			continue
		}
		_, sum, err := r.Read(rel)
		var skip *errSkip
		switch {
		case sum != "":
			// Read, whether or not it is text.
			fmt.Fprintf(h, "%s\x00%s\x00", rel, sum)
		case errors.As(err, &skip) && skip.budget:
			fmt.Fprintf(h, "%s\x00%s\x00", rel, skip.why)
		default:
			// Unreadable files are decided by their kind, which can
			// change without their content: do not cache.
			return "", false
		}
	}
	// The SPDX tags of the source files, as far as checkTags reads them.
	tags, _ := sourceTags(m, listing, lists, nil)
	for _, t := range tags {
		fmt.Fprintf(h, "tag %s\x00%s\x00", t.rel, t.tag)
	}
	// Without license files, the statements checkStatements reads.
	if noLicenseFiles(rels) {
		for _, s := range sourceStatements(m, listing) {
			fmt.Fprintf(h, "stmt %s\x00%s\x00%s\x00%d-%d\x00", s.Rel, s.Expr, s.Kind, s.Lines[0], s.Lines[1])
		}
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// packageDirs returns the directories, relative to the module root, that
// detection reads: the root and each used package's directory chain.
func packageDirs(m *model.Module) []string {
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
