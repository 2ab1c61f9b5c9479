// Package report turns the records of a scan into the documents people
// and machines read: an aligned text table, the versioned JSON report
// (schema ospo-scan/report/v1, the encoding of model.Document), SARIF
// 2.1.0, GitHub workflow commands, Markdown, a self-contained HTML page
// and a notices file (the Attribution model, with its template).
//
// Build assembles the Document once from the records; every writer reads
// it and none re-runs any part of the scan. The JSON document is a
// contract (see README.md): fields are only ever added.
package report

import (
	"sort"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// Options says where the report's locations are relative to.
type Options struct {
	// Root is the repository root (the git top level, or GITHUB_WORKSPACE):
	// locations in SARIF and annotations are relative to it, so code
	// scanning finds the file from any working directory. Empty: relative
	// to the main module's (or workspace's) directory.
	Root string
	// PolicyFile is the absolute path of the policy file, to locate policy
	// findings at it under Root.
	PolicyFile string
}

// Build assembles the report document of the graph's records, decided by
// the policy named policyName with these findings, with locations
// relative to the main module.
func Build(tool model.Tool, g *model.Graph, policyName string, findings []model.Finding) *model.Document {
	return BuildWith(tool, g, policyName, findings, Options{})
}

// BuildWith is Build with options. It sets each record's Require
// location.
func BuildWith(tool model.Tool, g *model.Graph, policyName string, findings []model.Finding, opts Options) *model.Document {
	doc := &model.Document{Schema: model.Schema, Tool: tool, Policy: policyName, Modules: []*model.Module{}, Findings: []model.Finding{}, Main: []string{}}
	for _, m := range g.Main {
		doc.Main = append(doc.Main, m.Path)
	}
	lines := requireLines(g, opts.Root)
	for _, m := range g.Modules {
		if l, ok := lines[m.Path]; ok {
			m.Require = &l
		}
		doc.Modules = append(doc.Modules, m)
		doc.Summary.Add(decision(m))
	}
	for _, f := range findings {
		if m := f.Record; m != nil && f.Kind == model.KindModule {
			d := decision(m)
			f.License, f.Category, f.Via, f.Location = d.License, d.Category, nonNil(m.Via), m.Require
			if d.Effective != "" {
				f.License = d.Effective
			}
			if f.Evidence == "" && m.License != nil && len(m.License.Evidence) > 0 {
				f.Evidence = m.License.Evidence[0].File
			}
		}
		if f.Kind == model.KindPolicy {
			f.Location = policyLocation(f.Policy, opts.PolicyFile, opts.Root)
		}
		doc.Findings = append(doc.Findings, f)
	}
	SortFindings(doc.Findings)
	return doc
}

// decision returns the module's decision, zero before evaluation.
func decision(m *model.Module) model.Decision {
	if m.Decision == nil {
		return model.Decision{}
	}
	return *m.Decision
}

// SortFindings orders findings as reports list them: module findings
// before policy ones, deny before warn, otherwise as they came (stable).
func SortFindings(fs []model.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Kind != b.Kind {
			return a.Kind == model.KindModule
		}
		if a.Severity != b.Severity {
			return a.Severity == model.Deny
		}
		return false
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
