package scanner

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// tagHeaderBytes is how much of a source file is read for its SPDX tag:
// tags sit in the header, before the package clause.
const tagHeaderBytes = 2048

// sourceTag is the SPDX tag of one of a module's Go files.
type sourceTag struct {
	rel, tag string
	line     int
}

// sourceTags reads the headers of the Go files (not _test.go) of a
// module's used packages (listed in dirs), in path order, and returns each file's SPDX tag
// expression. It stops at the first file without a tag (returned last,
// with an empty tag; then all is false): a tag conflict needs every file
// tagged (license.TagConflict), so a module without tags costs one file
// read. With settles, it also stops (all false) at the first tag that
// settles there is no conflict (license.TagSettles): a module tagged
// with its own license costs one file read too.
func sourceTags(m *model.Module, dirs dirListing, c *listCache, settles func(tag string) bool) (tags []sourceTag, all bool) {
	for _, dir := range usedPackageDirs(m) {
		listed, ok := dirs[dir]
		entries := listed.entries
		if !ok || listed.err != nil {
			return append(tags, sourceTag{rel: dir}), false
		}
		for _, e := range entries {
			if !isTagSource(e) {
				continue
			}
			rel := path.Join(dir, e.Name())
			tag, line := c.headerTag(filepath.Join(m.Dir, filepath.FromSlash(rel)))
			tags = append(tags, sourceTag{rel: rel, tag: tag, line: line})
			if tag == "" || settles != nil && settles(tag) {
				return tags, false
			}
		}
	}
	return tags, len(tags) > 0
}

// settledBy returns the test by which sourceTags stops at a tag that
// settles that the module's source files do not conflict with expr.
func settledBy(expr string) func(tag string) bool {
	return func(tag string) bool { return license.TagSettles(expr, tag) }
}

// isTagSource reports whether sourceTags reads the directory entry e: a
// regular Go file, not a test.
func isTagSource(e os.DirEntry) bool {
	name := e.Name()
	return e.Type().IsRegular() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// readHeaderTag returns the SPDX tag expression of a file's header and
// its line, "" when it has none or cannot be read.
func readHeaderTag(name string) (string, int) {
	// With plain system calls (readExact), not os.Open: one file per
	// used package, and a FIFO is not waited on.
	head, err := readExact(make([]byte, 0, tagHeaderBytes), name, tagHeaderBytes)
	if err != nil {
		return "", 0
	}
	return license.HeaderTag(head)
}

// usedPackageDirs returns the directories of a module's used packages
// (slash-separated, relative to its root; not under vendor/), sorted.
func usedPackageDirs(m *model.Module) []string {
	set := map[string]bool{}
	for _, p := range m.Packages {
		rel := "."
		if p != m.Path {
			rel = strings.TrimPrefix(p, m.Path+"/")
			if rel == p || strings.HasPrefix(rel, "vendor/") || strings.Contains(rel, "/vendor/") {
				continue
			}
		}
		set[rel] = true
	}
	out := make([]string, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// checkTags confronts a module's license, concluded from its license
// files, with the SPDX tags of all its used packages' Go files (see
// license.TagConflict): on a conflict, the tags are added to the
// evidence (one entry per distinct tag, naming its first file) and the
// module is concluded again, ambiguous.
func checkTags(m *model.Module, lic *model.License, dirs dirListing, c *listCache) {
	if lic.Expression == "" {
		return
	}
	tags, all := sourceTags(m, dirs, c, settledBy(lic.Expression))
	if !all {
		return
	}
	ids := make([]string, len(tags))
	for i, t := range tags {
		ids[i] = t.tag
	}
	if conflict, _ := license.TagConflict(lic.Expression, ids); !conflict {
		return
	}
	seen := map[string]bool{}
	for _, t := range tags {
		if seen[t.tag] {
			continue
		}
		seen[t.tag] = true
		lic.Evidence = append(lic.Evidence, model.Evidence{
			File: t.rel, Verdict: model.VerdictLicense, License: t.tag,
			Matches: []model.Match{{ID: t.tag, Kind: "spdx-tag", Lines: [2]int{t.line, t.line}}},
			Note:    "SPDX tag of the module's source files (the first of them); it names other licenses than the license files",
		})
	}
	license.Conclude(lic)
}
