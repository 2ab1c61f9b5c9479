package license

import (
	"bytes"
	"testing"
)

func TestFileRole(t *testing.T) {
	tests := map[string]string{
		"LICENSE": RoleLicense, "license.md": RoleLicense, "LICENCE.txt": RoleLicense, "COPYING": RoleLicense,
		"COPYING.LESSER": RoleLicense, "UNLICENSE": RoleLicense, "LICENSE-MIT": RoleLicense, "LICENSE-APACHE": RoleLicense,
		"MIT-LICENSE.txt": RoleLicense, "License.rst": RoleLicense, "LICENSE.docs": RoleDocs, "LICENSE-docs.md": RoleDocs,
		"NOTICE": RoleNotice, "NOTICE.md": RoleNotice, "README.md": "", "PATENTS": "", "license.go": "",
		"COPYRIGHT": "", "main.go": "",
		// Any other name holding LICENSE, LICENCE or COPYING (not a
		// source, script or data file, nor a hidden one).
		"APACHE-LICENSE-2.0": RoleExtra, "COPYING.MIT": RoleExtra, "LICENSE.libyaml": RoleExtra, "LICENSES": RoleExtra,
		"Go-LICENSE": RoleExtra, "LICENSE.MPL-2.0": RoleExtra, "LICENSE-APACHE-2.0.txt": RoleLicense, "LiCeNsE.tXt": RoleLicense,
		"LICENSE_list": RoleThirdParty, "LICENSE-THIRD-PARTY": RoleThirdParty, "LICENSE-3RD-PARTY.md": RoleThirdParty,
		"LICENSE_OF_DEPENDENCIES.md": RoleThirdParty, "THIRD-PARTY-LICENSES.txt": RoleThirdParty,
		"LICENSE-LOGO":    RoleDocs,
		"license_test.go": "", "check_license.sh": "", ".licenserc.yml": "", "licenses.json": "", "valid-license-id.xml": "",
		"multiple_licenses.gemspec": "", "license.yml": "", "licensed.c": "", "licensecheck.txt": "", "licenseref.md": "", "unlicensed": "",
	}
	for name, want := range tests {
		if got := FileRole(name); got != want {
			t.Errorf("FileRole(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLineIndex(t *testing.T) {
	text := []byte("a\nbb\n\nccc\n")
	nl := newLineIndex(text)
	for off := 0; off <= len(text); off++ {
		want := bytes.Count(text[:off], []byte("\n")) + 1
		if got := nl.of(off); got != want {
			t.Errorf("line of offset %d = %d, want %d", off, got, want)
		}
	}
	if got := newLineIndex(nil).of(0); got != 1 {
		t.Errorf("line of offset 0 in an empty text = %d", got)
	}
}

func TestThinWin(t *testing.T) {
	for _, tt := range []struct {
		best, runnerUp int
		want           bool
	}{{200, 199, true}, {200, 194, true}, {200, 193, false}, {200, 0, false}, {0, 0, false}} {
		if got := thinWin(tt.best, tt.runnerUp); got != tt.want {
			t.Errorf("thinWin(%d, %d) = %v", tt.best, tt.runnerUp, got)
		}
	}
}
