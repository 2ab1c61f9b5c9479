package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/safetext"
)

// Input names one side of the comparison in the outputs.
type Input struct {
	// Name is the report as named on the command line.
	Name        string `json:"report"`
	ToolVersion string `json:"tool-version"`
	Policy      string `json:"policy"`
}

// NewInput describes a report read from name.
func NewInput(name string, doc *model.Document) Input {
	return Input{Name: name, ToolVersion: doc.Tool.Version, Policy: doc.Policy}
}

// Document is the JSON diff (schema ospo-scan/diff/v1).
type Document struct {
	Schema  string   `json:"schema"`
	Old     Input    `json:"old"`
	New     Input    `json:"new"`
	FailOn  string   `json:"fail-on"`
	Worse   bool     `json:"worse"`
	Summary Summary  `json:"summary"`
	Changes []Change `json:"changes"`
}

// Options are what the writers print besides the result.
type Options struct {
	Old, New Input
	// FailOn is the --fail-on severity: deny, warn or never.
	FailOn string
}

// WriteJSON writes the result as the versioned diff document, indented,
// with the changes sorted by main module and module path.
func WriteJSON(w io.Writer, r *Result, opts Options) error {
	doc := Document{Schema: Schema, Old: opts.Old, New: opts.New, FailOn: opts.FailOn,
		Worse: len(r.Worse(opts.FailOn)) > 0, Summary: r.Summary, Changes: r.Changes}
	if doc.Changes == nil {
		doc.Changes = []Change{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// partition splits the changes into those that need an exception (worst
// first, then by path) and the rest, in path order.
func partition(r *Result) (needed, other []Change) {
	for _, c := range r.Changes {
		if c.ExceptionNeeded {
			needed = append(needed, c)
		} else {
			other = append(other, c)
		}
	}
	// Deny before warn; stable, so path order within each.
	var deny, warn []Change
	for _, c := range needed {
		if c.New.Decision == model.Deny {
			deny = append(deny, c)
		} else {
			warn = append(warn, c)
		}
	}
	return append(deny, warn...), other
}

func esc(s string) string { return safetext.Escape(safetext.Truncate(s, 200)) }

// name is a change's module as printed: path, and main module in a
// monorepo report.
func name(c Change) string {
	s := esc(c.Module)
	if c.Main != "" {
		s += " (in " + esc(c.Main) + ")"
	}
	return s
}

func versions(c Change) string {
	switch {
	case c.Old == nil:
		return esc(c.New.Version)
	case c.New == nil:
		return esc(c.Old.Version)
	case c.Old.Version == c.New.Version:
		return esc(c.New.Version)
	}
	return esc(c.Old.Version) + " → " + esc(c.New.Version)
}

func license(s string) string {
	if s == "" {
		return "unknown license"
	}
	return esc(s)
}

func short(sum string) string {
	if sum == "" {
		return "(none)"
	}
	return esc(safetext.Truncate(sum, 8))
}

// by names the rule that decided, when the report has one.
func by(rule string) string {
	if rule == "" {
		return ""
	}
	return " by " + esc(rule)
}

// describe says what changed, in words.
func describe(c Change) string {
	var parts []string
	for _, k := range c.Kinds {
		switch k {
		case Added:
			parts = append(parts, fmt.Sprintf("added: %s, %s%s", license(c.New.License), c.New.Decision, by(c.New.Rule)))
		case Removed:
			parts = append(parts, fmt.Sprintf("removed (was %s, %s)", license(c.Old.License), c.Old.Decision))
		case Upgraded, Downgraded:
			parts = append(parts, string(k))
		case VersionChanged:
			parts = append(parts, "version changed")
		case LicenseChanged:
			parts = append(parts, fmt.Sprintf("license changed: %s → %s", license(c.Old.License), license(c.New.License)))
		case LicenseTextChanged:
			var fs []string
			for _, f := range c.Files {
				fs = append(fs, fmt.Sprintf("%s sha256 %s → %s", esc(f.File), short(f.Old), short(f.New)))
			}
			parts = append(parts, fmt.Sprintf("license text changed (%s)", strings.Join(fs, ", ")))
		case DecisionChanged:
			parts = append(parts, fmt.Sprintf("decision %s → %s%s", c.Old.Decision, c.New.Decision, by(c.New.Rule)))
		}
	}
	return strings.Join(parts, "; ")
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// WriteText writes the result for a terminal: the changes that need an
// exception first (deny, then warn), then the others.
func WriteText(w io.Writer, r *Result, opts Options) error {
	ew := &errWriter{w: w}
	needed, other := partition(r)
	ew.printf("ospo-scan diff %s → %s: %s\n", esc(opts.Old.Name), esc(opts.New.Name), headline(r, needed, other))
	if len(needed) > 0 {
		ew.printf("\nWorse under the policy, new exceptions needed (%d):\n", len(needed))
		for _, c := range needed {
			ew.printf("  %-4s %s %s: %s\n", c.New.Decision, name(c), versions(c), describe(c))
		}
	}
	if len(other) > 0 {
		ew.printf("\nOther changes (%d):\n", len(other))
		for _, c := range other {
			ew.printf("  %s %s: %s\n", name(c), versions(c), describe(c))
		}
	}
	return ew.err
}

func headline(r *Result, needed, other []Change) string {
	if len(r.Changes) == 0 {
		return "no module changed"
	}
	s := fmt.Sprintf("%d changed", len(r.Changes))
	if len(needed) > 0 {
		s += fmt.Sprintf(", %d worse under the policy", len(needed))
	}
	if n := r.Summary.LicenseChanged + r.Summary.LicenseTextChanged; n > 0 {
		s += fmt.Sprintf(", %d with a changed license to review", n)
	}
	return s
}

// mdEscape makes a value safe in a Markdown table cell and code span.
func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "`", "'", "\n", " ").Replace(esc(s))
}

// WriteMarkdown writes the result for a pull-request comment: a headline,
// then one table row per changed module, those that need an exception
// first.
func WriteMarkdown(w io.Writer, r *Result, opts Options) error {
	ew := &errWriter{w: w}
	needed, other := partition(r)
	status := "✅ nothing got worse under the policy"
	switch {
	case len(r.Worse(opts.FailOn)) > 0:
		status = fmt.Sprintf("❌ %d module(s) need a new exception", len(needed))
	case len(needed) > 0:
		status = fmt.Sprintf("⚠️ %d module(s) need a new exception (below --fail-on %s)", len(needed), opts.FailOn)
	}
	ew.printf("## ospo-scan diff: %s\n\n", status)
	if len(r.Changes) == 0 {
		ew.printf("No module changed.\n\n")
	} else {
		s := r.Summary
		ew.printf("| added | removed | upgraded | downgraded | license changed | license text changed | decision changed | exceptions needed |\n")
		ew.printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		ew.printf("| %d | %d | %d | %d | %d | %d | %d | %d |\n\n", s.Added, s.Removed, s.Upgraded, s.Downgraded, s.LicenseChanged, s.LicenseTextChanged, s.DecisionChanged, s.ExceptionsNeeded)
		ew.printf("| | module | version | license | decision | change |\n|---|---|---|---|---|---|\n")
		for _, c := range append(needed, other...) {
			icon := ""
			if c.ExceptionNeeded {
				icon = "⚠️"
				if c.New.Decision == model.Deny {
					icon = "❌"
				}
			}
			st := c.New
			if st == nil {
				st = c.Old
			}
			mod := mdEscape(c.Module)
			if c.Main != "" {
				mod += "` in `" + mdEscape(c.Main)
			}
			decision := string(st.Decision)
			if c.Old != nil && c.New != nil && c.Old.Decision != c.New.Decision {
				decision = string(c.Old.Decision) + " → " + string(c.New.Decision)
			}
			lic := license(st.License)
			if c.Old != nil && c.New != nil && c.Old.License != c.New.License {
				lic = license(c.Old.License) + " → " + license(c.New.License)
			}
			ew.printf("| %s | `%s` | %s | %s | %s | %s |\n", icon, mod, mdEscape(versions(c)), mdEscape(lic), decision, mdEscape(describeKinds(c)))
		}
		ew.printf("\n")
	}
	ew.printf("Compared `%s` (policy `%s`) with `%s` (policy `%s`).\n", mdEscape(opts.Old.Name), mdEscape(opts.Old.Policy), mdEscape(opts.New.Name), mdEscape(opts.New.Policy))
	return ew.err
}

// describeKinds is the change column of the Markdown table.
func describeKinds(c Change) string {
	var parts []string
	for _, k := range c.Kinds {
		switch k {
		case LicenseTextChanged:
			var fs []string
			for _, f := range c.Files {
				fs = append(fs, fmt.Sprintf("%s %s → %s", f.File, short(f.Old), short(f.New)))
			}
			parts = append(parts, "license text changed ("+strings.Join(fs, ", ")+")")
		default:
			parts = append(parts, strings.ReplaceAll(string(k), "-", " "))
		}
	}
	return strings.Join(parts, ", ")
}
