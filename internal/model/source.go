package model

import "context"

// A Source produces the graph of a scan: the main modules and one record
// per third-party module, with its identity and graph facts (platforms,
// scope, via, packages, replace, sum, and the source directory when there
// is one). Everything after the graph (detection, policy, writers) reads
// only the records, so a new input is a new Source and nothing else.
//
// Sources today and planned:
//
//   - scanner.GoList: the go command's package graph (go list -deps, per
//     platform, with vendor/ and the graph cache); see scanner.Load.
//   - scanner.Binary: a Go binary's build information (debug/buildinfo:
//     module paths, versions, sums; the packages from its pclntab and
//     symbol table, see internal/gobinary), with sources from the module
//     cache, downloaded and verified against the binary's hashes.
type Source interface {
	// Graph loads the graph. Its errors say what to fix.
	Graph(ctx context.Context) (*Graph, error)
}
