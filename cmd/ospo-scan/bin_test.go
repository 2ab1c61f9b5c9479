package main

import (
	"bytes"
	"context"
	"debug/elf"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
)

// binDeepApp builds the bindeep fixture app (with -ldflags=-s -w) and
// returns its directory, the binary and the environment to scan it in.
func binDeepApp(t *testing.T) (dir, bin string, env []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a binary")
	}
	dir, env = fixture.App(t, "bindeep", true)
	env = append(env, "XDG_CACHE_HOME="+filepath.Join(t.TempDir(), "cache"), "SOURCE_DATE_EPOCH=1780000000")
	bin = filepath.Join(dir, "app")
	fixture.Go(t, dir, env, "build", "-ldflags=-s -w", "-o", bin, ".")
	return dir, bin, env
}

// TestBinDeepJSON compares the JSON report of ospo-scan bin --deep with
// testdata/bindeep.golden.json (go test -update rewrites it), all but its
// "binaries", which name the toolchain: the GPL-headed file whose code
// the binary keeps makes the effective license; the file a build tag
// excludes and the one without code do not count.
func TestBinDeepJSON(t *testing.T) {
	dir, bin, env := binDeepApp(t)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"bin", "--deep", "--format", "json", "-C", dir, filepath.Base(bin)}, &stdout, &stderr, env)
	if code := exitCode(err); code != exitFindings {
		t.Fatalf("exit %d (%v), want 1; stderr %s", code, err, stderr.String())
	}
	// "binaries" is the report's last key: cut there, the rest is as
	// written.
	out := stdout.String()
	i := strings.Index(out, ",\n  \"binaries\": [")
	if i < 0 || !strings.Contains(out[i:], `"packagesRecovered": true`) {
		t.Fatalf("no binaries with their packages recovered at the end of the report:\n%s", out)
	}
	got := []byte(out[:i] + "\n}\n")
	if !json.Valid(got) {
		t.Fatalf("the report without its binaries is no JSON:\n%s", got)
	}
	golden := filepath.Join("testdata", "bindeep.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

// TestBinDeepNoFileTable: --deep on a binary whose file table cannot be
// read is refused (exit 2) before any module is fetched, in one line
// naming every such binary, never scanned plain without a word; without
// --deep the binary is scanned from what its symbol table names.
func TestBinDeepNoFileTable(t *testing.T) {
	dir, bin, env := binDeepApp(t)
	// A binary with its symbol table (so that without --deep its
	// packages are still known), its pclntab header made unreadable.
	fixture.Go(t, dir, env, "build", "-o", bin, ".")
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	s := f.Section(".gopclntab")
	f.Close()
	if s == nil {
		t.Fatal("no .gopclntab")
	}
	copy(data[s.Offset:], []byte{0, 0, 0, 0})
	for _, name := range []string{"old", "old2"} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
		note string // on standard error
	}{
		{"one", []string{"bin", "--deep", "-C", dir, "old"}, exitUsage, "--deep: old has no file table to read (a Go binary before 1.16, or a damaged one): the files it links cannot be known; scan it without --deep, or scan its source with --deep", ""},
		{"one of two", []string{"bin", "--deep", "-C", dir, "app", "old"}, exitUsage, "--deep: old has no file table to read", ""},
		{"two", []string{"--deep", "-C", dir, "old", "app", "old2"}, exitUsage, "--deep: old, old2 have no file table to read (Go binaries before 1.16, or damaged ones)", ""},
		{"without --deep: the default deep scan skips it, saying so", []string{"bin", "-C", dir, "old"}, exitOK, "", "ospo-scan: old has no file table (a Go binary before 1.16, or a damaged one): scanned without the deep scan\n"},
		{"--deep=false", []string{"bin", "--deep=false", "-C", dir, "old"}, exitOK, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			// A fresh module cache: a refusal fetches nothing.
			mc := filepath.Join(t.TempDir(), "modcache")
			e := append(append([]string(nil), env...), "GOMODCACHE="+mc)
			err := run(context.Background(), tc.args, &stdout, &stderr, e)
			if code := exitCode(err); code != tc.code {
				t.Fatalf("exit %d (%v), want %d", code, err, tc.code)
			}
			if tc.code == exitOK && stderr.String() != tc.note {
				t.Errorf("standard error %q, want %q", stderr.String(), tc.note)
			}
			if tc.want != "" {
				if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
					t.Errorf("error %q, want one line with %q", err, tc.want)
				}
				if _, err := os.Stat(mc); err == nil {
					t.Errorf("the refused scan fetched modules")
				}
			}
		})
	}
}
