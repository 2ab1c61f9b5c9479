package scanner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
	"github.com/ospo-scan/ospo-scan/scanner/deep"
)

// MaxLinkedFileSize is the most of a linked file the deep scan reads
// whole. Of a larger file (generated tables, bundled data) only the first
// LinkedHeadSize bytes are read, where its header and any license
// statement of its own are, and the file is listed as read in part.
const MaxLinkedFileSize = 1 << 20

// LinkedHeadSize is how much of a file over MaxLinkedFileSize is read.
const LinkedHeadSize = 64 << 10

// deepFormat names what a deep cache entry means; change it when the deep
// scan's reading changes in a way the detector fingerprint does not see.
const deepFormat = "deep 2"

// DeepScan runs the deep scan (package scanner/deep) on every module that
// has none yet: it reads the files the build compiles (Module.Linked) and
// the README, NOTICE and *.LICENSE files in their directories (see
// deep.Extra), with the same rules as license files (no symlink out of the
// module, regular files only), and sets Module.Deep. Results are cached
// per module version and set of linked files; a replaced directory or
// vendor/ is keyed by the content of the files read. The results of all
// the modules are cached together too, under the modules' keys: a warm
// run of an unchanged build reads one entry. Up to workers modules are
// scanned at once (0 means GOMAXPROCS).
func (d *Detector) DeepScan(ctx context.Context, mods []*model.Module, workers int) error {
	return d.deepScan(ctx, mods, workers, "")
}

// DeepScanGraph is DeepScan on the modules of g. A graph with a Key (one
// loaded with the cache) keys the set of results by it: its cache entry
// holds every module's linked files, so a warm run hashes none of their
// names (23,000 in telegraf).
func (d *Detector) DeepScanGraph(ctx context.Context, g *model.Graph, workers int) error {
	return d.deepScan(ctx, g.Modules, workers, g.Key)
}

// deepScan is DeepScan with the key of the graph the modules come from,
// "" for none.
func (d *Detector) deepScan(ctx context.Context, mods []*model.Module, workers int, graphKey string) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The files scanned while the graph loaded, each once.
	ahead := d.takeAhead()
	var jobs []*deepJob
	for _, m := range mods {
		switch {
		case m.Deep != nil:
		case m.Dir == "":
			m.Deep = &model.Deep{Files: []model.FileLicense{}}
		default:
			jobs = append(jobs, &deepJob{m: m})
		}
	}
	// The listings detection kept for the deep scan (KeepListings) go
	// with it, whatever it reads.
	defer d.lists.reset()
	if len(jobs) == 0 {
		return nil
	}
	fp := detectorFingerprint()
	// A warm run of an unchanged build reads one entry, not one per
	// module: the set of every result. Its key is the graph's when every
	// module is a version (whose files never change) and the graph has a
	// key; else the modules' own keys (see deepSetKey).
	setKey, setIDs := "", []string(nil)
	if d.Cache != nil && graphKey != "" && !slices.ContainsFunc(jobs, func(j *deepJob) bool { return !keyedByVersion(j.m) }) {
		setKey, setIDs = deepGraphSetKey(fp, graphKey, jobs)
		if d.takeDeepSet(setKey, setIDs, jobs) {
			return nil
		}
	}
	if err := forEach(ctx, len(jobs), workers, func(i int) {
		j := jobs[i]
		j.key, j.ok = deepKey(fp, j.m, func() []string {
			j.files, j.regular = deepFiles(j.m, &d.lists)
			return j.files
		})
	}); err != nil {
		return err
	}
	if setKey == "" && d.Cache != nil && !slices.ContainsFunc(jobs, func(j *deepJob) bool { return !j.ok }) {
		setIDs = make([]string, len(jobs))
		for i, j := range jobs {
			setIDs[i] = j.key
		}
		setKey = deepSetKey(setIDs)
		if d.takeDeepSet(setKey, setIDs, jobs) {
			return nil
		}
	}
	sc := d.deepScanner()
	// The workers' read buffers, kept from module to module: a buffer
	// grown to a module's largest file serves the next.
	var bufs sync.Pool
	// The largest modules first, so that no worker is left with one at
	// the end while the others wait.
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(jobs[order[a]].m.Linked) > len(jobs[order[b]].m.Linked) })
	err := forEach(ctx, len(jobs), workers, func(i int) {
		j := jobs[order[i]]
		m := j.m
		if j.ok {
			var cd cachedDeep
			if d.Cache.get("deep", j.key, &cd) {
				m.Deep = (*model.Deep)(&cd)
				return
			}
		}
		if j.files == nil {
			j.files, j.regular = deepFiles(m, &d.lists)
		}
		buf, _ := bufs.Get().(*[]byte)
		if buf == nil {
			buf = new([]byte)
		}
		var pre map[string]aheadResult
		if keyedByVersion(m) {
			pre = ahead[m] // only a version's files never change
		}
		var taken int
		m.Deep, taken = scanLinked(sc, m.Dir, j.files, j.regular, buf, pre)
		d.aheadTaken.Add(int64(taken))
		bufs.Put(buf)
		compact(m.Deep, detected(m))
		if m.License != nil {
			referredBSDStyle(m.Deep, m.Dir, m.License.Evidence)
		}
		if j.ok {
			d.Cache.putLater("deep", j.key, m.Deep)
		}
	})
	if err != nil {
		return err
	}
	if setKey != "" {
		set := storedDeepSet{Keys: setIDs, Deep: make([]*model.Deep, len(jobs))}
		for i, j := range jobs {
			set.Deep[i] = j.m.Deep
		}
		d.Cache.putLater("deepset", setKey, set)
	}
	return nil
}

