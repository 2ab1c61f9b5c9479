package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ospo-scan/ospo-scan/internal/editdist"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// MaxFileSize is the largest policy file Parse accepts.
const MaxFileSize = 1 << 20

// maxDepth bounds the nesting of a policy file; the format needs four.
const maxDepth = 8

// Error is a problem in a policy file, at a position.
type Error struct {
	Pos Pos
	Msg string
}

// Error returns the error as one line; control characters from the file
// name or message are escaped.
func (e *Error) Error() string {
	var s string
	switch {
	case e.Pos.Line == 0:
		s = fmt.Sprintf("%s: %s", e.Pos.File, e.Msg)
	case e.Pos.Col == 0:
		s = fmt.Sprintf("%s:%d: %s", e.Pos.File, e.Pos.Line, e.Msg)
	default:
		s = fmt.Sprintf("%s:%d:%d: %s", e.Pos.File, e.Pos.Line, e.Pos.Col, e.Msg)
	}
	return escapeControl(s)
}

type parser struct {
	name string
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) error {
	pos := Pos{File: p.name}
	if n != nil {
		pos.Line, pos.Col = n.Line, n.Column
	}
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{File: p.name, Line: n.Line, Col: n.Column} }

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse parses data; keys it lacks come from base (nil for the default
// policy itself, which must give every key).
func parse(name string, data []byte, base *Policy) (*Policy, error) {
	p := &parser{name: name}
	if len(data) > MaxFileSize {
		return nil, &Error{Pos: Pos{File: name}, Msg: fmt.Sprintf("policy file is %d bytes, more than the %d a policy may have", len(data), MaxFileSize)}
	}
	if strings.TrimSpace(stripComments(string(data))) == "" {
		return nil, &Error{Pos: Pos{File: name}, Msg: "policy file is empty; start from `ospo-scan --init-policy`"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, next yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, yamlError(name, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &Error{Pos: Pos{File: name}, Msg: "policy file must hold one YAML document"}
	}
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &Error{Pos: Pos{File: name, Line: next.Line}, Msg: "a second YAML document starts here; a policy file holds one document: merge the two or remove the \"---\""}
	case !errors.Is(err, io.EOF):
		return nil, yamlError(name, err)
	}
	root := doc.Content[0]
	if err := p.checkTree(root, 0); err != nil {
		return nil, err
	}
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root, "policy must be a mapping with keys version, allow, deny, categories, exceptions, overrides, ignore, test")
	}
	out := &Policy{Name: name}
	if base != nil {
		out.Allow, out.Deny, out.Ignore = base.Allow, base.Deny, base.Ignore
		out.Categories = copyCategories(base.Categories)
		out.Exceptions, out.Overrides = base.Exceptions, base.Overrides
		if base.Test != nil {
			t := *base.Test
			t.Categories = copyCategories(base.Test.Categories)
			out.Test = &t
		}
	}
	keys, err := p.mapping(root, []string{"version", "allow", "deny", "categories", "exceptions", "overrides", "ignore", "test"})
	if err != nil {
		return nil, err
	}
	v, ok := keys["version"]
	if !ok {
		return nil, p.errorf(root, "missing key \"version\"; the current format is version: 1")
	}
	if v.Kind != yaml.ScalarNode || v.Value != "1" {
		return nil, p.errorf(v, "unsupported policy version %s; this ospo-scan reads version: 1", quoteInput(v.Value))
	}
	if n, ok := keys["allow"]; ok {
		if out.Allow, err = p.licenseList(n, "allow"); err != nil {
			return nil, err
		}
	}
	if n, ok := keys["deny"]; ok {
		if out.Deny, err = p.licenseList(n, "deny"); err != nil {
			return nil, err
		}
	}
	if n, ok := keys["categories"]; ok {
		if out.Categories == nil {
			out.Categories = map[string]Verdict{}
		}
		if err := p.categories(n, out.Categories); err != nil {
			return nil, err
		}
	}
	if n, ok := keys["ignore"]; ok {
		if out.Ignore, err = p.globList(n, "ignore"); err != nil {
			return nil, err
		}
	}
	if n, ok := keys["exceptions"]; ok {
		if out.Exceptions, err = p.exceptions(n); err != nil {
			return nil, err
		}
	}
	if n, ok := keys["overrides"]; ok {
		if out.Overrides, err = p.overrides(n); err != nil {
			return nil, err
		}
	}
	if n, ok := keys["test"]; ok {
		if out.Test == nil {
			out.Test = &Layer{Categories: map[string]Verdict{}}
		}
		if err := p.testLayer(n, out.Test); err != nil {
			return nil, err
		}
	}
	if base == nil {
		for _, c := range allCategories {
			if _, ok := out.Categories[c]; !ok {
				return nil, &Error{Pos: Pos{File: name}, Msg: "default policy lacks category " + c}
			}
		}
	}
	if err := p.checkBoth(out.Allow, out.Deny); err != nil {
		return nil, err
	}
	if out.Test != nil {
		if err := p.checkBoth(out.Test.Allow, out.Test.Deny); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// yamlError turns an error of the YAML decoder into an *Error with its line.
func yamlError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if len(msg) > 2*maxEcho {
		msg = msg[:2*maxEcho] + "…"
	}
	return &Error{Pos: Pos{File: name, Line: line}, Msg: "not valid YAML: " + msg}
}

// allCategories are the keys of categories:.
var allCategories = []string{
	"permissive", "public-domain", "weak-copyleft", "strong-copyleft", "network-copyleft",
	"non-commercial", "source-available", "proprietary", "other", "unknown",
}

func copyCategories(m map[string]Verdict) map[string]Verdict {
	out := make(map[string]Verdict, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") && t != "---" {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// checkTree rejects aliases (YAML bombs) and nesting deeper than the format.
func (p *parser) checkTree(n *yaml.Node, depth int) error {
	if depth > maxDepth {
		return p.errorf(n, "nested more than %d levels deep; the policy format needs no more than four", maxDepth)
	}
	if n.Kind == yaml.AliasNode {
		return p.errorf(n, "YAML aliases (*%s) are not allowed in a policy file; write the value out", truncate(n.Value))
	}
	if n.Kind == yaml.ScalarNode {
		// Text (a reason) may span lines; nothing may hold a control
		// character, which would reach terminals through reports.
		if r, ok := controlIn(n.Value, true); ok {
			return p.errorf(n, "value %s holds the control character %s; remove it", quoteInput(n.Value), strconv.QuoteRune(r))
		}
	}
	for _, c := range n.Content {
		if err := p.checkTree(c, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// mapping checks that n is a mapping with only the allowed keys, each once.
func (p *parser) mapping(n *yaml.Node, allowed []string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "expected a mapping with keys %s", strings.Join(allowed, ", "))
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, p.errorf(k, "keys must be plain words")
		}
		known := false
		for _, a := range allowed {
			if a == k.Value {
				known = true
			}
		}
		if !known {
			msg := fmt.Sprintf("unknown key %s; valid keys here: %s", quoteInput(k.Value), strings.Join(allowed, ", "))
			if s := closest(k.Value, allowed); s != "" {
				msg = fmt.Sprintf("unknown key %s; did you mean %q?", quoteInput(k.Value), s)
			}
			return nil, p.errorf(k, "%s", msg)
		}
		if _, dup := out[k.Value]; dup {
			return nil, p.errorf(k, "key %s given twice", quoteInput(k.Value))
		}
		out[k.Value] = v
	}
	return out, nil
}

func (p *parser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errorf(n, "%s must be a single value, not a list or mapping", what)
	}
	return n.Value, nil
}

func (p *parser) seq(n *yaml.Node, what string) ([]*yaml.Node, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n, "%s must be a list", what)
	}
	return n.Content, nil
}

