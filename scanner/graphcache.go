package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// errNoKey means the graph cannot be keyed: load it with the go command.
var errNoKey = errors.New("graph not cacheable")

// graphKey returns the cache key of the graph Load would compute. A
// dependency at a fixed version never changes, so for a given build
// context the package graph depends only on go.mod, go.sum, go.work(.sum),
// vendor/modules.txt, the environment that shapes the build, the options,
// and the Go files of the main module(s), of the directories that go.mod
// or go.work replace modules with, of the packages in testdata and _
// directories they import (which ./... leaves out, but an import may
// name), and, in vendor mode (vendorDir set), of vendor/. Of the Go files
// of modules it takes their names, build constraints and imports (read
// with go/parser's ImportsOnly); of vendor/ the whole content. Every file
// is read and hashed on every call, as the go command hashes the files of
// a build: a file's size and modification time are not trusted (only the
// parse of a content already seen is reused). Any doubt — a cgo file, a
// file that does not parse, an unreadable input, -modfile or -overlay in
// GOFLAGS — is errNoKey, never a stale answer.
func graphKey(opts LoadOptions, ge goEnv, mainDirs []string, vendorDir string) (string, error) {
	c := opts.Cache
	h := sha256.New()
	env := opts.env()
	for _, goflags := range []string{lookupEnv(env, "GOFLAGS"), ge.GOFLAGS} {
		for _, f := range strings.Fields(goflags) {
			name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
			if name == "modfile" || name == "overlay" {
				return "", errNoKey // files the key does not know of
			}
		}
	}
	// The code that loads the graph (buildIdentity), and the environment
	// as go env's fingerprint reads it (goEnvironment).
	fmt.Fprintf(h, "graph\x00%s\x00go %s\x00", buildIdentity(), ge.GOVERSION)
	for _, kv := range goEnvironment(env) {
		fmt.Fprintf(h, "%s\x00", kv)
	}
	dir, _ := filepath.Abs(opts.Dir)
	fmt.Fprintf(h, "dir=%s\x00patterns=%s\x00tests=%v\x00tags=%s\x00mode=%s\x00gomod=%s\x00gowork=%s\x00",
		dir, strings.Join(opts.Patterns, " "), opts.Tests, strings.Join(opts.Tags, ","), opts.Mode, ge.GOMOD, ge.GOWORK)
	// Which modules the checksum database vouches for decides whether
	// --scope modules accepts a module go.sum has no line for.
	fmt.Fprintf(h, "gosumdb=%s\x00gonosumdb=%s\x00", ge.GOSUMDB, ge.GONOSUMDB)
	for _, p := range opts.Platforms {
		fmt.Fprintf(h, "platform=%s\x00", p)
	}
	// Settings made with `go env -w` and a toolchain's go.env defaults
	// shape the build as environment variables do.
	fmt.Fprintf(h, "goflags=%s\x00", ge.GOFLAGS)
	for _, f := range []string{ge.GOENV, filepath.Join(ge.GOROOT, "go.env")} {
		if f == "" || f == "off" || f == "go.env" {
			continue
		}
		if err := hashFile(h, f); err != nil {
			return "", err
		}
	}
	dirs := append([]string(nil), mainDirs...)
	if ge.GOWORK != "" {
		for _, f := range []string{ge.GOWORK, ge.GOWORK + ".sum", filepath.Join(filepath.Dir(ge.GOWORK), "vendor", "modules.txt")} {
			if err := hashFile(h, f); err != nil {
				return "", err
			}
		}
		// go.work's replacements by directories are part of the build.
		if data, err := os.ReadFile(ge.GOWORK); err == nil {
			wf, err := modfile.ParseWork(ge.GOWORK, data, nil)
			if err != nil {
				return "", errNoKey
			}
			for _, r := range wf.Replace {
				if r.New.Version == "" {
					dirs = append(dirs, localDir(filepath.Dir(ge.GOWORK), r.New.Path))
				}
			}
		}
	}
	seen := map[string]bool{}
	var mods []modSources
	var imports []string
	for i := 0; i < len(dirs); i++ {
		d := dirs[i]
		if seen[d] {
			continue
		}
		seen[d] = true
		fmt.Fprintf(h, "module dir %s\x00", d)
		for _, f := range []string{"go.mod", "go.sum", filepath.Join("vendor", "modules.txt")} {
			if err := hashFile(h, filepath.Join(d, f)); err != nil {
				return "", err
			}
		}
		// Replacements by local directories are part of the build too.
		m := modSources{root: d, idx: openSrcIndex(c, d)}
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			mf, err := modfile.Parse(filepath.Join(d, "go.mod"), data, nil)
			if err != nil {
				return "", errNoKey
			}
			if mf.Module != nil {
				m.path = mf.Module.Mod.Path
			}
			for _, r := range mf.Replace {
				if r.New.Version == "" {
					dirs = append(dirs, localDir(d, r.New.Path))
				}
			}
		}
		digests, err := hashSources(h, d, m.idx)
		if err != nil {
			return "", err
		}
		mods = append(mods, m)
		imports = append(imports, digests...)
	}
	if err := hashLeftOut(h, mods, imports); err != nil {
		return "", err
	}
	for _, m := range mods {
		m.idx.save()
	}
	if vendorDir != "" {
		if err := hashVendor(h, vendorDir); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// localDir is the directory a replace directive names, relative to base.
func localDir(base, path string) string {
	if !filepath.IsAbs(path) {
		path = filepath.Join(base, filepath.FromSlash(path))
	}
	return filepath.Clean(path)
}

// hashFile adds a file's name and content; a missing file counts as absent.
func hashFile(h hash.Hash, name string) error {
	data, err := os.ReadFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(h, "absent %s\x00", name)
		return nil
	case err != nil:
		return errNoKey
	}
	sum := sha256.Sum256(data)
	fmt.Fprintf(h, "file %s %x\x00", name, sum)
	return nil
}

