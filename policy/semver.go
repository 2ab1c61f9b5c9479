package policy

import (
	"fmt"
	"strings"

	"golang.org/x/mod/semver"
)

// Range is a set of module versions: constraints that must all hold, such
// as "<2.0.0" or ">=1.2.0, <1.5.0", or alternatives joined by "||".
type Range struct {
	text string
	alts [][]constraint
}

type constraint struct {
	op      string // = != < <= > >=
	version string // canonical semver with v prefix
}

// String returns the range as written.
func (r *Range) String() string { return r.text }

// ParseRange parses a semver range. Versions may omit the leading v.
func ParseRange(s string) (*Range, error) {
	r := &Range{text: s}
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("empty version range")
	}
	for _, alt := range strings.Split(s, "||") {
		var cs []constraint
		fields := strings.Fields(strings.ReplaceAll(alt, ",", " "))
		for i := 0; i < len(fields); i++ {
			f := fields[i]
			op := ""
			for _, o := range []string{">=", "<=", "!=", "==", ">", "<", "="} {
				if strings.HasPrefix(f, o) {
					op = o
					break
				}
			}
			v := strings.TrimPrefix(f, op)
			if v == "" && op != "" && i+1 < len(fields) {
				i++
				v = fields[i]
			}
			if op == "" || op == "==" {
				op = "="
			}
			if !strings.HasPrefix(v, "v") {
				v = "v" + v
			}
			if !semver.IsValid(v) {
				return nil, fmt.Errorf("invalid version %s in range %s; want semver such as v1.2.3", quoteInput(strings.TrimPrefix(f, op)), quoteInput(s))
			}
			cs = append(cs, constraint{op, v})
		}
		if len(cs) == 0 {
			return nil, fmt.Errorf("empty alternative in version range %s", quoteInput(s))
		}
		r.alts = append(r.alts, cs)
	}
	return r, nil
}

// Contains reports whether version is in the range. A nil range holds every
// version; a version that is not semver (a local replacement) is in no range.
func (r *Range) Contains(version string) bool {
	if r == nil {
		return true
	}
	if !semver.IsValid(version) {
		return false
	}
	for _, alt := range r.alts {
		ok := true
		for _, c := range alt {
			cmp := semver.Compare(version, c.version)
			switch c.op {
			case "=":
				ok = ok && cmp == 0
			case "!=":
				ok = ok && cmp != 0
			case "<":
				ok = ok && cmp < 0
			case "<=":
				ok = ok && cmp <= 0
			case ">":
				ok = ok && cmp > 0
			case ">=":
				ok = ok && cmp >= 0
			}
		}
		if ok {
			return true
		}
	}
	return false
}
