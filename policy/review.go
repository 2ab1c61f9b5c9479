package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"go.yaml.in/yaml/v3"
)

// A Review pins what a reviewer read when granting an exception or
// writing an override (README, "Re-review on license change"): the
// sha256 of each license file of the module, and the day of the review.
// When the module's license files no longer have exactly these hashes,
// the entry stops applying until someone reviews the new text and updates
// the hashes.
type Review struct {
	// SHA256 lists the hex sha256 of the license files reviewed, sorted;
	// empty when the entry pins nothing.
	SHA256 []string
	// Date is the day of the review (reviewed:); zero if not given.
	Date time.Time
}

// Pinned reports whether the entry pins license texts.
func (r Review) Pinned() bool { return len(r.SHA256) > 0 }

// review parses the license-sha256 and reviewed keys of an exception or
// override entry. license-sha256 is one hash or a list of them.
func (p *parser) review(keys map[string]*yaml.Node) (Review, error) {
	var r Review
	if v, ok := keys["license-sha256"]; ok {
		nodes := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			nodes = v.Content
		}
		if len(nodes) == 0 {
			return r, p.errorf(v, "license-sha256 is empty; list the sha256 of each license file reviewed, or remove the key")
		}
		for _, n := range nodes {
			s, err := p.scalar(n, "license-sha256")
			if err != nil {
				return r, err
			}
			s = strings.ToLower(strings.TrimPrefix(s, "sha256:"))
			if !isSHA256(s) {
				return r, p.errorf(n, "license-sha256 %s is not a sha256 (64 hex digits); copy it from ospo-scan --format exceptions, or sha256sum LICENSE", quoteInput(s))
			}
			r.SHA256 = append(r.SHA256, s)
		}
		slices.Sort(r.SHA256)
		r.SHA256 = slices.Compact(r.SHA256)
	}
	if v, ok := keys["reviewed"]; ok {
		s, err := p.scalar(v, "reviewed")
		if err != nil {
			return r, err
		}
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return r, p.errorf(v, "reviewed is %s; want a date YYYY-MM-DD", quoteInput(s))
		}
		r.Date = t
	}
	return r, nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// LicenseSHA256 returns the sha256 of the module's license files as
// detection read them (every evidence file with a hash), sorted: what a
// Review pins.
func LicenseSHA256(m *model.Module) []string {
	var out []string
	if m.License == nil {
		return nil
	}
	for _, e := range m.License.Evidence {
		if e.SHA256 != "" {
			out = append(out, e.SHA256)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// changed returns why the module's license files no longer match the
// review, or "" when they do (or nothing is pinned): "license text changed
// since it was reviewed on DATE (sha256 a1b2c3d4… → c3d4e5f6…)".
func (r Review) changed(m *model.Module) string {
	if !r.Pinned() {
		return ""
	}
	now := LicenseSHA256(m)
	if slices.Equal(now, r.SHA256) {
		return ""
	}
	var gone, came []string
	for _, s := range r.SHA256 {
		if !slices.Contains(now, s) {
			gone = append(gone, short(s))
		}
	}
	for _, s := range now {
		if !slices.Contains(r.SHA256, s) {
			came = append(came, short(s))
		}
	}
	when := ""
	if !r.Date.IsZero() {
		when = " on " + r.Date.Format("2006-01-02")
	}
	return fmt.Sprintf("license text changed since it was reviewed%s (sha256 %s → %s)", when, list(gone), list(came))
}

func short(s string) string { return s[:min(8, len(s))] + "…" }

func list(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// notReviewed reports a policy entry that matched the module but did not
// apply because the license texts it reviewed changed: a policy finding
// (rule "review") saying what to do, and a note for the module's own
// finding.
func (ev *evaluator) notReviewed(what, module string, pos Pos, m *model.Module, why string) {
	note := fmt.Sprintf("the %s for %s at %s no longer applies: %s", what, module, pos, why)
	if prev := ev.stale[m]; prev != "" {
		note = prev + "; " + note
	}
	ev.stale[m] = note
	ev.res.Findings = append(ev.res.Findings, model.Finding{Kind: model.KindPolicy, Severity: Warn, Policy: pos.String(), Rule: "review",
		Module: m.Path, Version: m.Version,
		Message: fmt.Sprintf("%s for %s no longer applies to %s@%s: %s; review the new text, then set license-sha256 to %s and reviewed to the day (ospo-scan --format exceptions prints the entry)",
			what, module, m.Path, m.Version, why, list(LicenseSHA256(m)))})
}

// ref returns the review as the report records it: the date, and the
// hashes pinned.
func (r Review) ref() (string, []string) {
	date := ""
	if !r.Date.IsZero() {
		date = r.Date.Format("2006-01-02")
	}
	return date, slices.Clone(r.SHA256)
}
