package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// A baseline is what --baseline names: a saved JSON report, or a git
// revision whose committed files are scanned (README, "Baseline").
type baseline struct {
	arg   string // as given
	label string // what messages call it: --baseline REF, or diff: REF
	file  string // the report file; "" for a revision
	// For a revision: the commit it resolves to, the repository's top
	// level, and the -C directory's path below it (slash-separated, "" at
	// the top).
	commit, top, prefix string
	// unborn: HEAD of a repository without commits yet (the first
	// commit's pre-commit hook): an empty baseline, everything is new.
	unborn bool
}

// resolveBaseline says what --baseline names, before the scan: an
// existing file is a report; anything else must be a commit of the
// repository the scan runs in. Every failure is one line saying what to
// do, exit 2.
func resolveBaseline(ctx context.Context, arg, dir string, env []string, flag string) (*baseline, error) {
	b := &baseline{arg: arg, label: flag + " " + displayToken(arg)}
	if arg == "" {
		return nil, usageErrorf("%s: empty; name a git revision (main, HEAD~1, a commit) or a saved --format json report", b.label)
	}
	file := arg
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	if fi, err := os.Stat(file); err == nil {
		if fi.IsDir() {
			return nil, usageErrorf("%s: a directory; name a git revision or a saved --format json report", b.label)
		}
		b.file = file
		return b, nil
	}
	if strings.HasPrefix(arg, "-") || strings.ContainsAny(arg, "\x00\n") {
		return nil, usageErrorf("%s: no such file, and not a git revision", b.label)
	}
	// One git command (each costs a few milliseconds): the top level, the
	// directory below it, and the commit; git prints the first two even
	// when the revision is unknown (exit 1), nothing outside a repository.
	// :/TEXT names the newest commit whose message matches TEXT, all of
	// it: a ^{commit} after it would be part of the pattern.
	rev := arg + "^{commit}"
	if strings.HasPrefix(arg, ":/") {
		rev = arg
	}
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--show-toplevel", "--show-prefix", "--verify", "--quiet", "--end-of-options", rev)
	cmd.Dir, cmd.Env = dirName(dir), gitEnv(env)
	out, err := cmd.Output()
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) < 2 {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, usageErrorf("%s: no such file, and %s is not in a git repository; name a saved --format json report, or run in a git checkout", b.label, displayToken(dirName(dir)))
		}
		return nil, &exitError{exitScan, fmt.Errorf("%s: running git: %v; install git, or name a saved --format json report", b.label, err)}
	}
	top, prefix := lines[0], strings.TrimSuffix(lines[1], "/")
	if err != nil || len(lines) != 3 {
		if arg == "HEAD" {
			if _, serr := gitOutput(ctx, dir, env, "symbolic-ref", "-q", "HEAD"); serr == nil {
				b.unborn, b.top = true, top
				return b, nil
			}
		}
		if shallow, _ := gitOutput(ctx, dir, env, "rev-parse", "--is-shallow-repository"); shallow == "true" {
			return nil, usageErrorf("%s: not in this shallow clone; fetch it first: git fetch --depth=1 origin %s (in GitHub Actions, or give actions/checkout fetch-depth: 0)", b.label, displayToken(arg))
		}
		return nil, usageErrorf("%s: no such file, and not a commit of the repository at %s (git rev-parse %s fails); name a branch, tag or commit, or a saved --format json report", b.label, displayToken(top), displayToken(arg))
	}
	b.commit, b.top, b.prefix = lines[2], top, prefix
	return b, nil
}

