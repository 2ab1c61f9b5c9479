package license

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// File roles.
const (
	// RoleLicense files decide the module's license.
	RoleLicense = "license"
	// RoleDocs files license the documentation only (LICENSE.docs); they
	// are evidence but never the code's license.
	RoleDocs = "docs"
	// RoleNotice files (NOTICE) are kept for attribution only.
	RoleNotice = "notice"
)

var (
	licenseNameRE = regexp.MustCompile(`^(?i)(un)?licen[cs]e([-._](mit|apache|apache-?2(\.0)?|bsd|isc|mpl|gpl|lgpl|2\.0|code|txt|md))?$|^(?i)copying([-._](lesser|lib|lgpl|gpl))?$|^(?i)mit[-_]licen[cs]e$`)
	docsNameRE    = regexp.MustCompile(`^(?i)licen[cs]e[-._](docs?|documentation|cc-by.*)$`)
	noticeNameRE  = regexp.MustCompile(`^(?i)notice$`)
)

// FileRole returns the role of a file name: RoleLicense for the names the
// Go team's pkgsite reads (LICENSE, LICENCE, COPYING, COPYING.LESSER,
// UNLICENSE, LICENSE-MIT, LICENSE-APACHE, MIT-LICENSE, ...; bare or with
// .md, .markdown, .txt or .rst; any case), RoleDocs for documentation
// licenses (LICENSE.docs), RoleNotice for NOTICE, and "" for anything else
// (README, PATENTS, source files).
func FileRole(name string) string {
	stem := name
	for _, ext := range []string{".md", ".markdown", ".txt", ".rst"} {
		if len(stem) > len(ext) && strings.EqualFold(stem[len(stem)-len(ext):], ext) {
			stem = stem[:len(stem)-len(ext)]
			break
		}
	}
	switch {
	case docsNameRE.MatchString(stem):
		return RoleDocs
	case licenseNameRE.MatchString(stem):
		return RoleLicense
	case noticeNameRE.MatchString(stem):
		return RoleNotice
	}
	return ""
}

// DecodeText turns file bytes into UTF-8 text: UTF-8 as is (a BOM
// dropped), UTF-16 with a byte-order mark decoded. Empty, binary and other
// non-UTF-8 data is an error saying which.
func DecodeText(data []byte) ([]byte, error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, errors.New("empty file")
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		big := data[0] == 0xFE
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			if big {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		data = []byte(string(utf16.Decode(u)))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, errors.New("binary file (NUL bytes); not a license text")
	}
	if !utf8.Valid(data) {
		return nil, errors.New("not UTF-8 or UTF-16 text; not read")
	}
	return data, nil
}
