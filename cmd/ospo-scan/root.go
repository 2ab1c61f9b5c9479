package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/report"
)

// A scanRoot says where a scan stands: the directory it runs in, and what
// bounds policy discovery and anchors report locations. The repository
// root is the nearest directory up with .git; without one, the fallback
// (the monorepo root scanned, for a source tarball or a container build
// context without .git), else each module's own directory.
type scanRoot struct {
	dir      string // the -C directory; "" for the current one
	fallback string // absolute; "" outside a monorepo scan
}

// repo returns the repository root for dir.
func (r scanRoot) repo(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if r.fallback != "" && within(r.fallback, abs) {
		return r.fallback
	}
	return abs
}

// policyNames are the policy files looked for, in order, in each
// directory from a module (or workspace) root up to the repository root.
var policyNames = []string{".ospo-policy.yaml", ".ospo-policy.yml", "ospo-policy.yaml", "ospo-policy.yml"}

// findPolicy looks for the policy file from the main module (or workspace)
// root up to the repository root (the nearest directory wins), else
// returns the default policy. It returns the policy and the path it was
// read from. A policy file found that is a symbolic link must stay inside
// the repository (README, "Policy file"): a checkout cannot make the scan
// read files from elsewhere on the machine.
func (r scanRoot) findPolicy(g *model.Graph) (*policy.Policy, string, error) {
	var roots []string
	if g.Workspace != "" {
		roots = append(roots, filepath.Dir(g.Workspace))
	}
	for _, m := range g.Main {
		roots = append(roots, m.Dir)
	}
	for _, root := range roots {
		repo := r.repo(root)
		for d := root; ; {
			for _, name := range policyNames {
				p := filepath.Join(d, name)
				fi, err := os.Lstat(p)
				if err != nil {
					continue
				}
				display := r.display(p)
				if fi.Mode()&fs.ModeSymlink != 0 {
					if err := r.checkPolicyLink(p, root, display); err != nil {
						return nil, "", err
					}
				}
				pol, err := readPolicy(p, display)
				return pol, p, err
			}
			parent := filepath.Dir(d)
			if d == repo || parent == d || !within(repo, parent) {
				break
			}
			d = parent
		}
	}
	return policy.Default(), "", nil
}

// reportOptions says where the report's locations are relative to: the
// repository root (git's top level, or the monorepo root scanned), else
// the GitHub workspace when the scan runs inside it, else the main module
// itself (README, "Outputs").
func (r scanRoot) reportOptions(g *model.Graph, policyPath string, env []string) report.Options {
	var opts report.Options
	if policyPath != "" {
		if abs, err := filepath.Abs(policyPath); err == nil {
			opts.PolicyFile = abs
		}
	}
	base := ""
	switch {
	case g.Workspace != "":
		base = filepath.Dir(g.Workspace)
	case len(g.Main) > 0:
		base = g.Main[0].Dir
	default:
		return opts
	}
	opts.Root = r.repo(base)
	if opts.Root == base && !hasGit(base) {
		// No repository found: GitHub's workspace, when the module is in it.
		if ws := lookup(env, "GITHUB_WORKSPACE"); ws != "" {
			if abs, err := filepath.Abs(ws); err == nil && within(abs, base) {
				opts.Root = abs
			}
		}
	}
	return opts
}

// hasGit reports whether dir holds .git.
func hasGit(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}

// checkPolicyLink returns an error unless the symbolic link p, found at
// root, resolves to a file inside the repository that holds root.
func (r scanRoot) checkPolicyLink(p, root, display string) error {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return usageErrorf("%s: a symbolic link that cannot be followed; fix it or remove it", displayToken(display))
	}
	repo, err := filepath.EvalSymlinks(r.repo(root))
	if err != nil {
		return usageErrorf("%s: %v", displayToken(display), err)
	}
	if !within(repo, target) {
		return usageErrorf("%s: a symbolic link to a file outside the repository; name the file with --policy to use it", displayToken(display))
	}
	return nil
}

// within reports whether path lies in (or is) dir; both are clean and
// absolute.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// display returns p relative to the directory the scan runs in (the -C
// directory), when it lies below it or elsewhere in its repository
// (../../.ospo-policy.yml), for messages and reports that do not depend
// on where the repository is checked out.
func (r scanRoot) display(p string) string {
	base, err := filepath.Abs(dirName(r.dir))
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(base, p); err == nil && (within(base, p) || within(r.repo(base), p)) {
		return rel
	}
	return p
}
