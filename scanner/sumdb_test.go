package scanner_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// TestScopeModulesChecksumDatabase: with --scope modules, a module whose
// h1: line go.sum lacks (go mod tidy records them only for modules that
// provide packages) is verified against the checksum database, here a
// local one, and go.sum is left as it was.
func TestScopeModulesChecksumDatabase(t *testing.T) {
	dir, env := fixture.App(t, "clean", true)
	tidy, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	real := map[string]string{} // "path version" -> h1
	for _, l := range strings.Split(string(tidy), "\n") {
		if f := strings.Fields(l); len(f) == 3 {
			real[f[0]+" "+f[1]] = f[2]
		}
	}
	const mit = "example.com/mit v1.0.0"
	if real[mit] == "" {
		t.Fatalf("no %s line in go.sum:\n%s", mit, tidy)
	}
	dropSumLines(t, filepath.Join(dir, "go.sum"), mit+" h1:")
	before := fixture.Snapshot(t, dir)

	tests := []struct {
		name    string
		lie     bool     // the database answers a wrong hash for mit
		cached  bool     // mit is in the module cache already
		env     []string // on top of the database's
		wantErr string
	}{
		{name: "verified by the database"},
		{name: "the database disagrees", lie: true, wantErr: "example.com/mit@v1.0.0: verifying module: checksum mismatch"},
		{name: "cached, verified by the database", cached: true},
		{name: "cached, the database disagrees", cached: true, lie: true, wantErr: "example.com/mit@v1.0.0: verifying module: checksum mismatch"},
		{name: "GONOSUMDB covers it", env: []string{"GONOSUMDB=example.com/mit"}, wantErr: "missing go.sum entry for example.com/mit v1.0.0"},
		{name: "GOPRIVATE covers it", env: []string{"GOPRIVATE=example.com", "GONOPROXY=none"}, wantErr: "missing go.sum entry for example.com/mit v1.0.0"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A name of its own: the go command keeps a database's tree
			// under its name, in GOPATH and in the module cache.
			skey, vkey, err := note.GenerateKey(rand.Reader, fmt.Sprintf("sumdb%d.test", i))
			if err != nil {
				t.Fatal(err)
			}
			db := sumdb.NewTestServer(skey, func(path, vers string) ([]byte, error) {
				mod, gomod := real[path+" "+vers], real[path+" "+vers+"/go.mod"]
				if mod == "" || gomod == "" {
					return nil, fmt.Errorf("%s@%s: not found", path, vers)
				}
				if tt.lie && path+" "+vers == mit {
					mod = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
				}
				return fmt.Appendf(nil, "%s %s %s\n%s %s/go.mod %s\n", path, vers, mod, path, vers, gomod), nil
			})
			srv := httptest.NewServer(sumdb.NewServer(db))
			t.Cleanup(srv.Close)
			e := append(append([]string(nil), env...),
				"GOSUMDB="+vkey+" "+srv.URL, "GONOSUMDB=", "GOPRIVATE=",
				// A fresh module cache and checksum database state
				// (kept under GOPATH/pkg/sumdb) for each case.
				"GOMODCACHE="+filepath.Join(t.TempDir(), "modcache"), "GOPATH="+t.TempDir())
			if tt.cached {
				e = append(e, "GOMODCACHE="+lookup(env, "GOMODCACHE"))
			}
			e = append(e, tt.env...)
			g, err := scanner.Load(context.Background(), scanner.LoadOptions{Dir: dir, Env: e, Mode: scanner.ModeModules, Platforms: linux(t)})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "\n") {
					t.Errorf("Load error %v, want one containing %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			} else {
				sums := map[string]string{}
				for _, m := range g.Modules {
					sums[m.Path+" "+m.Version] = m.Sum
				}
				want := map[string]string{mit: real[mit], "example.com/apache v1.2.0": real["example.com/apache v1.2.0"]}
				if diff := cmp.Diff(want, sums); diff != "" {
					t.Errorf("module sums (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(before, fixture.Snapshot(t, dir)); diff != "" {
				t.Errorf("go.mod or go.sum changed (-before +after):\n%s", diff)
			}
		})
	}
}

func lookup(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}
