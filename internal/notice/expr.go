package notice

import (
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// node is a parsed SPDX expression: a leaf (ID, possibly "X WITH Y") or an
// operator with operands.
type node struct {
	op   string // "", "AND", "OR"
	id   string
	args []*node
}

// and and or build normalised nodes: nested operands of the same operator
// are flattened, repeated operands dropped and the rest sorted, so that
// the same licenses always print the same way.
func join(op string, args ...*node) *node {
	var flat []*node
	for _, a := range args {
		if a == nil {
			continue
		}
		if a.op == op {
			flat = append(flat, a.args...)
		} else {
			flat = append(flat, a)
		}
	}
	seen := map[string]bool{}
	var out []*node
	for _, a := range flat {
		s := a.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, a)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return &node{op: op, args: out}
}

// String prints n with parentheses only around an OR inside an AND.
func (n *node) String() string {
	if n == nil {
		return ""
	}
	if n.op == "" {
		return n.id
	}
	parts := make([]string, len(n.args))
	for i, a := range n.args {
		s := a.String()
		if n.op == "AND" && a.op == "OR" {
			s = "(" + s + ")"
		}
		parts[i] = s
	}
	return strings.Join(parts, " "+n.op+" ")
}

// parseExpr parses an SPDX expression whose ids are already canonical
// (what Match.ID holds). It returns nil for a malformed expression.
func parseExpr(s string) *node {
	p := exprParser{toks: exprFields(s)}
	n := p.or()
	if n == nil || p.i != len(p.toks) {
		return nil
	}
	return n
}

type exprParser struct {
	toks []string
	i    int
}

func (p *exprParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *exprParser) or() *node {
	n := p.and()
	for n != nil && strings.EqualFold(p.peek(), "OR") {
		p.i++
		m := p.and()
		if m == nil {
			return nil
		}
		n = join("OR", n, m)
	}
	return n
}

func (p *exprParser) and() *node {
	n := p.with()
	for n != nil && strings.EqualFold(p.peek(), "AND") {
		p.i++
		m := p.with()
		if m == nil {
			return nil
		}
		n = join("AND", n, m)
	}
	return n
}

func (p *exprParser) with() *node {
	t := p.peek()
	if t == "" || t == ")" || strings.EqualFold(t, "AND") || strings.EqualFold(t, "OR") || strings.EqualFold(t, "WITH") {
		return nil
	}
	p.i++
	if t == "(" {
		n := p.or()
		if n == nil || p.peek() != ")" {
			return nil
		}
		p.i++
		return n
	}
	if strings.EqualFold(p.peek(), "WITH") {
		p.i++
		e := p.peek()
		if e == "" || e == "(" || e == ")" {
			return nil
		}
		p.i++
		return &node{id: t + " WITH " + e}
	}
	return &node{id: t}
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
		s := p.String()
		subsumed := false
		for j, q := range parts {
			if i == j || q.String() == s {
				continue
			}
			if q.op == "OR" && p.op != "OR" {
				for _, a := range q.args {
					subsumed = subsumed || a.String() == s
				}
			}
			if q.op == "" && p.op == "" && strings.HasPrefix(q.id, s+" WITH ") {
				subsumed = true
			}
		}
		if !subsumed {
			kept = append(kept, p)
		}
	}
	return join("AND", kept...).String()
}

// Normalize returns the normalised form of an SPDX expression (see
// Expression), or "" when it does not parse.
func Normalize(expr string) string {
	return parseExpr(expr).String()
}

// validExpr returns why an expression is not made of current SPDX ids and
// LicenseRefs, or "" when it is.
func validExpr(n *node) string {
	if n.op != "" {
		for _, a := range n.args {
			if err := validExpr(a); err != "" {
				return err
			}
		}
		return ""
	}
	lic, exc, _ := strings.Cut(n.id, " WITH ")
	lic = strings.TrimSuffix(lic, "+")
	if licenseRefRE.MatchString(lic) {
		return ""
	}
	if dep, ok := spdxLicenseIDs[lic]; !ok || dep {
		return "license " + lic + " is not a current SPDX id"
	}
	if exc != "" {
		if dep, ok := spdxExceptionIDs[exc]; !ok || dep {
			return "exception " + exc + " is not a current SPDX exception id"
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
