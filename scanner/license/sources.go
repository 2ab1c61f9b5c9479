package license

import (
	"bytes"
	"fmt"
	"path"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
)

// A SourceStatement is the license one source file's header states (see
// HeaderStatement): Expr is "" when it states none.
type SourceStatement struct {
	// Rel is the file, slash-separated, relative to the module root.
	Rel string
	// Expr is the stated expression; Kind is "spdx-tag" when a tag is
	// among the statements, else "notice"; Lines are the first and last
	// line of the statements.
	Expr, Kind string
	Lines      [2]int
}

// HeaderStatement returns the license a source file's header (its
// comments before the package clause) states: the expression of its SPDX
// tags and license notices (notice.Find, kinds KindTag and KindNotice),
// the evidence kind ("spdx-tag" when a tag is among them, else "notice")
// and their lines. References do not state a license: "see LICENSE", a
// URL alone, the Go Authors' pointer to a LICENSE file. It returns ""
// when the header states none, or when a statement names no license this
// package can tell (never a guess).
func HeaderStatement(header []byte) (expr, kind string, lines [2]int) {
	var ms []notice.Match
	kind = "notice"
	for _, m := range notice.Find(header) {
		if m.Kind != notice.KindTag && m.Kind != notice.KindNotice {
			continue
		}
		if m.ID == "" {
			return "", "", [2]int{}
		}
		if m.Kind == notice.KindTag {
			kind = "spdx-tag"
		}
		if len(ms) == 0 || m.Lines[0] < lines[0] {
			lines[0] = m.Lines[0]
		}
		lines[1] = max(lines[1], m.Lines[1])
		ms = append(ms, m)
	}
	if len(ms) == 0 {
		return "", "", [2]int{}
	}
	if expr = notice.Expression(ms); expr == "" {
		return "", "", [2]int{}
	}
	return expr, kind, lines
}

// GoHeader returns the header of a Go file from its first bytes (data,
// truncated when the file is longer; whole says whether it is all of the
// file): the lines before the package clause. It reports false when the
// package clause is not among the bytes of a truncated file: a statement
// cut there could read as another license ("either version 2 of the
// License, or" cut before "any later version").
func GoHeader(data []byte, whole bool) ([]byte, bool) {
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			if !whole {
				break
			}
			end = len(data) - off
		}
		if bytes.HasPrefix(bytes.TrimSpace(data[off:off+end]), []byte("package ")) {
			return data[:off], true
		}
		off += end + 1
	}
	if whole {
		return data, true
	}
	return nil, false
}

// SourceEvidence is the evidence of a module without a license file of
// its own (no evidence at all) from the statements of its used packages'
// Go files, one entry per file: nil unless there is at least one file and
// every file states the same expression. Conclude then concludes it (see
// sourceConclusion).
func SourceEvidence(stmts []SourceStatement) []model.Evidence {
	if len(stmts) == 0 {
		return nil
	}
	for _, s := range stmts {
		if s.Expr == "" || s.Expr != stmts[0].Expr {
			return nil
		}
	}
	evs := make([]model.Evidence, len(stmts))
	for i, s := range stmts {
		evs[i] = model.Evidence{
			File: s.Rel, Verdict: model.VerdictLicense, License: s.Expr,
			Matches: []model.Match{{ID: s.Expr, Kind: s.Kind, Lines: s.Lines}},
			Note:    sourceNote(s.Expr),
		}
	}
	return evs
}

func sourceNote(expr string) string {
	return fmt.Sprintf("no license file; every source file of the used packages states %s", expr)
}

// sourceOnly reports whether a module's evidence is all of source files
// (files of no FileRole): there is no license file, and the statements
// of its source files were read (SourceEvidence).
func sourceOnly(evs []model.Evidence) bool {
	for _, ev := range evs {
		if FileRole(path.Base(ev.File)) != "" {
			return false
		}
	}
	return len(evs) > 0
}

// sourceConclusion is the conclusion of a module whose evidence is all of
// source files (sourceOnly): the expression they all state with a
// license verdict, else a reason.
func sourceConclusion(evs []model.Evidence) (expr, reason string) {
	for _, ev := range evs {
		if ev.Verdict != model.VerdictLicense || ev.License != evs[0].License {
			return "", "no license file, and the module's source files do not all state the same license"
		}
	}
	return evs[0].License, ""
}