func (p *parser) licenseList(n *yaml.Node, what string) ([]Entry, error) {
	return p.entries(n, what, func(it *yaml.Node, s string) (string, error) { return p.licenseID(it, s) })
}

// entries reads a list of scalars, each checked and canonicalised by
// check, none twice.
func (p *parser) entries(n *yaml.Node, what string, check func(*yaml.Node, string) (string, error)) ([]Entry, error) {
	items, err := p.seq(n, what)
	if err != nil {
		return nil, err
	}
	var out []Entry
	seen := map[string]bool{}
	for _, it := range items {
		s, err := p.scalar(it, what+" entry")
		if err != nil {
			return nil, err
		}
		v, err := check(it, s)
		if err != nil {
			return nil, err
		}
		if seen[v] {
			return nil, p.errorf(it, "%s lists %s twice", what, truncate(v))
		}
		seen[v] = true
		out = append(out, Entry{Value: v, Pos: p.pos(it)})
	}
	return out, nil
}

// licenseID validates one license id, optionally "WITH exception", and
// returns its canonical spelling.
func (p *parser) licenseID(n *yaml.Node, s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	base, exc, hasExc := strings.Cut(s, " WITH ")
	if !hasExc {
		base, exc, hasExc = strings.Cut(s, " with ")
	}
	id, err := checkLicense(base)
	if err != nil {
		return "", p.errorf(n, "%v", err)
	}
	if hasExc {
		e, err := checkException(exc)
		if err != nil {
			return "", p.errorf(n, "%v", err)
		}
		return id + " WITH " + e, nil
	}
	return id, nil
}

