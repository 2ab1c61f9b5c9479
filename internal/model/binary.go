package model

// Binary describes the Go executable a graph was read from (ospo-scan
// bin): what its build information says about the build itself. The
// modules it links are the graph's records.
type Binary struct {
	// File is the binary as named on the command line.
	File string `json:"file"`
	// SHA256 is the hex sha256 of the file; empty unless asked for (the
	// SBOM needs it).
	SHA256 string `json:"sha256,omitempty"`
	// Format is ELF, Mach-O or PE.
	Format string `json:"format"`
	// GoVersion is the Go toolchain that built it (go1.26.0).
	GoVersion string `json:"goVersion"`
	// Package is the main package's import path.
	Package string `json:"package"`
	// Version is the main module's version: a tag or pseudo-version
	// stamped from version control or a module download, or (devel).
	Version string `json:"version"`
	// Sum is the main module's h1: hash, when it was built from a
	// module download (go install path@version).
	Sum string `json:"sum,omitempty"`
	// Platform is GOOS/GOARCH.
	Platform string `json:"platform"`
	// Settings are the build settings in the order the binary lists them
	// (-tags, CGO_ENABLED, vcs.revision, ...).
	Settings []BuildSetting `json:"settings"`
	// PackagesRecovered reports whether the binary's function and file
	// tables were read, so each record's Packages lists what it links
	// (those that left a name behind); false leaves Packages empty.
	PackagesRecovered bool `json:"packagesRecovered"`
}

// BuildSetting is one key=value build setting of a binary.
type BuildSetting struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}
