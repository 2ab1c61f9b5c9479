package sbom

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// Read decodes a CycloneDX SBOM that ospo-scan wrote (JSON or XML, any
// spec version it writes) back into the report it was built from, as far
// as the SBOM carries it: the main modules, and per module its path,
// version, replacement, scope, platforms, go.sum hash, license, decision
// (verdict, rule, license source, category) and license evidence (file,
// verdict, license, coverage, sha256). The findings are one per module
// decided warn or deny; an SBOM does not record the findings about policy
// entries. An SBOM another tool wrote (no ospo-scan:decision property)
// is an error: it holds no decisions to compare. Errors are one line
// saying what is wrong; the caller adds the file name.
func Read(data []byte) (*model.Document, error) {
	format := cdx.BOMFileFormatJSON
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '<' {
		format = cdx.BOMFileFormatXML
	}
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(data), format).Decode(&bom); err != nil {
		return nil, fmt.Errorf("not a CycloneDX SBOM ospo-scan can read: %v", oneLine(err.Error()))
	}
	doc := &model.Document{Schema: model.Schema, Main: []string{}, Modules: []*model.Module{}, Findings: []model.Finding{}, Policy: "(from the SBOM)"}
	if md := bom.Metadata; md != nil {
		if md.Tools != nil && md.Tools.Components != nil {
			for _, t := range *md.Tools.Components {
				if t.Name == "ospo-scan" {
					doc.Tool = model.Tool{Name: t.Name, Version: t.Version}
				}
			}
		}
		if md.Tools != nil && md.Tools.Tools != nil { // spec 1.4
			for _, t := range *md.Tools.Tools {
				if t.Name == "ospo-scan" {
					doc.Tool = model.Tool{Name: t.Name, Version: t.Version}
				}
			}
		}
		if md.Component != nil {
			doc.Main = append(doc.Main, md.Component.Name)
		}
	}
	var comps []cdx.Component
	if bom.Components != nil {
		comps = *bom.Components
	}
	seen := map[string]bool{}
	decided := 0
	for _, c := range comps {
		props := properties(c)
		if props["ospo-scan:main-module"] != nil {
			doc.Main = append(doc.Main, c.Name)
			continue
		}
		m, err := module(c, props)
		if err != nil {
			return nil, err
		}
		if m.Decision.Verdict != "" {
			decided++
		}
		if seen[m.Path] {
			return nil, fmt.Errorf("module %s is listed twice: the SBOM is damaged; write it again", clip(m.Path))
		}
		seen[m.Path] = true
		doc.Modules = append(doc.Modules, m)
	}
	if decided == 0 && (len(doc.Modules) > 0 || doc.Tool.Name != "ospo-scan") {
		return nil, errors.New("a CycloneDX SBOM without ospo-scan's decisions (no ospo-scan:decision property): write it with ospo-scan --sbom, or save a report with ospo-scan --format json -o FILE")
	}
	sort.Slice(doc.Modules, func(i, j int) bool { return doc.Modules[i].Path < doc.Modules[j].Path })
	for _, m := range doc.Modules {
		d := m.Decision
		switch d.Verdict {
		case model.Allow, model.Warn, model.Deny:
		default:
			return nil, fmt.Errorf("module %s has decision %q, want allow, warn or deny: the SBOM is damaged; write it again", clip(m.Path), clip(string(d.Verdict)))
		}
		doc.Summary.Add(*d)
		if d.Verdict != model.Allow {
			doc.Findings = append(doc.Findings, model.Finding{Kind: model.KindModule, Severity: d.Verdict, Module: m.Path, Version: m.Version,
				License: d.License, Category: d.Category, Rule: d.Rule,
				Message: fmt.Sprintf("%s@%s: %s, %s by %s", m.Path, m.Version, orUnknown(d.License), d.Verdict, d.Rule)})
		}
	}
	return doc, nil
}

// properties groups a component's properties by name.
func properties(c cdx.Component) map[string][]string {
	out := map[string][]string{}
	if c.Properties != nil {
		for _, p := range *c.Properties {
			out[p.Name] = append(out[p.Name], p.Value)
		}
	}
	return out
}

func first(props map[string][]string, name string) string {
	if v := props[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// module rebuilds the record of one library component.
func module(c cdx.Component, props map[string][]string) (*model.Module, error) {
	if c.Name == "" {
		return nil, errors.New("a component has no name: the SBOM is damaged; write it again")
	}
	m := &model.Module{Path: c.Name, Version: c.Version, Scope: model.ScopeRequired, Sum: first(props, "ospo-scan:go-sum"), Platforms: props["ospo-scan:platform"]}
	if c.Scope == cdx.ScopeOptional {
		m.Scope = model.ScopeTest
	}
	if r := first(props, "ospo-scan:replaces"); r != "" {
		// The component is the replacement; the record is the module
		// required.
		at := strings.LastIndex(r, "@")
		if at <= 0 {
			return nil, fmt.Errorf("component %s: ospo-scan:replaces %q is not path@version: the SBOM is damaged", clip(c.Name), clip(r))
		}
		m.Replace = &model.Replacement{Path: c.Name, Version: c.Version}
		m.Path, m.Version = r[:at], r[at+1:]
	} else if dir := first(props, "ospo-scan:replace-dir"); dir != "" {
		m.Replace = &model.Replacement{Path: dir}
	}
	d := &model.Decision{Verdict: model.Verdict(first(props, "ospo-scan:decision")), Rule: first(props, "ospo-scan:rule"),
		Source: first(props, "ospo-scan:license-source"), Category: first(props, "ospo-scan:category")}
	if c.Licenses != nil {
		for _, l := range *c.Licenses {
			switch {
			case l.Expression != "":
				d.License = l.Expression
			case l.License != nil && l.License.ID != "":
				d.License = l.License.ID
			case l.License != nil:
				d.License = l.License.Name
			}
		}
	}
	m.Decision = d
	m.License = &model.License{Expression: d.License, Reason: first(props, "ospo-scan:license-reason")}
	for _, v := range props["ospo-scan:license-evidence"] {
		m.License.Evidence = append(m.License.Evidence, parseEvidence(v))
	}
	return m, nil
}

// parseEvidence reads back what evidenceString wrote:
// "FILE: VERDICT [LICENSE] (coverage N%) [sha256:HEX]".
func parseEvidence(s string) model.Evidence {
	var ev model.Evidence
	if i := strings.LastIndex(s, " sha256:"); i >= 0 {
		ev.SHA256, s = s[i+len(" sha256:"):], s[:i]
	}
	if i := strings.LastIndex(s, " (coverage "); i >= 0 && strings.HasSuffix(s, "%)") {
		ev.Coverage, _ = strconv.ParseFloat(s[i+len(" (coverage "):len(s)-2], 64)
		s = s[:i]
	}
	for _, v := range []string{model.VerdictLicense, model.VerdictAmbiguous, model.VerdictUnknown} {
		if i := strings.LastIndex(s, ": "+v); i >= 0 && (len(s) == i+2+len(v) || s[i+2+len(v)] == ' ') {
			ev.File, ev.Verdict = s[:i], v
			ev.License = strings.TrimPrefix(s[i+2+len(v):], " ")
			return ev
		}
	}
	ev.File = s
	return ev
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown license"
	}
	return s
}

func oneLine(s string) string { return clip(strings.Join(strings.Fields(s), " ")) }

// clip bounds a piece of input echoed in a message; the caller's printer
// escapes control characters.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
