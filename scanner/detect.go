package scanner

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/scanner/deep"
	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// Detector detects the licenses of modules: which files it reads (the
// module root and the used packages' directories), reading them safely
// within a budget, the detection cache and the workers. Each file is
// classified by license.Classifier, which knows nothing of modules on
// disk.
type Detector struct {
	// Cache, when set, keeps detection results across runs.
	Cache *Cache
	// KeepListings, when set before Detect, keeps the directory
	// listings detection makes for DeepScan, which reads the same
	// package directories (and then drops them); else Detect drops them.
	// Set before a Load that is given the Detector, it also has the deep
	// scan's reading done beside the go command (see deepAhead): it says
	// that DeepScan follows. That reading goes on after Load returns,
	// until DeepScan starts, Load's context is done or the Detector is
	// given to another Load.
	KeepListings bool

	c license.Classifier

	mu sync.Mutex
	// prefetched holds the results of detection started while the graph
	// loaded, by module directory (see prefetch); reused counts those
	// Detect used.
	prefetched map[string]prefetched
	reused     int
	// prefetchedFor holds the modules of the graph whose load made
	// prefetched and the listings (see forgetOtherGraph).
	prefetchedFor map[*model.Module]bool
	// lists holds the directory listings of the scan (see listCache).
	lists listCache
	// ahead is the deep scan's read-ahead of the last load, going on
	// until DeepScan takes its results (see deepAhead), for the modules
	// aheadMods of the graph loaded beside it: a later graph's modules,
	// whose files may have changed since, find none.
	ahead     *deepAhead
	aheadMods []*model.Module
	// aheadTaken counts the files whose results DeepScan took from
	// the read-ahead; aheadFinish makes DeepScan wait for the read-ahead
	// to finish, however soon the graph loads (both for tests).
	aheadTaken  atomic.Int64
	aheadFinish bool

	// deepSc is the deep scan's scanner, made once (see deepScanner).
	deepOnce sync.Once
	deepSc   *deep.Scanner
}

// NewDetector returns a Detector; it builds nothing yet.
func NewDetector() *Detector { return &Detector{} }

// deepScanner returns the deep scan's scanner, which DeepScan and the
// ahead scan share (its memory of headers serves both).
func (d *Detector) deepScanner() *deep.Scanner {
	d.deepOnce.Do(func() { d.deepSc = &deep.Scanner{Classifier: &d.c} })
	return d.deepSc
}

// keepAhead keeps the read-ahead a, still running, for the DeepScan of
// the modules mods of the graph loaded beside it, in place of any earlier
// load's (which is halted, and keeps nothing more: see deepAhead.take).
func (d *Detector) keepAhead(a *deepAhead, mods []*model.Module) {
	d.mu.Lock()
	old := d.ahead
	d.ahead, d.aheadMods = a, mods
	d.mu.Unlock()
	if old != nil && old != a {
		old.take() // dropped
	}
}

// dropAhead halts the read-ahead, if any, and drops it with its results.
func (d *Detector) dropAhead() {
	d.mu.Lock()
	a := d.ahead
	d.ahead, d.aheadMods = nil, nil
	d.mu.Unlock()
	if a != nil {
		a.take()
	}
}

// takeAhead halts the read-ahead and returns its results by module of the
// graph it was loaded with; nil without one.
func (d *Detector) takeAhead() map[*model.Module]map[string]aheadResult {
	d.mu.Lock()
	a, mods := d.ahead, d.aheadMods
	d.ahead, d.aheadMods = nil, nil
	d.mu.Unlock()
	if a == nil {
		return nil
	}
	if d.aheadFinish {
		<-a.done
	}
	results := a.take()
	out := map[*model.Module]map[string]aheadResult{}
	for _, m := range mods {
		if r, ok := results[m.Dir]; ok {
			out[m] = r
		}
	}
	return out
}

// Warm builds the license scanner now (for example concurrently with
// graph loading); see license.Classifier.Warm.
func (d *Detector) Warm() error { return d.c.Warm() }

// Classify classifies one file's bytes; see license.Classifier.Classify.
func (d *Detector) Classify(name string, data []byte, licenseFile bool) model.Evidence {
	return d.c.Classify(name, data, licenseFile)
}

// DetectFile classifies a file on disk, named as the user gave it; a file
// that is not a license file by name is judged match by match.
func (d *Detector) DetectFile(name string) model.Evidence {
	ev := model.Evidence{File: name, Matches: []model.Match{}}
	text, sum, err := readLicenseFile(filepath.Dir(name), name)
	ev.SHA256 = sum
	if err != nil {
		ev.Verdict, ev.Note = model.VerdictUnknown, err.Error()
		return ev
	}
	return d.c.ClassifyText(ev, text, license.FileRole(filepath.Base(name)) != "")
}

