package scanner

import (
	"fmt"
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
