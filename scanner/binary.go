package scanner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"

	"github.com/ospo-scan/ospo-scan/internal/gobinary"
	"github.com/ospo-scan/ospo-scan/internal/model"
)

// Binary is the source of a graph that a Go executable's build
// information gives (ospo-scan bin): its main module, and one record per
// dependency module it was built with, each with the packages of it the
// binary links (see gobinary). Nothing of the binary is ever run.
//
// Sources for detection come from the module cache. A module missing
// there is downloaded, exactly the version the binary names, by `go mod
// download` run outside any module (so GOPROXY, GONOSUMDB, GOSUMDB and
// GOFLAGS' -modcacherw apply, and the checksum database verifies it as
// for any download); with Offline, nothing is downloaded and a missing
// module is an error. Every module's content, in the cache or downloaded,
// is checked against the h1: hash the binary records; a mismatch is an
// error naming the module.
type Binary struct {
	// File is the binary to read.
	File string
	// Options gives the environment (Env, Go, Offline) and the directory
	// (Dir) the go command runs in; the graph options do not apply.
	Options LoadOptions
	// Hash asks for the file's sha256 in Graph.Binary (for the SBOM).
	Hash bool
	// Read is the binary as ReadBinary read it, if it was already: Graph
	// then does not read it again.
	Read *gobinary.Binary
	// Deep asks for the files the deep scan reads (Module.Linked and
	// LinkedNotes), from the binary's file table.
	Deep bool
}

var _ model.Source = Binary{}

// BinaryError is a file that is not a Go binary ospo-scan can read: not
// an executable, not a Go binary, without build information, or damaged.
type BinaryError struct {
	File string
	Msg  string
}

func (e *BinaryError) Error() string { return e.File + ": " + e.Msg }

// ReadBinary reads the build information and packages of the Go binary
// file, within gobinary's limits.
func ReadBinary(file string) (*gobinary.Binary, error) {
	// A FIFO is never opened (that waits for a writer, for ever).
	if fi, err := os.Stat(file); err == nil && !fi.Mode().IsRegular() {
		return nil, &BinaryError{File: file, Msg: "not a regular file"}
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, &BinaryError{File: file, Msg: bareErr(err)}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, &BinaryError{File: file, Msg: bareErr(err)}
	}
	if !fi.Mode().IsRegular() {
		return nil, &BinaryError{File: file, Msg: "not a regular file"}
	}
	b, err := gobinary.Read(f, fi.Size())
	if err != nil {
		return nil, &BinaryError{File: file, Msg: err.Error()}
	}
	return b, nil
}

// bareErr is an *os.PathError's reason, without the path.
func bareErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Graph reads the binary and builds its graph, with each module's source
// directory from the module cache (downloaded if needed, and verified).
func (s Binary) Graph(ctx context.Context) (*model.Graph, error) {
	b := s.Read
	if b == nil {
		var err error
		if b, err = ReadBinary(s.File); err != nil {
			return nil, err
		}
	}
	g := BinaryGraph(b, s.File)
	// What is looked up in the module cache or downloaded must be a valid
	// module path and version: a path of a hostile or corrupt binary may
	// be a flag of go mod download (-reuse=FILE) or leave the cache (..).
	for _, m := range g.Modules {
		if m.Replace != nil && m.Replace.Version == "" {
			continue
		}
		if path, version := modID(m); module.Check(path, version) != nil {
			return nil, &BinaryError{File: s.File, Msg: fmt.Sprintf("records module %q at version %q, which is no valid module path and version; the build information is corrupt", path, version)}
		}
	}
	if s.Hash {
		sum, err := fileSHA256(s.File)
		if err != nil {
			return nil, &BinaryError{File: s.File, Msg: err.Error()}
		}
		g.Binary.SHA256 = sum
	}
	r := &runner{opts: s.Options}
	if s.Options.Started != nil {
		// The work beside the go command starts with the first one (go
		// env, go mod download), or once the sources are found.
		r.started = sync.OnceFunc(s.Options.Started)
	}
	err := r.binarySources(ctx, g)
	if r.started != nil {
		r.started()
	}
	if err != nil {
		return nil, err
	}
	cgo := cgoContext(b)
	for _, m := range g.Modules {
		m.Packages = sourcePackages(m)
		if s.Deep {
			linkBinaryFiles(m, b.Files[m.Path], cgo)
		}
	}
	return g, nil
}