// srcIndex remembers what of a module's Go files shapes the graph (their
// digests, see sourceDigest) by the sha256 of their content, so that a
// warm run parses only what changed.
type srcIndex struct {
	Files map[string]srcEntry

	old     map[string]srcEntry // as the last run left it
	c       *Cache
	key     string
	changed bool
}

type srcEntry struct {
	Sum    string // sha256 of the file's content
	Digest string
}

// skippedDir reports whether ./... leaves out a directory of this name
// (the go command's rule): testdata, vendor, and names starting with . or _.
func skippedDir(name string) bool {
	return name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// modSources is a module whose Go files are part of the graph key.
type modSources struct {
	root, path string
	idx        *srcIndex
}

// hashSources adds, for every Go file of the module rooted at root (not in
// nested modules, or in directories ./... leaves out), its path, build
// constraints and imports, and returns these digests.
func hashSources(h hash.Hash, root string, idx *srcIndex) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return errNoKey
		}
		name := e.Name()
		if e.IsDir() {
			if p != root {
				if skippedDir(name) {
					return filepath.SkipDir
				}
				if _, err := os.Lstat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module
				}
			}
			return nil
		}
		if e.Type()&fs.ModeSymlink != 0 {
			return errNoKey // the go command may follow it
		}
		if strings.HasSuffix(name, ".go") {
			if !e.Type().IsRegular() {
				return errNoKey // a device or FIFO: never opened
			}
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, errNoKey
	}
	sort.Strings(files)
	digests, err := idx.digests(root, files)
	if err != nil {
		return nil, err
	}
	for _, d := range digests {
		io.WriteString(h, d)
	}
	return digests, nil
}

// hashLeftOut adds the digests of the packages that ./... leaves out (in
// testdata, or in a directory whose name starts with _ or .) but that an
// import in digests names in one of mods, then of those they import, and
// so on: the go command lets code import them.
func hashLeftOut(h hash.Hash, mods []modSources, digests []string) error {
	done := map[string]bool{}
	for len(digests) > 0 {
		d := digests[0]
		digests = digests[1:]
		for _, imp := range digestImports(d) {
			// The module whose path is the longest prefix of imp.
			var m *modSources
			rel := ""
			for i := range mods {
				if r, ok := strings.CutPrefix(imp, mods[i].path+"/"); ok && mods[i].path != "" && (m == nil || len(mods[i].path) > len(m.path)) {
					m, rel = &mods[i], r
				}
			}
			if m == nil || !slices.ContainsFunc(strings.Split(rel, "/"), skippedDir) {
				continue
			}
			pkg := filepath.Join(m.root, filepath.FromSlash(rel))
			if done[pkg] {
				continue
			}
			done[pkg] = true
			entries, err := os.ReadDir(pkg)
			if errors.Is(err, fs.ErrNotExist) {
				fmt.Fprintf(h, "absent package %s\x00", pkg)
				continue
			} else if err != nil {
				return errNoKey
			}
			var files []string
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".go") && !e.IsDir() {
					if !e.Type().IsRegular() {
						return errNoKey // a symlink, device or FIFO
					}
					files = append(files, filepath.Join(pkg, e.Name()))
				}
			}
			pd, err := m.idx.digests(m.root, files)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "package %s\x00", pkg)
			for _, d := range pd {
				io.WriteString(h, d)
			}
			digests = append(digests, pd...)
		}
	}
	return nil
}

