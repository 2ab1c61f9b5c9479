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
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/modfile"
)

// GraphVersion changes whenever the cached graph format or Load changes.
const GraphVersion = "2"

// errNoKey means the graph cannot be keyed: load it with the go command.
var errNoKey = errors.New("graph not cacheable")

// graphKey returns the cache key of the graph Load would compute. A
// dependency at a fixed version never changes, so for a given build
// context the package graph depends only on go.mod, go.sum, go.work(.sum),
// vendor/modules.txt, the environment that shapes the build, the options,
// and the files of the main module(s) and of replaced local directories:
// their names, build constraints and imports (read with go/parser's
// ImportsOnly). Any doubt — a cgo file, a file that does not parse, an
// unreadable input — is errNoKey, never a stale answer.
func graphKey(opts LoadOptions, ge goEnv, mainDirs []string) (string, error) {
	c := opts.Cache
	h := sha256.New()
	env := opts.env()
	fmt.Fprintf(h, "graph %s\x00go %s\x00", GraphVersion, ge.GOVERSION)
	for _, k := range []string{"GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT", "GOWORK", "GO111MODULE", "GOPATH", "GOMODCACHE", "GOTOOLCHAIN", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOMIPS", "GOPPC64", "GORISCV64", "GOWASM", "CC"} {
		fmt.Fprintf(h, "%s=%s\x00", k, lookupEnv(env, k))
	}
	dir, _ := filepath.Abs(opts.Dir)
	fmt.Fprintf(h, "dir=%s\x00patterns=%s\x00tests=%v\x00tags=%s\x00mode=%s\x00gomod=%s\x00gowork=%s\x00",
		dir, strings.Join(opts.Patterns, " "), opts.Tests, strings.Join(opts.Tags, ","), opts.Mode, ge.GOMOD, ge.GOWORK)
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
	if ge.GOWORK != "" {
		for _, f := range []string{ge.GOWORK, ge.GOWORK + ".sum", filepath.Join(filepath.Dir(ge.GOWORK), "vendor", "modules.txt")} {
			if err := hashFile(h, f); err != nil {
				return "", err
			}
		}
	}
	seen := map[string]bool{}
	dirs := append([]string(nil), mainDirs...)
	for i := 0; i < len(dirs); i++ {
		d := dirs[i]
		if seen[d] {
			continue
		}
		seen[d] = true
		for _, f := range []string{"go.mod", "go.sum", filepath.Join("vendor", "modules.txt")} {
			if err := hashFile(h, filepath.Join(d, f)); err != nil {
				return "", err
			}
		}
		// Replacements by local directories are part of the build too.
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			mf, err := modfile.Parse(filepath.Join(d, "go.mod"), data, nil)
			if err != nil {
				return "", errNoKey
			}
			for _, r := range mf.Replace {
				if r.New.Version == "" {
					rd := r.New.Path
					if !filepath.IsAbs(rd) {
						rd = filepath.Join(d, rd)
					}
					dirs = append(dirs, filepath.Clean(rd))
				}
			}
		}
		if err := hashSources(h, d, c); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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

// srcIndex remembers the digests of a module's Go files by size and
// modification time, so that a warm run parses only what changed.
type srcIndex struct {
	Files map[string]srcEntry
}

type srcEntry struct {
	Size    int64
	ModTime int64 // UnixNano
	Digest  string
}

// racyWindow: a file modified this recently may change again within the
// same timestamp, so its remembered digest is not trusted (as git does).
const racyWindow = 2 * time.Second

// hashSources adds, for every Go file of the module rooted at root (not in
// nested modules, testdata, vendor, or directories starting with . or _),
// its path, build constraints and imports. Digests of files whose size and
// modification time are unchanged since the last run come from the cache.
func hashSources(h hash.Hash, root string, c *Cache) error {
	type file struct {
		path string
		info fs.FileInfo
	}
	var files []file
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return errNoKey
		}
		name := e.Name()
		if e.IsDir() {
			if p != root {
				if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
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
			info, err := e.Info()
			if err != nil {
				return errNoKey
			}
			files = append(files, file{p, info})
		}
		return nil
	})
	if err != nil {
		return errNoKey
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })

	idxKey := fmt.Sprintf("%x", sha256.Sum256([]byte("src "+GraphVersion+" "+root)))
	var old srcIndex
	c.get("src", idxKey, &old)
	fresh := srcIndex{Files: make(map[string]srcEntry, len(files))}
	digests := make([]string, len(files))
	var todo []int
	now := time.Now()
	for i, f := range files {
		e, ok := old.Files[f.path]
		mt := f.info.ModTime()
		if ok && e.Size == f.info.Size() && e.ModTime == mt.UnixNano() && now.Sub(mt) > racyWindow {
			digests[i] = e.Digest
			fresh.Files[f.path] = e
			continue
		}
		todo = append(todo, i)
	}
	// Parse what changed on every core; hash in file order.
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fset := token.NewFileSet()
			for i := range next {
				digests[i], errs[i] = sourceDigest(fset, root, files[i].path)
			}
		}()
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	for i := range files {
		if errs[i] != nil {
			return errs[i]
		}
		io.WriteString(h, digests[i])
	}
	if len(todo) > 0 || len(fresh.Files) != len(old.Files) {
		for _, i := range todo {
			f := files[i]
			fresh.Files[f.path] = srcEntry{Size: f.info.Size(), ModTime: f.info.ModTime().UnixNano(), Digest: digests[i]}
		}
		c.putLater("src", idxKey, fresh) // written while the go command runs
	}
	return nil
}

// sourceDigest returns what of a Go file shapes the package graph: its
// path, package name, build constraints and imports.
func sourceDigest(fset *token.FileSet, root, f string) (string, error) {
	src, err := os.ReadFile(f)
	if err != nil {
		return "", errNoKey
	}
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

// cachedGraph is a Graph as stored in the cache.
type cachedGraph struct {
	Graph *Graph
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
		m.License = nil
	}
	return true
}