// sourcePackages returns the packages of m whose directory its source
// has: where a symbol name is ambiguous (a dot in a directory's name),
// the reader's guess is checked against the files. Without a source,
// the packages are kept as read.
func sourcePackages(m *model.Module) []string {
	if m.Dir == "" {
		return m.Packages
	}
	var out []string
	for _, p := range m.Packages {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, m.Path), "/")
		if fi, err := os.Stat(filepath.Join(m.Dir, filepath.FromSlash(rel))); err == nil && fi.IsDir() {
			out = append(out, p)
		}
	}
	return out
}

// BinaryGraph returns the graph of a binary read, without source
// directories.
func BinaryGraph(b *gobinary.Binary, file string) *model.Graph {
	bi := b.Build
	plat := b.Setting("GOOS") + "/" + b.Setting("GOARCH")
	if plat == "/" {
		plat = ""
	}
	var plats []string
	if plat != "" {
		plats = []string{plat}
	}
	bin := &model.Binary{
		File: file, Format: b.Format, GoVersion: bi.GoVersion, Package: bi.Path,
		Version: bi.Main.Version, Sum: bi.Main.Sum, Platform: plat,
		Settings: []model.BuildSetting{}, PackagesRecovered: b.PCLnTab,
	}
	for _, st := range bi.Settings {
		bin.Settings = append(bin.Settings, model.BuildSetting{Key: st.Key, Value: st.Value})
	}
	g := &model.Graph{
		Main:      []model.MainModule{{Path: bi.Main.Path}},
		Platforms: plats,
		Binary:    bin,
	}
	seen := map[string]bool{bi.Main.Path: true}
	for _, d := range bi.Deps {
		if d == nil || d.Path == "" || seen[d.Path] {
			continue
		}
		seen[d.Path] = true
		m := &model.Module{Path: d.Path, Version: d.Version, Sum: d.Sum, Scope: model.ScopeRequired, Platforms: plats, Packages: b.Packages[d.Path]}
		if d.Replace != nil {
			m.Replace = &model.Replacement{Path: d.Replace.Path, Version: d.Replace.Version}
			m.Sum = d.Replace.Sum
		}
		g.Modules = append(g.Modules, m)
	}
	sort.Slice(g.Modules, func(i, j int) bool { return g.Modules[i].Path < g.Modules[j].Path })
	// A binary keeps no import edges: the main module links every module,
	// and which of them imports which is not recorded.
	if len(g.Modules) > 0 {
		all := make([]string, len(g.Modules))
		for i, m := range g.Modules {
			all[i] = m.Path
		}
		g.Deps = map[string][]string{bi.Main.Path: all}
	}
	return g
}

