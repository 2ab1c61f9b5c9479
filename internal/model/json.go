package model

import (
	"bytes"
	"encoding/json"
)

// moduleJSON is a Module as the JSON report writes it: the graph facts,
// the detection's evidence and the decision, side by side in one object.
// The order of the fields is the report's.
type moduleJSON struct {
	Main      string        `json:"main,omitempty"`
	Path      string        `json:"path"`
	Version   string        `json:"version"`
	Scope     Scope         `json:"scope"`
	Platforms []string      `json:"platforms"`
	Replace   *Replacement  `json:"replace"`
	License   string        `json:"license"`
	Detected  string        `json:"detected,omitempty"`
	Effective string        `json:"effective,omitempty"`
	Files     []FileLicense `json:"files,omitempty"`
	Unread    []FileNote    `json:"unread,omitempty"`
	Source    string        `json:"source"`
	Reason    string        `json:"reason,omitempty"`
	Category  string        `json:"category,omitempty"`
	Evidence  []Evidence    `json:"evidence"`
	Notices   []string      `json:"notices,omitempty"`
	Decision  Verdict       `json:"decision"`
	Rule      string        `json:"rule"`
	Chosen    string        `json:"chosen,omitempty"`
	Exception *ExceptionRef `json:"exception"`
	Override  *OverrideRef  `json:"override,omitempty"`
	Via       []string      `json:"via"`
	Packages  []string      `json:"packages"`
	Sum       string        `json:"sum,omitempty"`
	Baseline  string        `json:"baseline,omitempty"`
}

// MarshalJSON encodes the module as the JSON report lists it. "license"
// is the decision's license (detected or overridden); "effective" adds
// the licenses of linked files it does not cover (the deep scan), when
// there are any; "detected" is what detection found when an override
// replaced it, or the expression before normalisation to current SPDX
// changed it.
func (m Module) MarshalJSON() ([]byte, error) {
	w := moduleJSON{
		Main: m.Main, Path: m.Path, Version: m.Version, Scope: m.Scope,
		Platforms: nonNil(m.Platforms), Replace: m.Replace,
		Evidence: []Evidence{}, Via: nonNil(m.Via), Packages: nonNil(m.Packages), Sum: m.Sum,
		Baseline: m.Baseline,
	}
	d := m.Decision
	if d == nil {
		d = &Decision{}
	}
	w.License, w.Source, w.Category = d.License, d.Source, d.Category
	w.Decision, w.Rule, w.Chosen, w.Exception, w.Override = d.Verdict, d.Rule, d.Chosen, d.Exception, d.Override
	// "effective" is written when the linked files add to the license
	// (the deep scan), so that a report without such files is unchanged.
	if d.Effective != d.License {
		w.Effective = d.Effective
	}
	w.Files = d.Files
	if m.Deep != nil {
		w.Unread = m.Deep.Unread
	}
	if l := m.License; l != nil {
		if l.Evidence != nil {
			w.Evidence = l.Evidence
		}
		w.Notices, w.Reason = l.Notices, l.Reason
		if d.Source == SourceOverride {
			w.Detected = l.Expression
		} else if d.Original != "" {
			w.Detected = d.Original
		}
	}
	// The report keeps <, > and & as they are (version ranges); the
	// caller's encoder decides for the whole document.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads a module of a saved report back into a record
// that encodes to the same bytes: the decision and the evidence are set,
// the fields the report does not carry (Dir, Vendored, the typed Rules)
// are left zero.
func (m *Module) UnmarshalJSON(data []byte) error {
	var w moduleJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*m = Module{
		Main: w.Main, Path: w.Path, Version: w.Version, Scope: w.Scope,
		Platforms: w.Platforms, Replace: w.Replace, Via: w.Via, Packages: w.Packages, Sum: w.Sum,
		Baseline: w.Baseline,
		Decision: &Decision{
			License: w.License, Source: w.Source, Category: w.Category, Verdict: w.Decision,
			Rule: w.Rule, Chosen: w.Chosen, Exception: w.Exception, Override: w.Override,
			Effective: w.Effective, Files: w.Files,
		},
		License: &License{Reason: w.Reason, Evidence: w.Evidence, Notices: w.Notices},
	}
	if w.Unread != nil {
		m.Deep = &Deep{Files: []FileLicense{}, Unread: w.Unread}
	}
	switch w.Source {
	case SourceOverride:
		m.License.Expression = w.Detected
	case SourceDetected:
		m.Decision.Original = w.Detected
		m.License.Expression = w.License
		if w.Detected != "" {
			m.License.Expression = w.Detected
		}
	default:
		m.Decision.Original = w.Detected
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
