package spdxexpr

import "strings"

// Cover tells whether a license is covered by a declared expression:
// whether the declared expression names every license of one of its
// alternatives (an Apache-2.0 file in an "MIT OR Apache-2.0" module, a
// BSD-3-Clause file in a BSD-3-Clause module). The deep scan uses it to
// find the licenses of linked files that add to a module's own.
type Cover struct {
	leaves map[string]bool
}

// NewCover returns the Cover of a declared expression; one that does not
// parse (or is empty) covers nothing.
func NewCover(declared string) Cover {
	e, _ := Parse(declared)
	return NewCoverOf(e)
}

// NewCoverOf is NewCover of a parsed expression (nil: one that does not
// parse, which covers nothing).
func NewCoverOf(e *Expr) Cover {
	c := Cover{leaves: map[string]bool{}}
	if e != nil {
		for _, id := range e.LeafIDs() {
			c.leaves[id] = true
			// A file's "BSD-style license" of an unstated variant is
			// the module's when the module has a BSD license.
			if strings.HasPrefix(id, "BSD-") {
				c.leaves[BSDStyle] = true
			}
		}
	}
	return c
}

// Covers reports whether the declared expression covers lic; a license
// that does not parse is never covered.
func (c Cover) Covers(lic string) bool {
	e, ok := Parse(lic)
	return ok && e.SatisfiedBy(c.leaves)
}

// CoversExpr is Covers of a parsed license.
func (c Cover) CoversExpr(e *Expr) bool { return e.SatisfiedBy(c.leaves) }

// BSDStyle is the license the deep scan gives a file that says it is
// under "a BSD-style license" in another file without naming the Go
// Authors (whose license is BSD-3-Clause): a BSD license of a variant it
// does not state. A declared license with a BSD-* term covers it.
const BSDStyle = "LicenseRef-ospo-BSD-style"