// fileSHA256 returns the hex sha256 of a file.
func fileSHA256(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", errors.New(bareErr(err))
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", errors.New(bareErr(err))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// binarySources sets the source directory of each module of a binary's
// graph from the module cache, downloading what is missing (unless
// offline), and checks each module's content against its recorded hash.
// A module replaced by a directory keeps no directory: its source was on
// the machine that built the binary.
func (r *runner) binarySources(ctx context.Context, g *model.Graph) error {
	ge, err := r.readGoEnv(ctx) // cached with Options.Cache
	if err != nil {
		return err
	}
	if ge.GOMODCACHE == "" {
		return &GoCommandError{Msg: "go env GOMODCACHE is empty", Hint: "set GOMODCACHE or GOPATH"}
	}
	var missing []*model.Module
	for _, m := range g.Modules {
		if m.Replace != nil && m.Replace.Version == "" {
			continue
		}
		path, version := modID(m)
		dir, ok := cachedDir(ge.GOMODCACHE, path, version)
		if !ok {
			missing = append(missing, m)
			continue
		}
		if err := checkHash(ge.GOMODCACHE, m, dir); err != nil {
			return err
		}
		m.Dir = dir
	}
	if len(missing) == 0 {
		return nil
	}
	if r.opts.Offline {
		m := missing[0]
		more := ""
		if len(missing) > 1 {
			more = fmt.Sprintf(" (and %d more)", len(missing)-1)
		}
		return &GoCommandError{Msg: fmt.Sprintf("source of %s%s is not in the module cache and --offline forbids downloading it", effectiveID(m), more), Hint: "run `go mod download " + effectiveID(m) + "`, or scan without --offline"}
	}
	tmp, err := os.MkdirTemp("", "ospo-scan-download-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ids := make([]string, len(missing))
	for i, m := range missing {
		ids[i] = effectiveID(m)
	}
	env := []string{"GOWORK=off", "GOFLAGS=" + cacheFlags(ge.GOFLAGS, r.opts.env())}
	got, err := r.download(ctx, tmp, env, false, ids)
	if err != nil {
		return err
	}
	for _, m := range missing {
		d, ok := got[effectiveID(m)]
		if !ok || d.Dir == "" {
			return &GoCommandError{Msg: fmt.Sprintf("source of %s is missing: go mod download did not fetch it", effectiveID(m)), Hint: "check the network and GOPROXY"}
		}
		if m.Sum != "" && d.Sum != m.Sum {
			return &GoCommandError{Msg: fmt.Sprintf("verifying %s: checksum mismatch: downloaded %s, the binary records %s", effectiveID(m), d.Sum, m.Sum), Hint: "the module proxy serves other content than the binary was built from: check GOPROXY and the binary's origin"}
		}
		if m.Sum == "" {
			m.Sum = d.Sum
		}
		m.Dir = d.Dir
	}
	return nil
}

// modID returns the path and version whose content m is (its
// replacement's, if any).
func modID(m *model.Module) (string, string) {
	if m.Replace != nil {
		return m.Replace.Path, m.Replace.Version
	}
	return m.Path, m.Version
}

// cachedDir returns the module cache directory of path@version, when it
// is there.
func cachedDir(modcache, path, version string) (string, bool) {
	ep, err1 := module.EscapePath(path)
	ev, err2 := module.EscapeVersion(version)
	if err1 != nil || err2 != nil {
		return "", false
	}
	dir := filepath.Join(modcache, filepath.FromSlash(ep)+"@"+ev)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", false
	}
	return dir, true
}

// checkHash compares a cached module's hash with the one the binary
// records: the go command's .ziphash of the download when there is one,
// else the hash of the directory itself.
func checkHash(modcache string, m *model.Module, dir string) error {
	if m.Sum == "" {
		return nil
	}
	path, version := modID(m)
	ep, _ := module.EscapePath(path)
	ev, _ := module.EscapeVersion(version)
	have := ""
	if data, err := readSmallFile(filepath.Join(modcache, "cache", "download", filepath.FromSlash(ep), "@v", ev+".ziphash"), 1024); err == nil {
		have = strings.TrimSpace(string(data))
	} else {
		h, err := dirhash.HashDir(dir, path+"@"+version, dirhash.Hash1)
		if err != nil {
			return &GoCommandError{File: dir, Msg: fmt.Sprintf("hashing %s@%s: %v", path, version, err), Hint: "`go clean -modcache` and retry"}
		}
		have = h
	}
	if have != m.Sum {
		return &GoCommandError{Msg: fmt.Sprintf("verifying %s@%s: checksum mismatch: module cache %s, the binary records %s", path, version, have, m.Sum), Hint: "the module cache does not hold what the binary was built from: `go clean -modcache` and retry, and check the binary's origin"}
	}
	return nil
}
