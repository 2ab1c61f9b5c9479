package scanner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/module"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// GraphMode selects what Load lists.
type GraphMode string

// The graph modes.
const (
	// ModePackages lists the modules whose packages the matched packages
	// import (the modules that are really linked in).
	ModePackages GraphMode = "packages"
	// ModeModules lists the whole build list (go list -m all).
	ModeModules GraphMode = "modules"
)

// Platform is a build target, GOOS/GOARCH.
type Platform struct {
	GOOS, GOARCH string
}

// String returns "goos/goarch".
func (p Platform) String() string { return p.GOOS + "/" + p.GOARCH }

// ParsePlatform parses "goos/goarch".
func ParsePlatform(s string) (Platform, error) {
	goos, goarch, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok || goos == "" || goarch == "" || strings.ContainsAny(goos+goarch, "/ \t=") {
		return Platform{}, fmt.Errorf("invalid platform %q: want GOOS/GOARCH, for example linux/amd64", s)
	}
	return Platform{goos, goarch}, nil
}

// HostPlatform returns the platform the go command targets by default: GOOS
// and GOARCH from the environment, else the host's.
func HostPlatform(env []string) Platform {
	p := Platform{runtime.GOOS, runtime.GOARCH}
	if v := lookupEnv(env, "GOOS"); v != "" {
		p.GOOS = v
	}
	if v := lookupEnv(env, "GOARCH"); v != "" {
		p.GOARCH = v
	}
	return p
}

// LoadOptions configures Load.
type LoadOptions struct {
	// Dir is the directory to run the go command in.
	Dir string
	// Patterns are the package patterns; default "./...".
	Patterns []string
	// Tests adds the dependencies of the matched packages' tests.
	Tests bool
	// Platforms to load; default the host platform.
	Platforms []Platform
	// Tags are build tags.
	Tags []string
	// Offline forbids downloads (GOPROXY=off).
	Offline bool
	// Mode selects package-level or build-list graphs.
	Mode GraphMode
	// Env is the environment for the go command; nil means os.Environ().
	Env []string
	// Go is the go command to run; default "go".
	Go string
	// Cache, when set, keeps graphs keyed on everything that shapes them
	// (see graphKey), so an unchanged repository skips the go command.
	Cache *Cache
	// Detector, when set and its cache holds no detection results yet,
	// starts detecting the modules' licenses while the go command runs;
	// its Detect uses those results that still hold for the complete
	// graph (see prefetch). Nothing is detected for a graph from the cache.
	Detector *Detector
	// Started, when set, is called once (from any goroutine): when the
	// first go command of the graph load (Load's, or Binary.Graph's) has
	// started, or at the end of a load in which none did; never for a
	// graph from the cache, nor when Load fails to read the go
	// environment or Binary.Graph refuses the binary before any go
	// command. Work meant to run beside the go
	// command starts there rather than before it: with every CPU busy,
	// starting the go command waits for one.
	Started func()
}

func (o *LoadOptions) env() []string {
	if o.Env == nil {
		return os.Environ()
	}
	return o.Env
}

// GoList is the source of a graph that the go command lists (see Load):
// the modules the matched packages link in, per platform, read from the
// module cache or vendor/, with the graph cache when Options.Cache is set.
type GoList struct {
	Options LoadOptions
}

var _ model.Source = GoList{}

// Graph runs Load with the source's options.
func (s GoList) Graph(ctx context.Context) (*model.Graph, error) {
	return Load(ctx, s.Options)
}

