package scanner_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// TestBinaryLinked builds the bindeep fixture app and reads the files
// each module links from the binary's file table, as the deep scan
// reads them: the files it keeps code of, whether stripped (-s -w),
// built with -trimpath or from vendor/; never the file a build tag excludes, nor one that
// holds only a type and a constant. A table naming a file the module
// lacks, or a path leaving it, gives a note, never a linked file. The
// table names no C file: those a cgo build compiles are chosen as go list
// would (answer.c, not answer_windows.c).
func TestBinaryLinked(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	dir, env := fixture.App(t, "bindeep", true)
	tmp := t.TempDir()
	build := func(name string, flags ...string) string {
		bin := filepath.Join(tmp, name)
		fixture.Go(t, dir, env, append(append([]string{"build", "-o", bin}, flags...), ".")...)
		return bin
	}
	doctor := func(from, name string, pairs ...string) string {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(pairs); i += 2 {
			if !bytes.Contains(data, []byte(pairs[i])) {
				t.Fatalf("%s: no %q", from, pairs[i])
			}
			data = bytes.ReplaceAll(data, []byte(pairs[i]), []byte(pairs[i+1]))
		}
		out := filepath.Join(tmp, name)
		if err := os.WriteFile(out, data, 0o755); err != nil {
			t.Fatal(err)
		}
		return out
	}
	plain := build("plain")
	trim := build("trim", "-trimpath")
	stripped := build("stripped", "-ldflags=-s -w")
	liar := doctor(trim, "liar", "bindeep@v1.0.0/gpl.go", "bindeep@v1.0.0/gpx.go", "bindeep@v1.0.0/up/up.go", "bindeep@v1.0.0/../up.go")
	cgoEnv := append(slices.Clone(env), "CGO_ENABLED=1")
	cgo := filepath.Join(tmp, "cgo")
	fixture.Go(t, dir, cgoEnv, "build", "-o", cgo, ".")
	// Last: with vendor/, the go command builds from it.
	fixture.Go(t, dir, env, "mod", "vendor")
	vendored := build("vendored", "-mod=vendor")
	want := []string{"bindeep.go", "cgo/nocgo.go", "gpl.go", "up/up.go"}
	for _, tc := range []struct {
		name      string
		file      string
		wantFiles []string
		wantNotes []model.FileNote
	}{
		{name: "plain", file: plain, wantFiles: want},
		{name: "stripped", file: stripped, wantFiles: want},
		{name: "trimpath", file: trim, wantFiles: want},
		{name: "from vendor/", file: vendored, wantFiles: want},
		{
			name: "cgo", file: cgo,
			wantFiles: []string{"bindeep.go", "cgo/answer.c", "cgo/cgo.go", "gpl.go", "up/up.go"},
		},
		{
			name: "names a file the module lacks, and a path out of it", file: liar,
			wantFiles: []string{"bindeep.go", "cgo/nocgo.go"},
			wantNotes: []model.FileNote{
				{File: "../up.go", Note: "named by the binary's file table, but not a path inside the module; not read"},
				{File: "gpx.go", Note: "named by the binary's file table, but not in the module's source; not read"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := scanner.Binary{File: tc.file, Options: scanner.LoadOptions{Dir: dir, Env: env}, Deep: true}.Graph(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var m *model.Module
			for _, x := range g.Modules {
				if x.Path == "example.com/bindeep" {
					m = x
				}
			}
			if m == nil {
				t.Fatalf("no example.com/bindeep in %v", g.Modules)
			}
			if !slices.Equal(m.Linked, tc.wantFiles) {
				t.Errorf("Linked %q, want %q", m.Linked, tc.wantFiles)
			}
			if !slices.Equal(m.LinkedNotes, tc.wantNotes) {
				t.Errorf("LinkedNotes %q, want %q", m.LinkedNotes, tc.wantNotes)
			}
		})
	}
}

// TestBinaryLinkedPlain: without Deep, a binary's graph lists no file
// (nothing is looked up for a scan that reads none).
func TestBinaryLinkedPlain(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	dir, env := fixture.App(t, "bindeep", true)
	bin := filepath.Join(t.TempDir(), "app")
	fixture.Go(t, dir, env, "build", "-o", bin, ".")
	g, err := scanner.Binary{File: bin, Options: scanner.LoadOptions{Dir: dir, Env: env}}.Graph(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range g.Modules {
		if m.Linked != nil || m.LinkedNotes != nil {
			t.Errorf("%s: Linked %q, LinkedNotes %q", m.ID(), m.Linked, m.LinkedNotes)
		}
	}
}

// TestNoteUnlinked: the notes join the deep result's unread files, by
// file, on a copy: the result the cache holds is left as it was.
func TestNoteUnlinked(t *testing.T) {
	cached := &model.Deep{Files: []model.FileLicense{}, Unread: []model.FileNote{{File: "b.go", Note: "binary"}}, Read: 2}
	m := &model.Module{Path: "example.com/m", Deep: cached, LinkedNotes: []model.FileNote{{File: "c.go", Note: "missing"}, {File: "a.go", Note: "missing"}}}
	plain := &model.Module{Path: "example.com/p", Deep: &model.Deep{Files: []model.FileLicense{}}}
	none := &model.Module{Path: "example.com/n", LinkedNotes: []model.FileNote{{File: "a.go", Note: "missing"}}}
	scanner.NoteUnlinked([]*model.Module{m, plain, none})
	want := []model.FileNote{{File: "a.go", Note: "missing"}, {File: "b.go", Note: "binary"}, {File: "c.go", Note: "missing"}}
	if !slices.Equal(m.Deep.Unread, want) || m.Deep.Read != 2 {
		t.Errorf("Deep %+v, want Unread %q", m.Deep, want)
	}
	if len(cached.Unread) != 1 {
		t.Errorf("the cached result changed: %+v", cached)
	}
	if plain.Deep.Unread != nil || none.Deep != nil {
		t.Errorf("modules without notes, or without a deep scan, changed: %+v, %+v", plain.Deep, none.Deep)
	}
}
