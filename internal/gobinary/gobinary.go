// Package gobinary reads what a Go executable says about its build,
// without running it: the build information (debug/buildinfo: the main
// module, the dependency modules with their versions, h1: sums and
// replacements, and the build settings) and the packages linked in,
// recovered from the names the binary keeps for tracebacks.
//
// Packages come from what the runtime needs, which therefore survives
// -ldflags=-s -w: the pclntab's function names (inlined functions
// included) give import paths, its file table gives source directories
// in the module cache (path@version/dir/file.go), and the type
// descriptors' names give the package paths of the types linked. When
// the binary still has its symbol table, the data symbols' names are
// read too. A name is reported only when it is a valid import path that
// falls inside a module of the build information (longest module path
// prefix); a package that left no name behind (constants only, or
// everything inlined away with its files and no type of it kept) cannot
// be seen and is not guessed.
//
// The reader is meant for untrusted input: every offset is checked,
// sizes are capped, and it never panics (see FuzzRead).
package gobinary

import (
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime/debug"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/module"
)

// Limits on what Read reads.
const (
	// MaxSize is the largest binary Read accepts.
	MaxSize = 4 << 30
	// maxTable is the largest pclntab or symbol table read.
	maxTable = 1 << 30
	// maxSymbols bounds the symbol table entries looked at.
	maxSymbols = 4 << 20
)

// Binary is what a Go executable says about its build.
type Binary struct {
	// Format is "ELF", "Mach-O" or "PE".
	Format string
	// Build is the build information: Go version, main package path, main
	// module, dependency modules and build settings.
	Build *debug.BuildInfo
	// Packages maps the path of each module of Build (the main module
	// included) to the packages of it the binary contains, sorted. A
	// module without any recovered package has no entry.
	Packages map[string][]string
	// Files maps the path of each module of Build (the main module
	// included) to the source files of it that the file table names,
	// relative to the module root, sorted: the files the binary keeps
	// code of (see Read). A name is as the table spells it after the
	// module's path@version (module cache or -trimpath form), unchecked:
	// it may name a file the module lacks, or leave the module ("..").
	// Empty without the file table.
	Files map[string][]string
	// PCLnTab reports whether the function and file tables were found;
	// without them (a Go version before 1.16, or a table not found)
	// Packages holds only what the symbol table gives.
	PCLnTab bool
	// FuncNames and FileNames count the names read from the tables.
	FuncNames, FileNames int
}

