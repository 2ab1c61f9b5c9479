package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
)

// TestPrefetchNotKeptAcrossLoads: the prefetch's results and listings
// are for the graph loaded with them. A load whose Detect never came
// leaves nothing that a later graph's Detect takes: a local replacement
// whose license file changed in between is read as it is then.
func TestPrefetchNotKeptAcrossLoads(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts func(d *Detector, o LoadOptions) LoadOptions
	}{
		{"later load not given the Detector", func(d *Detector, o LoadOptions) LoadOptions { return o }},
		{"later load given it", func(d *Detector, o LoadOptions) LoadOptions { o.Detector = d; return o }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, env := fixture.App(t, "replacedir", true)
			ctx := context.Background()
			d := NewDetector()
			opts := LoadOptions{Dir: dir, Env: env}
			first := opts
			first.Detector = d
			if _, err := Load(ctx, first); err != nil {
				t.Fatal(err)
			}
			if d.prefetched == nil {
				t.Fatal("the first load prefetched nothing")
			}
			// No Detect of that graph. The local replacement's license
			// changes (same file name) before the next load.
			if err := os.WriteFile(filepath.Join(dir, "third_party", "local", "LICENSE"), []byte(mitText), 0o644); err != nil {
				t.Fatal(err)
			}
			g, err := Load(ctx, tt.opts(d, opts))
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Detect(ctx, g.Modules, 0); err != nil {
				t.Fatal(err)
			}
			if m := moduleOf(t, g, "example.com/local"); m.License == nil || m.License.Expression != "MIT" {
				t.Errorf("example.com/local: %+v, want MIT (its license file now)", m.License)
			}
		})
	}
}

// mitText is the MIT License, as a LICENSE file holds it.
const mitText = `MIT License

Copyright (c) 2024 Local Authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`
