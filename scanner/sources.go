package scanner

import (
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// sourceHeaderBytes is how much of a Go file is read for the license its
// header states: the header is the comments before the package clause; a
// file whose package clause is further is read as stating none.
const sourceHeaderBytes = 8192

// sourceStatements reads the headers of the Go files (not _test.go) of a
// module's used packages (listed in dirs), in path order, and returns the
// license each states (license.HeaderStatement). It stops at the first
// file that states none or another license than the first (returned
// last): a module concludes from its files' statements only when every
// one states the same (license.SourceEvidence).
func sourceStatements(m *model.Module, dirs dirListing) []license.SourceStatement {
	var out []license.SourceStatement
	for _, dir := range usedPackageDirs(m) {
		listed, ok := dirs[dir]
		if !ok || listed.err != nil {
			return append(out, license.SourceStatement{Rel: dir})
		}
		for _, e := range listed.entries {
			name := e.Name()
			if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			s := license.SourceStatement{Rel: path.Join(dir, name)}
			if header, ok := readGoHeader(filepath.Join(m.Dir, filepath.FromSlash(s.Rel))); ok {
				s.Expr, s.Kind, s.Lines = license.HeaderStatement(header)
			}
			out = append(out, s)
			if s.Expr == "" || s.Expr != out[0].Expr {
				return out
			}
		}
	}
	return out
}

// readGoHeader returns the header of a Go file (license.GoHeader), false
// when it cannot be read or its package clause is not in its first
// sourceHeaderBytes.
func readGoHeader(name string) ([]byte, bool) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	buf := make([]byte, sourceHeaderBytes)
	n, err := io.ReadFull(f, buf)
	switch err {
	case nil:
		return license.GoHeader(buf, false)
	case io.EOF, io.ErrUnexpectedEOF:
		return license.GoHeader(buf[:n], true)
	}
	return nil, false
}

// noLicenseFiles reports whether a module's files with a FileRole (rels)
// are none but NOTICE files: files Module does not read, so its evidence
// is empty and checkStatements reads the source files.
func noLicenseFiles(rels []string) bool {
	for _, rel := range rels {
		if license.FileRole(path.Base(rel)) != license.RoleNotice {
			return false
		}
	}
	return true
}

// checkStatements concludes the license of a module without any license
// file (no evidence) from its used packages' Go files when every one
// states the same license in its header (see license.SourceEvidence):
// the files become its evidence. Otherwise the module stays as it is.
func checkStatements(m *model.Module, lic *model.License, dirs dirListing) {
	if len(lic.Evidence) != 0 || lic.Expression != "" {
		return
	}
	evs := license.SourceEvidence(sourceStatements(m, dirs))
	if evs == nil {
		return
	}
	lic.Evidence = evs
	license.Conclude(lic)
}
