package license

import "github.com/google/licensecheck"

//go:generate go run -tags generate ./internal/genlre -corpus ../../../shared/corpus/spdx-canonical

// extraLicenses returns the licenses the detector matches: our own
// patterns for real-world variants (patterns.go) and the SPDX licenses
// licensecheck lacks (spdx_gen.go, generated from the SPDX License List)
// first, then licensecheck's built-in list, then generated patterns for ids
// licensecheck has but whose SPDX text its pattern misses. Where two
// patterns match exactly the same words, the first in the list wins: a
// pattern made from one specific text is preferred over a built-in one
// whose wildcards also cover it, but never over a built-in pattern for the
// same id.
func extraLicenses(builtin []licensecheck.License) []licensecheck.License {
	known := map[string]bool{}
	for _, l := range builtin {
		if l.LRE != "" {
			known[l.ID] = true
		}
	}
	var first, last []licensecheck.License
	for _, l := range ownLicenses {
		l.ID += ownNoticeSuffix
		first = append(first, l)
	}
	for _, l := range generatedLicenses {
		if known[l.ID] {
			l.ID += spdxTextSuffix
			last = append(last, l)
		} else {
			first = append(first, l)
		}
	}
	out := append(first, builtin...)
	return append(out, last...)
}

// ownNoticeSuffix marks the matches of our own patterns (patterns.go):
// they are notices, statements of a license, not license texts.
const ownNoticeSuffix = "#notice"

// spdxTextSuffix marks a generated pattern for an id licensecheck already
// has; the detector reports the id without it.
const spdxTextSuffix = "#spdx-text"
