package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// The copy of a commit's files lies in a temporary directory, not where
// the repository is: a relative path that leaves the repository (a
// replace directive or go.work use naming ../sibling, a committed
// symbolic link to one) would resolve there, in a directory of the
// machine's temporary directory that another user may have made. Such
// paths are anchored where the repository is, so the baseline reads what
// the scan of the working tree reads (the report of such a baseline is
// not cached: see inTree).

// anchorLink returns the target of a committed symbolic link at p (slash
// separated, relative to the repository's top level): a relative target
// that leaves the repository becomes the absolute path it names from the
// repository at top.
func anchorLink(target, p, top string) string {
	if target == "" || path.IsAbs(target) || filepath.IsAbs(target) {
		return target
	}
	if filepath.IsLocal(filepath.FromSlash(path.Join(path.Dir(p), target))) {
		return target
	}
	return filepath.Join(top, filepath.FromSlash(path.Dir(p)), filepath.FromSlash(target))
}

// anchorModFiles rewrites, in the copy under root, the go.mod and go.work
// files among entries whose directory paths (replace directives, go.work
// use directives) leave the repository: they become absolute paths from
// the repository at top. A file that does not parse is left as it is (the
// scan reports it).
func anchorModFiles(root *os.Root, entries []treeEntry, top string) error {
	for _, e := range entries {
		base := path.Base(e.path)
		if (base != "go.mod" && base != "go.work") || e.mode == "120000" {
			continue
		}
		name := filepath.FromSlash(e.path)
		data, err := root.ReadFile(name)
		if err != nil {
			return err
		}
		dir := path.Dir(e.path)
		fix := func(p string) (string, bool) {
			if !modfile.IsDirectoryPath(p) || filepath.IsAbs(p) {
				return p, false
			}
			if filepath.IsLocal(filepath.FromSlash(path.Join(dir, filepath.ToSlash(p)))) {
				return p, false
			}
			return filepath.Join(top, filepath.FromSlash(dir), p), true
		}
		var out []byte
		if base == "go.mod" {
			out, err = anchorGoMod(e.path, data, fix)
		} else {
			out, err = anchorGoWork(e.path, data, fix)
		}
		if err != nil || out == nil {
			continue
		}
		if err := root.WriteFile(name, out, 0o600); err != nil {
			return fmt.Errorf("%s: %w", e.path, err)
		}
	}
	return nil
}

// anchorGoMod returns go.mod with its replace directives' directories
// fixed, or nil when none needs it.
func anchorGoMod(name string, data []byte, fix func(string) (string, bool)) ([]byte, error) {
	f, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, err
	}
	changed, err := anchorReplaces(f.Replace, f.AddReplace, fix)
	if err != nil || !changed {
		return nil, err
	}
	f.Cleanup()
	return modfile.Format(f.Syntax), nil
}

// anchorReplaces fixes the directories of the replace directives rs with
// add (a go.mod's or go.work's AddReplace), reporting whether it changed
// any.
func anchorReplaces(rs []*modfile.Replace, add func(oldPath, oldVers, newPath, newVers string) error, fix func(string) (string, bool)) (bool, error) {
	changed := false
	for _, r := range rs {
		if r.New.Version != "" {
			continue
		}
		if p, ok := fix(r.New.Path); ok {
			if err := add(r.Old.Path, r.Old.Version, p, ""); err != nil {
				return false, err
			}
			changed = true
		}
	}
	return changed, nil
}

// anchorGoWork returns go.work with its use and replace directives'
// directories fixed, or nil when none needs it.
func anchorGoWork(name string, data []byte, fix func(string) (string, bool)) ([]byte, error) {
	f, err := modfile.ParseWork(name, data, nil)
	if err != nil {
		return nil, err
	}
	changed := false
	for _, u := range append([]*modfile.Use(nil), f.Use...) {
		if p, ok := fix(u.Path); ok {
			if err := f.DropUse(u.Path); err != nil {
				return nil, err
			}
			if err := f.AddUse(p, u.ModulePath); err != nil {
				return nil, err
			}
			changed = true
		}
	}
	replaced, err := anchorReplaces(f.Replace, f.AddReplace, fix)
	if err != nil || !(changed || replaced) {
		return nil, err
	}
	f.Cleanup()
	return modfile.Format(f.Syntax), nil
}

// baselineEnv returns env for the go command in the copy at dir (below
// tree): unless the user names a go.work (GOWORK), only one committed at
// or above dir within the copy counts; the go command would otherwise go
// on looking above the copy, in the temporary directory.
func baselineEnv(env []string, tree, dir string) []string {
	if env == nil {
		env = os.Environ()
	}
	if w := lookup(env, "GOWORK"); w != "" && w != "auto" {
		return env
	}
	for d := dir; within(tree, d); d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, "go.work")); err == nil && !fi.IsDir() {
			return env
		}
		if d == tree {
			break
		}
	}
	return append(append([]string(nil), env...), "GOWORK=off")
}
