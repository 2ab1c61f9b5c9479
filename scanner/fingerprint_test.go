package scanner

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

func TestBuildFingerprint(t *testing.T) {
	lc := &debug.Module{Path: "github.com/google/licensecheck", Version: "v0.3.1", Sum: "h1:abc="}
	lc2 := &debug.Module{Path: "github.com/google/licensecheck", Version: "v0.3.2", Sum: "h1:def="}
	replaced := &debug.Module{Path: "github.com/google/licensecheck", Version: "v0.3.1", Replace: &debug.Module{Path: "../licensecheck", Version: "(devel)"}}
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	released := debug.Module{Path: "github.com/ospo-scan/ospo-scan", Version: "v0.1.0", Sum: "h1:xyz="}
	devel := debug.Module{Path: "github.com/ospo-scan/ospo-scan", Version: "(devel)"}
	tests := []struct {
		name string
		bi   debug.BuildInfo
		ok   bool
	}{
		{"go install m@v", debug.BuildInfo{Main: released, Deps: []*debug.Module{lc}}, true},
		{"clean checkout", debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}, Settings: vcs("abc123", "false")}, true},
		{"modified checkout", debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}, Settings: vcs("abc123", "true")}, false},
		{"no vcs (test binary, go run)", debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}}, false},
		{"replaced licensecheck", debug.BuildInfo{Main: released, Deps: []*debug.Module{replaced}}, false},
		{"no licensecheck", debug.BuildInfo{Main: released}, false},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		id, ok := buildFingerprint(&tt.bi)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if ok {
			if other, dup := seen[id]; dup {
				t.Errorf("%s and %s share fingerprint %s", tt.name, other, id)
			}
			seen[id] = tt.name
		}
	}
	// Another licensecheck, or another revision, is another detector.
	a, _ := buildFingerprint(&debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}, Settings: vcs("abc123", "false")})
	b, _ := buildFingerprint(&debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc2}, Settings: vcs("abc123", "false")})
	c, _ := buildFingerprint(&debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}, Settings: vcs("abc124", "false")})
	if a == b || a == c {
		t.Errorf("fingerprints do not change with licensecheck or the revision: %s %s %s", a, b, c)
	}
}

// TestDetectorInputs fails when a limit of what detection reads can
// change while the detector's fingerprint does not: every package-level
// var and const of the files that read a module's license files must be
// read by detectorInputs (the classifier's own tables are checked by
// license.TestTables), and another build or other tables must give
// another fingerprint.
func TestDetectorInputs(t *testing.T) {
	checkTablesRead(t, "fingerprint.go", "detectorInputs", []string{"detect.go", "files.go", "license.go"}, nil)
	if fingerprintOf("a build", detectorInputs()) == fingerprintOf("another build", detectorInputs()) {
		t.Error("another build has the same fingerprint")
	}
	if fingerprintOf("a build", detectorInputs()) == fingerprintOf("a build", detectorInputs()+"x") {
		t.Error("other inputs have the same fingerprint")
	}
}

// checkTablesRead fails for each package-level var or const of files that
// the function fn of file does not read, unless notTables says why.
func checkTablesRead(t *testing.T, file, fn string, files []string, notTables map[string]string) {
	t.Helper()
	fset := token.NewFileSet()
	read := map[string]bool{}
	af, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range af.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == fn {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					read[id.Name] = true
				}
				return true
			})
		}
	}
	if len(read) == 0 {
		t.Fatalf("%s not found in %s", fn, file)
	}
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || (g.Tok != token.VAR && g.Tok != token.CONST) {
				continue
			}
			for _, sp := range g.Specs {
				for _, n := range sp.(*ast.ValueSpec).Names {
					if !read[n.Name] && notTables[n.Name] == "" {
						t.Errorf("%s: %s %s is not in the detector's fingerprint: read it in %s (%s), or say in the test why it cannot change an answer", name, g.Tok, n.Name, fn, file)
					}
				}
			}
		}
	}
}

// TestBuildIdentity: a test binary has no clean build information, so it
// is identified by its Go build ID.
func TestBuildIdentity(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	id, ok := readBuildID(exe)
	if !ok || id == "" {
		t.Fatalf("no build ID in %s", exe)
	}
	if out, err := exec.Command("go", "tool", "buildid", exe).Output(); err == nil && strings.TrimSpace(string(out)) != id {
		t.Errorf("readBuildID = %q, go tool buildid says %q", id, strings.TrimSpace(string(out)))
	}
	if got := buildIdentity(); got != "buildid "+id {
		t.Errorf("buildIdentity() = %q, want the build ID %q", got, id)
	}
	if _, ok := readBuildID("fingerprint_test.go"); ok {
		t.Error("a build ID in a source file")
	}
}

// TestGoEnvironment: the one list of environment inputs of the graph key
// and go env's fingerprint.
func TestGoEnvironment(t *testing.T) {
	env := []string{"PATH=/bin", "GOFLAGS=-mod=mod", "CGO_ENABLED=0", "HOME=/h", "GOPROXY=off", "CC=clang", "TERM=xterm", "GOFLAGS=-modcacherw", "XDG_CONFIG_HOME=/c", "NOEQUALS"}
	want := []string{"CC=clang", "CGO_ENABLED=0", "GOFLAGS=-modcacherw", "GOPROXY=off", "HOME=/h", "XDG_CONFIG_HOME=/c"}
	if got := goEnvironment(env); !slices.Equal(got, want) {
		t.Errorf("goEnvironment = %q, want %q", got, want)
	}
	// Without CC and CGO_ENABLED, where PATH has the default C compilers
	// decides whether the go command enables cgo.
	bin := t.TempDir()
	cc := filepath.Join(bin, defaultCC())
	if runtime.GOOS == "windows" {
		cc += ".exe"
	}
	if err := os.WriteFile(cc, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		env  []string
		want []string
	}{
		{[]string{"PATH=" + bin, "GOFLAGS=-mod=mod"}, []string{"GOFLAGS=-mod=mod", "found " + defaultCC() + "=" + cc}},
		{[]string{"PATH=" + t.TempDir(), "GOFLAGS=-mod=mod"}, []string{"GOFLAGS=-mod=mod", "found " + defaultCC() + "="}},
		{[]string{"PATH=" + bin, "CGO_ENABLED=1"}, []string{"CGO_ENABLED=1"}},
		{[]string{"PATH=" + bin, "CC=cc"}, []string{"CC=cc"}},
	} {
		if got := goEnvironment(tt.env); !slices.Equal(got, tt.want) {
			t.Errorf("goEnvironment(%q) = %q, want %q", tt.env, got, tt.want)
		}
	}
}
