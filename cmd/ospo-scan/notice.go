package main

import (
	"path/filepath"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// readNoticeFile reads a module's license or NOTICE file for the notices,
// with the detector's rules: no symlink out of the module, regular files
// of at most 1 MiB, UTF-8 or UTF-16 text.
func readNoticeFile(m *model.Module, rel string) ([]byte, error) {
	return scanner.ReadLicenseFile(m.Dir, filepath.Join(m.Dir, filepath.FromSlash(rel)))
}
