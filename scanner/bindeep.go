package scanner

import (
	"fmt"
	"go/build"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/gobinary"
	"github.com/ospo-scan/ospo-scan/internal/model"
)

// The files the deep scan reads of a binary's modules (ospo-scan bin
// --deep): the Go files the binary's file table names, and the C files
// its cgo packages compile.

// linkBinaryFiles sets the files of m the deep scan reads (Linked) from
// the names the binary's file table gives in it (see gobinary's Files):
// those the module's source has. A name that leaves the module, or one
// the source lacks, is noted (LinkedNotes) and never read. Without a
// source (a module replaced by a directory) there is nothing to read.
//
// The table names Go files (and Go assembly) only. With cgo (the
// binary's build context, else nil), the C, C++, header and assembly
// files of each directory of linked files whose package uses cgo in that
// build are linked too, as go list would name them (see cgoFiles).
func linkBinaryFiles(m *model.Module, names []string, cgo *build.Context) {
	if m.Dir == "" {
		return
	}
	// One directory listing serves every name in it (a large binary's
	// table names thousands), and says whether it holds a C file.
	byDir := map[string][]string{}
	for _, f := range names {
		if !relPath(f) {
			m.LinkedNotes = append(m.LinkedNotes, model.FileNote{File: f, Note: "named by the binary's file table, but not a path inside the module; not read"})
			continue
		}
		dir := path.Dir(f)
		byDir[dir] = append(byDir[dir], f)
	}
	set := map[string]bool{}
	for dir, files := range byDir {
		entries, _ := readDirNames(filepath.Join(m.Dir, filepath.FromSlash(dir)))
		for _, f := range files {
			if _, ok := entries[path.Base(f)]; !ok {
				m.LinkedNotes = append(m.LinkedNotes, model.FileNote{File: f, Note: "named by the binary's file table, but not in the module's source; not read"})
				continue
			}
			set[f] = true
		}
		if cgo == nil {
			continue
		}
		for name := range entries {
			if cgoSource(name) {
				for _, f := range cgoFiles(cgo, m.Dir, dir) {
					set[f] = true
				}
				break
			}
		}
	}
	sort.Slice(m.LinkedNotes, func(i, j int) bool { return m.LinkedNotes[i].File < m.LinkedNotes[j].File })
	m.Linked = sortedKeys(set)
}

// readDirNames returns the names in a directory, unsorted.
func readDirNames(name string) (map[string]bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set, err
}

// cgoFiles returns the C, C++, header and assembly files (go list's
// CFiles, CXXFiles, HFiles, SFiles) of the package in directory dir of
// the module rooted at root, relative to the root, when one of its Go
// files uses cgo in the build of ctx; else none. The files are chosen by
// their names and build constraints (go/build, which reads the files'
// headers and never runs the go command for a directory).
func cgoFiles(ctx *build.Context, root, dir string) []string {
	// A directory with a file it cannot read, or of several packages,
	// still gives the files it could read and match.
	p, _ := ctx.ImportDir(filepath.Join(root, filepath.FromSlash(dir)), build.ImportComment)
	if p == nil || len(p.CgoFiles) == 0 {
		return nil
	}
	var out []string
	for _, files := range [][]string{p.CFiles, p.CXXFiles, p.HFiles, p.SFiles} {
		for _, f := range files {
			if f != "" && !strings.ContainsAny(f, `/\`) {
				out = append(out, path.Join(dir, f))
			}
		}
	}
	return out
}

// cgoSource reports whether a file name is one go/build would list as a
// C, C++, header or gcc assembly file (CFiles, CXXFiles, HFiles, SFiles
// with an upper-case .S or .sx).
func cgoSource(name string) bool {
	switch path.Ext(name) {
	case ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".S", ".sx":
		return true
	}
	return false
}

// cgoContext returns the build context of a binary built with cgo (its
// GOOS, GOARCH, -tags, Go version and GOAMD64 level), for choosing the
// C files of its packages as its build did; nil without cgo.
func cgoContext(b *gobinary.Binary) *build.Context {
	if b.Setting("CGO_ENABLED") != "1" || b.Setting("GOOS") == "" || b.Setting("GOARCH") == "" {
		return nil
	}
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = b.Setting("GOOS"), b.Setting("GOARCH")
	ctx.CgoEnabled = true
	ctx.Compiler = "gc"
	ctx.BuildTags = nil
	for _, t := range strings.Split(b.Setting("-tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			ctx.BuildTags = append(ctx.BuildTags, t)
		}
	}
	if minor, ok := goMinor(b.Build.GoVersion); ok {
		ctx.ReleaseTags = nil
		for i := 1; i <= minor; i++ {
			ctx.ReleaseTags = append(ctx.ReleaseTags, "go1."+strconv.Itoa(i))
		}
	}
	// A symlink is never followed (a module version holds none): no
	// header is read from outside the module.
	ctx.OpenFile = func(name string) (io.ReadCloser, error) {
		fi, err := os.Lstat(name)
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", name)
		}
		return os.Open(name)
	}
	ctx.ToolTags = nil
	if ctx.GOARCH == "amd64" {
		level := 1
		if v := b.Setting("GOAMD64"); len(v) == 2 && v[0] == 'v' && v[1] >= '1' && v[1] <= '4' {
			level = int(v[1] - '0')
		}
		for i := 1; i <= level; i++ {
			ctx.ToolTags = append(ctx.ToolTags, "amd64.v"+strconv.Itoa(i))
		}
	}
	return &ctx
}

// goMinor returns the minor version of a Go version (26 of go1.26.8).
func goMinor(v string) (int, bool) {
	rest, ok := strings.CutPrefix(v, "go1.")
	if !ok {
		return 0, false
	}
	if i := strings.IndexAny(rest, ".rb-+ "); i >= 0 {
		rest = rest[:i]
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n > 0
}

// NoteUnlinked adds each module's LinkedNotes to what its deep scan did
// not read (Deep.Unread, kept by file). The deep result is copied, not
// changed: it may be the one the cache stores, and the notes belong to
// this scan's source, not to the module's files.
func NoteUnlinked(mods []*model.Module) {
	for _, m := range mods {
		if m.Deep == nil || len(m.LinkedNotes) == 0 {
			continue
		}
		d := *m.Deep
		d.Unread = append(append([]model.FileNote(nil), m.Deep.Unread...), m.LinkedNotes...)
		sort.SliceStable(d.Unread, func(i, j int) bool { return d.Unread[i].File < d.Unread[j].File })
		m.Deep = &d
	}
}
