package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// WriteExceptions writes, as YAML to paste under "exceptions:" in the
// policy file, one exception entry per module that has a finding (with a
// baseline, only the new and changed ones): the module and version, the
// license, and license-sha256, the sha256 of each license file, so that
// the exception stops applying if the texts change (README, "Re-review on
// license change"). What only a reviewer can say (reason, approved-by,
// reviewed, expires) is left as placeholders; the policy parser refuses
// the placeholder dates until they are filled in.
func WriteExceptions(w io.Writer, doc *model.Document) error {
	ew := &errWriter{w: w}
	type key struct{ main, path, version string }
	mods := map[key]*model.Module{}
	for _, m := range doc.Modules {
		mods[key{m.Main, m.Path, m.Version}] = m
	}
	var entries []*model.Module
	why := map[*model.Module]string{}
	for _, f := range doc.Findings {
		if f.Baseline == model.MarkExisting || f.Module == "" || (f.Kind == model.KindPolicy && f.Rule != "review") {
			continue
		}
		m := mods[key{f.Main, f.Module, f.Version}]
		if m == nil || why[m] != "" {
			continue
		}
		entries = append(entries, m)
		why[m] = f.Message
	}
	if len(entries) == 0 {
		ew.printf("# ospo-scan: no finding needs an exception.\n")
		return ew.err
	}
	ew.printf("# ospo-scan: exception entries for %d module(s), to paste under \"exceptions:\"\n", len(entries))
	ew.printf("# in the policy file once each is reviewed: fill in reason, approved-by,\n")
	ew.printf("# reviewed and expires (or remove expires). license-sha256 pins the license\n")
	ew.printf("# texts reviewed: if they change, the exception stops applying until they\n")
	ew.printf("# are reviewed again.\n")
	ew.printf("exceptions:\n")
	for _, m := range entries {
		d := decision(m)
		ew.printf("  # %s\n", esc(why[m]))
		ew.printf("  - module: %s\n", yamlString(m.Path))
		if m.Version != "" {
			ew.printf("    versions: %s\n", yamlString(m.Version))
		}
		if d.License != "" {
			ew.printf("    license: %s\n", yamlString(d.License))
		}
		ew.printf("    decision: allow\n")
		ew.printf("    reason: \"<why this use is acceptable>\"\n")
		ew.printf("    approved-by: <reviewer>\n")
		ew.printf("    reviewed: <YYYY-MM-DD>\n")
		ew.printf("    expires: <YYYY-MM-DD>\n")
		files := licenseFiles(m)
		if len(files) == 0 {
			continue
		}
		ew.printf("    license-sha256:\n")
		for _, f := range files {
			ew.printf("      - %s  # %s\n", f.SHA256, esc(f.File))
		}
	}
	return ew.err
}

// licenseFiles returns the module's evidence files that have a sha256,
// by hash, one per hash.
func licenseFiles(m *model.Module) []model.Evidence {
	if m.License == nil {
		return nil
	}
	var out []model.Evidence
	for _, e := range m.License.Evidence {
		if e.SHA256 != "" {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b model.Evidence) int {
		switch {
		case a.SHA256 < b.SHA256:
			return -1
		case a.SHA256 > b.SHA256:
			return 1
		}
		return 0
	})
	return slices.CompactFunc(out, func(a, b model.Evidence) bool { return a.SHA256 == b.SHA256 })
}

// yamlString quotes s as a YAML double-quoted scalar (JSON's string
// syntax is a subset of it): control characters escaped, never a YAML
// token.
func yamlString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