// Setting returns the value of the build setting key ("GOOS", "-tags",
// "vcs.revision", ...), or "".
func (b *Binary) Setting(key string) string {
	for _, s := range b.Build.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

// Error is a file Read cannot use: not an executable, not a Go binary,
// without build information, or damaged. Its message is one line.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error { return &Error{fmt.Sprintf(format, args...)} }

// Read reads the Go binary of size bytes in r.
func Read(r io.ReaderAt, size int64) (b *Binary, err error) {
	if size > MaxSize {
		return nil, errorf("%d bytes, more than the %d a binary may have here", size, int64(MaxSize))
	}
	var head [4]byte
	if n, _ := r.ReadAt(head[:], 0); n < 4 {
		return nil, errorf("not an executable (ELF, Mach-O or PE): too short")
	}
	sr := io.NewSectionReader(r, 0, size)
	var o object
	switch {
	case bytes.Equal(head[:], []byte(elf.ELFMAG)):
		f, err := elf.NewFile(sr)
		if err != nil {
			return nil, errorf("damaged ELF file: %v", shortErr(err))
		}
		defer f.Close()
		o = elfObject{f, size}
	case isMachO(head):
		f, err := macho.NewFile(sr)
		if err != nil {
			return nil, errorf("damaged Mach-O file: %v", shortErr(err))
		}
		defer f.Close()
		o = machoObject{f, size}
	case head[0] == 0xca && head[1] == 0xfe && head[2] == 0xba && head[3] == 0xbe:
		return nil, errorf("a Mach-O universal (fat) binary: extract one architecture with lipo -thin and scan it")
	case head[0] == 'M' && head[1] == 'Z':
		f, err := pe.NewFile(sr)
		if err != nil {
			return nil, errorf("damaged PE file: %v", shortErr(err))
		}
		defer f.Close()
		o = peObject{f, size}
	default:
		return nil, errorf("not an executable (ELF, Mach-O or PE)")
	}
	bi, err := buildinfo.Read(sr)
	if err != nil {
		tab, _ := findPCLnTab(o)
		if tab != nil {
			return nil, errorf("a Go binary without build information (built before Go 1.13, or a damaged file)")
		}
		if strings.Contains(err.Error(), "not a Go executable") {
			return nil, errorf("not a Go binary: no Go build information (%s)", o.format())
		}
		return nil, errorf("no readable Go build information: %v", shortErr(err))
	}
	if bi.Main.Path == "" {
		return nil, errorf("a Go binary without module information (built in GOPATH mode, or with Go before 1.13): its dependencies cannot be known")
	}
	b = &Binary{Format: o.format(), Build: bi, Packages: map[string][]string{}, Files: map[string][]string{}}
	idx := newModIndex(bi)
	found := map[string]bool{}
	known := map[string]bool{} // package directories of the file table
	tab, err := findPCLnTab(o)
	if err == nil && tab != nil {
		funcs, files, perr := tab.names()
		if perr == nil {
			b.PCLnTab = true
			b.FuncNames, b.FileNames = len(funcs), len(files)
			modFiles := map[string]map[string]bool{}
			idx.setGoroot(files)
			for _, f := range files {
				idx.addFile(known, modFiles, f)
			}
			for m, set := range modFiles {
				for f := range set {
					b.Files[m] = append(b.Files[m], f)
				}
				sort.Strings(b.Files[m])
			}
			for p := range known {
				found[p] = true
			}
			for _, n := range funcs {
				if strings.HasPrefix(n, "main.") && bi.Path != "" && validImport(bi.Path) && idx.moduleOf(bi.Path) != "" {
					// The main package's symbols say "main", not its
					// path; the build information names it.
					found[bi.Path] = true
				}
				idx.addSymbol(found, known, n)
			}
		}
	}
	for _, n := range o.symbols() {
		idx.addSymbol(found, known, n)
	}
	if b.PCLnTab {
		for _, d := range o.rodata() {
			idx.addTypeNames(found, d)
		}
	}
	for p := range found {
		m := idx.moduleOf(p)
		b.Packages[m] = append(b.Packages[m], p)
	}
	for _, ps := range b.Packages {
		sort.Strings(ps)
	}
	return b, nil
}

func isMachO(h [4]byte) bool {
	for _, m := range [][4]byte{{0xfe, 0xed, 0xfa, 0xce}, {0xfe, 0xed, 0xfa, 0xcf}, {0xce, 0xfa, 0xed, 0xfe}, {0xcf, 0xfa, 0xed, 0xfe}} {
		if h == m {
			return true
		}
	}
	return false
}

// shortErr returns the first line of err's message, at most 200 bytes.
func shortErr(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// modIndex maps names to the modules of a build.
type modIndex struct {
	// paths are the module paths of the build (main module included).
	paths map[string]bool
	// last is the package of the previous symbol, when it was certain:
	// symbols come grouped by package.
	last string
	// escaped maps the module cache form of path@version of each module
	// (and of each replacement with a version) to the module path the
	// packages are imported by.
	escaped map[string]string
	// main is the main module's path.
	main string
	// goroot is the Go root's src directory with its final slash, as the
	// file table names it; "" when not known (see setGoroot).
	goroot string
}

func newModIndex(bi *debug.BuildInfo) *modIndex {
	x := &modIndex{paths: map[string]bool{}, escaped: map[string]string{}, main: bi.Main.Path}
	add := func(m *debug.Module) {
		if m == nil || m.Path == "" {
			return
		}
		x.paths[m.Path] = true
		key := func(p, v string) {
			ep, err1 := module.EscapePath(p)
			ev, err2 := module.EscapeVersion(v)
			if err1 == nil && err2 == nil && v != "" {
				x.escaped[ep+"@"+ev] = m.Path
			}
		}
		key(m.Path, m.Version)
		if m.Replace != nil && m.Replace.Version != "" {
			key(m.Replace.Path, m.Replace.Version)
		}
	}
	add(&bi.Main)
	for _, d := range bi.Deps {
		add(d)
	}
	return x
}

// moduleOf returns the module of the build that package p belongs to (the
// longest module path that is p or a prefix of it at a slash), or "".
func (x *modIndex) moduleOf(p string) string {
	for q := p; ; {
		if x.paths[q] {
			return q
		}
		i := strings.LastIndexByte(q, '/')
		if i < 0 {
			return ""
		}
		q = q[:i]
	}
}

// addSymbol records the package a function or data symbol name belongs
// to, when it is a package of a module of the build. The package path
// ends at a dot, but which one is ambiguous: the last element may hold
// dots (gopkg.in/yaml.v3.F, once escaped as yaml%2ev3), and the rest may
// name another path (the wrapper of a promoted method,
// pkg.T.other/pkg.U.M). Of the prefixes that end at a dot and fall in a
// module, the first that is a module path or a directory seen in the file
// table (known) wins, else the shortest.
func (x *modIndex) addSymbol(found, known map[string]bool, name string) {
	if x.last != "" && len(name) > len(x.last) && name[len(x.last)] == '.' && strings.HasPrefix(name, x.last) {
		return
	}
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i] // generic type arguments hold other paths
	}
	if strings.IndexByte(name, '%') >= 0 {
		name = unescapeSymbol(name)
	}
	first, best := "", ""
	for i := 0; i < len(name); i++ {
		if name[i] != '.' {
			continue
		}
		c := name[:i]
		if x.moduleOf(c) == "" {
			if first != "" {
				break // past the package path
			}
			continue
		}
		if first == "" {
			first = c
		}
		if x.paths[c] || known[c] {
			best = c
			break
		}
	}
	x.last = best
	if best == "" {
		best = first
	}
	if best == "" || found[best] || !validImport(best) {
		return
	}
	found[best] = true
}

