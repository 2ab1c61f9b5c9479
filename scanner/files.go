package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// MaxLicenseFileSize is the most of a license file that is read; a larger
// file is recorded as unknown, not read in part.
const MaxLicenseFileSize = 1 << 20

// MaxModuleLicenseBytes is the most of a module's license files that is
// read in all, in path order. A file that would take the total over it is
// not read and is recorded as unknown, which leaves the module without a
// license (fail closed): real modules need a few kilobytes (the largest
// common license, the GPL-3.0, is 35 KB), and without a bound a module of
// many large license files costs seconds each.
const MaxModuleLicenseBytes = 4 << 20

// errSkip explains why a file was not classified.
type errSkip struct {
	why string
	// budget: not read because the module's budget was spent; the
	// message depends only on sizes, not on the machine.
	budget bool
}

func (e *errSkip) Error() string { return e.why }

// ReadLicenseFile reads a file of the module rooted at root as
// readLicenseFile does, for writers that copy license texts.
func ReadLicenseFile(root, name string) ([]byte, error) {
	text, _, err := readLicenseFile(root, name)
	return text, err
}

// licenseReader reads the license files of one module within
// MaxModuleLicenseBytes. Detection and the detection cache key read
// through it in the same order, so they agree on which files are read.
type licenseReader struct {
	root string
	used int64 // bytes read so far
}

// Read reads the file at rel (slash-separated, relative to the root) as
// readLicenseFile does, refusing a file larger than what is left of the
// budget.
func (r *licenseReader) Read(rel string) (text []byte, sum string, err error) {
	left := MaxModuleLicenseBytes - r.used
	text, sum, n, err := readLicenseFileLimit(r.root, filepath.Join(r.root, filepath.FromSlash(rel)), left)
	if e, ok := err.(*errSkip); ok && e.budget {
		e.why = fmt.Sprintf("%s; not read: the module's license files before it used %d of the %d-byte budget for license evidence", e.why, r.used, MaxModuleLicenseBytes)
	}
	r.used += n
	return text, sum, err
}

// readLicenseFile reads a file for classification, refusing what should
// not be read: symlinks that leave root, non-regular files, files over
// MaxLicenseFileSize. It returns the text (UTF-16 decoded to UTF-8) and the
// sha256 of the bytes on disk.
func readLicenseFile(root, name string) (text []byte, sum string, err error) {
	text, sum, _, err = readLicenseFileLimit(root, name, MaxLicenseFileSize)
	return text, sum, err
}

// readLicenseFileLimit is readLicenseFile, also refusing a file of more
// than left bytes (an errSkip with budget set, naming the size) and
// returning how many bytes it read.
func readLicenseFileLimit(root, name string, left int64) (text []byte, sum string, n int64, err error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, "", 0, &errSkip{why: "cannot read: " + errors.Unwrap(err).Error()}
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(name)
		if err != nil {
			return nil, "", 0, &errSkip{why: "symlink that cannot be resolved (a loop or a missing target); not followed"}
		}
		realRoot, err := filepath.EvalSymlinks(root)
		if err != nil {
			realRoot = root
		}
		if rel, err := filepath.Rel(realRoot, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, "", 0, &errSkip{why: "symlink pointing outside the module; not followed"}
		}
		if fi, err = os.Stat(target); err != nil {
			return nil, "", 0, &errSkip{why: "cannot read symlink target"}
		}
		name = target
	}
	if !fi.Mode().IsRegular() {
		return nil, "", 0, &errSkip{why: fmt.Sprintf("not a regular file (%s); not read", fi.Mode().Type())}
	}
	if fi.Size() > MaxLicenseFileSize {
		return nil, "", 0, &errSkip{why: fmt.Sprintf("%d bytes, over the %d-byte limit; not read", fi.Size(), MaxLicenseFileSize)}
	}
	limit := min(left, MaxLicenseFileSize)
	if fi.Size() > limit {
		return nil, "", 0, &errSkip{why: fmt.Sprintf("%d bytes", fi.Size()), budget: true}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, "", 0, &errSkip{why: "cannot open: " + err.Error()}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	n = int64(len(data))
	if err != nil {
		return nil, "", n, &errSkip{why: "cannot read: " + err.Error()}
	}
	if n > limit { // it grew since Lstat
		if limit < MaxLicenseFileSize {
			return nil, "", n, &errSkip{why: fmt.Sprintf("over %d bytes", limit), budget: true}
		}
		return nil, "", n, &errSkip{why: fmt.Sprintf("over the %d-byte limit; not read", MaxLicenseFileSize)}
	}
	h := sha256.Sum256(data)
	sum = hex.EncodeToString(h[:])
	text, err = license.DecodeText(data)
	return text, sum, n, err
}