// gitOutput runs a read-only git command in dir and returns its output,
// trimmed. It never takes a lock (GIT_OPTIONAL_LOCKS=0) nor prompts.
func gitOutput(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dirName(dir)
	cmd.Env = gitEnv(env)
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

func gitEnv(env []string) []string {
	return append(append([]string{}, env...), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
}

// baselineDocument reads or computes the baseline's report: a file is
// read (and checked) as diff reads it; a revision's committed files are
// copied to a temporary directory and scanned there as the working tree
// is, with the same options and cache. The policy is the one named with
// --policy, else the one the revision holds. The temporary directory is
// removed before it returns, whatever happens.
func baselineDocument(ctx context.Context, b *baseline, o options, lo scanner.LoadOptions, pol *policy.Policy, policyPath string, det *scanner.Detector, prog *progress, env []string, now time.Time) (*model.Document, error) {
	if b.file != "" {
		doc, err := readReport(b.file)
		if err != nil {
			return nil, usageErrorf("--baseline %s", strings.TrimPrefix(err.Error(), "diff: "))
		}
		return doc, nil
	}
	if b.unborn {
		return &model.Document{Schema: model.Schema, Main: []string{}, Modules: []*model.Module{}, Findings: []model.Finding{}}, nil
	}
	// A commit never changes: its report is cached, under a key that
	// holds everything else it depends on.
	key, cacheable := "", false
	if lo.Cache != nil {
		// The deep scan is no load option: a plain report of the same
		// commit is not this one.
		extra := []string{"date=" + now.Format(time.DateOnly), "version=" + toolVersion(), fmt.Sprintf("deep=%v", o.deep)}
		if policyPath != "" {
			data, err := os.ReadFile(policyPath)
			if err != nil {
				return nil, usageErrorf("--policy %s: %v", displayToken(o.policyArg), errors.Unwrap(err))
			}
			sum := sha256.Sum256(data)
			extra = append(extra, "policy="+hex.EncodeToString(sum[:]))
		}
		key, cacheable = scanner.CommitKey(lo, b.commit, b.prefix, extra...)
	}
	if cacheable {
		if doc, ok := lo.Cache.Report(key); ok {
			return doc, nil
		}
	}
	prog.set("copying the files of " + b.arg)
	tree, cleanup, err := checkoutTree(ctx, b, env)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	dir := filepath.Join(tree, filepath.FromSlash(b.prefix))
	o.root = scanRoot{dir: dir, fallback: tree}
	lo.Dir = dir
	lo.Env = baselineEnv(lo.Env, tree, dir)
	mods, err := monorepoModules(dir, lo.Env)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.label, err)
	}
	var scans []*moduleScan
	if len(mods) == 0 {
		s, err := scanModule(ctx, o, lo, pol, policyPath, det, nil, prog, env, now)
		if err != nil {
			return nil, baselineScanError(b, err)
		}
		scans = append(scans, s)
	}
	for _, rel := range mods {
		l := lo
		l.Dir, l.Patterns = filepath.Join(dir, rel), nil
		s, err := scanModule(ctx, o, l, pol, policyPath, det, nil, prog, env, now)
		if err != nil {
			return nil, baselineScanError(b, fmt.Errorf("%s: %w", filepath.ToSlash(rel), err))
		}
		s.rel = filepath.ToSlash(rel)
		scans = append(scans, s)
	}
	doc := scans[0].doc
	if len(scans) > 1 || scans[0].rel != "" {
		doc = mergeScans(scans)
	}
	if cacheable && inTree(scans, tree) {
		lo.Cache.PutReport(key, doc)
	}
	return doc, nil
}

// inTree reports whether every module whose source is a directory (a
// replace directive naming one) lies in the tree, symbolic links
// followed: only then does the report depend on the commit's files alone.
func inTree(scans []*moduleScan, tree string) bool {
	real, err := filepath.EvalSymlinks(tree)
	if err != nil {
		return false
	}
	for _, s := range scans {
		for _, m := range s.g.Modules {
			if m.Replace == nil || m.Replace.Version != "" {
				continue
			}
			if m.Dir == "" {
				return false
			}
			dir, err := filepath.EvalSymlinks(m.Dir)
			if err != nil || !within(real, dir) {
				return false
			}
		}
	}
	return true
}

// baselineScanError says that the failure is the baseline's, keeping the
// exit code of the error.
func baselineScanError(b *baseline, err error) error {
	code := exitCode(err)
	if code == exitOK || code == exitFindings {
		code = exitScan
	}
	var ie *interruptedError
	if errors.As(err, &ie) {
		return err
	}
	return &exitError{code, fmt.Errorf("%s (%.12s): %w", b.label, b.commit, err)}
}

// staleTree is how old a baseline directory left by a killed run must be
// before a later run removes it and takes its place.
const staleTree = time.Hour

// checkoutTree writes the files committed at the baseline's commit into a
// new temporary directory, reading them with git ls-tree and git cat-file
// (never touching the working tree, the index, branches or locks), and
// returns the directory and the function that removes it. The directory's
// name is the same for the same commit of the same repository, so the
// graph cache, keyed by directory, serves the next scan of that commit; a
// second run at the same time takes another name.
func checkoutTree(ctx context.Context, b *baseline, env []string) (string, func(), error) {
	sum := sha256.Sum256([]byte(b.top + "\x00" + b.commit))
	name := filepath.Join(os.TempDir(), "ospo-scan-baseline-"+hex.EncodeToString(sum[:6]))
	if fi, err := os.Lstat(name); err == nil && fi.IsDir() && time.Since(fi.ModTime()) > staleTree {
		os.RemoveAll(name) // left by a run that was killed
	}
	tree := name
	if err := os.Mkdir(name, 0o700); err != nil {
		if tree, err = os.MkdirTemp("", "ospo-scan-baseline-*"); err != nil {
			return "", nil, &exitError{exitScan, fmt.Errorf("%s: creating a temporary directory: %w", b.label, err)}
		}
	}
	cleanup := func() { os.RemoveAll(tree) }
	if err := writeTree(ctx, b, tree, env); err != nil {
		cleanup()
		if ctx.Err() != nil {
			return "", nil, context.Cause(ctx)
		}
		return "", nil, &exitError{exitScan, fmt.Errorf("%s: copying the committed files of %.12s: %w", b.label, b.commit, err)}
	}
	return tree, cleanup, nil
}