// deepJob is a module DeepScan scans: its cache key (ok when it has one)
// and, when the key needed them, the files to read.
type deepJob struct {
	m       *model.Module
	key     string
	ok      bool
	files   []string
	regular map[string]bool
}

// deepSetKey returns the key of the set of deep results of modules with
// these keys, in this order: each key already holds everything its
// module's result depends on (see deepKey).
func deepSetKey(keys []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "deepset\x00%s\x00%d\x00", deepFormat, len(keys))
	for _, k := range keys {
		fmt.Fprintf(h, "%s\x00", k)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// deepGraphSetKey returns the key of the set of deep results of the jobs,
// modules of the graph with key graphKey, each a module version (see
// keyedByVersion), and the ids the set's entry lists (path@version of
// each job, in order). It holds what deepKey hashes but the linked files:
// the graph's key stands for them.
func deepGraphSetKey(fp, graphKey string, jobs []*deepJob) (string, []string) {
	h := sha256.New()
	fmt.Fprintf(h, "deepset graph\x00%s\x00%s\x00%s\x00%d\x00", deepFormat, fp, graphKey, len(jobs))
	ids := make([]string, len(jobs))
	var b []byte
	for i, j := range jobs {
		m := j.m
		ids[i] = m.Path + "@" + m.Version
		b = deepFields(b[:0], m)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), ids
}

// takeDeepSet sets the jobs' results from the cached set under key, if
// there is one listing ids; it reports whether there was.
func (d *Detector) takeDeepSet(key string, ids []string, jobs []*deepJob) bool {
	var set cachedDeepSet
	if !d.Cache.get("deepset", key, &set) || !slices.Equal(set.Keys, ids) {
		return false
	}
	for i, j := range jobs {
		j.m.Deep = (*model.Deep)(&set.Deep[i])
	}
	return true
}

// storedDeepSet is the set of a run's deep results as put in the cache;
// Keys are the modules' keys, or their path@version (deepGraphSetKey).
type storedDeepSet struct {
	Keys []string
	Deep []*model.Deep
}

// cachedDeepSet is a storedDeepSet as read back, with the check an entry
// must pass: a key per result, and every result passing cachedDeep's.
type cachedDeepSet struct {
	Keys []string
	Deep []cachedDeep
}

func (s *cachedDeepSet) check() error {
	if len(s.Keys) == 0 || len(s.Keys) != len(s.Deep) {
		return fmt.Errorf("%d keys for %d results", len(s.Keys), len(s.Deep))
	}
	valid := map[string]bool{}
	for i := range s.Deep {
		if err := s.Deep[i].checkWith(valid); err != nil {
			return fmt.Errorf("result %d: %w", i, err)
		}
	}
	return nil
}

// deepFiles returns the files the deep scan reads in a module, sorted:
// the linked files and the extra texts of their directories; and those
// of them that their directory lists as regular files, listing the
// directories through lists (see Detector.KeepListings).
func deepFiles(m *model.Module, lists *listCache) ([]string, map[string]bool) {
	set := map[string]bool{}
	regular := map[string]bool{}
	dirs := map[string]bool{}
	for _, f := range m.Linked {
		if !relPath(f) {
			continue // not a path in the module (a damaged graph cache entry)
		}
		set[f] = true
		dirs[path.Dir(f)] = true
	}
	for dir := range dirs {
		l := lists.list(filepath.Join(m.Dir, filepath.FromSlash(dir)))
		entries, err := l.entries, l.err
		if err != nil {
			continue
		}
		for _, e := range entries {
			typ := e.Type()
			if typ.IsDir() {
				continue
			}
			// path.Join(dir, e.Name()) without its cleaning: dir is
			// clean (path.Dir) and a directory entry is one element.
			name := e.Name()
			if dir != "." {
				name = dir + "/" + name
			}
			if deep.Extra(e.Name(), dir == ".") {
				set[name] = true
			} else if !set[name] {
				continue
			}
			if typ.IsRegular() {
				regular[name] = true
			}
		}
	}
	return sortedKeys(set), regular
}

// detected returns the license detection concluded for a module, "" when
// none.
func detected(m *model.Module) string {
	if m.License == nil {
		return ""
	}
	return m.License.Expression
}

// compact keeps, of the statements of a license that the detected
// license covers, only the first: the cache and the report need every
// file whose license adds to the module's, not the thousand files whose
// header repeats it. (A policy override that names another license sees
// one file per such license.)
func compact(d *model.Deep, detected string) {
	cover := spdxexpr.NewCover(detected)
	seen := map[string]bool{}
	covered := map[string]bool{}
	out := d.Files[:0]
	for _, f := range d.Files {
		c, ok := covered[f.License]
		if !ok {
			c = cover.Covers(f.License)
			covered[f.License] = c
		}
		if c && seen[f.License] {
			continue
		}
		seen[f.License] = true
		out = append(out, f)
	}
	d.Files = out
}

// scanLinked scans the files of the module rooted at root; those that
// regular says are regular files are read through their directories
// (see dirReader), unless pre holds their result: the ahead scan read
// them so (see deepAhead). It returns the result and how many files'
// results it took from pre. *bufp is the read buffer, grown as needed.
func scanLinked(sc *deep.Scanner, root string, files []string, regular map[string]bool, bufp *[]byte, pre map[string]aheadResult) (*model.Deep, int) {
	res := &model.Deep{Files: []model.FileLicense{}}
	taken := 0
	buf := *bufp
	defer func() { *bufp = buf }()
	dr := newDirReader(root)
	defer dr.close()
	for _, rel := range files {
		var data []byte
		var note string
		var err error
		ok := false
		if regular[rel] {
			if r, done := pre[rel]; done {
				taken++
				res.Read++
				if r.why != "" {
					res.Unread = append(res.Unread, model.FileNote{File: rel, Note: r.why})
				}
				res.Files = append(res.Files, r.found...)
				continue
			}
			data, ok = dr.read(rel, buf[:0])
		}
		if !ok {
			data, note, err = readLinked(root, rel, buf[:0])
		}
		if err != nil {
			res.Unread = append(res.Unread, model.FileNote{File: rel, Note: err.Error()})
			continue
		}
		buf = data
		res.Read++
		found, why := sc.Scan(rel, data)
		if why == "" {
			why = note
		} else if note != "" {
			why = note + "; " + why
		}
		if why != "" {
			res.Unread = append(res.Unread, model.FileNote{File: rel, Note: why})
		}
		res.Files = append(res.Files, found...)
	}
	return res, taken
}

// readLinked reads a linked file of the module rooted at root into buf,
// as license files are read (see readLicenseFileLimit): a symlink only
// when it stays inside the module, a regular file only. Of a file over
// MaxLinkedFileSize it reads the first LinkedHeadSize bytes and says so
// in note.
func readLinked(root, rel string, buf []byte) (data []byte, note string, err error) {
	name := filepath.Join(root, filepath.FromSlash(rel))
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read: %w", errors.Unwrap(err))
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(name)
		if err != nil {
			return nil, "", errors.New("symlink that cannot be resolved (a loop or a missing target); not followed")
		}
		realRoot, err := filepath.EvalSymlinks(root)
		if err != nil {
			realRoot = root
		}
		if r, err := filepath.Rel(realRoot, target); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return nil, "", errors.New("symlink pointing outside the module; not followed")
		}
		if fi, err = os.Stat(target); err != nil {
			return nil, "", errors.New("cannot read symlink target")
		}
		name = target
	}
	if !fi.Mode().IsRegular() {
		return nil, "", fmt.Errorf("not a regular file (%s); not read", fi.Mode().Type())
	}
	if fi.Size() > MaxLinkedFileSize {
		f, err := os.Open(name)
		if err != nil {
			return nil, "", fmt.Errorf("cannot open: %w", err)
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, LinkedHeadSize))
		if err != nil {
			return nil, "", fmt.Errorf("cannot read: %w", err)
		}
		return cutRune(data), fmt.Sprintf("%d bytes, over the %d-byte limit: only the first %d bytes read", fi.Size(), MaxLinkedFileSize, LinkedHeadSize), nil
	}
	data, err = readExact(buf, name, int(fi.Size()))
	if err != nil {
		return nil, "", fmt.Errorf("cannot read: %w", err)
	}
	return data, "", nil
}

