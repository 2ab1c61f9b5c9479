package scanner

import (
	"go/build"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/modfile"
)

// BenchmarkDeepAhead runs the deep scan's read-ahead alone, to its end,
// on the module in OSPO_AHEAD_DIR (for example a project the acceptance
// checks fetched), its modules in GOMODCACHE (default GOPATH/pkg/mod),
// for the host platform: the CPU it takes from what the go command
// leaves idle. It is skipped without the variable.
func BenchmarkDeepAhead(b *testing.B) {
	dir := os.Getenv("OSPO_AHEAD_DIR")
	if dir == "" {
		b.Skip("OSPO_AHEAD_DIR is not set")
	}
	modcache := os.Getenv("GOMODCACHE")
	if modcache == "" {
		modcache = filepath.Join(build.Default.GOPATH, "pkg", "mod")
	}
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		b.Fatal(err)
	}
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		b.Fatal(err)
	}
	r := &runner{
		opts: LoadOptions{Dir: dir, Patterns: []string{"./..."}, Platforms: []Platform{HostPlatform(os.Environ())}},
		ge:   goEnv{GOMOD: filepath.Join(dir, "go.mod"), GOMODCACHE: modcache},
	}
	p := &prefetch{r: r}
	mods := map[string]string{}
	for _, rq := range f.Require {
		mods[rq.Mod.Path] = p.moduleDir(dir, f.Replace, rq.Mod)
	}
	files := 0
	for b.Loop() {
		d := NewDetector()
		a := newDeepAhead(r, d.deepScanner(), &d.lists, func(string) bool { return true })
		if a == nil {
			b.Fatal("no read-ahead for", dir)
		}
		a.require(f.Module.Mod.Path, mods)
		a.run()
		files = a.files
	}
	b.ReportMetric(float64(files), "files")
}
