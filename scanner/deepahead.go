package scanner

import (
	"bytes"
	"go/build"
	"go/build/constraint"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/scanner/deep"
	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// deepAhead does the deep scan's reading and scanning before the graph is
// loaded. The go command prints nothing until it has loaded every
// package, and meanwhile leaves part of the CPUs idle (telegraf: 0.96 s
// of loading, about 1.4 of 2 CPUs busy). deepAhead uses it, on a thread
// at the lowest priority (see runLowPriority): it follows the imports of
// the main module's packages through the modules its go.mod requires,
// chooses each package's files as the go command would (file-name
// platform suffixes, build constraints, cgo), and deep-scans those in the
// module cache. It goes on after the load until DeepScan takes its
// results (take), which never waits for it.
//
// DeepScan takes a file's result from here instead of reading it only
// when reading it would give the same bytes and scanning them the same
// result: the file is in the directory of a module version (whose files
// never change), dirReader read it whole, and deep.Scanner.Scan is a
// function of the file's path in its module and its bytes. A wrong guess
// costs only time: a linked file not guessed is read by DeepScan, a file
// guessed but not linked is never asked for.
type deepAhead struct {
	sc *deep.Scanner
	// lists are detection's listings (see listCache), shared: the
	// directories a deep scan reads are those of the used packages,
	// which detection lists too.
	lists    *listCache
	modcache string // GOMODCACHE with a trailing separator
	// mods maps the module paths the main go.mod requires to their
	// directories (in the module cache; others are not followed), and
	// mainPath the main module's path to mainDir.
	mods              map[string]string
	mainPath, mainDir string
	plats             []aheadPlatform
	// seeds are the main module's package directories the patterns
	// name; walk says which are walked for more below them.
	seeds []aheadSeed

	// extracted reports whether a module directory is complete (see
	// prefetch.extracted).
	extracted func(dir string) bool
	stopped   atomic.Bool
	// unwatch, when set, stops the watch that halts it when the load's
	// context is done (see newPrefetchFor); take calls it.
	unwatch func() bool
	// started says run was started (by prefetch.seed, before the
	// prefetch's workers are waited for), done is closed when it has
	// returned.
	started bool
	done    chan struct{}

	// mu guards results, which run fills until take hands them over
	// (taken): what run scans after that is dropped, and what it lists
	// is not kept in lists (see list).
	mu      sync.Mutex
	results map[string]map[string]aheadResult // module directory -> file -> result
	taken   bool
	// files counts the results recorded (for tests; guarded by mu).
	files int

	// Used by run only.
	seen     map[string]bool // directories queued
	followed map[string]bool // import paths followed
	complete map[string]bool // module directories, extracted or not
	queue    []aheadDir
	buf      []byte
}

// aheadResult is what deep.Scanner.Scan returned for a file.
type aheadResult struct {
	found []model.FileLicense
	why   string
}

// aheadSeed is a main module directory to start from.
type aheadSeed struct {
	dir  string
	walk bool
}

// aheadDir is a package directory to visit: rel in the module at root,
// recorded or only followed (the main module's, whose files may change).
type aheadDir struct {
	root, rel string
	record    bool
}

// aheadPlatform is a platform's build tags, as the go command sets them.
type aheadPlatform struct {
	tags map[string]bool
	cgo  bool
}

// newAheadPlatform returns the tags of platform p: its GOOS and GOARCH
// (and those they imply), unix, gc, the release tags of this Go, cgo
// when enabled, and the user's tags.
func newAheadPlatform(p Platform, cgo bool, extra []string) aheadPlatform {
	tags := map[string]bool{p.GOOS: true, p.GOARCH: true, "gc": true}
	switch p.GOOS {
	case "android":
		tags["linux"] = true
	case "illumos":
		tags["solaris"] = true
	case "ios":
		tags["darwin"] = true
	}
	if unixOS[p.GOOS] {
		tags["unix"] = true
	}
	if cgo {
		tags["cgo"] = true
	}
	for _, t := range build.Default.ReleaseTags {
		tags[t] = true
	}
	for _, t := range extra {
		tags[t] = true
	}
	return aheadPlatform{tags: tags, cgo: cgo}
}

// knownOS, knownArch and unixOS are go/build's lists (syslist.go): the
// names a file-name suffix constrains.
var (
	knownOS = setOf("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos")
	unixOS = setOf("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios",
		"linux", "netbsd", "openbsd", "solaris")
	knownArch = setOf("386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64",
		"mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le",
		"riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// goodName reports whether the file name's _GOOS, _GOARCH or
// _GOOS_GOARCH suffix, if any, matches the platform (go/build's
// goodOSArchFile).
func (p aheadPlatform) goodName(name string) bool {
	name, _, _ = strings.Cut(name, ".")
	i := strings.IndexByte(name, '_')
	if i < 0 {
		return true
	}
	l := strings.Split(name[i:], "_")
	if n := len(l); n > 0 && l[n-1] == "test" {
		l = l[:n-1]
	}
	n := len(l)
	if n >= 2 && knownOS[l[n-2]] && knownArch[l[n-1]] {
		return p.tags[l[n-2]] && p.tags[l[n-1]]
	}
	if n >= 1 && (knownOS[l[n-1]] || knownArch[l[n-1]]) {
		return p.tags[l[n-1]]
	}
	return true
}

// sourceKind tells the files a package's build may compile, by
// extension, as go/build sorts them: Go, C and C++ sources, headers and
// assembly (the fields of linkedFields); 0 for others.
func sourceKind(name string) byte {
	switch path.Ext(name) {
	case ".go":
		return 'g'
	case ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".s", ".S", ".sx":
		return 'c'
	}
	return 0
}

// newDeepAhead returns the ahead scan for the runner's load, or nil when
// it cannot guess the packages: a workspace, vendor mode, patterns other
// than directories of the main module, or no module cache.
func newDeepAhead(r *runner, sc *deep.Scanner, lists *listCache, extracted func(string) bool) *deepAhead {
	if r.vendor || r.ge.GOWORK != "" || r.ge.GOMOD == "" || r.ge.GOMODCACHE == "" || !dirReaderReads {
		return nil
	}
	base := r.opts.Dir
	if base == "" {
		base = "."
	}
	base, err := filepath.Abs(base)
	if err != nil {
		return nil
	}
	a := &deepAhead{
		sc: sc, lists: lists, modcache: filepath.Clean(r.ge.GOMODCACHE) + string(filepath.Separator),
		mods: map[string]string{}, mainDir: filepath.Dir(r.ge.GOMOD), extracted: extracted,
		seen: map[string]bool{}, followed: map[string]bool{}, complete: map[string]bool{}, done: make(chan struct{}),
		results: map[string]map[string]aheadResult{},
	}
	for _, pat := range r.opts.Patterns {
		if pat != "." && pat != ".." && !strings.HasPrefix(pat, "./") && !strings.HasPrefix(pat, "../") {
			return nil // an import path pattern
		}
		dir, walk := strings.CutSuffix(pat, "/...")
		if pat == "..." {
			dir, walk = ".", true
		}
		if strings.Contains(dir, "...") {
			return nil
		}
		a.seeds = append(a.seeds, aheadSeed{dir: filepath.Join(base, filepath.FromSlash(dir)), walk: walk})
	}
	for _, p := range r.opts.Platforms {
		a.plats = append(a.plats, newAheadPlatform(p, cgoDefault(r.opts.env(), p), r.opts.Tags))
	}
	return a
}

// cgoDefault guesses whether the go command enables cgo for platform p
// in env, as cmd/go decides: CGO_ENABLED when set; else only for the host
// platform, and there when CC is set or PATH has the default C compiler.
func cgoDefault(env []string, p Platform) bool {
	if v := lookupEnv(env, "CGO_ENABLED"); v != "" {
		return v == "1"
	}
	if p.GOOS != runtime.GOOS || p.GOARCH != runtime.GOARCH {
		return false
	}
	return lookupEnv(env, "CC") != "" || lookPathIn(defaultCC(), lookupEnv(env, "PATH"), lookupEnv(env, "PATHEXT")) != ""
}

// require records the main module's path and the modules its go.mod
// requires, with their directories (see prefetch.moduleDir).
func (a *deepAhead) require(mainPath string, mods map[string]string) {
	a.mainPath = mainPath
	for p, dir := range mods {
		if strings.HasPrefix(dir, a.modcache) {
			a.mods[p] = dir
		}
	}
}

// run scans until halted, or until it has followed every import.
func (a *deepAhead) run() {
	for _, s := range a.seeds {
		if a.stopped.Load() {
			return
		}
		a.walkMain(s.dir, s.walk, true)
	}
	for len(a.queue) > 0 && !a.stopped.Load() {
		d := a.queue[0]
		a.queue = a.queue[1:]
		a.visit(d)
	}
}

// halt makes run return soon, from any goroutine.
func (a *deepAhead) halt() { a.stopped.Store(true) }

// record keeps the result of file rel of the module directory root,
// reporting false when the results have been taken.
func (a *deepAhead) record(root, rel string, r aheadResult) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.taken {
		return false
	}
	m := a.results[root]
	if m == nil {
		m = map[string]aheadResult{}
		a.results[root] = m
	}
	m[rel] = r
	a.files++
	return true
}

// take halts the scan and returns its results, which it no longer
// changes, without waiting for it to return.
func (a *deepAhead) take() map[string]map[string]aheadResult {
	a.halt()
	if a.unwatch != nil {
		a.unwatch()
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.taken = true
	r := a.results
	a.results = nil
	return r
}

// walkMain visits the main module's package directory dir and, with
// walk, those below it as the go command's "dir/..." matches them: not
// testdata, vendor or names starting with . or _, not another module's
// (top says dir is the pattern's own).
//
// A directory an import has queued already is not visited again here,
// but the walk goes on below it.
func (a *deepAhead) walkMain(dir string, walk, top bool) {
	if a.stopped.Load() {
		return
	}
	rel, err := filepath.Rel(a.mainDir, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	if !top && slices.ContainsFunc(entries, func(e os.DirEntry) bool { return e.Name() == "go.mod" }) {
		return // another module
	}
	if a.enqueue(dir) {
		a.visitEntries(aheadDir{root: a.mainDir, rel: filepath.ToSlash(rel)}, entries)
	}
	if !walk {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || skippedDir(name) {
			continue
		}
		a.walkMain(filepath.Join(dir, name), true, false)
	}
}

// enqueue marks the directory dir seen, reporting whether it was new.
func (a *deepAhead) enqueue(dir string) bool {
	if a.seen[dir] {
		return false
	}
	a.seen[dir] = true
	return true
}

// follow queues the package with import path ip: in a required module
// (recorded) or the main module (followed only); the standard library and
// modules go.mod does not name are left out. As the go command, it takes
// the module with the longest path that is a prefix of ip: a module
// nested in the main module's path that go.mod requires holds its
// packages, not the main module.
func (a *deepAhead) follow(ip string) {
	inMain := a.mainPath != "" && (ip == a.mainPath || strings.HasPrefix(ip, a.mainPath+"/"))
	if first, _, _ := strings.Cut(ip, "/"); !inMain && !strings.Contains(first, ".") {
		return // the standard library, or "C"
	}
	for p := ip; !inMain || len(p) > len(a.mainPath); {
		if root, ok := a.mods[p]; ok {
			rel := pkgRel(ip, p)
			if rel != "." && !relPath(rel) || !a.isComplete(root) {
				return
			}
			if a.enqueue(filepath.Join(root, filepath.FromSlash(rel))) {
				a.queue = append(a.queue, aheadDir{root: root, rel: rel, record: true})
			}
			return
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if !inMain {
		return
	}
	rel := pkgRel(ip, a.mainPath)
	if rel != "." && !relPath(rel) {
		return
	}
	if a.enqueue(filepath.Join(a.mainDir, filepath.FromSlash(rel))) {
		a.queue = append(a.queue, aheadDir{root: a.mainDir, rel: rel})
	}
}

// isComplete reports whether the module directory root has been
// extracted whole, asking once.
func (a *deepAhead) isComplete(root string) bool {
	ok, asked := a.complete[root]
	if !asked {
		ok = a.extracted(root)
		a.complete[root] = ok
	}
	return ok
}

// pkgRel is the directory of package ip in the module with path mod.
func pkgRel(ip, mod string) string {
	if rel := strings.TrimPrefix(strings.TrimPrefix(ip, mod), "/"); rel != "" {
		return rel
	}
	return "."
}

// visit lists a queued package directory and visits its files.
func (a *deepAhead) visit(d aheadDir) {
	dir := filepath.Join(d.root, filepath.FromSlash(d.rel))
	if !d.record {
		entries, err := os.ReadDir(dir)
		if err == nil {
			a.visitEntries(d, entries)
		}
		return
	}
	e := a.list(dir)
	if e.err != nil {
		return
	}
	a.visitEntries(d, e.entries)
}

// list lists dir through lists, for detection and DeepScan, until take:
// after it, DeepScan drops the listings (see listCache.reset) and they
// would be the next scan's, so the read-ahead keeps none there.
func (a *deepAhead) list(dir string) dirEntries {
	if e, ok := a.lists.cached(dir); ok {
		return e
	}
	e := readDirEntries(dir)
	if e.err != nil {
		return e // not kept, as listCache.list
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.taken {
		a.lists.keep(dir, e)
	}
	return e
}

// keepTag keeps the SPDX tag of the head of file name (its first
// tagHeaderBytes, as readHeaderTag reads it) in lists, unless the results
// have been taken (see list).
func (a *deepAhead) keepTag(name string, head []byte) {
	tag, line := license.HeaderTag(head)
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.taken {
		a.lists.putTag(name, headerTag{tag, line})
	}
}

// visitEntries reads the files of package directory d that the build may
// compile on some platform, follows their imports and, for a recorded
// directory, scans them and its extra texts (deep.Extra), and keeps the
// SPDX tag of its first Go file for detection (see listCache.warmPackage).
func (a *deepAhead) visitEntries(d aheadDir, entries []os.DirEntry) {
	dir := filepath.Join(d.root, filepath.FromSlash(d.rel))
	dr := newDirReader(dir)
	defer dr.close()
	tagged := !d.record
	for _, e := range entries {
		if a.stopped.Load() {
			return
		}
		name := e.Name()
		if !e.Type().IsRegular() {
			continue
		}
		kind := sourceKind(name)
		want := d.record && deep.Extra(name, d.rel == ".") ||
			kind != 0 && !strings.HasSuffix(name, "_test.go") && !strings.HasPrefix(name, "_") && !strings.HasPrefix(name, ".") &&
				a.anyPlatform(func(p aheadPlatform) bool { return p.goodName(name) })
		tag := !tagged && isTagSource(e)
		tagged = tagged || tag
		if !want && !tag {
			continue
		}
		data, ok := dr.read(name, a.buf[:0])
		if !ok {
			continue
		}
		a.buf = data
		if tag {
			a.keepTag(filepath.Join(dir, name), data[:min(len(data), tagHeaderBytes)])
		}
		if !want {
			continue
		}
		if kind != 0 {
			h := readBuildHeader(data, kind == 'g')
			if !a.anyPlatform(func(p aheadPlatform) bool { return h.builds(p) }) {
				continue
			}
			for _, ip := range h.imports {
				if !a.followed[string(ip)] {
					ip := string(ip)
					a.followed[ip] = true
					a.follow(ip)
				}
			}
		}
		if d.record {
			rel := name
			if d.rel != "." {
				rel = d.rel + "/" + name
			}
			found, why := a.sc.Scan(rel, data)
			if !a.record(d.root, rel, aheadResult{found: found, why: why}) {
				return
			}
		}
	}
}

// anyPlatform reports whether f holds for one of the platforms.
func (a *deepAhead) anyPlatform(f func(aheadPlatform) bool) bool {
	for _, p := range a.plats {
		if f(p) {
			return true
		}
	}
	return false
}

// goHeader is what the top of a source file says about its build: its
// build constraint (nil for none; bad for one that cannot be parsed),
// whether it imports "C", and its imports (slices of the file's bytes).
type goHeader struct {
	expr    constraint.Expr
	bad     bool
	cgo     bool
	imports [][]byte
}

// builds reports whether the platform compiles the file: its constraint
// holds and, for a cgo file, cgo is enabled.
func (h *goHeader) builds(p aheadPlatform) bool {
	if h.bad || h.cgo && !p.cgo {
		return false
	}
	return h.expr == nil || h.expr.Eval(func(tag string) bool { return p.tags[tag] })
}

// readBuildHeader reads the build constraint of a source file (a
// //go:build line, else the // +build lines, in the comments before the
// first other text) and, for a Go file, its imports.
func readBuildHeader(data []byte, goFile bool) goHeader {
	var h goHeader
	var plus []constraint.Expr
	r := goReader{b: data}
	for r.i < len(r.b) {
		r.skipBlank()
		if r.at("//") {
			line := r.line()
			if !bytes.Contains(line, []byte("build")) {
				continue
			}
			s := string(line)
			if constraint.IsGoBuild(s) {
				x, err := constraint.Parse(s)
				if err != nil || h.expr != nil {
					h.bad = true // go/build refuses a second //go:build too
				}
				h.expr = x
			} else if constraint.IsPlusBuild(s) {
				if x, err := constraint.Parse(s); err == nil {
					plus = append(plus, x)
				}
			}
			continue
		}
		if r.at("/*") {
			if !r.skipBlock() {
				break
			}
			continue
		}
		break
	}
	if h.expr == nil && !h.bad {
		for _, x := range plus {
			if h.expr == nil {
				h.expr = x
			} else {
				h.expr = &constraint.AndExpr{X: h.expr, Y: x}
			}
		}
	}
	if goFile {
		h.imports, h.cgo = r.imports()
	}
	return h
}

// goReader reads the top of a Go source file: comments, the package
// clause and the import declarations (as go/build's importReader, with
// less checking: a file it cannot read just yields fewer imports).
type goReader struct {
	b []byte
	i int
}

// at reports whether the unread bytes start with s.
func (r *goReader) at(s string) bool {
	return len(r.b)-r.i >= len(s) && string(r.b[r.i:r.i+len(s)]) == s
}

// line returns the rest of the line, without its line end, and moves
// past it.
func (r *goReader) line() []byte {
	rest := r.b[r.i:]
	j := bytes.IndexByte(rest, '\n')
	if j < 0 {
		r.i = len(r.b)
		return bytes.TrimRight(rest, "\r")
	}
	r.i += j + 1
	return bytes.TrimRight(rest[:j], "\r")
}

// skipBlank skips spaces, tabs and line ends.
func (r *goReader) skipBlank() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\r', '\n':
			r.i++
		default:
			return
		}
	}
}

// skipBlock skips a /* */ comment, reporting whether it ended.
func (r *goReader) skipBlock() bool {
	j := bytes.Index(r.b[r.i+2:], []byte("*/"))
	if j < 0 {
		r.i = len(r.b)
		return false
	}
	r.i += 2 + j + 2
	return true
}

// skip skips blanks and comments; semicolons too when semi is set.
func (r *goReader) skip(semi bool) {
	for r.i < len(r.b) {
		r.skipBlank()
		switch {
		case r.at("//"):
			r.line()
		case r.at("/*"):
			if !r.skipBlock() {
				return
			}
		case semi && r.at(";"):
			r.i++
		default:
			return
		}
	}
}

// ident reads an identifier, or the "." of a dot import.
func (r *goReader) ident() []byte {
	j := r.i
	if j < len(r.b) && r.b[j] == '.' {
		j++
	} else {
		for j < len(r.b) {
			c := r.b[j]
			if c != '_' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c < 0x80 {
				break
			}
			j++
		}
	}
	s := r.b[r.i:j]
	r.i = j
	return s
}

// str reads an import path literal, nil when there is none.
func (r *goReader) str() []byte {
	if r.i >= len(r.b) || r.b[r.i] != '"' && r.b[r.i] != '`' {
		return nil
	}
	q := r.b[r.i]
	j := r.i + 1
	for j < len(r.b) && r.b[j] != q && r.b[j] != '\n' {
		if r.b[j] == '\\' {
			return nil // import paths have no escapes
		}
		j++
	}
	if j >= len(r.b) || r.b[j] != q || j == r.i+1 {
		return nil
	}
	s := r.b[r.i+1 : j]
	r.i = j + 1
	return s
}

// imports reads the package clause and the import declarations after
// it, returning the paths and whether one is "C".
func (r *goReader) imports() (paths [][]byte, cgo bool) {
	r.skip(false)
	if string(r.ident()) != "package" {
		return nil, false
	}
	r.skip(false)
	if len(r.ident()) == 0 {
		return nil, false
	}
	spec := func() bool {
		r.skip(false)
		if r.i < len(r.b) && r.b[r.i] != '"' && r.b[r.i] != '`' {
			if len(r.ident()) == 0 {
				return false
			}
			r.skip(false)
		}
		p := r.str()
		if p == nil {
			return false
		}
		if string(p) == "C" {
			cgo = true
		} else {
			paths = append(paths, p)
		}
		return true
	}
	for {
		r.skip(true)
		if string(r.ident()) != "import" {
			return paths, cgo
		}
		r.skip(false)
		if r.at("(") {
			r.i++
			for {
				r.skip(true)
				if r.at(")") {
					r.i++
					break
				}
				if !spec() {
					return paths, cgo
				}
			}
			continue
		}
		if !spec() {
			return paths, cgo
		}
	}
}