// hashVendor adds the path and content hash of every Go file under
// vendorDir: in vendor mode the graph comes from their imports. The whole
// content counts (cgo files included), so nothing is parsed.
func hashVendor(h hash.Hash, vendorDir string) error {
	var files []string
	err := filepath.WalkDir(vendorDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == vendorDir && errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipAll
			}
			return errNoKey
		}
		if e.Type()&fs.ModeSymlink != 0 {
			return errNoKey
		}
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			if !e.Type().IsRegular() {
				return errNoKey // a device or FIFO: never opened
			}
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return errNoKey
	}
	sort.Strings(files)
	sums := make([]string, len(files))
	if err := parallel(len(files), func(i int, w *worker) error {
		data, err := w.read(files[i])
		if err != nil {
			return errNoKey
		}
		sums[i] = fmt.Sprintf("%x", sha256.Sum256(data))
		return nil
	}); err != nil {
		return err
	}
	fmt.Fprintf(h, "vendor %s\x00", vendorDir)
	for i, f := range files {
		rel, _ := filepath.Rel(vendorDir, f)
		fmt.Fprintf(h, "%s %s\x00", filepath.ToSlash(rel), sums[i])
	}
	return nil
}

// worker is what each goroutine of parallel keeps: a file set for the
// parser and a buffer to read files into.
type worker struct {
	fset *token.FileSet
	buf  []byte
}

// read returns the content of a file, in w's buffer (valid until the next
// read): a warm run reads every source file, so without a stat or an
// allocation per file.
func (w *worker) read(name string) ([]byte, error) {
	if w.buf == nil {
		w.buf = make([]byte, 0, 64<<10)
	}
	data, err := readInto(w.buf, name)
	if data != nil {
		w.buf = data
	}
	return data, err
}

