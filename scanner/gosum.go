package scanner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// The go command adds checksums to go.sum when `go mod download` names a
// module, and to go.work.sum whenever it needs one in a workspace, whatever
// -mod says. It never writes a file that an -overlay replaces: it fails
// with "updates to go.sum needed, but go.sum is part of the overlay". So
// every go command Load runs gets an overlay mapping each go.sum of the
// build (and go.work.sum) onto itself, or onto nothing when it does not
// exist: reads are unchanged, writes become errors.

// writeOverlay writes the overlay file for the go.sum files of the main
// modules in dirs (and go.work.sum in a workspace), and returns its name.
// An overlay the user set in GOFLAGS is kept: its entries are copied in.
func writeOverlay(ge goEnv, dirs []string, env []string, cwd string) (string, error) {
	replace := map[string]string{}
	if user := userOverlay(ge.GOFLAGS, env); user != "" {
		if !filepath.IsAbs(user) {
			user = filepath.Join(cwd, user)
		}
		data, err := readSmallFile(user, 64<<20)
		if err != nil {
			return "", &GoCommandError{File: user, Msg: "reading the -overlay file of GOFLAGS: " + err.Error()}
		}
		var ov struct{ Replace map[string]string }
		if err := json.Unmarshal(data, &ov); err != nil {
			return "", &GoCommandError{File: user, Msg: "the -overlay file of GOFLAGS is not valid JSON: " + err.Error()}
		}
		for from, to := range ov.Replace {
			// The go command resolves relative names against its
			// directory; keep them meaning the same.
			if !filepath.IsAbs(from) {
				from = filepath.Join(cwd, from)
			}
			if to != "" && !filepath.IsAbs(to) {
				to = filepath.Join(cwd, to)
			}
			replace[from] = to
		}
	}
	var files []string
	if ge.GOWORK != "" {
		files = append(files, ge.GOWORK+".sum")
	}
	for _, d := range dirs {
		files = append(files, filepath.Join(d, "go.sum"))
	}
	for _, f := range files {
		if _, ok := replace[f]; ok {
			continue // the user's overlay replaces it: never written either
		}
		fi, err := os.Stat(f)
		switch {
		case err == nil && fi.Mode().IsRegular():
			replace[f] = f
		case errors.Is(err, fs.ErrNotExist):
			replace[f] = "" // absent, and the go command may not create it
		}
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp("", "ospo-scan-overlay-*.json")
	if err != nil {
		return "", fmt.Errorf("writing the go command's overlay file: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("writing the go command's overlay file: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("writing the go command's overlay file: %w", err)
	}
	return f.Name(), nil
}

// userOverlay returns the -overlay file named in GOFLAGS, if any.
func userOverlay(goflags string, env []string) string {
	if v := lookupEnv(env, "GOFLAGS"); v != "" {
		goflags = v
	}
	file := ""
	for _, f := range strings.Fields(goflags) {
		if name, v, ok := strings.Cut(strings.TrimLeft(f, "-"), "="); ok && name == "overlay" {
			file = v
		}
	}
	return file
}

// sumHint is what to do about checksums go.sum lacks.
const sumHint = "add them with `go mod tidy` in the module that needs them, or with `go mod download` in the workspace, which records them in go.work.sum; ospo-scan never edits go.sum or go.work.sum"

// sumsWanted is the error for a go command that failed because it wanted
// to add checksums to a go.sum or go.work.sum of the overlay. In a
// workspace it names them: it runs the command again against a copy of
// go.work in a temporary directory, where the go command writes its
// go.work.sum, and reports what it added.
func (r *runner) sumsWanted(ctx context.Context, env, args []string) error {
	file := filepath.Join(filepath.Dir(r.ge.GOMOD), "go.sum")
	if r.ge.GOWORK != "" {
		file = r.ge.GOWORK + ".sum"
		if missing, err := r.workSumsWanted(ctx, env, args); err == nil && len(missing) > 0 {
			n := len(missing)
			if n > 5 {
				missing = append(missing[:5], fmt.Sprintf("and %d more", n-5))
			}
			return &GoCommandError{File: file, Msg: fmt.Sprintf("missing go.sum entry for %s (the go command would add %s to %s)", strings.Join(missing, ", "), plural(n, "it", "them"), file), Hint: sumHint}
		}
	}
	return &GoCommandError{File: file, Msg: "missing go.sum entry: the go command needs checksums that " + file + " lacks", Hint: sumHint}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// workSumsWanted runs the go command (args, without the overlay) against a
// copy of the workspace's go.work, with absolute paths, and its go.work.sum
// in a temporary directory, and returns the "path version" of every line
// the go command added there, sorted.
func (r *runner) workSumsWanted(ctx context.Context, env, args []string) ([]string, error) {
	data, err := os.ReadFile(r.ge.GOWORK)
	if err != nil {
		return nil, err
	}
	wf, err := modfile.ParseWork(r.ge.GOWORK, data, nil)
	if err != nil {
		return nil, err
	}
	base := filepath.Dir(r.ge.GOWORK)
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(base, filepath.FromSlash(p))
	}
	// Drop and Add clear the entries they are given: work on copies.
	var uses []modfile.Use
	for _, u := range wf.Use {
		uses = append(uses, *u)
	}
	var reps []modfile.Replace
	for _, rep := range wf.Replace {
		reps = append(reps, *rep)
	}
	for _, u := range uses {
		if err := wf.DropUse(u.Path); err != nil {
			return nil, err
		}
		if err := wf.AddUse(abs(u.Path), u.ModulePath); err != nil {
			return nil, err
		}
	}
	for _, rep := range reps {
		if rep.New.Version != "" {
			continue
		}
		if err := wf.DropReplace(rep.Old.Path, rep.Old.Version); err != nil {
			return nil, err
		}
		if err := wf.AddReplace(rep.Old.Path, rep.Old.Version, abs(rep.New.Path), ""); err != nil {
			return nil, err
		}
	}
	wf.Cleanup()
	tmp, err := os.MkdirTemp("", "ospo-scan-work-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	work := filepath.Join(tmp, "go.work")
	if err := os.WriteFile(work, modfile.Format(wf.Syntax), 0o600); err != nil {
		return nil, err
	}
	old, err := os.ReadFile(r.ge.GOWORK + ".sum")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.WriteFile(work+".sum", old, 0o600); err != nil {
		return nil, err
	}
	var rerun []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-overlay=") {
			rerun = append(rerun, a)
		}
	}
	// Its output does not matter (an error makes runIn drain it).
	_ = r.runIn(ctx, r.opts.Dir, append(slices.Clone(env), "GOWORK="+work), func(*json.Decoder) error {
		return errDiscard
	}, rerun...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	added, err := os.ReadFile(work + ".sum")
	if err != nil {
		return nil, err
	}
	had := map[string]bool{}
	for _, l := range sumLines(old) {
		had[l] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, l := range sumLines(added) {
		f := strings.Fields(l)
		if had[l] || len(f) != 3 || seen[f[0]+" "+f[1]] {
			continue
		}
		seen[f[0]+" "+f[1]] = true
		out = append(out, f[0]+" "+f[1])
	}
	sort.Strings(out)
	return out, nil
}

var errDiscard = errors.New("output discarded")

// sumLines returns the non-empty lines of a go.sum file.
func sumLines(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// useSumDB reports whether the go command checks path against the
// checksum database before it trusts a checksum go.sum lacks (the rule of
// cmd/go's modfetch: GOSUMDB is not off and GONOSUMDB, which defaults to
// GOPRIVATE, does not match).
func useSumDB(ge goEnv, path string) bool {
	return ge.GOSUMDB != "off" && !module.MatchPrefixPatterns(ge.GONOSUMDB, path)
}

// verifyModules checks the content of every module of a build list (from
// go list -m all) against go.sum, fetching what is missing, without ever
// writing go.sum:
//
//   - a module with its h1: line in go.sum (or go.work.sum) is handed to
//     `go mod download`, under the overlay: the go command downloads it if
//     needed and compares the module cache's hash of its zip with go.sum,
//     as it does before it builds (a mismatch is its "checksum mismatch"
//     error); Sum is go.sum's line.
//   - a module without one (`go mod tidy` records h1: lines only for the
//     modules that provide packages) is downloaded outside any module, where
//     the go command verifies it against the checksum database as it would
//     before adding the line, and writes no go.sum; Sum is the verified
//     hash. When the checksum database is off for it (GOSUMDB=off,
//     GONOSUMDB, GOPRIVATE), nothing can vouch for it: that is the "missing
//     go.sum entry" error of the default scope.
//
// Modules replaced by directories and vendored modules have no checksum.
func (r *runner) verifyModules(ctx context.Context, g *model.Graph) error {
	sums := readSums(g)
	var inSum, noSum []*model.Module
	var unverifiable []string
	for _, m := range g.Modules {
		if m.Replace != nil && m.Replace.Version == "" {
			continue
		}
		path, version := m.Path, m.Version
		if m.Replace != nil {
			path, version = m.Replace.Path, m.Replace.Version
		}
		if h := sums[path+" "+version]; h != "" {
			m.Sum = h
			if m.Dir != "" || !r.opts.Offline {
				inSum = append(inSum, m)
			}
			continue
		}
		if !useSumDB(r.ge, path) {
			unverifiable = append(unverifiable, path+" "+version)
			continue
		}
		noSum = append(noSum, m)
	}
	if len(unverifiable) > 0 {
		n := len(unverifiable)
		if n > 5 {
			unverifiable = append(unverifiable[:5], fmt.Sprintf("and %d more", n-5))
		}
		file := filepath.Join(filepath.Dir(r.ge.GOMOD), "go.sum")
		if r.ge.GOWORK != "" {
			file = r.ge.GOWORK + ".sum"
		}
		return &GoCommandError{File: file, Msg: fmt.Sprintf("missing go.sum entry for %s, and the checksum database is off for %s (GOSUMDB, GONOSUMDB, GOPRIVATE), so nothing can verify %s", strings.Join(unverifiable, ", "), plural(n, "it", "them"), plural(n, "it", "them")), Hint: "run `go mod download MODULE@VERSION` to add the line after checking the module; ospo-scan never edits go.sum"}
	}
	if len(inSum) > 0 {
		ids := make([]string, len(inSum))
		for i, m := range inSum {
			ids[i] = effectiveID(m)
		}
		got, err := r.download(ctx, r.opts.Dir, nil, true, ids)
		if err != nil {
			return err
		}
		for _, m := range inSum {
			d, ok := got[effectiveID(m)]
			if !ok {
				continue // checkSources names it
			}
			if d.Sum != "" && d.Sum != m.Sum {
				return &GoCommandError{Msg: fmt.Sprintf("verifying %s: checksum mismatch: downloaded %s, go.sum %s", effectiveID(m), d.Sum, m.Sum), Hint: "the module cache or go.sum does not match the module's content: check go.sum, then `go clean -modcache` and retry"}
			}
			m.Dir = d.Dir
		}
	}
	if len(noSum) > 0 {
		tmp, err := os.MkdirTemp("", "ospo-scan-download-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		ids := make([]string, len(noSum))
		for i, m := range noSum {
			ids[i] = effectiveID(m)
		}
		env := []string{"GOWORK=off", "GOFLAGS=" + cacheFlags(r.ge.GOFLAGS, r.opts.env())}
		got, err := r.download(ctx, tmp, env, false, ids)
		if err != nil {
			return err
		}
		for _, m := range noSum {
			d, ok := got[effectiveID(m)]
			if !ok || !strings.HasPrefix(d.Sum, "h1:") {
				continue // checkSources names it
			}
			m.Dir, m.Sum = d.Dir, d.Sum
		}
	}
	return nil
}

// effectiveID is path@version of the module whose content m is: its
// replacement's, if any.
func effectiveID(m *model.Module) string {
	if m.Replace != nil {
		return m.Replace.Path + "@" + m.Replace.Version
	}
	return m.ID()
}

// cacheFlags keeps, of the user's GOFLAGS, those about the module cache
// (-modcacherw), for a go command run outside the user's module.
func cacheFlags(goflags string, env []string) string {
	if v := lookupEnv(env, "GOFLAGS"); v != "" {
		goflags = v
	}
	var keep []string
	for _, f := range strings.Fields(goflags) {
		name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if name == "modcacherw" {
			keep = append(keep, f)
		}
	}
	return strings.Join(keep, " ")
}

// downloaded is an entry of go mod download -json.
type downloaded struct{ Path, Version, Dir, Sum, Error string }

// download runs go mod download -json on ids in dir, under the overlay if
// overlay is set, and returns its answers by path@version.
func (r *runner) download(ctx context.Context, dir string, env []string, overlay bool, ids []string) (map[string]downloaded, error) {
	args := []string{"mod", "download", "-json"}
	if overlay && r.overlay != "" {
		args = append(args, "-overlay="+r.overlay)
	}
	var list []downloaded
	err := r.runIn(ctx, dir, env, func(d *json.Decoder) error {
		for {
			var v downloaded
			if err := d.Decode(&v); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			list = append(list, v)
		}
	}, append(args, ids...)...)
	// With -json, the go command reports a module's failure in its entry
	// (and exits 1 with nothing on stderr).
	for _, m := range list {
		if m.Error != "" {
			msg := m.Error
			if id := m.Path + "@" + m.Version; !strings.HasPrefix(msg, id) {
				msg = id + ": " + msg
			}
			e := classify(r.dirName(), args, msg, env)
			var ge *GoCommandError
			if errors.As(e, &ge) && ge.Hint == "" {
				ge.Hint = "check the network and GOPROXY, or run `go mod download` first"
			}
			return nil, e
		}
	}
	if err != nil {
		return nil, err
	}
	out := map[string]downloaded{}
	for _, m := range list {
		out[m.Path+"@"+m.Version] = m
	}
	return out, nil
}
