package license

import (
	"strings"

	"github.com/google/licensecheck"
)

//go:generate go run -tags generate ./internal/genlre -corpus ../../../shared/corpus/spdx-canonical
//go:generate go test -run TestCompiledScanner -update

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
	out := first
	for _, l := range builtin {
		for _, a := range builtinAmendments[l.ID] {
			l.LRE = strings.Replace(l.LRE, a.Old, a.New, 1)
		}
		out = append(out, l)
	}
	return append(out, last...)
}

// amendment replaces the words Old of a built-in pattern by New.
type amendment struct{ Old, New string }

// builtinAmendments widen built-in licensecheck patterns that miss the
// SPDX text of their own id by a word, where adding a second pattern made
// from the SPDX text is not possible: licensecheck then finds neither on
// texts that match only one (the generator skips such a pattern, as it
// changes licensecheck's answer on its own test files). MIT-CMU's pattern
// lacks the "prior" of the SPDX text's "without specific, written prior
// permission", which the HPND family also has; both wordings are met.
var builtinAmendments = map[string][]amendment{
	"MIT-CMU": {{Old: "specificwritten permission", New: "specificwritten\n(( prior ))??\npermission"}},
}

// ownNoticeSuffix marks the matches of our own patterns (patterns.go):
// they are notices, statements of a license, not license texts.
const ownNoticeSuffix = "#notice"

// spdxTextSuffix marks a generated pattern for an id licensecheck already
// has; the detector reports the id without it.
const spdxTextSuffix = "#spdx-text"
