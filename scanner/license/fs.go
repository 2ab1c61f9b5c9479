package license

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// FSReader is a Reader over an fs.FS (fstest.MapFS, os.DirFS, a module
// zip): regular files of at most MaxFileSize bytes, decoded with
// DecodeText. Which files it can reach (symbolic links) is the FS's
// business; scanner reads modules on disk with stricter rules of its own.
type FSReader struct {
	FS fs.FS
	// MaxFileSize bounds each file; 0 means 1 MiB.
	MaxFileSize int64
}

// Read implements Reader.
func (r FSReader) Read(rel string) (text []byte, sum string, err error) {
	limit := r.MaxFileSize
	if limit <= 0 {
		limit = 1 << 20
	}
	fi, err := fs.Stat(r.FS, rel)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, "", fmt.Errorf("not a regular file (%s); not read", fi.Mode().Type())
	}
	if fi.Size() > limit {
		return nil, "", fmt.Errorf("%d bytes, over the %d-byte limit; not read", fi.Size(), limit)
	}
	data, err := fs.ReadFile(r.FS, rel)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, "", fmt.Errorf("over the %d-byte limit; not read", limit)
	}
	h := sha256.Sum256(data)
	text, err = DecodeText(data)
	return text, hex.EncodeToString(h[:]), err
}

// ModuleFiles lists the files of fsys that have a FileRole in each of
// dirs (slash-separated, "." for the root), sorted: the files Module
// classifies (or, for notices, names). A directory that cannot be listed
// is skipped, except the root: that is an error.
func ModuleFiles(fsys fs.FS, dirs []string) ([]string, error) {
	var rels []string
	for _, dir := range dirs {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			if dir == "." {
				return nil, err
			}
			continue
		}
		for _, e := range entries {
			if !e.IsDir() && FileRole(e.Name()) != "" {
				rels = append(rels, path.Join(dir, e.Name()))
			}
		}
	}
	sort.Strings(rels)
	return rels, nil
}
