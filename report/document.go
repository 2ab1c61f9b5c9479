// Package report turns the result of a scan into the documents people and
// machines read: an aligned text table, the versioned JSON report
// (schema ospo-scan/report/v1), SARIF 2.1.0, GitHub workflow commands and
// Markdown.
//
// Build assembles the Document once; every writer reads it and none re-runs
// any part of the scan. The JSON document is a contract (see README.md):
// fields are only ever added.
package report

import (
	"sort"

	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// Schema is the identifier of the JSON report format.
const Schema = "ospo-scan/report/v1"

// Document is the JSON report.
type Document struct {
	Schema   string    `json:"schema"`
	Tool     Tool      `json:"tool"`
	Main     []string  `json:"main"`
	Policy   string    `json:"policy"`
	Summary  Summary   `json:"summary"`
	Modules  []Module  `json:"modules"`
	Findings []Finding `json:"findings"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Summary counts modules by decision.
type Summary struct {
	Modules int `json:"modules"`
	Allow   int `json:"allow"`
	Warn    int `json:"warn"`
	Deny    int `json:"deny"`
	Unknown int `json:"unknown"` // modules with no license found
}

// Module is one third-party module and what was decided about it.
type Module struct {
	// Main is the main module that needs this one, in the scan of a
	// repository of several modules (a monorepo); empty otherwise.
	Main      string               `json:"main,omitempty"`
	Path      string               `json:"path"`
	Version   string               `json:"version"`
	Scope     scanner.Scope        `json:"scope"`
	Platforms []string             `json:"platforms"`
	Replace   *scanner.Replacement `json:"replace"`
	License   string               `json:"license"`
	// Detected is the license detection found when an override replaced
	// it or normalisation to current SPDX changed it.
	Detected  string               `json:"detected,omitempty"`
	Source    string               `json:"source"`
	Reason    string               `json:"reason,omitempty"`
	Category  string               `json:"category,omitempty"`
	Evidence  []scanner.Evidence   `json:"evidence"`
	Notices   []string             `json:"notices,omitempty"`
	Decision  string               `json:"decision"`
	Rule      string               `json:"rule"`
	Chosen    string               `json:"chosen,omitempty"`
	Exception *policy.ExceptionRef `json:"exception"`
	// Override is the override that stated the license, if one did.
	Override *policy.OverrideRef `json:"override,omitempty"`
	Via      []string            `json:"via"`
	Packages []string            `json:"packages"`
	Sum      string              `json:"sum,omitempty"`
	// Line locates the module's require line for SARIF and annotations.
	Line *Location `json:"-"`
}

// Location is a position in a file of the main module.
type Location struct {
	File string
	Line int
}

// Finding is something the policy flags: a module decided warn or deny, or
// a policy entry that expired or matched nothing.
type Finding struct {
	// Main is the main module the finding is about in the scan of a
	// monorepo; empty otherwise.
	Main     string   `json:"main,omitempty"`
	Kind     string   `json:"kind"` // module | policy
	Severity string   `json:"severity"`
	Message  string   `json:"message"`
	Module   string   `json:"module,omitempty"`
	Version  string   `json:"version,omitempty"`
	License  string   `json:"license,omitempty"`
	Category string   `json:"category,omitempty"`
	Rule     string   `json:"rule,omitempty"`
	Evidence string   `json:"evidence,omitempty"`
	Via      []string `json:"via,omitempty"`
	Policy   string   `json:"policy,omitempty"` // file:line of the policy entry
	// Location is where the finding points in the user's files.
	Location *Location `json:"-"`
}

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

// Build assembles the report document with locations relative to the main
// module. The modules of g and the decisions of res are in the same order.
func Build(tool Tool, g *scanner.Graph, res *policy.Result) *Document {
	return BuildWith(tool, g, res, Options{})
}

// BuildWith is Build with options.
func BuildWith(tool Tool, g *scanner.Graph, res *policy.Result, opts Options) *Document {
	doc := &Document{Schema: Schema, Tool: tool, Policy: res.PolicyName, Modules: []Module{}, Findings: []Finding{}, Main: []string{}}
	for _, m := range g.Main {
		doc.Main = append(doc.Main, m.Path)
	}
	lines := requireLines(g, opts.Root)
	byPath := map[string]*Module{}
	for i, m := range g.Modules {
		d := res.Decisions[i]
		rm := Module{
			Path: m.Path, Version: m.Version, Scope: m.Scope, Platforms: nonNil(m.Platforms), Replace: m.Replace,
			License: d.License, Source: d.Source, Category: d.Category,
			Decision: string(d.Verdict), Rule: d.Rule, Chosen: d.Chosen, Exception: d.Exception, Override: d.Override,
			Via: nonNil(m.Via), Packages: nonNil(m.Packages), Sum: m.Sum, Evidence: []scanner.Evidence{},
		}
		if m.License != nil {
			rm.Evidence = nonNilEv(m.License.Evidence)
			rm.Notices = m.License.Notices
			rm.Reason = m.License.Reason
			if d.Source == policy.SourceOverride {
				rm.Detected = m.License.Expression
			} else if d.Original != "" {
				rm.Detected = d.Original
			}
		}
		if l, ok := lines[m.Path]; ok {
			rm.Line = &l
		}
		doc.Modules = append(doc.Modules, rm)
		byPath[m.Path] = &doc.Modules[len(doc.Modules)-1]
		doc.Summary.Modules++
		switch d.Verdict {
		case policy.Allow:
			doc.Summary.Allow++
		case policy.Warn:
			doc.Summary.Warn++
		case policy.Deny:
			doc.Summary.Deny++
		}
		if d.License == "" {
			doc.Summary.Unknown++
		}
	}
	for _, f := range res.Findings {
		rf := Finding{Kind: f.Kind, Severity: string(f.Severity), Message: f.Message, Module: f.Module, Version: f.Version, Policy: f.Policy, Rule: f.Rule}
		if m := byPath[f.Module]; m != nil && f.Kind == policy.KindModule {
			rf.License, rf.Category, rf.Via, rf.Location = m.License, m.Category, m.Via, m.Line
			if len(m.Evidence) > 0 {
				rf.Evidence = m.Evidence[0].File
			}
		}
		if f.Kind == policy.KindPolicy {
			rf.Location = policyLocation(f.Policy, opts.PolicyFile, opts.Root)
		}
		doc.Findings = append(doc.Findings, rf)
	}
	SortFindings(doc.Findings)
	return doc
}

// SortFindings orders findings as reports list them: module findings
// before policy ones, deny before warn, otherwise as they came (stable).
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Kind != b.Kind {
			return a.Kind == policy.KindModule
		}
		if a.Severity != b.Severity {
			return a.Severity == string(policy.Deny)
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

func nonNilEv(s []scanner.Evidence) []scanner.Evidence {
	if s == nil {
		return []scanner.Evidence{}
	}
	return s
}
