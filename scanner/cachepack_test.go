package scanner

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

func testLicense(id string) *model.License {
	return &model.License{Expression: id, Evidence: []model.Evidence{{File: "LICENSE", Verdict: model.VerdictLicense, License: id, Matches: []model.Match{{ID: id, Coverage: 100}}}}}
}

func packFiles(t *testing.T, dir, kind string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, kind, "packs", "*.pack"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPackRoundTrip: packed entries are found in the same run (before the
// pack is written) and in later runs, from one file per run; a cache of
// only temporary files is empty, one with a pack is not.
func TestPackRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{strings.Repeat("ab", 32), strings.Repeat("cd", 32), strings.Repeat("ef", 32)}
	ids := []string{"MIT", "ISC", "Apache-2.0"}
	for i, k := range keys {
		c.put("detect", k, testLicense(ids[i]))
	}
	check := func(c *Cache, when string) {
		t.Helper()
		for i, k := range keys {
			var got cachedLicense
			if !c.get("detect", k, &got) {
				t.Fatalf("%s: entry %s not found", when, k[:4])
			}
			if diff := cmp.Diff(licenseJSON(t, testLicense(ids[i])), licenseJSON(t, (*model.License)(&got))); diff != "" {
				t.Errorf("%s: entry %s (-put +got):\n%s", when, k[:4], diff)
			}
		}
		var got cachedLicense
		if c.get("detect", strings.Repeat("00", 32), &got) {
			t.Errorf("%s: an entry never put was found", when)
		}
	}
	check(c, "same run")
	if n := len(packFiles(t, dir, "detect")); n != 0 {
		t.Errorf("%d packs before Close, want 0", n)
	}
	if !c.Empty() {
		t.Error("cache empty of written entries is not Empty")
	}
	c.Close()
	if n := len(packFiles(t, dir, "detect")); n != 1 {
		t.Fatalf("%d packs after Close, want 1", n)
	}
	if c.Empty() {
		t.Error("a cache with a pack is Empty")
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "detect", "[0-9a-f][0-9a-f]", "*")); len(files) != 0 {
		t.Errorf("packed kind wrote %d files of its own", len(files))
	}
	check(c, "same cache after Close")
	c2, _ := OpenCache(dir)
	check(c2, "next run")
	c2.Close()
	if n := len(packFiles(t, dir, "detect")); n != 1 {
		t.Errorf("a run that put nothing wrote a pack: %d packs", n)
	}
	// Kinds not packed keep a file per entry.
	c2.put("goenv", keys[0], map[string]string{"a": "b"})
	if files, _ := filepath.Glob(filepath.Join(dir, "goenv", "*", "*.json")); len(files) != 1 {
		t.Errorf("goenv: %d files, want 1", len(files))
	}
}

// TestPackLegacyFiles: an entry file written before packs existed is
// still read.
func TestPackLegacyFiles(t *testing.T) {
	dir := t.TempDir()
	c, _ := OpenCache(dir)
	key := strings.Repeat("12", 32)
	c.packs = map[string]*packSet{} // writes as before packs
	c.put("detect", key, testLicense("ISC"))
	c2, _ := OpenCache(dir)
	var got cachedLicense
	if !c2.get("detect", key, &got) || got.Expression != "ISC" {
		t.Errorf("legacy entry file not read: %+v", got)
	}
}

// TestPackDamaged: damaged packs (truncated, an index pointing outside
// the file, a wrong magic, an entry's bytes changed) are misses, never a
// crash, and a later run's pack serves the key.
func TestPackDamaged(t *testing.T) {
	key := strings.Repeat("ab", 32)
	damage := map[string]func([]byte) []byte{
		"truncated":     func(b []byte) []byte { return b[:len(b)/2] },
		"header only":   func(b []byte) []byte { return b[:len(packMagic)+3] },
		"empty":         func([]byte) []byte { return nil },
		"other magic":   func(b []byte) []byte { return append([]byte("ospo-scan pack 9\n"), b[len(packMagic):]...) },
		"entry changed": func(b []byte) []byte { return []byte(strings.Replace(string(b), "ISC", "MIT", 1)) },
		"huge count": func(b []byte) []byte {
			b = append([]byte(nil), b...)
			binary.LittleEndian.PutUint32(b[len(packMagic):], 0xffffffff)
			return b
		},
		"huge index": func(b []byte) []byte {
			b = append([]byte(nil), b...)
			binary.LittleEndian.PutUint32(b[len(packMagic)+4:], 0xffffffff)
			return b
		},
		"offset outside": func(b []byte) []byte {
			b = append([]byte(nil), b...)
			off := len(packMagic) + 8 + 2 + len(key)
			binary.LittleEndian.PutUint64(b[off:], 1<<62)
			return b
		},
		"length outside": func(b []byte) []byte {
			b = append([]byte(nil), b...)
			off := len(packMagic) + 8 + 2 + len(key) + 8
			binary.LittleEndian.PutUint32(b[off:], 0xfffffff0)
			return b
		},
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			c, _ := OpenCache(dir)
			c.put("detect", key, testLicense("ISC"))
			c.Close()
			packs := packFiles(t, dir, "detect")
			if len(packs) != 1 {
				t.Fatalf("%d packs", len(packs))
			}
			data, _ := os.ReadFile(packs[0])
			if err := os.WriteFile(packs[0], f(data), 0o644); err != nil {
				t.Fatal(err)
			}
			c2, _ := OpenCache(dir)
			var got cachedLicense
			if c2.get("detect", key, &got) {
				t.Fatalf("damaged pack believed: %+v", got)
			}
			c2.put("detect", key, testLicense("ISC"))
			c2.Close()
			c3, _ := OpenCache(dir)
			if !c3.get("detect", key, &got) || got.Expression != "ISC" {
				t.Errorf("the rewritten entry is not found: %+v", got)
			}
			c3.Close()
		})
	}
}

