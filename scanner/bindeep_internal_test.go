package scanner

import (
	"runtime/debug"
	"slices"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/gobinary"
)

// TestCgoContext: the build context that chooses a binary's C files is
// its build's (GOOS, GOARCH, -tags, the Go version's release tags, the
// GOAMD64 level); none without cgo.
func TestCgoContext(t *testing.T) {
	bin := func(goVersion string, kv ...string) *gobinary.Binary {
		bi := &debug.BuildInfo{GoVersion: goVersion}
		for i := 0; i < len(kv); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return &gobinary.Binary{Build: bi}
	}
	if ctx := cgoContext(bin("go1.26.8", "CGO_ENABLED", "0", "GOOS", "linux", "GOARCH", "amd64")); ctx != nil {
		t.Errorf("CGO_ENABLED=0: %+v", ctx)
	}
	if ctx := cgoContext(bin("go1.26.8", "CGO_ENABLED", "1")); ctx != nil {
		t.Errorf("no GOOS/GOARCH: %+v", ctx)
	}
	ctx := cgoContext(bin("go1.22.3", "CGO_ENABLED", "1", "GOOS", "darwin", "GOARCH", "amd64", "GOAMD64", "v3", "-tags", "netgo, sqlite_omit"))
	if ctx == nil {
		t.Fatal("no context")
	}
	if ctx.GOOS != "darwin" || ctx.GOARCH != "amd64" || !ctx.CgoEnabled || ctx.Compiler != "gc" {
		t.Errorf("context %+v", ctx)
	}
	if !slices.Equal(ctx.BuildTags, []string{"netgo", "sqlite_omit"}) {
		t.Errorf("build tags %q", ctx.BuildTags)
	}
	if len(ctx.ReleaseTags) != 22 || ctx.ReleaseTags[21] != "go1.22" {
		t.Errorf("release tags %q", ctx.ReleaseTags)
	}
	if !slices.Equal(ctx.ToolTags, []string{"amd64.v1", "amd64.v2", "amd64.v3"}) {
		t.Errorf("tool tags %q", ctx.ToolTags)
	}
	for _, tc := range []struct {
		v    string
		want int
		ok   bool
	}{{"go1.26.8", 26, true}, {"go1.21", 21, true}, {"go1.22rc1", 22, true}, {"go1.23-20240101-abcdef", 23, true}, {"devel go1.27-abc", 0, false}, {"go2", 0, false}, {"go1.", 0, false}} {
		if n, ok := goMinor(tc.v); n != tc.want || ok != tc.ok {
			t.Errorf("goMinor(%q) = %d, %v; want %d, %v", tc.v, n, ok, tc.want, tc.ok)
		}
	}
}