// LicenseFiles lists the license-like files of a directory tree for
// detect: files whose FileRole is not empty, skipping vendor/, testdata/
// and hidden directories, sorted.
func LicenseFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		if e.IsDir() {
			if p != dir && (e.Name() == "vendor" || e.Name() == "testdata" || strings.HasPrefix(e.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if license.FileRole(e.Name()) != "" {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// DetectModule detects the license of one module: the license files at its
// root and in each directory from a used package up to the root, against
// the SPDX tags of its used packages' Go files (see checkTags); without
// any license file, the statements of those files' headers (see
// checkStatements).
func (d *Detector) DetectModule(m *model.Module) *model.License {
	lic, _ := d.detectModule(m)
	return lic
}

// detectModule is DetectModule, also reporting whether the result is a
// fact about the module's files that may be cached: not when the source
// is missing or its directory unreadable, which says something about this
// machine, not the module.
func (d *Detector) detectModule(m *model.Module) (*model.License, bool) {
	lic := &model.License{Evidence: []model.Evidence{}}
	if m.Dir == "" {
		lic.Reason = "module source not available"
		return lic, false
	}
	dirs := listDirs(m, &d.lists)
	rels, err := moduleLicenseFiles(m, dirs)
	if err != nil {
		lic.Reason = "cannot read the module directory: " + err.Error()
		return lic, false
	}
	lic, ok := d.takePrefetched(m.Dir, rels)
	if !ok {
		lic = d.c.Module(&licenseReader{root: m.Dir}, rels)
	}
	checkTags(m, lic, dirs, &d.lists)
	checkStatements(m, lic, dirs)
	return lic, true
}

// dirListing is the entries of the directories of a module that
// detection reads (packageDirs), listed once: the error of a directory
// that cannot be listed.
type dirListing map[string]dirEntries

type dirEntries struct {
	entries []os.DirEntry
	err     error
	// licensed are the names of the entries that are license files:
	// not directories, with a FileRole; in listing order.
	licensed []string
}

// readDirEntries lists dir (os.ReadDir), with the names of its license
// files picked out once: detection looks for them in every package
// directory, for every package of a module, and most have none.
func readDirEntries(dir string) dirEntries {
	entries, err := os.ReadDir(dir)
	e := dirEntries{entries: entries, err: err}
	for _, de := range entries {
		if !de.IsDir() && license.FileRole(de.Name()) != "" {
			e.licensed = append(e.licensed, de.Name())
		}
	}
	return e
}

// moduleLicenseFiles lists the files of a module that have a FileRole, in
// its root and in each directory from a used package up to the root
// (listed in dirs, see listDirs), sorted: the files detection reads (or,
// for notices, names). It fails only when the root cannot be listed.
func moduleLicenseFiles(m *model.Module, dirs dirListing) ([]string, error) {
	var rels []string
	for _, dir := range packageDirs(m) {
		if err := dirs[dir].err; err != nil {
			if dir == "." {
				return nil, err
			}
			continue
		}
		for _, name := range dirs[dir].licensed {
			rels = append(rels, path.Join(dir, name))
		}
	}
	sort.Strings(rels)
	return rels, nil
}

// Detect detects the license of every module that has none yet, with up
// to workers modules at once (0 means GOMAXPROCS). Results found in the
// detector's Cache are used as they are; the licensecheck scanner is built
// only when some module is not in the cache.
func (d *Detector) Detect(ctx context.Context, mods []*model.Module, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	d.forgetOtherGraph(mods)
	defer d.dropPrefetched()
	if !d.KeepListings {
		defer d.lists.reset()
	}
	keys := make([]string, len(mods))
	var misses []int
	var mu sync.Mutex
	if err := forEach(ctx, len(mods), workers, func(i int) {
		m := mods[i]
		if m.License != nil {
			return
		}
		key, ok := detectKey(m, &d.lists)
		if ok {
			keys[i] = key
			var lic cachedLicense
			if d.Cache.get("detect", key, &lic) {
				m.License = (*model.License)(&lic)
				return
			}
		}
		mu.Lock()
		misses = append(misses, i)
		mu.Unlock()
	}); err != nil {
		return err
	}
	if len(misses) == 0 {
		return nil
	}
	sort.Ints(misses)
	if err := d.Warm(); err != nil {
		return err
	}
	return forEach(ctx, len(misses), workers, func(j int) {
		i := misses[j]
		lic, cacheable := d.detectModule(mods[i])
		mods[i].License = lic
		if keys[i] != "" && cacheable {
			d.Cache.put("detect", keys[i], lic)
		}
	})
}

// forEach calls f(0..n-1) on up to workers goroutines, stopping early when
// ctx is done.
func forEach(ctx context.Context, n, workers int, f func(int)) error {
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f(i)
			}
		}()
	}
	var err error
loop:
	for i := range n {
		select {
		case work <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break loop
		}
	}
	close(work)
	wg.Wait()
	return err
}