// TestPackMerge: beyond maxPacks, the packs are merged into one holding
// every key once; a damaged pack is dropped by the merge.
func TestPackMerge(t *testing.T) {
	dir := t.TempDir()
	var keys []string
	for i := range maxPacks + 1 {
		c, _ := OpenCache(dir)
		k := fmt.Sprintf("%064x", i)
		keys = append(keys, k)
		c.put("detect", k, testLicense("MIT"))
		c.put("detect", strings.Repeat("ff", 32), testLicense("MIT")) // in every pack
		c.Close()
		if i == 2 {
			p := packFiles(t, dir, "detect")
			if err := os.WriteFile(filepath.Join(dir, "detect", "packs", "zz-damaged.pack"), []byte("junk"), 0o644); err != nil || len(p) != 3 {
				t.Fatal(err, len(p))
			}
		}
	}
	// The damaged pack made the ninth file at the eighth run: merged
	// then, and one more pack since.
	packs := packFiles(t, dir, "detect")
	if len(packs) != 2 {
		t.Fatalf("%d packs after %d runs, want 2 (merged, then one)", len(packs), maxPacks+1)
	}
	if _, err := os.Stat(filepath.Join(dir, "detect", "packs", "zz-damaged.pack")); err == nil {
		t.Error("the damaged pack was kept")
	}
	c, _ := OpenCache(dir)
	c.packs["detect"].load()
	for _, k := range append(keys, strings.Repeat("ff", 32)) {
		want := 1
		if k[0] == 'f' {
			want = 2 // once in the merged pack, once in the last
		}
		if n := len(c.packs["detect"].index[k]); n != want {
			t.Errorf("key %s in %d places, want %d", k[:8], n, want)
		}
		var got cachedLicense
		if !c.get("detect", k, &got) {
			t.Errorf("key %s lost by the merge", k[:8])
		}
	}
	c.Close()
}

// TestPackConcurrent: runs writing and reading the same kinds at once
// (goroutines here, processes in use) lose nothing they closed and
// believe nothing damaged.
func TestPackConcurrent(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for r := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := OpenCache(dir)
			if err != nil {
				t.Error(err)
				return
			}
			for i := range 20 {
				k := fmt.Sprintf("%064x", r*100+i)
				c.put("deep", k, testLicense("MIT"))
				var got cachedLicense
				c.get("deep", fmt.Sprintf("%064x", (r+1)*100+i), &got)
			}
			c.Close()
		}()
	}
	wg.Wait()
	c, _ := OpenCache(dir)
	for r := range 12 {
		for i := range 20 {
			var got cachedLicense
			if !c.get("deep", fmt.Sprintf("%064x", r*100+i), &got) || got.Expression != "MIT" {
				t.Fatalf("run %d entry %d lost", r, i)
			}
		}
	}
	if n := len(packFiles(t, dir, "deep")); n > maxPacks {
		t.Errorf("%d packs, want at most %d", n, maxPacks)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, "deep", "packs", tempPrefix+"*")); len(tmps) != 0 {
		t.Errorf("%d temporary files left", len(tmps))
	}
}

// TestSweepTemp: a temporary file older than an hour (a run killed while
// writing) is removed when a later run writes a pack; a fresh one
// (another run's, still writing) and other files are kept.
func TestSweepTemp(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "detect", "packs")
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	for name, mtime := range map[string]time.Time{tempPrefix + "old": old, tempPrefix + "fresh": time.Now(), "entry-old": old} {
		p := filepath.Join(base, name)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	c.put("detect", strings.Repeat("ab", 32), testLicense("MIT"))
	c.Close()
	for name, want := range map[string]bool{tempPrefix + "old": false, tempPrefix + "fresh": true, "entry-old": true} {
		_, err := os.Stat(filepath.Join(base, name))
		if got := err == nil; got != want {
			t.Errorf("%s kept = %v, want %v", name, got, want)
		}
	}
}