// checkLicense validates a single SPDX license id.
func checkLicense(id string) (string, error) {
	id = strings.TrimSpace(id)
	if spdxexpr.IsLicenseRef(id) {
		return id, nil
	}
	if strings.ContainsAny(id, " ()") {
		return "", fmt.Errorf("%s is not a single SPDX license id (lists take one id each; use an override for an expression)", quoteInput(id))
	}
	if strings.HasSuffix(id, "+") {
		if c, ok := spdxexpr.Canonical(strings.TrimSuffix(id, "+") + "-or-later"); ok {
			return "", fmt.Errorf("%s uses the old + form; did you mean %s?", quoteInput(id), c)
		}
	}
	canon, ok := spdxexpr.Canonical(id)
	if !ok {
		if _, isExc := spdxexpr.CanonicalException(id); isExc {
			return "", fmt.Errorf("%s is an SPDX exception, not a license; write it as \"<license> WITH %s\"", quoteInput(id), truncate(id))
		}
		if s := suggest(id); s != "" {
			return "", fmt.Errorf("unknown SPDX license id %s; did you mean %s?", quoteInput(id), s)
		}
		return "", fmt.Errorf("unknown SPDX license id %s (see https://spdx.org/licenses/; use LicenseRef-<name> for others)", quoteInput(id))
	}
	if spdxexpr.Deprecated(canon) {
		if spdxexpr.HasCurrentForm(canon) {
			return "", fmt.Errorf("deprecated SPDX license id %s; write it as %s", quoteInput(id), spdxexpr.CurrentForm(canon, false).ID())
		}
		if s := suggest(canon); s != "" {
			return "", fmt.Errorf("deprecated SPDX license id %s; did you mean %s?", quoteInput(id), s)
		}
		return "", fmt.Errorf("deprecated SPDX license id %s", quoteInput(id))
	}
	return canon, nil
}

func checkException(id string) (string, error) {
	id = strings.TrimSpace(id)
	c, ok := spdxexpr.CanonicalException(id)
	if !ok {
		return "", fmt.Errorf("unknown SPDX exception id %s", quoteInput(id))
	}
	if spdxexpr.ExceptionDeprecated(c) {
		return "", fmt.Errorf("deprecated SPDX exception id %s", quoteInput(id))
	}
	return c, nil
}

