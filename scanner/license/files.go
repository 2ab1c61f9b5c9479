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
	// RoleExtra files have another name holding LICENSE, LICENCE or
	// COPYING (APACHE-LICENSE-2.0, COPYING.MIT): read and classified; a
	// license in one is ANDed into the module's, like a RoleLicense
	// file's, but one with no license in it, or holding the texts of
	// many licenses (a list of other projects'), is evidence only (see
	// Conclude).
	RoleExtra = "license-extra"
	// RoleThirdParty files list the licenses of other projects
	// (LICENSE-THIRD-PARTY, LICENSE_list): evidence only, never ANDed
	// into the module's license.
	RoleThirdParty = "third-party"
)

var (
	licenseNameRE = regexp.MustCompile(`^(?i)(un)?licen[cs]e([-._](mit|apache|apache-?2(\.0)?|bsd|isc|mpl|gpl|lgpl|2\.0|code|txt|md))?$|^(?i)copying([-._](lesser|lib|lgpl|gpl))?$|^(?i)mit[-_]licen[cs]e$`)
	docsNameRE    = regexp.MustCompile(`^(?i)licen[cs]e[-._](docs?|documentation|cc-by.*|logos?)$`)
	noticeNameRE  = regexp.MustCompile(`^(?i)notice$`)
	// extraNameRE and thirdPartyNameRE: see RoleExtra, RoleThirdParty.
	extraNameRE      = regexp.MustCompile(`(?i)(^|[^a-z])(un)?(licen[cs]es?|copying)([^a-z]|$)`)
	thirdPartyNameRE = regexp.MustCompile(`(?i)third|3rd|part(y|ies)|list|dependenc|deps|vendor|bundle`)
)

// notLicenseExt are the extensions of source, script, build and data
// files: a name holding "license" with one of them is code or data about
// licenses (license.go, check_license.sh, licenses.json), not a license.
var notLicenseExt = map[string]bool{
	"go": true, "c": true, "h": true, "cc": true, "cpp": true, "hpp": true, "s": true, "py": true, "js": true, "ts": true,
	"java": true, "rb": true, "rs": true, "pl": true, "php": true, "swift": true, "kt": true, "cs": true, "lua": true,
	"sh": true, "bash": true, "bat": true, "ps1": true, "mk": true, "proto": true, "sql": true,
	"json": true, "yaml": true, "yml": true, "toml": true, "xml": true, "html": true, "htm": true, "css": true,
	"tmpl": true, "tpl": true, "gotmpl": true, "template": true, "gemspec": true, "pom": true, "mod": true, "sum": true,
	"png": true, "jpg": true, "jpeg": true, "gif": true, "svg": true, "ico": true, "pdf": true,
	"zip": true, "gz": true, "tgz": true, "tar": true, "bz2": true, "xz": true, "bin": true, "exe": true, "dll": true, "so": true,
	"a": true, "o": true, "orig": true, "rej": true, "bak": true, "swp": true, "sig": true, "asc": true, "pem": true, "lock": true,
	"golden": true, "t1": true, "t2": true, "test": true, "out": true, "diff": true, "patch": true,
}

// FileRole returns the role of a file name: RoleLicense for the names the
// Go team's pkgsite reads (LICENSE, LICENCE, COPYING, COPYING.LESSER,
// UNLICENSE, LICENSE-MIT, LICENSE-APACHE, MIT-LICENSE, ...; bare or with
// .md, .markdown, .txt or .rst; any case), RoleDocs for documentation
// licenses (LICENSE.docs), RoleNotice for NOTICE, and "" for anything else
// (README, PATENTS, source files). Any other name holding LICENSE,
// LICENCE or COPYING as a word (not "licensecheck"), in any case, is RoleThirdParty when it says it lists
// other projects' licenses (LICENSE-THIRD-PARTY, LICENSE_list,
// LICENSE_OF_DEPENDENCIES.md) and RoleExtra otherwise (APACHE-LICENSE-2.0,
// COPYING.MIT); hidden files and the extensions of source, script and
// data files (notLicenseExt: license.go, check_license.sh) are not read.
func FileRole(name string) string {
	if !mayNameLicense(name) {
		// Most names (source files) hold none of the words: no regexp.
		return ""
	}
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
	case strings.HasPrefix(name, ".") || !extraNameRE.MatchString(stem):
		return ""
	}
	if i := strings.LastIndexByte(stem, '.'); i >= 0 && notLicenseExt[strings.ToLower(stem[i+1:])] {
		return ""
	}
	if thirdPartyNameRE.MatchString(stem) {
		return RoleThirdParty
	}
	return RoleExtra
}

// mayNameLicense reports whether name holds "licen", "copying" or
// "notice" in any case: FileRole's test before its regular expressions,
// run on every file of every directory detection lists. An ASCII name is
// searched in place; others are lowered first (strings.ToLower maps some
// non-ASCII letters to ASCII ones, U+0130 to "i").
func mayNameLicense(name string) bool {
	if !isASCII(name) {
		low := strings.ToLower(name)
		return strings.Contains(low, "licen") || strings.Contains(low, "copying") || strings.Contains(low, "notice")
	}
	for i := 0; i+5 <= len(name); i++ {
		// c|0x20 is the lower case of an ASCII letter c, and no other
		// byte gives 'l', 'c' or 'n'.
		switch name[i] | 0x20 {
		case 'l':
			if strings.EqualFold(name[i:i+5], "licen") {
				return true
			}
		case 'c':
			if i+7 <= len(name) && strings.EqualFold(name[i:i+7], "copying") {
				return true
			}
		case 'n':
			if i+6 <= len(name) && strings.EqualFold(name[i:i+6], "notice") {
				return true
			}
		}
	}
	return false
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
