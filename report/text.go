package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ospo-scan/ospo-scan/internal/safetext"
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
func WriteText(w io.Writer, doc *Document, opts TextOptions) error {
	ew := &errWriter{w: w}
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	if len(doc.Findings) > 0 {
		ew.printf("Findings:\n")
		for _, f := range doc.Findings {
			label := strings.ToUpper(f.Severity)
			if f.Severity == "deny" {
				label = paint("1;31", label)
			} else {
				label = paint("33", label)
			}
			ew.printf("  %s  %s\n", label, f.Message)
			if f.Evidence != "" {
				// A file name from the module: escaped.
				ew.printf("        evidence: %s\n", safetext.Escape(f.Evidence))
			}
			if len(f.Via) > 0 {
				ew.printf("        via: %s\n", strings.Join(f.Via, " -> "))
			}
			if f.Policy != "" {
				ew.printf("        policy: %s\n", f.Policy)
			}
		}
		ew.printf("\n")
	}
	if !opts.Quiet && len(doc.Modules) > 0 {
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "MODULE\tVERSION\tSCOPE\tLICENSE\tDECISION\tRULE\n")
		for _, m := range doc.Modules {
			lic := m.License
			if lic == "" {
				lic = "UNKNOWN"
			}
			if m.Source == "override" {
				lic += " (override)"
			}
			v := m.Version
			if m.Replace != nil {
				v += " => " + m.Replace.Path
				if m.Replace.Version != "" {
					v += "@" + m.Replace.Version
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", m.Path, v, m.Scope, lic, m.Decision, m.Rule)
		}
		tw.Flush()
		ew.printf("\n")
	}
	s := doc.Summary
	ew.printf("%d modules: %d allow, %d warn, %d deny, %d without a known license (policy: %s)\n", s.Modules, s.Allow, s.Warn, s.Deny, s.Unknown, doc.Policy)
	return ew.err
}

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