// addTypeNames records the packages named by the runtime's type
// descriptors: a named type's (and a struct's or interface's) package
// path is kept as a name (a flags byte, 0 for a package path, a varint
// length, the bytes), so that a package whose functions are all gone,
// but whose types are linked, is still seen. A string constant has no
// such prefix; a name counts only if it is a valid import path inside a
// module of the build.
func (x *modIndex) addTypeNames(found map[string]bool, d []byte) {
	for i := 0; i+10 < len(d); i++ {
		if d[i] != 0 {
			continue
		}
		n := int(d[i+1])
		if n < 4 || n >= 0x80 || !isLetter(d[i+2]) || i+2+n > len(d) {
			continue
		}
		name := d[i+2 : i+2+n]
		if !plausiblePath(name) {
			continue
		}
		if p := string(name); !found[p] && x.moduleOf(p) != "" && validImport(p) {
			found[p] = true
		}
		i += 1 + n
	}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// plausiblePath reports whether b holds only import path bytes and at
// least one slash.
func plausiblePath(b []byte) bool {
	slash := false
	for _, c := range b {
		switch {
		case c == '/':
			slash = true
		case isLetter(c), '0' <= c && c <= '9', c == '.', c == '-', c == '_', c == '~':
		default:
			return false
		}
	}
	return slash
}

// addFile records the package directory of a source file name of a
// module of the build, and the file's name relative to the module root
// in files (by module path). See fileModule for the names understood.
func (x *modIndex) addFile(found map[string]bool, files map[string]map[string]bool, name string) {
	name = strings.ReplaceAll(name, "\\", "/")
	mod, rel := x.fileModule(name)
	if mod == "" {
		return
	}
	if files[mod] == nil {
		files[mod] = map[string]bool{}
	}
	files[mod][rel] = true
	p := mod
	if dir := path.Dir(rel); dir != "." {
		p = mod + "/" + dir
	}
	if !found[p] && validImport(p) && x.moduleOf(p) == mod {
		found[p] = true
	}
}

// fileModule returns the module of the build a source file name (with
// slashes) is in, and the name relative to the module root; "" when it
// is in none. The name is in the module cache form, path@version/rel
// after any prefix (or at the start: -trimpath); else, in a build from
// vendor/ without -trimpath, DIR/vendor/path/rel, the longest module path
// winning, where DIR is not the Go root's src (whose vendor/ holds the
// standard library's own copies: see goroot).
func (x *modIndex) fileModule(name string) (mod, rel string) {
	for at := strings.IndexByte(name, '@'); at >= 0; {
		rest := name[at:]
		slash := strings.IndexByte(rest, '/')
		if slash < 0 {
			break
		}
		version := rest[:slash] // @version
		// The module path is a suffix of what precedes the @ that starts
		// at a slash (or at the start: -trimpath).
		before := name[:at]
		for i := 0; i <= len(before); {
			if mod, ok := x.escaped[before[i:]+version]; ok {
				return mod, rest[slash+1:]
			}
			j := strings.IndexByte(before[i:], '/')
			if j < 0 {
				break
			}
			i += j + 1
		}
		next := strings.IndexByte(name[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	if x.goroot == "" {
		return "", "" // no telling the standard library's vendor/ apart
	}
	const v = "/vendor/"
	for i := strings.Index(name, v); i >= 0; {
		if name[:i+1] != x.goroot {
			rest := name[i+len(v):]
			dir := "" // uncleaned: path.Dir would take a/../b for b
			if k := strings.LastIndexByte(rest, '/'); k > 0 {
				dir = rest[:k]
			}
			if mod := x.moduleOf(dir); mod != "" && mod != x.main {
				return mod, rest[len(mod)+1:]
			}
		}
		j := strings.Index(name[i+1:], v)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return "", ""
}

// setGoroot sets the Go root's src directory (with its final slash) from
// the file names of a table: where the runtime's proc.go is, which every
// Go binary links, in a name that is no module's.
func (x *modIndex) setGoroot(names []string) {
	const proc = "runtime/proc.go"
	for _, n := range names {
		n = strings.ReplaceAll(n, "\\", "/")
		if strings.HasSuffix(n, "/src/"+proc) && !strings.Contains(n, "@") {
			x.goroot = n[:len(n)-len(proc)]
			return
		}
	}
}

// validImport reports whether p is a valid import path of a module
// package (not a file name, not a pseudo-package).
func validImport(p string) bool {
	return module.CheckImportPath(p) == nil && !strings.Contains(p, "/internal/_") && !strings.Contains(p, "/testdata/") && !strings.HasSuffix(p, "/testdata")
}

// unescapeSymbol undoes the linker's %xx escapes of import paths in
// symbol names (a dot in the last element, by older Go versions).
func unescapeSymbol(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// object is the part of an executable file format the reader needs.
type object interface {
	format() string
	// pclntab returns the pclntab when the format names it (a section,
	// or the runtime.pclntab symbols), else nil.
	pclntab() *io.SectionReader
	// sections returns the data of the sections that may hold the
	// pclntab, for a search by its header.
	sections() [][]byte
	// symbols returns the names of the function and data symbols, when
	// the symbol table is there.
	symbols() []string
	// rodata returns the read-only data sections, which hold the
	// runtime's type descriptors and their names.
	rodata() [][]byte
}

// readSection reads size bytes at off of a section that starts at start
// in a file of fileSize bytes: nothing when they are not all in the file,
// or more than maxTable.
func readSection(r io.ReaderAt, start, off, size uint64, fileSize int64) []byte {
	if region(r, start, off, size, fileSize) == nil {
		return nil
	}
	buf := make([]byte, size)
	n, err := r.ReadAt(buf, int64(off))
	if err != nil && !(errors.Is(err, io.EOF) && uint64(n) == size) {
		return nil
	}
	return buf
}

// region returns the size bytes at off of a section that starts at start
// in a file of fileSize bytes; nil when they are not all in the file, or
// more than maxTable.
func region(r io.ReaderAt, start, off, size uint64, fileSize int64) *io.SectionReader {
	if size == 0 || size > maxTable || off > maxTable || start > uint64(fileSize) || start+off+size > uint64(fileSize) {
		return nil
	}
	return io.NewSectionReader(r, int64(off), int64(size))
}

type elfObject struct {
	f    *elf.File
	size int64
}

func (o elfObject) format() string { return "ELF" }

func (o elfObject) pclntab() *io.SectionReader {
	for _, name := range []string{".gopclntab", ".data.rel.ro.gopclntab"} {
		if s := o.f.Section(name); s != nil && s.Type != elf.SHT_NOBITS {
			return region(s.ReaderAt, s.Offset, 0, s.Size, o.size)
		}
	}
	return nil
}

func (o elfObject) rodata() [][]byte {
	var out [][]byte
	for _, name := range []string{".rodata", ".data.rel.ro"} {
		if s := o.f.Section(name); s != nil && s.Type == elf.SHT_PROGBITS {
			out = append(out, readSection(s.ReaderAt, s.Offset, 0, s.Size, o.size))
		}
	}
	return out
}

func (o elfObject) sections() [][]byte {
	var out [][]byte
	for _, s := range o.f.Sections {
		if s.Type == elf.SHT_PROGBITS && s.Flags&elf.SHF_ALLOC != 0 && s.Flags&elf.SHF_EXECINSTR == 0 {
			if d := readSection(s.ReaderAt, s.Offset, 0, s.Size, o.size); d != nil {
				out = append(out, d)
			}
		}
	}
	return out
}

// symbols returns the names of the data symbols of .symtab: the
// functions are all in the pclntab already. It reads the table itself,
// which is several times faster than (*elf.File).Symbols.
func (o elfObject) symbols() []string {
	symtab := o.f.Section(".symtab")
	if symtab == nil || symtab.Link == 0 || int(symtab.Link) >= len(o.f.Sections) {
		return nil
	}
	strtab := o.f.Sections[symtab.Link]
	syms := readSection(symtab.ReaderAt, symtab.Offset, 0, symtab.Size, o.size)
	strs := readSection(strtab.ReaderAt, strtab.Offset, 0, strtab.Size, o.size)
	if syms == nil || strs == nil {
		return nil
	}
	names := string(strs)
	order := o.f.ByteOrder
	size, infoAt := 24, 4 // ELF64: name, info, other, shndx, value, size
	if o.f.Class == elf.ELFCLASS32 {
		size, infoAt = 16, 12 // ELF32: name, value, size, info, other, shndx
	}
	var out []string
	for i := 0; i+size <= len(syms) && len(out) < maxSymbols; i += size {
		e := syms[i : i+size]
		if elf.ST_TYPE(e[infoAt]) != elf.STT_OBJECT {
			continue
		}
		off := int(order.Uint32(e))
		if off <= 0 || off >= len(names) {
			continue
		}
		n := names[off:]
		if j := strings.IndexByte(n, 0); j >= 0 {
			n = n[:j]
		}
		out = append(out, n)
	}
	return out
}

type machoObject struct {
	f    *macho.File
	size int64
}

func (o machoObject) format() string { return "Mach-O" }

func (o machoObject) pclntab() *io.SectionReader {
	if s := o.f.Section("__gopclntab"); s != nil {
		return region(s, uint64(s.Offset), 0, s.Size, o.size)
	}
	return nil
}

func (o machoObject) rodata() [][]byte {
	var out [][]byte
	for _, s := range o.f.Sections {
		if s.Name == "__rodata" && s.Offset != 0 {
			out = append(out, readSection(s, uint64(s.Offset), 0, s.Size, o.size))
		}
	}
	return out
}

func (o machoObject) sections() [][]byte {
	var out [][]byte
	for _, s := range o.f.Sections {
		if (s.Seg == "__TEXT" && s.Name == "__text") || s.Offset == 0 {
			continue
		}
		if d := readSection(s, uint64(s.Offset), 0, s.Size, o.size); d != nil {
			out = append(out, d)
		}
	}
	return out
}

func (o machoObject) symbols() []string {
	if o.f.Symtab == nil || len(o.f.Symtab.Syms) > maxSymbols {
		return nil
	}
	out := make([]string, 0, len(o.f.Symtab.Syms))
	for _, s := range o.f.Symtab.Syms {
		// Mach-O prefixes C names with an underscore; Go names are
		// import paths, which never start with one.
		out = append(out, strings.TrimPrefix(s.Name, "_"))
	}
	return out
}

type peObject struct {
	f    *pe.File
	size int64
}

func (o peObject) format() string { return "PE" }

func (o peObject) pclntab() *io.SectionReader {
	var start, end *pe.Symbol
	for _, s := range o.f.Symbols {
		switch s.Name {
		case "runtime.pclntab":
			start = s
		case "runtime.epclntab":
			end = s
		}
	}
	if start == nil || end == nil || start.SectionNumber != end.SectionNumber || start.SectionNumber <= 0 || int(start.SectionNumber) > len(o.f.Sections) || end.Value <= start.Value {
		return nil
	}
	s := o.f.Sections[start.SectionNumber-1]
	if uint64(end.Value) > uint64(s.Size) {
		return nil
	}
	return region(s, uint64(s.Offset), uint64(start.Value), uint64(end.Value-start.Value), o.size)
}

func (o peObject) rodata() [][]byte {
	var out [][]byte
	for _, name := range []string{".rdata"} {
		if s := o.f.Section(name); s != nil {
			out = append(out, readSection(s, uint64(s.Offset), 0, uint64(s.Size), o.size))
		}
	}
	return out
}

func (o peObject) sections() [][]byte {
	var out [][]byte
	for _, s := range o.f.Sections {
		if s.Characteristics&pe.IMAGE_SCN_CNT_CODE != 0 {
			continue
		}
		if d := readSection(s, uint64(s.Offset), 0, uint64(s.Size), o.size); d != nil {
			out = append(out, d)
		}
	}
	return out
}

func (o peObject) symbols() []string {
	if len(o.f.Symbols) > maxSymbols {
		return nil
	}
	out := make([]string, 0, len(o.f.Symbols))
	for _, s := range o.f.Symbols {
		out = append(out, s.Name)
	}
	return out
}

// The pclntab header magic numbers (internal/abi), by the Go version that
// introduced the layout.
const (
	magic116 = 0xfffffffa
	magic118 = 0xfffffff0
	magic120 = 0xfffffff1
)

// pclntab is a function and file table of Go 1.16 or later, read where
// it lies: only its header and its two name tables are read.
type pclntab struct {
	r     io.ReaderAt
	order binary.ByteOrder
	ptr   int
	// offsets of the header fields after nfunc, nfiles (and textStart).
	funcname, cu, filetab, pctab, pcln uint64
}

// findPCLnTab finds and parses the pclntab: where the format names it,
// else by searching the data sections for its header.
func findPCLnTab(o object) (*pclntab, error) {
	if r := o.pclntab(); r != nil {
		if t, err := parsePCLnTab(r, uint64(r.Size())); err == nil {
			return t, nil
		}
	}
	for _, d := range o.sections() {
		for i := 0; i+8 <= len(d); {
			j := indexMagic(d[i:])
			if j < 0 {
				break
			}
			if t, err := parsePCLnTab(bytes.NewReader(d[i+j:]), uint64(len(d)-i-j)); err == nil {
				return t, nil
			}
			i += j + 1
		}
	}
	return nil, errors.New("no pclntab")
}

// indexMagic returns the offset of the first plausible pclntab header in
// d, or -1.
func indexMagic(d []byte) int {
	for i := 0; i+8 <= len(d); i++ {
		// The headers' first bytes are 0xf? 0xff 0xff 0xff (little
		// endian) or 0xff 0xff 0xff 0xf? (big endian).
		if d[i] != 0xff && (d[i]&0xf0) != 0xf0 {
			continue
		}
		if d[i+4] != 0 || d[i+5] != 0 || (d[i+6] != 1 && d[i+6] != 2 && d[i+6] != 4) || (d[i+7] != 4 && d[i+7] != 8) {
			continue
		}
		le, be := binary.LittleEndian.Uint32(d[i:]), binary.BigEndian.Uint32(d[i:])
		if isMagic(le) || isMagic(be) {
			return i
		}
	}
	return -1
}

func isMagic(m uint32) bool { return m == magic116 || m == magic118 || m == magic120 }

// parsePCLnTab checks the header of the pclntab of n bytes in r, and its
// offsets.
func parsePCLnTab(r io.ReaderAt, n uint64) (*pclntab, error) {
	d := make([]byte, min(n, 8+8*8))
	if _, err := r.ReadAt(d, 0); err != nil {
		return nil, errors.New("unreadable header")
	}
	if len(d) < 8 || d[4] != 0 || d[5] != 0 {
		return nil, errors.New("short or bad header")
	}
	t := &pclntab{r: r, ptr: int(d[7])}
	if t.ptr != 4 && t.ptr != 8 {
		return nil, errors.New("bad pointer size")
	}
	var magic uint32
	switch {
	case isMagic(binary.LittleEndian.Uint32(d)):
		t.order, magic = binary.LittleEndian, binary.LittleEndian.Uint32(d)
	case isMagic(binary.BigEndian.Uint32(d)):
		t.order, magic = binary.BigEndian, binary.BigEndian.Uint32(d)
	default:
		return nil, errors.New("not a pclntab of Go 1.16 or later")
	}
	field := func(i int) (uint64, bool) {
		off := 8 + i*t.ptr
		if off+t.ptr > len(d) {
			return 0, false
		}
		if t.ptr == 4 {
			return uint64(t.order.Uint32(d[off:])), true
		}
		return t.order.Uint64(d[off:]), true
	}
	first := 2 // funcnameOffset follows nfunc and nfiles
	if magic != magic116 {
		first = 3 // and the text start of Go 1.18 and later
	}
	var offs [5]uint64
	for i := range offs {
		v, ok := field(first + i)
		if !ok {
			return nil, errors.New("short header")
		}
		offs[i] = v
	}
	for i := range offs {
		if offs[i] > n || (i > 0 && offs[i] < offs[i-1]) || offs[i] < uint64(8+(first+5)*t.ptr) {
			return nil, errors.New("offsets out of order or out of range")
		}
	}
	if offs[1]-offs[0] > maxTable || offs[3]-offs[2] > maxTable {
		return nil, errors.New("name tables too large")
	}
	if nfunc, ok := field(0); !ok || nfunc == 0 {
		return nil, errors.New("no functions")
	}
	t.funcname, t.cu, t.filetab, t.pctab, t.pcln = offs[0], offs[1], offs[2], offs[3], offs[4]
	return t, nil
}

// names returns the function names (funcnametab, which also holds the
// names of inlined functions) and file names (filetab) of the table.
func (t *pclntab) names() (funcs, files []string, err error) {
	read := func(from, to uint64) ([]byte, error) {
		buf := make([]byte, to-from)
		if _, err := t.r.ReadAt(buf, int64(from)); err != nil {
			return nil, err
		}
		return buf, nil
	}
	d, err := read(t.funcname, t.cu)
	if err == nil {
		funcs, err = cstrings(d)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("function names: %w", err)
	}
	if d, err = read(t.filetab, t.pctab); err == nil {
		files, err = cstrings(d)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("file names: %w", err)
	}
	return funcs, files, nil
}

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s)
}

// cstrings splits a table of NUL-terminated names. A name that is not
// valid UTF-8 or holds control characters is skipped; a table that is
// mostly such names is not a name table. The names share one string.
func cstrings(d []byte) ([]string, error) {
	all := string(d)
	var out []string
	bad := 0
	for len(all) > 0 {
		i := strings.IndexByte(all, 0)
		if i < 0 {
			i = len(all)
		}
		name := all[:i]
		if i < len(all) {
			all = all[i+1:]
		} else {
			all = ""
		}
		if name == "" {
			continue
		}
		if !printable(name) {
			bad++
			continue
		}
		out = append(out, name)
	}
	if bad > len(out) {
		return nil, errors.New("not a table of names")
	}
	return out, nil
}
