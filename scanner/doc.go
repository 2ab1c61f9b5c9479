// Package scanner finds the third-party modules that a Go build links in and
// detects their licenses.
//
// Load runs the real go command (go list -deps -json, with -mod=readonly or
// -mod=vendor and GOTOOLCHAIN=local) once per target platform and turns its
// package graph into a Graph: the non-main modules whose packages the matched
// packages import, each with the platforms that pull it in, whether only
// tests need it, the shortest import chain that brings it in (Via) and the
// packages of it that are used. It never builds, runs or generates code, and
// it never writes go.mod or go.sum.
//
// Load is the first source of a scan's records (see GoList and
// model.Source); a second one (binaries) belongs beside it.
//
// Detect reads each module's license files (see license.FileRole) safely
// and within a budget, and has them classified by scanner/license (built
// on github.com/google/licensecheck's matcher), keeping the evidence
// (file, sha256, matches with coverage) behind every conclusion; results
// are cached under a fingerprint derived from the build and the
// classifier's tables. What cannot be read or matched is reported as
// unknown with the reason, never guessed.
//
// Errors that come from the user's input (a broken go.mod, a missing go.sum
// line, sources missing offline) are returned as *GoCommandError values that
// name the file and say what to do.
package scanner
