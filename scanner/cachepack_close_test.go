package scanner

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// TestPackGetDuringClose: lookups running while the cache is closed (twice)
// are misses or hits, never a data race (go test -race), and the cache
// serves every entry again after Close.
func TestPackGetDuringClose(t *testing.T) {
	dir := t.TempDir()
	c, _ := OpenCache(dir)
	for i := range 50 {
		c.put("detect", fmt.Sprintf("%064x", i), testLicense("MIT"))
	}
	c.Close()
	c, _ = OpenCache(dir)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				var got cachedLicense
				if c.get("detect", fmt.Sprintf("%064x", (i+g)%50), &got) && got.Expression != "MIT" {
					t.Errorf("entry %d: %q", (i+g)%50, got.Expression)
				}
			}
		}()
	}
	c.Close()
	c.Close()
	wg.Wait()
	for i := range 50 {
		var got cachedLicense
		if !c.get("detect", fmt.Sprintf("%064x", i), &got) {
			t.Errorf("entry %d lost after Close", i)
		}
	}
	c.Close()
}

// TestPackMergeBounded: a merge of many packs (runs at the same time,
// or files put in the cache) reads at most mergeLimit bytes of them
// into memory; the packs it leaves are merged later.
func TestPackMergeBounded(t *testing.T) {
	dir := t.TempDir()
	packs := filepath.Join(dir, "detect", "packs")
	if err := os.MkdirAll(packs, 0o755); err != nil {
		t.Fatal(err)
	}
	// 12 packs of one 16 MiB entry each (sparse: zeros, never
	// believed, only copied by the merge).
	const n = 16 << 20
	for i := range 12 {
		key := fmt.Sprintf("%064x", i)
		idx := binary.LittleEndian.AppendUint16(nil, uint16(len(key)))
		idx = append(idx, key...)
		idx = binary.LittleEndian.AppendUint64(idx, 0)
		idx = binary.LittleEndian.AppendUint32(idx, n)
		head := append([]byte(packMagic), binary.LittleEndian.AppendUint32(nil, 1)...)
		head = binary.LittleEndian.AppendUint32(head, uint32(len(idx)))
		name := filepath.Join(packs, fmt.Sprintf("p%02d.pack", i))
		if err := os.WriteFile(name, append(head, idx...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(name, int64(len(head)+len(idx)+n)); err != nil {
			t.Fatal(err)
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	mergePacks(packs)
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > mergeLimit+mergeLimit/2 {
		t.Errorf("merging 12 packs of 16 MiB allocated %d MiB, want about %d at most", got>>20, mergeLimit>>20)
	}
	names, _ := packNames(packs)
	if len(names) >= 12 || len(names) < 2 {
		t.Errorf("%d packs after the merge, want fewer than 12, some left", len(names))
	}
}

// TestPackDuplicateKeys: a damaged index that lists a key many times
// (writePack lists each once) makes one candidate per pack, not one read
// per record: a lookup reads the entry's bytes once.
func TestPackDuplicateKeys(t *testing.T) {
	dir := t.TempDir()
	packs := filepath.Join(dir, "detect", "packs")
	if err := os.MkdirAll(packs, 0o755); err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("%064x", 1)
	const n, dups = 1 << 20, 2000
	var idx []byte
	for range dups {
		idx = binary.LittleEndian.AppendUint16(idx, uint16(len(key)))
		idx = append(idx, key...)
		idx = binary.LittleEndian.AppendUint64(idx, 0)
		idx = binary.LittleEndian.AppendUint32(idx, n)
	}
	head := append([]byte(packMagic), binary.LittleEndian.AppendUint32(nil, dups)...)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(idx)))
	name := filepath.Join(packs, "pdup.pack")
	if err := os.WriteFile(name, append(head, idx...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(name, int64(len(head)+len(idx)+n)); err != nil {
		t.Fatal(err)
	}
	c, _ := OpenCache(dir)
	defer c.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var got cachedLicense
	if c.get("detect", key, &got) {
		t.Error("hit in an entry of zeros")
	}
	runtime.ReadMemStats(&after)
	if a := after.TotalAlloc - before.TotalAlloc; a > 16<<20 {
		t.Errorf("a lookup of a key listed %d times allocated %d MiB", dups, a>>20)
	}
}