// TestDecodeEntryLayouts: an entry as put writes it is split without a
// second decoding pass; the same entry with its fields in another order
// decodes the long way, and a payload with trailing bytes,
// a checksum of other bytes or another key is a miss either way.
func TestDecodeEntryLayouts(t *testing.T) {
	key := strings.Repeat("ab", 32)
	c, _ := OpenCache(t.TempDir())
	c.packs = map[string]*packSet{}
	c.put("goenv", key, testLicense("MIT"))
	data, err := os.ReadFile(c.path("goenv", key))
	if err != nil {
		t.Fatal(err)
	}
	payload, sha, ok := splitEntry(data, "goenv", key)
	if !ok {
		t.Fatalf("entry as put not split: %s", data)
	}
	var e entry
	if err := json.Unmarshal(data, &e); err != nil || string(e.Data) != string(payload) || e.SHA256 != sha {
		t.Fatalf("split gives %s %s, decoding gives %s %s", payload, sha, e.Data, e.SHA256)
	}
	reordered, _ := json.Marshal(map[string]any{"data": e.Data, "sha256": e.SHA256, "key": key, "kind": "goenv", "format": entryFormat})
	// Trailing bytes after the payload, with a checksum that covers them.
	bad := append(append([]byte(nil), payload...), `,"x":1`...)
	sum := sha256.Sum256(bad)
	trailing := `{"format":"` + entryFormat + `","kind":"goenv","key":"` + key + `","sha256":"` + hex.EncodeToString(sum[:]) + `","data":` + string(bad) + `}`
	if _, _, ok := splitEntry([]byte(trailing), "goenv", key); !ok {
		t.Fatal("trailing case not split")
	}
	for _, tc := range []struct {
		name string
		data string
		want bool
	}{
		{"as put", string(data), true},
		{"reordered", string(reordered), true},
		{"trailing bytes in the payload", trailing, false},
		{"other key", strings.Replace(string(data), key, strings.Repeat("cd", 32), 1), false},
		{"other kind", strings.Replace(string(data), `"goenv"`, `"graph"`, 1), false},
		{"checksum of other bytes", strings.Replace(string(data), `"MIT"`, `"ISC"`, 1), false},
		{"cut", string(data[:len(data)-1]), false},
	} {
		var got cachedLicense
		if ok := decodeEntry([]byte(tc.data), "goenv", key, &got); ok != tc.want {
			t.Errorf("%s: decoded %v, want %v", tc.name, ok, tc.want)
		} else if ok && got.Expression != "MIT" {
			t.Errorf("%s: decoded %+v", tc.name, got)
		}
	}
}

// FuzzPackIndex: any bytes as a pack give an index whose every entry
// lies within the file, or an error; never a panic or a huge allocation.
func FuzzPackIndex(f *testing.F) {
	dir := f.TempDir()
	if err := writePack(dir, map[string][]byte{strings.Repeat("ab", 32): []byte(`{"a":1}`), "k": nil}); err != nil {
		f.Fatal(err)
	}
	names, _ := packNames(dir)
	good, err := os.ReadFile(filepath.Join(dir, names[0]))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(packMagic))
	f.Add(append([]byte(packMagic), 1, 0, 0, 0, 14, 0, 0, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		name := filepath.Join(t.TempDir(), "f.pack")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		p, keys, err := openPack(name)
		if err != nil {
			return
		}
		defer p.f.Close()
		for _, k := range keys {
			if k.off < 0 || k.n < 0 || p.data+k.off+k.n > int64(len(data)) {
				t.Fatalf("entry %q at %d+%d outside a file of %d bytes", k.key, k.off, k.n, len(data))
			}
			buf := make([]byte, k.n)
			if _, err := p.f.ReadAt(buf, p.data+k.off); err != nil && k.n > 0 {
				t.Fatalf("entry %q: %v", k.key, err)
			}
		}
	})
}

// TestSweepTempEntryFiles: a put of a kind not packed removes the
// temporary files an hour old in its shard directory (a run killed
// while writing), and keeps a fresh one.
func TestSweepTempEntryFiles(t *testing.T) {
	dir := t.TempDir()
	c, _ := OpenCache(dir)
	key := strings.Repeat("ab", 32)
	shard := filepath.Join(dir, "graph", key[:2])
	if err := os.MkdirAll(shard, 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	for name, mtime := range map[string]time.Time{tempPrefix + "old": old, tempPrefix + "fresh": time.Now()} {
		p := filepath.Join(shard, name)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	c.put("graph", key, map[string]string{"a": "b"})
	for name, want := range map[string]bool{tempPrefix + "old": false, tempPrefix + "fresh": true, key + ".json": true} {
		_, err := os.Stat(filepath.Join(shard, name))
		if got := err == nil; got != want {
			t.Errorf("%s kept = %v, want %v", name, got, want)
		}
	}
}