// parallel calls fn(i) for i in [0, n) on every core, each goroutine with
// a worker of its own, and returns the first error in index order.
func parallel(n int, fn func(i int, w *worker) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{fset: token.NewFileSet()}
			for i := range next {
				errs[i] = fn(i, w)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// openSrcIndex returns the index of root's files the cache holds.
func openSrcIndex(c *Cache, root string) *srcIndex {
	key := fmt.Sprintf("%x", sha256.Sum256([]byte("src "+buildIdentity()+" "+root)))
	var old srcIndex
	c.get("src", key, &old)
	return &srcIndex{Files: map[string]srcEntry{}, old: old.Files, c: c, key: key}
}

// digests returns the digest of each of files (under root), in order:
// every file is read and hashed, and only a content not seen in the last
// run is parsed.
func (x *srcIndex) digests(root string, files []string) ([]string, error) {
	out := make([]string, len(files))
	entries := make([]srcEntry, len(files))
	err := parallel(len(files), func(i int, w *worker) error {
		src, err := w.read(files[i])
		if err != nil {
			return errNoKey
		}
		sum := fmt.Sprintf("%x", sha256.Sum256(src))
		if e, ok := x.old[files[i]]; ok && e.Sum == sum {
			entries[i] = e
		} else if entries[i].Digest, err = sourceDigest(w.fset, root, files[i], src); err != nil {
			return err
		} else {
			entries[i].Sum = sum
		}
		out[i] = entries[i].Digest
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, f := range files {
		if x.old[f] != entries[i] {
			x.changed = true
		}
		x.Files[f] = entries[i]
	}
	return out, nil
}

// save stores the index, if it changed, while the go command runs.
func (x *srcIndex) save() {
	if x.changed || len(x.Files) != len(x.old) {
		x.c.putLater("src", x.key, srcIndex{Files: x.Files})
	}
}

// sourceDigest returns what of a Go file shapes the package graph: its
// path, package name, build constraints and imports.
func sourceDigest(fset *token.FileSet, root, f string, src []byte) (string, error) {
	af, err := parser.ParseFile(fset, f, src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return "", errNoKey
	}
	var b strings.Builder
	rel, _ := filepath.Rel(root, f)
	fmt.Fprintf(&b, "src %s package %s\x00", filepath.ToSlash(rel), af.Name.Name)
	// Build constraints are comments before the package clause.
	for _, cg := range af.Comments {
		if cg.Pos() > af.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") || strings.HasPrefix(c.Text, "// +build") {
				fmt.Fprintf(&b, "constraint %s\x00", c.Text)
			}
		}
	}
	for _, imp := range af.Imports {
		if imp.Path.Value == `"C"` {
			return "", errNoKey // cgo: leave it to the go command
		}
		fmt.Fprintf(&b, "import %s\x00", imp.Path.Value)
	}
	return b.String(), nil
}

// digestImports returns the import paths a digest lists.
func digestImports(d string) []string {
	var out []string
	for _, part := range strings.Split(d, "\x00") {
		if q, ok := strings.CutPrefix(part, "import "); ok {
			if p, err := strconv.Unquote(q); err == nil {
				out = append(out, p)
			}
		}
	}
	return out
}

// mainDirsOf returns the directories of the main modules without running
// the go command: the go.mod's directory, or each use of go.work.
func mainDirsOf(ge goEnv) ([]string, error) {
	if ge.GOWORK == "" {
		return []string{filepath.Dir(ge.GOMOD)}, nil
	}
	data, err := os.ReadFile(ge.GOWORK)
	if err != nil {
		return nil, errNoKey
	}
	wf, err := modfile.ParseWork(ge.GOWORK, data, nil)
	if err != nil {
		return nil, errNoKey
	}
	var dirs []string
	for _, u := range wf.Use {
		d := u.Path
		if !filepath.IsAbs(d) {
			d = filepath.Join(filepath.Dir(ge.GOWORK), d)
		}
		dirs = append(dirs, filepath.Clean(d))
	}
	return dirs, nil
}

// cachedGraph is a Graph as stored in the cache. Its JSON is the cache
// format, kept apart from the records so that a change to the model does
// not silently change (or misread) what is on disk.
type cachedGraph struct {
	Graph *storedGraph
}

// storedGraph is a model.Graph in the cache.
type storedGraph struct {
	Main      []model.MainModule
	Modules   []*storedModule
	Platforms []string
	Deps      map[string][]string
	Vendor    bool
	Workspace string
}

// storedModule is the graph facts of a model.Module in the cache. License
// is always null: detection results have a cache of their own.
type storedModule struct {
	Path      string
	Version   string
	Replace   *model.Replacement
	Dir       string
	Sum       string
	Scope     model.Scope
	Platforms []string
	Via       []string
	Packages  []string
	Vendored  bool
	License   *model.License
	// Linked is Module.Linked joined by newlines: one string decodes
	// much faster than thousands.
	Linked string `json:",omitempty"`
}

// storeGraph returns g as the cache stores it.
func storeGraph(g *model.Graph) cachedGraph {
	sg := &storedGraph{Main: g.Main, Platforms: g.Platforms, Deps: g.Deps, Vendor: g.Vendor, Workspace: g.Workspace}
	for _, m := range g.Modules {
		sg.Modules = append(sg.Modules, &storedModule{
			Path: m.Path, Version: m.Version, Replace: m.Replace, Dir: m.Dir, Sum: m.Sum, Scope: m.Scope,
			Platforms: m.Platforms, Via: m.Via, Packages: m.Packages, Vendored: m.Vendored,
			Linked: strings.Join(m.Linked, "\n"),
		})
	}
	return cachedGraph{Graph: sg}
}

// graph returns the cached graph as records.
func (cg *cachedGraph) graph() *model.Graph {
	sg := cg.Graph
	g := &model.Graph{Main: sg.Main, Platforms: sg.Platforms, Deps: sg.Deps, Vendor: sg.Vendor, Workspace: sg.Workspace}
	for _, m := range sg.Modules {
		g.Modules = append(g.Modules, &model.Module{
			Path: m.Path, Version: m.Version, Replace: m.Replace, Dir: m.Dir, Sum: m.Sum, Scope: m.Scope,
			Platforms: m.Platforms, Via: m.Via, Packages: m.Packages, Vendored: m.Vendored,
			Linked: splitLinked(m.Linked),
		})
	}
	return g
}

// usable reports whether a cached graph's module sources are still there.
func (cg *cachedGraph) usable() bool {
	if cg.Graph == nil {
		return false
	}
	for _, m := range cg.Graph.Modules {
		if m.Dir == "" {
			return false
		}
		if _, err := os.Stat(m.Dir); err != nil {
			return false
		}
	}
	return true
}

// splitLinked undoes the join of storedModule.Linked.
func splitLinked(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
