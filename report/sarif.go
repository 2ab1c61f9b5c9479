package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// sarifLog is the subset of SARIF 2.1.0 that ospo-scan writes.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifText     `json:"shortDescription"`
	Help                 sarifText     `json:"help"`
	DefaultConfiguration sarifConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleTags `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleTags struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	// BaselineState is new, updated or unchanged against --baseline
	// (SARIF 2.1.0, 3.27.24); absent without one.
	BaselineState string `json:"baselineState,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// ruleID names the reason of a finding for SARIF: one rule per decision
// reason (deny list entry, category, unknown license, expired or stale
// policy entry). It reads the typed rule the decision reports first
// (Finding.Decided), never the rendered rule text.
func ruleID(f model.Finding) string {
	if f.Kind == model.KindPolicy {
		// What is wrong with the entry: expired, stale, replaced, shadowed.
		return "policy/" + f.Rule
	}
	r := f.Decided
	if r == nil {
		return "rule/"
	}
	switch r.Kind {
	case model.RuleCategory:
		return "category/" + r.Entry
	case model.RuleDeny:
		return "deny/" + r.Entry
	case model.RuleException:
		return "exception/" + string(f.Severity)
	}
	return "rule/" + r.Kind.String() + "[" + r.Entry + "]"
}

// level maps a severity to a SARIF level.
func level(sev string) string {
	if sev == "deny" {
		return "error"
	}
	return "warning"
}

// location returns where a finding points: the module's require line in
// go.mod, the policy entry, or go.mod itself.
func location(f model.Finding) (string, int) {
	if f.Location != nil {
		return f.Location.File, f.Location.Line
	}
	if f.Policy != "" {
		file, line, ok := strings.Cut(f.Policy, ":")
		n := 1
		if ok {
			fmt.Sscanf(line, "%d", &n)
		}
		return file, n
	}
	return "go.mod", 1
}

// helpFor says how to resolve any finding of a rule. It is the same for
// every result of the rule (GitHub shows it once per rule), so it names no
// module: the module's own exception entry is in each result's message.
func helpFor(id string) sarifText {
	if strings.HasPrefix(id, "policy/") {
		t := "Review the policy entry: extend its expiry after a new review, or remove it if no module needs it any more."
		return sarifText{Text: t, Markdown: t}
	}
	snippet := exceptionSnippet("<module path or glob>", "<version range>", nil)
	text := "Replace the dependency with one under an allowed license, or, after review, add an exception to the policy file (each alert's message has the entry for its module):\n" + snippet
	if strings.HasPrefix(id, "category/unknown") {
		text = "No license could be determined. If you know it, add an override (module, license, reason) to the policy file; otherwise review the module and add an exception (each alert's message has the entry for its module):\n" + snippet
	}
	return sarifText{Text: text, Markdown: withYAMLBlock(text, snippet)}
}

// withYAMLBlock returns text with its trailing snippet as a Markdown code
// block.
func withYAMLBlock(text, snippet string) string {
	return strings.Replace(text, ":\n"+snippet, ":\n\n```yaml\n"+snippet+"\n```", 1)
}

// resultMessage is a result's message: the finding, and for a module the
// exception entry that would accept it after review.
func resultMessage(f model.Finding, m *model.Module) sarifText {
	if f.Kind == "policy" || f.Module == "" {
		return sarifText{Text: f.Message}
	}
	snippet := exceptionSnippet(f.Module, f.Version, m)
	text := f.Message
	if f.Since != "" {
		text += "\nSince the baseline: " + f.Since
	}
	text += "\nTo accept it after review, add to the policy file:\n" + snippet
	return sarifText{Text: text, Markdown: withYAMLBlock(text, snippet)}
}

// baselineState maps a finding's baseline mark to SARIF's: a changed
// finding is "updated".
func baselineState(mark string) string {
	switch mark {
	case model.MarkNew:
		return "new"
	case model.MarkChanged:
		return "updated"
	case model.MarkExisting:
		return "unchanged"
	}
	return ""
}

// WriteSARIF writes the findings as SARIF 2.1.0 for GitHub code scanning:
// one rule per decision reason, one result per finding.
func WriteSARIF(w io.Writer, doc *model.Document) error {
	rules := map[string]int{}
	var ruleList []sarifRule
	var ids []string
	byID := map[string]model.Finding{}
	for _, f := range doc.Findings {
		id := ruleID(f)
		if _, ok := byID[id]; !ok {
			byID[id] = f
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := byID[id]
		rules[id] = len(ruleList)
		ruleList = append(ruleList, sarifRule{
			ID: id, Name: strings.NewReplacer("/", "-", ".", "-").Replace(id),
			ShortDescription:     sarifText{Text: "ospo-scan policy: " + id},
			Help:                 helpFor(id),
			DefaultConfiguration: sarifConfig{Level: level(string(f.Severity))},
			Properties:           sarifRuleTags{Tags: []string{"license", "compliance"}},
		})
	}
	mods := moduleIndex(doc)
	results := []sarifResult{}
	for _, f := range doc.Findings {
		id := ruleID(f)
		file, line := location(f)
		fp := f.Module + "@" + f.Version
		if f.Kind == "policy" {
			fp = f.Policy + " " + f.Rule
		}
		if f.Main != "" {
			// In a monorepo one dependency is a finding of each module.
			fp = f.Main + " " + fp
		}
		results = append(results, sarifResult{
			RuleID: id, RuleIndex: rules[id], Level: level(string(f.Severity)),
			Message:             resultMessage(f, mods[moduleKey{f.Main, f.Module, f.Version}]),
			Locations:           []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: file}, Region: sarifRegion{StartLine: max(line, 1)}}}},
			PartialFingerprints: map[string]string{"ospoScanFinding/v1": fp},
			BaselineState:       baselineState(f.Baseline),
		})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:    sarifTool{Driver: sarifDriver{Name: doc.Tool.Name, Version: doc.Tool.Version, InformationURI: "https://github.com/ospo-scan/ospo-scan", Rules: append([]sarifRule{}, ruleList...)}},
			Results: results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}
