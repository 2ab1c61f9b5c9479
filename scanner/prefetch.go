package scanner

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// prefetch detects licenses while the go command loads the package graph
// (see LoadOptions.Detector), so that a cold scan's detection overlaps the
// go command instead of following it.
//
// go list -deps prints nothing until it has loaded every package: its
// whole stream comes at the end. The modules that the main modules'
// go.mod files require are the earliest guess of what the graph links
// in, and with module graph pruning (go 1.17 and later) nearly all of it
// (prometheus v0.316.0 requires 251 modules and links 244). Each is
// detected as soon as a worker is free, on its root and the directories
// of the packages the go command's stream has shown by then; the stream
// also adds the modules go.mod does not name. A package shown after its
// module's job started has its directories listed; when one of them holds
// a license file, the module is detected again, with every package shown
// so far (license files in copied-code directories such as
// internal/third_party are read only for the packages that use them, and
// 10 of prometheus's modules have some). Workers run until the graph is
// loaded; what has not started by then is left to Detect.
//
// Nothing reaches the graph or the cache here. The results wait
// in the Detector, and Detect uses one only for a module whose source
// directory and license files (see moduleLicenseFiles) are those it was
// computed on: what license.Classifier.Module concludes is a function of
// them, and the tag check (checkTags) runs in Detect on the complete
// module, so the outcome is byte-identical to detecting after the graph
// is complete. A load that fails drops them all.
type prefetch struct {
	d *Detector
	r *runner
	// unwatch stops the watch that ends the workers on cancellation.
	unwatch func() bool
	wg      sync.WaitGroup

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []*prefetchJob          // not started yet, in order of discovery
	lists   []string                // directories to list (see sawPackage)
	pkgDirs map[string]bool         // those of them that are package directories
	owners  map[string]string       // the module directory of each of them
	jobs    map[string]*prefetchJob // by module directory
	done    map[string]prefetched   // by module directory
	stopped bool
	// ahead, when a deep scan follows, does its reading and scanning
	// beside the go command (see deepAhead); nil otherwise. g is the
	// graph the load fills, whose modules its results are kept for.
	ahead *deepAhead
	g     *model.Graph
}

// prefetchJob is the detection of one module directory.
type prefetchJob struct {
	path string // the module's path (not its replacement's)
	dir  string
	// pkgs are the module's import paths that the go command has shown.
	pkgs map[string]bool
	// runs counts the times the job started; queued says it waits in the
	// queue (first, or again for a license file a package brought).
	runs   int
	queued bool
	// read holds the directories the last run started read.
	read map[string]bool
}

// prefetched is a module's detection result and the license files, in
// the order read, it was computed from; run is the job's run that
// computed it (a later run, with more packages, wins).
type prefetched struct {
	rels []string
	lic  *model.License
	run  int
}

// newPrefetchFor returns the prefetch for Load, or nil when nothing would
// be gained: no detector, the build-list mode (no packages), or a
// detector whose cache already holds detection results (Detect would find
// them there, and the work here would only slow the go command down).
// Packages the go command shows are queued at once; the work starts with
// start, and stops when ctx is done. stop must be called in any case.
func newPrefetchFor(ctx context.Context, r *runner) *prefetch {
	d := r.opts.Detector
	if d == nil || r.opts.Mode != ModePackages || !d.Cache.Empty() {
		return nil
	}
	p := newPrefetch(d, r)
	if d.KeepListings {
		p.ahead = newDeepAhead(r, d.deepScanner(), &d.lists, p.extracted)
		if p.ahead != nil {
			// It outlives the load (see stop): ctx ends it until it is
			// taken.
			p.ahead.unwatch = context.AfterFunc(ctx, p.ahead.halt)
		}
	}
	p.unwatch = context.AfterFunc(ctx, p.halt)
	return p
}

// start starts the seeding and the workers; it is called once, beside
// the go command (see LoadOptions.Started).
func (p *prefetch) start() {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.seed()
	}()
	for range runtime.GOMAXPROCS(0) {
		p.wg.Add(1)
		go p.work()
	}
}

func newPrefetch(d *Detector, r *runner) *prefetch {
	p := &prefetch{d: d, r: r, jobs: map[string]*prefetchJob{}, done: map[string]prefetched{}}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// halted reports whether the prefetch has stopped.
func (p *prefetch) halted() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stopped
}