// Load runs the go command and returns the module graph.
func Load(ctx context.Context, opts LoadOptions) (*model.Graph, error) {
	if len(opts.Patterns) == 0 {
		opts.Patterns = []string{"./..."}
	}
	for _, p := range opts.Patterns {
		if strings.HasPrefix(p, "-") {
			return nil, &UsageError{Msg: fmt.Sprintf("package pattern %q starts with '-': flags go before the patterns", p)}
		}
	}
	if opts.Mode == "" {
		opts.Mode = ModePackages
	}
	if len(opts.Platforms) == 0 {
		opts.Platforms = []Platform{HostPlatform(opts.env())}
	}
	if opts.Detector != nil {
		// An earlier load's read-ahead, whose DeepScan never came, is
		// of no use to this one's graph.
		opts.Detector.dropAhead()
	}
	r := &runner{opts: opts}
	ge, err := r.readGoEnv(ctx)
	if err != nil {
		return nil, err
	}
	r.ge = ge
	if ge.GOWORK == "" && (ge.GOMOD == "" || ge.GOMOD == os.DevNull) {
		return nil, &GoCommandError{File: opts.Dir, Msg: "not inside a Go module: no go.mod here or in any parent directory", Hint: "run ospo-scan in a module, pass -C DIR, or create one with `go mod init`"}
	}
	g := &model.Graph{Workspace: ge.GOWORK}
	root := filepath.Dir(ge.GOMOD)
	if ge.GOWORK != "" {
		root = filepath.Dir(ge.GOWORK)
	}
	if fi, err := os.Stat(filepath.Join(root, "vendor", "modules.txt")); err == nil && fi.Mode().IsRegular() && !modFlagSet(ge.GOFLAGS, opts.env()) {
		g.Vendor = true
	}
	r.vendor = g.Vendor
	r.vendorDir = filepath.Join(root, "vendor")

	// With a cache, a graph whose inputs did not change (see graphKey) is
	// answered without running the go command at all.
	vendorDir := ""
	if g.Vendor {
		vendorDir = r.vendorDir
	}
	key := ""
	var keyc chan string
	var beside []func() // work to start beside the go command
	if opts.Cache != nil {
		if dirs, err := mainDirsOf(ge); err == nil {
			if opts.Cache.none("graph") {
				// No graph to find: compute the key beside the go
				// command, only to store the graph under it.
				keyc = make(chan string, 1)
				beside = append(beside, func() {
					go func() {
						k, err := graphKey(opts, ge, dirs, vendorDir)
						if err != nil {
							k = ""
						}
						keyc <- k
					}()
				})
			} else if k, err := graphKey(opts, ge, dirs, vendorDir); err == nil {
				key = k
				var cg cachedGraph
				if opts.Cache.get("graph", key, &cg) && cg.usable() {
					g := cg.graph()
					g.Key = key
					return g, nil
				}
			}
		}
	}
	pre := newPrefetchFor(ctx, r)
	r.pre = pre
	if pre != nil {
		pre.g = g
		beside = append(beside, pre.start)
	}
	if opts.Started != nil {
		beside = append(beside, opts.Started)
	}
	// The first go command started (runIn) starts the work beside it;
	// should none start (an error before it), the load's end does.
	r.started = sync.OnceFunc(func() {
		for _, f := range beside {
			f()
		}
	})
	err = r.load(ctx, g)
	r.started()
	pre.stop(err == nil)
	if keyc != nil {
		key = <-keyc
	}
	if err != nil {
		return nil, err
	}
	if key != "" {
		// In the background: encoding and writing a large graph (a
		// megabyte for telegraf) need not hold up detection. storeGraph
		// copies what detection changes later (none of its fields).
		opts.Cache.putLater("graph", key, storeGraph(g))
		g.Key = key
	}
	return g, nil
}

// load runs the go command and completes g.
func (r *runner) load(ctx context.Context, g *model.Graph) error {
	// The go command runs with an overlay that makes it fail rather than
	// write go.sum or go.work.sum (see writeOverlay). When go.work cannot
	// be read, the go command says why.
	dirs, _ := mainDirsOf(r.ge)
	cwd, err := filepath.Abs(r.opts.Dir)
	if err != nil {
		return err
	}
	ov, err := writeOverlay(r.ge, dirs, r.opts.env(), cwd)
	if err != nil {
		return err
	}
	r.overlay = ov
	defer os.Remove(ov)
	opts := r.opts
	if g.Workspace != "" && len(opts.Patterns) == 1 && opts.Patterns[0] == "./..." {
		// ./... at a workspace root that is no module matches nothing:
		// it means every package of every module the workspace uses.
		if err := r.workspacePatterns(ctx); err != nil {
			return err
		}
	}
	if opts.Mode == ModeModules {
		if err := r.loadBuildList(ctx, g); err != nil {
			return err
		}
	} else if err := r.loadPackages(ctx, g); err != nil {
		return err
	}
	for _, p := range opts.Platforms {
		g.Platforms = append(g.Platforms, p.String())
	}
	sort.Strings(g.Platforms)
	g.Platforms = slices.Compact(g.Platforms)
	sort.Slice(g.Modules, func(i, j int) bool { return g.Modules[i].Path < g.Modules[j].Path })
	sums := readSums(g)
	for _, m := range g.Modules {
		if m.Sum == "" {
			m.Sum = sums[m.Path+" "+m.Version]
		}
	}
	return nil
}