// cutRune drops an incomplete UTF-8 sequence (and the partial line) at the
// end of a head read in part.
func cutRune(data []byte) []byte {
	if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
		return data[:i+1]
	}
	return data
}

// deepKey returns the cache key of a module's deep scan, and false when it
// cannot be keyed. A module version from the module cache is keyed by
// path, version, go.sum hash and the linked files (which decide the other
// files read: the extra texts of their directories, immutable in a module
// version); a replacement directory or vendor/ by the content of the files
// read (listed by files), never by path. fp is the detector fingerprint
// (see detectorFingerprint).
func deepKey(fp string, m *model.Module, files func() []string) (string, bool) {
	// One buffer, one hash: a warm run keys every module (telegraf's 548
	// link 23,000 files), and fmt and a write per name cost more than
	// the hash.
	field := func(b []byte, ss ...string) []byte {
		for _, s := range ss {
			b = append(append(b, s...), 0)
		}
		return b
	}
	n := 256
	for _, f := range m.Linked {
		n += len(f) + 1
	}
	b := field(make([]byte, 0, n), deepFormat, fp)
	b = deepFields(b, m)
	if keyedByVersion(m) {
		b = field(b, m.Linked...)
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:]), true
	}
	h := sha256.New()
	h.Write(b)
	io.WriteString(h, "c\x00")
	var buf []byte
	for _, f := range files() {
		data, note, err := readLinked(m.Dir, f, buf[:0])
		if err != nil {
			return "", false // decided by the file's kind, not its content
		}
		buf = data
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "%s\x00%x\x00%s\x00", f, sum, note)
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// keyedByVersion reports whether a module's deep scan is keyed by its
// version (deepKey): one from the module cache, not vendored, not
// replaced by a directory.
func keyedByVersion(m *model.Module) bool {
	return m.Sum != "" && !m.Vendored && (m.Replace == nil || m.Replace.Version != "")
}

