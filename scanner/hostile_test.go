package scanner_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestHostileGraphInputs covers the go command's failures that come from
// the repository: each is one line naming the file and what to do, and
// leaves go.mod, go.sum, go.work and vendor/ untouched.
func TestHostileGraphInputs(t *testing.T) {
	tests := []struct {
		name    string
		app     string
		setup   func(t *testing.T, dir string, env []string) []string
		want    []string
		wantErr bool
	}{
		{
			name: "checksum mismatch between go.sum and the module",
			app:  "clean",
			setup: func(t *testing.T, dir string, env []string) []string {
				sum := filepath.Join(dir, "go.sum")
				data, _ := os.ReadFile(sum)
				lines := strings.Split(string(data), "\n")
				for i, l := range lines {
					if strings.HasPrefix(l, "example.com/apache v1.2.0 h1:") {
						lines[i] = "example.com/apache v1.2.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
					}
				}
				os.WriteFile(sum, []byte(strings.Join(lines, "\n")), 0o644)
				// A fresh module cache makes the go command verify the download.
				return append(env, "GOMODCACHE="+filepath.Join(t.TempDir(), "mc"))
			},
			want:    []string{"checksum mismatch", "go clean -modcache"},
			wantErr: true,
		},
		{
			name: "vendor/ inconsistent with go.mod",
			app:  "clean",
			setup: func(t *testing.T, dir string, env []string) []string {
				fixture.Go(t, dir, env, "mod", "vendor")
				data, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
				os.WriteFile(filepath.Join(dir, "go.mod"), []byte(string(data)+"\nrequire example.com/unused v1.0.0\n"), 0o644)
				return env
			},
			want:    []string{"inconsistent vendoring", "go mod vendor"},
			wantErr: true,
		},
		{
			name: "go.work naming a missing directory",
			app:  "workspace",
			setup: func(t *testing.T, dir string, env []string) []string {
				os.WriteFile(filepath.Join(dir, "go.work"), []byte("go 1.21\n\nuse (\n\t./a\n\t./b\n\t./missing\n)\n"), 0o644)
				return env
			},
			want:    []string{"missing", "go.work"},
			wantErr: true,
		},
		{
			name: "replace to a directory that does not exist",
			app:  "replacedir",
			setup: func(t *testing.T, dir string, env []string) []string {
				os.RemoveAll(filepath.Join(dir, "third_party"))
				return env
			},
			want:    []string{"third_party/local"},
			wantErr: true,
		},
		{
			name: "GOFLAGS=-mod=mod is overridden: go.mod is never rewritten",
			app:  "clean",
			setup: func(t *testing.T, dir string, env []string) []string {
				os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.21\n"), 0o644)
				return append(env, "GOFLAGS=-mod=mod -modcacherw")
			},
			want:    []string{"go mod tidy", "never edits go.mod"},
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, env := fixture.App(t, tt.app, true)
			env = tt.setup(t, dir, env)
			before := fixture.Snapshot(t, dir)
			_, err := scanner.Load(context.Background(), scanner.LoadOptions{Dir: dir, Env: env, Platforms: linux(t)})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error is not one line: %q", err)
				}
			}
			after := fixture.Snapshot(t, dir)
			if fmt.Sprint(before) != fmt.Sprint(after) {
				t.Errorf("the scan changed go.mod, go.sum, go.work or vendor/")
			}
		})
	}
}

// TestReplaceOutsideRepository: a replacement directory outside the
// repository is the user's own choice; it is scanned, and reported with
// its path.
func TestReplaceOutsideRepository(t *testing.T) {
	dir, env := fixture.App(t, "replacedir", true)
	outside := filepath.Join(filepath.Dir(dir), "outside")
	if err := os.Rename(filepath.Join(dir, "third_party", "local"), outside); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte(strings.Replace(string(data), "./third_party/local", "../outside", 1)), 0o644)
	g, err := scanner.Load(context.Background(), scanner.LoadOptions{Dir: dir, Env: env, Platforms: linux(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range g.Modules {
		if m.Path == "example.com/local" && (m.Replace == nil || m.Replace.Path != "../outside" || m.Dir != outside) {
			t.Errorf("local: replace %+v dir %s", m.Replace, m.Dir)
		}
	}
}

// TestCancel: cancelling stops a go command that hangs, promptly.
func TestCancel(t *testing.T) {
	dir, env := fixture.App(t, "clean", true)
	slow := filepath.Join(t.TempDir(), "go")
	real := "go"
	os.WriteFile(slow, []byte("#!/bin/sh\nif [ \"$1\" = list ]; then sleep 60; fi\nexec "+real+" \"$@\"\n"), 0o755)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := scanner.Load(ctx, scanner.LoadOptions{Dir: dir, Env: env, Go: slow, Platforms: linux(t)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Load took %s after cancellation", d)
	}
}

// TestManyFiles: a module with thousands of files costs only its license
// files.
func TestManyFiles(t *testing.T) {
	dir := t.TempDir()
	for i := range 5000 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.go", i)), []byte("package m\n"), 0o644)
	}
	isc, _ := os.ReadFile("../testdata/licenses/isc.txt")
	os.WriteFile(filepath.Join(dir, "LICENSE"), isc, 0o644)
	d := scanner.NewDetector()
	lic := d.DetectModule(&model.Module{Path: "example.com/m", Dir: dir})
	if lic.Expression != "ISC" || len(lic.Evidence) != 1 {
		t.Errorf("license %+v", lic)
	}
}