// workspacePatterns replaces the ./... pattern by one ./DIR/... per module
// of the workspace below the current directory.
func (r *runner) workspacePatterns(ctx context.Context) error {
	mains, err := runList[listModule](ctx, r, nil, r.listArgs("-m", "-json")...)
	if err != nil {
		return err
	}
	cwd := r.opts.Dir
	if cwd == "" {
		if cwd, err = os.Getwd(); err != nil {
			return err
		}
	}
	cwd, _ = filepath.Abs(cwd)
	if real, err := filepath.EvalSymlinks(cwd); err == nil {
		cwd = real
	}
	var pats []string
	for _, m := range mains {
		dir := m.Dir
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			dir = real
		}
		rel, err := filepath.Rel(cwd, dir)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		if rel == "." {
			return nil // the directory is itself a module: ./... works
		}
		pats = append(pats, "./"+filepath.ToSlash(rel)+"/...")
	}
	if len(pats) > 0 {
		sort.Strings(pats)
		r.opts.Patterns = pats
	}
	return nil
}

// modFlagSet reports whether the user chose -mod=mod or -mod=readonly in
// GOFLAGS, which turns vendor mode off in the go command too.
func modFlagSet(goflags string, env []string) bool {
	if v := lookupEnv(env, "GOFLAGS"); v != "" {
		goflags = v
	}
	for _, f := range strings.Fields(goflags) {
		if f == "-mod=mod" || f == "-mod=readonly" || f == "--mod=mod" || f == "--mod=readonly" {
			return true
		}
	}
	return false
}

// listModule is the Module field of go list's JSON.
type listModule struct {
	Path     string
	Version  string
	Main     bool
	Dir      string
	GoMod    string
	Sum      string
	Replace  *listModule
	Indirect bool
	Error    *struct{ Err string }
}

// listPackage is a package from go list -deps -json.
type listPackage struct {
	ImportPath string
	Module     *listModule
	Imports    []string
	Standard   bool
	DepOnly    bool
	ForTest    string
	Error      *struct {
		Pos string
		Err string
	}
	// The files the build compiles, for the deep scan (see link).
	Dir                                                 string
	GoFiles, CgoFiles, CFiles, CXXFiles, HFiles, SFiles []string
}

// loadPackages loads the graph of the packages the patterns match (the
// modules really linked in): go list for every platform, the main
// modules, then the module records (graphBuilder).
func (r *runner) loadPackages(ctx context.Context, g *model.Graph) error {
	opts := r.opts
	lists, mains, err := r.listPackages(ctx, g.Workspace != "")
	if err != nil {
		return err
	}
	if g.Workspace == "" {
		mains = mainOf(lists)
		if len(mains) == 0 { // only dependency packages were matched
			if mains, err = runList[listModule](ctx, r, nil, r.listArgs("-m", "-json")...); err != nil {
				return err
			}
		}
	}
	b := newGraphBuilder(func(lm *listModule) *model.Module { return newModule(lm, r) })
	for _, m := range mains {
		g.Main = append(g.Main, model.MainModule{Path: m.Path, Dir: m.Dir, GoMod: m.GoMod})
		b.isMain[m.Path] = true
	}
	sort.Slice(g.Main, func(i, j int) bool { return g.Main[i].Path < g.Main[j].Path })
	matched := 0
	for i, pkgs := range lists {
		matched += b.addPlatform(opts.Platforms[i].String(), pkgs)
	}
	if matched == 0 {
		return &UsageError{Msg: fmt.Sprintf("the package patterns %s matched no packages in %s (check the patterns and -C)", strings.Join(opts.Patterns, " "), r.dirName())}
	}
	g.Modules, g.Deps = b.modules(), b.deps()
	return checkSources(g, r.opts.Offline)
}