// halt lets no job start any more, and halts the ahead scan (a load
// that fails or is cancelled).
func (p *prefetch) halt() {
	p.haltJobs()
	if p.ahead != nil {
		p.ahead.halt()
	}
}

// haltJobs lets no job start any more.
func (p *prefetch) haltJobs() {
	p.mu.Lock()
	p.stopped = true
	p.queue, p.lists = nil, nil
	p.cond.Broadcast()
	p.mu.Unlock()
}

// stop ends the prefetch: no job starts any more and the running ones
// finish. With keep (the graph loaded), the results go to the Detector
// for Detect, and the ahead scan goes on until DeepScan takes its
// results (see Detector.takeAhead), never waited for (on a busy machine
// its thread, at the lowest priority, may wait long for a CPU), or until
// the load's context is done. Without keep, everything is dropped. A nil
// prefetch does nothing.
func (p *prefetch) stop(keep bool) {
	if p == nil {
		return
	}
	if p.unwatch != nil {
		p.unwatch()
	}
	if !keep {
		p.halt()
	}
	p.haltJobs()
	p.wg.Wait()
	kept := false
	if keep {
		var mods []*model.Module
		if p.g != nil {
			mods = p.g.Modules
		}
		p.d.keepPrefetched(p.done, mods)
		if p.ahead != nil && p.ahead.started && p.g != nil {
			p.d.keepAhead(p.ahead, p.g.Modules)
			kept = true
		}
	}
	if p.ahead != nil && !kept {
		p.ahead.take() // dropped
	}
}

// seed queues the modules the main modules' go.mod files require; then,
// when a deep scan follows, it runs the ahead scan of their packages.
func (p *prefetch) seed() {
	dirs, err := mainDirsOf(p.r.ge)
	if err != nil {
		return
	}
	type req struct{ path, dir string }
	var reqs []req
	mains := map[string]bool{}
	for _, d := range dirs {
		name := filepath.Join(d, "go.mod")
		data, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		f, err := modfile.Parse(name, data, nil)
		if err != nil {
			continue
		}
		if f.Module != nil {
			mains[f.Module.Mod.Path] = true
		}
		for _, rq := range f.Require {
			reqs = append(reqs, req{rq.Mod.Path, p.moduleDir(d, f.Replace, rq.Mod)})
		}
	}
	mods := map[string]string{}
	for _, rq := range reqs {
		if !mains[rq.path] {
			p.add(rq.path, rq.dir, "")
			mods[rq.path] = rq.dir
		}
	}
	if p.ahead != nil && len(mains) == 1 {
		for main := range mains {
			p.ahead.require(main, mods)
		}
		// At the lowest priority: the ahead scan takes what the go
		// command leaves idle, not its share of a CPU (a scan at the
		// same priority slowed the go command as much as it saved).
		// It is not one of the prefetch's workers: it goes on after the
		// load (see stop).
		p.ahead.started = true
		go func() {
			defer close(p.ahead.done)
			runLowPriority(p.ahead.run)
		}()
	}
}

// moduleDir returns where the go command will find the source of module
// m that the go.mod in modDir requires, given its replacements, as
// newModule gives it: in vendor/, in a replacement directory or in the
// module cache; "" when that is unknown.
func (p *prefetch) moduleDir(modDir string, reps []*modfile.Replace, m module.Version) string {
	if p.r.vendor {
		return filepath.Join(p.r.vendorDir, filepath.FromSlash(m.Path))
	}
	// A replacement of this version wins over one of every version.
	at := func(version string) int {
		return slices.IndexFunc(reps, func(r *modfile.Replace) bool { return r.Old.Path == m.Path && r.Old.Version == version })
	}
	to := m
	if i := at(m.Version); i >= 0 {
		to = reps[i].New
	} else if i := at(""); i >= 0 {
		to = reps[i].New
	}
	if to.Version == "" {
		return localDir(modDir, to.Path)
	}
	if p.r.ge.GOMODCACHE == "" {
		return ""
	}
	path, err := module.EscapePath(to.Path)
	if err != nil {
		return ""
	}
	version, err := module.EscapeVersion(to.Version)
	if err != nil {
		return ""
	}
	return filepath.Join(p.r.ge.GOMODCACHE, path+"@"+version)
}

