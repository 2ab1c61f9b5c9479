package notice

import (
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// node is a parsed SPDX expression, in the one SPDX home (spdxexpr); the
// normal form is spdxexpr's (Tidy, Compact).
type node = spdxexpr.Expr

// join builds a normalised node: see spdxexpr.Join.
func join(op string, args ...*node) *node { return spdxexpr.Join(op, args...) }

// parseExpr parses an SPDX expression (spdxexpr.Parse: ids canonical,
// deprecated ones current) into its normal form. It returns nil for an
// expression that does not parse.
func parseExpr(s string) *node {
	e, ok := spdxexpr.Parse(s)
	if !ok {
		return nil
	}
	return spdxexpr.Tidy(e)
}

// Expression returns the normalised SPDX expression of all matches with
// an ID, joined with AND: each distinct term once, operands sorted,
// parentheses only around an OR inside an AND. Two readings keep a text's
// statements from contradicting each other: a match that is one of the
// choices of another match's OR ("dual licensed under A or B" beside a URL
// of A) is part of that choice, not a second obligation; and a license
// that another match names with an exception ("GPL-2.0-only WITH
// Linux-syscall-note" beside the GPL notice) is that match. It returns ""
// when no match has an ID.
func Expression(ms []Match) string {
	var parts []*node
	for _, m := range ms {
		if m.ID == "" {
			continue
		}
		if n := parseExpr(m.ID); n != nil {
			parts = append(parts, n)
		}
	}
	var kept []*node
	for i, p := range parts {
		s := p.Compact()
		subsumed := false
		for j, q := range parts {
			if i == j || q.Compact() == s {
				continue
			}
			if q.Op == "OR" && p.Op != "OR" {
				for _, a := range q.Kids {
					subsumed = subsumed || a.Compact() == s
				}
			}
			if q.Op == "" && p.Op == "" && strings.HasPrefix(q.ID(), s+" WITH ") {
				subsumed = true
			}
		}
		if !subsumed {
			kept = append(kept, p)
		}
	}
	return join("AND", kept...).Compact()
}

// Normalize returns the normalised form of an SPDX expression (see
// Expression), or "" when it does not parse.
func Normalize(expr string) string {
	return parseExpr(expr).Compact()
}

// validExpr returns why an expression is not made of current SPDX ids and
// LicenseRefs, or "" when it is.
func validExpr(n *node) string {
	if n.Op != "" {
		for _, a := range n.Kids {
			if err := validExpr(a); err != "" {
				return err
			}
		}
		return ""
	}
	if n.Plus && (gnuFamilyRE.MatchString(n.License) || !endsInVersion(n.License)) {
		// A GNU license's "+" is its -or-later id; an unversioned
		// license has no later versions. Others keep SPDX's "+"
		// operator ("MPL-2.0+": version 2.0 or any later one).
		return "license " + n.License + "+ is not a current SPDX id"
	}
	if licenseRefRE.MatchString(n.License) {
		return ""
	}
	if dep, ok := spdxLicenseIDs[n.License]; !ok || dep {
		return "license " + n.License + " is not a current SPDX id"
	}
	if n.Exception != "" {
		if dep, ok := spdxExceptionIDs[n.Exception]; !ok || dep {
			return "exception " + n.Exception + " is not a current SPDX exception id"
		}
	}
	return ""
}

// exprFields splits an expression into ids, operators and parentheses.
func exprFields(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		for f != "" {
			i := strings.IndexAny(f, "()")
			if i < 0 {
				out = append(out, f)
				break
			}
			if i > 0 {
				out = append(out, f[:i])
			}
			out = append(out, f[i:i+1])
			f = f[i+1:]
		}
	}
	return out
}

// spdxLicenseIDs and spdxExceptionIDs map every SPDX license and exception
// id to whether it is deprecated: the tables of the one SPDX home.
var (
	spdxLicenseIDs   = spdxexpr.LicenseIDs()
	spdxExceptionIDs = spdxexpr.ExceptionIDs()
)
