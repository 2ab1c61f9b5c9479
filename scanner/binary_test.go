package scanner_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// TestBinarySource builds the bin fixture app and reads it as a source:
// the records are the build's modules with the packages linked and their
// directories in the module cache, fetched when missing (a fresh module
// cache) and checked against the hashes the binary records; a binary
// whose recorded hash differs from the module's content is refused,
// whether the module was cached or downloaded, naming the module.
func TestBinarySource(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	dir, env := fixture.App(t, "bin", true)
	bin := filepath.Join(t.TempDir(), "app")
	fixture.Go(t, dir, env, "build", "-o", bin, ".")
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	// The same binary, recording another hash for example.com/mit.
	sum := ""
	for _, l := range strings.Split(fixture.Go(t, dir, env, "version", "-m", bin), "\n") {
		if f := strings.Fields(l); len(f) == 4 && f[0] == "dep" && f[1] == "example.com/mit" {
			sum = f[3]
		}
	}
	if sum == "" {
		t.Fatal("no example.com/mit in go version -m")
	}
	lie := "h1:" + strings.Repeat("A", len(sum)-4) + "="
	liar := filepath.Join(t.TempDir(), "liar")
	if err := os.WriteFile(liar, bytes.ReplaceAll(data, []byte(sum), []byte(lie)), 0o755); err != nil {
		t.Fatal(err)
	}
	// The same binary, naming a module path the go command would take
	// as a flag of go mod download (as long as example.com/mit).
	flag := filepath.Join(t.TempDir(), "flag")
	if err := os.WriteFile(flag, bytes.ReplaceAll(data, []byte("example.com/mit"), []byte("-reuse=/etc/mit")), 0o755); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name      string
		file      string
		freshMC   bool // an empty module cache: everything is downloaded
		offline   bool
		wantErr   string
		wantPkgs  []string // of example.com/bin.v1
		wantFiles []string
	}{
		{name: "cached", file: bin},
		{name: "downloaded", file: bin, freshMC: true},
		{name: "offline, missing", file: bin, freshMC: true, offline: true, wantErr: "is not in the module cache and --offline forbids downloading it"},
		{name: "cached, hash differs", file: liar, wantErr: "verifying example.com/mit@v1.0.0: checksum mismatch: module cache " + sum + ", the binary records " + lie},
		{name: "downloaded, hash differs", file: liar, freshMC: true, wantErr: "verifying example.com/mit@v1.0.0: checksum mismatch: downloaded " + sum + ", the binary records " + lie},
		{name: "path is a flag", file: flag, freshMC: true, wantErr: `records module "-reuse=/etc/mit" at version "v1.0.0", which is no valid module path and version`},
		{name: "path is a flag, offline", file: flag, freshMC: true, offline: true, wantErr: `records module "-reuse=/etc/mit" at version "v1.0.0", which is no valid module path and version`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := slices.Clone(env)
			if tc.freshMC {
				e = append(e, "GOMODCACHE="+filepath.Join(t.TempDir(), "modcache"))
			}
			var started atomic.Int32
			g, err := scanner.Binary{File: tc.file, Options: scanner.LoadOptions{Dir: dir, Env: e, Offline: tc.offline, Started: func() { started.Add(1) }}, Hash: true}.Graph(context.Background())
			// LoadOptions.Started: once, unless the binary is refused
			// before any go command.
			if want := int32(1); strings.HasPrefix(tc.name, "path is a flag") {
				if n := started.Load(); n != 0 {
					t.Errorf("Started called %d times, want 0", n)
				}
			} else if n := started.Load(); n != want {
				t.Errorf("Started called %d times, want %d", n, want)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range g.Modules {
				ids = append(ids, m.ID())
				if m.Dir == "" || m.Sum == "" {
					t.Errorf("%s: Dir %q, Sum %q", m.ID(), m.Dir, m.Sum)
				}
				if _, err := os.Stat(filepath.Join(m.Dir, "LICENSE")); err != nil {
					t.Errorf("%s: %v", m.ID(), err)
				}
			}
			want := []string{"example.com/apache@v1.2.0", "example.com/bin.v1@v1.0.0", "example.com/major/v2@v2.1.0", "example.com/mit@v1.0.0", "example.com/pseudo@v0.0.0-20240101000000-abcdefabcdef"}
			if !slices.Equal(ids, want) {
				t.Errorf("modules %q, want %q", ids, want)
			}
			if got := g.Modules[1].Packages; !slices.Equal(got, []string{"example.com/bin.v1", "example.com/bin.v1/sub", "example.com/bin.v1/types"}) {
				t.Errorf("packages of bin.v1: %q", got)
			}
			if g.Main[0].Path != "example.com/binapp" || g.Binary == nil || len(g.Binary.SHA256) != 64 || g.Binary.Platform != scanner.HostPlatform(env).String() {
				t.Errorf("main %+v, binary %+v", g.Main, g.Binary)
			}
			if got := g.Deps["example.com/binapp"]; len(got) != len(want) {
				t.Errorf("deps of the main module: %q", got)
			}
		})
	}
}
