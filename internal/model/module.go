package model

// Scope says why a module is in the graph.
type Scope string

// The scopes.
const (
	// ScopeRequired: a matched package (not only its tests) needs the module.
	ScopeRequired Scope = "required"
	// ScopeTest: only the tests of matched packages need the module.
	ScopeTest Scope = "test"
)

// Replacement is the target of a replace directive: a module path and
// version, or a directory (Version empty).
type Replacement struct {
	Path    string `json:"path"`
	Version string `json:"version"`
}

// MainModule is a module of the main module set (the one of go.mod, or
// each of go.work).
type MainModule struct {
	Path  string
	Dir   string
	GoMod string // path of its go.mod file
}

// Module is one third-party module of a scan: the record every stage
// reads and fills. A source sets the identity and the graph facts;
// detection sets License; the policy sets Decision.
type Module struct {
	// Main is the main module that needs this one, in the scan of a
	// repository of several modules (a monorepo); empty otherwise.
	Main    string
	Path    string
	Version string
	// Replace is the replace directive's target, if any.
	Replace *Replacement
	// Dir is the directory holding the module's source: in the module
	// cache, under vendor/, or the replacement directory. Empty when the
	// source is not available (and in a report read back).
	Dir string
	// Sum is the go.sum h1: hash of the module's content, when known.
	Sum   string
	Scope Scope
	// Platforms lists the platforms (goos/goarch) whose build pulls the
	// module in, sorted.
	Platforms []string
	// Via is the shortest import chain from a matched package to a package
	// of this module (empty when the graph is the build list).
	Via []string
	// Packages lists the module's packages that are used, sorted.
	Packages []string
	// Linked lists the files the build compiles in those packages on any
	// of the platforms (go list's GoFiles, CgoFiles, CFiles, CXXFiles,
	// HFiles, SFiles), relative to the module root, sorted: what the deep
	// scan reads. Of a binary, the files its file table names that the
	// module has, and the C files of its cgo packages. Not in the JSON
	// report.
	Linked []string
	// LinkedNotes are the files the source names as linked that are not
	// read, and why (a binary's file table naming a file the module
	// lacks, or a path outside it): the deep scan lists them as unread.
	// Not in the JSON report.
	LinkedNotes []FileNote
	// Vendored reports whether the source comes from vendor/.
	Vendored bool

	// License is what detection concluded; nil before detection.
	License *License
	// Deep is what the deep scan found in the linked files; nil when it
	// did not run.
	Deep *Deep
	// Decision is what the policy decided; nil before evaluation.
	Decision *Decision
	// Baseline marks the module new, changed or existing against the
	// --baseline; empty without one.
	Baseline string
	// Require locates the module's require line in the main module's
	// go.mod, for SARIF and annotations; nil when unknown.
	Require *Location
}

// ID returns path@version.
func (m *Module) ID() string { return m.Path + "@" + m.Version }

// Graph is what a source produces: the main modules and the third-party
// modules their packages need.
type Graph struct {
	Main    []MainModule
	Modules []*Module // sorted by path
	// Platforms are the platforms the graph was loaded for.
	Platforms []string
	// Deps maps a module path (main modules included) to the module paths
	// its used packages import, sorted; derived from package import edges.
	Deps map[string][]string
	// Vendor reports whether the graph was loaded from vendor/.
	Vendor bool
	// Workspace is the go.work file in use, if any.
	Workspace string
	// Binary describes the Go binary the graph was read from; nil when
	// the graph comes from source.
	Binary *Binary
	// Key is the key under which a cache keeps the graph: a digest of
	// everything the go command's answer depends on, so of every
	// module's linked files too. Empty when the graph was loaded without
	// a cache or cannot be keyed; never part of an output.
	Key string `json:"-"`
}
