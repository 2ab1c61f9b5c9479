package report

import (
	"io"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/safetext"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// WriteGitHub writes GitHub Actions workflow commands, one ::error (deny)
// or ::warning (warn) annotation per finding, located at the module's
// require line, then the summary line.
func WriteGitHub(w io.Writer, doc *model.Document) error {
	ew := &errWriter{w: w}
	for _, f := range doc.Findings {
		cmd := "warning"
		if f.Severity == "deny" {
			cmd = "error"
		}
		file, line := location(f)
		title := "ospo-scan: " + string(f.Severity)
		if f.Baseline != "" {
			title += " (" + f.Baseline + ")"
		}
		if f.Module != "" {
			title += " " + f.Module
		}
		msg := f.Message
		if f.Since != "" {
			msg += " (since the baseline: " + f.Since + ")"
		}
		ew.printf("::%s file=%s,line=%d,title=%s::%s\n", cmd, escapeProperty(file), line, escapeProperty(title), escapeData(msg))
	}
	s := doc.Summary
	ew.printf("ospo-scan: %d modules: %d allow, %d warn, %d deny, %d without a known license (policy: %s)\n", s.Modules, s.Allow, s.Warn, s.Deny, s.Unknown, safetext.Escape(doc.Policy))
	if b := doc.Baseline; b != nil {
		ew.printf("ospo-scan: %s\n", baselineSummary(b))
	}
	return ew.err
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return safetext.Escape(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s))
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return safetext.Escape(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s))
}

// WriteMarkdown writes a summary suitable for a pull-request comment or a
// GitHub job summary: the counts, then a table of findings. With a
// baseline, the findings new in this change come first, then the
// changed ones, and the existing ones last, folded.
func WriteMarkdown(w io.Writer, doc *model.Document) error {
	ew := &errWriter{w: w}
	s := doc.Summary
	deny, count := s.Deny > 0, len(doc.Findings)
	if b := doc.Baseline; b != nil {
		deny, count = false, 0
		for _, f := range doc.Findings {
			if f.Baseline != model.MarkExisting {
				count++
				deny = deny || f.Severity == model.Deny
			}
		}
	}
	status := "✅ compliant"
	switch {
	case deny && doc.Baseline != nil:
		status = "❌ this change brings denied licenses"
	case deny:
		status = "❌ denied licenses found"
	case count > 0 && doc.Baseline != nil:
		status = "⚠️ this change brings warnings"
	case count > 0:
		status = "⚠️ warnings"
	case doc.Baseline != nil:
		status = "✅ nothing new to review"
	}
	ew.printf("## ospo-scan: %s\n\n", status)
	ew.printf("| modules | allow | warn | deny | unknown license |\n|---:|---:|---:|---:|---:|\n| %d | %d | %d | %d | %d |\n\n", s.Modules, s.Allow, s.Warn, s.Deny, s.Unknown)
	if doc.Baseline == nil {
		writeFindingsTable(ew, doc.Findings, moduleIndex(doc))
	} else {
		writeBaselineTables(ew, doc)
	}
	ew.printf("Policy: `%s` · %s %s\n", mdEscape(doc.Policy), doc.Tool.Name, doc.Tool.Version)
	return ew.err
}

// writeBaselineTables writes the findings by baseline mark.
func writeBaselineTables(ew *errWriter, doc *model.Document) {
	b := doc.Baseline
	groups := map[string][]model.Finding{}
	for _, f := range doc.Findings {
		groups[f.Baseline] = append(groups[f.Baseline], f)
	}
	name := mdEscape(baselineName(b))
	mods := moduleIndex(doc)
	if fs := groups[model.MarkNew]; len(fs) > 0 {
		ew.printf("### New in this change (%d)\n\n", len(fs))
		writeFindingsTable(ew, fs, mods)
	}
	if fs := groups[model.MarkChanged]; len(fs) > 0 {
		ew.printf("### Changed since `%s` (%d)\n\n", name, len(fs))
		writeFindingsTable(ew, fs, mods)
	}
	if fs := groups[model.MarkExisting]; len(fs) > 0 {
		ew.printf("<details><summary>Existing findings, also in <code>%s</code> (%d)</summary>\n\n", name, len(fs))
		writeFindingsTable(ew, fs, mods)
		ew.printf("</details>\n\n")
	}
	ew.printf("Compared with `%s`: modules %d new, %d changed, %d removed", name, b.Modules.New, b.Modules.Changed, len(b.Removed))
	if len(b.Removed) > 0 {
		var rs []string
		for _, r := range b.Removed {
			rs = append(rs, "`"+mdEscape(r)+"`")
		}
		ew.printf(" (%s)", strings.Join(rs, ", "))
	}
	ew.printf(".\n\n")
}

// writeFindingsTable writes one table row per finding; a changed finding
// says what changed.
func writeFindingsTable(ew *errWriter, findings []model.Finding, mods map[moduleKey]*model.Module) {
	if len(findings) == 0 {
		return
	}
	ew.printf("| | module | license | rule | via |\n|---|---|---|---|---|\n")
	for _, f := range findings {
		icon := "⚠️"
		if f.Severity == "deny" {
			icon = "❌"
		}
		mod := f.Module
		if mod != "" && f.Version != "" {
			mod += "@" + f.Version
		}
		if mod == "" {
			mod = "policy " + f.Policy
		}
		lic := f.License
		if lic == "" && f.Kind == "module" {
			lic = "unknown"
		}
		if m := recordOf(f, mods); m != nil && f.Kind == model.KindModule {
			if extra := fileLicensesAdded(decision(m)); extra != "" {
				lic = licenseLabel(decision(m))
			}
		}
		if f.Category != "" && f.Category != "unknown" {
			lic += " (" + f.Category + ")"
		}
		rule := f.Rule
		if f.Kind == "policy" {
			rule = f.Message
		}
		if f.Since != "" {
			rule += "; since the baseline: " + f.Since
		}
		ew.printf("| %s | `%s` | %s | %s | %s |\n", icon, mdEscape(mod), mdEscape(lic), mdEscape(rule), mdEscape(strings.Join(f.Via, " → ")))
	}
	ew.printf("\n")
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(safetext.Escape(s))
}