// sawPackage is called for each package the go command prints: its
// module, if new, is queued, and its directory is read with the module's
// when the module's job has not started yet. A nil prefetch does nothing.
func (p *prefetch) sawPackage(lp *listPackage) {
	if p == nil || lp.Standard || lp.Module == nil || lp.Module.Main {
		return
	}
	m := newModule(lp.Module, p.r)
	if p.add(m.Path, m.Dir, cleanImportPath(lp.ImportPath)) {
		return
	}
	// The package's directories may hold license files the job did not
	// see: those listed here are looked at by list, and those listed
	// already by again.
	p.again(m.Dir, lp.Dir)
	// The module's job has started: list the package's directories now,
	// for Detect to find listed (detection reads each directory from a
	// used package up to the module root).
	// Its first Go file is read for its SPDX tag too (see sourceTags).
	var todo []string
	for _, dir := range chainDirs(m.Dir, lp.Dir) {
		if !p.d.lists.has(dir) {
			todo = append(todo, dir)
		}
	}
	if len(todo) > 0 {
		p.mu.Lock()
		if !p.stopped {
			p.lists = append(p.lists, todo...)
			if p.pkgDirs == nil {
				p.pkgDirs = map[string]bool{}
			}
			p.pkgDirs[lp.Dir] = true
			if p.owners == nil {
				p.owners = map[string]string{}
			}
			for _, dir := range todo {
				p.owners[dir] = m.Dir
			}
			p.cond.Signal()
		}
		p.mu.Unlock()
	}
}

// add queues the module path with its source in dir, unless it is queued
// already, and records the package pkg ("" for none) of it. It reports
// whether the job will see the package when it starts (false when the
// job has started, or nothing was queued).
func (p *prefetch) add(path, dir, pkg string) bool {
	if dir == "" {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return false
	}
	j := p.jobs[dir]
	if j == nil {
		j = &prefetchJob{path: path, dir: dir, pkgs: map[string]bool{}, queued: true}
		p.jobs[dir] = j
		p.queue = append(p.queue, j)
		p.cond.Signal()
	}
	if pkg != "" && j.path == path {
		j.pkgs[pkg] = true
		return j.queued
	}
	return false
}

// again runs the job of the module in modDir again if one of the
// directories from pkgDir up to the root that is listed already, other
// than the root (which every run reads), holds a license file.
func (p *prefetch) again(modDir, pkgDir string) {
	for _, dir := range chainDirs(modDir, pkgDir) {
		if dir != modDir && p.d.lists.has(dir) && holdsLicenseFile(p.d.lists.list(dir)) {
			p.requeue(modDir, dir)
		}
	}
}

// maxJobRuns bounds the runs of a module's job: a module whose packages
// bring license files in directory after directory (each run reads them
// all again) is left to Detect.
const maxJobRuns = 4

// requeue queues the started job of the module in modDir to run again
// for the license files in dir, unless it waits in the queue already, its
// last run read dir, or it ran maxJobRuns times.
func (p *prefetch) requeue(modDir, dir string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j := p.jobs[modDir]
	if p.stopped || j == nil || j.queued || j.read[dir] || j.runs >= maxJobRuns {
		return
	}
	j.queued = true
	p.queue = append(p.queue, j)
	p.cond.Signal()
}

// holdsLicenseFile reports whether a listing has a file with a FileRole.
func holdsLicenseFile(e dirEntries) bool { return len(e.licensed) > 0 }

// work runs jobs until the prefetch stops.
func (p *prefetch) work() {
	defer p.wg.Done()
	for {
		m, run, dir, ok := p.next()
		if !ok {
			return
		}
		if m == nil {
			p.list(dir)
			continue
		}
		p.detect(m, run)
	}
}

// list lists dir for Detect, and reads the tag of a package directory's
// first Go file. A directory other than its module's root that holds a
// license file runs the module's job again.
func (p *prefetch) list(dir string) {
	p.mu.Lock()
	pkg, owner := p.pkgDirs[dir], p.owners[dir]
	p.mu.Unlock()
	if pkg {
		p.d.lists.warmPackage(dir)
	}
	if e := p.d.lists.list(dir); owner != "" && dir != owner && holdsLicenseFile(e) {
		p.requeue(owner, dir)
	}
}

