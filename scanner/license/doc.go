// Package license is the license classifier: a file's bytes in, evidence
// out (Classifier.Classify), and a module's conclusion from its files'
// evidence (Conclude; Classifier.Module classifies the files a Reader
// gives). It runs no go command, keeps no cache and reads no file system
// of its own: the caller decides which files are read and how (see
// scanner, which reads a module's files safely and within a budget).
//
// Classification works as pkgsite's licenses package does: a license
// file's matches must cover Threshold percent of its words; a file under
// Floor is no license text. Matching is licensecheck's, over its built-in
// patterns, SPDX License List texts turned into patterns (spdx_gen.go)
// and our own (patterns.go). Licenses whose texts differ by a clause are
// read again on their own (runners-up) and a thin win is ambiguous; texts
// that are word for word those of other SPDX ids (twins) are told apart by
// their notices; the GNU licenses take -only or -or-later from the
// notice. What cannot be read or matched is unknown or ambiguous with a
// note saying why, never guessed.
package license