// checkExpression validates a whole SPDX expression and returns it with
// canonical ids.
func checkExpression(expr string) (string, error) {
	if strings.TrimSpace(expr) == "" {
		return "", errors.New("empty license expression")
	}
	leaves, err := spdxexpr.Extract(expr)
	if err != nil {
		if strings.Contains(expr, "LicenseRef-") {
			// go-spdx cannot always split LicenseRef; check the ids alone.
			return expr, checkTokens(expr)
		}
		return "", fmt.Errorf("invalid SPDX expression %s: %s", quoteInput(expr), truncate(err.Error()))
	}
	for _, l := range leaves {
		base, exc, hasExc := strings.Cut(l, " WITH ")
		if _, err := checkLicense(base); err != nil {
			return "", err
		}
		if hasExc {
			if _, err := checkException(exc); err != nil {
				return "", err
			}
		}
	}
	return strings.Join(strings.Fields(expr), " "), checkTokens(expr)
}

func checkTokens(expr string) error {
	f := strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(expr))
	for i, t := range f {
		switch strings.ToUpper(t) {
		case "AND", "OR", "WITH":
			continue
		}
		if i > 0 && strings.ToUpper(f[i-1]) == "WITH" {
			if _, err := checkException(t); err != nil {
				return err
			}
			continue
		}
		if _, err := checkLicense(t); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) categories(n *yaml.Node, into map[string]Verdict) error {
	keys, err := p.mapping(n, allCategories)
	if err != nil {
		return err
	}
	for k, v := range keys {
		s, err := p.scalar(v, "categories."+k)
		if err != nil {
			return err
		}
		verdict, ok := ParseVerdict(s)
		if !ok {
			return p.errorf(v, "categories.%s is %s; want allow, warn or deny", k, quoteInput(s))
		}
		into[k] = verdict
	}
	return nil
}

func (p *parser) globList(n *yaml.Node, what string) ([]Entry, error) {
	return p.entries(n, what, func(it *yaml.Node, s string) (string, error) {
		if err := checkGlob(s); err != nil {
			return "", p.errorf(it, "%v", err)
		}
		return s, nil
	})
}

func checkGlob(g string) error {
	if g == "" || strings.ContainsAny(g, " \t") {
		return fmt.Errorf("invalid module glob %s", quoteInput(g))
	}
	if _, err := path.Match(g, ""); err != nil {
		return fmt.Errorf("invalid module glob %s: %v", quoteInput(g), err)
	}
	return nil
}

// MatchGlob reports whether a module path matches a policy glob: path.Match
// syntax, where * stays within one path element, except that a trailing
// "/*" matches every module below the prefix.
func MatchGlob(glob, modPath string) bool {
	if ok, _ := path.Match(glob, modPath); ok {
		return true
	}
	if prefix, ok := strings.CutSuffix(glob, "/*"); ok {
		for p := modPath; ; {
			i := strings.LastIndex(p, "/")
			if i < 0 {
				return false
			}
			p = p[:i]
			if ok, _ := path.Match(prefix, p); ok {
				return true
			}
		}
	}
	return false
}

