package spdxexpr

import (
	"sort"
	"strings"
)

// This file holds the normal form of an expression that detection
// reports: each term once, a stable order, parentheses only where SPDX's
// precedence needs them (AND binds tighter than OR).

// Join returns kids joined by op ("AND" or "OR"), normalised: operands
// that are themselves joined by op are flattened into it, repeated
// operands dropped and the rest sorted by their Compact text. It returns
// nil for no operand and the operand itself for one; nil kids are
// skipped.
func Join(op string, kids ...*Expr) *Expr {
	var flat []*Expr
	for _, k := range kids {
		switch {
		case k == nil:
		case k.Op == op:
			flat = append(flat, k.Kids...)
		default:
			flat = append(flat, k)
		}
	}
	seen := map[string]bool{}
	var out []*Expr
	keys := map[*Expr]string{}
	for _, k := range flat {
		s := k.Compact()
		if !seen[s] {
			seen[s] = true
			out = append(out, k)
			keys[k] = s
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	sort.SliceStable(out, func(i, j int) bool { return keys[out[i]] < keys[out[j]] })
	return &Expr{Op: op, Kids: out}
}

// Tidy returns e with every AND and OR in it normalised as Join does.
func Tidy(e *Expr) *Expr {
	if e == nil || e.Op == "" {
		return e
	}
	kids := make([]*Expr, len(e.Kids))
	for i, k := range e.Kids {
		kids[i] = Tidy(k)
	}
	return Join(e.Op, kids...)
}

// Compact renders the expression with parentheses only around an OR
// inside an AND: "Apache-2.0 AND (MIT OR Unlicense)", "MIT OR Apache-2.0
// AND BSD-3-Clause" (AND binds tighter). It is "" for nil.
func (e *Expr) Compact() string {
	if e == nil {
		return ""
	}
	if e.Op == "" {
		return e.ID()
	}
	parts := make([]string, len(e.Kids))
	for i, k := range e.Kids {
		parts[i] = k.Compact()
		if e.Op == "AND" && k.Op == "OR" {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " "+e.Op+" ")
}

// TidyString parses s (see Parse) and returns its normal form (Tidy,
// Compact); ok is false, and the string "", when s does not parse.
func TidyString(s string) (string, bool) {
	e, ok := Parse(s)
	if !ok {
		return "", false
	}
	return Tidy(e).Compact(), true
}
