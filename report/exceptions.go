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
	mods := moduleIndex(doc)
	var entries []*model.Module
	why := map[*model.Module]string{}
	for _, f := range doc.Findings {
		if f.Baseline == model.MarkExisting || f.Module == "" || (f.Kind == model.KindPolicy && f.Rule != "review") {
			continue
		}
		m := mods[moduleKey{f.Main, f.Module, f.Version}]
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
		ew.printf("  # %s\n", esc(why[m]))
		ew.printf("%s", exceptionEntry(m.Path, m.Version, m))
	}
	return ew.err
}

// exceptionEntry is one exception entry, a YAML list item to paste under
// "exceptions:", for the module path at version: with the module's
// record (nil when there is none), its license and license-sha256 too.
// The reviewer's part is left as placeholders the policy parser refuses.
func exceptionEntry(path, version string, m *model.Module) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  - module: %s\n", yamlString(path))
	if version != "" {
		fmt.Fprintf(&b, "    versions: %s\n", yamlString(version))
	}
	if m != nil {
		if d := decision(m); d.License != "" {
			fmt.Fprintf(&b, "    license: %s\n", yamlString(d.License))
		}
	}
	b.WriteString("    decision: allow\n")
	b.WriteString("    reason: \"<why this use is acceptable>\"\n")
	b.WriteString("    approved-by: <reviewer>\n")
	b.WriteString("    reviewed: <YYYY-MM-DD>\n")
	b.WriteString("    expires: <YYYY-MM-DD>\n")
	if m == nil {
		return b.String()
	}
	if files := licenseFiles(m); len(files) > 0 {
		b.WriteString("    license-sha256:\n")
		for _, f := range files {
			fmt.Fprintf(&b, "      - %s  # %s\n", f.SHA256, esc(f.File))
		}
	}
	return b.String()
}

// exceptionSnippet is a policy file's exceptions list with the entry for
// a module (see exceptionEntry), without a final newline.
func exceptionSnippet(path, version string, m *model.Module) string {
	return strings.TrimSuffix("exceptions:\n"+exceptionEntry(path, version, m), "\n")
}

// moduleKey identifies a module record of a report: a finding's Main,
// Module and Version.
type moduleKey struct{ main, path, version string }

// moduleIndex maps the report's module records by moduleKey.
func moduleIndex(doc *model.Document) map[moduleKey]*model.Module {
	mods := make(map[moduleKey]*model.Module, len(doc.Modules))
	for _, m := range doc.Modules {
		mods[moduleKey{m.Main, m.Path, m.Version}] = m
	}
	return mods
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