// listPackages runs go list -deps for every platform at once, and, in a
// workspace (where a module may have no matched package), go list -m for
// the main modules. It returns each platform's packages, in the order of
// the options' platforms, and the main modules when asked.
func (r *runner) listPackages(ctx context.Context, workspace bool) ([][]*listPackage, []listModule, error) {
	opts := r.opts
	lists := make([][]*listPackage, len(opts.Platforms))
	errs := make([]error, len(opts.Platforms))
	var mains []listModule
	var mainErr error
	var wg sync.WaitGroup
	if workspace {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mains, mainErr = runList[listModule](ctx, r, nil, r.listArgs("-m", "-json")...)
		}()
	}
	for i, p := range opts.Platforms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env := []string{"GOOS=" + p.GOOS, "GOARCH=" + p.GOARCH}
			args := []string{"-deps", "-json=ImportPath,Module,Imports,Standard,DepOnly,ForTest,Error," + linkedFields}
			if opts.Tests {
				args = append(args, "-test")
			}
			args = append(r.listArgs(args...), opts.Patterns...)
			lists[i], errs[i] = runListEach(ctx, r, env, r.pre.sawPackage, args...)
		}()
	}
	wg.Wait()
	if mainErr != nil {
		return nil, nil, mainErr
	}
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return lists, mains, nil
}

// mainOf returns the main module the packages report (outside a
// workspace there is one), looking at the platforms in order; none when
// only dependency packages were matched.
func mainOf(lists [][]*listPackage) []listModule {
	for _, pkgs := range lists {
		for _, p := range pkgs {
			if p.Module != nil && p.Module.Main {
				return []listModule{*p.Module}
			}
		}
	}
	return nil
}

// graphBuilder turns the package graphs of the platforms into module
// records: which modules the matched packages reach, on which platforms,
// by which shortest chain (Via), with which packages, in which scope, and
// the module dependency edges.
type graphBuilder struct {
	isMain    map[string]bool
	newModule func(*listModule) *model.Module
	mods      map[string]*model.Module
	pkgSets   map[string]map[string]bool
	edges     map[string]map[string]bool
	// required marks the modules a non-test package reaches.
	required map[string]bool
	// linked holds each module's compiled files (see link).
	linked map[string]map[string]bool
}

func newGraphBuilder(newModule func(*listModule) *model.Module) *graphBuilder {
	return &graphBuilder{
		isMain: map[string]bool{}, newModule: newModule, mods: map[string]*model.Module{},
		pkgSets: map[string]map[string]bool{}, edges: map[string]map[string]bool{}, required: map[string]bool{},
	}
}

// addPlatform adds the packages go list reported for one platform and
// returns how many of them the patterns matched. It walks breadth-first
// from the matched non-test packages, then from the test ones, so Via is
// the shortest chain and prefers shipped code.
func (b *graphBuilder) addPlatform(plat string, pkgs []*listPackage) (matched int) {
	byPath := make(map[string]*listPackage, len(pkgs))
	var roots, testRoots []string
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
		if p.DepOnly || p.Standard {
			continue
		}
		matched++
		if p.ForTest == "" && !strings.HasSuffix(p.ImportPath, ".test") {
			roots = append(roots, p.ImportPath)
		} else {
			testRoots = append(testRoots, p.ImportPath)
		}
	}
	sort.Strings(roots)
	sort.Strings(testRoots)
	w := &walk{b: b, plat: plat, byPath: byPath, seen: map[string]bool{}, parent: map[string]string{}}
	w.from(roots, true)
	w.from(testRoots, false)
	return matched
}

// walk is the breadth-first walk of one platform's package graph; seen
// and parent span both of its passes (shipped roots, then test roots).
type walk struct {
	b      *graphBuilder
	plat   string
	byPath map[string]*listPackage
	seen   map[string]bool
	parent map[string]string
}

// modOf returns the module path of a non-standard package, or "".
func modOf(p *listPackage) string {
	if p == nil || p.Standard || p.Module == nil {
		return ""
	}
	return p.Module.Path
}

