package model

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
	// pattern), "url" (a license URL matched by a pattern, evidence only),
	// "runner-up" (a confusable license read on its own over the same
	// text, evidence only), or a statement of the license rather than its
	// text: "spdx-tag" (SPDX-License-Identifier), "notice" ("Licensed under
	// ...", the GNU notice, a public-domain dedication) or "reference" (a
	// license URL, a "License:" field, a title, a pointer to another file).
	Kind string `json:"kind,omitempty"`
	// Original is what a statement said, when its ID is a reading of it
	// ("GPL-2.0+", "the GNU Lesser General Public License").
	Original string `json:"original,omitempty"`
	// Note says what a reader should know about a statement, e.g. that it
	// refers to another file.
	Note string `json:"note,omitempty"`
}
