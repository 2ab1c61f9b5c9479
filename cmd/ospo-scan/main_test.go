package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite the cmp files of the scripts")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ospo-scan": func() { os.Exit(mainCode()) },
	})
}

// TestScript runs the end-to-end scripts in testdata/script against the
// real binary, with fixture modules from a local GOPROXY.
func TestScript(t *testing.T) {
	proxy := fixture.ProxyURL(t)
	gocache, _ := exec.Command("go", "env", "GOCACHE").Output()
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join(fixture.Root(), "testdata", "script"),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			work := env.WorkDir
			env.Setenv("GOPROXY", proxy)
			env.Setenv("GOMODCACHE", filepath.Join(work, ".modcache"))
			env.Setenv("GOPATH", filepath.Join(work, ".gopath"))
			env.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
			env.Setenv("GOFLAGS", "-modcacherw")
			env.Setenv("GONOSUMDB", "*")
			env.Setenv("GOSUMDB", "off")
			env.Setenv("GOTOOLCHAIN", "local")
			env.Setenv("CGO_ENABLED", "0")
			env.Setenv("GOOS", "linux")
			env.Setenv("GOARCH", "amd64")
			env.Setenv("XDG_CACHE_HOME", filepath.Join(work, ".cache"))
			env.Setenv("HOME", filepath.Join(work, ".home"))
			env.Setenv("SOURCE_DATE_EPOCH", "1780000000")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exits N CMD ARGS... runs CMD and checks its exit code is N.
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) < 2 {
					ts.Fatalf("usage: exits CODE CMD [ARGS...]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exits: bad code %q", args[0])
				}
				err = ts.Exec(args[1], args[2:]...)
				got := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					got = ee.ExitCode()
				} else if err != nil {
					ts.Fatalf("exits: %v", err)
				}
				if got != want {
					ts.Fatalf("exit code %d, want %d", got, want)
				}
			},
			// snapshot NAME records go.mod, go.sum, go.work, go.work.sum
			// and vendor/ (which exist, so a created one is a change too);
			// unchanged NAME checks they are byte-identical since.
			"snapshot": func(ts *testscript.TestScript, neg bool, args []string) {
				ts.Setenv("SNAP_"+args[0], snapshot(ts))
			},
			"unchanged": func(ts *testscript.TestScript, neg bool, args []string) {
				if snapshot(ts) != ts.Getenv("SNAP_"+args[0]) {
					ts.Fatalf("go.mod, go.sum, go.work, go.work.sum or vendor/ changed (or appeared) since snapshot %s", args[0])
				}
			},
		},
	})
}

func snapshot(ts *testscript.TestScript) string {
	var b strings.Builder
	root := ts.MkAbs(".")
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		if fi.IsDir() && strings.HasPrefix(fi.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		name := fi.Name()
		rel, _ := filepath.Rel(root, p)
		if !fi.IsDir() && (name == "go.mod" || name == "go.sum" || name == "go.work" || name == "go.work.sum" || strings.Contains(filepath.ToSlash(rel), "vendor/")) {
			data, _ := os.ReadFile(p)
			b.WriteString(rel + "\x00" + string(data) + "\x00")
		}
		return nil
	})
	h := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(h[:])
}