// from walks from the packages starts; scopeRequired says they are
// shipped code (not tests).
func (w *walk) from(starts []string, scopeRequired bool) {
	queue := []string{}
	for _, s := range starts {
		if !w.seen[s] {
			w.seen[s] = true
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		p := w.byPath[cur]
		if p == nil {
			continue
		}
		from := modOf(p)
		if from != "" && !w.b.isMain[from] {
			w.b.reached(p, cur, w.plat, func() []string { return chain(cur, w.parent) }, scopeRequired)
		}
		imps := p.Imports // sorted by the go command, but for "C" and vendored ones
		if !slices.IsSorted(imps) {
			imps = slices.Clone(imps)
			sort.Strings(imps)
		}
		for _, imp := range imps {
			q := w.byPath[imp]
			if q == nil || q.Standard {
				continue
			}
			if to := modOf(q); from != "" && to != "" && to != from {
				w.b.edge(from, to)
			}
			if !w.seen[imp] {
				w.seen[imp] = true
				w.parent[imp] = cur
				queue = append(queue, imp)
			}
		}
	}
}

// reached records that the walk reached package p (import path cur, with
// its test variant suffix) of a third-party module on plat, by the chain
// via returns.
// This is the via/scope rule: the first chain found in the shipped code
// wins; a test chain only when nothing shipped needs the module, and then
// the module's scope is test.
func (b *graphBuilder) reached(p *listPackage, cur, plat string, via func() []string, scopeRequired bool) {
	from := p.Module.Path
	m := b.mods[from]
	if m == nil {
		m = b.newModule(p.Module)
		b.mods[from] = m
		b.pkgSets[from] = map[string]bool{}
	}
	if !slices.Contains(m.Platforms, plat) {
		m.Platforms = append(m.Platforms, plat)
	}
	b.pkgSets[from][cleanImportPath(cur)] = true
	b.link(m, p)
	if scopeRequired && !b.required[from] {
		b.required[from] = true
		m.Via = via()
	} else if m.Via == nil {
		m.Via = via()
	}
}

// edge records that a package of module from imports one of module to.
func (b *graphBuilder) edge(from, to string) {
	if b.edges[from] == nil {
		b.edges[from] = map[string]bool{}
	}
	b.edges[from][to] = true
}

// modules returns the records, each with its scope, its packages and its
// platforms sorted (the graph's modules are sorted by path by Load).
func (b *graphBuilder) modules() []*model.Module {
	var out []*model.Module
	for path, m := range b.mods {
		if b.required[path] {
			m.Scope = model.ScopeRequired
		} else {
			m.Scope = model.ScopeTest
		}
		for p := range b.pkgSets[path] {
			m.Packages = append(m.Packages, p)
		}
		sort.Strings(m.Packages)
		sort.Strings(m.Platforms)
		m.Linked = sortedKeys(b.linked[path])
		out = append(out, m)
	}
	return out
}

// deps returns the module dependency edges, each list sorted.
func (b *graphBuilder) deps() map[string][]string {
	out := map[string][]string{}
	for from, tos := range b.edges {
		for to := range tos {
			out[from] = append(out[from], to)
		}
		sort.Strings(out[from])
	}
	return out
}

// chain returns the import chain ending at p, following parent links.
func chain(p string, parent map[string]string) []string {
	var c []string
	for cur, ok := p, true; ok; cur, ok = parent[cur] {
		c = append(c, cleanImportPath(cur))
	}
	slices.Reverse(c)
	return slices.Compact(c)
}

// cleanImportPath drops the " [p.test]" suffix of test variants.
func cleanImportPath(p string) string {
	if i := strings.Index(p, " ["); i >= 0 {
		return p[:i]
	}
	return p
}

func newModule(lm *listModule, r *runner) *model.Module {
	m := &model.Module{Path: lm.Path, Version: lm.Version, Dir: lm.Dir, Sum: lm.Sum}
	if lm.Replace != nil {
		m.Replace = &model.Replacement{Path: lm.Replace.Path, Version: lm.Replace.Version}
		m.Dir = lm.Replace.Dir
		m.Sum = lm.Replace.Sum
	}
	if r.vendor {
		m.Vendored = true
		m.Dir = filepath.Join(r.vendorDir, filepath.FromSlash(lm.Path))
	}
	return m
}

func (r *runner) loadBuildList(ctx context.Context, g *model.Graph) error {
	var mods []listModule
	if r.vendor {
		// go list -m all cannot work from vendor/: read vendor/modules.txt
		// for the dependencies, and go list -m for the main modules.
		name := filepath.Join(r.vendorDir, "modules.txt")
		data, err := readSmallFile(name, 64<<20)
		if err != nil {
			return &GoCommandError{File: name, Msg: err.Error(), Hint: "run `go mod vendor`"}
		}
		vmods, err := ParseVendorModules(name, data)
		if err != nil {
			return err
		}
		if mods, err = runList[listModule](ctx, r, nil, r.listArgs("-m", "-json")...); err != nil {
			return err
		}
		for _, v := range vmods {
			lm := listModule{Path: v.Path, Version: v.Version}
			if v.Replace != nil {
				lm.Replace = &listModule{Path: v.Replace.Path, Version: v.Replace.Version}
				if v.Replace.Version == "" {
					lm.Replace.Dir = v.Replace.Path
				}
			}
			mods = append(mods, lm)
		}
	} else {
		var err error
		if mods, err = runList[listModule](ctx, r, nil, r.listArgs("-m", "-json", "all")...); err != nil {
			return err
		}
	}
	var all []string
	for _, p := range r.opts.Platforms {
		all = append(all, p.String())
	}
	sort.Strings(all)
	for i := range mods {
		lm := &mods[i]
		if lm.Main {
			g.Main = append(g.Main, model.MainModule{Path: lm.Path, Dir: lm.Dir, GoMod: lm.GoMod})
			continue
		}
		m := newModule(lm, r)
		m.Scope = model.ScopeRequired
		m.Platforms = all
		g.Modules = append(g.Modules, m)
	}
	if !r.vendor {
		// go list -m all reads no module content: check it against
		// go.sum, fetching what is missing, as the default scope does.
		if err := r.verifyModules(ctx, g); err != nil {
			return err
		}
	}
	return checkSources(g, r.opts.Offline)
}

// runList runs the go command and decodes the stream of JSON values it prints.
func runList[T any](ctx context.Context, r *runner, env []string, args ...string) ([]T, error) {
	return runListEach[T](ctx, r, env, nil, args...)
}

// runListEach is runList, also handing each value to each (when not nil)
// as soon as it is decoded.
func runListEach[T any](ctx context.Context, r *runner, env []string, each func(T), args ...string) ([]T, error) {
	var out []T
	err := r.runJSONStream(ctx, env, func(d *json.Decoder) error {
		for {
			var v T
			if err := d.Decode(&v); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if each != nil {
				each(v)
			}
			out = append(out, v)
		}
	}, args...)
	return out, err
}

// checkSources fails when a module's source directory is missing.
func checkSources(g *model.Graph, offline bool) error {
	for _, m := range g.Modules {
		if m.Dir != "" {
			if _, err := os.Stat(m.Dir); err == nil {
				continue
			}
		}
		if m.Replace != nil && m.Replace.Version == "" {
			return &GoCommandError{Msg: fmt.Sprintf("module %s is replaced by directory %s, which does not exist", m.Path, m.Replace.Path), Hint: "fix the replace directive in go.mod"}
		}
		hint := "run `go mod download` to fetch it"
		if g.Vendor {
			hint = "run `go mod vendor` to bring vendor/ up to date"
		}
		if offline {
			return &GoCommandError{Msg: fmt.Sprintf("source of %s is not in the module cache and --offline forbids downloading it", m.ID()), Hint: hint}
		}
		return &GoCommandError{Msg: fmt.Sprintf("source of %s is missing", m.ID()), Hint: hint}
	}
	return nil
}

// readSums reads the go.sum (and go.work.sum) files of the main modules.
func readSums(g *model.Graph) map[string]string {
	sums := map[string]string{}
	var files []string
	for _, m := range g.Main {
		if m.Dir != "" {
			files = append(files, filepath.Join(m.Dir, "go.sum"))
		}
	}
	if g.Workspace != "" {
		files = append(files, g.Workspace+".sum")
	}
	for _, f := range files {
		data, err := readSmallFile(f, 64<<20)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) != 3 || strings.HasSuffix(fields[1], "/go.mod") {
				continue
			}
			if module.CheckPath(fields[0]) != nil {
				continue
			}
			sums[fields[0]+" "+fields[1]] = fields[2]
		}
	}
	return sums
}

// readSmallFile reads a regular file of at most limit bytes, opened
// without blocking (see openRegular): a FIFO or device in its place is
// an error, never a hang or an endless read.
func readSmallFile(name string, limit int64) ([]byte, error) {
	f, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return data, nil
}

func lookupEnv(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}
