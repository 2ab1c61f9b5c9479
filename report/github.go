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
		if f.Module != "" {
			title += " " + f.Module
		}
		ew.printf("::%s file=%s,line=%d,title=%s::%s\n", cmd, escapeProperty(file), line, escapeProperty(title), escapeData(f.Message))
	}
	s := doc.Summary
	ew.printf("ospo-scan: %d modules: %d allow, %d warn, %d deny, %d without a known license (policy: %s)\n", s.Modules, s.Allow, s.Warn, s.Deny, s.Unknown, safetext.Escape(doc.Policy))
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
// GitHub job summary: the counts, then a table of findings.
func WriteMarkdown(w io.Writer, doc *model.Document) error {
	ew := &errWriter{w: w}
	s := doc.Summary
	status := "✅ compliant"
	if s.Deny > 0 {
		status = "❌ denied licenses found"
	} else if len(doc.Findings) > 0 {
		status = "⚠️ warnings"
	}
	ew.printf("## ospo-scan: %s\n\n", status)
	ew.printf("| modules | allow | warn | deny | unknown license |\n|---:|---:|---:|---:|---:|\n| %d | %d | %d | %d | %d |\n\n", s.Modules, s.Allow, s.Warn, s.Deny, s.Unknown)
	if len(doc.Findings) > 0 {
		ew.printf("| | module | license | rule | via |\n|---|---|---|---|---|\n")
		for _, f := range doc.Findings {
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
			if f.Category != "" && f.Category != "unknown" {
				lic += " (" + f.Category + ")"
			}
			rule := f.Rule
			if f.Kind == "policy" {
				rule = f.Message
			}
			ew.printf("| %s | `%s` | %s | %s | %s |\n", icon, mdEscape(mod), mdEscape(lic), mdEscape(rule), mdEscape(strings.Join(f.Via, " → ")))
		}
		ew.printf("\n")
	}
	ew.printf("Policy: `%s` · %s %s\n", mdEscape(doc.Policy), doc.Tool.Name, doc.Tool.Version)
	return ew.err
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(safetext.Escape(s))
}
