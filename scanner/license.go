package scanner

import (
	"errors"
	"fmt"
	"math"
	"path"
	"strings"
)

// License is what detection concluded about a module's license.
type License struct {
	// Expression is the SPDX expression concluded; empty when unknown.
	Expression string `json:"license"`
	// Reason says why the license is unknown or ambiguous.
	Reason string `json:"reason,omitempty"`
	// Evidence lists the files read, in path order.
	Evidence []Evidence `json:"evidence"`
	// Notices lists NOTICE files, kept for attribution.
	Notices []string `json:"notices,omitempty"`
}

// Verdict values of a file.
const (
	VerdictLicense   = "license"
	VerdictAmbiguous = "ambiguous"
	VerdictUnknown   = "unknown"
)

// Evidence is one file classified.
type Evidence struct {
	// File is the path relative to the module root (slash-separated).
	File   string `json:"file"`
	SHA256 string `json:"sha256,omitempty"`
	// License is the expression this file alone supports.
	License string  `json:"license,omitempty"`
	Verdict string  `json:"verdict"`
	Matches []Match `json:"matches"`
	// Coverage is the percentage of the file's words that the matches cover.
	Coverage float64 `json:"coverage"`
	// Note explains an unknown or ambiguous verdict, or a file not read.
	Note string `json:"note,omitempty"`
}

// Match is one license found in a file.
type Match struct {
	ID string `json:"id"`
	// Coverage is the percentage of the file's words this match covers.
	Coverage float64 `json:"coverage"`
	Lines    [2]int  `json:"lines"`
	// Kind is "text" (a license text or standard notice matched by a
	// pattern), "spdx-tag" (SPDX-License-Identifier), "url" (a license URL,
	// evidence only) or "runner-up" (a confusable license read on its own
	// over the same text, evidence only).
	Kind string `json:"kind,omitempty"`
}

// check rejects a License that detection does not produce, so that a
// cache entry decoding to one is a miss: evidence missing (null), a file
// without a name or a verdict, a license verdict without an expression,
// another verdict without a note, matches missing or without an id, a
// file coverage outside 0..100, or a module conclusion (expression or reason)
// other than the one its evidence leads to (see conclude). A result
// without evidence must say why it has no license.
func (l *License) check() error {
	if l.Evidence == nil {
		return errors.New("no evidence list")
	}
	for _, ev := range l.Evidence {
		if err := ev.check(); err != nil {
			return fmt.Errorf("evidence %q: %w", ev.File, err)
		}
	}
	for _, n := range l.Notices {
		if !relPath(n) {
			return fmt.Errorf("notice %q is not a path in the module", n)
		}
	}
	if len(l.Evidence) == 0 && l.Expression == "" && l.Reason != "" {
		// A module without source, or without license files.
		return nil
	}
	want := License{Evidence: l.Evidence}
	conclude(&want)
	if l.Expression != want.Expression || l.Reason != want.Reason {
		return fmt.Errorf("conclusion %q (%q) is not what the evidence gives, %q (%q)", l.Expression, l.Reason, want.Expression, want.Reason)
	}
	return nil
}

func (ev *Evidence) check() error {
	if !relPath(ev.File) {
		return errors.New("file is not a path in the module")
	}
	if ev.Matches == nil {
		return errors.New("no match list")
	}
	if !percent(ev.Coverage) {
		return fmt.Errorf("coverage %v", ev.Coverage)
	}
	switch ev.Verdict {
	case VerdictLicense:
		if ev.License == "" || !validExpression(ev.License) {
			return fmt.Errorf("license verdict with expression %q", ev.License)
		}
	case VerdictAmbiguous, VerdictUnknown:
		if ev.Note == "" || ev.License != "" {
			return fmt.Errorf("%s verdict without a note or with a license", ev.Verdict)
		}
	default:
		return fmt.Errorf("verdict %q", ev.Verdict)
	}
	for _, m := range ev.Matches {
		if m.ID == "" || math.IsNaN(m.Coverage) || m.Coverage < 0 {
			return errors.New("match without id or with a bad coverage")
		}
		switch m.Kind {
		case "", "text", "spdx-tag", "url", "runner-up":
		default:
			return fmt.Errorf("match kind %q", m.Kind)
		}
	}
	return nil
}

// relPath reports whether p is a clean slash-separated path inside a
// module.
func relPath(p string) bool {
	return p != "" && p != "." && !strings.HasPrefix(p, "/") && path.Clean(p) == p && p != ".." && !strings.HasPrefix(p, "../")
}

func percent(f float64) bool { return !math.IsNaN(f) && f >= 0 && f <= 100 }
