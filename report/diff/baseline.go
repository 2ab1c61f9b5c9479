package diff

import (
	"slices"
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// Mark compares a scan's document with its baseline (the document of the
// scan of a git ref, or a saved report) and marks each module and finding
// of doc new, changed or existing (model.MarkNew, ...); it sets
// doc.Baseline, with source and commit naming the baseline, and orders
// the findings new first, then changed, then existing (each group as
// SortFindings left it: modules before policy entries, deny before warn).
//
// A module is new when the baseline does not have it (by main module and
// path), changed when anything about it changed (version, license,
// license text, decision), else existing. A module finding is new when
// the baseline had no finding for the module, changed when it had one but
// the module's license, license text or decision changed since (a plain
// upgrade under the same license and decision leaves it existing), else
// existing. A policy finding is existing when the baseline has one with
// the same rule and message (line numbers aside), else new.
func Mark(doc, base *model.Document, source, commit string) {
	res := Compute(base, doc)
	changes := make(map[key]Change, len(res.Changes))
	for _, c := range res.Changes {
		changes[key{c.Main, c.Module}] = c
	}
	bl := &model.Baseline{Source: source, Commit: commit, Removed: []string{}}
	for _, m := range doc.Modules {
		c, ok := changes[key{m.Main, m.Path}]
		switch {
		case !ok:
			m.Baseline = model.MarkExisting
			bl.Modules.Existing++
		case c.Old == nil:
			m.Baseline = model.MarkNew
			bl.Modules.New++
		default:
			m.Baseline = model.MarkChanged
			bl.Modules.Changed++
		}
	}
	for _, c := range res.Changes {
		if c.New == nil {
			s := c.Module + "@" + c.Old.Version
			if c.Main != "" {
				s = c.Main + " " + s
			}
			bl.Removed = append(bl.Removed, s)
		}
	}
	baseModules := map[key]bool{}
	basePolicy := map[string]bool{}
	for _, f := range base.Findings {
		if f.Kind == model.KindModule {
			baseModules[key{f.Main, f.Module}] = true
		} else {
			basePolicy[policyKey(f)] = true
		}
	}
	for i := range doc.Findings {
		f := &doc.Findings[i]
		f.Baseline, f.Since = model.MarkNew, ""
		if f.Kind != model.KindModule {
			if basePolicy[policyKey(*f)] {
				f.Baseline = model.MarkExisting
			}
		} else if k := (key{f.Main, f.Module}); baseModules[k] {
			f.Baseline = model.MarkExisting
			if c, ok := changes[k]; ok && reviewable(c) {
				// describe escapes what it quotes: the text is safe in
				// every writer as it is.
				f.Baseline, f.Since = model.MarkChanged, describe(c)
			}
		}
		switch f.Baseline {
		case model.MarkNew:
			bl.Findings.New++
		case model.MarkChanged:
			bl.Findings.Changed++
		default:
			bl.Findings.Existing++
		}
	}
	sort.SliceStable(doc.Findings, func(i, j int) bool {
		return markRank(doc.Findings[i].Baseline) < markRank(doc.Findings[j].Baseline)
	})
	doc.Baseline = bl
}

// reviewable reports whether a change asks for a finding to be looked at
// again: its license, license text or decision changed.
func reviewable(c Change) bool {
	return slices.ContainsFunc(c.Kinds, func(k Kind) bool {
		return k == LicenseChanged || k == LicenseTextChanged || k == DecisionChanged
	})
}

func markRank(m string) int {
	switch m {
	case model.MarkNew:
		return 0
	case model.MarkChanged:
		return 1
	}
	return 2
}

// policyKey identifies a policy finding across two scans: its main module,
// rule, and message without line numbers (":12"), which move when the
// policy file is edited above the entry.
func policyKey(f model.Finding) string {
	return f.Main + "\x00" + f.Rule + "\x00" + withoutLines(f.Message)
}

// withoutLines drops every ":" followed by digits from s.
func withoutLines(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			for i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