func (p *parser) exceptions(n *yaml.Node) ([]Exception, error) {
	items, err := p.seq(n, "exceptions")
	if err != nil {
		return nil, err
	}
	var out []Exception
	for _, it := range items {
		keys, err := p.mapping(it, []string{"module", "versions", "license", "decision", "reason", "approved-by", "expires", "license-sha256", "reviewed"})
		if err != nil {
			return nil, err
		}
		e := Exception{Pos: p.pos(it)}
		if e.Module, err = p.requiredGlob(it, keys, "exception"); err != nil {
			return nil, err
		}
		if e.Versions, err = p.versions(keys); err != nil {
			return nil, err
		}
		if v, ok := keys["license"]; ok {
			s, err := p.scalar(v, "license")
			if err != nil {
				return nil, err
			}
			if e.License, err = checkExpression(s); err != nil {
				return nil, p.errorf(v, "%v", err)
			}
		}
		v, ok := keys["decision"]
		if !ok {
			return nil, p.errorf(it, "exception for %s has no decision (allow, warn or deny)", truncate(e.Module))
		}
		s, err := p.scalar(v, "decision")
		if err != nil {
			return nil, err
		}
		if e.Decision, ok = ParseVerdict(s); !ok {
			return nil, p.errorf(v, "decision is %s; want allow, warn or deny", quoteInput(s))
		}
		if e.Reason, err = p.requiredText(it, keys, "reason", "exception for "+truncate(e.Module)); err != nil {
			return nil, err
		}
		if v, ok := keys["approved-by"]; ok {
			if e.ApprovedBy, err = p.scalar(v, "approved-by"); err != nil {
				return nil, err
			}
			if err := p.notPlaceholder(v, "approved-by", e.ApprovedBy); err != nil {
				return nil, err
			}
		}
		if v, ok := keys["expires"]; ok {
			s, err := p.scalar(v, "expires")
			if err != nil {
				return nil, err
			}
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				return nil, p.errorf(v, "expires is %s; want a date YYYY-MM-DD", quoteInput(s))
			}
			e.Expires = t
		}
		if e.Review, err = p.review(keys); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (p *parser) overrides(n *yaml.Node) ([]Override, error) {
	items, err := p.seq(n, "overrides")
	if err != nil {
		return nil, err
	}
	var out []Override
	for _, it := range items {
		keys, err := p.mapping(it, []string{"module", "versions", "license", "reason", "license-sha256", "reviewed"})
		if err != nil {
			return nil, err
		}
		o := Override{Pos: p.pos(it)}
		if o.Module, err = p.requiredGlob(it, keys, "override"); err != nil {
			return nil, err
		}
		if o.Versions, err = p.versions(keys); err != nil {
			return nil, err
		}
		v, ok := keys["license"]
		if !ok {
			return nil, p.errorf(it, "override for %s has no license", truncate(o.Module))
		}
		s, err := p.scalar(v, "license")
		if err != nil {
			return nil, err
		}
		if o.License, err = checkExpression(s); err != nil {
			return nil, p.errorf(v, "%v", err)
		}
		if o.Reason, err = p.requiredText(it, keys, "reason", "override for "+truncate(o.Module)); err != nil {
			return nil, err
		}
		if o.Review, err = p.review(keys); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func (p *parser) requiredGlob(it *yaml.Node, keys map[string]*yaml.Node, what string) (string, error) {
	v, ok := keys["module"]
	if !ok {
		return "", p.errorf(it, "%s has no module", what)
	}
	s, err := p.scalar(v, "module")
	if err != nil {
		return "", err
	}
	if err := checkGlob(s); err != nil {
		return "", p.errorf(v, "%v", err)
	}
	return s, nil
}

func (p *parser) requiredText(it *yaml.Node, keys map[string]*yaml.Node, key, what string) (string, error) {
	v, ok := keys[key]
	if !ok {
		return "", p.errorf(it, "%s has no %s; say why it was granted", what, key)
	}
	s, err := p.scalar(v, key)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", p.errorf(v, "%s must not be empty", key)
	}
	if err := p.notPlaceholder(v, key, s); err != nil {
		return "", err
	}
	return s, nil
}

// notPlaceholder refuses a value left as the placeholder of a pasted
// entry (ospo-scan --format exceptions writes "<reviewer>" and the like):
// an exception nobody filled in must not pass for a reviewed one.
func (p *parser) notPlaceholder(v *yaml.Node, key, s string) error {
	t := strings.TrimSpace(s)
	if len(t) > 2 && strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">") {
		return p.errorf(v, "%s is still the placeholder %s; fill it in", key, quoteInput(t))
	}
	return nil
}

func (p *parser) versions(keys map[string]*yaml.Node) (*Range, error) {
	v, ok := keys["versions"]
	if !ok {
		return nil, nil
	}
	s, err := p.scalar(v, "versions")
	if err != nil {
		return nil, err
	}
	r, err := ParseRange(s)
	if err != nil {
		return nil, p.errorf(v, "%v", err)
	}
	return r, nil
}

func (p *parser) testLayer(n *yaml.Node, l *Layer) error {
	keys, err := p.mapping(n, []string{"allow", "deny", "categories"})
	if err != nil {
		return err
	}
	if v, ok := keys["allow"]; ok {
		if l.Allow, err = p.licenseList(v, "test.allow"); err != nil {
			return err
		}
		l.allowSet = true
	}
	if v, ok := keys["deny"]; ok {
		if l.Deny, err = p.licenseList(v, "test.deny"); err != nil {
			return err
		}
		l.denySet = true
	}
	if v, ok := keys["categories"]; ok {
		if l.Categories == nil {
			l.Categories = map[string]Verdict{}
		}
		if err := p.categories(v, l.Categories); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) checkBoth(allow, deny []Entry) error {
	in := map[string]bool{}
	for _, a := range allow {
		in[a.Value] = true
	}
	for _, d := range deny {
		if in[d.Value] {
			return &Error{Pos: d.Pos, Msg: fmt.Sprintf("%s is in both allow and deny; keep it in one", truncate(d.Value))}
		}
	}
	return nil
}

// suggest returns the closest valid ids to a mistyped or deprecated one,
// as "A or B".
func suggest(id string) string {
	if len(id) > maxIDLen {
		return ""
	}
	lower := strings.ToLower(id)
	var cands []string
	for _, canon := range spdxexpr.CurrentIDs() {
		if l := strings.ToLower(canon); l == lower+"-only" || l == lower+"-or-later" {
			cands = append(cands, canon)
		}
	}
	if c, ok := commonFamilies[lower]; ok {
		return c
	}
	if len(cands) == 0 {
		// A family name without its version: "Apache" -> Apache-1.0, ...
		for _, canon := range spdxexpr.CurrentIDs() {
			if l := strings.ToLower(canon); strings.HasPrefix(l, lower+"-") && !strings.Contains(l[len(lower)+1:], "-") {
				cands = append(cands, canon)
			}
		}
		if len(cands) > 4 {
			cands = nil
		}
	}
	if len(cands) > 0 {
		sort.Strings(cands)
		sort.SliceStable(cands, func(i, j int) bool { return len(cands[i]) < len(cands[j]) })
		if len(cands) > 2 {
			return strings.Join(cands[:len(cands)-1], ", ") + " or " + cands[len(cands)-1]
		}
		return strings.Join(cands, " or ")
	}
	var ids []string
	for _, canon := range spdxexpr.CurrentIDs() {
		ids = append(ids, strings.ToLower(canon))
	}
	sort.Strings(ids)
	if c := closest(lower, ids); c != "" {
		c, _ = spdxexpr.Canonical(c)
		return c
	}
	return ""
}

// maxIDLen bounds the tokens suggest and closest compare: SPDX ids and
// policy keys are under 40 characters.
const maxIDLen = 64

// commonFamilies answers the license names people write without a version.
var commonFamilies = map[string]string{
	"bsd":  "BSD-2-Clause or BSD-3-Clause",
	"gpl":  "GPL-2.0-only, GPL-2.0-or-later, GPL-3.0-only or GPL-3.0-or-later",
	"lgpl": "LGPL-2.1-only, LGPL-2.1-or-later, LGPL-3.0-only or LGPL-3.0-or-later",
	"agpl": "AGPL-3.0-only or AGPL-3.0-or-later",
	"mpl":  "MPL-2.0",
	"cc0":  "CC0-1.0",
	"epl":  "EPL-1.0 or EPL-2.0",
}

// closest returns the candidate nearest to s in edit distance, if near.
func closest(s string, cands []string) string {
	if len(s) > maxIDLen {
		// Nothing near: every candidate is shorter by more than the
		// distance allowed. Bounds the work on hostile input.
		return ""
	}
	best, bestD := "", len(s)/4+2
	for _, c := range cands {
		if d := editdist.Distance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
