// Package spdxexpr is the one home of SPDX license expressions in
// ospo-scan: the SPDX License List tables (ids, deprecations, exceptions,
// with each license's category), the LicenseRef pattern, a parser of
// expressions (Parse, with leaves, keys and the versions an "-or-later"
// id admits), the normalisation of deprecated ids to current SPDX
// (Normalize), validation (Valid) and the leaves of an expression as
// written (Leaves). Detection, the policy and the SBOM writers use it.
//
// It is pure: no I/O, no state beyond tables built once. What it cannot
// read it reports (ok false), never guesses.
package spdxexpr

import (
	"strings"

	"github.com/github/go-spdx/v2/spdxexp"
)

// Valid reports whether s is a valid SPDX expression, as go-spdx reads
// one, or a LicenseRef alone.
func Valid(s string) bool {
	if IsLicenseRef(s) {
		return true
	}
	_, err := spdxexp.ExtractLicenses(s)
	return err == nil
}

// Leaves returns the license ids of an expression as written, in order,
// without validating it; "X WITH e" stays one leaf.
func Leaves(expr string) []string {
	var out []string
	toks := strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(expr))
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "AND", "OR":
			continue
		}
		id := toks[i]
		if i+2 < len(toks) && toks[i+1] == "WITH" {
			id += " WITH " + toks[i+2]
			i += 2
		}
		out = append(out, id)
	}
	return out
}

// Extract returns the license leaves of a valid SPDX expression as go-spdx
// reads it ("X WITH e" one leaf), or go-spdx's error.
func Extract(s string) ([]string, error) {
	return spdxexp.ExtractLicenses(s)
}
