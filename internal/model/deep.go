package model

// Kinds of a FileLicense: how the file states its license.
const (
	FileKindTag       = "spdx-tag"  // SPDX-License-Identifier
	FileKindNotice    = "notice"    // "Licensed under ...", the GNU notice
	FileKindReference = "reference" // a URL, a title, the Go Authors' notice
	FileKindText      = "text"      // a whole license text embedded in the file
)

// FileLicense is one license statement the deep scan found in a file the
// build links (or in a README, NOTICE or *.LICENSE file beside it).
type FileLicense struct {
	// File is the path relative to the module root (slash-separated).
	File string `json:"file"`
	// Line is the first line of the statement, 1-based.
	Line int `json:"line"`
	// Kind is one of the FileKind constants.
	Kind string `json:"kind"`
	// License is the SPDX expression the statement gives.
	License string `json:"license"`
	// Original is what the text said, when License is a reading of it.
	Original string `json:"original,omitempty"`
	// Copyright lists the copyright lines of the statement's comment, for
	// the notices file.
	Copyright []string `json:"copyright,omitempty"`
	// Comment is the first and last line of the comment (or of the whole
	// README, NOTICE or *.LICENSE file) that holds the statement: what
	// the notices file reproduces.
	Comment [2]int `json:"comment"`
}

// FileNote is a file the deep scan did not read, and why (too large,
// binary, a symlink leaving the module, unreadable).
type FileNote struct {
	File string `json:"file"`
	Note string `json:"note"`
}

// Deep is what the deep scan found in a module's linked files: the
// file-level license statements (every one whose license the detected
// license does not cover, and the first of each license it covers; the
// policy decides what its declared license covers), and the files it
// could not read.
type Deep struct {
	// Files are the statements, by file then line.
	Files []FileLicense `json:"files"`
	// Unread are the files not read, by file.
	Unread []FileNote `json:"unread,omitempty"`
	// Read is the number of files read.
	Read int `json:"read"`
}