// deepFields appends to b what a module's deep key holds besides the
// format, the detector and the files: its path, the license detected and
// the license files it was detected from (referredBSDStyle reads those
// of the linked files' directories) and, for a module version, the
// version, go.sum hash and replacement. Each field ends with a NUL.
func deepFields(b []byte, m *model.Module) []byte {
	field := func(ss ...string) {
		for _, s := range ss {
			b = append(append(b, s...), 0)
		}
	}
	field(m.Path, detected(m))
	if m.License != nil {
		for _, e := range m.License.Evidence {
			field(e.File, e.SHA256, e.License)
		}
	}
	if keyedByVersion(m) {
		field("v", m.Version, m.Sum)
		if m.Replace != nil {
			field(m.Replace.Path + "@" + m.Replace.Version)
		}
	}
	return b
}

// cachedDeep is a Deep as the cache stores it, with the check an entry
// must pass.
type cachedDeep model.Deep

// check rejects a Deep the deep scan does not produce: no file list, a
// statement without a file in the module, a line, a known kind or a valid
// expression, statements out of order, a file note without a file or a
// note.
func (cd *cachedDeep) check() error { return cd.checkWith(map[string]bool{}) }

// checkWith is check with valid remembering which expressions are valid:
// a set of results shares one (parsing an expression is what costs).
func (cd *cachedDeep) checkWith(valid map[string]bool) error {
	if cd.Files == nil {
		return errors.New("no file list")
	}
	for i, f := range cd.Files {
		ok, seen := valid[f.License]
		if !seen {
			ok = spdxexpr.Valid(f.License)
			valid[f.License] = ok
		}
		switch {
		case !relPath(f.File):
			return fmt.Errorf("file %q is not a path in the module", f.File)
		case f.Line < 1:
			return fmt.Errorf("%s: line %d", f.File, f.Line)
		case f.Kind != model.FileKindTag && f.Kind != model.FileKindNotice && f.Kind != model.FileKindReference && f.Kind != model.FileKindText:
			return fmt.Errorf("%s: kind %q", f.File, f.Kind)
		case !ok:
			return fmt.Errorf("%s: license %q", f.File, f.License)
		case i > 0 && (cd.Files[i-1].File > f.File || cd.Files[i-1].File == f.File && cd.Files[i-1].Line > f.Line):
			return errors.New("statements out of order")
		}
	}
	for _, n := range cd.Unread {
		if !relPath(n.File) || n.Note == "" {
			return fmt.Errorf("unread file %q without a path or a note", n.File)
		}
	}
	if cd.Read < 0 {
		return errors.New("negative count of files read")
	}
	return nil
}