// next waits for a job and returns the module to detect, with the
// packages shown so far, and which run of its job this is, or else a
// directory to list; false once the prefetch stops.
func (p *prefetch) next() (*model.Module, int, string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 && len(p.lists) == 0 && !p.stopped {
		p.cond.Wait()
	}
	if p.stopped {
		return nil, 0, "", false
	}
	if len(p.queue) == 0 {
		dir := p.lists[0]
		p.lists = p.lists[1:]
		return nil, 0, dir, true
	}
	j := p.queue[0]
	p.queue = p.queue[1:]
	j.queued = false
	j.runs++
	m := &model.Module{Path: j.path, Dir: j.dir}
	for pkg := range j.pkgs {
		m.Packages = append(m.Packages, pkg)
	}
	sort.Strings(m.Packages)
	j.read = map[string]bool{}
	for _, rel := range packageDirs(m) {
		j.read[filepath.Join(j.dir, filepath.FromSlash(rel))] = true
	}
	return m, j.runs, "", true
}

// detect detects m as detectModule does and keeps the result with the
// license files it read, unless a later run of its job has kept one. A
// module the go command has not extracted yet is left to Detect: its
// listings, shared with detection, would be those of a missing or
// half-written directory.
func (p *prefetch) detect(m *model.Module, run int) {
	if !p.extracted(m.Dir) {
		return
	}
	dirs := listDirs(m, &p.d.lists)
	rels, err := moduleLicenseFiles(m, dirs)
	if err != nil {
		return // Detect says why
	}
	lic := p.d.c.Module(&licenseReader{root: m.Dir}, rels)
	if lic.Expression != "" {
		// The headers checkTags reads in Detect, read now (the listing
		// keeps them); the packages shown later were read by list.
		sourceTags(m, dirs, &p.d.lists, settledBy(lic.Expression))
	}
	p.mu.Lock()
	if p.done[m.Dir].run < run {
		p.done[m.Dir] = prefetched{rels: rels, lic: lic, run: run}
	}
	p.mu.Unlock()
}

// extracted reports whether dir exists and, when it is in the module
// cache, the go command has finished extracting it: it extracts a module
// in place, between creating and removing a .partial file in
// cache/download (cmd/go/internal/modfetch). The directory is looked at
// first: once it is there without the file, it is complete and never
// changes.
func (p *prefetch) extracted(dir string) bool {
	if _, err := os.Stat(dir); err != nil {
		return false
	}
	cache := p.r.ge.GOMODCACHE
	if cache == "" {
		return true
	}
	rel, err := filepath.Rel(cache, dir)
	if err != nil || !filepath.IsLocal(rel) {
		return true // not in the module cache
	}
	at := strings.LastIndex(rel, "@")
	if at < 0 {
		return true
	}
	_, err = os.Lstat(filepath.Join(cache, "cache", "download", rel[:at], "@v", rel[at+1:]+".partial"))
	return errors.Is(err, fs.ErrNotExist)
}

// keepPrefetched keeps prefetch results for the Detect of the modules
// mods of the graph loaded beside them, in place of any earlier load's
// (see forgetOtherGraph).
func (d *Detector) keepPrefetched(done map[string]prefetched, mods []*model.Module) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.prefetched = map[string]prefetched{}
	for dir, r := range done {
		d.prefetched[dir] = r
	}
	d.prefetchedFor = make(map[*model.Module]bool, len(mods))
	for _, m := range mods {
		d.prefetchedFor[m] = true
	}
}

// forgetOtherGraph drops the prefetch's results and the listings unless
// every module of mods is of the graph they were made for: those of an
// earlier load whose Detect never came would be read as today's, and a
// replacement directory may have changed since.
func (d *Detector) forgetOtherGraph(mods []*model.Module) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.prefetchedFor != nil && !slices.ContainsFunc(mods, func(m *model.Module) bool { return !d.prefetchedFor[m] }) {
		return
	}
	d.prefetched, d.prefetchedFor = nil, nil
	d.lists.reset()
}

// takePrefetched returns the prefetched result for the module source in
// dir if it was computed from the license files rels, and forgets it
// either way (a result goes to one module only).
func (d *Detector) takePrefetched(dir string, rels []string) (*model.License, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.prefetched[dir]
	if !ok {
		return nil, false
	}
	delete(d.prefetched, dir)
	if !slices.Equal(r.rels, rels) {
		return nil, false
	}
	d.reused++
	return r.lic, true
}

// dropPrefetched forgets the prefetched results that no module took.
func (d *Detector) dropPrefetched() {
	d.mu.Lock()
	d.prefetched, d.prefetchedFor = nil, nil
	d.mu.Unlock()
}
