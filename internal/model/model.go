// Package model holds the records a scan is made of, from the first stage
// to the last: one Module per third-party module, carrying its identity,
// the facts of the graph it was found in, the license evidence detection
// read, and the decision the policy took; and the Document, the report
// assembled from them.
//
// It is the spine of ospo-scan, as govulncheck's internal/govulncheck is
// of govulncheck: a source (the go command's package graph today, a
// binary's build information tomorrow) produces a Graph of records,
// detection fills each record's License, the policy its Decision, and the
// writers read the records. No stage pairs slices by index; each reads and
// fills the record it is given.
//
// The package does no I/O and imports nothing of ospo-scan. The JSON
// report (schema ospo-scan/report/v1) is the encoding of Document: a saved
// report decodes into the same types (see Module.UnmarshalJSON), with the
// fields the report does not carry (directories, typed rules) left zero.
package model