// A treeEntry is one file of git ls-tree -r.
type treeEntry struct {
	mode, object, path string
}

// writeTree writes the files of the commit into dir (which must be
// empty): regular and executable files and symbolic links; submodules
// are left out. Paths are checked, and written through an os.Root, so
// nothing lands outside dir.
func writeTree(ctx context.Context, b *baseline, dir string, env []string) error {
	ls := exec.CommandContext(ctx, "git", "ls-tree", "-r", "-z", "--full-tree", b.commit)
	ls.Dir, ls.Env = b.top, gitEnv(env)
	out, err := ls.Output()
	if err != nil {
		return fmt.Errorf("git ls-tree: %w", gitError(err))
	}
	var entries []treeEntry
	for rec := range bytes.SplitSeq(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, p, ok := strings.Cut(string(rec), "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return fmt.Errorf("git ls-tree: unexpected line %q", rec)
		}
		if f[1] != "blob" {
			continue // a submodule
		}
		if !filepath.IsLocal(filepath.FromSlash(p)) || path.Clean(p) != p {
			return fmt.Errorf("git ls-tree: path %q is not a local path", p)
		}
		entries = append(entries, treeEntry{f[0], f[2], p})
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()

	cat := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cat.Dir, cat.Env = b.top, gitEnv(env)
	stdin, err := cat.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cat.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cat.Stderr = &stderr
	if err := cat.Start(); err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, e := range entries {
			fmt.Fprintf(w, "%s\n", e.object)
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 1<<16)
	werr := func() error {
		made := map[string]bool{".": true}
		for _, e := range entries {
			size, err := readObject(r, e.object)
			if err != nil {
				return err
			}
			if d := path.Dir(e.path); !made[d] {
				if err := root.MkdirAll(d, 0o700); err != nil {
					return err
				}
				made[d] = true
			}
			if err := writeEntry(root, e, r, size, b.top); err != nil {
				return err
			}
		}
		return nil
	}()
	if werr != nil {
		cat.Process.Kill()
		cat.Wait()
		return werr
	}
	if err := cat.Wait(); err != nil {
		return fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return anchorModFiles(root, entries, b.top)
}

// readObject reads the header of one object of git cat-file --batch's
// output and returns its size; the content follows, then a newline.
func readObject(r *bufio.Reader, want string) (int64, error) {
	header, err := r.ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("git cat-file: reading %s: %w", want, err)
	}
	f := strings.Fields(header)
	if len(f) != 3 || f[0] != want || f[1] != "blob" {
		return 0, fmt.Errorf("git cat-file: %q for %s", strings.TrimSpace(header), want)
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return 0, fmt.Errorf("git cat-file: %q for %s", strings.TrimSpace(header), want)
	}
	return size, nil
}

// maxLink bounds the target of a symbolic link (git stores it as the
// blob's content).
const maxLink = 4096

// writeEntry writes one file of the tree under root, copying its size
// bytes of content from r (never all in memory: a repository may commit
// large files), then reads the newline that ends the object. A symbolic
// link's relative target that leaves the repository is anchored at top
// (see anchorLink).
func writeEntry(root *os.Root, e treeEntry, r *bufio.Reader, size int64, top string) error {
	name := filepath.FromSlash(e.path)
	if e.mode == "120000" {
		if size > maxLink {
			return fmt.Errorf("%s: a symbolic link of %d bytes", e.path, size)
		}
		target := make([]byte, size+1)
		if _, err := io.ReadFull(r, target); err != nil {
			return fmt.Errorf("git cat-file: reading %s: %w", e.object, err)
		}
		return root.Symlink(anchorLink(string(target[:size]), e.path, top), name)
	}
	perm := os.FileMode(0o600)
	if e.mode == "100755" {
		perm = 0o700
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(f, r, size); err != nil {
		f.Close()
		return fmt.Errorf("git cat-file: reading %s: %w", e.object, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	if b, err := r.ReadByte(); err != nil || b != '\n' {
		return fmt.Errorf("git cat-file: %s does not end as the header said", e.object)
	}
	return nil
}

// gitError adds git's own message to an exit error.
func gitError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(string(ee.Stderr)))
	}
	return err
}
