package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ospo-scan/ospo-scan/internal/safetext"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TextOptions configures WriteText.
type TextOptions struct {
	// Color adds ANSI colours (only on a terminal, never with NO_COLOR).
	Color bool
	// Quiet prints only the findings and the summary line.
	Quiet bool
}

// WriteText writes the report for people: findings first (deny before
// warn), then a table of every module, then a one-line summary.
func WriteText(w io.Writer, doc *model.Document, opts TextOptions) error {
	ew := &errWriter{w: w}
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	if len(doc.Findings) > 0 {
		if doc.Baseline == nil {
			ew.printf("Findings:\n")
		}
		group := ""
		for _, f := range doc.Findings {
			if doc.Baseline != nil && f.Baseline != group {
				if group != "" {
					ew.printf("\n")
				}
				group = f.Baseline
				ew.printf("%s\n", groupTitle(doc.Baseline, group))
			}
			label := strings.ToUpper(string(f.Severity))
			if f.Severity == "deny" {
				label = paint("1;31", label)
			} else {
				label = paint("33", label)
			}
			msg := esc(f.Message)
			if f.Main != "" {
				msg = "[" + esc(f.Main) + "] " + msg
			}
			ew.printf("  %s  %s\n", label, msg)
			if f.Evidence != "" {
				ew.printf("        evidence: %s\n", esc(f.Evidence))
			}
			if len(f.Via) > 0 {
				ew.printf("        via: %s\n", esc(strings.Join(f.Via, " -> ")))
			}
			if f.Policy != "" {
				ew.printf("        policy: %s\n", esc(f.Policy))
			}
			if f.Since != "" {
				ew.printf("        since the baseline: %s\n", esc(f.Since))
			}
		}
		ew.printf("\n")
	}
	if !opts.Quiet && len(doc.Modules) > 0 {
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		monorepo := doc.Modules[0].Main != ""
		if monorepo {
			fmt.Fprintf(tw, "MAIN\t")
		}
		fmt.Fprintf(tw, "MODULE\tVERSION\tSCOPE\tLICENSE\tDECISION\tRULE")
		if doc.Baseline != nil {
			fmt.Fprintf(tw, "\tBASELINE")
		}
		fmt.Fprintf(tw, "\n")
		for _, m := range doc.Modules {
			d := decision(m)
			lic := licenseLabel(d)
			if d.Source == model.SourceOverride {
				lic += " (override)"
			}
			v := m.Version
			if m.Replace != nil {
				v += " => " + m.Replace.Path
				if m.Replace.Version != "" {
					v += "@" + m.Replace.Version
				}
			}
			if monorepo {
				fmt.Fprintf(tw, "%s\t", esc(m.Main))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s", esc(m.Path), esc(v), m.Scope, esc(lic), d.Verdict, esc(d.Rule))
			if doc.Baseline != nil {
				fmt.Fprintf(tw, "\t%s", m.Baseline)
			}
			fmt.Fprintf(tw, "\n")
		}
		tw.Flush()
		ew.printf("\n")
	}
	s := doc.Summary
	ew.printf("%d modules: %d allow, %d warn, %d deny, %d without a known license (policy: %s)\n", s.Modules, s.Allow, s.Warn, s.Deny, s.Unknown, esc(doc.Policy))
	if b := doc.Baseline; b != nil {
		ew.printf("%s\n", baselineSummary(b))
	}
	return ew.err
}

// groupTitle heads the findings of one baseline mark.
func groupTitle(b *model.Baseline, mark string) string {
	switch mark {
	case model.MarkNew:
		return "New in this change (not in " + baselineName(b) + "):"
	case model.MarkChanged:
		return "Changed since " + baselineName(b) + ", to review again:"
	}
	return "Existing, also in " + baselineName(b) + ":"
}

// baselineName names the baseline: the ref or file as given, and the
// commit a ref resolved to.
func baselineName(b *model.Baseline) string {
	if b.Commit != "" && b.Commit != b.Source {
		return esc(b.Source) + " (" + esc(b.Commit[:min(12, len(b.Commit))]) + ")"
	}
	return esc(b.Source)
}

// baselineSummary is the line that counts the marks.
func baselineSummary(b *model.Baseline) string {
	s := fmt.Sprintf("against %s: findings %d new, %d changed, %d existing; modules %d new, %d changed, %d removed",
		baselineName(b), b.Findings.New, b.Findings.Changed, b.Findings.Existing, b.Modules.New, b.Modules.Changed, len(b.Removed))
	if len(b.Removed) > 0 {
		s += " (" + esc(strings.Join(b.Removed, ", ")) + ")"
	}
	return s
}

// esc makes text that came from input (paths, globs, license names, file
// names) safe to print: an ESC byte in a replace path must not reach the
// terminal. Tabs are escaped too, so they cannot break the table.
func esc(s string) string { return safetext.Escape(s) }

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}
